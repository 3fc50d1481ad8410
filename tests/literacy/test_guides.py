"""Guides (issue 14): shipped content, pusat writes, a Kanim adds its local note, revisions,
the pages (list by topic and audience, detail, print, leaflet PDF, WhatsApp share) and the
village page's links."""

import datetime as dt
import subprocess
from urllib.parse import unquote

import pytest
from django.core.management import call_command
from django.urls import reverse

from desabinaan.accounts.scope import actor_for, system_actor
from desabinaan.core.models import AuditEvent
from desabinaan.core.refusals import Invalid, NotAllowed, NotFoundInScope
from desabinaan.literacy.models import Article, ArticleRevision, Faq, LocalNote
from desabinaan.literacy.services import (
    GUIDES_DIR,
    article_save,
    article_set_status,
    faq_save,
    local_note_save,
    parse_guide_file,
)
from tests.querycount import assert_bounded

MANDURIAN = "63.05.03.2003"  # Tapin (Kalsel): Kanim Banjarmasin
KOBA = "19.04.01.2003"  # Bangka Tengah (Babel): Kanim Pangkalpinang


def data(**changes):
    return {
        "slug": "uji",
        "title": "Panduan uji",
        "summary": "Ringkasan",
        "body": "Isi panduan uji.",
        "topic": "paspor",
        "audience": "warga",
        "facts_checked_on": dt.date(2026, 1, 5),
        "status": "published",
        **changes,
    }


# --- shipped content -------------------------------------------------------------------------


def test_at_least_fourteen_guides_ship_each_with_sources_and_a_regulation():
    files = sorted(p for p in GUIDES_DIR.glob("*.md"))
    assert len(files) >= 14
    for path in files:
        guide = parse_guide_file(path)
        assert guide["sources"] and guide["regulation"] and guide["summary"], path.name
        assert guide["topic"] and guide["audience"], path.name


def test_unconfirmed_facts_are_marked_in_the_sources():
    # Fees the domain facts do not give are said to be unconfirmed, never written down.
    for slug in ("membuat-paspor", "paspor-hilang-atau-rusak", "anak-berkewarganegaraan-ganda"):
        assert "belum dikonfirmasi" in parse_guide_file(GUIDES_DIR / f"{slug}.md")["sources"]


@pytest.mark.django_db
def test_load_guides_is_idempotent_and_revises_only_what_changed(tmp_path):
    call_command("load_guides", verbosity=0)
    assert Article.objects.filter(status="published").count() >= 14
    assert Faq.objects.filter(published=True).count() >= 10
    revisions = ArticleRevision.objects.count()
    call_command("load_guides", verbosity=0)
    assert ArticleRevision.objects.count() == revisions
    for path in GUIDES_DIR.glob("*"):
        (tmp_path / path.name).write_text(path.read_text())
    target = tmp_path / "overstay.md"
    target.write_text(target.read_text().replace("Contoh:", "Misalnya:"))
    call_command("load_guides", dir=str(tmp_path), verbosity=0)
    assert ArticleRevision.objects.count() == revisions + 1
    assert Article.objects.get(slug="overstay").revisions.first().changed_fields == ["body"]
    assert AuditEvent.objects.filter(action="load.guides").count() == 3


# --- writing ---------------------------------------------------------------------------------


def test_only_pusat_writes_guides(world):
    for name in ("kanim.banjarmasin", "pimpasa.koba", "mitra.mandurian", "kanwil.babel"):
        with pytest.raises(NotAllowed):
            article_save(actor=actor_for(world["users"][name]), data=data())
    article = article_save(actor=actor_for(world["users"]["pusat"]), data=data())
    assert article.author == world["users"]["pusat"]


def test_every_save_is_a_revision_with_who_and_what(world):
    pusat = actor_for(world["users"]["pusat"])
    article = article_save(actor=pusat, data=data(status="draft"))
    article_save(actor=pusat, article=article, data={"title": "Judul baru", "body": "Isi baru"})
    article_set_status(actor=pusat, article=article, status="published")
    revs = list(article.revisions.order_by("number"))
    assert [r.number for r in revs] == [1, 2, 3]
    assert revs[1].changed_fields == ["body", "title"] and revs[1].changed_by_name == "pusat"
    assert revs[1].title == "Judul baru" and revs[2].status == "published"
    with pytest.raises(Invalid):
        article_save(actor=pusat, article=article, data={})  # nothing changed


@pytest.mark.parametrize(
    "changes,field",
    [
        ({"slug": "Bukan Slug"}, "slug"),
        ({"title": ""}, "title"),
        ({"title": "x" * 161}, "title"),
        ({"topic": "lain"}, "topic"),
        ({"audience": "semua"}, "audience"),
        ({"facts_checked_on": dt.date(2099, 1, 1)}, "facts_checked_on"),
        ({"status": "arsip"}, "status"),
    ],
)
def test_bad_guides_are_refused_with_the_field(db, changes, field):
    with pytest.raises(Invalid) as exc:
        article_save(actor=system_actor("tests"), data=data(**changes))
    assert exc.value.field == field
    assert not Article.objects.exists()


def test_a_slug_in_use_is_refused(db):
    article_save(actor=system_actor("tests"), data=data())
    with pytest.raises(Invalid) as exc:
        article_save(actor=system_actor("tests"), data=data(title="Lain"))
    assert exc.value.code == "taken"


# --- local notes -----------------------------------------------------------------------------


@pytest.fixture
def guide(world):
    return article_save(actor=actor_for(world["users"]["pusat"]), data=data(slug="membuat-paspor"))


def test_a_kanim_writes_its_own_offices_note_only(world, guide):
    kanim = actor_for(world["users"]["kanim.banjarmasin"])
    note = local_note_save(
        actor=kanim, article=guide, data={"address": "Jl. A. Yani", "phone": "0511 123"}
    )
    assert note.office == world["offices"]["banjarmasin"]
    with pytest.raises(NotFoundInScope):
        local_note_save(
            actor=kanim,
            article=guide,
            data={"address": "x"},
            office=world["offices"]["pangkalpinang"],
        )
    with pytest.raises(NotAllowed):
        local_note_save(
            actor=actor_for(world["users"]["pimpasa.koba"]), article=guide, data={"address": "x"}
        )
    again = local_note_save(actor=kanim, article=guide, data={"address": "Jl. Baru"})
    assert again.pk == note.pk and LocalNote.objects.count() == 1


@pytest.mark.parametrize(
    "note,field",
    [
        ({"address": ""}, "address"),
        ({"address": "a", "phone": "telp saya"}, "phone"),
        ({"address": "a", "note": "<script>"}, "note"),
    ],
)
def test_bad_notes_are_refused(world, guide, note, field):
    with pytest.raises(Invalid) as exc:
        local_note_save(
            actor=actor_for(world["users"]["kanim.banjarmasin"]), article=guide, data=note
        )
    assert exc.value.field == field and not LocalNote.objects.exists()


def test_the_note_shows_to_visitors_of_its_jurisdictions_villages_only(client, world, guide):
    local_note_save(
        actor=actor_for(world["users"]["kanim.banjarmasin"]),
        article=guide,
        data={"address": "Jl. Catatan Banjarmasin", "hours": "08.00–15.00", "phone": "0511 123"},
    )
    url = reverse("literacy:guide_detail", args=[guide.slug])
    assert "Jl. Catatan Banjarmasin" in client.get(url, {"desa": MANDURIAN}).content.decode()
    assert "Jl. Catatan Banjarmasin" not in client.get(url, {"desa": KOBA}).content.decode()
    assert "Jl. Catatan Banjarmasin" not in client.get(url).content.decode()
    leaflet = reverse("literacy:guide_print", args=[guide.slug])
    assert "Jl. Catatan Banjarmasin" in client.get(leaflet, {"desa": MANDURIAN}).content.decode()


# --- pages -----------------------------------------------------------------------------------


@pytest.fixture
def shipped(db):
    call_command("load_guides", verbosity=0)


def test_landing_lists_guides_by_topic_and_filters_by_audience(client, shipped):
    html = client.get(reverse("literacy:guide_index")).content.decode()
    assert 'id="topic-paspor"' in html and 'id="topic-bekerja"' in html
    assert "Membuat paspor" in html
    students = client.get(reverse("literacy:guide_index"), {"audience": "pelajar"}).content.decode()
    assert "Awas lowongan kerja penipuan online" in students and "Membuat paspor" not in students
    odd = client.get(reverse("literacy:guide_index"), {"audience": "x", "topic": "y"})
    assert odd.status_code == 200  # an unknown filter shows everything


def test_landing_keeps_places_for_the_other_literacy_tools(client, shipped):
    html = client.get(reverse("literacy:guide_index")).content.decode()
    # The tools' links appear when their URL names exist (quizzes, agencies, checker).
    from desabinaan.literacy.selectors import tool_links

    for tool in tool_links():
        assert f'data-tool="{tool["name"]}"' in html


def test_guide_page_renders_markdown_with_share_print_and_leaflet(client, shipped):
    page = client.get(reverse("literacy:guide_detail", args=["membuat-paspor"]))
    html = page.content.decode()
    assert page.status_code == 200 and "<ol>" in html and "<h2>" in html
    share = next(part for part in html.split('"') if part.startswith("https://wa.me/?text="))
    text = unquote(share.removeprefix("https://wa.me/?text="))
    assert (
        text.startswith("Membuat paspor dan jujur")
        and "http://testserver/literasi/panduan/membuat-paspor/" in text
    )
    assert reverse("literacy:guide_leaflet", args=["membuat-paspor"]) in html
    printed = client.get(reverse("literacy:guide_print", args=["membuat-paspor"])).content.decode()
    assert ("print.css" in printed and "Sumber" in printed) or "Sources" in printed


def test_drafts_are_404_for_the_public_and_visible_to_pusat(client, world):
    article_save(actor=actor_for(world["users"]["pusat"]), data=data(status="draft"))
    url = reverse("literacy:guide_detail", args=["uji"])
    assert client.get(url).status_code == 404
    assert client.get("/api/v1/literacy/guides/uji").status_code == 404
    client.force_login(world["users"]["pusat"])
    assert client.get(url).status_code == 200


def test_leaflet_is_one_a4_page_with_the_guide_text(client, shipped, tmp_path):
    for slug in ("membuat-paspor", "bekerja-ke-luar-negeri", "orang-asing-di-desa"):
        response = client.get(reverse("literacy:guide_leaflet", args=[slug]))
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        pdf = tmp_path / f"{slug}.pdf"
        pdf.write_bytes(response.content)
        info = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True, check=True).stdout
        assert "Pages:           1" in info and "(A4)" in info  # one A4 page
        text = subprocess.run(
            ["pdftotext", "-layout", pdf, "-"], capture_output=True, text=True, check=True
        ).stdout
        title = Article.objects.get(slug=slug).title
        assert " ".join(title.split()[:3]) in " ".join(text.split())
        assert f"/literasi/panduan/{slug}/" in text.replace("\n", "")
        assert "Pindai untuk membaca" in text


def test_history_is_for_officers(client, world, guide):
    url = reverse("literacy:guide_history", args=[guide.slug])
    assert client.get(url).status_code == 302  # to the login page
    client.force_login(world["users"]["mitra.mandurian"])
    assert client.get(url).status_code == 403
    client.force_login(world["users"]["kanim.banjarmasin"])
    assert "#1" in client.get(url).content.decode()


def test_guide_form_bad_input_is_400_in_words_and_saves_nothing(client, world):
    client.force_login(world["users"]["pusat"])
    response = client.post(
        reverse("literacy:guide_new"),
        {
            "title": "Uji",
            "slug": "uji",
            "summary": "s",
            "topic": "paspor",
            "audience": "warga",
            "body": "[x](javascript:alert(1))",
            "facts_checked_on": "2026-01-05",
            "status": "published",
        },
        HTTP_ACCEPT_LANGUAGE="id",
    )
    assert response.status_code == 400
    assert "Tautan hanya boleh diawali https://" in response.content.decode()
    assert not Article.objects.exists()


def test_guide_form_creates_edits_and_publishes(client, world):
    client.force_login(world["users"]["pusat"])
    fields = {
        "title": "Uji",
        "slug": "uji",
        "summary": "s",
        "topic": "paspor",
        "audience": "warga",
        "body": "Isi",
        "facts_checked_on": "2026-01-05",
        "status": "draft",
    }
    assert client.post(reverse("literacy:guide_new"), fields).status_code == 302
    assert (
        client.post(
            reverse("literacy:guide_edit", args=["uji"]), {**fields, "body": "Isi baru"}
        ).status_code
        == 302
    )
    client.post(reverse("literacy:guide_status", args=["uji"]), {"status": "published"})
    article = Article.objects.get(slug="uji")
    assert (
        article.body == "Isi baru"
        and article.status == "published"
        and article.revisions.count() == 3
    )


def test_guide_forms_refuse_other_roles(client, world, guide):
    client.force_login(world["users"]["kanim.banjarmasin"])
    assert client.get(reverse("literacy:guide_new")).status_code == 403
    assert client.get(reverse("literacy:guide_edit", args=[guide.slug])).status_code == 403
    assert client.post(reverse("literacy:faq_new"), {"question": "q"}).status_code == 403
    assert client.get(reverse("literacy:guide_local_note", args=[guide.slug])).status_code == 200
    response = client.post(reverse("literacy:guide_local_note", args=[guide.slug]), {"address": ""})
    assert response.status_code == 400 and not LocalNote.objects.exists()
    client.post(reverse("literacy:guide_local_note", args=[guide.slug]), {"address": "Jl. Uji"})
    assert LocalNote.objects.get().office == world["offices"]["banjarmasin"]


def test_faq_page_and_form(client, world):
    client.force_login(world["users"]["pusat"])
    bad = client.post(
        reverse("literacy:faq_new"),
        {"question": "", "answer": "x", "topic": "visa", "source_kind": "pusat"},
    )
    assert bad.status_code == 400 and not Faq.objects.exists()
    ok = client.post(
        reverse("literacy:faq_new"),
        {
            "question": "Apa itu ITAS?",
            "answer": "Izin tinggal **terbatas**.",
            "topic": "visa",
            "published": "on",
            "source_kind": "pertanyaan",
            "source_ref": "assistance.question:3",
        },
    )
    assert ok.status_code == 302
    client.logout()
    html = client.get(reverse("literacy:faq_list")).content.decode()
    assert "Apa itu ITAS?" in html and "<strong>terbatas</strong>" in html
    assert Faq.objects.get().source_ref == "assistance.question:3"


def test_api_lists_and_shows_guides(client, shipped):
    listed = client.get("/api/v1/literacy/guides", {"audience": "calon_pmi"}).json()
    assert [g["slug"] for g in listed] == ["bekerja-ke-luar-negeri"]
    one = client.get("/api/v1/literacy/guides/membuat-paspor").json()
    assert one["body_markdown"].startswith("Paspor adalah") and "<ol>" in one["body_html"]
    assert client.get("/api/v1/literacy/guides", {"topic": "x"}).status_code == 422


def test_village_page_links_to_the_guides_with_its_code(client, world):
    html = client.get(reverse("desa_public", args=[MANDURIAN])).content.decode()
    assert f'href="/literasi/?desa={MANDURIAN}"' in html


# --- query counts ----------------------------------------------------------------------------


def _more_guides(n=25):
    for i in range(n):
        article_save(
            actor=system_actor("tests"),
            data=data(slug=f"uji-{i}", title=f"Uji {i}", audience="pelajar"),
        )
        faq_save(
            actor=system_actor("tests"),
            data={"question": f"Q {i}?", "answer": "A", "topic": "visa", "published": True},
        )


@pytest.mark.parametrize(
    "url",
    [reverse("literacy:guide_index"), reverse("literacy:faq_list"), "/api/v1/literacy/guides"],
)
def test_list_query_counts_do_not_grow(client, db, url):
    article_save(actor=system_actor("tests"), data=data())
    faq_save(
        actor=system_actor("tests"),
        data={"question": "Q?", "answer": "A", "topic": "visa", "published": True},
    )
    assert_bounded(url, lambda: client.get(url), _more_guides)
