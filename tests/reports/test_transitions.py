"""Every workflow step, allowed and refused, and who may take it."""

import itertools

import pytest

from desabinaan.core.refusals import Conflict, Invalid, NotAllowed
from desabinaan.reports import services
from desabinaan.reports.models import TRANSITIONS, EventKind, Report, ReportEvent, Status

pytestmark = pytest.mark.django_db

# No PIMPASA in Bangka Selatan in the test world: its reports go to Kanim Pangkalpinang.
BANGKA_SELATAN = "19.03.01.2004"

PAIRS = [(a, b) for a, b in itertools.product(Status.values, Status.values) if b != Status.BARU]


def _at(report: Report, status: str) -> Report:
    # Put the report in the starting status without a service: the test is about the next step.
    Report.objects.filter(pk=report.pk).update(status=status)
    report.refresh_from_db()
    return report


@pytest.mark.parametrize(("current", "target"), PAIRS)
def test_transition_matrix(file_report, world, current, target):
    report = _at(file_report(), current)
    koba = world["users"]["pimpasa.koba"]
    events_before = ReportEvent.objects.filter(report=report).count()
    if target in TRANSITIONS[current]:
        services.report_transition(
            report=report, to_status=target, actor=koba, public_note="Sudah dicek."
        )
        report.refresh_from_db()
        assert report.status == target
        event = report.events.filter(kind=EventKind.STATUS).latest("pk")
        assert (event.from_status, event.to_status, event.actor) == (current, target, koba)
        assert event.is_public and event.note == "Sudah dicek."
    else:
        with pytest.raises(Conflict) as refused:
            services.report_transition(report=report, to_status=target, actor=koba)
        assert "tidak dapat diubah menjadi" in refused.value.message
        report.refresh_from_db()
        assert report.status == current
        assert ReportEvent.objects.filter(report=report).count() == events_before


def test_full_path_to_selesai_writes_one_event_per_step(file_report, world):
    report = file_report()
    koba = world["users"]["pimpasa.koba"]
    services.report_verify(report=report, actor=koba)
    services.report_follow_up(report=report, actor=koba, note="Koordinasi dengan Polsek.")
    services.report_complete(report=report, actor=koba)
    steps = list(
        report.events.filter(kind=EventKind.STATUS).values_list("from_status", "to_status")
    )
    assert steps == [
        ("baru", "diverifikasi"),
        ("diverifikasi", "ditindaklanjuti"),
        ("ditindaklanjuti", "selesai"),
    ]
    internal = report.events.get(kind=EventKind.NOTE)
    assert not internal.is_public and internal.note == "Koordinasi dengan Polsek."


@pytest.mark.parametrize(
    "username", ["pimpasa.namang", "kanim.banjarmasin", "kanwil.babel", "camat.koba", "pusat"]
)
def test_only_handlers_in_scope_may_change_status(file_report, world, username):
    report = file_report()
    with pytest.raises(NotAllowed):
        services.report_verify(report=report, actor=world["users"][username])
    report.refresh_from_db()
    assert report.status == Status.BARU


def test_kanim_of_the_area_may_act_and_takes_an_unassigned_report(file_report, world):
    report = file_report(code=BANGKA_SELATAN)
    kanim = world["users"]["kanim.pangkalpinang"]
    assert report.assigned_to is None
    services.report_verify(report=report, actor=kanim)
    report.refresh_from_db()
    assert report.assigned_to == kanim


def test_unknown_target_status_is_refused(file_report, world):
    with pytest.raises(Conflict):
        services.report_transition(
            report=file_report(), to_status="diteruskan", actor=world["users"]["pimpasa.koba"]
        )


def test_note_and_assignment(file_report, world):
    from tests.factories import officer

    report = file_report(code=BANGKA_SELATAN)
    kanim = world["users"]["kanim.pangkalpinang"]
    colleague = officer("kanim", world["offices"]["pangkalpinang"], username="kanim.colleague")
    services.report_note_add(report=report, actor=kanim, note="Cek ke lokasi besok.")
    services.report_assign(report=report, assignee=colleague, actor=kanim)
    report.refresh_from_db()
    assert report.assigned_to == colleague
    assert report.events.filter(kind=EventKind.ASSIGNED, actor=kanim).exists()
    with pytest.raises(Invalid):
        services.report_note_add(report=report, actor=kanim, note="   ")


def test_assignment_to_another_office_or_outside_the_area_is_refused(file_report, world):
    report = file_report()
    koba = world["users"]["pimpasa.koba"]
    with pytest.raises(NotAllowed):
        services.report_assign(
            report=report, assignee=world["users"]["kanim.banjarmasin"], actor=koba
        )
    # Same office, but Namang's PIMPASA does not cover Koba.
    with pytest.raises(NotAllowed) as refused:
        services.report_assign(report=report, assignee=world["users"]["pimpasa.namang"], actor=koba)
    assert "tidak membina" in refused.value.message
    report.refresh_from_db()
    assert report.assigned_to == koba
