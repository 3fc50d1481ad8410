"""Each early-detection rule at its edges, and the scan's idempotence."""

import datetime as dt

import pytest
from django.test import override_settings

from desabinaan.foreigners import rules
from desabinaan.foreigners.models import Alert, AlertKind, AlertStatus, PassportNumber, Severity
from desabinaan.foreigners.services import alert_resolve, alerts_scan, stay_depart
from tests.factories import SYSTEM

from .conftest import MANDURIAN_HILIR, PADANG_MULIA, TODAY, person

pytestmark = pytest.mark.django_db
D = dt.timedelta


def kinds(rule, today=TODAY):
    return [(f.kind, f.severity, f.measure) for f in rule(today)]


def test_overstay_sixty_days_is_still_the_fee_band(register):
    register(permit_expiry=TODAY - D(days=60))
    assert kinds(rules.overstay) == [(AlertKind.OVERSTAY, Severity.MEDIUM, 60)]


def test_overstay_day_sixty_one_passes_the_deportation_threshold(register):
    register(permit_expiry=TODAY - D(days=61))
    assert kinds(rules.overstay) == [(AlertKind.OVERSTAY, Severity.HIGH, 61)]


def test_overstay_starts_the_day_after_expiry(register):
    register(permit_expiry=TODAY)
    assert kinds(rules.overstay) == []
    assert kinds(rules.overstay, TODAY + D(days=1)) == [(AlertKind.OVERSTAY, Severity.MEDIUM, 1)]


def test_overstay_ignores_a_stay_with_a_departure(register, world):
    stay = register(permit_expiry=TODAY - D(days=30), arrival_date=TODAY - D(days=90))
    stay_depart(
        stay=stay,
        actor=world["users"]["mitra.mandurian"],
        departed_on=TODAY - D(days=31),
        kind="keluar",
    )
    assert kinds(rules.overstay) == []


@override_settings(FOREIGNERS_OVERSTAY_DEPORTATION_DAYS=30)
def test_overstay_threshold_comes_from_settings(register):
    register(permit_expiry=TODAY - D(days=31))
    assert kinds(rules.overstay) == [(AlertKind.OVERSTAY, Severity.HIGH, 31)]


def test_crossing_sixty_days_raises_a_second_higher_alert_once(register):
    register(permit_expiry=TODAY - D(days=59))
    alerts_scan(actor=SYSTEM, today=TODAY, rules=["overstay"])
    alerts_scan(actor=SYSTEM, today=TODAY + D(days=1), rules=["overstay"])
    assert Alert.objects.get().measure == 60  # refreshed, not duplicated
    alerts_scan(actor=SYSTEM, today=TODAY + D(days=2), rules=["overstay"])
    alerts_scan(actor=SYSTEM, today=TODAY + D(days=3), rules=["overstay"])
    assert sorted(Alert.objects.values_list("severity", flat=True)) == [2, 3]


def test_permit_expiring_window_is_fourteen_days_inclusive(register):
    register(permit_expiry=TODAY + D(days=14))
    register(permit_expiry=TODAY + D(days=15))
    register(permit_expiry=TODAY)
    assert sorted(m for _k, _s, m in kinds(rules.permit_expiring)) == [0, 14]


def test_passport_expiring_within_six_months(register):
    register(who=person(passport_expiry=dt.date(2026, 9, 2)))  # TODAY + 6 months exactly
    register(who=person(passport_expiry=dt.date(2026, 9, 3)))
    found = kinds(rules.passport)
    assert found == [(AlertKind.PASSPORT_EXPIRING, Severity.LOW, 184)]


def test_passport_expired(register):
    register(who=person(passport_expiry=TODAY - D(days=1)))
    assert kinds(rules.passport) == [(AlertKind.PASSPORT_EXPIRED, Severity.HIGH, 1)]


def test_a_renewed_passport_silences_the_old_one(register):
    stay = register(who=person(passport_expiry=TODAY - D(days=1)))
    PassportNumber.objects.create(
        foreigner=stay.foreigner,
        number="PN999999",
        issuing_country="AU",
        expiry_date=TODAY + D(days=3000),
    )
    assert kinds(rules.passport) == []


def test_two_active_stays_in_different_desa(register, world):
    first = register()
    assert kinds(rules.two_active_stays) == []
    register(
        user="kanim.banjarmasin",
        region=MANDURIAN_HILIR,
        foreigner=first.foreigner,
        who=person(passport_number=first.foreigner.passports.get().number),
    )
    found = list(rules.two_active_stays(TODAY))
    assert [(f.kind, f.region_id, f.measure) for f in found] == [
        (AlertKind.TWO_ACTIVE_STAYS, MANDURIAN_HILIR, 2)
    ]


def test_two_stays_in_the_same_desa_are_not_flagged(register):
    first = register()
    register(
        foreigner=first.foreigner,
        who=person(passport_number=first.foreigner.passports.get().number),
    )
    assert kinds(rules.two_active_stays) == []


def test_work_purpose_on_a_visit_permit(register):
    register(purpose="bekerja", permit="C1")
    register(purpose="bekerja", permit="E23")  # work visa: fine
    register(purpose="bekerja", permit="ITAS")  # "limited": depends on the visa, not flagged
    register(purpose="wisata", permit="C1")
    assert kinds(rules.work_on_non_work_permit) == [
        (AlertKind.WORK_ON_NON_WORK_PERMIT, Severity.MEDIUM, 0)
    ]


@override_settings(FOREIGNERS_ADDRESS_LIMIT=2)
def test_crowded_address_needs_more_than_the_limit(register):
    register(address="Jl. Kenanga 7")
    register(address="jl  kenanga 7")  # same address, typed differently
    assert kinds(rules.crowded_address) == []
    register(address="JL. KENANGA 7.")
    assert kinds(rules.crowded_address) == [(AlertKind.CROWDED_ADDRESS, Severity.MEDIUM, 3)]


@override_settings(FOREIGNERS_ADDRESS_LIMIT=2)
def test_crowded_address_counts_per_desa(register, world):
    register(address="Jl. Kenanga 7")
    register(address="Jl. Kenanga 7")
    register(user="kanim.banjarmasin", region=MANDURIAN_HILIR, address="Jl. Kenanga 7")
    assert kinds(rules.crowded_address) == []


def test_departure_overdue_after_seven_days(register):
    register(expected_departure=TODAY - D(days=7))
    assert kinds(rules.departure_overdue) == []
    assert kinds(rules.departure_overdue, TODAY + D(days=1)) == [
        (AlertKind.DEPARTURE_OVERDUE, Severity.LOW, 8)
    ]


def twin(register, first, **overrides):
    """The person of `first` registered again as a new record under another passport."""
    f = first.foreigner
    same = {
        "given_names": f.given_names,
        "family_name": f.family_name,
        "date_of_birth": f.date_of_birth,
        "nationality": str(f.nationality),
        "passport_number": "ZZ9988776",
    }
    who = person(**{**same, **overrides})
    return register(who=who, arrival_date=TODAY - D(days=3))


def test_possible_duplicate_same_name_birth_date_and_nationality(register, world):
    first = register()
    assert kinds(rules.possible_duplicate) == []
    second = twin(register, first)
    found = list(rules.possible_duplicate(TODAY))
    assert [(f.kind, f.severity, f.measure, f.stay_id) for f in found] == [
        (AlertKind.POSSIBLE_DUPLICATE, Severity.LOW, 2, second.pk)
    ]


def test_possible_duplicate_needs_the_same_nationality(register):
    twin(register, register(), nationality="NZ")
    assert kinds(rules.possible_duplicate) == []


def test_possible_duplicate_is_gone_once_merged(register, world):
    from desabinaan.foreigners.services import foreigner_merge

    first = register()
    second = twin(register, first)
    foreigner_merge(
        source=second.foreigner,
        target=first.foreigner,
        actor=world["users"]["pimpasa.mandurian"],
        reason="orang yang sama",
    )
    assert kinds(rules.possible_duplicate) == []


def test_possible_duplicate_ignores_a_record_without_an_active_stay(register, world):
    first = register(arrival_date=TODAY - D(days=40))
    stay_depart(
        stay=first,
        actor=world["users"]["mitra.mandurian"],
        departed_on=TODAY - D(days=5),
        kind="keluar",
    )
    twin(register, first)
    assert kinds(rules.possible_duplicate) == []


def test_scan_is_idempotent_and_scoped_to_the_stay_region(register, world):
    register(permit_expiry=TODAY + D(days=3))
    register(user="pimpasa.koba", region=PADANG_MULIA, permit_expiry=TODAY - D(days=2))
    first = alerts_scan(actor=SYSTEM, today=TODAY)
    second = alerts_scan(actor=SYSTEM, today=TODAY)
    assert sum(first.raised.values()) == 2
    assert sum(second.raised.values()) == 0
    assert Alert.objects.count() == 2
    assert all(a.events.count() == 1 for a in Alert.objects.all())
    assert {a.region_id for a in Alert.objects.all()} == {"63.05.03.2003", PADANG_MULIA}


def test_a_dismissed_condition_is_not_raised_again(register, world):
    register(permit_expiry=TODAY + D(days=3))
    alerts_scan(actor=SYSTEM, today=TODAY)
    alert = Alert.objects.get()
    alert_resolve(
        alert=alert,
        actor=world["users"]["pimpasa.mandurian"],
        status=AlertStatus.DIABAIKAN,
        reason="Izin sudah diperpanjang di kantor",
    )
    alerts_scan(actor=SYSTEM, today=TODAY + D(days=1))
    assert Alert.objects.count() == 1


def test_scan_command_prints_a_summary_and_is_idempotent(register, capsys):
    from django.core.management import call_command

    register(permit_expiry=TODAY + D(days=3))
    call_command("scan_alerts", "--date", TODAY.isoformat())
    first = capsys.readouterr().out
    assert "permit_expiring            found      1  new alerts      1" in first
    assert "total: 1 new alerts" in first
    call_command("scan_alerts", "--date", TODAY.isoformat())
    assert "total: 0 new alerts, 0 open alerts refreshed" in capsys.readouterr().out
    assert Alert.objects.count() == 1


def test_scan_command_refuses_a_bad_date_and_rule():
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("scan_alerts", "--date", "26-11-2026")
    with pytest.raises(CommandError):
        call_command("scan_alerts", "--rule", "no_such_rule")
    with pytest.raises(CommandError, match="leave out --rule"):
        call_command("scan_alerts", "--enqueue", "--rule", "overstay")


def test_scan_runs_as_a_task(register, capsys):
    """`--enqueue` hands the scan to the task queue (the test settings run tasks at once)."""
    from django.core.management import call_command

    from desabinaan.foreigners.tasks import scan_alerts_task

    register(permit_expiry=TODAY - D(days=2))
    call_command("scan_alerts", "--enqueue", "--date", TODAY.isoformat())
    assert "scan queued as task" in capsys.readouterr().out
    assert Alert.objects.get().kind == AlertKind.OVERSTAY
    result = scan_alerts_task.enqueue(date=TODAY.isoformat())
    assert result.return_value["raised"]["overstay"] == 0
    assert result.return_value["found"]["overstay"] == 1
