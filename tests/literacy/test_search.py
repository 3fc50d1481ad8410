"""One search over guides and FAQ (issue 14): affixes, a typo, title above body, highlights;
PostgreSQL full-text (tsvector) or SQLite FTS5 over the same stemmed text, with the same top
results on a fixed corpus — this module runs on both (DATABASE_URL=postgres://… for the other)."""

import datetime as dt

import pytest
from django.db import connection
from django.urls import reverse

from desabinaan.accounts.scope import system_actor
from desabinaan.core.refusals import Invalid
from desabinaan.literacy.models import SearchEntry
from desabinaan.literacy.search import search
from desabinaan.literacy.services import article_save, article_set_status, faq_save
from tests.querycount import assert_bounded

ACTOR = system_actor("tests")

CORPUS = [
    (
        "itas",
        "Memperpanjang izin tinggal ITAS",
        "Izin tinggal terbatas dapat diperpanjang di kantor imigrasi.",
    ),
    (
        "voa",
        "Visa saat kedatangan",
        "VoA berlaku 30 hari dan dapat diperpanjang sekali. Perpanjangan di kantor imigrasi.",
    ),
    (
        "pmi",
        "Bekerja ke luar negeri",
        "Keberangkatan harus dengan visa kerja. Jangan berangkat dengan visa wisata.",
    ),
    ("paspor", "Membuat paspor", "Datang ke kantor imigrasi. Petugas mewawancarai pemohon paspor."),
    (
        "hilang",
        "Paspor hilang atau rusak",
        "Laporkan kehilangan ke polisi lalu ke kantor imigrasi.",
    ),
    (
        "umroh",
        "Umroh lewat jalur resmi",
        "Pulang sebelum visa habis. Jangan bekerja dengan visa Umroh.",
    ),
    (
        "tipu",
        "Lowongan penipuan online",
        "Gaji tinggi untuk admin tanpa pengalaman adalah tanda penipuan.",
    ),
    ("draf", "Perpanjangan draf rahasia", "Belum terbit: tidak boleh ditemukan."),
]
FAQ = [
    ("Bisakah izin tinggal diperpanjang?", "Ya, sebelum izin habis, di kantor imigrasi."),
    ("Kapan keberangkatan kloter haji?", "Tanyakan ke Kementerian Agama."),
]


@pytest.fixture
def corpus(db):
    for slug, title, body in CORPUS:
        article_save(
            actor=ACTOR,
            data={
                "slug": slug,
                "title": title,
                "summary": title,
                "body": body,
                "topic": "visa",
                "audience": "warga",
                "facts_checked_on": dt.date(2026, 1, 1),
                "status": "draft" if slug == "draf" else "published",
            },
        )
    for question, answer in FAQ:
        faq_save(
            actor=ACTOR,
            data={"question": question, "answer": answer, "topic": "visa", "published": True},
        )


def top(q, n=5):
    return [
        (h.kind, h.object.slug if h.kind == "guide" else h.object.question)
        for h in search(q).hits[:n]
    ]


# The expected answers: the same on SQLite (FTS5) and PostgreSQL (tsvector).
EXPECTED = {
    "perpanjang izin": [
        ("guide", "itas"),
        ("faq", "Bisakah izin tinggal diperpanjang?"),
        ("guide", "voa"),
    ],
    "perpanjangan": [
        ("guide", "itas"),
        ("faq", "Bisakah izin tinggal diperpanjang?"),
        ("guide", "voa"),
    ],
    "berangkat": [("faq", "Kapan keberangkatan kloter haji?"), ("guide", "pmi")],
    "keberangkatan": [("faq", "Kapan keberangkatan kloter haji?"), ("guide", "pmi")],
    "pasport": [("guide", "paspor"), ("guide", "hilang")],
    "tipu": [("guide", "tipu")],
    # Body matches only: equal scores, so guides before FAQ, then by title.
    "kantor imigrasi": [
        ("guide", "paspor"),
        ("guide", "itas"),
        ("guide", "hilang"),
        ("guide", "voa"),
        ("faq", "Bisakah izin tinggal diperpanjang?"),
    ],
}


@pytest.mark.parametrize("q", sorted(EXPECTED))
def test_same_top_results_on_this_database(corpus, q):
    assert top(q) == EXPECTED[q], connection.vendor


def test_the_database_full_text_index_is_used(corpus):
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT count(*) FROM literacy_search_fts WHERE literacy_search_fts MATCH 'panjang'"
            )
        else:
            cursor.execute(
                "SELECT count(*) FROM literacy_searchentry "
                "WHERE document @@ to_tsquery('simple', 'panjang')"
            )
        assert cursor.fetchone()[0] == 3  # itas, voa, the FAQ; never the draft


def test_affixes_perpanjangan_finds_memperpanjang_and_diperpanjang(corpus):
    slugs = [h.object.slug for h in search("perpanjangan").hits if h.kind == "guide"]
    assert "itas" in slugs and "voa" in slugs  # "Memperpanjang", "diperpanjang"


def test_berangkat_finds_keberangkatan(corpus):
    assert ("guide", "pmi") in top("berangkat")


def test_one_typo_is_forgiven_and_said(corpus):
    results = search("pasport")
    assert results.corrected == {"pasport": "paspor"}
    assert results.hits[0].object.slug == "paspor"


def test_title_matches_rank_above_body_matches(corpus):
    hits = search("paspor").hits
    assert {h.object.slug for h in hits[:2]} == {"hilang", "paspor"}  # both in the title
    assert all("paspor" not in h.object.title.lower() for h in hits[2:])


def test_matched_words_are_highlighted_and_text_escaped(corpus):
    article_save(
        actor=ACTOR,
        data={
            "slug": "html",
            "title": "Izin <b>tebal</b> & aman",
            "summary": "s",
            "body": "Memperpanjang izin",
            "topic": "visa",
            "audience": "warga",
            "facts_checked_on": dt.date(2026, 1, 1),
            "status": "published",
        },
    )
    hit = next(
        h for h in search("perpanjang izin").hits if h.kind == "guide" and h.object.slug == "html"
    )
    assert str(hit.title) == "<mark>Izin</mark> &lt;b&gt;tebal&lt;/b&gt; &amp; aman"
    assert "<mark>Memperpanjang</mark> <mark>izin</mark>" in str(hit.snippet)


def test_drafts_and_unpublished_guides_are_not_found(corpus):
    assert "draf" not in [h.object.slug for h in search("rahasia").hits if h.kind == "guide"]
    itas = next(h.object for h in search("ITAS").hits)
    article_set_status(actor=ACTOR, article=itas, status="draft")
    assert not SearchEntry.objects.filter(article=itas).exists()
    assert ("guide", "itas") not in top("perpanjang izin")


def test_an_edit_reindexes(corpus):
    hit = search("umroh").hits[0].object
    article_save(actor=ACTOR, article=hit, data={"title": "Haji lewat PIHK"})
    assert search("umroh").hits[0].object.slug == "umroh"  # still in its body
    assert search("pihk").hits[0].object.slug == "umroh"


@pytest.mark.parametrize(
    "q,code", [("", "empty"), ("   ", "empty"), ("x" * 201, "too_long"), ("?!…", "no_words")]
)
def test_bad_queries_are_refused(corpus, q, code):
    with pytest.raises(Invalid) as exc:
        search(q)
    assert exc.value.code == code and exc.value.field == "q"


def test_unknown_words_answer_nothing_found(corpus):
    results = search("zzzqqq")
    assert results.hits == [] and results.unknown == ["zzzqqq"]


# --- the page and the endpoint ----------------------------------------------------------------


def test_search_page_shows_highlighted_results(client, corpus):
    page = client.get(reverse("literacy:search"), {"q": "perpanjang izin"})
    html = page.content.decode()
    assert page.status_code == 200
    assert "<mark>Memperpanjang</mark> <mark>izin</mark>" in html
    assert reverse("literacy:guide_detail", args=["itas"]) in html


@pytest.mark.parametrize("q", ["", "x" * 201, "!!!"])
def test_search_page_bad_input_is_a_422_in_words(client, corpus, q):
    page = client.get(reverse("literacy:search"), {"q": q}, HTTP_ACCEPT_LANGUAGE="id")
    assert page.status_code == 422
    assert 'id="q-error"' in page.content.decode()


def test_search_page_without_a_query_is_the_empty_form(client, db):
    assert client.get(reverse("literacy:search")).status_code == 200


def test_search_api(client, corpus):
    response = client.get("/api/v1/literacy/search", {"q": "perpanjangan"})
    body = response.json()
    assert response.status_code == 200
    assert body["results"][0]["url"] == "/literasi/panduan/itas/"
    assert "<mark>" in body["results"][0]["title"]
    typo = client.get("/api/v1/literacy/search", {"q": "pasport"}).json()
    assert typo["corrected"] == {"pasport": "paspor"}


@pytest.mark.parametrize("q", ["", "x" * 201, "###"])
def test_search_api_bad_input_is_422_with_the_field(client, corpus, q):
    response = client.get("/api/v1/literacy/search", {"q": q}, HTTP_ACCEPT_LANGUAGE="id")
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "q"


def test_search_query_count_does_not_grow_with_results(client, corpus):
    def grow():
        for i in range(30):
            faq_save(
                actor=ACTOR,
                data={
                    "question": f"Izin nomor {i} diperpanjang?",
                    "answer": "Ya.",
                    "topic": "visa",
                    "published": True,
                },
            )

    def grow_and_warm():
        grow()
        client.get(reverse("literacy:search"), {"q": "perpanjang izin"})  # vocabulary refilled

    assert_bounded(
        "search",
        lambda: client.get(reverse("literacy:search"), {"q": "perpanjang izin"}),
        grow_and_warm,
    )
