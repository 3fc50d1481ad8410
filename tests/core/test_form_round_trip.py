"""Guard of issue 11 item 1: an edit form rendered for a fully filled record and posted back
exactly as rendered leaves the record unchanged (dates in ISO form for date inputs).

Every route that looks like an edit page must have a case here or a stated exemption, the way
the scope matrix enumerates routes: a new edit page without a case fails this test."""

from __future__ import annotations

import datetime as dt
import importlib
import pkgutil
import re
from decimal import Decimal

import pytest
from django import forms
from django.forms.models import model_to_dict
from django.urls import URLPattern, URLResolver, get_resolver, reverse

import desabinaan
from desabinaan.core.widgets import ISO_DATE, DateInput
from desabinaan.foreigners.models import PermitType, WorkRule
from desabinaan.programme import services as programme_services
from desabinaan.programme.models import Corner
from tests.factories import SYSTEM

from ..formdata import form_data, rendered_form
from ..programme.conftest import KOBA_DESA

EDIT_LOOKING = re.compile(r"edit|ubah|change|corner|profil|pengaturan|settings")


def _routes(patterns=None, prefix="", namespace=""):
    for p in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(p, URLResolver):
            if p.namespace in ("admin", "api"):
                continue
            ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
            yield from _routes(p.url_patterns, prefix + str(p.pattern), ns)
        elif isinstance(p, URLPattern) and p.name:
            yield f"{namespace}{p.name}", prefix + str(p.pattern)


# Routes whose name or path looks like an edit page but that pre-fill no saved record.
NOT_EDIT_FORMS = {
    "accounts:password_change": "asks for passwords, which are never pre-filled",
    "accounts:profile": "issues API tokens; it edits no saved record",
    "accounts:notifications": "the POST target of the profile's notification tick boxes (no "
    "page of its own); their round trip is tests/core/test_notify.py::"
    "test_notification_choices_round_trip",
    "accounts:token_revoke": "a button that revokes a token; no form fields",
    "foreigners:photo_change": "uploads or removes a file; a file input cannot be pre-filled",
    "reports:change_status": "a workflow step with a message; nothing saved is pre-filled",
}


def _corner_case(client, data):
    client.force_login(data["users"]["pimpasa.koba"])
    desa = data["desa"]["koba"]
    programme_services.corner_save(
        desa=desa,
        data={
            "address": "Balai Desa Arung Dalam, Jl. Koba No. 1",
            "latitude": Decimal("-2.487123"),
            "longitude": Decimal("106.408456"),
            "opening_hours": "Senin–Jumat 08.00–15.00",
            "contact_name": "Siti Aminah",
            "contact_phone": "0812 7100 0009",
            "offers_literacy": False,
            "offers_brochures": True,
            "offers_reporting": True,
            "offers_passport_help": True,
            "opened_on": dt.date(2025, 12, 1),
        },
        actor=SYSTEM,
    )
    corner = Corner.objects.get(desa_binaan=desa)
    return reverse("programme:corner", args=[KOBA_DESA]), corner


def _permit_type_case(client, data):
    client.force_login(data["users"]["pusat"])
    permit = PermitType.objects.create(
        code="ZT9",
        name="Visa uji coba",
        purpose="Uji",
        max_stay_days=45,
        max_stay_text="45 hari",
        extension="sekali, 30 hari",
        work=WorkRule.LIMITED,
        work_note="hanya uji keahlian",
        regulation="Permenkumham 22/2023",
        confirmed=True,
        active=False,
    )
    return reverse("foreigners:permit_type_edit", args=[permit.pk]), permit


def _service_day_case(client, data):
    from desabinaan.accounts.scope import actor_for
    from desabinaan.assistance import services as assistance
    from tests.assistance.conftest import day_input

    kanim = data["users"]["kanim.pangkalpinang"]
    client.force_login(kanim)
    day = assistance.service_day_schedule(
        actor=actor_for(kanim),
        office=kanim.office,
        data=day_input(
            KOBA_DESA,
            start_time=dt.time(8, 30),
            end_time=dt.time(13, 45),
            quota=25,
            offers_replacement=False,
            serves_children=False,
            notes="Bawa fotokopi juga.",
        ),
    )
    return reverse("assistance:day_edit", args=[day.pk]), day


def _passport_document_case(client, data):
    from desabinaan.accounts.scope import actor_for
    from desabinaan.assistance import services as assistance

    kanim = data["users"]["kanim.pangkalpinang"]
    client.force_login(kanim)
    document = assistance.document_requirement_save(
        actor=actor_for(kanim),
        office=kanim.office,
        name="Buku nikah",
        note="Bagi yang sudah menikah",
        applies_to="dewasa",
        position=4,
        active=False,
    )
    return reverse("assistance:document_edit", args=[document.pk]), document


def _red_flag_case(client, data):
    from django.core.management import call_command

    from desabinaan.literacy.models import RedFlag

    call_command("load_red_flags", verbosity=0)
    client.force_login(data["users"]["pusat"])
    flag = RedFlag.objects.get(code="gaji-tidak-wajar")  # both pattern boxes filled
    return reverse("literacy:check_flag_edit", args=[flag.pk]), flag


def _watchlist_case(client, data):
    from desabinaan.foreigners.watchlist_models import WatchlistEntry

    client.force_login(data["users"]["pusat"])
    entry = WatchlistEntry.objects.create(
        name="Muhammad Hasan Qureshi",
        aliases="Abu Hasan; M. Hasan",
        date_of_birth=dt.date(1980, 5, 4),
        nationality="PK",
        passport_no="PK7654321",
        reason="Contoh fiktif",
        source="uji",
        valid_until=dt.date(2030, 1, 1),
        active=True,
    )
    return reverse("foreigners:watchlist_edit", args=[entry.pk]), entry


def _letterhead_case(client, data):
    from desabinaan.accounts.scope import system_actor
    from desabinaan.foreigners import letters
    from desabinaan.foreigners.models import Letterhead
    from desabinaan.regions.models import Region

    client.force_login(data["users"]["mitra.mandurian"])
    region = Region.objects.get(code="63.05.03.2003")
    letters.letterhead_save(
        actor=system_actor("test"),
        region=region,
        data={
            "government": "PEMERINTAH KABUPATEN TAPIN, KECAMATAN TAPIN TENGAH",
            "village_name": "DESA MANDURIAN",
            "address": "Jl. Desa Mandurian No. 1 — RT 02",
            "head_title": "Pj. Kepala Desa",
            "head_name": "H. Ahmad Rasyidi, S.Sos.",
            "classification": "474.4",
            "validity_months": 9,
        },
    )
    return reverse("foreigners:letterhead_edit", args=[region.code]), Letterhead.objects.get()


def _guide_case(client, data):
    from desabinaan.accounts.scope import actor_for
    from desabinaan.literacy.services import article_save, faq_save

    client.force_login(data["users"]["pusat"])
    article = article_save(
        actor=actor_for(data["users"]["pusat"]),
        data={
            "slug": "uji-bolak-balik",
            "title": "Panduan uji",
            "summary": "Ringkasan singkat",
            "body": "## Langkah\n\n1. Satu\n2. Dua\n",
            "topic": "paspor",
            "audience": "pelajar",
            "regulation": "Permenkumham 18/2022",
            "sources": "- Sumber uji (belum dikonfirmasi)",
            "facts_checked_on": dt.date(2026, 1, 5),
            "status": "published",
        },
    )
    faq_save(
        actor=actor_for(data["users"]["pusat"]),
        data={"question": "Uji?", "answer": "Ya.", "topic": "visa", "published": True},
    )
    return reverse("literacy:guide_edit", args=[article.slug]), article


def _faq_case(client, data):
    from desabinaan.accounts.scope import actor_for
    from desabinaan.literacy.services import faq_save

    client.force_login(data["users"]["pusat"])
    faq = faq_save(
        actor=actor_for(data["users"]["pusat"]),
        data={
            "question": "Apakah visa bisa diperpanjang?",
            "answer": "Tergantung **jenisnya**.",
            "topic": "visa",
            "published": True,
            "source_kind": "sosialisasi",
            "source_ref": "outreach.activity:7",
        },
    )
    return reverse("literacy:faq_edit", args=[faq.pk]), faq


def _activity_case(client, data):
    from django.utils import timezone

    from desabinaan.accounts.scope import actor_for
    from desabinaan.outreach import services as outreach
    from tests.outreach.conftest import activity_input

    kanim = data["users"]["kanim.pangkalpinang"]
    client.force_login(kanim)
    # Whole minutes: what a datetime-local input holds.
    start = timezone.now().replace(second=0, microsecond=0) + dt.timedelta(days=3)
    activity = outreach.activity_plan(
        actor=actor_for(kanim),
        data=activity_input(
            KOBA_DESA,
            kind="kunjungan",
            starts_at=start,
            ends_at=start + dt.timedelta(hours=2, minutes=30),
            officers=[data["users"]["pimpasa.koba"]],
            notes="Bawa piagam baru.",
            notice_posted=True,
            corner_checked=True,
            latitude=Decimal("-2.487123"),
            longitude=Decimal("106.408456"),
        ),
    )
    return reverse("outreach:edit", args=[activity.pk]), activity


def _activity_question_case(client, data):
    from desabinaan.accounts.scope import actor_for
    from desabinaan.outreach.participation_services import activity_question_save
    from tests.outreach_participation.conftest import make_activity

    officer = data["users"]["pimpasa.koba"]
    client.force_login(officer)
    question = activity_question_save(
        actor=actor_for(officer),
        activity=make_activity(data, KOBA_DESA, quiz=False),
        data={
            "question": "Berapa lama paspor berlaku?",
            "answer": "Sepuluh tahun.\nUntuk anak lima.",
        },
    )
    return reverse("outreach:question_edit", args=[question.pk]), question


def _agency_case(client, data):
    from desabinaan.reports.models import Agency

    client.force_login(data["users"]["kanim.pangkalpinang"])
    agency = Agency.objects.create(
        kind="polri",
        name="Polsek Koba",
        phone="0718 441 110",
        email="polsek.koba@example.id",
        address="Jl. Raya Koba — No. 2",
        region_id="19.04.01",
        office=data["users"]["kanim.pangkalpinang"].office,
    )
    return reverse("reports:agency_edit", args=[agency.pk]), agency


EDIT_CASES = {
    "reports:agency_edit": _agency_case,
    "foreigners:watchlist_edit": _watchlist_case,
    "literacy:check_flag_edit": _red_flag_case,
    "foreigners:letterhead_edit": _letterhead_case,
    "literacy:guide_edit": _guide_case,
    "literacy:faq_edit": _faq_case,
    "programme:corner": _corner_case,
    "foreigners:permit_type_edit": _permit_type_case,
    "assistance:day_edit": _service_day_case,
    "assistance:document_edit": _passport_document_case,
    "outreach:edit": _activity_case,
    "outreach:question_edit": _activity_question_case,
}


def _snapshot(obj) -> dict:
    obj.refresh_from_db()
    values = model_to_dict(obj)
    values.pop("updated_at", None)
    if "photo" in values:
        values["photo"] = obj.photo.name
    return values


def test_every_edit_looking_route_has_a_round_trip_case():
    names = {name for name, path in _routes()}
    looking = {name for name, path in _routes() if EDIT_LOOKING.search(f"{name} {path}")}
    missing = looking - set(EDIT_CASES) - set(NOT_EDIT_FORMS)
    assert not missing, f"edit pages without a round-trip case: {sorted(missing)}"
    stale = (set(EDIT_CASES) | set(NOT_EDIT_FORMS)) - names
    assert not stale, f"cases for routes that no longer exist: {sorted(stale)}"


@pytest.mark.parametrize("name", sorted(EDIT_CASES))
def test_edit_form_posted_back_unchanged_changes_nothing(name, programme, client):
    url, record = EDIT_CASES[name](client, programme)
    before = _snapshot(record)
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    for _field, value in rendered_form(html).date_inputs:
        if value:
            dt.datetime.strptime(value, ISO_DATE)  # a date input reads only ISO dates
    response = client.post(url, form_data(html))
    assert response.status_code == 302, response.content.decode()[:3000]
    assert _snapshot(record) == before


def _project_forms():
    for module in pkgutil.walk_packages(desabinaan.__path__, "desabinaan."):
        if module.name.endswith(".forms"):
            importlib.import_module(module.name)
    seen, pending = set(), [forms.BaseForm]
    while pending:
        cls = pending.pop()
        for sub in cls.__subclasses__():
            if sub not in seen:
                seen.add(sub)
                pending.append(sub)
    return sorted(
        (c for c in seen if c.__module__.startswith("desabinaan.")), key=lambda c: c.__qualname__
    )


def test_every_date_field_of_the_project_renders_iso():
    """The other half of the guard: every date field of every form uses the ISO date input."""
    wrong = [
        f"{form.__module__}.{form.__qualname__}.{name}"
        for form in _project_forms()
        for name, field in getattr(form, "base_fields", {}).items()
        if isinstance(field, forms.DateField)
        and not isinstance(field.widget, DateInput | forms.HiddenInput)
    ]
    assert _project_forms(), "no project form found"
    assert not wrong, f"date fields without core.widgets.DateInput: {wrong}"


def test_date_input_renders_iso_in_indonesian():
    from django.utils import translation

    with translation.override("id"):
        html = DateInput().render("d", dt.date(2026, 12, 1))
    assert 'value="2026-12-01"' in html and 'type="date"' in html
