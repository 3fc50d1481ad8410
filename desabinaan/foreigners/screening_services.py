"""Watch-list screening services (issue 18): keep the list (pusat), check a name (officers),
screen registered stays (tasks), decide on hits (officers in scope).

The engine is desabinaan.screening; this module feeds it rows and stores what it found."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import hmac
import io
import json
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django_countries import countries

from desabinaan.accounts.models import Role
from desabinaan.accounts.scope import Actor, as_actor
from desabinaan.core.audit import Action, changes_between, record, snapshot
from desabinaan.core.refusals import (
    MAX_REASON,
    Invalid,
    NotAllowed,
    NotFoundInScope,
    require_reason,
)
from desabinaan.screening import Person

from . import permissions
from .models import (
    Alert,
    AlertEvent,
    AlertKind,
    AlertStatus,
    PassportNumber,
    Severity,
    Stay,
)
from .screening import current_index
from .text import normalise_passport
from .watchlist_models import (
    HitStatus,
    ScreeningCheck,
    ScreeningHit,
    ScreeningRun,
    WatchlistEntry,
)

WATCHLIST_ROLES = frozenset({Role.PUSAT, Role.ADMIN})
IMPORT_COLUMNS = (
    "name",
    "aliases",
    "date_of_birth",
    "nationality",
    "passport_no",
    "reason",
    "source",
    "valid_until",
)
ENTRY_FIELDS = (*IMPORT_COLUMNS[:-1], "valid_until", "active")
# Fields the audit trail may show: never the name, date of birth or passport number.
AUDITED_FIELDS = ("reason", "source", "valid_until", "active", "nationality")
MAX_CANDIDATES = 10
SCREEN_BATCH = 500


def can_manage_watchlist(actor: Actor) -> bool:
    return actor.is_system or actor.role in WATCHLIST_ROLES


def _require_watchlist(actor: Actor) -> None:
    if not can_manage_watchlist(actor):
        raise NotAllowed(_("Only the directorate keeps the watch-list."))


def _is_officer(actor: Actor) -> bool:
    return actor.is_system or actor.role in permissions.OFFICER_ROLES


def _rescreen_after_commit() -> None:
    from .tasks import screen_stays_task

    transaction.on_commit(lambda: screen_stays_task.enqueue(kind=ScreeningRun.Kind.ALL))


# --- the list ----------------------------------------------------------------------------------


@transaction.atomic
def watchlist_entry_save(*, actor, entry: WatchlistEntry | None, data: dict) -> WatchlistEntry:
    """Create or change one entry (the pusat form). Every process sees it within a minute, and
    all active stays are screened again."""
    actor = as_actor(actor)
    _require_watchlist(actor)
    entry = entry or WatchlistEntry()
    creating = entry.pk is None
    before = {} if creating else snapshot(entry, AUDITED_FIELDS)
    clean = _clean_row(data)
    for name in ENTRY_FIELDS:
        if name in clean:
            setattr(entry, name, clean[name])
    if "active" in data:
        entry.active = bool(data["active"])
    entry.updated_at = timezone.now()
    entry.save()
    record(
        actor=actor,
        action=Action.WATCHLIST_CREATE if creating else Action.WATCHLIST_CHANGE,
        summary=f"Daftar pantauan #{entry.pk} {'ditambahkan' if creating else 'diubah'}",
        target=entry,
        changes=changes_between(before, snapshot(entry, AUDITED_FIELDS)),
    )
    _rescreen_after_commit()
    return entry


class WatchlistFileInvalid(Invalid):
    """A watch-list file with bad lines: `lines` lists (line number, message); nothing saved.
    (Not `problems`: Invalid keeps its per-field reasons under that name.)"""

    def __init__(self, problems: list[tuple[int, str]]):
        self.lines = problems
        shown = "; ".join(
            _("line %(line)s: %(message)s") % {"line": n, "message": m} for n, m in problems[:5]
        )
        more = len(problems) - 5
        if more > 0:
            shown += " " + _("(and %(n)s more)") % {"n": more}
        super().__init__(
            _("The file was not imported: %(problems)s") % {"problems": shown}, field="file"
        )


@dataclass(frozen=True)
class WatchlistImportResult:
    created: int
    updated: int


def _date(value: str, label: str) -> dt.date | None:
    value = (value or "").strip()
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ValueError(
            _("%(field)s must be a date written YYYY-MM-DD.") % {"field": label}
        ) from None


def _clean_row(row: dict) -> dict:
    """Typed values of one entry (form or CSV line); ValueError/Invalid with a message on a bad
    value."""
    out: dict = {}
    name = " ".join(str(row.get("name") or "").split())
    if not name:
        raise Invalid(_("The name is required."), field="name")
    if len(name) > 200 or not any(ch.isalpha() for ch in name):
        raise Invalid(_("Write the name in letters (at most 200 characters)."), field="name")
    out["name"] = name
    aliases = row.get("aliases") or ""
    alias_list = [" ".join(a.split()) for a in str(aliases).split(";") if a.strip()]
    if any(len(a) > 200 for a in alias_list):
        raise Invalid(_("An alias is longer than 200 characters."), field="aliases")
    out["aliases"] = "; ".join(alias_list)
    for field, label in (
        ("date_of_birth", _("The date of birth")),
        ("valid_until", _("The end date")),
    ):
        value = row.get(field)
        if isinstance(value, dt.date) or value is None:
            out[field] = value
        else:
            try:
                out[field] = _date(str(value), label)
            except ValueError as exc:
                raise Invalid(str(exc), field=field) from None
    nationality = str(row.get("nationality") or "").strip().upper()
    if nationality and nationality not in countries:
        raise Invalid(_("Unknown country code (use ISO 3166, e.g. AU)."), field="nationality")
    out["nationality"] = nationality
    passport = normalise_passport(str(row.get("passport_no") or ""))
    if len(passport) > 20:
        raise Invalid(_("The passport number is longer than 20 characters."), field="passport_no")
    out["passport_no"] = passport
    for field, limit in (("reason", 255), ("source", 120)):
        value = " ".join(str(row.get(field) or "").split())
        if len(value) > limit:
            raise Invalid(
                _("This text is too long (at most %(n)s characters).") % {"n": limit}, field=field
            )
        out[field] = value
    return out


def read_watchlist_file(path: Path) -> list[tuple[int, dict]]:
    """(line number, typed values) of every line, or WatchlistFileInvalid naming each bad one."""
    try:
        text = Path(path).read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise WatchlistFileInvalid(
            [(1, _("The file is not UTF-8 text (save it as CSV UTF-8)."))]
        ) from None
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, None)
    if header is None:
        raise WatchlistFileInvalid([(1, _("The file is empty."))])
    header = [h.strip().lower() for h in header]
    if sorted(header) != sorted(IMPORT_COLUMNS):
        expected = ",".join(IMPORT_COLUMNS)
        raise WatchlistFileInvalid(
            [(1, _("The header must be: %(columns)s") % {"columns": expected})]
        )
    rows: list[tuple[int, dict]] = []
    problems: list[tuple[int, str]] = []
    seen: dict[tuple, int] = {}
    line = reader.line_num
    for values in reader:
        start, line = line + 1, reader.line_num
        if not any(v.strip() for v in values):
            continue
        if len(values) != len(header):
            problems.append(
                (
                    start,
                    _("expected %(n)s cells, found %(m)s") % {"n": len(header), "m": len(values)},
                )
            )
            continue
        try:
            clean = _clean_row(dict(zip(header, values, strict=True)))
        except Invalid as exc:
            problems.append((start, exc.message))
            continue
        key = (clean["source"], clean["name"].casefold(), clean["date_of_birth"])
        if key in seen:
            problems.append(
                (
                    start,
                    _("the same source, name and date of birth as line %(n)s") % {"n": seen[key]},
                )
            )
            continue
        seen[key] = start
        rows.append((start, clean))
    if problems:
        raise WatchlistFileInvalid(problems)
    return rows


@transaction.atomic
def watchlist_import(*, actor, path: Path) -> WatchlistImportResult:
    """Import a CSV (header IMPORT_COLUMNS; aliases separated by ';'; empty cells allowed except
    the name). Upsert by source + name + date of birth. A bad line anywhere: nothing is saved and
    WatchlistFileInvalid names every bad line. Afterwards every process reloads its index within
    a minute and all active stays are screened again (a task)."""
    actor = as_actor(actor)
    _require_watchlist(actor)
    rows = read_watchlist_file(path)
    now = timezone.now()
    existing: dict[tuple, WatchlistEntry] = {}
    for entry in WatchlistEntry.objects.filter(source__in={row["source"] for _n, row in rows}):
        existing[(entry.source, entry.name.casefold(), entry.date_of_birth)] = entry
    created = updated = 0
    to_create = []
    for _line, clean in rows:
        entry = existing.get((clean["source"], clean["name"].casefold(), clean["date_of_birth"]))
        if entry is None:
            to_create.append(WatchlistEntry(**clean, active=True, created_at=now, updated_at=now))
            created += 1
        else:
            for name, value in clean.items():
                setattr(entry, name, value)
            entry.active = True
            entry.updated_at = now
            entry.save()
            updated += 1
    WatchlistEntry.objects.bulk_create(to_create, batch_size=1000)
    record(
        actor=actor,
        action=Action.WATCHLIST_IMPORT,
        summary=f"Impor daftar pantauan: {created} baru, {updated} diperbarui",
    )
    _rescreen_after_commit()
    return WatchlistImportResult(created, updated)


# --- checking a name ---------------------------------------------------------------------------


def _query_hash(payload: dict) -> str:
    text = json.dumps(payload, sort_keys=True, default=str)
    return hmac.new(settings.SECRET_KEY.encode(), text.encode(), hashlib.sha256).hexdigest()


def screening_check(
    *,
    actor,
    name: str,
    date_of_birth: dt.date | None = None,
    nationality: str = "",
    passport_no: str = "",
) -> list[dict]:
    """The best watch-list candidates for one person (at most 10), best first. Officers only.
    Each check is logged (ScreeningCheck: who, when, a keyed hash of the query, never the name)."""
    actor = as_actor(actor)
    if not _is_officer(actor):
        raise NotAllowed(_("Only immigration officers check names against the watch-list."))
    clean = _clean_row({"name": name, "nationality": nationality, "passport_no": passport_no})
    query = Person(
        clean["name"],
        date_of_birth.isoformat() if date_of_birth else None,
        clean["nationality"] or None,
        clean["passport_no"] or None,
    )
    found = current_index().search(query, limit=MAX_CANDIDATES)
    user = actor.user
    ScreeningCheck.objects.create(
        user=user,
        office_id=getattr(user, "office_id", None),
        query_hash=_query_hash(
            {
                "name": query.name,
                "dob": query.dob,
                "nat": query.nationality,
                "passport": query.passport,
            }
        ),
        candidates=len(found),
        hits=sum(c.hit for c in found),
    )
    return [
        {
            "entry_id": c.entry_id,
            "name": c.name,
            "score": c.score,
            "hit": c.hit,
            "explanation": c.explanation,
        }
        for c in found
    ]


# --- screening registered stays -----------------------------------------------------------------


def _stay_query(stay: Stay) -> list[Person]:
    f = stay.foreigner
    passports = list(f.passports.all())
    passport = passports[0].number if passports else None
    dob = f.date_of_birth.isoformat() if f.date_of_birth else None
    nat = f.nationality.code if f.nationality else None
    names = [f.full_name, *(a.strip() for a in (f.aliases or "").split(";") if a.strip())]
    return [Person(n, dob, nat, passport) for n in names]


def _screen_batch(stays: list[Stay], index) -> int:
    """Raise hits for one batch of stays; returns how many new hits."""
    found: dict[tuple[int, int], tuple[Stay, object]] = {}
    for stay in stays:
        for query in _stay_query(stay):
            for c in index.search(query, limit=MAX_CANDIDATES):
                if not c.hit:
                    continue
                key = (c.entry_id, stay.foreigner_id)
                if key not in found or found[key][1].score < c.score:
                    found[key] = (stay, c)
    if not found:
        return 0
    known = set(
        ScreeningHit.objects.filter(foreigner_id__in={k[1] for k in found}).values_list(
            "entry_id", "foreigner_id"
        )
    )
    raised = 0
    for (entry_id, foreigner_id), (stay, c) in found.items():
        if (entry_id, foreigner_id) in known:
            continue  # open, confirmed or dismissed: never raised twice
        try:
            with transaction.atomic():
                alert, _created = Alert.objects.get_or_create(
                    condition_key=f"watchlist:{entry_id}:{foreigner_id}",
                    defaults={
                        "kind": AlertKind.WATCHLIST,
                        "foreigner_id": foreigner_id,
                        "stay": stay,
                        "region_id": stay.region_id,
                        "severity": Severity.HIGH,
                        "summary": gettext_noop(
                            "name matches a watch-list entry (%(days)s%% similar)"
                        ),
                        "measure": round(c.score * 100),
                    },
                )
                ScreeningHit.objects.create(
                    entry_id=entry_id,
                    foreigner_id=foreigner_id,
                    stay=stay,
                    region_id=stay.region_id,
                    alert=alert,
                    score=c.score,
                    explanation=c.explanation[:500],
                )
        except IntegrityError:  # a concurrent pass raised it first
            continue
        raised += 1
    return raised


def stays_screen(
    *, actor, kind: str = ScreeningRun.Kind.NEW, batch_size: int = SCREEN_BATCH
) -> ScreeningRun:
    """Screen stays against the watch-list in batches, each committed on its own so a long pass
    (after an import of thousands, or of the whole registry after a list import) can be
    interrupted and resumed: `new` screens the active stays registered since the last `new`
    pass; `all` screens every active stay, resuming an unfinished `all` pass. One audit event."""
    actor = as_actor(actor)
    if not actor.is_system:
        _require_watchlist(actor)
    index = current_index(force_check=True)
    run = ScreeningRun.objects.filter(kind=kind, finished_at__isnull=True).order_by("-pk").first()
    if run is None:
        start = 0
        if kind == ScreeningRun.Kind.NEW:
            last = ScreeningRun.objects.filter(kind=kind).order_by("-last_stay_id").first()
            start = last.last_stay_id if last else 0
        run = ScreeningRun.objects.create(kind=kind, last_stay_id=start)
    stays = (
        Stay.objects.filter(departed_on__isnull=True, foreigner__merged_into__isnull=True)
        .select_related("foreigner")
        .prefetch_related(
            Prefetch("foreigner__passports", queryset=PassportNumber.objects.order_by("-pk"))
        )
        .order_by("pk")
    )
    while True:
        batch = list(stays.filter(pk__gt=run.last_stay_id)[:batch_size])
        if not batch:
            break
        with transaction.atomic():
            raised = _screen_batch(batch, index) if len(index) else 0
            run.last_stay_id = batch[-1].pk
            run.checked += len(batch)
            run.raised += raised
            run.save(update_fields=["last_stay_id", "checked", "raised"])
    run.finished_at = timezone.now()
    run.save(update_fields=["finished_at"])
    record(
        actor=actor,
        action=Action.SCREENING_RUN,
        summary=f"Penyaringan daftar pantauan: {run.checked} diperiksa, {run.raised} temuan baru",
        target=run,
    )
    return run


# --- deciding on a hit -------------------------------------------------------------------------


@transaction.atomic
def screening_hit_decide(
    *, actor, hit: ScreeningHit, decision: str, note: str = ""
) -> ScreeningHit:
    """An officer in whose area the stay is confirms the hit (the person is the one listed:
    the alert stays open, being handled) or dismisses it (not the same person: the alert is
    closed and this pair is never raised again)."""
    actor = as_actor(actor)
    if not actor.sees(hit.region_id):
        raise NotFoundInScope()
    if not _is_officer(actor):
        raise NotAllowed(_("Only immigration officers decide on watch-list matches."))
    if decision not in (HitStatus.CONFIRMED, HitStatus.DISMISSED):
        raise Invalid(_("Choose confirm or dismiss."), field="decision")
    if hit.status != HitStatus.OPEN:
        raise Invalid(_("This match has already been decided."), field="decision")
    if decision == HitStatus.DISMISSED:
        note = require_reason(
            note,
            message=_("Say why this is not the listed person (at least %(n)s letters)."),
            field="note",
        )
    else:
        note = " ".join((note or "").split())
        if len(note) > MAX_REASON:
            raise Invalid(_("The note is too long (at most 255 characters)."), field="note")
    before = snapshot(hit, ("status",))
    hit.status = decision
    hit.note = note
    hit.decided_by = actor.user
    hit.decided_at = timezone.now()
    hit.save(update_fields=["status", "note", "decided_by", "decided_at"])
    if hit.alert_id:
        alert = Alert.objects.select_for_update().get(pk=hit.alert_id)
        alert.status = (
            AlertStatus.DITANGANI if decision == HitStatus.CONFIRMED else AlertStatus.DIABAIKAN
        )
        alert.closed_reason = note[:255] if decision == HitStatus.DISMISSED else ""
        alert.save(update_fields=["status", "closed_reason"])
        AlertEvent.objects.create(
            alert=alert, actor=actor.user, status=alert.status, note=note[:255]
        )
    record(
        actor=actor,
        action=Action.SCREENING_HIT_DECIDE,
        summary=f"Temuan daftar pantauan #{hit.pk}: {hit.get_status_display()}",
        region=hit.region,
        target=hit,
        changes=changes_between(before, snapshot(hit, ("status",))),
    )
    return hit


# --- linking registrations into persons -------------------------------------------------------


def link_proposal() -> list[list[int]]:
    """Groups of live person records (Foreigner) that the engine takes for one person each,
    oldest record first; only groups of two or more. Reads only: an officer reviews the
    proposal, and `manage.py link_persons --apply` merges it."""
    from desabinaan.screening.link import link

    from .models import Foreigner

    latest: dict[int, str] = {}
    for fid, number in (
        PassportNumber.objects.filter(foreigner__merged_into__isnull=True)
        .order_by("foreigner_id", "-pk")
        .values_list("foreigner_id", "number")
        .iterator(chunk_size=5000)
    ):
        latest.setdefault(fid, number)
    ids: list[int] = []
    records: list[Person] = []
    for pk, given, family, dob, nat in (
        Foreigner.objects.filter(merged_into__isnull=True)
        .order_by("pk")
        .values_list("pk", "given_names", "family_name", "date_of_birth", "nationality")
        .iterator(chunk_size=5000)
    ):
        ids.append(pk)
        records.append(
            Person(
                f"{given} {family}".strip(),
                dob.isoformat() if dob else None,
                nat or None,
                latest.get(pk),
            )
        )
    groups: dict[int, list[int]] = {}
    for i, label in enumerate(link(records).labels):
        groups.setdefault(label, []).append(ids[i])
    return sorted((sorted(g) for g in groups.values() if len(g) > 1), key=lambda g: g[0])
