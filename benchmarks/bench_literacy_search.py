"""Literacy search (issue 14): the shipped guides plus BENCH_SEARCH_DOCS generated FAQ entries
(default 5,000, sentences of the guides shuffled), then the median time of a set of queries
through `search()` (database full-text retrieval, our ranking, highlighting), beside a baseline
measured in the same run: the same search with the retrieval replaced by a Python scan of every
entry's stems (what the full-text index saves). SQLite (FTS5) by default, PostgreSQL
(tsvector + GIN) when BENCH_DATABASE_URL is set."""

import os
import random
import re
import statistics
import time

from benchmarks.bench_regions import _setup

QUERIES = [
    "perpanjang izin",
    "perpanjangan",
    "keberangkatan",
    "pasport hilang",  # one typo
    "bekerja ke luar negeri visa kerja",
    "umroh",
    "penipuan online kamboja",
    "pengungsi",
]


def run() -> None:
    _setup()
    from django.db import connection

    from desabinaan.accounts.scope import system_actor
    from desabinaan.literacy.models import Faq, SearchEntry
    from desabinaan.literacy.rendering import plain_text
    from desabinaan.literacy.search import search
    from desabinaan.literacy.services import guides_load
    from desabinaan.literacy.stemming import stem_text

    docs = int(os.environ.get("BENCH_SEARCH_DOCS", "5000"))
    Faq.objects.all().delete()
    guides_load(actor=system_actor("bench"))
    from desabinaan.literacy.models import Article

    sentences = [
        s.strip()
        for a in Article.objects.all()
        for s in re.split(r"(?<=[.!?])\s+", plain_text(a.body))
        if len(s.split()) > 4
    ]
    rnd = random.Random(14)
    faqs = Faq.objects.bulk_create(
        Faq(
            question=rnd.choice(sentences)[:250],
            answer=" ".join(rnd.sample(sentences, 6)),
            topic="visa",
            published=True,
        )
        for _ in range(docs)
    )
    SearchEntry.objects.bulk_create(
        (
            SearchEntry(
                kind="faq", faq=f, title_stems=stem_text(f.question), body_stems=stem_text(f.answer)
            )
            for f in faqs
        ),
        batch_size=500,
    )
    total = SearchEntry.objects.count()
    search("paspor")  # warm: vocabulary, connection

    def timed(fn):
        runs = []
        for _ in range(5):
            started = time.perf_counter()
            fn()
            runs.append(time.perf_counter() - started)
        return statistics.median(runs) * 1000

    import desabinaan.literacy.search as engine

    indexed = engine._candidates

    def scanned(stems):
        wanted = set(stems)
        rows = SearchEntry.objects.values_list(
            "id", "kind", "title_stems", "body_stems", "article__title"
        )
        return [r for r in rows if wanted & set(f"{r[2]} {r[3]}".split())]

    def scan(q):
        engine._candidates = scanned
        try:
            return search(q)
        finally:
            engine._candidates = indexed

    print(f"database: {connection.vendor}, {total} entries indexed")
    for q in QUERIES:
        ms = timed(lambda q=q: search(q))
        base = timed(lambda q=q: scan(q))
        hits = len(search(q).hits)
        print(f"  {q!r:40} search {ms:7.1f} ms ({hits} shown) · scan baseline {base:7.1f} ms")
