"""Registration, dedupe suggestions, merge/split, departure and alert transitions."""

import datetime as dt
import re

import pytest

from desabinaan.core.refusals import DomainError
from desabinaan.foreigners import selectors
from desabinaan.foreigners.models import Alert, AlertStatus, Foreigner, PassportNumber, Stay
from desabinaan.foreigners.services import (
    alert_resolve,
    alerts_scan,
    foreigner_merge,
    foreigner_split,
    stay_depart,
    stay_register,
    stay_verify,
)
from desabinaan.foreigners.text import add_months, fold_address, mask_passport
from tests.factories import SYSTEM

from .conftest import MANDURIAN_HILIR, PADANG_MULIA, TODAY, person, stay_input

pytestmark = pytest.mark.django_db


def candidates(user, **kw):
    values = {
        "given_names": "John",
        "family_name": "Walker",
        "date_of_birth": dt.date(1985, 4, 12),
        "nationality": "AU",
        "passport_number": "ZZ000000",
        "passport_country": "AU",
    }
    values.update(kw)
    return [(c.pk, c.reasons) for c in selectors.duplicate_candidates(actor=user, **values)]


@pytest.mark.parametrize(
    "number, masked",
    [
        ("C1", "****"),
        ("C12", "****2"),
        ("AB12", "****2"),
        ("AB123", "****3"),
        ("AB1234", "A****4"),
        ("A1234589", "A****9"),
        ("C01X00T47", "C****47"),
        ("AB123456789012", "AB****12"),
        ("A" * 20, "AA****AA"),
    ],
)
def test_mask_never_shows_more_than_a_third(number, masked):
    assert mask_passport(number) == masked
    shown = len(masked) - masked.count("*")
    assert shown <= len(number) // 3 and shown <= 4
    # The mask does not tell the length either.
    assert masked.count("*") == 4


@pytest.mark.parametrize("length", range(2, 21))
def test_mask_of_every_length_hides_two_thirds(length):
    number = "".join("ABCDEFGHJK0123456789"[i] for i in range(length))
    masked = mask_passport(number)
    head, tail = masked.split("****")
    assert len(head) <= 2 and len(tail) <= 2 and len(head) + len(tail) <= length // 3
    assert number.startswith(head) and number.endswith(tail)


def test_no_template_masks_a_number_by_hand():
    """One masking function: templates use the |masked filter, never slices of a number."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "desabinaan"
    offenders = [
        str(t.relative_to(root))
        for t in root.rglob("*.html")
        if re.search(r"number\|slice|\*\*\*\*", t.read_text(encoding="utf-8"))
    ]
    assert not offenders, offenders


def test_add_months_clips_to_month_end():
    assert add_months(dt.date(2026, 8, 31), 6) == dt.date(2027, 2, 28)


def test_address_folding_ignores_case_and_punctuation():
    assert fold_address("Jl. Kenanga  No.7") == fold_address("JL KENANGA NO 7")


def test_candidates_same_name_and_dob(register, world):
    stay = register(who=person(family_name="Walker"))
    assert candidates(world["users"]["mitra.mandurian"]) == [(stay.foreigner_id, ["name_dob"])]


def test_candidates_close_name(register, world):
    stay = register(who=person(given_names="Jon", family_name="Walkers"))
    found = candidates(world["users"]["mitra.mandurian"], date_of_birth=dt.date(1990, 1, 1))
    assert found == [(stay.foreigner_id, ["close_name"])]


def test_candidates_far_name_is_not_offered(register, world):
    register(who=person(given_names="Akira", family_name="Tanaka", nationality="JP"))
    assert candidates(world["users"]["mitra.mandurian"]) == []


def test_candidates_same_passport_outside_scope_only_for_the_office(register, world):
    stay = register(
        user="pimpasa.koba", region=PADANG_MULIA, who=person(passport_number="QQ123456")
    )

    def found(user):
        return selectors.duplicate_candidates(
            actor=world["users"][user],
            given_names="X",
            family_name="Y",
            date_of_birth=dt.date(2000, 1, 1),
            nationality="AU",
            passport_number="qq 123456",
            passport_country="AU",
        )

    # Neither confirmed nor denied to a partner or a PIMPASA of another area …
    assert found("mitra.mandurian") == []
    assert found("pimpasa.mandurian") == []
    # … offered without any detail to the office level, which may decide to link.
    assert [(c.pk, c.foreigner, c.reasons) for c in found("kanim.banjarmasin")] == [
        (stay.foreigner_id, None, ["passport"])
    ]


def test_candidates_by_name_do_not_leak_outside_scope(register, world):
    register(user="pimpasa.koba", region=PADANG_MULIA, who=person(family_name="Walker"))
    assert candidates(world["users"]["mitra.mandurian"]) == []


def test_mitra_cannot_register_outside_their_desa(register):
    with pytest.raises(DomainError):
        register(region=MANDURIAN_HILIR)
    assert not Stay.objects.exists() and not Foreigner.objects.exists()


def test_a_second_passport_is_kept_as_history(register):
    first = register(who=person(passport_number="OLD11111", passport_expiry=dt.date(2025, 1, 1)))
    register(
        foreigner=first.foreigner,
        who=person(passport_number="NEW22222", passport_expiry=dt.date(2035, 1, 1)),
        arrival_date=dt.date(2026, 2, 1),
    )
    numbers = list(first.foreigner.passports.values_list("number", flat=True))
    assert numbers == ["NEW22222", "OLD11111"]


def test_merge_moves_everything_and_split_puts_it_back(register, world):
    officer = world["users"]["kanim.banjarmasin"]
    a = register(who=person(passport_number="AAA11111"), permit_expiry=TODAY + dt.timedelta(days=3))
    b = register(who=person(passport_number="BBB22222"))
    alerts_scan(actor=SYSTEM, today=TODAY)
    merge = foreigner_merge(source=a.foreigner, target=b.foreigner, actor=officer, reason="sama")
    assert Stay.objects.filter(foreigner=b.foreigner).count() == 2
    assert set(b.foreigner.passports.values_list("number", flat=True)) == {"AAA11111", "BBB22222"}
    assert Alert.objects.get().foreigner_id == b.foreigner_id
    assert Foreigner.objects.get(pk=a.foreigner_id).merged_into_id == b.foreigner_id
    assert selectors.foreigners_for(actor=officer).count() == 1

    foreigner_split(merge=merge, actor=officer)
    assert Stay.objects.get(pk=a.pk).foreigner_id == a.foreigner_id
    assert PassportNumber.objects.get(number="AAA11111").foreigner_id == a.foreigner_id
    assert Alert.objects.get().foreigner_id == a.foreigner_id
    assert Foreigner.objects.get(pk=a.foreigner_id).merged_into_id is None
    merge.refresh_from_db()
    assert merge.split_by == officer
    with pytest.raises(DomainError):
        foreigner_split(merge=merge, actor=officer)


def test_mitra_cannot_merge(register, world):
    a, b = register(), register()
    with pytest.raises(DomainError):
        foreigner_merge(
            source=a.foreigner, target=b.foreigner, actor=world["users"]["mitra.mandurian"]
        )
    assert Foreigner.objects.filter(merged_into__isnull=False).count() == 0


def test_merge_needs_both_records_in_scope(register, world):
    a = register()
    b = register(user="pimpasa.koba", region=PADANG_MULIA)
    with pytest.raises(DomainError):
        foreigner_merge(
            source=b.foreigner, target=a.foreigner, actor=world["users"]["pimpasa.mandurian"]
        )


def test_split_of_a_stacked_merge_needs_the_later_one_split_first(register, world):
    officer = world["users"]["kanim.banjarmasin"]
    a, b, c = register(), register(), register()
    first = foreigner_merge(source=a.foreigner, target=b.foreigner, actor=officer)
    b.foreigner.refresh_from_db()
    second = foreigner_merge(source=b.foreigner, target=c.foreigner, actor=officer)
    with pytest.raises(DomainError):
        foreigner_split(merge=first, actor=officer)
    foreigner_split(merge=second, actor=officer)
    foreigner_split(merge=first, actor=officer)
    assert Stay.objects.get(pk=a.pk).foreigner_id == a.foreigner_id


def test_verify_by_pimpasa_and_not_twice(register, world):
    stay = register()
    with pytest.raises(DomainError):
        stay_verify(stay=stay, actor=world["users"]["mitra.mandurian"], verified_with="x")
    stay_verify(stay=stay, actor=world["users"]["pimpasa.mandurian"], verified_with="Paspor asli")
    assert stay.verified_by == world["users"]["pimpasa.mandurian"]
    with pytest.raises(DomainError):
        stay_verify(stay=stay, actor=world["users"]["pimpasa.mandurian"], verified_with="lagi")


def test_departure_moved_needs_another_desa(register, world, regions):
    from desabinaan.regions.models import Region

    stay = register()
    mitra = world["users"]["mitra.mandurian"]
    with pytest.raises(DomainError):
        stay_depart(stay=stay, actor=mitra, departed_on=TODAY, kind="pindah")
    with pytest.raises(DomainError):
        stay_depart(stay=stay, actor=mitra, departed_on=dt.date(2025, 1, 1), kind="keluar")
    stay_depart(
        stay=stay,
        actor=mitra,
        departed_on=dt.date(2026, 2, 1),
        kind="pindah",
        moved_to=Region.objects.get(code=MANDURIAN_HILIR),
    )
    stay.refresh_from_db()
    assert stay.moved_to_id == MANDURIAN_HILIR and not stay.is_active


def test_alert_transitions_are_guarded(register, world):
    register(permit_expiry=TODAY + dt.timedelta(days=1))
    alerts_scan(actor=SYSTEM, today=TODAY)
    alert = Alert.objects.get()
    pimpasa = world["users"]["pimpasa.mandurian"]
    with pytest.raises(DomainError):
        alert_resolve(alert=alert, actor=pimpasa, status=AlertStatus.DIABAIKAN)
    with pytest.raises(DomainError):
        alert_resolve(alert=alert, actor=world["users"]["pimpasa.koba"], status="selesai")
    alert_resolve(alert=alert, actor=pimpasa, status=AlertStatus.DITANGANI)
    alert_resolve(
        alert=alert, actor=pimpasa, status=AlertStatus.SELESAI, reason="Izin diperpanjang"
    )
    with pytest.raises(DomainError):
        alert_resolve(alert=alert, actor=pimpasa, status=AlertStatus.DITANGANI)
    assert list(alert.events.values_list("status", flat=True)) == ["baru", "ditangani", "selesai"]


def test_timeline_shows_gaps_and_overlaps(register, world):
    first = register(arrival_date=dt.date(2025, 1, 1))
    stay_depart(
        stay=first,
        actor=world["users"]["mitra.mandurian"],
        departed_on=dt.date(2025, 3, 1),
        kind="keluar",
    )
    number = first.foreigner.passports.get().number
    register(
        foreigner=first.foreigner,
        who=person(passport_number=number),
        arrival_date=dt.date(2025, 3, 11),
    )
    register(
        foreigner=first.foreigner,
        who=person(passport_number=number),
        arrival_date=dt.date(2025, 4, 1),
    )
    stays = list(Stay.objects.filter(foreigner=first.foreigner).order_by("arrival_date"))
    entries = selectors.timeline(stays, today=TODAY)
    assert [(e.gap_days, e.overlaps) for e in entries] == [(None, False), (10, False), (0, True)]


def test_timeline_parts_outside_scope_are_hidden_except_for_kanwil(register, world):
    stay = register()
    number = stay.foreigner.passports.get().number
    stay_register(
        actor=world["users"]["kanim.pangkalpinang"],
        stay=stay_input(PADANG_MULIA),
        person=person(passport_number=number),
        foreigner=stay.foreigner,
        link_reason="Pindah dari Mandurian",
    )
    u = world["users"]
    assert [
        s.region_id
        for s in selectors.visible_stays(actor=u["pimpasa.mandurian"], foreigner=stay.foreigner)
    ] == [stay.region_id]
    assert len(selectors.visible_stays(actor=u["kanwil.kalsel"], foreigner=stay.foreigner)) == 2
    assert len(selectors.visible_stays(actor=u["pusat"], foreigner=stay.foreigner)) == 2
