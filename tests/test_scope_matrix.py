"""The scope matrix enumerates routes (DESIGN.md §3, issue 10).

Every URL pattern (get_resolver) and every operation of the OpenAPI schema must have an entry in
ROUTES: either a scope case, which builds a record in each of two areas so that every role gets
one outside its own, or an exemption with the reason the route holds nothing scoped. A new route
without an entry fails `test_every_route_has_a_scope_case_or_an_exemption`.

A case of kind DETAIL expects 404 for the record outside the caller's area (or, for a role the
route refuses outright, the same answer a missing record gets: existence must not leak); LIST
expects the record's marker nowhere in the answer; REFUSE (a write into another area) expects a
4xx answer and nothing written. To add a route: one entry, `"namespace:name": Case(...)` or
`"METHOD /api/v1/path": Case(...)`, with a builder `build(ctx, area) -> Built`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from desabinaan.accounts.scope import public_actor
from desabinaan.accounts.services import token_create
from desabinaan.api import api
from desabinaan.foreigners import services as registry
from desabinaan.foreigners.models import Alert, ImportRun, Stay
from desabinaan.programme import services as programme
from desabinaan.programme.models import DesaBinaan
from desabinaan.regions.models import Region
from desabinaan.reports import services as reports
from tests.factories import SYSTEM
from tests.foreigners.conftest import person, stay_input

DETAIL, LIST, REFUSE = "detail", "list", "refuse"

# One desa per area, inside every in-area role's scope (the Koba side: pimpasa.koba and
# camat.koba hold 19.04.01; the Kalsel side: Mandurian is the desa-level roles' desa).
DESA = {"koba": "19.04.01.2003", "mandurian": "63.05.03.2003"}
KANIM = {"koba": "kanim.pangkalpinang", "mandurian": "kanim.banjarmasin"}
PIMPASA = {"koba": "pimpasa.koba", "mandurian": "pimpasa.mandurian"}
# Every role with a limited scope, and its area; pusat sees everything and has no "outside".
ROLES = {
    "pimpasa.koba": "koba",
    "pimpasa.namang": "koba",
    "camat.koba": "koba",
    "kanim.pangkalpinang": "koba",
    "kanwil.babel": "koba",
    "mitra.mandurian": "mandurian",
    "pimpasa.mandurian": "mandurian",
    "kanim.banjarmasin": "mandurian",
    "kanwil.kalsel": "mandurian",
}
OTHER = {"koba": "mandurian", "mandurian": "koba"}


@dataclass
class Built:
    kwargs: dict = field(default_factory=dict)  # URL arguments (path parameters for the API)
    marker: str = ""  # LIST: text of the record that must not appear
    data: dict | None = None  # body of a POST
    count: Callable[[], int] | None = None  # REFUSE: rows that must not grow


@dataclass
class Case:
    kind: str
    build: Callable[[SimpleNamespace, str], Built]
    method: str = "GET"


@dataclass
class Exempt:
    reason: str


# --- builders: a record in `area` ------------------------------------------------------------

_seq = iter(range(10**6))


def _stay(ctx, area) -> Stay:
    return registry.stay_register(
        actor=ctx.u[KANIM[area]],
        stay=stay_input(DESA[area]),
        person=person(family_name=f"Penanda{area.title()}{next(_seq)}"),
    )


def _report(ctx, area):
    return reports.report_submit(
        actor=public_actor(),
        category="wna_mencurigakan",
        region=Region.objects.get(code=DESA[area]),
        description="Ada orang asing tinggal di rumah kosong dekat pantai.",
    ).report


def _desa(ctx, area) -> DesaBinaan:
    desa = DesaBinaan.objects.filter(region_id=DESA[area]).first()
    if desa is None:
        office = ctx.u[KANIM[area]].office
        desa = programme.desa_binaan_designate(
            region=Region.objects.get(code=DESA[area]),
            office=office,
            sk_number=f"SK-{area}",
            designated_on=dt.date(2025, 9, 30),
            actor=ctx.u[KANIM[area]],
        )
    return desa


def _partner(ctx, area):
    _desa(ctx, area)
    return programme.partner_add(
        region=Region.objects.get(code=DESA[area]),
        role="babinsa",
        name=f"Penanda Mitra {area} {next(_seq)}",
        email=f"mitra{next(_seq)}@example.id",
        actor=ctx.u[KANIM[area]],
    )


def _merge(ctx, area):
    a, b = _stay(ctx, area), _stay(ctx, area)
    return registry.foreigner_merge(
        source=a.foreigner, target=b.foreigner, actor=ctx.u[KANIM[area]]
    )


def _alert(ctx, area) -> Alert:
    stay = registry.stay_register(
        actor=ctx.u[KANIM[area]],
        stay=stay_input(DESA[area], permit_expiry=dt.date(2026, 3, 10)),
        person=person(family_name=f"Penanda{area.title()}{next(_seq)}"),
    )
    registry.alerts_scan(actor=SYSTEM, today=dt.date(2026, 3, 2))
    return Alert.objects.filter(stay=stay).first()


def _import_run(ctx, area):
    return ImportRun.objects.create(
        user=ctx.u[KANIM[area]],
        file_name=f"penanda-{area}.csv",
        status=ImportRun.Status.DONE,
        error_report="missing.csv",
    )


def _hit(ctx, area):
    """A watch-list match on a stay in `area` (made directly: the screening has its own tests)."""
    from desabinaan.foreigners.models import AlertKind
    from desabinaan.foreigners.watchlist_models import ScreeningHit, WatchlistEntry

    stay = _stay(ctx, area)
    entry = WatchlistEntry.objects.create(name=stay.foreigner.full_name)
    alert = Alert.objects.create(
        kind=AlertKind.WATCHLIST,
        condition_key=f"watchlist:{entry.pk}:{stay.foreigner_id}",
        foreigner=stay.foreigner,
        stay=stay,
        region_id=stay.region_id,
        severity=3,
        summary="x",
    )
    return ScreeningHit.objects.create(
        entry=entry,
        foreigner=stay.foreigner,
        stay=stay,
        region_id=stay.region_id,
        alert=alert,
        score=0.9,
        explanation="nama sama",
    )


def hit_pk(ctx, area):
    return Built({"pk": _hit(ctx, area).pk})


def hit_alert_pk(ctx, area):
    return Built({"pk": _hit(ctx, area).alert_id})


def hit_marker(ctx, area):
    return Built(marker=_hit(ctx, area).foreigner.family_name)


def stay_detail(ctx, area):
    return Built({"pk": _stay(ctx, area).pk})


def foreigner_detail(ctx, area):
    return Built({"pk": _stay(ctx, area).foreigner_id})


def foreigner_list(ctx, area):
    return Built(marker=_stay(ctx, area).foreigner.family_name)


def report_detail(ctx, area):
    return Built({"pk": _report(ctx, area).pk})


def report_list(ctx, area):
    return Built(marker=_report(ctx, area).tracking_code)


def desa_code(ctx, area):
    _desa(ctx, area)
    return Built({"code": DESA[area]})


def kecamatan_code(ctx, area):
    return Built({"code": DESA[area].rsplit(".", 1)[0]})


def partner_pk(ctx, area):
    return Built({"pk": _partner(ctx, area).pk})


def partner_marker(ctx, area):
    return Built(marker=_partner(ctx, area).name)


def merge_pk(ctx, area):
    return Built({"pk": _merge(ctx, area).pk})


def alert_pk(ctx, area):
    return Built({"pk": _alert(ctx, area).pk})


def alert_marker(ctx, area):
    return Built(marker=_alert(ctx, area).foreigner.family_name)


def import_pk(ctx, area):
    return Built({"pk": _import_run(ctx, area).pk})


def access_log_marker(ctx, area):
    stay = _stay(ctx, area)
    reason = f"Penanda alasan {area} {next(_seq)}"
    registry.access_log_write(actor=ctx.u[KANIM[area]], foreigner=stay.foreigner, reason=reason)
    return Built(marker=reason)


def token_pk(ctx, area):
    return Built({"pk": token_create(actor=ctx.u[KANIM[area]]).token.pk})


def attachment_pk(ctx, area):
    from desabinaan.reports.models import Attachment

    report = _report(ctx, area)
    attachment = Attachment.objects.create(
        report=report, kind="foto", content_type="image/jpeg", size=1, sha256="0" * 64
    )
    return Built({"pk": attachment.pk})


def api_report(ctx, area):
    return Built({"report_id": _report(ctx, area).pk})


def api_report_attachment(ctx, area):
    built = attachment_pk(ctx, area)
    from desabinaan.reports.models import Attachment

    attachment = Attachment.objects.get(pk=built.kwargs["pk"])
    return Built({"report_id": attachment.report_id, "attachment_id": attachment.pk})


def api_note(ctx, area):
    return Built({"report_id": _report(ctx, area).pk}, data={"note": "Catatan dari luar"})


def api_assign(ctx, area):
    return Built({"report_id": _report(ctx, area).pk}, data={"username": PIMPASA[OTHER[area]]})


def api_transition(ctx, area):
    return Built({"report_id": _report(ctx, area).pk}, data={})


def api_assignment(ctx, area):
    return Built({"assignment_id": ctx.w["assignments"][PIMPASA[area].split(".")[1]].pk})


def api_assignment_list(ctx, area):
    return Built(marker=f'"SK-{ctx.w["assignments"][PIMPASA[area].split(".")[1]].region_id}"')


def api_foreigner(ctx, area):
    return Built({"foreigner_id": _stay(ctx, area).foreigner_id})


def api_stay_create(ctx, area):
    body = {
        "person": {
            "given_names": "Luar",
            "family_name": "Wilayah",
            "sex": "L",
            "date_of_birth": "1985-04-12",
            "nationality": "AU",
            "passport_number": f"PX{next(_seq):06d}",
            "passport_country": "AU",
            "passport_expiry": "2031-01-01",
        },
        "stay": {
            "region_code": DESA[area],
            "address": "Jl. Luar 1",
            "host_kind": "keluarga",
            "purpose": "keluarga",
            "arrival_date": "2026-01-10",
            "permit_code": "C1",
            "permit_expiry": "2026-12-31",
        },
        "confirm_new": True,
    }
    return Built(data=body, count=Stay.objects.count)


# --- the services pillar (assistance, issue 15) -----------------------------------------------


def _question(ctx, area):
    from desabinaan.assistance import services as assistance
    from tests.assistance.conftest import PUBLIC

    return assistance.question_ask(
        actor=PUBLIC,
        topic="paspor",
        region=Region.objects.get(code=DESA[area]),
        text=f"Penanda pertanyaan {area} {next(_seq)} tentang paspor",
    ).question


def _service_day(ctx, area):
    from desabinaan.accounts.scope import actor_for
    from desabinaan.assistance import services as assistance
    from tests.assistance.conftest import day_input

    desa = _desa(ctx, area)
    if not hasattr(desa, "corner"):
        programme.corner_save(desa=desa, data={"address": "Kantor Desa"}, actor=SYSTEM)
    kanim = ctx.u[KANIM[area]]
    day = assistance.service_day_schedule(
        actor=actor_for(kanim),
        office=kanim.office,
        data=day_input(DESA[area], place=f"Penanda tempat {area} {next(_seq)}"),
    )
    return assistance.service_day_publish(actor=actor_for(kanim), day=day)


def question_pk(ctx, area):
    return Built({"pk": _question(ctx, area).pk})


def question_marker(ctx, area):
    return Built(marker=_question(ctx, area).text)


def api_question_answer(ctx, area):
    return Built({"question_id": _question(ctx, area).pk}, data={"answer": "Dari luar"})


def day_pk(ctx, area):
    return Built({"pk": _service_day(ctx, area).pk})


def day_marker(ctx, area):
    return Built(marker=_service_day(ctx, area).place)


def signup_pk(ctx, area):
    from tests.assistance.conftest import sign_up

    return Built({"pk": sign_up(_service_day(ctx, area)).signup.pk})


def document_pk(ctx, area):
    from desabinaan.assistance.models import DocumentRequirement

    day = _service_day(ctx, area)
    return Built({"pk": DocumentRequirement.objects.filter(office=day.office).first().pk})


ISSUER = {"koba": "pimpasa.koba", "mandurian": "mitra.mandurian"}


def _letter(ctx, area):
    from desabinaan.accounts.scope import actor_for, system_actor
    from desabinaan.foreigners import letters

    region = Region.objects.get(code=DESA[area])
    if letters.letterhead_of(region.code) is None:
        letters.letterhead_save(
            actor=system_actor("matrix"),
            region=region,
            data={
                "government": "PEMERINTAH",
                "village_name": f"DESA PENANDA {area.upper()}",
                "address": "Jl. Balai Desa 1",
                "head_title": "Kepala Desa",
                "head_name": "Penanda Kades",
                "classification": "470",
                "validity_months": 12,
            },
        )
    stay = registry.stay_register(
        actor=ctx.u[KANIM[area]],
        stay=stay_input(DESA[area], permit_number="PX1", permit_expiry=dt.date(2099, 1, 1)),
        person=person(family_name=f"Penanda{area.title()}{next(_seq)}"),
    )
    return letters.domicile_letter_issue(actor=actor_for(ctx.u[ISSUER[area]]), stay=stay)


def letter_pk(ctx, area):
    return Built({"pk": _letter(ctx, area).pk})


def desa_only(ctx, area):
    return Built({"code": DESA[area]})


def api_stay_letters(ctx, area):
    return Built({"stay_id": _stay(ctx, area).pk})


def api_letter_revoke(ctx, area):
    return Built({"letter_id": _letter(ctx, area).pk}, data={"reason": "Dari luar wilayah"})


# --- the participant side of outreach activities (issue 16) ----------------------------------


def _participation_activity(ctx, area):
    from tests.outreach_participation.conftest import make_activity

    return make_activity(ctx.w, DESA[area], quiz=False, title=f"Penanda kegiatan {area}")


def participation_activity_pk(ctx, area):
    return Built({"pk": _participation_activity(ctx, area).pk})


def activity_question_pk(ctx, area):
    from desabinaan.accounts.scope import system_actor
    from desabinaan.outreach.participation_services import activity_question_save

    question = activity_question_save(
        actor=system_actor("matrix"),
        activity=_participation_activity(ctx, area),
        data={"question": f"Penanda tanya {area}?", "answer": "Jawaban."},
    )
    return Built({"pk": question.pk})


PAIR_DATA = {"question": "Dari luar wilayah?", "answer": "Tidak boleh."}
QR_LINK = (
    "public by the activity's unguessable sign-in token (256 bits, printed as its QR code): "
    "the sign-in form and this phone's own quiz; no one else's data; 404 once cancelled"
)


def _agency(ctx, area):
    from desabinaan.reports.models import Agency

    return Agency.objects.create(
        kind="polri",
        name=f"Penanda Instansi {area} {next(_seq)}",
        region_id=DESA[area].rsplit(".", 1)[0],
    )


def _forwarding(ctx, area):
    report = _report(ctx, area)
    reports.report_verify(report=report, actor=ctx.u[KANIM[area]])
    return reports.forwarding_create(
        actor=ctx.u[KANIM[area]], report=report, agencies=[_agency(ctx, area)], note="Mohon dicek"
    )[0]


def agency_pk(ctx, area):
    return Built({"pk": _agency(ctx, area).pk})


def agency_marker(ctx, area):
    return Built(marker=_agency(ctx, area).name)


def agency_create_elsewhere(ctx, area):
    from desabinaan.reports.models import Agency

    return Built(
        data={
            "kind": "dinsos",
            "name": f"Dinas Penanda {area} {next(_seq)}",
            "region_code": DESA[area].rsplit(".", 1)[0],
            "active": "on",
        },
        count=Agency.objects.count,
    )


def report_forward(ctx, area):
    report = _report(ctx, area)
    reports.report_verify(report=report, actor=ctx.u[KANIM[area]])
    agency = _agency(ctx, area)
    return Built({"pk": report.pk}, data={"agencies": [agency.pk], "note": "Dari luar"})


def forwarding_pk(ctx, area):
    f = _forwarding(ctx, area)
    return Built({"pk": f.report_id, "fid": f.pk})


def map_marker(ctx, area):
    from desabinaan.reports.codes import grouped

    report = _report(ctx, area)
    return Built(marker=grouped(report.tracking_code))


def map_point_marker(ctx, area):
    from desabinaan.reports.codes import grouped
    from desabinaan.reports.models import Report

    report = _report(ctx, area)
    Report.objects.filter(pk=report.pk).update(latitude=-2.5, longitude=106.2)
    return Built(marker=grouped(report.tracking_code))


def api_forwardings(ctx, area):
    return Built({"tracking_code": _forwarding(ctx, area).report.tracking_code})


def api_forward(ctx, area):
    built = report_forward(ctx, area)
    from desabinaan.reports.models import Report

    code = Report.objects.get(pk=built.kwargs["pk"]).tracking_code
    return Built(
        {"tracking_code": code},
        data={"agency_ids": built.data["agencies"], "note": "Dari luar"},
    )


def api_forwarding(ctx, area):
    f = _forwarding(ctx, area)
    return Built(
        {"tracking_code": f.report.tracking_code, "forwarding_id": f.pk},
        data={"status": "diterima", "answer": "Dari luar"},
    )


def api_forwarding_waive(ctx, area):
    built = api_forwarding(ctx, area)
    built.data = {"reason": "Dari luar"}
    return built


def _post_detail(build, data=None):
    def wrapped(ctx, area):
        built = build(ctx, area)
        built.data = data if data is not None else {}
        return built

    return wrapped


# --- outreach activities (issue 16) ----------------------------------------------------------


def _activity(ctx, area):
    from desabinaan.accounts.scope import actor_for
    from desabinaan.outreach import services as outreach
    from tests.outreach.conftest import activity_input

    return outreach.activity_plan(
        actor=actor_for(ctx.u[KANIM[area]]),
        data=activity_input(DESA[area], title=f"Penanda kegiatan {area} {next(_seq)}"),
    )


def activity_pk(ctx, area):
    return Built({"pk": _activity(ctx, area).pk})


def activity_marker(ctx, area):
    return Built(marker=_activity(ctx, area).title)


def activity_photo(ctx, area):
    from desabinaan.outreach.models import ActivityPhoto

    activity = _activity(ctx, area)
    photo = ActivityPhoto.objects.create(activity=activity, image="activities/penanda.jpg")
    return Built({"pk": activity.pk, "photo_pk": photo.pk}, data={})


def api_activity(ctx, area):
    return Built({"activity_id": _activity(ctx, area).pk})


def api_activity_create(ctx, area):
    from desabinaan.outreach.models import Activity

    return Built(
        data={
            "kind": "sosialisasi",
            "title": "Dari luar wilayah",
            "starts_at": "2026-03-14T09:00:00+07:00",
            "ends_at": "2026-03-14T12:00:00+07:00",
            "region_code": DESA[area],
        },
        count=Activity.objects.count,
    )


PUBLIC_REF = "public reference data (regions), no record of a person or a report"
OWN = "acts on the caller's own account or credentials only"
PUBLIC_CODE = "public by tracking code: the unguessable code is the capability; rate limited"
FORM = "an empty form; the places it offers are scoped and the service refuses other areas"
GLOBAL = "global reference data kept by the directorate (no region)"
WATCHLIST = "the national watch-list: pusat only (403 for every other role), no region"

GUIDES = "national literacy content (guides, FAQ, search): public, no region, nothing personal"
CONTENT = "national literacy content, written by the directorate only (others get 403)"

ROUTES: dict[str, Case | Exempt] = {
    # --- pages ---
    "home:home": Exempt("links and the caller's own assignments, no records of others"),
    "accounts:login": Exempt(OWN),
    "accounts:logout": Exempt(OWN),
    "accounts:password_change": Exempt(OWN),
    "accounts:profile": Exempt(OWN),
    "accounts:notifications": Exempt(OWN),
    "accounts:deliveries": Exempt("pusat only: the nationwide delivery log, 403 for other roles"),
    "accounts:invite_accept": Exempt("one-time link signed for one account"),
    "accounts:token_revoke": Case(DETAIL, _post_detail(token_pk), "POST"),
    "accounts:two_factor_verify": Exempt(OWN),
    "accounts:two_factor_setup": Exempt(OWN),
    "accounts:two_factor_qr": Exempt(OWN),
    "accounts:two_factor_recovery": Exempt(OWN),
    "accounts:two_factor_recovery_download": Exempt(OWN),
    "accounts:two_factor_recovery_done": Exempt(OWN),
    "accounts:two_factor_disable": Exempt(OWN),
    "accounts:two_factor_reset": Exempt("administrators only (404 for everyone else), everywhere"),
    "region_lookup": Exempt(PUBLIC_REF),
    "regions:picker": Exempt(PUBLIC_REF),
    "regions:map_view": Exempt(PUBLIC_REF),
    "foreigners:list": Case(LIST, foreigner_list),
    "foreigners:register": Exempt(FORM),
    "foreigners:detail": Case(DETAIL, foreigner_detail),
    "foreigners:full": Case(DETAIL, foreigner_detail),
    "foreigners:photo": Case(DETAIL, foreigner_detail),
    "foreigners:photo_change": Case(DETAIL, _post_detail(foreigner_detail), "POST"),
    "foreigners:merge": Case(DETAIL, foreigner_detail),
    "foreigners:split": Case(DETAIL, _post_detail(merge_pk), "POST"),
    "foreigners:verify": Case(
        DETAIL, _post_detail(stay_detail, {"verified_with": "Paspor asli"}), "POST"
    ),
    "foreigners:depart": Case(DETAIL, stay_detail),
    "foreigners:letters": Case(DETAIL, stay_detail),
    "foreigners:letter_pdf": Case(DETAIL, letter_pk),
    "foreigners:letter_revoke": Case(
        DETAIL, _post_detail(letter_pk, {"reason": "Dari luar wilayah"}), "POST"
    ),
    "foreigners:letterhead_edit": Case(DETAIL, desa_only),
    "letter_verify": Exempt(
        "public by unguessable token (192 bits): only valid or not, the letter number and the "
        "desa; no personal data"
    ),
    "foreigners:alerts": Case(LIST, alert_marker),
    "foreigners:alert": Case(DETAIL, alert_pk),
    "foreigners:permit_types": Exempt(GLOBAL),
    "foreigners:permit_type_new": Exempt(GLOBAL),
    "foreigners:permit_type_edit": Exempt(GLOBAL),
    "foreigners:access_log": Case(LIST, access_log_marker),
    "foreigners:export": Case(LIST, foreigner_list, "POST"),
    "foreigners:import": Exempt("the caller's own imports only (import_status covers the runs)"),
    "foreigners:import_template": Exempt("a blank import template, the same for everyone"),
    "foreigners:import_status": Case(DETAIL, import_pk),
    "foreigners:import_errors": Case(DETAIL, import_pk),
    "foreigners:watchlist": Exempt(WATCHLIST),
    "foreigners:watchlist_new": Exempt(WATCHLIST),
    "foreigners:watchlist_edit": Exempt(WATCHLIST),
    "foreigners:watchlist_import": Exempt(WATCHLIST),
    "foreigners:screening_hits": Case(LIST, hit_marker),
    "foreigners:screening_hit": Case(DETAIL, hit_pk),
    "foreigners:screening_hit_for_alert": Case(DETAIL, hit_alert_pk),
    "reports:new": Exempt("public form: anyone files a report for any desa"),
    "literacy:quiz_list": Exempt("public quizzes, national content with no region"),
    "literacy:quiz": Exempt("public quiz; an attempt is anonymous and shown only to its sender"),
    "literacy:agency_lookup": Exempt("public register of licensed agencies (no region)"),
    "literacy:check_offer": Exempt("public checker: stores nothing, shows only what was sent"),
    "literacy:check_report": Exempt("public filing through lapor: anyone reports for any desa"),
    "literacy:check_flags": Exempt(GLOBAL),
    "literacy:check_flag_edit": Exempt(GLOBAL),
    "reports:receipt": Exempt(PUBLIC_CODE),
    "reports:status_lookup": Exempt(PUBLIC_CODE),
    "reports:status": Exempt(PUBLIC_CODE),
    "reports:inbox": Case(LIST, report_list),
    "reports:detail": Case(DETAIL, report_detail),
    "reports:change_status": Case(
        DETAIL, _post_detail(report_detail, {"to_status": "diverifikasi"}), "POST"
    ),
    "reports:add_note": Case(DETAIL, _post_detail(report_detail, {"note": "Dari luar"}), "POST"),
    "reports:assign": Case(DETAIL, _post_detail(report_detail, {"officer": "1"}), "POST"),
    "reports:protocol_mark": Case(
        DETAIL, _post_detail(report_detail, {"stage": "ditemukan"}), "POST"
    ),
    "reports:attachment": Case(DETAIL, attachment_pk),
    "reports:forward": Case(DETAIL, report_forward, "POST"),
    "reports:forwarding_update": Case(
        DETAIL, _post_detail(forwarding_pk, {"status": "diterima", "answer": "x"}), "POST"
    ),
    "reports:forwarding_waive": Case(
        DETAIL, _post_detail(forwarding_pk, {"reason": "Dari luar"}), "POST"
    ),
    "reports:agencies": Case(LIST, agency_marker),
    "reports:agency_new": Case(REFUSE, agency_create_elsewhere, "POST"),
    "reports:agency_edit": Case(DETAIL, agency_pk),
    "reports:map": Case(LIST, map_marker),
    "reports:map_data": Case(LIST, map_point_marker),
    "programme:kanim": Case(LIST, partner_marker),
    "programme:kanwil": Case(LIST, partner_marker),
    "programme:my_villages": Case(LIST, partner_marker),
    "programme:designate": Exempt(FORM),
    "programme:assign_pimpasa": Exempt(FORM),
    "programme:kecamatan": Case(DETAIL, kecamatan_code),
    "programme:desa": Case(DETAIL, desa_code),
    "programme:corner": Case(DETAIL, desa_code),
    "programme:partner_add": Case(
        DETAIL, _post_detail(desa_code, {"role": "babinsa", "name": "Dari Luar"}), "POST"
    ),
    "programme:deactivate": Case(
        DETAIL, _post_detail(desa_code, {"reason": "Dari luar wilayah"}), "POST"
    ),
    "programme:propose": Case(DETAIL, _post_detail(desa_code), "POST"),
    "programme:partner_invite": Case(DETAIL, _post_detail(partner_pk), "POST"),
    "programme:partner_toggle": Case(DETAIL, _post_detail(partner_pk), "POST"),
    "literacy:guide_index": Exempt(GUIDES),
    "literacy:guide_detail": Exempt(GUIDES),
    "literacy:guide_print": Exempt(GUIDES),
    "literacy:guide_leaflet": Exempt(GUIDES),
    "literacy:guide_new": Exempt(CONTENT),
    "literacy:guide_edit": Exempt(CONTENT),
    "literacy:guide_status": Exempt(CONTENT),
    "literacy:guide_history": Exempt(
        "a national guide's revisions (officers only); no region-scoped record"
    ),
    "literacy:guide_local_note": Exempt(
        "a Kanim writes only its own office's note (the service takes the office from the "
        "account); pusat names any office. Notes are public contact details of an office"
    ),
    "literacy:faq_list": Exempt(GUIDES),
    "literacy:faq_new": Exempt(CONTENT),
    "literacy:faq_edit": Exempt(CONTENT),
    "literacy:search": Exempt(GUIDES),
    "desa_public": Exempt("the public village page: programme facts only, no personal data"),
    "assistance:ask": Exempt("public form: anyone asks a question for any desa"),
    "assistance:question_lookup": Exempt(PUBLIC_CODE),
    "assistance:question": Exempt(PUBLIC_CODE),
    "assistance:questions": Case(LIST, question_marker),
    "assistance:question_detail": Case(DETAIL, question_pk),
    "assistance:question_promote": Case(DETAIL, _post_detail(question_pk), "POST"),
    "assistance:question_convert": Case(
        DETAIL, _post_detail(question_pk, {"category": "tppo"}), "POST"
    ),
    "assistance:days": Case(LIST, day_marker),
    "assistance:day_new": Exempt(FORM),
    "assistance:documents": Exempt("the caller's own office's documents list only"),
    "assistance:document_edit": Case(DETAIL, document_pk),
    "assistance:signup_lookup": Exempt(PUBLIC_CODE),
    "assistance:signup": Exempt(PUBLIC_CODE),
    "assistance:signup_cancel": Exempt(PUBLIC_CODE),
    "assistance:signup_mark": Case(DETAIL, _post_detail(signup_pk, {"outcome": "hadir"}), "POST"),
    "assistance:office_days": Exempt("public list of an office's published service days"),
    "assistance:day": Exempt("public page of a published service day: no personal data"),
    "assistance:day_pdf": Exempt("public announcement of a published service day"),
    "assistance:day_manage": Case(DETAIL, day_pk),
    "assistance:day_edit": Case(DETAIL, day_pk),
    "assistance:day_publish": Case(DETAIL, _post_detail(day_pk), "POST"),
    "assistance:day_cancel": Case(DETAIL, _post_detail(day_pk), "POST"),
    "outreach:list": Case(LIST, activity_marker),
    "outreach:calendar": Case(LIST, activity_marker),
    "outreach:new": Exempt(FORM),
    "outreach:feed_rotate": Exempt("renews the caller's own office's calendar link only"),
    "outreach:feed": Exempt(
        "an office's planned activities by its unguessable feed token (the token is the "
        "capability, as for tracking codes); no participant data"
    ),
    "outreach:public": Exempt("public page of a held activity: summary and photos, no names"),
    "outreach:detail": Case(DETAIL, activity_pk),
    "outreach:edit": Case(DETAIL, activity_pk),
    "outreach:hold": Case(DETAIL, _post_detail(activity_pk), "POST"),
    "outreach:cancel": Case(
        DETAIL, _post_detail(activity_pk, {"reason": "Dari luar wilayah"}), "POST"
    ),
    "outreach:attendance": Case(DETAIL, _post_detail(activity_pk), "POST"),
    "outreach:photo_add": Case(DETAIL, _post_detail(activity_pk), "POST"),
    "outreach:photo_remove": Case(DETAIL, activity_photo, "POST"),
    "outreach:participant_add": Case(
        DETAIL, _post_detail(activity_pk, {"name": "Siti", "consent": "on"}), "POST"
    ),
    "desa_poster": Exempt("the public QR poster of a village"),
    "api:openapi-json": Exempt("the API's schema; its operations are enumerated below"),
    "api:openapi-view": Exempt("the API's documentation page"),
    "api:api-root": Exempt("the API root"),
    "set_language": Exempt("the language switch"),
    "javascript-catalog": Exempt("translations for scripts"),
    "admin:*": Exempt("Django admin: staff accounts only, used by administrators (everywhere)"),
    # --- API operations ---
    "POST /api/v1/auth/token": Exempt(OWN),
    "DELETE /api/v1/auth/token": Exempt(OWN),
    "GET /api/v1/regions": Exempt(PUBLIC_REF),
    "GET /api/v1/regions/{code}": Exempt(PUBLIC_REF),
    "POST /api/v1/reports": Exempt("public filing: anyone files a report for any desa"),
    "POST /api/v1/literacy/job-offer-check": Exempt(
        "public checker: reads the red flags and the agency register, stores nothing"
    ),
    "GET /api/v1/reports": Case(LIST, report_list),
    "GET /api/v1/reports/track/{code}": Exempt(PUBLIC_CODE),
    "GET /api/v1/reports/{report_id}": Case(DETAIL, api_report),
    "GET /api/v1/reports/{report_id}/attachments/{attachment_id}": Case(
        DETAIL, api_report_attachment
    ),
    "POST /api/v1/reports/{report_id}/verify": Case(DETAIL, api_transition, "POST"),
    "POST /api/v1/reports/{report_id}/follow-up": Case(DETAIL, api_transition, "POST"),
    "POST /api/v1/reports/{report_id}/complete": Case(DETAIL, api_transition, "POST"),
    "POST /api/v1/reports/{report_id}/unproven": Case(DETAIL, api_transition, "POST"),
    "POST /api/v1/reports/{report_id}/reject": Case(DETAIL, api_transition, "POST"),
    "POST /api/v1/reports/{report_id}/notes": Case(DETAIL, api_note, "POST"),
    "POST /api/v1/reports/{report_id}/assign": Case(DETAIL, api_assign, "POST"),
    "GET /api/v1/reports/{tracking_code}/forwardings": Case(DETAIL, api_forwardings),
    "GET /api/v1/reports/{tracking_code}/forwardings/agencies": Case(DETAIL, api_forwardings),
    "POST /api/v1/reports/{tracking_code}/forwardings": Case(DETAIL, api_forward, "POST"),
    "PATCH /api/v1/reports/{tracking_code}/forwardings/{forwarding_id}": Case(
        DETAIL, api_forwarding, "PATCH"
    ),
    "POST /api/v1/reports/{tracking_code}/forwardings/{forwarding_id}/waive": Case(
        DETAIL, api_forwarding_waive, "POST"
    ),
    "GET /api/v1/pimpasa": Case(LIST, api_assignment_list),
    "GET /api/v1/pimpasa/{assignment_id}": Case(DETAIL, api_assignment),
    "POST /api/v1/stays": Case(REFUSE, api_stay_create, "POST"),
    "GET /api/v1/foreigners": Case(LIST, foreigner_list),
    "GET /api/v1/foreigners/{foreigner_id}": Case(DETAIL, api_foreigner),
    "GET /api/v1/alerts": Case(LIST, alert_marker),
    "POST /api/v1/screening/check": Exempt(
        "checks a name against the national watch-list (officers only): answers list entries, "
        "never a registry record"
    ),
    "POST /api/v1/questions": Exempt("public: anyone asks a question for any desa"),
    "GET /api/v1/questions/{code}": Exempt(PUBLIC_CODE),
    "GET /api/v1/questions": Case(LIST, question_marker),
    "POST /api/v1/questions/{question_id}/answer": Case(DETAIL, api_question_answer, "POST"),
    "GET /api/v1/stays/{stay_id}/letters": Case(DETAIL, api_stay_letters),
    "POST /api/v1/stays/{stay_id}/letters": Case(
        DETAIL, _post_detail(api_stay_letters, {}), "POST"
    ),
    "POST /api/v1/letters/{letter_id}/revoke": Case(DETAIL, api_letter_revoke, "POST"),
    "GET /api/v1/activities": Case(LIST, activity_marker),
    "GET /api/v1/activities/{activity_id}": Case(DETAIL, api_activity),
    "POST /api/v1/activities": Case(REFUSE, api_activity_create, "POST"),
    "outreach:participate": Exempt(QR_LINK),
    "outreach:participate_quiz": Exempt(QR_LINK),
    "outreach:sign_in_poster": Case(DETAIL, participation_activity_pk),
    "outreach:question_add": Case(
        DETAIL, _post_detail(participation_activity_pk, PAIR_DATA), "POST"
    ),
    "outreach:question_edit": Case(DETAIL, activity_question_pk),
    "outreach:question_promote": Case(DETAIL, _post_detail(activity_question_pk), "POST"),
    "GET /api/v1/literacy/search": Exempt(GUIDES),
    "GET /api/v1/literacy/guides": Exempt(GUIDES),
    "GET /api/v1/literacy/guides/{slug}": Exempt(GUIDES),
}


# --- enumeration -----------------------------------------------------------------------------


def url_routes() -> set[str]:
    """'namespace:name' of every URL pattern (admin as one entry; the API through its schema)."""
    found: set[str] = set()

    def walk(resolver, namespace):
        for p in resolver.url_patterns:
            if isinstance(p, URLResolver):
                ns = ":".join(filter(None, [namespace, p.namespace]))
                if ns == "admin":
                    found.add("admin:*")
                    continue
                walk(p, ns)
            elif isinstance(p, URLPattern):
                if namespace == "api" and p.name not in (
                    "openapi-json",
                    "openapi-view",
                    "api-root",
                ):
                    continue  # operations: enumerated from the OpenAPI schema
                name = p.name or str(p.pattern)
                found.add(f"{namespace}:{name}" if namespace else name)

    walk(get_resolver(), "")
    return found


def api_operations() -> set[str]:
    schema = api.get_openapi_schema()
    return {f"{method.upper()} {path}" for path, ops in schema["paths"].items() for method in ops}


# Routes that exist only in some configurations (urls.py adds media serving when DEBUG is on).
SOMETIMES = {
    "^media/(?P<path>.*)$": Exempt(
        "development media serving (DEBUG only); private files live outside MEDIA_ROOT"
    ),
}


def test_every_route_has_a_scope_case_or_an_exemption():
    routes = url_routes() | api_operations()
    missing = sorted(routes - set(ROUTES) - set(SOMETIMES))
    assert not missing, f"routes with neither a scope case nor an exemption: {missing}"
    stale = sorted(set(ROUTES) - routes)
    assert not stale, f"entries for routes that no longer exist: {stale}"
    print(
        f"\nscope matrix: {len(routes)} routes enumerated, "
        f"{sum(isinstance(v, Case) for v in ROUTES.values())} with a scope case"
    )


# --- the cases -------------------------------------------------------------------------------


def _missing(kwargs: dict) -> dict:
    """The same URL for a record that does not exist."""
    return {k: 999999 if isinstance(v, int) else "99.99.99.9999" for k, v in kwargs.items()}


def _url(route: str, kwargs: dict) -> str:
    if route.startswith(("GET ", "POST ", "PATCH ", "DELETE ")):
        path = route.split(" ", 1)[1]
        return re.sub(r"\{(\w+)\}", lambda m: str(kwargs[m.group(1)]), path)
    return reverse(route, kwargs=kwargs)


def _call(client, case: Case, route: str, built: Built, kwargs: dict, headers: dict):
    url = _url(route, kwargs)
    is_api = route.startswith(("GET ", "POST ", "PATCH ", "DELETE "))
    if case.method == "GET":
        return client.get(url, headers=headers if is_api else None)
    if case.method == "PATCH":
        return client.patch(url, built.data or {}, content_type="application/json", headers=headers)
    if is_api:
        return client.post(url, built.data or {}, content_type="application/json", headers=headers)
    return client.post(url, built.data or {})


@pytest.fixture
def ctx(world, settings, tmp_path):
    call_command("load_permit_types", verbosity=0)
    settings.FOREIGNERS_PHOTO_ROOT = tmp_path / "photos"
    settings.FOREIGNERS_IMPORT_ROOT = tmp_path / "imports"
    settings.REPORTS_ATTACHMENT_ROOT = tmp_path / "private"
    return SimpleNamespace(w=world, u=world["users"])


CASES = sorted(k for k, v in ROUTES.items() if isinstance(v, Case))


@pytest.mark.django_db
@pytest.mark.parametrize("route", CASES)
def test_no_role_reaches_a_record_outside_its_area(client, ctx, route):
    case = ROUTES[route]
    for username, area in ROLES.items():
        built = case.build(ctx, OTHER[area])
        user = ctx.u[username]
        client.force_login(user)
        headers = {"Authorization": f"Bearer {token_create(actor=user).raw}"}
        before = built.count() if built.count else None
        response = _call(client, case, route, built, built.kwargs, headers)
        status = response.status_code
        where = f"{route} as {username} (record in {OTHER[area]})"
        if case.kind == DETAIL:
            if status != 404:
                # A role refused the route outright answers the same for a missing record.
                missing = _call(client, case, route, built, _missing(built.kwargs), headers)
                assert status == missing.status_code and status in (403, 404), (
                    f"{where}: {status}, a missing record gives {missing.status_code}"
                )
        elif case.kind == LIST:
            body = b"".join(response.streaming_content) if response.streaming else response.content
            assert status in (200, 302, 403, 404), f"{where}: {status}"
            assert built.marker.encode() not in body, f"{where}: shows {built.marker}"
        else:
            assert 400 <= status < 500, f"{where}: {status}"
            assert built.count() == before, f"{where}: wrote a row"
        client.logout()
