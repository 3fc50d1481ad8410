"""Markdown is rendered with markdown + nh3; scripts and javascript: links are refused on save
and stripped on render (issue 14)."""

import datetime as dt

import pytest

from desabinaan.accounts.scope import system_actor
from desabinaan.core.refusals import Invalid
from desabinaan.literacy.models import Article, ArticleRevision
from desabinaan.literacy.rendering import content_problem, render_markdown
from desabinaan.literacy.services import article_save, faq_save

UNSAFE = [
    "Halo <script>alert(1)</script>",
    "<SCRIPT src=//x.example/a.js></SCRIPT>",
    "[klik](javascript:alert(1))",
    "[klik](JavaScript:alert(1))",
    "[klik](java&#115;cript:alert(1))",
    "[klik]( javascript:alert(1))",
    "<a href='javascript:alert(1)'>x</a>",
    "<javascript:alert(1)>",
    "<img src=x onerror=alert(1)>",
    "[x](data:text/html;base64,PHNjcmlwdD4=)",
    "[x](vbscript:msgbox)",
]
SAFE = [
    "Bawa **KTP** dan [lihat peta](https://maps.example/x).",
    "Data: nama, alamat, tanggal lahir.",
    "Hubungi [110](tel:110) atau [email](mailto:a@b.id).",
]


@pytest.mark.parametrize("text", UNSAFE)
def test_unsafe_markdown_is_refused(text):
    assert content_problem(text)


@pytest.mark.parametrize("text", SAFE)
def test_ordinary_markdown_passes(text):
    assert content_problem(text) is None


@pytest.mark.parametrize("text", UNSAFE)
def test_render_strips_what_slipped_into_the_database(text):
    html = str(render_markdown(text)).lower()
    assert "<script" not in html and "javascript:" not in html and "onerror" not in html
    assert "vbscript" not in html and 'href="data:' not in html


def test_render_keeps_headings_lists_links_and_tables():
    html = str(
        render_markdown("## Langkah\n\n1. Satu\n2. Dua\n\n[a](https://x.id)\n\n|a|b|\n|-|-|\n|1|2|")
    )
    assert "<h2>Langkah</h2>" in html and "<ol>" in html and "<table>" in html
    assert 'href="https://x.id"' in html and 'rel="noopener noreferrer"' in html


@pytest.mark.django_db
@pytest.mark.parametrize("field", ["body", "sources"])
def test_a_guide_with_a_script_is_refused_and_nothing_saved(field):
    data = {
        "slug": "uji",
        "title": "Uji",
        "summary": "Uji",
        "body": "Isi",
        "topic": "paspor",
        "audience": "warga",
        "facts_checked_on": dt.date(2026, 1, 1),
        field: "[klik](javascript:alert(1))",
    }
    with pytest.raises(Invalid) as exc:
        article_save(actor=system_actor("tests"), data=data)
    assert exc.value.field == field
    assert not Article.objects.exists() and not ArticleRevision.objects.exists()


@pytest.mark.django_db
def test_a_faq_answer_with_a_script_is_refused():
    with pytest.raises(Invalid) as exc:
        faq_save(
            actor=system_actor("tests"),
            data={"question": "Q?", "answer": "<script>x</script>", "topic": "visa"},
        )
    assert exc.value.field == "answer"
