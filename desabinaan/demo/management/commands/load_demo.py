"""Demo data for trying the app (README). Idempotent; refused unless DEMO_MODE is on (it is with
DEBUG, and `make run` sets it) so it can never create known-password accounts on a production
database by accident."""

import datetime as dt
from base64 import b32decode

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from desabinaan.accounts import twofactor
from desabinaan.accounts.models import PartnerKind, Role, User
from desabinaan.accounts.scope import actor_for, system_actor
from desabinaan.foreigners.models import PassportNumber, PermitType
from desabinaan.foreigners.services import (
    PersonInput,
    StayInput,
    alerts_scan,
    permit_types_load,
    stay_register,
)
from desabinaan.programme.models import DesaBinaan, Partner, PimpasaAssignment
from desabinaan.programme.services import (
    corner_save,
    desa_binaan_designate,
    partner_add,
    pimpasa_assign,
)
from desabinaan.regions.models import Office, Region
from desabinaan.regions.services import offices_load
from desabinaan.reports.services import RefugeeInput

DEMO_PASSWORD = "imigrasi-desa-2026"
# The published two-step verification secret of every demo officer (README), so a tester adds it
# to an authenticator app once, or runs `manage.py demo_otp USERNAME`. Demo data only: the
# loader is refused outside demo mode, and demo_otp answers only for devices with this key.
DEMO_TOTP_SECRET = "DESABINAANIMIGRASIDEMOTOTPKODE22"
DEMO_TOTP_KEY = b32decode(DEMO_TOTP_SECRET).hex()
# Who the demo data is made by, named in every audit event it writes.
DEMO = system_actor("load_demo")

# Fictional reports (issue 17 demo): an urgent one due in 24 hours, an ordinary one in 72.
DEMO_REPORTS = [
    (
        "pengungsi",
        "Ada satu perahu dengan sekitar 12 orang asing di pantai. Mereka lapar dan lelah.",
    ),
    (
        "wna_mencurigakan",
        "Dua orang asing menyewa rumah dekat pasar sejak sebulan. Tidak pernah lapor ke desa.",
    ),
]
# What the refugee report's short form says (the boat of DEMO_REPORTS).
DEMO_REFUGEES = RefugeeInput(
    total=12, adults=9, children=3, women=4, location_kind="perahu", conditions=("lapar",)
)
# Agencies of the demo areas (Tapin in Kalimantan Selatan, Bangka Tengah): kind, name, region.
DEMO_AGENCIES = [
    ("polri", "Polres Tapin", "63.05", "Rantau, Tapin"),
    ("polri", "Polsek Tapin Tengah", "63.05.03", "Tapin Tengah, Tapin"),
    ("tni", "Kodim Tapin (Babinsa)", "63.05", "Rantau, Tapin"),
    ("p2mi", "BP3MI Kalimantan Selatan", "63", "Banjarbaru"),
    ("disnaker", "Dinas Tenaga Kerja Kabupaten Tapin", "63.05", "Rantau, Tapin"),
    ("dinsos", "Dinas Sosial Kabupaten Tapin", "63.05", "Rantau, Tapin"),
    ("pemda", "Kesbangpol Kabupaten Tapin", "63.05", "Rantau, Tapin"),
    ("rudenim", "Rudenim Balikpapan", "63", "Balikpapan"),
    ("polri", "Polres Bangka Tengah", "19.04", "Koba, Bangka Tengah"),
    ("polri", "Polsek Koba", "19.04.01", "Koba, Bangka Tengah"),
    ("tni", "Kodim Bangka Tengah (Babinsa)", "19.04", "Koba, Bangka Tengah"),
    ("p2mi", "BP3MI Kepulauan Bangka Belitung", "19", "Pangkalpinang"),
    ("disnaker", "Dinas Tenaga Kerja Kabupaten Bangka Tengah", "19.04", "Koba"),
    ("dinsos", "Dinas Sosial Kabupaten Bangka Tengah", "19.04", "Koba"),
    ("pemda", "Kesbangpol Kabupaten Bangka Tengah", "19.04", "Koba"),
]
OFFICES_CSV = settings.BASE_DIR / "data" / "offices.csv"
AGENCY_SAMPLE = settings.BASE_DIR / "desabinaan" / "literacy" / "data" / "p3mi-CONTOH-sample.csv"
# The seed reports the Koba pencanangan and pengukuhan on "Selasa" without a date; the report
# appeared between 9 September 2025 and the report of 56 desa binaan in Bangka Tengah, so a
# Tuesday of that autumn stands in for it [verify].
KOBA_INAUGURATION = dt.date(2025, 9, 30)
MANDURIAN_INAUGURATION = dt.date(2024, 6, 14)

# Approximate village-office positions for the demo map.
DEMO_COORDS = {
    "19.04.01": (-2.487, 106.408),
    "19.04.02": (-2.178, 106.149),
    "19.04.03": (-2.312, 106.205),
    "19.04.04": (-2.235, 106.280),
    "19.04.05": (-2.230, 106.312),
    "19.04.06": (-2.610, 106.520),
}
# Fictional people in the roles the seeds name.
DEMO_PARTNERS = [
    [
        ("kepala_desa", "Hasanudin", "0812-7100-0001"),
        ("babinsa", "Serda Budi Santoso", "0812-7100-0002"),
        ("bhabinkamtibmas", "Bripka Yudi Hartono", "0812-7100-0003"),
        ("agen_literasi", "Nurul Aini", ""),
    ],
    [
        ("kepala_desa", "Suparman", "0813-6700-0011"),
        ("agen_literasi", "Rina Marlina", "0813-6700-0012"),
    ],
]

# Fictional foreigners living in Mandurian, each showing something the registry watches for.
# Dates are counted from the day the demo is loaded, so the alerts are always current.
# (given, family, sex, born, nationality, passport, permit, purpose, host kind, host,
#  arrived days ago, permit ends in days)
DEMO_FOREIGNERS = [
    ("Kenji", "Sato", "L", dt.date(1979, 9, 9), "JP", "TK1234567", "E23", "bekerja",
     "perusahaan", "PT Tambang Contoh", 200, 10),  # permit expiring
    ("Anna", "Berg", "P", dt.date(1988, 7, 1), "SE", "SE7654321", "C1", "wisata",
     "penginapan", "Penginapan Sungai", 80, -20),  # overstay, daily fee band
    ("Wei", "Li", "L", dt.date(1991, 3, 15), "CN", "EA9988776", "C1", "bekerja",
     "perusahaan", "CV Kayu Contoh", 30, 30),  # working on a visit visa
    ("Maria", "Schneider", "P", dt.date(1990, 2, 3), "DE", "C01X00T47", "E31A", "keluarga",
     "keluarga", "Keluarga Sari", 400, 300),  # nothing to flag
]  # fmt: skip

# Fictional watch-list entries (name, aliases, born, nationality, reason): the first is the demo
# "Kenji Sato" spelt another way, so the demo shows a match to confirm or dismiss.
DEMO_WATCHLIST = [
    ("Satou Kenji", "Kenzi Sato", dt.date(1979, 9, 9), "JP", "Contoh: pemberitahuan fiktif"),
    ("Aleksandr Ivanov", "", dt.date(1975, 1, 2), "RU", "Contoh: fiktif"),
    ("Muhammad al-Hasan", "Abu Hasan", None, "", "Contoh: fiktif"),
]

# Residents' questions in Mandurian (fictional), one answered publicly, one still waiting.
DEMO_QUESTIONS = [
    (
        "paspor",
        "Anak saya umur 10 tahun mau ikut umroh. Apa saja syarat membuat paspor anak?",
        "Bawa Kartu Keluarga, akta kelahiran anak, KTP kedua orang tua dan paspor lama bila "
        "ada. Anak datang bersama orang tua. Panduan: https://www.imigrasi.go.id/",
    ),
    (
        "kerja_luar_negeri",
        "Ada tawaran kerja di Malaysia, berangkat pakai visa kunjungan dulu. Apakah boleh?",
        "",
    ),
]
# Sign-ups for the demo service day (fictional people and numbers).
DEMO_SIGNUPS = [
    ("Rahmat Hidayat", "0812 5100 0101", "baru", "dewasa", "L"),
    ("Siti Khadijah", "0812 5100 0102", "baru", "dewasa", "P"),
    ("Nur Aisyah", "0812 5100 0103", "baru", "anak", "P"),
    ("Abdul Gani", "0812 5100 0104", "penggantian", "lansia", "L"),
]

BANGKA_TENGAH_PIMPASA = [
    ("pimpasa.koba", "19.04.01", "Rizky", "Pratama"),
    ("pimpasa.pangkalanbaru", "19.04.02", "Dewi", "Lestari"),
    ("pimpasa.sungaiselan", "19.04.03", "Andi", "Saputra"),
    ("pimpasa.simpangkatis", "19.04.04", "Siti", "Rahmawati"),
    ("pimpasa.namang", "19.04.05", "Fajar", "Nugroho"),
    ("pimpasa.lubukbesar", "19.04.06", "Maya", "Anggraini"),
]


class Command(BaseCommand):
    help = (
        "Load the demo offices, accounts, PIMPASA assignments, villages and registered "
        "foreigners (DEMO_MODE only, idempotent)."
    )

    def handle(self, *args, **options):
        if not settings.DEMO_MODE:
            raise CommandError(
                "load_demo is refused unless DEMO_MODE=1 (it creates known passwords)."
            )
        if not Region.objects.filter(code="63.05.03.2003").exists():
            raise CommandError("Load the regions first: manage.py load_regions")
        with transaction.atomic():
            offices_load(actor=DEMO, path=OFFICES_CSV)
            created = self._accounts()
            self._programme()
            self._foreigners()
            self._assistance()
            self._outreach()
            self._literacy_quizzes_agencies()
            self._watchlist()
            self._letters()
            self._literacy()
            self._reports()
            self._agencies()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data ready ({created} new accounts). Password: {DEMO_PASSWORD}"
            )
        )

    def _literacy_quizzes_agencies(self) -> None:
        """The shipped quizzes and red flags (normally seeded by the migration) and the
        SAMPLE list of licensed agencies (fictional "PT Contoh …" names), so the agency
        lookup and the checker's register flag have something to answer with."""
        from desabinaan.literacy import services as literacy

        actor = system_actor("load_demo")
        literacy.quizzes_load(actor=actor)
        literacy.red_flags_load(actor=actor)
        literacy.agencies_import(actor=actor, text=AGENCY_SAMPLE.read_text(encoding="utf-8"))

    def _literacy(self) -> None:
        """The shipped guides and FAQ, and one Kanim's local note on the passport guide."""
        from desabinaan.accounts.scope import system_actor
        from desabinaan.literacy.models import Article, LocalNote
        from desabinaan.literacy.services import guides_load, local_note_save

        actor = system_actor("load_demo")
        guides_load(actor=actor)
        office = Office.objects.filter(code="kanim-banjarmasin").first()
        article = Article.objects.filter(slug="membuat-paspor").first()
        if office and article and not LocalNote.objects.filter(article=article, office=office):
            local_note_save(
                actor=actor,
                article=article,
                office=office,
                data={
                    "address": office.address or "Kantor Imigrasi Banjarmasin",
                    "hours": "Senin–Jumat 08.00–15.00 (contoh data demo)",
                    "phone": office.phone,
                    "note": "Data demo: periksa jam layanan sebelum datang.",
                },
            )

    def _user(self, username, *, role, first="", last="", **fields) -> tuple[User, bool]:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"role": role, "first_name": first, "last_name": last, **fields},
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        return user, created

    def _accounts(self) -> int:
        pangkalpinang = Office.objects.get(code="kanim-pangkalpinang")
        banjarmasin = Office.objects.get(code="kanim-banjarmasin")
        made = [
            self._user(
                "kanim.pangkalpinang",
                role=Role.KANIM,
                first="Ahmad",
                last="Khumaidi",
                office=pangkalpinang,
            ),
            self._user(
                "kanim.banjarmasin",
                role=Role.KANIM,
                first="Muhammad",
                last="Wahyuni",
                office=banjarmasin,
            ),
            self._user(
                "kanwil.babel",
                role=Role.KANWIL,
                first="Erwin",
                last="Hariyadi",
                office=Office.objects.get(code="kanwil-babel"),
            ),
            self._user("pusat", role=Role.PUSAT, first="Direktorat", last="Pusat"),
            self._user("admin", role=Role.ADMIN, first="Admin", is_staff=True, is_superuser=True),
            self._user(
                "mitra.mandurian",
                role=Role.MITRA,
                first="Kepala Desa",
                last="Mandurian",
                partner_kind=PartnerKind.KEPALA_DESA,
                home_region=Region.objects.get(code="63.05.03.2003"),
            ),
        ]
        for username, code, first, last in BANGKA_TENGAH_PIMPASA:
            officer, created = self._user(
                username, role=Role.PIMPASA, first=first, last=last, office=pangkalpinang
            )
            made.append((officer, created))
            self._assign(
                officer, code, pangkalpinang, f"W.7.IMI.IMI.1-{code[-2:]}/2025", KOBA_INAUGURATION
            )
        ikram, created = self._user(
            "pimpasa.mandurian", role=Role.PIMPASA, first="Ikram", office=banjarmasin
        )
        made.append((ikram, created))
        self._assign(
            ikram, "63.05.03.2003", banjarmasin, "W.17.IMI.IMI.1-01/2024", MANDURIAN_INAUGURATION
        )
        for user, _created in made:
            self._demo_authenticator(user)
        return sum(created for _, created in made)

    def _demo_authenticator(self, user: User) -> None:
        """Officers need a second factor; demo officers share the published demo secret. An
        account that set up its own authenticator keeps it."""
        if not twofactor.is_officer(user):
            return
        if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
            return
        TOTPDevice.objects.create(
            user=user, name="Demo (README)", key=DEMO_TOTP_KEY, confirmed=True
        )

    def _programme(self) -> None:
        """Desa binaan, corners and partners as the seeds describe them (people are fictional)."""
        pangkalpinang = Office.objects.get(code="kanim-pangkalpinang")
        banjarmasin = Office.objects.get(code="kanim-banjarmasin")
        # Two desa per Bangka Tengah kecamatan, designated on the day of the Koba pencanangan.
        for index, code in enumerate(f"19.04.0{i}" for i in range(1, 7)):
            for n, desa in enumerate(Region.objects.filter(parent_id=code).order_by("code")[:2]):
                self._designate(
                    desa, pangkalpinang, f"W.7-IMI.{index + 1}{n + 1}/2025", KOBA_INAUGURATION
                )
                if n == 0:
                    self._corner(
                        desa, f"Kantor {desa.kind_label} {desa.name}", DEMO_COORDS.get(code)
                    )
                    self._partners(desa, DEMO_PARTNERS[index % len(DEMO_PARTNERS)])
        # Bangka Selatan: a corner without a PIMPASA yet (a visible gap on the Kanim overview).
        toboali = Region.objects.filter(parent_id="19.03.01").order_by("code").first()
        self._designate(toboali, pangkalpinang, "W.7-IMI.BS1/2024", dt.date(2024, 1, 12))
        self._corner(toboali, f"Balai {toboali.kind_label} {toboali.name}", (-3.005, 106.455))
        # Tapin (Kalimantan Selatan): Mandurian with its desa-level PIMPASA, and two neighbours.
        mandurian = Region.objects.get(code="63.05.03.2003")
        self._designate(mandurian, banjarmasin, "W.17-IMI.01/2024", MANDURIAN_INAUGURATION)
        self._corner(mandurian, "Kantor Desa Mandurian, Tapin Tengah", (-2.905, 115.118))
        self._partners(
            mandurian, DEMO_PARTNERS[0], user=User.objects.get(username="mitra.mandurian")
        )
        for code in ("63.05.06.2004", "63.05.06.2009"):
            self._designate(
                Region.objects.get(code=code),
                banjarmasin,
                f"W.17-IMI.{code[-2:]}/2024",
                MANDURIAN_INAUGURATION,
            )

    def _foreigners(self) -> None:
        """Stays registered by the Mandurian partner, then the scan, as the morning after."""
        # Seeded by a migration; loaded again if a database was emptied since.
        permit_types_load(actor=DEMO)
        mitra = User.objects.get(username="mitra.mandurian")
        mandurian = Region.objects.get(code="63.05.03.2003")
        today = timezone.localdate()
        for (
            given, family, sex, born, nation, passport, permit, purpose, host_kind, host,
            arrived, ends,
        ) in DEMO_FOREIGNERS:  # fmt: skip
            if PassportNumber.objects.filter(number=passport).exists():
                continue
            stay_register(
                # Registered as the village's partner would: the demo shows their record.
                actor=actor_for(mitra),
                person=PersonInput(
                    given_names=given,
                    family_name=family,
                    sex=sex,
                    date_of_birth=born,
                    nationality=nation,
                    passport_number=passport,
                    passport_country=nation,
                    passport_expiry=today + dt.timedelta(days=1500),
                ),
                stay=StayInput(
                    region=mandurian,
                    address="Jl. Mandurian RT 02",
                    host_kind=host_kind,
                    purpose=purpose,
                    arrival_date=today - dt.timedelta(days=arrived),
                    permit_type=PermitType.objects.get(code=permit),
                    permit_expiry=today + dt.timedelta(days=ends),
                    host_name=host,
                ),
            )
        alerts_scan(actor=DEMO, today=today)

    def _watchlist(self) -> None:
        """A small fictional watch-list (issue 18); one entry is a spelling variant of a demo
        foreigner, so the screening raises a match for the Mandurian officers to decide."""
        from desabinaan.accounts.scope import system_actor
        from desabinaan.foreigners.screening_services import stays_screen, watchlist_entry_save
        from desabinaan.foreigners.watchlist_models import WatchlistEntry

        actor = system_actor("load_demo")
        for name, aliases, born, nation, reason in DEMO_WATCHLIST:
            if WatchlistEntry.objects.filter(source="demo", name=name).exists():
                continue
            watchlist_entry_save(
                actor=actor,
                entry=None,
                data={
                    "name": name,
                    "aliases": aliases,
                    "date_of_birth": born,
                    "nationality": nation,
                    "reason": reason,
                    "source": "demo",
                },
            )
        stays_screen(actor=actor, kind="all")

    def _assistance(self) -> None:
        """Tanya PIMPASA and a passport service day at the Mandurian corner (issue 15)."""
        from desabinaan.accounts.scope import system_actor
        from desabinaan.assistance import services as assistance
        from desabinaan.assistance.models import Question, ServiceDay

        actor = system_actor("load_demo")
        mandurian = Region.objects.get(code="63.05.03.2003")
        if not Question.objects.filter(region=mandurian).exists():
            for topic, text, answer in DEMO_QUESTIONS:
                question = assistance.question_ask(
                    actor=actor, topic=topic, region=mandurian, text=text
                ).question
                if answer:
                    assistance.question_answer(
                        actor=actor, question=question, answer=answer, public=True
                    )
        if not ServiceDay.objects.filter(region=mandurian).exists():
            banjarmasin = Office.objects.get(code="kanim-banjarmasin")
            day = assistance.service_day_schedule(
                actor=actor,
                office=banjarmasin,
                data=assistance.DayInput(
                    region=mandurian,
                    date=timezone.localdate() + dt.timedelta(days=12),
                    start_time=dt.time(8, 0),
                    end_time=dt.time(14, 0),
                    place="Aula Kantor Desa Mandurian",
                    quota=40,
                    notes="Datang 15 menit sebelum nomor antrean Anda. Bawa dokumen asli.",
                ),
            )
            assistance.service_day_publish(actor=actor, day=day)
            for name, phone, service, age, sex in DEMO_SIGNUPS:
                assistance.signup_create(
                    actor=actor,
                    day=day,
                    name=name,
                    phone=phone,
                    service=service,
                    age_group=age,
                    sex=sex,
                )

    def _outreach(self) -> None:
        """Activities (issue 16): a held sosialisasi in Mandurian with its attendance, a planned
        one, and the Koba pencanangan the programme step above stands for."""
        from desabinaan.outreach import services as outreach
        from desabinaan.outreach.models import Activity, ActivityStatus

        actor = system_actor("load_demo")
        mandurian = Region.objects.get(code="63.05.03.2003")
        banjarmasin = Office.objects.get(code="kanim-banjarmasin")
        if not Activity.objects.filter(region=mandurian).exists():
            ikram = User.objects.get(username="pimpasa.mandurian")
            now = timezone.localtime().replace(minute=0, second=0, microsecond=0)
            start = now.replace(hour=9) - dt.timedelta(days=9)
            held = outreach.activity_plan(
                actor=actor,
                data=outreach.ActivityInput(
                    kind="sosialisasi",
                    title="Sosialisasi bekerja ke luar negeri secara aman",
                    starts_at=start,
                    ends_at=start + dt.timedelta(hours=3),
                    region=mandurian,
                    venue="Aula Kantor Desa Mandurian",
                    office=banjarmasin,
                    officers=[ikram],
                    partners_present=["kepala_desa", "babinsa", "bhabinkamtibmas"],
                    topics=["bekerja", "tppo_tppm", "paspor"],
                    public_summary=(
                        "Warga Mandurian belajar mengenali tawaran kerja ke luar negeri yang "
                        "tidak resmi dan cara membuat paspor sendiri di kantor imigrasi."
                    ),
                ),
            )
            held = outreach.activity_mark_held(actor=actor, activity=held)
            outreach.attendance_record(
                actor=actor,
                activity=held,
                counts={
                    "total": 42,
                    "male": 19,
                    "female": 23,
                    "under_18": 4,
                    "age_18_30": 15,
                    "age_31_59": 18,
                    "age_60_plus": 5,
                },
            )
            later = now.replace(hour=9) + dt.timedelta(days=10)
            outreach.activity_plan(
                actor=actor,
                data=outreach.ActivityInput(
                    kind="sosialisasi_sekolah",
                    title="Sosialisasi keimigrasian di SMP Negeri Mandurian",
                    starts_at=later,
                    ends_at=later + dt.timedelta(hours=2),
                    region=mandurian,
                    venue="SMP Negeri Mandurian",
                    office=banjarmasin,
                    officers=[ikram],
                    partners_present=["sekolah"],
                    topics=["paspor", "tppo_tppm"],
                ),
            )
        koba = DesaBinaan.objects.filter(region__parent_id="19.04.01").order_by("region_id").first()
        if koba and not Activity.objects.filter(designated=koba).exists():
            start = timezone.make_aware(dt.datetime.combine(KOBA_INAUGURATION, dt.time(9, 0)))
            activity = outreach.activity_plan(
                actor=actor,
                data=outreach.ActivityInput(
                    kind="pencanangan",
                    title=f"Pencanangan Desa Binaan Imigrasi {koba.region.name}",
                    starts_at=start,
                    ends_at=start + dt.timedelta(hours=3),
                    region=koba.region,
                    venue="Kantor Bupati Bangka Tengah",
                    office=koba.office,
                    partners_present=["camat", "kepala_desa", "pemda"],
                    topics=["tppo_tppm", "bekerja"],
                    public_summary=(
                        "Kantor Imigrasi Pangkalpinang mencanangkan desa binaan imigrasi di "
                        "Bangka Tengah bersama pemerintah daerah."
                    ),
                ),
            )
            # The programme step above designated the desa from the seed already (marking this
            # held would designate it a second time): link the ceremony to that designation.
            Activity.objects.filter(pk=activity.pk).update(
                status=ActivityStatus.TERLAKSANA, held_at=start, designated=koba
            )

    def _reports(self) -> None:
        """A few reports in Mandurian so the inbox shows urgency and the time left to each
        deadline (issue 17); then one escalation run, as the scheduler would do."""
        from desabinaan.accounts.scope import public_actor
        from desabinaan.reports import services as reports
        from desabinaan.reports.models import Report

        mandurian = Region.objects.get(code="63.05.03.2003")
        if not Report.objects.filter(region=mandurian).exists():
            for category, text in DEMO_REPORTS:
                reports.report_submit(
                    actor=public_actor(),
                    category=category,
                    region=mandurian,
                    description=text,
                    refugee=DEMO_REFUGEES if category == "pengungsi" else None,
                )
        reports.reports_escalate_overdue(actor=DEMO)

    def _agencies(self) -> None:
        """Agencies of the two demo areas that reports can be passed on to (issue 17); the
        national ones (IOM, UNHCR, LPSK, KP2MI) come with the migration. Demo entries: the
        addresses name only the town, the contact details are for each office to fill in."""
        from desabinaan.reports import services as reports
        from desabinaan.reports.models import Agency

        for kind, name, code, address in DEMO_AGENCIES:
            region = Region.objects.filter(code=code).first()
            if region is None or Agency.objects.filter(name=name, region=region).exists():
                continue
            reports.agency_create(actor=DEMO, kind=kind, name=name, region=region, address=address)

    def _letters(self) -> None:
        """Mandurian's letterhead and one domicile letter, for the resident with nothing to flag
        (its QR code opens the public verification page)."""
        from desabinaan.accounts.scope import system_actor
        from desabinaan.foreigners import letters
        from desabinaan.foreigners.models import DomicileLetter, Stay

        actor = system_actor("load_demo")
        mandurian = Region.objects.get(code="63.05.03.2003")
        if letters.letterhead_of(mandurian.code) is None:
            letters.letterhead_save(
                actor=actor,
                region=mandurian,
                data={
                    "government": "PEMERINTAH KABUPATEN TAPIN, KECAMATAN TAPIN TENGAH",
                    "village_name": "DESA MANDURIAN",
                    "address": "Jl. Desa Mandurian No. 1, Tapin Tengah, Kab. Tapin 71161",
                    "head_title": "Kepala Desa",
                    "head_name": "Suparman",
                    "classification": "470",
                    "validity_months": 12,
                },
            )
        stay = Stay.objects.filter(
            region=mandurian,
            foreigner__passports__number="C01X00T47",
            departed_on__isnull=True,
        ).first()
        if stay and not DomicileLetter.objects.filter(stay=stay).exists():
            letters.domicile_letter_issue(actor=actor, stay=stay, permit_number="2C31AD0047")

    def _designate(self, region, office, sk, date) -> None:
        if not DesaBinaan.objects.filter(region=region).exists():
            desa_binaan_designate(
                region=region, office=office, sk_number=sk, designated_on=date, actor=DEMO
            )

    def _corner(self, region, address, coords) -> None:
        desa = DesaBinaan.objects.get(region=region)
        if hasattr(desa, "corner"):
            return
        lat, lng = coords or (None, None)
        corner_save(
            desa=desa,
            data={
                "address": address,
                "latitude": lat,
                "longitude": lng,
                "opening_hours": "Senin–Jumat 08.00–15.00",
                "contact_name": "Sekretariat Desa",
                "offers_passport_help": True,
            },
            actor=DEMO,
        )

    def _partners(self, region, people, user=None) -> None:
        if Partner.objects.filter(region=region).exists():
            return
        for role, name, phone in people:
            partner = partner_add(region=region, role=role, name=name, phone=phone, actor=DEMO)
            if user is not None and role == "kepala_desa":
                Partner.objects.filter(pk=partner.pk).update(user=user)

    def _assign(self, officer, code, office, sk, date) -> None:
        region = Region.objects.get(code=code)
        if PimpasaAssignment.objects.filter(region=region, ended_on__isnull=True).exists():
            return
        pimpasa_assign(
            officer=officer,
            region=region,
            office=office,
            sk_number=sk,
            inaugurated_on=date,
            actor=DEMO,
        )
