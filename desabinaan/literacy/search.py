"""One search over published guides and FAQ entries (issue 14).

How it works, on either database:
1. The text is reduced to stems (stemming.py) when a guide or answer is saved: `SearchEntry`
   holds the title's stems and the body's stems.
2. A query is reduced the same way; a word whose stems are nowhere in the index is replaced by
   the closest indexed stem (rapidfuzz, similarity ≥ 75), so one typo still finds the guide.
3. The database finds the entries holding any query stem with its own full-text index:
   PostgreSQL `to_tsquery('simple')` against a generated, GIN-indexed tsvector over the stemmed
   columns; SQLite FTS5 over the same columns. Other databases scan the table.
4. The candidates are ranked by one rule computed here, the same on both databases: every query
   word found in the title counts 10, found only in the body 1, plus a fraction for repeated
   body hits; ties go by title. So the same corpus gives the same top results everywhere.
5. The matched words are highlighted (<mark>) in the title and in a snippet of the body.
"""

from __future__ import annotations

import math
import re
import threading
from dataclasses import dataclass, field
from functools import lru_cache
from html import escape  # the standard library's: Django's wraps it for lazy strings, slower

from django.db import connection
from django.db.models import Count, Max
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from rapidfuzz import fuzz, process

from desabinaan.core.refusals import Invalid

from .models import Article, ArticleStatus, Faq, SearchEntry
from .rendering import plain_text
from .stemming import query_groups, stem_text, variants, words

MAX_QUERY = 200
MAX_WORDS = 12
CANDIDATES = 500
TITLE_WEIGHT = 10
TYPO_CUTOFF = 75


# --- indexing (called by the services, inside their transaction) -----------------------------


def index_article(article: Article) -> None:
    if article.status != ArticleStatus.PUBLISHED:
        SearchEntry.objects.filter(article=article).delete()
        return
    SearchEntry.objects.update_or_create(
        article=article,
        defaults={
            "kind": SearchEntry.Kind.GUIDE,
            "title_stems": stem_text(article.title),
            "body_stems": stem_text(
                f"{article.summary} {plain_text(article.body)} {article.regulation}"
            ),
        },
    )


def index_faq(faq: Faq) -> None:
    if not faq.published:
        SearchEntry.objects.filter(faq=faq).delete()
        return
    SearchEntry.objects.update_or_create(
        faq=faq,
        defaults={
            "kind": SearchEntry.Kind.FAQ,
            "title_stems": stem_text(faq.question),
            "body_stems": stem_text(plain_text(faq.answer)),
        },
    )


# --- the vocabulary, for typo correction -----------------------------------------------------

_vocab_lock = threading.Lock()
_vocab: dict = {"key": None, "stems": frozenset(), "sorted": ()}


def vocabulary() -> frozenset[str]:
    """Every stem in the index; rebuilt when the index changed (one aggregate query to know)."""
    stamp = SearchEntry.objects.aggregate(n=Count("id"), last=Max("indexed_at"), top=Max("id"))
    key = (connection.alias, connection.settings_dict["NAME"], *stamp.values())
    if _vocab["key"] != key:
        stems: set[str] = set()
        for title, body in SearchEntry.objects.values_list("title_stems", "body_stems"):
            stems.update(title.split())
            stems.update(body.split())
        with _vocab_lock:
            _vocab.update(key=key, stems=frozenset(stems), sorted=tuple(sorted(stems)))
    return _vocab["stems"]


def _correct(word: str, stems: tuple[str, ...], vocab: frozenset[str]) -> tuple[str, ...] | None:
    """The closest indexed stem to a word the index does not hold, or None."""
    if len(word) < 4:
        return None
    best = None
    for candidate in (stems[0], word):
        found = process.extractOne(
            candidate, _vocab["sorted"], scorer=fuzz.ratio, score_cutoff=TYPO_CUTOFF
        )
        if found and (best is None or found[1] > best[1]):
            best = found
    return (best[0],) if best else None


# --- the query -------------------------------------------------------------------------------


@dataclass
class Hit:
    kind: str
    title: SafeString
    snippet: SafeString
    url: str
    score: float
    object: Article | Faq


@dataclass
class Results:
    query: str
    hits: list[Hit] = field(default_factory=list)
    corrected: dict[str, str] = field(default_factory=dict)  # word typed → stem searched
    unknown: list[str] = field(default_factory=list)


def clean_query(q: str | None) -> str:
    """The query, or a refusal a resident understands."""
    q = (q or "").strip()
    if not q:
        raise Invalid(_("Type a word to search for, e.g. paspor."), field="q", code="empty")
    if len(q) > MAX_QUERY:
        raise Invalid(
            _("The search is too long: at most %(n)s characters.") % {"n": MAX_QUERY},
            field="q",
            code="too_long",
        )
    if not words(q):
        raise Invalid(_("Use letters or numbers to search."), field="q", code="no_words")
    return q


def search(q: str | None, *, limit: int = 20) -> Results:
    q = clean_query(q)
    groups = query_groups(q)[:MAX_WORDS]
    results = Results(query=q)
    if not groups:  # only common words ("apa itu"): search them after all
        groups = [(w, variants(w)) for w in dict.fromkeys(words(q))][:MAX_WORDS]
    vocab = vocabulary()
    searched: list[tuple[str, tuple[str, ...]]] = []
    for word, stems in groups:
        if any(s in vocab for s in stems):
            searched.append((word, stems))
            continue
        fixed = _correct(word, stems, vocab)
        if fixed:
            results.corrected[word] = fixed[0]
            searched.append((word, fixed))
        else:
            results.unknown.append(word)
    if not searched:
        return results
    rows = _candidates(sorted({s for _w, stems in searched for s in stems}))
    # Ties: guides before FAQ entries, then by title; sorted here, not by the database's
    # collation, so both databases order alike.
    ranked = sorted(
        (
            (_score(title, body, searched), title_sort, pk, kind)
            for pk, kind, title, body, title_sort in rows
        ),
        key=lambda r: (-r[0], r[3] != SearchEntry.Kind.GUIDE, r[1], r[2]),
    )
    ranked = [r for r in ranked if r[0] > 0][:limit]
    results.hits = _hits(ranked, searched)
    return results


def _score(title: str, body: str, searched) -> float:
    title_words = title.split()
    body_words = body.split()
    title_set, score = set(title_words), 0.0
    for _word, stems in searched:
        if title_set.intersection(stems):
            score += TITLE_WEIGHT
        else:
            n = sum(1 for w in body_words if w in stems)
            if n:
                score += 1 + min(math.log(n) / 10, 0.5)
    return round(score, 4)


def _candidates(stems: list[str]) -> list[tuple]:
    """(id, kind, title_stems, body_stems, title for ties) of entries holding any stem."""
    base = (
        "SELECT e.id, e.kind, e.title_stems, e.body_stems, "
        "COALESCE(a.title, f.question) FROM literacy_searchentry e "
        "LEFT JOIN literacy_article a ON a.id = e.article_id "
        "LEFT JOIN literacy_faq f ON f.id = e.faq_id "
    )
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            tsquery = " | ".join(stems)
            cursor.execute(
                base + "WHERE e.document @@ to_tsquery('simple', %s) "
                "ORDER BY ts_rank(e.document, to_tsquery('simple', %s)) DESC, e.id LIMIT %s",
                [tsquery, tsquery, CANDIDATES],
            )
        elif connection.vendor == "sqlite":
            match = " OR ".join(f'"{s}"' for s in stems)
            cursor.execute(
                base + "JOIN literacy_search_fts ON literacy_search_fts.rowid = e.id "
                "WHERE literacy_search_fts MATCH %s "
                "ORDER BY bm25(literacy_search_fts, 10.0, 1.0), e.id LIMIT %s",
                [match, CANDIDATES],
            )
        else:  # pragma: no cover - no full-text index on other databases: scan
            cursor.execute(base)
            wanted = set(stems)
            return [r for r in cursor.fetchall() if wanted & set(f"{r[2]} {r[3]}".split())][
                :CANDIDATES
            ]
        return cursor.fetchall()


def _hits(ranked, searched) -> list[Hit]:
    ids = [r[2] for r in ranked]
    entries = SearchEntry.objects.filter(pk__in=ids).select_related("article", "faq")
    by_id = {e.pk: e for e in entries}
    hits = []
    for score, _title, pk, kind in ranked:
        entry = by_id[pk]
        if kind == SearchEntry.Kind.GUIDE:
            obj = entry.article
            title, body = obj.title, f"{obj.summary} {plain_text(obj.body)}"
            url = reverse("literacy:guide_detail", args=[obj.slug])
        else:
            obj = entry.faq
            title, body = obj.question, plain_text(obj.answer)
            url = reverse("literacy:faq_list") + f"#faq-{obj.pk}"
        hits.append(
            Hit(
                kind=kind,
                title=highlight(title, searched),
                snippet=snippet(body, searched),
                url=url,
                score=score,
                object=obj,
            )
        )
    return hits


# --- highlighting ----------------------------------------------------------------------------

_TOKEN = re.compile(r"\w+", re.UNICODE)


@lru_cache(maxsize=20000)
def _token_stems(token: str) -> frozenset[str]:
    return frozenset(v for w in words(token) for v in variants(w))


def _matches(token: str, wanted: set[str]) -> bool:
    return not wanted.isdisjoint(_token_stems(token))


def highlight(text: str, searched) -> SafeString:
    """The text, escaped, with every word that matches a searched stem in <mark>."""
    wanted = {s for _w, stems in searched for s in stems}
    out, last = [], 0
    for m in _TOKEN.finditer(text):
        out.append(escape(text[last : m.start()]))
        token = m.group(0)
        out.append(f"<mark>{escape(token)}</mark>" if _matches(token, wanted) else escape(token))
        last = m.end()
    out.append(escape(text[last:]))
    return mark_safe("".join(out))  # noqa: S308 (every piece escaped above)


def snippet(text: str, searched, *, width: int = 30) -> SafeString:
    """About `width` words of the text around its first match, highlighted."""
    wanted = {s for _w, stems in searched for s in stems}
    tokens = text.split()
    first = next((i for i, t in enumerate(tokens) if _matches(t, wanted)), 0)
    start = max(0, first - width // 3)
    piece = " ".join(tokens[start : start + width])
    prefix = "… " if start else ""
    suffix = " …" if start + width < len(tokens) else ""
    return mark_safe(prefix + highlight(piece, searched) + suffix)  # noqa: S308
