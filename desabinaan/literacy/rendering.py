"""Markdown to safe HTML (markdown + nh3), and the check that refuses unsafe content on save.

Two layers: `content_problem` refuses a guide or answer that carries a script, an event handler
or a `javascript:`/`data:`/`vbscript:` link, so an author learns at once; `render_markdown`
sanitises whatever is stored anyway (allow-listed tags, http(s)/mailto/tel links only)."""

from __future__ import annotations

import re
import threading
from functools import lru_cache

import markdown
import nh3
from django.utils.html import strip_tags
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

TAGS = {
    "p", "br", "strong", "em", "b", "i", "ul", "ol", "li", "a", "h2", "h3", "h4",
    "blockquote", "code", "pre", "hr", "table", "thead", "tbody", "tr", "th", "td", "mark",
}  # fmt: skip
ATTRIBUTES = {"a": {"href", "title"}, "th": {"align"}, "td": {"align"}}
URL_SCHEMES = {"http", "https", "mailto", "tel"}

_SCRIPT = re.compile(r"<\s*/?\s*script\b", re.IGNORECASE)
_HANDLER = re.compile(r"<[^>]*\son[a-z]+\s*=", re.IGNORECASE)
# A scheme in a Markdown link, an autolink or an HTML attribute; entity and whitespace tricks
# ("java&#115;cript:", "java script:") are undone before looking.
_BAD_SCHEME = re.compile(r"(javascript|vbscript|data)\s*:", re.IGNORECASE)


def _unescape(text: str) -> str:
    import html

    return re.sub(r"[\s\x00-\x1f]+", "", html.unescape(text))


def content_problem(text: str) -> str | None:
    """Why this Markdown is refused, or None."""
    if _SCRIPT.search(text):
        return _("Scripts are not allowed in a guide.")
    if _HANDLER.search(text):
        return _("HTML event attributes (onclick, onerror…) are not allowed.")
    # Links only: a guide may well say "data: nama, alamat" in prose.
    for target in re.findall(
        r"\]\(([^)]*)\)|<([^>\s]+:[^>\s]*)>|href\s*=\s*['\"]?([^'\" >]+)", text
    ):
        url = _unescape("".join(target))
        if _BAD_SCHEME.match(url):
            return _("Links may only start with https://, http://, mailto: or tel:.")
    return None


_local = threading.local()


def _markdown_html(text: str) -> str:
    """Markdown to HTML with one converter per thread (building one costs more than using it)."""
    md = getattr(_local, "md", None)
    if md is None:
        md = _local.md = markdown.Markdown(extensions=["tables", "sane_lists"])
    return md.reset().convert(text)


def render_markdown(text: str) -> SafeString:
    html = _markdown_html(text or "")
    clean = nh3.clean(
        html,
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
    )
    return mark_safe(clean)  # noqa: S308 (sanitised by nh3 just above)


@lru_cache(maxsize=1024)
def plain_text(text: str) -> str:
    """The Markdown's readable words, for snippets and the search index."""
    return re.sub(r"\s+", " ", strip_tags(render_markdown(text))).strip()
