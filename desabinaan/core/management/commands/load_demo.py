"""Demo data for trying the app (README). Idempotent; refused when DEBUG is off so it can never
create known-password accounts on a production database."""

import datetime as dt

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from desabinaan.accounts.models import PartnerKind, Role, User
from desabinaan.programme.models import PimpasaAssignment
from desabinaan.programme.services import pimpasa_assign
from desabinaan.regions.models import Office, Region
from desabinaan.regions.services import offices_load

DEMO_PASSWORD = "imigrasi-desa-2026"
OFFICES_CSV = settings.BASE_DIR / "data" / "offices.csv"
# The seed reports the Koba pencanangan and pengukuhan without a date; this stands in for it.
KOBA_INAUGURATION = dt.date(2025, 5, 20)
MANDURIAN_INAUGURATION = dt.date(2024, 6, 14)

BANGKA_TENGAH_PIMPASA = [
    ("pimpasa.koba", "19.04.01", "Rizky", "Pratama"),
    ("pimpasa.pangkalanbaru", "19.04.02", "Dewi", "Lestari"),
    ("pimpasa.sungaiselan", "19.04.03", "Andi", "Saputra"),
    ("pimpasa.simpangkatis", "19.04.04", "Siti", "Rahmawati"),
    ("pimpasa.namang", "19.04.05", "Fajar", "Nugroho"),
    ("pimpasa.lubukbesar", "19.04.06", "Maya", "Anggraini"),
]


class Command(BaseCommand):
    help = "Load the demo offices, accounts and PIMPASA assignments (DEBUG only, idempotent)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "load_demo is refused when DEBUG is off (it creates known passwords)."
            )
        if not Region.objects.filter(code="63.05.03.2003").exists():
            raise CommandError("Load the regions first: manage.py load_regions")
        with transaction.atomic():
            offices_load(path=OFFICES_CSV)
            created = self._accounts()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data ready ({created} new accounts). Password: {DEMO_PASSWORD}"
            )
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
        return sum(created for _, created in made)

    def _assign(self, officer, code, office, sk, date) -> None:
        region = Region.objects.get(code=code)
        if PimpasaAssignment.objects.filter(region=region, ended_on__isnull=True).exists():
            return
        pimpasa_assign(
            officer=officer, region=region, office=office, sk_number=sk, inaugurated_on=date
        )
