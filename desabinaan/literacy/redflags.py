"""The job-offer checker (issue 14): finds the red flags of illegal recruitment and
trafficking in an offer a resident pastes, and combines them into a risk level.

The flags themselves are data (models.RedFlag, edited by pusat); this module only applies them.
Nothing is stored: the offer's text lives for the length of the request."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from django.utils import timezone
from django.utils.translation import gettext as _
from django_countries import countries

from desabinaan.core.refusals import Invalid

from .models import RedFlag, RedFlagKind

MAX_TEXT = 10_000
MAX_AGENCY = 200
# The one-sentence rule, also shown on the page (risk_rule_sentence).
HIGH_FROM = 4
MEDIUM_FROM = 1
# Words around a match quoted as evidence, so a resident sees the phrase in context.
CONTEXT = 15


@dataclass
class Finding:
    code: str
    title: str
    explanation: str
    evidence: str
    weight: int


@dataclass
class CheckResult:
    risk: str
    findings: list[Finding] = field(default_factory=list)
    advice: str = ""
    contacts: list[str] = field(default_factory=list)
    score: int = 0

    def as_json(self) -> dict:
        return {
            "risk": self.risk,
            "findings": [
                {
                    "code": f.code,
                    "title": f.title,
                    "explanation": f.explanation,
                    "evidence": f.evidence,
                }
                for f in self.findings
            ],
            "advice": self.advice,
            "contacts": self.contacts,
        }


def risk_rule_sentence() -> str:
    return _(
        "Each warning sign has a weight from 1 to 4; the weights found are added up: "
        "%(high)s or more is high risk, 1 to %(below)s is medium, none is low."
    ) % {"high": HIGH_FROM, "below": HIGH_FROM - 1}


def risk_for(score: int) -> str:
    if score >= HIGH_FROM:
        return "tinggi"
    if score >= MEDIUM_FROM:
        return "sedang"
    return "rendah"


def advice_for(risk: str) -> str:
    return {
        "tinggi": _(
            "Do not pay anything and do not hand over your passport. This offer shows strong "
            "signs of illegal recruitment or trafficking. Ask the Disnaker or BP3MI, and report "
            "it so the PIMPASA officer can check it."
        ),
        "sedang": _(
            "Be careful. Check the company and its licence, ask for the contract before you "
            "leave, and ask the Disnaker or BP3MI before you pay anything."
        ),
        "rendah": _(
            "No warning sign found in these words, but that is not a guarantee. Check the "
            "company's licence (P3MI), sign the contract before you leave and keep your "
            "passport yourself."
        ),
    }[risk]


def contacts() -> list[str]:
    return [
        _("Disnaker (manpower office) of your kabupaten/kota"),
        _("BP3MI (migrant worker protection unit) of your province"),
        _("Your village's PIMPASA officer or the nearest immigration office (Kantor Imigrasi)"),
        _("Police emergency: 110"),
    ]


def country_name(code: str) -> str:
    return str(countries.name(code)) if code else ""


def parse_country(value: str | None) -> str:
    """An ISO 3166 alpha-2 code from a code or a country name (English or Indonesian);
    '' for none; Invalid for a country we do not know."""
    value = (value or "").strip()
    if not value:
        return ""
    if len(value) == 2 and countries.name(value.upper()):
        return value.upper()
    wanted = value.casefold()
    for code, name in countries:
        if str(name).casefold() == wanted:
            return code
    from django.utils import translation

    for lang in ("en", "id"):
        with translation.override(lang):
            for code, name in countries:
                if str(name).casefold() == wanted:
                    return code
    raise Invalid(
        _("Unknown country. Choose one from the list or write its two-letter code (e.g. MY)."),
        field="destination_country",
        code="unknown_country",
    )


def clean_text(text: str | None) -> str:
    text = (text or "").strip()
    if not text:
        raise Invalid(_("Paste the job offer's text."), field="text", code="required")
    if len(text) > MAX_TEXT:
        raise Invalid(
            _("The text is too long: at most %(n)s characters.") % {"n": f"{MAX_TEXT:,}"},
            field="text",
            code="too_long",
        )
    return text


@lru_cache(maxsize=512)
def _compiled(pattern: str) -> re.Pattern:
    return re.compile(pattern, re.IGNORECASE)


def pattern_lines(value: str) -> list[str]:
    return [line.strip() for line in (value or "").splitlines() if line.strip()]


def invalid_pattern(value: str) -> str:
    """The first line of `value` that is not a valid regular expression, else ''."""
    for line in pattern_lines(value):
        try:
            _compiled(line)
        except re.error:
            return line
    return ""


def _window(text: str, start: int, end: int) -> tuple[int, int]:
    """The matched words with a little context, cut at word boundaries and at line breaks."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end == -1 else line_end
    left = max(start - CONTEXT, line_start)
    right = min(end + CONTEXT, line_end)
    if left > line_start:
        space = text.find(" ", left, start)
        left = space + 1 if space != -1 else start
    if right < line_end:
        space = text.rfind(" ", end, right)
        right = space if space != -1 else end
    return left, right


def _quote(text: str, spans: list[tuple[int, int]]) -> str:
    """The offer's own words around each match; overlapping windows become one quote."""
    windows = sorted(_window(text, a, b) for a, b in spans)
    merged: list[list[int]] = []
    for left, right in windows:
        if merged and left <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], right)
        else:
            merged.append([left, right])
    return " … ".join(text[a:b].strip() for a, b in merged)


def _first_match(patterns: str, text: str):
    best = None
    for line in pattern_lines(patterns):
        try:
            m = _compiled(line).search(text)
        except re.error:
            continue
        if m and m.end() > m.start() and (best is None or m.start() < best.start()):
            best = m
    return best


def check_offer(
    *,
    text: str | None,
    destination_country: str | None = None,
    agency_name: str | None = None,
    today=None,
) -> CheckResult:
    """Apply every active red flag to an offer. Refuses (Invalid) empty or over-long text, an
    unknown country and an over-long agency name."""
    from .selectors import agency_lookup

    text = clean_text(text)
    country = parse_country(destination_country)
    agency_name = (agency_name or "").strip()
    if len(agency_name) > MAX_AGENCY:
        raise Invalid(
            _("The company name is too long: at most %(n)s characters.") % {"n": MAX_AGENCY},
            field="agency_name",
        )
    # The chosen country counts as part of the offer ("admin" + Cambodia), quoted as such.
    context = text
    if country:
        with_names = {country_name(country)}
        from django.utils import translation

        for lang in ("en", "id"):
            with translation.override(lang):
                with_names.add(str(countries.name(country)))
        context = text + "\n" + _("Destination country") + ": " + " / ".join(sorted(with_names))
    findings: list[Finding] = []
    for flag in RedFlag.objects.filter(active=True):
        evidence = ""
        if flag.kind == RedFlagKind.AGENCY_REGISTER:
            if agency_name:
                answer = agency_lookup(name=agency_name, today=today or timezone.localdate())
                if answer.status != "terdaftar":
                    evidence = agency_name
        else:
            first = _first_match(flag.patterns, context)
            if first is None:
                continue
            spans = [first.span()]
            if pattern_lines(flag.also_patterns):
                second = _first_match(flag.also_patterns, context)
                if second is None:
                    continue
                spans.append(second.span())
            evidence = _quote(context, spans)
        if evidence:
            findings.append(
                Finding(
                    code=flag.code,
                    title=flag.title,
                    explanation=flag.explanation,
                    evidence=evidence,
                    weight=flag.weight,
                )
            )
    findings.sort(key=lambda f: -f.weight)
    score = sum(f.weight for f in findings)
    risk = risk_for(score)
    return CheckResult(
        risk=risk, findings=findings, advice=advice_for(risk), contacts=contacts(), score=score
    )
