"""Refusals tested at the service (issue 10): each `raise` in the programme, reports and registry
services that forms used to catch first, called directly, one test each."""

import datetime as dt

import pytest
from django.core.management import call_command

from desabinaan.accounts.scope import public_actor
from desabinaan.core.refusals import DomainError, Invalid
from desabinaan.foreigners import services as registry
from desabinaan.programme import services as programme
from desabinaan.regions.models import Region
from desabinaan.reports import services as reports
from tests.factories import SYSTEM, UserFactory
from tests.foreigners.conftest import MANDURIAN, person, stay_input
from tests.test_audit import _merge, _partner, _register, _report

pytestmark = pytest.mark.django_db
DAY = dt.date(2025, 9, 30)


@pytest.fixture
def c(world, settings, tmp_path):
    call_command("load_permit_types", verbosity=0)
    settings.REPORTS_ATTACHMENT_ROOT = tmp_path / "private"
    from types import SimpleNamespace

    return SimpleNamespace(w=world, u=world["users"], tmp=tmp_path)


def refused(match, call, exc=DomainError):
    with pytest.raises(exc, match=match):
        call()


# --- programme ------------------------------------------------------------------------------


def test_designation_needs_an_sk_number(c):
    refused(
        "SK",
        lambda: programme.desa_binaan_designate(
            region=Region.objects.get(code="19.04.01.1002"),
            office=c.w["offices"]["pangkalpinang"],
            sk_number="  ",
            designated_on=DAY,
            actor=c.u["kanim.pangkalpinang"],
        ),
    )


def _assign(c, officer, sk="SK-9", replace=False):
    return programme.pimpasa_assign(
        officer=officer,
        region=Region.objects.get(code="19.04.01"),
        office=c.w["offices"]["pangkalpinang"],
        sk_number=sk,
        inaugurated_on=dt.date(2025, 10, 1),
        replace=replace,
        actor=c.u["kanim.pangkalpinang"],
    )


def test_pimpasa_assignment_needs_an_sk_number(c):
    newcomer = UserFactory(role="pimpasa", office=c.w["offices"]["pangkalpinang"])
    refused("SK", lambda: _assign(c, newcomer, sk=""))


def test_replacing_a_pimpasa_by_the_same_officer_is_refused(c):
    refused("sudah menjadi PIMPASA", lambda: _assign(c, c.u["pimpasa.koba"], replace=True))


def test_an_ended_assignment_cannot_end_again(c):
    assignment = c.w["assignments"]["koba"]
    programme.pimpasa_end(assignment=assignment, ended_on=dt.date(2025, 12, 31), actor=SYSTEM)
    refused(
        ".",
        lambda: programme.pimpasa_end(
            assignment=assignment, ended_on=dt.date(2026, 1, 1), actor=SYSTEM
        ),
    )


def _add_partner(c, **kw):
    values = {
        "region": Region.objects.get(code="19.04.01.1002"),
        "role": "babinsa",
        "name": "Serda Uji",
        "actor": c.u["kanim.pangkalpinang"],
    }
    values.update(kw)
    return programme.partner_add(**values)


def test_a_partner_works_in_a_desa_or_kecamatan_only(c):
    refused(".", lambda: _add_partner(c, region=Region.objects.get(code="19.04")))


def test_a_partner_needs_a_known_role(c):
    refused(".", lambda: _add_partner(c, role="dukun"))


def test_a_partner_needs_a_name(c):
    refused(".", lambda: _add_partner(c, name="   "))


def test_an_inactive_partner_is_not_invited(c):
    partner = _partner(c)
    programme.partner_set_active(partner=partner, active=False, actor=SYSTEM)
    refused(
        ".",
        lambda: programme.partner_invite(
            partner=partner, base_url="http://x", actor=c.u["kanim.pangkalpinang"]
        ),
    )


def test_a_partner_with_an_account_is_not_invited_again(c):
    partner = _partner(c)
    user = programme.partner_invite(partner=partner, base_url="http://x", actor=SYSTEM)
    user.set_password("sudah-dipasang-123")
    user.save()
    partner.refresh_from_db()
    refused(
        ".",
        lambda: programme.partner_invite(partner=partner, base_url="http://x", actor=SYSTEM),
    )


# --- reports --------------------------------------------------------------------------------


def _submit(**kw):
    values = {
        "category": "wna_mencurigakan",
        "region": Region.objects.get(code="19.04.01.2003"),
        "description": "Ada orang asing tinggal di rumah kosong dekat pantai.",
        "actor": public_actor(),
    }
    values.update(kw)
    return reports.report_submit(**values)


def test_a_report_needs_a_known_category(c):
    refused(".", lambda: _submit(category="gosip"), Invalid)


def test_a_report_description_has_a_maximum(c):
    refused(".", lambda: _submit(description="x" * (reports.MAX_DESCRIPTION + 1)), Invalid)


def test_a_status_change_note_has_a_maximum(c):
    report = _report(c)
    refused(
        ".",
        lambda: reports.report_verify(
            report=report, actor=c.u["pimpasa.koba"], note="x" * (reports.MAX_NOTE + 1)
        ),
        Invalid,
    )


def test_an_internal_note_has_a_maximum(c):
    report = _report(c)
    refused(
        ".",
        lambda: reports.report_note_add(
            report=report, actor=c.u["pimpasa.koba"], note="x" * (reports.MAX_NOTE + 1)
        ),
        Invalid,
    )


def test_assigning_to_the_current_assignee_is_refused(c):
    report = _report(c)
    reports.report_assign(
        report=report, assignee=c.u["kanim.pangkalpinang"], actor=c.u["pimpasa.koba"]
    )
    refused(
        ".",
        lambda: reports.report_assign(
            report=report, assignee=c.u["kanim.pangkalpinang"], actor=c.u["pimpasa.koba"]
        ),
        Invalid,
    )


# --- registry -------------------------------------------------------------------------------


def _stay_register(c, user="mitra.mandurian", region=MANDURIAN, foreigner=None, **stay):
    return registry.stay_register(
        actor=c.u[user],
        stay=stay_input(region, **stay),
        person=person(),
        foreigner=foreigner,
    )


def test_a_role_that_cannot_register_is_refused(c):
    refused(".", lambda: _stay_register(c, user="kanwil.kalsel"))


def test_registration_needs_a_desa_not_a_larger_area(c):
    refused(".", lambda: _stay_register(c, user="kanim.banjarmasin", region="63.05.03"))


def test_a_merged_record_cannot_take_a_new_stay(c):
    merge = _merge(c)
    refused(".", lambda: _stay_register(c, user="kanim.banjarmasin", foreigner=merge.source))


def test_a_person_out_of_sight_cannot_be_picked(c):
    elsewhere = registry.stay_register(
        actor=c.u["kanim.pangkalpinang"],
        stay=stay_input("19.04.01.2003"),
        person=person(),
    )
    refused(".", lambda: _stay_register(c, foreigner=elsewhere.foreigner))


def test_a_passport_of_another_person_is_refused(c):
    first, other = _register(c), _register(c)
    number = first.foreigner.passports.first()
    refused(
        ".",
        lambda: registry.stay_register(
            actor=c.u["mitra.mandurian"],
            stay=stay_input(MANDURIAN),
            person=person(
                passport_number=number.number, passport_country=str(number.issuing_country)
            ),
            foreigner=other.foreigner,
        ),
    )


def test_verification_says_what_was_checked(c):
    stay = _register(c)
    refused(
        ".",
        lambda: registry.stay_verify(stay=stay, actor=c.u["pimpasa.mandurian"], verified_with="  "),
    )


def _depart(c, stay, user="mitra.mandurian", **kw):
    values = {"departed_on": dt.date(2026, 2, 1), "kind": "keluar"}
    values.update(kw)
    return registry.stay_depart(stay=stay, actor=c.u[user], **values)


def test_a_role_that_cannot_record_departures_is_refused(c):
    refused(".", lambda: _depart(c, _register(c), user="kanwil.kalsel"))


def test_a_departure_outside_the_area_is_refused(c):
    refused(".", lambda: _depart(c, _register(c), user="pimpasa.koba"))


def test_a_departure_is_recorded_once(c):
    stay = _register(c)
    _depart(c, stay)
    refused(".", lambda: _depart(c, stay))


def test_a_departure_needs_a_known_kind(c):
    refused(".", lambda: _depart(c, _register(c), kind="terbang"))


def test_a_departure_cannot_be_in_the_future(c):
    refused(".", lambda: _depart(c, _register(c), departed_on=dt.date(2999, 1, 1)))


def test_a_move_goes_to_another_desa(c):
    refused(
        ".",
        lambda: _depart(
            c, _register(c), kind="pindah", moved_to=Region.objects.get(code=MANDURIAN)
        ),
    )


def test_only_verifying_roles_change_a_photo(c):
    stay = _register(c)
    refused(
        ".",
        lambda: registry.foreigner_photo_remove(
            foreigner=stay.foreigner, actor=c.u["mitra.mandurian"]
        ),
    )


def test_a_photo_outside_the_area_is_refused(c):
    stay = _register(c)
    refused(
        ".",
        lambda: registry.foreigner_photo_remove(
            foreigner=stay.foreigner, actor=c.u["pimpasa.koba"]
        ),
    )


def test_a_record_is_not_merged_with_itself(c):
    stay = _register(c)
    refused(
        ".",
        lambda: registry.foreigner_merge(
            source=stay.foreigner, target=stay.foreigner, actor=c.u["kanim.banjarmasin"]
        ),
    )


def test_a_merged_record_is_not_merged_again(c):
    merge = _merge(c)
    third = _register(c)
    refused(
        ".",
        lambda: registry.foreigner_merge(
            source=merge.source, target=third.foreigner, actor=c.u["kanim.banjarmasin"]
        ),
    )


def test_a_merge_under_a_later_merge_is_refused(c):
    merge = _merge(c)
    third = _register(c)
    registry.foreigner_merge(
        source=merge.target, target=third.foreigner, actor=c.u["kanim.banjarmasin"]
    )
    refused(".", lambda: registry.foreigner_split(merge=merge, actor=c.u["kanim.banjarmasin"]))


def test_an_unmasked_export_needs_a_reason(c):
    from django.contrib.auth.models import Permission

    officer = c.u["kanim.banjarmasin"]
    officer.user_permissions.add(Permission.objects.get(codename="export_passport_numbers"))
    officer = type(officer).objects.get(pk=officer.pk)
    refused(".", lambda: registry.access_log_export(actor=officer, foreigner_ids=[1], reason="ok"))


def test_only_the_directorate_changes_permit_types(c):
    from desabinaan.foreigners.models import PermitType

    permit = PermitType.objects.get(code="C1")
    data = {f: getattr(permit, f) for f in registry.PERMIT_TYPE_FIELDS} | {"code": "C1"}
    refused(
        ".",
        lambda: registry.permit_type_save(permit=permit, data=data, actor=c.u["kanim.banjarmasin"]),
    )
