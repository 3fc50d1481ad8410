"""Every refusal of the services, called directly (issue 10, "Refusals tested").

One case per `raise` of the refusal family in accounts, regions, programme, reports and
foreigners services that tests/test_refusals.py does not already reach: each names the refusal,
builds what it needs and expects its class and stable `code`, and that nothing was written.
Forms and endpoints catch most bad input before a service sees it; these prove the service
refuses on its own when they do not (a script, the API, a later form that forgets).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import IntegrityError

from desabinaan.accounts import services as accounts
from desabinaan.accounts.scope import actor_for, public_actor, system_actor
from desabinaan.core.models import AuditEvent
from desabinaan.core.refusals import Conflict, DomainError, Invalid, NotAllowed
from desabinaan.foreigners import services as registry
from desabinaan.foreigners.models import AlertStatus, PermitType
from desabinaan.programme import services as programme
from desabinaan.programme.models import DesaBinaan, PimpasaAssignment
from desabinaan.regions import services as regions
from desabinaan.regions.models import Region
from desabinaan.reports import services as reports
from desabinaan.reports.models import Report
from tests.factories import SYSTEM, UserFactory
from tests.foreigners.conftest import MANDURIAN, TODAY, person, stay_input
from tests.test_audit import _alert, _desa, _merge, _queued, _register, _report
from tests.twofactor import enrol

pytestmark = pytest.mark.django_db
DAY = dt.date(2025, 9, 30)
KOBA_DESA = "19.04.01.1002"


@dataclass(frozen=True)
class Refusal:
    setup: Callable  # ctx -> the call that must be refused
    kind: type[DomainError]
    code: str


def region(code: str) -> Region:
    return Region.objects.get(code=code)


@pytest.fixture
def ctx(world, settings, tmp_path, django_capture_on_commit_callbacks):
    call_command("load_permit_types", verbosity=0)
    settings.REPORTS_ATTACHMENT_ROOT = tmp_path / "private"
    settings.FOREIGNERS_PHOTO_ROOT = tmp_path / "photos"
    settings.FOREIGNERS_IMPORT_ROOT = tmp_path / "imports"
    return SimpleNamespace(
        w=world, u=world["users"], tmp=tmp_path, capture=django_capture_on_commit_callbacks
    )


# --- helpers building the state a refusal needs ----------------------------------------------


def _designate(c, code=KOBA_DESA, **kw):
    values = {
        "region": region(code),
        "office": c.w["offices"]["pangkalpinang"],
        "sk_number": "SK-1",
        "designated_on": DAY,
        "actor": c.u["kanim.pangkalpinang"],
    }
    values.update(kw)
    return lambda: programme.desa_binaan_designate(**values)


def _assign(c, **kw):
    values = {
        "officer": UserFactory(role="pimpasa", office=c.w["offices"]["pangkalpinang"]),
        "region": region("19.04.02"),
        "office": c.w["offices"]["pangkalpinang"],
        "sk_number": "SK-2",
        "inaugurated_on": DAY,
        "actor": c.u["kanim.pangkalpinang"],
    }
    values.update(kw)
    return lambda: programme.pimpasa_assign(**values)


def _add_partner(c, **kw):
    values = {
        "region": region(KOBA_DESA),
        "role": "babinsa",
        "name": "Serda Uji",
        "actor": c.u["kanim.pangkalpinang"],
    }
    values.update(kw)
    return lambda: programme.partner_add(**values)


def _submit(**kw):
    values = {
        "category": "wna_mencurigakan",
        "region": region("19.04.01.2003"),
        "description": "Ada orang asing tinggal di rumah kosong dekat pantai.",
        "actor": public_actor(),
    }
    values.update(kw)
    return lambda: reports.report_submit(**values)


def _register_as(c, user="mitra.mandurian", code=MANDURIAN, **kw):
    return lambda: registry.stay_register(
        actor=c.u[user], stay=stay_input(code), person=person(), **kw
    )


def _depart(c, **kw):
    stay = _register(c)
    values = {"departed_on": dt.date(2026, 2, 1), "kind": "keluar", "actor": c.u["mitra.mandurian"]}
    values.update(kw)
    return lambda: registry.stay_depart(stay=stay, **values)


def _desa_with_corner_allowed(c):
    desa = _desa(c)
    return desa


def _corner_of_proposed(c):
    desa = programme.desa_binaan_propose(
        region=region(KOBA_DESA),
        office=c.w["offices"]["pangkalpinang"],
        actor=c.u["kanim.pangkalpinang"],
    )
    return lambda: programme.corner_save(
        desa=desa, data={"address": "Kantor Desa"}, actor=c.u["kanim.pangkalpinang"]
    )


def _propose_twice(c):
    args = {
        "region": region(KOBA_DESA),
        "office": c.w["offices"]["pangkalpinang"],
        "actor": c.u["kanim.pangkalpinang"],
    }
    programme.desa_binaan_propose(**args)
    return lambda: programme.desa_binaan_propose(**args)


def _designate_twice(c):
    _designate(c)()
    return _designate(c, sk_number="SK-2")


def _reactivate_by_designation_raced(c, monkeypatch):
    # The IntegrityError branch: someone designated the village between our look and our
    # insert. A unique row appearing under us is what the database then says.
    def raced(*args, **kwargs):
        raise IntegrityError("UNIQUE constraint failed: programme_desabinaan.region_id")

    monkeypatch.setattr(DesaBinaan.objects, "create", raced)
    return _designate(c)


def _deactivate_twice(c):
    desa = _desa(c)
    programme.desa_binaan_deactivate(desa=desa, reason="Digabung", actor=c.u["kanim.pangkalpinang"])
    return lambda: programme.desa_binaan_deactivate(
        desa=desa, reason="Lagi", actor=c.u["kanim.pangkalpinang"]
    )


def _assign_occupied(c):
    # Koba (19.04.01) already has its PIMPASA in the world.
    return _assign(c, region=region("19.04.01"))


def _assign_raced(c, monkeypatch):
    def raced(*args, **kwargs):
        raise IntegrityError("UNIQUE constraint failed: one active PIMPASA per area")

    monkeypatch.setattr(PimpasaAssignment.objects, "create", raced)
    return _assign(c)


def _end_before_inauguration(c):
    assignment = c.w["assignments"]["koba"]
    return lambda: programme.pimpasa_end(
        assignment=assignment,
        ended_on=assignment.inaugurated_on - dt.timedelta(days=1),
        actor=c.u["kanim.pangkalpinang"],
    )


def _invite_without_email(c):
    partner = programme.partner_add(
        region=region(KOBA_DESA), role="babinsa", name="Serda", actor=c.u["kanim.pangkalpinang"]
    )
    return lambda: programme.partner_invite(
        partner=partner, base_url="http://x", actor=c.u["kanim.pangkalpinang"]
    )


def _verify_twice(c):
    stay = _register(c)
    registry.stay_verify(stay=stay, actor=c.u["pimpasa.mandurian"], verified_with="Paspor asli")
    return lambda: registry.stay_verify(
        stay=stay, actor=c.u["pimpasa.mandurian"], verified_with="Paspor asli"
    )


def _passport_registered(c):
    first = _register(c)
    number = first.foreigner.passports.first()
    return lambda: registry.stay_register(
        actor=c.u["mitra.mandurian"],
        stay=stay_input(MANDURIAN),
        person=person(passport_number=number.number, passport_country=str(number.issuing_country)),
    )


def _link_without_reason(c):
    # A Kanim may link a person registered outside its area, with a reason; none given here.
    elsewhere = registry.stay_register(
        actor=c.u["kanim.pangkalpinang"], stay=stay_input("19.04.01.2003"), person=person()
    )
    passport = elsewhere.foreigner.passports.first()
    return lambda: registry.stay_register(
        actor=c.u["kanim.banjarmasin"],
        stay=stay_input(MANDURIAN),
        person=person(
            passport_number=passport.number, passport_country=str(passport.issuing_country)
        ),
        foreigner=elsewhere.foreigner,
        link_reason="  ",
    )


def _merge_already_merged(c):
    merge = _merge(c)
    other = _register(c)
    return lambda: registry.foreigner_merge(
        source=other.foreigner, target=merge.source, actor=c.u["kanim.banjarmasin"]
    )


def _split_twice(c):
    merge = _merge(c)
    registry.foreigner_split(merge=merge, actor=c.u["kanim.banjarmasin"])
    return lambda: registry.foreigner_split(merge=merge, actor=c.u["kanim.banjarmasin"])


def _alert_resolve(c, user="kanim.banjarmasin", status="ditangani", reason="", first=None):
    alert = _alert(c)
    if first:
        registry.alert_resolve(alert=alert, actor=c.u["kanim.banjarmasin"], status=first)
    return lambda: registry.alert_resolve(
        alert=alert, actor=c.u[user], status=status, reason=reason
    )


def _permit_code_taken(c):
    permit = PermitType.objects.get(code="C1")
    data = {f: getattr(permit, f) for f in registry.PERMIT_TYPE_FIELDS} | {"code": "c2"}
    return lambda: registry.permit_type_save(permit=permit, data=data, actor=c.u["pusat"])


def _upload():
    return SimpleUploadedFile("wna.csv", b"a,b\n1,2\n", content_type="text/csv")


def _transition_refused(c):
    report = _report(c)
    return lambda: reports.report_complete(report=report, actor=c.u["pimpasa.koba"])


def _reject_without_reason(c):
    report = _report(c)
    return lambda: reports.report_reject(report=report, actor=c.u["pimpasa.koba"])


def _idempotency_reused(c):
    _submit(idempotency_key="kunci-1", fingerprint="a")()
    return _submit(idempotency_key="kunci-1", fingerprint="b")


def _attachments(n):
    return [SimpleUploadedFile(f"f{i}.jpg", b"x", content_type="image/jpeg") for i in range(n)]


def _token_of_another(c):
    issued = accounts.token_create(actor=c.u["pusat"])
    return lambda: accounts.token_revoke(token=issued.token, actor=c.u["kanim.banjarmasin"])


def _confirm_device_of_another(c):
    device = accounts.two_factor_pending_device(actor=c.u["kanim.banjarmasin"])
    return lambda: accounts.two_factor_confirm(
        device=device, code="123456", actor=c.u["kanim.pangkalpinang"]
    )


def _codes_exhausted(c, monkeypatch):
    # Five tracking codes in a row already taken: practically impossible (31**9 codes), still
    # refused in words rather than with a server error.
    taken = _report(c).tracking_code
    monkeypatch.setattr(reports.codes, "generate", lambda: taken)
    return _submit()


def _merged_again_later(c):
    merge = _merge(c)
    third = _register(c)
    registry.foreigner_merge(
        source=merge.target, target=third.foreigner, actor=c.u["kanim.banjarmasin"]
    )
    return lambda: registry.foreigner_split(merge=merge, actor=c.u["kanim.banjarmasin"])


def _merge_across_areas(c):
    here = _register(c)
    there = registry.stay_register(
        actor=c.u["kanim.pangkalpinang"], stay=stay_input("19.04.01.2003"), person=person()
    )
    return lambda: registry.foreigner_merge(
        source=there.foreigner, target=here.foreigner, actor=c.u["kanim.banjarmasin"]
    )


def _stay_key_reused(c):
    def register(address):
        return registry.stay_register(
            actor=c.u["mitra.mandurian"],
            stay=stay_input(MANDURIAN, address=address),
            person=person(),
            idempotency_key="kunci-1",
            fingerprint=address,
        )

    register("Jl. Satu")
    return lambda: register("Jl. Dua")


CASES: dict[str, Refusal] = {
    # accounts
    "accounts.a_system_actor_has_no_tokens": Refusal(
        lambda c: lambda: accounts.token_create(actor=SYSTEM), NotAllowed, "no_account"
    ),
    "accounts.a_token_is_revoked_by_its_owner_only": Refusal(
        _token_of_another, NotAllowed, "not_own_token"
    ),
    "accounts.an_authenticator_is_confirmed_by_its_owner_only": Refusal(
        _confirm_device_of_another, NotAllowed, "not_own_device"
    ),
    "accounts.officers_keep_two_factor_on": Refusal(
        lambda c: (lambda u: lambda: accounts.two_factor_disable(actor=u))(
            enrol(c.u["kanim.banjarmasin"]).user
        ),
        NotAllowed,
        "required_for_officers",
    ),
    "accounts.only_administrators_reset_two_factor": Refusal(
        lambda c: (
            lambda: accounts.two_factor_reset(
                user=c.u["mitra.mandurian"], actor=c.u["kanim.banjarmasin"]
            )
        ),
        NotAllowed,
        "not_administrator",
    ),
    # regions
    "regions.reference_data_is_loaded_by_a_command_or_an_administrator": Refusal(
        lambda c: lambda: regions.regions_load(actor=c.u["pusat"], within=("19.04.01",)),
        NotAllowed,
        "not_loader",
    ),
    # programme
    "programme.only_the_office_designates": Refusal(
        lambda c: _designate(c, actor=c.u["kanim.banjarmasin"]), NotAllowed, "not_office_staff"
    ),
    "programme.a_partner_cannot_add_partners": Refusal(
        lambda c: _add_partner(c, actor=c.u["camat.koba"]), NotAllowed, "not_area_manager"
    ),
    "programme.a_village_outside_the_jurisdiction_is_refused": Refusal(
        lambda c: _designate(c, code=MANDURIAN), Invalid, "outside_jurisdiction"
    ),
    "programme.a_designation_is_not_in_the_future": Refusal(
        lambda c: _designate(c, designated_on=dt.date.today() + dt.timedelta(days=5)),
        Invalid,
        "future",
    ),
    "programme.an_inauguration_is_not_in_the_future": Refusal(
        lambda c: _assign(c, inaugurated_on=dt.date.today() + dt.timedelta(days=5)),
        Invalid,
        "future",
    ),
    "programme.only_a_desa_becomes_a_desa_binaan": Refusal(
        lambda c: _designate(c, code="19.04.01"), Invalid, "not_desa"
    ),
    "programme.a_village_is_proposed_once": Refusal(_propose_twice, Invalid, "exists"),
    "programme.a_deactivated_village_cannot_be_deactivated_again": Refusal(
        _deactivate_twice, Invalid, "transition"
    ),
    "programme.a_designation_raced_by_another_is_refused": Refusal("raced", Invalid, "exists"),
    "programme.a_designated_village_is_not_designated_again": Refusal(
        _designate_twice, Invalid, "exists"
    ),
    "programme.leaving_the_programme_needs_a_reason": Refusal(
        lambda c: (
            lambda d: (
                lambda: programme.desa_binaan_deactivate(
                    desa=d, reason=" ", actor=c.u["kanim.pangkalpinang"]
                )
            )
        )(_desa(c)),
        Invalid,
        "required",
    ),
    "programme.a_corner_needs_a_designated_village": Refusal(
        _corner_of_proposed, Invalid, "not_designated"
    ),
    "programme.a_corner_lies_in_its_village": Refusal(
        lambda c: (
            lambda d: (
                lambda: programme.corner_save(
                    desa=d,
                    data={"address": "x", "latitude": 30.0, "longitude": 120.0},
                    actor=c.u["kanim.pangkalpinang"],
                )
            )
        )(_desa(c)),
        Invalid,
        "location",
    ),
    "programme.a_pimpasa_serves_a_kecamatan_or_desa": Refusal(
        lambda c: _assign(c, region=region("19.04")), Invalid, "level"
    ),
    "programme.a_pimpasa_belongs_to_the_office": Refusal(
        lambda c: _assign(c, officer=c.u["pimpasa.mandurian"]), Invalid, "officer"
    ),
    "programme.an_area_has_one_active_pimpasa": Refusal(_assign_occupied, Invalid, "occupied"),
    "programme.an_assignment_raced_by_another_is_refused": Refusal("raced", Invalid, "occupied"),
    "programme.an_assignment_ends_after_it_began": Refusal(
        _end_before_inauguration, Invalid, "before_inauguration"
    ),
    "programme.a_phone_number_must_parse": Refusal(
        lambda c: _add_partner(c, phone="bukan nomor"), Invalid, "phone"
    ),
    "programme.a_phone_number_must_exist": Refusal(
        lambda c: _add_partner(c, phone="+62 12"), Invalid, "phone"
    ),
    "programme.a_camat_partners_a_kecamatan": Refusal(
        lambda c: _add_partner(c, role="camat"), Invalid, "level"
    ),
    "programme.an_invitation_needs_an_email": Refusal(_invite_without_email, Invalid, "no_email"),
    # reports
    "reports.a_report_names_a_desa": Refusal(
        lambda c: _submit(region=region("19.04.01")), Invalid, "not_desa"
    ),
    "reports.a_description_has_a_minimum": Refusal(
        lambda c: _submit(description="pendek"), Invalid, "too_short"
    ),
    "reports.an_occurrence_is_not_in_the_future": Refusal(
        lambda c: _submit(occurred_on=dt.date.today() + dt.timedelta(days=3)), Invalid, "future"
    ),
    "reports.a_partner_reports_for_their_own_area": Refusal(
        lambda c: _submit(actor=c.u["mitra.mandurian"]), Invalid, "outside_area"
    ),
    "reports.a_location_lies_in_the_village": Refusal(
        lambda c: _submit(latitude=30.0, longitude=120.0), Invalid, "location"
    ),
    "reports.at_most_five_files": Refusal(
        lambda c: _submit(files=_attachments(6)), Invalid, "attachment"
    ),
    "reports.a_report_is_saved_or_refused_in_words": Refusal("raced", Conflict, "retry"),
    "reports.an_idempotency_key_is_for_one_report": Refusal(
        _idempotency_reused, Conflict, "idempotency_key"
    ),
    "reports.only_handlers_in_scope_act": Refusal(
        lambda c: (
            lambda r: (
                lambda: reports.report_note_add(report=r, actor=c.u["kanwil.babel"], note="Catatan")
            )
        )(_report(c)),
        NotAllowed,
        "not_handler",
    ),
    "reports.a_step_the_status_does_not_allow_is_refused": Refusal(
        _transition_refused, Conflict, "transition"
    ),
    "reports.a_rejection_says_why": Refusal(_reject_without_reason, Invalid, "required"),
    "reports.an_unknown_status_is_refused": Refusal(
        lambda c: (
            lambda r: (
                lambda: reports.report_transition(
                    report=r, to_status="diteruskan", actor=c.u["pimpasa.koba"]
                )
            )
        )(_report(c)),
        Conflict,
        "transition",
    ),
    "reports.an_empty_note_is_refused": Refusal(
        lambda c: (
            lambda r: (
                lambda: reports.report_note_add(report=r, actor=c.u["pimpasa.koba"], note="  ")
            )
        )(_report(c)),
        Invalid,
        "required",
    ),
    "reports.assignment_stays_in_the_office": Refusal(
        lambda c: (
            lambda r: (
                lambda: reports.report_assign(
                    report=r, assignee=c.u["kanim.banjarmasin"], actor=c.u["pimpasa.koba"]
                )
            )
        )(_report(c)),
        NotAllowed,
        "other_office",
    ),
    "reports.the_assignee_covers_the_village": Refusal(
        lambda c: (
            lambda r: (
                lambda: reports.report_assign(
                    report=r, assignee=c.u["pimpasa.namang"], actor=c.u["pimpasa.koba"]
                )
            )
        )(_report(c)),
        NotAllowed,
        "assignee_outside_area",
    ),
    # registry
    "foreigners.a_village_outside_the_area_is_refused": Refusal(
        lambda c: _register_as(c, user="pimpasa.koba"), NotAllowed, "outside_area"
    ),
    "foreigners.every_problem_of_a_registration_at_once": Refusal(
        lambda c: (
            lambda: registry.stay_register(
                actor=c.u["mitra.mandurian"],
                stay=stay_input(MANDURIAN, arrival_date=TODAY + dt.timedelta(days=400)),
                person=person(given_names="  "),
            )
        ),
        Invalid,
        "registration",
    ),
    "foreigners.a_registered_passport_picks_its_person": Refusal(
        _passport_registered, Invalid, "passport_registered"
    ),
    "foreigners.linking_from_outside_the_area_needs_a_reason": Refusal(
        _link_without_reason, Invalid, "reason_required"
    ),
    "foreigners.only_the_pimpasa_or_kanim_verify": Refusal(
        lambda c: (
            lambda s: (
                lambda: registry.stay_verify(
                    stay=s, actor=c.u["mitra.mandurian"], verified_with="Paspor"
                )
            )
        )(_register(c)),
        NotAllowed,
        "cannot_verify",
    ),
    "foreigners.a_stay_is_verified_once": Refusal(_verify_twice, Invalid, "verified"),
    "foreigners.a_departure_follows_the_arrival": Refusal(
        lambda c: _depart(c, departed_on=dt.date(2000, 1, 1)), Invalid, "before_arrival"
    ),
    "foreigners.a_move_names_the_new_village": Refusal(
        lambda c: _depart(c, kind="pindah", moved_to=None), Invalid, "required"
    ),
    "foreigners.only_officers_merge": Refusal(
        lambda c: (
            lambda a, b: (
                lambda: registry.foreigner_merge(
                    source=a.foreigner, target=b.foreigner, actor=c.u["mitra.mandurian"]
                )
            )
        )(_register(c), _register(c)),
        NotAllowed,
        "not_officer",
    ),
    "foreigners.a_merged_record_is_no_merge_target": Refusal(
        _merge_already_merged, Invalid, "already_merged"
    ),
    "foreigners.a_merge_is_split_once": Refusal(_split_twice, Invalid, "already_split"),
    "foreigners.both_merged_records_are_in_the_area": Refusal(
        _merge_across_areas, NotAllowed, "outside_area"
    ),
    "foreigners.only_officers_split": Refusal(
        lambda c: (
            lambda m: lambda: registry.foreigner_split(merge=m, actor=c.u["mitra.mandurian"])
        )(_merge(c)),
        NotAllowed,
        "not_officer",
    ),
    "foreigners.a_registration_key_is_for_one_request": Refusal(
        _stay_key_reused, Conflict, "conflict"
    ),
    "foreigners.imports_are_recovered_by_the_system": Refusal(
        lambda c: lambda: registry.imports_recover(actor=c.u["kanim.banjarmasin"]),
        NotAllowed,
        "not_allowed",
    ),
    "foreigners.a_merge_under_a_later_merge_is_split_after_it": Refusal(
        _merged_again_later, Invalid, "merged_later"
    ),
    "foreigners.only_officers_of_the_area_handle_an_alert": Refusal(
        lambda c: _alert_resolve(c, user="kanim.pangkalpinang"), NotAllowed, "not_area_officer"
    ),
    "foreigners.a_closed_alert_stays_closed": Refusal(
        lambda c: _alert_resolve(c, status="ditangani", first=AlertStatus.SELESAI),
        Invalid,
        "transition",
    ),
    "foreigners.dismissing_an_alert_says_why": Refusal(
        lambda c: _alert_resolve(c, status=AlertStatus.DIABAIKAN), Invalid, "required"
    ),
    "foreigners.only_officers_open_a_full_record": Refusal(
        lambda c: (
            lambda s: (
                lambda: registry.access_log_write(
                    actor=c.u["mitra.mandurian"], foreigner=s.foreigner, reason="Pemeriksaan rutin"
                )
            )
        )(_register(c)),
        NotAllowed,
        "not_officer",
    ),
    "foreigners.a_full_record_needs_a_reason": Refusal(
        lambda c: (
            lambda s: (
                lambda: registry.access_log_write(
                    actor=c.u["kanim.banjarmasin"], foreigner=s.foreigner, reason="cek"
                )
            )
        )(_register(c)),
        Invalid,
        "reason_required",
    ),
    "foreigners.an_unmasked_export_needs_the_right": Refusal(
        lambda c: (
            lambda: registry.access_log_export(
                actor=c.u["kanim.banjarmasin"], foreigner_ids=[1], reason="Laporan bulanan"
            )
        ),
        NotAllowed,
        "cannot_export_unmasked",
    ),
    "foreigners.a_permit_code_is_unique": Refusal(_permit_code_taken, Invalid, "exists"),
    "foreigners.permit_types_are_loaded_by_the_directorate": Refusal(
        lambda c: lambda: registry.permit_types_load(actor=c.u["kanim.banjarmasin"]),
        NotAllowed,
        "not_directorate",
    ),
    "foreigners.a_scan_is_run_by_officers_or_the_system": Refusal(
        lambda c: lambda: registry.alerts_scan(actor=c.u["mitra.mandurian"], today=TODAY),
        NotAllowed,
        "not_officer",
    ),
    "foreigners.an_import_is_queued_by_its_roles": Refusal(
        lambda c: (
            lambda: registry.import_queue(
                upload=_upload(), skip_invalid=False, actor=c.u["mitra.mandurian"]
            )
        ),
        NotAllowed,
        "cannot_import",
    ),
    "foreigners.an_import_runs_as_its_task": Refusal(
        lambda c: (
            lambda r: lambda: registry.import_execute(run_id=r.pk, actor=c.u["kanim.banjarmasin"])
        )(_queued(c)),
        NotAllowed,
        "task_only",
    ),
    "foreigners.an_import_fails_as_its_task": Refusal(
        lambda c: (
            lambda r: (
                lambda: registry.import_fail(
                    run_id=r.pk, exc=ValueError("uji"), actor=c.u["kanim.banjarmasin"]
                )
            )
        )(_queued(c)),
        NotAllowed,
        "task_only",
    ),
}


RACED = {
    "reports.a_report_is_saved_or_refused_in_words": _codes_exhausted,
    "programme.a_designation_raced_by_another_is_refused": _reactivate_by_designation_raced,
    "programme.an_assignment_raced_by_another_is_refused": _assign_raced,
}

# What a refused call must leave untouched.
WATCHED = (AuditEvent, DesaBinaan, PimpasaAssignment, Report)


@pytest.mark.parametrize("name", sorted(CASES))
def test_service_refuses(ctx, monkeypatch, name):
    case = CASES[name]
    call = RACED[name](ctx, monkeypatch) if case.setup == "raced" else case.setup(ctx)
    before = {model: model.objects.count() for model in WATCHED}
    with pytest.raises(case.kind) as refused:
        call()
    assert refused.value.code == case.code
    assert refused.value.message.strip(), "a refusal says why"
    assert {model: model.objects.count() for model in WATCHED} == before


def test_a_system_actor_acts_where_a_person_would_be_refused(ctx):
    """The named system actor of a command passes the role checks (load_demo's designations),
    and is named in the trail instead of nobody."""
    desa = programme.desa_binaan_designate(
        region=region(KOBA_DESA),
        office=ctx.w["offices"]["pangkalpinang"],
        sk_number="SK-9",
        designated_on=DAY,
        actor=system_actor("load_demo"),
    )
    event = AuditEvent.objects.get(target=f"programme.desabinaan:{desa.pk}")
    assert (event.actor, event.actor_name) == (None, "sistem: load_demo")


def test_an_actor_is_the_user_it_was_built_for(ctx):
    actor = actor_for(ctx.u["kanim.pangkalpinang"])
    assert (
        programme.desa_binaan_designate(
            region=region(KOBA_DESA),
            office=ctx.w["offices"]["pangkalpinang"],
            sk_number="SK-9",
            designated_on=DAY,
            actor=actor,
        ).status
        == "dicanangkan"
    )
