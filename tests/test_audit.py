"""Every public service writes exactly one AuditEvent (issue 10). The list of services is read
from the `services.py` modules themselves, so a new service without a row in CALLS (how to call
it) or EXEMPT (why it writes none) fails here."""

from __future__ import annotations

import datetime as dt
import inspect
import io
from types import SimpleNamespace

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import transaction
from PIL import Image

from desabinaan.accounts import services as accounts
from desabinaan.accounts.scope import actor_for, public_actor, system_actor
from desabinaan.assistance import services as assistance
from desabinaan.core.audit import Action
from desabinaan.core.models import AuditEvent
from desabinaan.foreigners import letters
from desabinaan.foreigners import screening_services as foreigners_screening
from desabinaan.foreigners import services as foreigners
from desabinaan.foreigners.models import Alert, PermitType
from desabinaan.literacy import services as literacy
from desabinaan.literacy.models import Quiz, RedFlag
from desabinaan.outreach import participation_services as outreach_participation
from desabinaan.outreach import services as outreach
from desabinaan.programme import services as programme
from desabinaan.programme.models import Partner
from desabinaan.regions import services as regions
from desabinaan.regions.models import Region
from desabinaan.reports import services as reports
from desabinaan.reports.models import ResponseDeadline
from desabinaan.scheduler import services as scheduler
from tests.factories import SYSTEM, UserFactory
from tests.foreigners.conftest import MANDURIAN, TODAY, person, stay_input
from tests.outreach_participation.conftest import take_quiz
from tests.twofactor import code_for, enrol

MODULES = {
    "accounts": accounts,
    "assistance": assistance,
    "foreigners": foreigners,
    "foreigners_screening": foreigners_screening,
    "literacy": literacy,
    "outreach": outreach,
    "outreach_participation": outreach_participation,
    "letters": letters,
    "programme": programme,
    "regions": regions,
    "reports": reports,
    "scheduler": scheduler,
}

# Public functions of a services module that change nothing a person did, or record it elsewhere.
EXEMPT = {
    "accounts.token_authenticate": "a read (it stamps last_used_at, no one acts)",
    "reports.refugee_problems": "a pure check of the typed refugee answers",
    "programme.normalise_phone": "a pure function (formats a number)",
    "foreigners.permit_type_rows": "reads the shipped CSV, writes nothing",
    "foreigners.access_log_write": "writes AccessLog, the audit of reading personal data",
    "foreigners.access_log_export": "writes AccessLog, one row per person exported",
    "foreigners.registration_problems": "a pure check of typed values",
    "foreigners.registration_refusals": "a pure check of typed values (stay_rules)",
    "foreigners.registration_warnings": "a pure check of typed values",
    "foreigners.alerts_after_import": "only queues the scan after commit; alerts_scan is audited",
    "foreigners_screening.can_manage_watchlist": "a predicate",
    "foreigners_screening.read_watchlist_file": "reads and checks a file, writes nothing",
    "foreigners_screening.link_proposal": "a read: proposes groups; merging them is audited",
    "foreigners_screening.screening_check": "a read; every check is logged in ScreeningCheck "
    "(who, when, a keyed hash of the query), as AccessLog logs reads of records",
    "programme.check_designation_date": "a pure check of a typed date",
    "outreach.attendance_problems": "a pure check of typed head counts",
    "programme.check_inauguration_date": "a pure check of a typed date",
    "accounts.can_reset_two_factor": "a predicate",
    "accounts.tokens_revoke_for_user": "a step of the services that deactivate an account "
    "(partner_set_active, the user-save signal), which write the event",
    "accounts.two_factor_pending_device": "prepares an unconfirmed authenticator; confirming it "
    "is audited",
    "literacy.new_quiz_token": "a pure function (draws a random token)",
    "literacy.agency_rows": "a pure parser of an agency list; agencies_import is audited",
    "literacy.parse_guide_file": "a pure function (reads one guide file)",
    "accounts.two_factor_verify": "a sign-in step (checks a code); django-otp keeps its throttle",
    "assistance.normalise_phone": "a pure function (formats a number)",
    "assistance.check_nik": "a pure check of a typed NIK",
    "assistance.question_convert_to_report": "writes two events by design, report.submit (by "
    "report_submit, which it calls) and question.convert; tests/assistance/test_questions.py "
    "asserts both",
    "assistance.question_promote_to_faq": "refuses (no write) until the literacy FAQ exists; "
    "then two events by design: question.promote and the FAQ entry's own (literacy.faq_save); "
    "tests/assistance/test_questions.py covers it",
    "scheduler.worker_gone": "a predicate",
    "foreigners.stay_key_digest": "a pure function (hashes an idempotency key)",
    "foreigners.stay_replay": "a read (finds the stay an earlier request with the key made)",
    "scheduler.heartbeat_beat": "a worker's liveness mark every few seconds; nobody acts",
    "scheduler.heartbeat_end": "a worker removing its own liveness mark as it stops",
    "letters.token_digest": "a pure function (hashes a verification token)",
    "letters.letterhead_of": "a read",
    "letters.letter_refusal": "a pure check of a stay's dates and numbers",
    "letters.letter_state": "a pure check of a letter's dates",
    "letters.valid_until_for": "a pure computation of a date",
    "letters.letters_in_scope": "a scoped read",
    "letters.letters_of_stay": "a scoped read",
    "letters.letter_get": "a scoped read",
    "letters.verification_for": "the public read of the verification page",
    "letters.letter_pdf": "writes AccessLog, the audit of reading personal data",
    "outreach_participation.may_run": "a predicate",
    "outreach_participation.villages_for": "a read (the desa a participant picks from)",
    "outreach_participation.phase_open": "a pure function of an activity's status",
    "outreach_participation.activity_question_promote": "two events by design: the FAQ "
    "entry's own (literacy.faq_save) and activity.question_promote; "
    "tests/outreach_participation/test_questions.py asserts both",
}


def public_services() -> set[str]:
    return {
        f"{app}.{name}"
        for app, module in MODULES.items()
        for name, fn in vars(module).items()
        if not name.startswith("_") and inspect.isfunction(fn) and fn.__module__ == module.__name__
    }


def jpeg() -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (10, 120, 40)).save(out, format="JPEG")
    return SimpleUploadedFile("foto.jpg", out.getvalue(), content_type="image/jpeg")


def import_csv() -> SimpleUploadedFile:
    from desabinaan.foreigners.importer import COLUMNS
    from tests.foreigners.test_import import row

    lines = [",".join(COLUMNS), ",".join(str(row(1)[c]) for c in COLUMNS)]
    return SimpleUploadedFile("wna.csv", "\n".join(lines).encode(), content_type="text/csv")


# --- how to call each service: setup(ctx) returns the call to audit -------------------------


def _register(ctx, **stay):
    return foreigners.stay_register(
        actor=ctx.u["mitra.mandurian"], stay=stay_input(MANDURIAN, **stay), person=person()
    )


def _merge(ctx):
    a, b = _register(ctx), _register(ctx)
    return foreigners.foreigner_merge(
        source=a.foreigner, target=b.foreigner, actor=ctx.u["kanim.banjarmasin"]
    )


def _alert(ctx):
    _register(ctx, permit_expiry=TODAY + dt.timedelta(days=10))
    foreigners.alerts_scan(actor=SYSTEM, today=TODAY)
    return Alert.objects.first()


def _queued(ctx):
    with ctx.capture():  # the task is queued after commit: not run here
        return foreigners.import_queue(
            upload=import_csv(), skip_invalid=False, actor=ctx.u["kanim.banjarmasin"]
        )


def _killed_task(ctx):
    """A task whose worker was killed two hours ago (claimed, never finished)."""
    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    from desabinaan.foreigners.tasks import scan_alerts_task

    ctx.settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    row = DBTaskResult.objects.get(pk=scan_alerts_task.enqueue().id)
    row.claim("killed")
    DBTaskResult.objects.filter(pk=row.pk).update(started_at=timezone.now() - dt.timedelta(hours=2))


def _stuck_import(ctx):
    from django.utils import timezone

    from desabinaan.foreigners.models import ImportRun

    run = _queued(ctx)
    ImportRun.objects.filter(pk=run.pk).update(
        status="running", started_at=timezone.now() - dt.timedelta(hours=2)
    )


def _desa(ctx, code="19.04.01.1002"):
    return programme.desa_binaan_designate(
        region=Region.objects.get(code=code),
        office=ctx.w["offices"]["pangkalpinang"],
        sk_number="SK-1",
        designated_on=dt.date(2025, 9, 30),
        actor=ctx.u["kanim.pangkalpinang"],
    )


def _partner(ctx, **kw):
    return programme.partner_add(
        region=Region.objects.get(code="19.04.01.1002"),
        role="babinsa",
        name="Serda Uji",
        email="serda@example.id",
        actor=ctx.u["kanim.pangkalpinang"],
        **kw,
    )


def _report(ctx):
    return reports.report_submit(
        actor=public_actor(),
        category="wna_mencurigakan",
        region=Region.objects.get(code="19.04.01.2003"),
        description="Ada orang asing tinggal di rumah kosong dekat pantai.",
    ).report


def _report_at(ctx, status):
    report = _report(ctx)
    for step in {
        "diverifikasi": ["diverifikasi"],
        "ditindaklanjuti": ["diverifikasi", "ditindaklanjuti"],
    }.get(status, []):
        reports.report_transition(report=report, to_status=step, actor=ctx.u["pimpasa.koba"])
    return report


def _agency(ctx, code="19.04"):
    from desabinaan.reports.models import Agency

    return Agency.objects.create(kind="polri", name=f"Polres uji {code}", region_id=code)


def _forwarding(ctx):
    report = _report_at(ctx, "diverifikasi")
    return reports.forwarding_create(
        actor=ctx.u["pimpasa.koba"], report=report, agencies=[_agency(ctx)], note="Mohon dicek"
    )[0]


def _question(ctx):
    from tests.assistance.conftest import PUBLIC

    return assistance.question_ask(
        actor=PUBLIC,
        topic="paspor",
        region=Region.objects.get(code=MANDURIAN),
        text="Bagaimana cara membuat paspor?",
    ).question


def _mandurian_corner(ctx):
    desa = programme.desa_binaan_designate(
        region=Region.objects.get(code=MANDURIAN),
        office=ctx.w["offices"]["banjarmasin"],
        sk_number="SK-M",
        designated_on=dt.date(2025, 9, 30),
        actor=SYSTEM,
    )
    programme.corner_save(desa=desa, data={"address": "Kantor Desa"}, actor=SYSTEM)


def _schedule(ctx):
    from tests.assistance.conftest import day_input

    return assistance.service_day_schedule(
        actor=actor_for(ctx.u["kanim.banjarmasin"]),
        office=ctx.w["offices"]["banjarmasin"],
        data=day_input(),
    )


def _service_day(ctx, publish=True):
    from tests.assistance.conftest import day_input

    _mandurian_corner(ctx)
    kanim = actor_for(ctx.u["kanim.banjarmasin"])
    day = assistance.service_day_schedule(
        actor=kanim, office=ctx.w["offices"]["banjarmasin"], data=day_input()
    )
    return assistance.service_day_publish(actor=kanim, day=day) if publish else day


def _signup(ctx):
    from tests.assistance.conftest import sign_up

    return sign_up(_service_day(ctx)).signup


def _step(service, status):
    def setup(ctx):
        report = _report_at(ctx, status)
        return lambda: service(
            report=report,
            actor=ctx.u["pimpasa.koba"],
            public_note="Laporan Anda sudah kami periksa.",
        )

    return setup


def _offices_csv(ctx):
    path = ctx.tmp / "offices.csv"
    path.write_text(
        "code,name,kind,class,kanwil,jurisdiction,address,phone,email\n"
        "kanim-uji,Kantor Imigrasi Uji,kanim,I_TPI,,19.04,,,\n",
        encoding="utf-8",
    )
    return path


def _watchlist_file(ctx):
    path = ctx.tmp / "watchlist.csv"
    path.write_text(
        "name,aliases,date_of_birth,nationality,passport_no,reason,source,valid_until\n"
        "John Walker,,1985-04-12,AU,,uji,uji,\n",
        encoding="utf-8",
    )
    return path


def _hit(ctx):
    from desabinaan.accounts.scope import system_actor

    foreigners_screening.watchlist_import(actor=system_actor("uji"), path=_watchlist_file(ctx))
    _register(ctx)
    foreigners_screening.stays_screen(actor=system_actor("uji"))
    from desabinaan.foreigners.watchlist_models import ScreeningHit

    return ScreeningHit.objects.get()


def _letter_stay(ctx):
    letters.letterhead_save(
        actor=system_actor("uji"),
        region=Region.objects.get(code=MANDURIAN),
        data={
            "government": "PEMERINTAH KABUPATEN TAPIN",
            "village_name": "DESA MANDURIAN",
            "address": "Jl. Desa 1",
            "head_title": "Kepala Desa",
            "head_name": "Ahmad",
            "classification": "470",
            "validity_months": 12,
        },
    )
    return _register(ctx, permit_number="2C11UJI01", permit_expiry=dt.date(2099, 1, 1))


def _letter(ctx):
    return letters.domicile_letter_issue(
        actor=actor_for(ctx.u["mitra.mandurian"]), stay=_letter_stay(ctx)
    )


def _guide(ctx, **changes):
    from desabinaan.accounts.scope import actor_for

    return literacy.article_save(
        actor=actor_for(ctx.u["pusat"]),
        data={
            "slug": "uji-panduan",
            "title": "Panduan uji",
            "summary": "Ringkasan",
            "body": "Isi panduan.",
            "topic": "paspor",
            "audience": "warga",
            "facts_checked_on": dt.date(2026, 1, 5),
            **changes,
        },
    )


def _faq(ctx):
    from desabinaan.accounts.scope import actor_for

    return literacy.faq_save(
        actor=actor_for(ctx.u["pusat"]),
        data={"question": "Apa itu paspor?", "answer": "Dokumen perjalanan.", "topic": "paspor"},
    )


def _activity(ctx, *, held=False, **kw):
    from tests.outreach.conftest import activity_input

    activity = outreach.activity_plan(
        actor=actor_for(ctx.u["kanim.banjarmasin"]), data=activity_input(**kw)
    )
    if held:
        activity = outreach.activity_mark_held(actor=system_actor("uji"), activity=activity)
    return activity


def _photo_upload():
    out = io.BytesIO()
    Image.new("RGB", (40, 30), "green").save(out, format="JPEG")
    return SimpleUploadedFile("foto.jpg", out.getvalue(), content_type="image/jpeg")


def _update_title(ctx):
    from tests.outreach.conftest import activity_input

    activity = _activity(ctx)
    data = activity_input(title="Judul baru")
    data.starts_at, data.ends_at = activity.starts_at, activity.ends_at
    return lambda: outreach.activity_update(
        actor=actor_for(ctx.u["kanim.banjarmasin"]), activity=activity, data=data
    )


def _photo_remove(ctx):
    ctx.settings.MEDIA_ROOT = ctx.tmp / "media"
    photo = outreach.photo_add(
        actor=system_actor("uji"), activity=_activity(ctx), upload=_photo_upload()
    )
    return lambda: outreach.photo_remove(actor=actor_for(ctx.u["kanim.banjarmasin"]), photo=photo)


def _photo_add(ctx):
    ctx.settings.MEDIA_ROOT = ctx.tmp / "media"
    activity = _activity(ctx)
    return lambda: outreach.photo_add(
        actor=actor_for(ctx.u["pimpasa.mandurian"]), activity=activity, upload=_photo_upload()
    )


# mark_held of a pencanangan or pengukuhan also writes the programme's own event (designation,
# inauguration) through the service it calls; tests/outreach/test_services.py covers those.
_OUTREACH = {
    "activity_plan": lambda c: lambda: _activity(c),
    "activity_update": _update_title,
    "activity_mark_held": lambda c: (
        lambda a: (
            lambda: outreach.activity_mark_held(
                actor=actor_for(c.u["pimpasa.mandurian"]), activity=a
            )
        )
    )(_activity(c)),
    "activity_cancel": lambda c: (
        lambda a: (
            lambda: outreach.activity_cancel(
                actor=actor_for(c.u["kanim.banjarmasin"]), activity=a, reason="Balai desa dipakai"
            )
        )
    )(_activity(c)),
    "attendance_record": lambda c: (
        lambda a: (
            lambda: outreach.attendance_record(
                actor=actor_for(c.u["kanim.banjarmasin"]),
                activity=a,
                counts=__import__("tests.outreach.conftest", fromlist=["x"]).counts(),
            )
        )
    )(_activity(c, held=True)),
    "photo_add": _photo_add,
    "photo_remove": _photo_remove,
    "participant_add": lambda c: (
        lambda a: (
            lambda: outreach.participant_add(
                actor=system_actor("uji"), activity=a, name="Siti", consent=True
            )
        )
    )(_activity(c, held=True)),
    "office_feed_rotate": lambda c: (
        lambda: outreach.office_feed_rotate(
            actor=actor_for(c.u["kanim.banjarmasin"]), office=c.w["offices"]["banjarmasin"]
        )
    ),
}


CALLS = {
    "outreach_participation.activity_sign_in": lambda c: (
        lambda a: (
            lambda: outreach_participation.activity_sign_in(
                actor=public_actor(),
                activity=a,
                device_token=literacy.new_quiz_token(),
                data={"sex": "P", "age_group": "age_18_30", "village": None},
            )
        )
    )(_outreach_activity(c)),
    # The literacy quiz's own event (quiz.attempt) is the submission's one event.
    "outreach_participation.activity_quiz_submit": lambda c: (
        lambda a, token: lambda: take_quiz(a, token, "sebelum", right=3)
    )(*_outreach_signed_in(c)),
    "outreach_participation.activity_question_save": lambda c: (
        lambda a: (
            lambda: outreach_participation.activity_question_save(
                actor=actor_for(c.u["pimpasa.mandurian"]),
                activity=a,
                data={"question": "Berapa lama paspor berlaku?", "answer": "Sepuluh tahun."},
            )
        )
    )(_outreach_activity(c)),
    "foreigners_screening.watchlist_entry_save": lambda c: (
        lambda: foreigners_screening.watchlist_entry_save(
            actor=c.u["pusat"], entry=None, data={"name": "Ali Khan"}
        )
    ),
    "foreigners_screening.watchlist_import": lambda c: (
        lambda: foreigners_screening.watchlist_import(actor=c.u["pusat"], path=_watchlist_file(c))
    ),
    "foreigners_screening.stays_screen": lambda c: (
        lambda: foreigners_screening.stays_screen(actor=c.u["pusat"])
    ),
    "foreigners_screening.screening_hit_decide": lambda c: (
        lambda h: (
            lambda: foreigners_screening.screening_hit_decide(
                actor=c.u["pimpasa.mandurian"], hit=h, decision="confirmed"
            )
        )
    )(_hit(c)),
    "letters.letterhead_save": lambda c: (
        lambda: letters.letterhead_save(
            actor=actor_for(c.u["mitra.mandurian"]),
            region=Region.objects.get(code=MANDURIAN),
            data={
                "government": "PEMERINTAH KABUPATEN TAPIN",
                "village_name": "DESA MANDURIAN",
                "address": "Jl. Desa 2",
                "head_title": "Kepala Desa",
                "head_name": "Ahmad",
                "classification": "470",
                "validity_months": 6,
            },
        )
    ),
    "letters.domicile_letter_issue": lambda c: (
        lambda s: (
            lambda: letters.domicile_letter_issue(actor=actor_for(c.u["pimpasa.mandurian"]), stay=s)
        )
    )(_letter_stay(c)),
    "letters.domicile_letter_revoke": lambda c: (
        lambda x: (
            lambda: letters.domicile_letter_revoke(
                actor=actor_for(c.u["kanim.banjarmasin"]), letter=x, reason="Izin dibatalkan"
            )
        )
    )(_letter(c)),
    "literacy.article_save": lambda c: lambda: _guide(c),
    "literacy.article_set_status": lambda c: (
        lambda a: (
            lambda: literacy.article_set_status(actor=c.u["pusat"], article=a, status="published")
        )
    )(_guide(c)),
    "literacy.local_note_save": lambda c: (
        lambda a: (
            lambda: literacy.local_note_save(
                actor=c.u["kanim.banjarmasin"], article=a, data={"address": "Jl. Uji 1"}
            )
        )
    )(_guide(c)),
    "literacy.faq_save": lambda c: lambda: _faq(c),
    "literacy.guides_load": lambda c: lambda: literacy.guides_load(actor=c.u["pusat"]),
    "accounts.token_create": lambda c: lambda: accounts.token_create(actor=c.u["pusat"]),
    "accounts.token_revoke": lambda c: (
        lambda t: lambda: accounts.token_revoke(token=t.token, actor=c.u["pusat"])
    )(accounts.token_create(actor=c.u["pusat"])),
    "accounts.token_revoke_raw": lambda c: (
        lambda t: lambda: accounts.token_revoke_raw(actor=c.u["pusat"], raw=t.raw)
    )(accounts.token_create(actor=c.u["pusat"])),
    "accounts.two_factor_confirm": lambda c: (
        lambda d: (
            lambda: accounts.two_factor_confirm(
                actor=c.u["kanim.banjarmasin"], device=d, code=code_for(d)
            )
        )
    )(accounts.two_factor_pending_device(actor=c.u["kanim.banjarmasin"])),
    "accounts.recovery_codes_regenerate": lambda c: (
        lambda: accounts.recovery_codes_regenerate(actor=enrol(c.u["kanim.banjarmasin"]).user)
    ),
    "accounts.two_factor_disable": lambda c: (
        lambda u: lambda: accounts.two_factor_disable(actor=u)
    )(enrol(c.u["mitra.mandurian"]).user),
    "accounts.two_factor_reset": lambda c: (
        lambda u: (
            lambda: accounts.two_factor_reset(
                user=u, actor=UserFactory(role="admin", username="admin.uji")
            )
        )
    )(enrol(c.u["kanim.banjarmasin"]).user),
    "foreigners.import_fail": lambda c: (
        lambda r: lambda: foreigners.import_fail(actor=SYSTEM, run_id=r.pk, exc=ValueError("uji"))
    )(_queued(c)),
    "foreigners.stay_register": lambda c: lambda: _register(c),
    "foreigners.imports_recover": lambda c: (
        lambda _: lambda: foreigners.imports_recover(actor=system_actor("recover_imports"))
    )(_stuck_import(c)),
    "scheduler.tasks_recover": lambda c: (
        lambda _: lambda: scheduler.tasks_recover(actor=system_actor("recover_tasks"))
    )(_killed_task(c)),
    "foreigners.stay_verify": lambda c: (
        lambda s: (
            lambda: foreigners.stay_verify(
                stay=s, actor=c.u["pimpasa.mandurian"], verified_with="Paspor asli dilihat"
            )
        )
    )(_register(c)),
    "foreigners.stay_depart": lambda c: (
        lambda s: (
            lambda: foreigners.stay_depart(
                stay=s,
                actor=c.u["mitra.mandurian"],
                departed_on=dt.date(2026, 2, 1),
                kind="keluar",
            )
        )
    )(_register(c)),
    "foreigners.foreigner_photo_set": lambda c: (
        lambda s: (
            lambda: foreigners.foreigner_photo_set(
                foreigner=s.foreigner, upload=jpeg(), actor=c.u["pimpasa.mandurian"]
            )
        )
    )(_register(c)),
    "foreigners.foreigner_photo_remove": lambda c: (
        lambda f: (
            lambda: foreigners.foreigner_photo_remove(foreigner=f, actor=c.u["pimpasa.mandurian"])
        )
    )(
        foreigners.foreigner_photo_set(
            foreigner=_register(c).foreigner, upload=jpeg(), actor=c.u["pimpasa.mandurian"]
        )
    ),
    "foreigners.foreigner_merge": lambda c: (
        lambda a, b: (
            lambda: foreigners.foreigner_merge(
                source=a.foreigner, target=b.foreigner, actor=c.u["kanim.banjarmasin"]
            )
        )
    )(_register(c), _register(c)),
    "foreigners.foreigner_split": lambda c: (
        lambda m: lambda: foreigners.foreigner_split(merge=m, actor=c.u["kanim.banjarmasin"])
    )(_merge(c)),
    "foreigners.alert_resolve": lambda c: (
        lambda a: (
            lambda: foreigners.alert_resolve(
                alert=a, actor=c.u["kanim.banjarmasin"], status="ditangani"
            )
        )
    )(_alert(c)),
    "foreigners.permit_type_save": lambda c: (
        lambda p: (
            lambda: foreigners.permit_type_save(
                permit=p,
                data={
                    **{f: getattr(p, f) for f in foreigners.PERMIT_TYPE_FIELDS},
                    "code": p.code,
                    "work_note": "Diubah",
                },
                actor=c.u["pusat"],
            )
        )
    )(PermitType.objects.get(code="C1")),
    "foreigners.permit_types_load": lambda c: (
        lambda: foreigners.permit_types_load(actor=SYSTEM, update=True)
    ),
    "foreigners.alerts_scan": lambda c: lambda: foreigners.alerts_scan(actor=SYSTEM, today=TODAY),
    "foreigners.import_queue": lambda c: (
        lambda: foreigners.import_queue(
            upload=import_csv(), skip_invalid=False, actor=c.u["kanim.banjarmasin"]
        )
    ),
    "foreigners.import_execute": lambda c: (
        lambda r: lambda: foreigners.import_execute(actor=SYSTEM, run_id=r.pk)
    )(_queued(c)),
    "programme.desa_binaan_propose": lambda c: (
        lambda: programme.desa_binaan_propose(
            region=Region.objects.get(code="19.04.01.1002"),
            office=c.w["offices"]["pangkalpinang"],
            actor=c.u["pimpasa.koba"],
        )
    ),
    "programme.desa_binaan_designate": lambda c: lambda: _desa(c),
    "programme.desa_binaan_deactivate": lambda c: (
        lambda d: (
            lambda: programme.desa_binaan_deactivate(
                desa=d, reason="Kepala desa meminta", actor=c.u["kanim.pangkalpinang"]
            )
        )
    )(_desa(c)),
    "programme.corner_save": lambda c: (
        lambda d: (
            lambda: programme.corner_save(
                desa=d, data={"address": "Kantor Desa"}, actor=c.u["kanim.pangkalpinang"]
            )
        )
    )(_desa(c)),
    "programme.pimpasa_assign": lambda c: (
        lambda: programme.pimpasa_assign(
            officer=UserFactory(role="pimpasa", office=c.w["offices"]["pangkalpinang"]),
            region=Region.objects.get(code="19.04.02"),
            office=c.w["offices"]["pangkalpinang"],
            sk_number="SK-2",
            inaugurated_on=dt.date(2025, 9, 30),
            actor=c.u["kanim.pangkalpinang"],
        )
    ),
    "programme.pimpasa_end": lambda c: (
        lambda: programme.pimpasa_end(
            assignment=c.w["assignments"]["koba"],
            ended_on=dt.date(2025, 12, 31),
            actor=c.u["kanim.pangkalpinang"],
        )
    ),
    "programme.partner_add": lambda c: lambda: _partner(c),
    "programme.partner_set_active": lambda c: (
        lambda p: (
            lambda: programme.partner_set_active(
                partner=p, active=False, actor=c.u["kanim.pangkalpinang"]
            )
        )
    )(_partner(c)),
    "programme.partner_invite": lambda c: (
        lambda p: (
            lambda: programme.partner_invite(
                partner=p, base_url="http://testserver", actor=c.u["kanim.pangkalpinang"]
            )
        )
    )(_partner(c)),
    "regions.regions_load": lambda c: (
        lambda: regions.regions_load(actor=SYSTEM, within=("19.04.01",))
    ),
    "regions.offices_load": lambda c: (
        lambda p: lambda: regions.offices_load(actor=SYSTEM, path=p)
    )(_offices_csv(c)),
    "reports.report_submit": lambda c: lambda: _report(c),
    "reports.protocol_stage_mark": lambda c: (
        lambda r: (
            lambda: reports.protocol_stage_mark(
                report=r, stage="ditemukan", actor=c.u["pimpasa.koba"]
            )
        )
    )(
        reports.report_submit(
            actor=public_actor(),
            category="pengungsi",
            region=Region.objects.get(code="19.04.01.2003"),
            description="Ada perahu berisi orang asing terdampar di pantai.",
        ).report
    ),
    "accounts.notification_preferences_save": lambda c: (
        lambda: accounts.notification_preferences_save(
            actor=c.u["pimpasa.koba"], choices={"escalation": True}
        )
    ),
    "assistance.question_ask": lambda c: lambda: _question(c),
    "assistance.question_answer": lambda c: (
        lambda q: (
            lambda: assistance.question_answer(
                actor=actor_for(c.u["pimpasa.mandurian"]), question=q, answer="Jawaban"
            )
        )
    )(_question(c)),
    "assistance.questions_remind": lambda c: (
        lambda: assistance.questions_remind(actor=system_actor("uji"))
    ),
    "assistance.document_requirement_save": lambda c: (
        lambda: assistance.document_requirement_save(
            actor=actor_for(c.u["kanim.banjarmasin"]),
            office=c.w["offices"]["banjarmasin"],
            name="KTP",
        )
    ),
    "assistance.service_day_schedule": lambda c: (lambda _: lambda: _schedule(c))(
        _mandurian_corner(c)
    ),
    "assistance.service_day_update": lambda c: (
        lambda d: (
            lambda: assistance.service_day_update(
                actor=actor_for(c.u["kanim.banjarmasin"]),
                day=d,
                data=__import__("tests.assistance.conftest", fromlist=["x"]).day_input(quota=9),
            )
        )
    )(_service_day(c)),
    "assistance.service_day_publish": lambda c: (
        lambda d: (
            lambda: assistance.service_day_publish(actor=actor_for(c.u["kanim.banjarmasin"]), day=d)
        )
    )(_service_day(c, publish=False)),
    "assistance.service_day_cancel": lambda c: (
        lambda d: (
            lambda: assistance.service_day_cancel(actor=actor_for(c.u["kanim.banjarmasin"]), day=d)
        )
    )(_service_day(c)),
    "assistance.signup_create": lambda c: (
        lambda d: lambda: __import__("tests.assistance.conftest", fromlist=["x"]).sign_up(d)
    )(_service_day(c)),
    "assistance.signup_cancel": lambda c: (
        lambda s: lambda: assistance.signup_cancel(actor=system_actor("uji"), signup=s)
    )(_signup(c)),
    "assistance.signup_mark": lambda c: (
        lambda s: (
            lambda: assistance.signup_mark(
                actor=actor_for(c.u["pimpasa.mandurian"]), signup=s, outcome="hadir"
            )
        )
    )(_signup(c)),
    "assistance.signups_purge": lambda c: (
        lambda: assistance.signups_purge(actor=system_actor("uji"))
    ),
    "literacy.quiz_attempt_submit": lambda c: (
        lambda q: (
            lambda: literacy.quiz_attempt_submit(
                actor=system_actor("test"),
                quiz=q,
                answers={x.pk: x.choices.first().pk for x in q.questions.all()},
                token=literacy.new_quiz_token(),
            )
        )
    )(_quiz()),
    "literacy.quizzes_load": lambda c: lambda: literacy.quizzes_load(actor=system_actor("t")),
    "literacy.red_flags_load": lambda c: lambda: literacy.red_flags_load(actor=system_actor("t")),
    "literacy.agencies_import": lambda c: (
        lambda: literacy.agencies_import(
            actor=system_actor("t"),
            text="nama,nomor_izin,berlaku_sampai,alamat,status,sumber,tanggal_daftar\n"
            "PT Contoh Uji,0099/CONTOH/2026,2030-01-01,Jl. Uji,aktif,CONTOH,2026-01-01\n",
        )
    ),
    "literacy.red_flag_save": lambda c: (
        lambda f: (
            lambda: literacy.red_flag_save(
                actor=actor_for(c.u["pusat"]),
                flag=f,
                data={
                    "title": f.title,
                    "explanation": f.explanation,
                    "patterns": f.patterns,
                    "also_patterns": f.also_patterns,
                    "weight": 2,
                    "active": True,
                },
            )
        )
    )(_red_flag()),
    **{f"outreach.{name}": call for name, call in _OUTREACH.items()},
    "reports.report_transition": lambda c: (
        lambda r: (
            lambda: reports.report_transition(
                report=r, to_status="diverifikasi", actor=c.u["pimpasa.koba"]
            )
        )
    )(_report(c)),
    "reports.report_verify": _step(reports.report_verify, "baru"),
    "reports.report_reject": _step(reports.report_reject, "baru"),
    "reports.report_follow_up": _step(reports.report_follow_up, "diverifikasi"),
    "reports.report_complete": _step(reports.report_complete, "ditindaklanjuti"),
    "reports.report_mark_unproven": _step(reports.report_mark_unproven, "ditindaklanjuti"),
    "reports.reports_escalate_overdue": lambda c: (
        lambda: reports.reports_escalate_overdue(actor=system_actor("uji"))
    ),
    "reports.response_deadline_change": lambda c: (
        lambda: reports.response_deadline_change(
            actor=c.u["pusat"],
            deadline=ResponseDeadline.objects.get_or_create(
                category="tppo",
                defaults={"verify_hours": 24, "follow_up_hours": 72},
            )[0],
            verify_hours=12,
            follow_up_hours=48,
            kanim_after_hours=6,
        )
    ),
    "reports.report_note_add": lambda c: (
        lambda r: (
            lambda: reports.report_note_add(
                report=r, actor=c.u["pimpasa.koba"], note="Sudah ditelepon"
            )
        )
    )(_report(c)),
    "reports.report_assign": lambda c: (
        lambda r: (
            lambda: reports.report_assign(
                report=r, assignee=c.u["kanim.pangkalpinang"], actor=c.u["pimpasa.koba"]
            )
        )
    )(_report(c)),
    "reports.agency_create": lambda c: (
        lambda: reports.agency_create(
            actor=c.u["kanim.pangkalpinang"],
            kind="dinsos",
            name="Dinas Sosial Bangka Tengah",
            region=Region.objects.get(code="19.04"),
        )
    ),
    "reports.agency_update": lambda c: (
        lambda a: (
            lambda: reports.agency_update(
                actor=c.u["pusat"],
                agency=a,
                kind="polri",
                name="Polres Bangka Tengah",
                phone="0718 123",
                region=a.region,
            )
        )
    )(_agency(c)),
    "reports.forwarding_create": lambda c: (
        lambda r, a: (
            lambda: reports.forwarding_create(
                actor=c.u["pimpasa.koba"], report=r, agencies=[a], note="Mohon ditindaklanjuti"
            )
        )
    )(_report_at(c, "diverifikasi"), _agency(c)),
    "reports.forwarding_update": lambda c: (
        lambda f: (
            lambda: reports.forwarding_update(
                actor=c.u["pimpasa.koba"], forwarding=f, status="diterima", answer="Diterima"
            )
        )
    )(_forwarding(c)),
    "reports.forwarding_waive": lambda c: (
        lambda f: (
            lambda: reports.forwarding_waive(
                actor=c.u["pimpasa.koba"], forwarding=f, reason="Salah instansi"
            )
        )
    )(_forwarding(c)),
}


# Services that change an existing record: their event carries the fields before and after.
UPDATES = {
    "outreach.activity_update",
    "outreach.attendance_record",
    "reports.response_deadline_change",
    "accounts.notification_preferences_save",
    "reports.agency_update",
    "reports.forwarding_update",
    "accounts.token_revoke",
    "accounts.token_revoke_raw",
    "foreigners.alert_resolve",
    "foreigners.foreigner_merge",
    "foreigners.foreigner_photo_remove",
    "foreigners.foreigner_photo_set",
    "foreigners.foreigner_split",
    "foreigners.permit_type_save",
    "foreigners.stay_depart",
    "foreigners.stay_verify",
    "programme.corner_save",
    "programme.desa_binaan_deactivate",
    "programme.desa_binaan_designate",
    "programme.partner_set_active",
    "programme.pimpasa_end",
    "reports.report_assign",
    "reports.report_complete",
    "reports.report_follow_up",
    "reports.report_mark_unproven",
    "reports.report_reject",
    "reports.report_transition",
    "reports.report_verify",
}


def _outreach_activity(c):
    from tests.outreach_participation.conftest import make_activity

    _quiz()
    return make_activity(c.w)


def _outreach_signed_in(c):
    from tests.outreach_participation.conftest import sign_in

    activity = _outreach_activity(c)
    return activity, sign_in(activity)


def _quiz() -> Quiz:
    call_command("load_quizzes", verbosity=0)
    return Quiz.objects.prefetch_related("questions__choices").first()


def _red_flag() -> RedFlag:
    call_command("load_red_flags", verbosity=0)
    return RedFlag.objects.get(code="kontak-pribadi")


def test_every_public_service_has_an_audit_case():
    services = public_services()
    missing = services - set(CALLS) - set(EXEMPT)
    assert not missing, f"public services with no audit case in CALLS or EXEMPT: {missing}"
    assert not (set(CALLS) | set(EXEMPT)) - services, "cases for services that no longer exist"
    assert not UPDATES - set(CALLS)


# Public functions of the services modules that are no action of anyone's, so take no actor.
NO_ACTOR = {
    "accounts.can_reset_two_factor": "a predicate (it takes the actor to judge)",
    "accounts.token_authenticate": "finds who the actor is, from their token",
    "accounts.tokens_revoke_for_user": "a step of services that have their actor",
    "foreigners.alerts_after_import": "a step of import_execute, which has its actor",
    "foreigners.permit_type_rows": "reads the shipped CSV",
    "foreigners.registration_problems": "a pure check of typed values",
    "foreigners.registration_warnings": "a pure check of typed values",
    "programme.check_designation_date": "a pure check of a typed date",
    "programme.check_inauguration_date": "a pure check of a typed date",
    "programme.normalise_phone": "a pure function",
    "reports.refugee_problems": "a pure check of typed values",
    "foreigners.stay_key_digest": "a pure function",
    "foreigners.registration_refusals": "a pure check of typed values",
}


# The apps issue 10 converted; the newer apps' services were written with an actor from the start
# and are held to it by their own tests.
ACTOR_APPS = {"accounts", "foreigners", "programme", "regions", "reports"}


@pytest.mark.parametrize(
    "name",
    sorted(n for n in public_services() - set(NO_ACTOR) if n.split(".")[0] in ACTOR_APPS),
)
def test_every_public_service_takes_a_required_actor(name):
    """issue 10: `actor` is a required keyword of every service (no "no actor" default)."""
    app, function = name.split(".")
    parameter = inspect.signature(getattr(MODULES[app], function)).parameters.get("actor")
    assert parameter is not None, f"{name} takes no actor"
    assert parameter.kind is inspect.Parameter.KEYWORD_ONLY
    assert parameter.default is inspect.Parameter.empty or name == "foreigners.permit_types_load"


@pytest.mark.django_db
def test_no_actor_is_refused(ctx):
    """None never lets a call through (load_demo relied on it)."""
    with pytest.raises(TypeError):
        programme.desa_binaan_deactivate(desa=_desa(ctx), reason="Kepala desa meminta", actor=None)


@pytest.fixture
def ctx(world, settings, tmp_path, django_capture_on_commit_callbacks):
    call_command("load_permit_types", verbosity=0)
    settings.FOREIGNERS_PHOTO_ROOT = tmp_path / "photos"
    settings.FOREIGNERS_IMPORT_ROOT = tmp_path / "imports"
    settings.REPORTS_ATTACHMENT_ROOT = tmp_path / "private"
    return SimpleNamespace(
        w=world,
        u=world["users"],
        tmp=tmp_path,
        capture=django_capture_on_commit_callbacks,
        settings=settings,
    )


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(CALLS))
def test_service_writes_exactly_one_audit_event(ctx, name):
    call = CALLS[name](ctx)
    before = set(AuditEvent.objects.values_list("pk", flat=True))
    # Callbacks after commit (tasks, e-mail, file deletion) are not the service's own writes.
    with ctx.capture():
        call()
    new = AuditEvent.objects.exclude(pk__in=before)
    assert new.count() == 1, [e.action for e in new]
    event = new.get()
    assert event.action in Action.values, f"{event.action} is not a core.audit.Action"
    if name in UPDATES:
        # A change to a record says what changed: {field: [before, after]}.
        assert event.changes, f"{name} wrote no before/after changes"
        assert all(
            isinstance(v, list) and len(v) == 2 and v[0] != v[1] for v in event.changes.values()
        ), event.changes


@pytest.mark.django_db
def test_audit_event_is_undone_with_the_change(ctx):
    """Written in the service's transaction: a rollback takes the event with it."""
    stay = _register(ctx)
    before = AuditEvent.objects.count()
    with transaction.atomic():
        foreigners.stay_verify(
            stay=stay, actor=ctx.u["pimpasa.mandurian"], verified_with="Paspor asli"
        )
        transaction.set_rollback(True)
    assert AuditEvent.objects.count() == before


@pytest.mark.django_db
def test_partner_invitation_is_sent_after_commit(ctx, django_capture_on_commit_callbacks):
    partner = _partner(ctx)
    with django_capture_on_commit_callbacks() as callbacks:
        programme.partner_invite(
            partner=partner, base_url="http://testserver", actor=ctx.u["kanim.pangkalpinang"]
        )
        assert not mail.outbox  # nothing leaves while the transaction can still roll back
    assert len(callbacks) == 1
    callbacks[0]()
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["serda@example.id"]


@pytest.mark.django_db
def test_deactivating_a_partner_disables_its_login_and_tokens(
    ctx, django_capture_on_commit_callbacks
):
    partner = _partner(ctx)
    with django_capture_on_commit_callbacks(execute=True):
        account = programme.partner_invite(
            partner=partner, base_url="http://testserver", actor=ctx.u["kanim.pangkalpinang"]
        )
    issued = accounts.token_create(actor=account)
    programme.partner_set_active(
        partner=Partner.objects.get(pk=partner.pk),
        active=False,
        actor=ctx.u["kanim.pangkalpinang"],
    )
    account.refresh_from_db()
    assert not account.is_active
    assert accounts.token_authenticate(issued.raw) is None
    assert AuditEvent.objects.filter(action="partner.deactivate").count() == 1
