"""One name per thing (issue 11 item 13): the glossary, one date format per purpose, the
tracking code one way, "(tidak wajib)", and an audit history in the reader's language."""

import datetime as dt
import pathlib
import re

import pytest
from django.template import Context, Template
from django.utils import translation

from tests.programme.conftest import KOBA_DESA

ROOT = pathlib.Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db


def test_the_glossary_names_each_term_once():
    text = (ROOT / "docs" / "istilah.md").read_text(encoding="utf-8")
    assert "| tracking code | kode pelacakan | tracking code |" in text
    assert "(tidak wajib)" in text and "14 Juni 2024" in text


def test_templates_use_no_literal_date_format():
    """Dates go through the per-language formats (desabinaan/formats), never a format of their
    own: `|date`, `|date:"DATE_FORMAT"` or `|date:"DATETIME_FORMAT"` only."""
    allowed = {"", '"DATE_FORMAT"', '"DATETIME_FORMAT"'}
    found = []
    for path in (ROOT / "desabinaan").rglob("*.html"):
        for arg in re.findall(r"\|date(?::(\"[^\"]*\"|'[^']*'))?", path.read_text()):
            if arg not in allowed:
                found.append(f"{path.name}: {arg}")
    assert found == []


def test_one_display_format_per_language():
    template = Template('{{ d|date }} · {{ t|date:"DATETIME_FORMAT" }}')
    context = Context({"d": dt.date(2024, 6, 14), "t": dt.datetime(2024, 6, 14, 9, 30)})
    with translation.override("id"):
        assert template.render(context) == "14 Juni 2024 · 14 Juni 2024 09.30"
    with translation.override("en"):
        assert template.render(context) == "14 June 2024 · 14 June 2024 09:30"


def test_catalogs_use_one_form_for_optional_and_tracking_code():
    catalogs = [*ROOT.glob("locale/*/LC_MESSAGES/django.po")]
    catalogs += [*(ROOT / "desabinaan").glob("*/locale/*/LC_MESSAGES/django.po")]
    text = "\n".join(p.read_text(encoding="utf-8") for p in catalogs)
    assert "boleh dikosongkan" not in text
    assert "kode laporan" not in text.lower()


def test_public_page_does_not_repeat_the_programme_name(programme, client):
    html = client.get(f"/desa/{KOBA_DESA}/").content.decode()
    assert "dibina oleh Kantor Imigrasi" in html
    assert re.search(r"Desa Binaan Imigrasi</span>\s*desa binaan", html) is None


def test_audit_history_reads_in_english_in_the_english_interface(programme, client):
    client.force_login(programme["users"]["kanim.pangkalpinang"])
    client.cookies["django_language"] = "en"
    html = client.get(f"/program/desa/{KOBA_DESA}/").content.decode()
    history = html[html.index('id="history"') :]
    assert "Designated as a desa binaan: SK SK-KOBA" in history
    assert "Dicanangkan" not in history and "Mitra ditambahkan" not in history
    client.cookies["django_language"] = "id"
    html = client.get(f"/program/desa/{KOBA_DESA}/").content.decode()
    assert "Dicanangkan sebagai desa binaan: SK SK-KOBA" in html


def test_the_tracking_code_is_shown_one_way(client, world, file_report):
    report = file_report(code="19.04.01.2003")
    grouped = f"{report.tracking_code[:5]}-{report.tracking_code[5:]}"
    client.force_login(world["users"]["pimpasa.koba"])
    assert grouped in client.get("/lapor/masuk/").content.decode()
    assert grouped in client.get(f"/lapor/masuk/{report.pk}/").content.decode()
    assert grouped in client.get(f"/lapor/status/{report.tracking_code}/").content.decode()
