"""The village's domicile letter for a foreign resident (surat keterangan domisili, issue 15).

A village partner or the PIMPASA issues it from a stay of the registry. Its validity follows the
stay permit (DOMAIN.md §10, a camat's request, local practice): it ends when the permit ends and
at the latest after the village's set number of months, and it is refused while the permit has
ended or the stay is overdue. Letters are numbered per desa and year from a locked counter row.
A printed letter carries a QR code to the public verification page, which answers only "valid
until …", "no longer valid" or "unknown", with the number and the desa: no personal data.

Services take an Actor (accounts/scope.py), check their own permission, refuse with the family
of core/refusals.py and write one audit event each. Printing writes the access log instead."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from desabinaan.accounts.scope import Actor, as_actor, scope_q
from desabinaan.core.audit import Action, changes_between, record, snapshot
from desabinaan.core.refusals import Invalid, NotAllowed, NotFoundInScope, require_reason
from desabinaan.regions.models import Level, Region

from . import permissions
from .models import AccessKind, DomicileLetter, LetterCounter, Letterhead, Stay
from .text import add_months

# secrets.token_urlsafe(24): 24 random bytes, 192 bits, 32 characters of [A-Za-z0-9_-].
TOKEN_BYTES = 24
# What a token can look like; anything else is answered "unknown" without a query.
TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]{32}")
LETTERHEAD_FIELDS = (
    "government",
    "village_name",
    "address",
    "head_title",
    "head_name",
    "classification",
    "validity_months",
)
CLASSIFICATION_SHAPE = re.compile(r"[0-9A-Za-z.\-]{1,20}")


def _date(day: dt.date) -> str:
    return formats.date_format(day, "j F Y")


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _may(actor: Actor, roles: frozenset) -> bool:
    return actor.is_system or actor.role in roles


# --- letterhead --------------------------------------------------------------------------------


def letterhead_of(region_code: str) -> Letterhead | None:
    return Letterhead.objects.filter(region_id=region_code).first()


@transaction.atomic
def letterhead_save(*, actor: Actor, region: Region, data: dict) -> Letterhead:
    """Create or change the letterhead of a desa of the actor's area. Letters already issued
    keep the letterhead they were printed with."""
    actor = as_actor(actor)
    if not _may(actor, permissions.LETTERHEAD_ROLES):
        raise NotAllowed(
            _("Only the village partner, the PIMPASA or the Kanim keeps the letterhead.")
        )
    if not actor.sees(region.code):
        raise NotFoundInScope()
    if region.level != Level.DESA:
        raise Invalid(_("Choose a desa or kelurahan, not a larger area."), field="region")
    letterhead = letterhead_of(region.code) or Letterhead(region=region)
    before = snapshot(letterhead, LETTERHEAD_FIELDS) if letterhead.updated_at else {}
    for name in LETTERHEAD_FIELDS:
        value = data.get(name)
        if name == "validity_months":
            if not isinstance(value, int) or not 1 <= value <= 60:
                raise Invalid(
                    _("Write a number of months from 1 to 60."), field=name, code="months"
                )
        else:
            value = (value or "").strip() if isinstance(value, str | type(None)) else value
            limit = Letterhead._meta.get_field(name).max_length
            if not isinstance(value, str) or not value:
                raise Invalid(_("This field is required."), field=name, code="required")
            if len(value) > limit:
                raise Invalid(
                    _("At most %(limit)s characters (this has %(count)s). Shorten it.")
                    % {"limit": limit, "count": len(value)},
                    field=name,
                    code="too_long",
                )
            if name == "classification" and not CLASSIFICATION_SHAPE.fullmatch(value):
                raise Invalid(
                    _("Use only digits, letters, dots and dashes (for example 470 or 474.4)."),
                    field=name,
                    code="classification",
                )
        setattr(letterhead, name, value)
    letterhead.save()
    record(
        actor=actor,
        action=Action.LETTERHEAD_SAVE,
        region=region,
        target=letterhead,
        summary=f"Kop surat {region.code} disimpan",
        changes=changes_between(before, snapshot(letterhead, LETTERHEAD_FIELDS)),
    )
    return letterhead


# --- validity ----------------------------------------------------------------------------------


def letter_refusal(
    stay: Stay, *, today: dt.date | None = None, permit_number: str = ""
) -> Invalid | None:
    """Why no letter can be issued for this stay today (None when one can): the stay has ended,
    its permit has ended (overstay), its expected departure is overdue (the registry's
    departure_overdue rule and grace days), no permit number is known, or the village has no
    letterhead yet. The page shows it before the button is pressed; the service raises it."""
    today = today or timezone.localdate()
    typed = (permit_number or "").strip().upper()
    if stay.departed_on is not None:
        return Invalid(
            _(
                "This stay has ended (departure recorded). A letter is only for a person living "
                "here."
            ),
            code="stay_ended",
        )
    if stay.permit_expiry < today:
        return Invalid(
            _(
                "The stay permit ended on %(date)s: the person is overstaying. No letter can be "
                "issued; send them to the immigration office to settle their permit first."
            )
            % {"date": _date(stay.permit_expiry)},
            code="permit_ended",
        )
    grace = settings.FOREIGNERS_DEPARTURE_GRACE_DAYS
    if stay.expected_departure and stay.expected_departure < today - dt.timedelta(days=grace):
        return Invalid(
            _(
                "The expected departure (%(date)s) passed more than %(days)s days ago. If the "
                "person has left, record the departure; if they still live here, ask the PIMPASA "
                "to check their stay first."
            )
            % {"date": _date(stay.expected_departure), "days": grace},
            code="overdue",
        )
    recorded = stay.permit_number.strip().upper()
    if not recorded and not typed:
        return Invalid(
            _(
                "No permit number is recorded for this stay. Look at the person's permit (ITAS, "
                "ITAP or visa) and write its number."
            ),
            field="permit_number",
            code="no_permit",
        )
    if recorded and typed and typed != recorded:
        return Invalid(
            _(
                "This permit number differs from the one registered for the stay (%(number)s). "
                "Leave it empty, or ask the PIMPASA to check the stay."
            )
            % {"number": recorded},
            field="permit_number",
            code="permit_mismatch",
        )
    if len(typed) > 40:
        return Invalid(
            _("At most %(limit)s characters (this has %(count)s). Shorten it.")
            % {"limit": 40, "count": len(typed)},
            field="permit_number",
            code="too_long",
        )
    if letterhead_of(stay.region_id) is None:
        return Invalid(
            _(
                "The village letterhead is not filled in yet. Fill in the village's name, its "
                "head and its office address first."
            ),
            code="no_letterhead",
        )
    return None


@dataclass(frozen=True)
class LetterState:
    valid: bool
    # Why a letter is no longer valid, for the officers' list (never on the public page).
    why: str = ""


def letter_state(letter: DomicileLetter, *, today: dt.date | None = None) -> LetterState:
    """Valid while not revoked, not past its end, and its stay still active with a permit that
    has not ended (a departure or a corrected permit ends the letter with it)."""
    today = today or timezone.localdate()
    stay = letter.stay
    if letter.revoked_at:
        return LetterState(False, _("revoked"))
    if letter.valid_until < today:
        return LetterState(False, _("expired"))
    if stay.departed_on is not None:
        return LetterState(False, _("the stay has ended"))
    if stay.permit_expiry < today:
        return LetterState(False, _("the permit has ended"))
    return LetterState(True)


def valid_until_for(stay: Stay, *, today: dt.date, months: int) -> dt.date:
    """The permit's end, or `months` after the day of issue if that comes first."""
    return min(stay.permit_expiry, add_months(today, months))


# --- issue and revoke --------------------------------------------------------------------------


def _next_sequence(region: Region, year: int) -> int:
    """The next number of this desa and year. The counter row is locked until the letter's
    transaction ends, so concurrent issues wait for each other instead of sharing a number."""
    LetterCounter.objects.get_or_create(region=region, year=year)
    counter = LetterCounter.objects.select_for_update().get(region=region, year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last


@transaction.atomic
def domicile_letter_issue(
    *, actor: Actor, stay: Stay, permit_number: str = "", today: dt.date | None = None
) -> DomicileLetter:
    """Issue the village's domicile letter for `stay` (a village partner or the PIMPASA of its
    area). `permit_number` is the number read off the permit when the stay has none recorded.
    Refused while another letter of the stay is still valid: revoke it first to replace it."""
    actor = as_actor(actor)
    if not _may(actor, permissions.LETTER_ISSUE_ROLES):
        raise NotAllowed(_("Domicile letters are issued by the village partner or the PIMPASA."))
    if not actor.sees(stay.region_id):
        raise NotFoundInScope()
    today = today or timezone.localdate()
    # Locked: two issues for one stay at once must not both pass the "still valid" check.
    stay = Stay.objects.select_for_update().select_related("region").get(pk=stay.pk)
    refusal = letter_refusal(stay, today=today, permit_number=permit_number)
    if refusal:
        raise refusal
    for other in DomicileLetter.objects.filter(stay=stay, revoked_at__isnull=True):
        other.stay = stay
        if letter_state(other, today=today).valid:
            raise Invalid(
                _(
                    "Letter %(number)s for this stay is still valid until %(date)s. Revoke it "
                    "first if it must be replaced."
                )
                % {"number": other.number, "date": _date(other.valid_until)},
                code="letter_exists",
            )
    head = letterhead_of(stay.region_id)
    sequence = _next_sequence(stay.region, today.year)
    token = secrets.token_urlsafe(TOKEN_BYTES)
    letter = DomicileLetter.objects.create(
        stay=stay,
        region=stay.region,
        year=today.year,
        sequence=sequence,
        number=f"{head.classification}/{sequence:03d}/SKD-WNA/{today.year}",
        issued_on=today,
        valid_until=valid_until_for(stay, today=today, months=head.validity_months),
        permit_number=stay.permit_number.strip().upper() or permit_number.strip().upper(),
        issued_by=actor.user,
        government=head.government,
        village_name=head.village_name,
        address=head.address,
        head_title=head.head_title,
        head_name=head.head_name,
        token=token,
        token_hash=token_digest(token),
    )
    # No names or passport numbers in the trail (UU 27/2022): records by number.
    record(
        actor=actor,
        action=Action.LETTER_ISSUE,
        region=stay.region,
        target=letter,
        summary=f"Surat domisili {letter.number} untuk tinggal #{stay.pk}",
        changes={"valid_until": [None, letter.valid_until.isoformat()]},
    )
    return letter


@transaction.atomic
def domicile_letter_revoke(*, actor: Actor, letter: DomicileLetter, reason: str) -> DomicileLetter:
    """Revoke a letter (the permit was cancelled, the letter was lost or wrong). From then on
    the verification page answers "no longer valid"."""
    actor = as_actor(actor)
    if not _may(actor, permissions.LETTER_REVOKE_ROLES):
        raise NotAllowed(_("A letter is revoked by the village partner, the PIMPASA or the Kanim."))
    if not actor.sees(letter.region_id):
        raise NotFoundInScope()
    reason = require_reason(
        reason, message=_("Say why the letter is revoked (at least %(n)s letters)."), code="reason"
    )
    letter = DomicileLetter.objects.select_for_update().get(pk=letter.pk)
    if letter.revoked_at:
        raise Invalid(_("This letter has already been revoked."), code="already_revoked")
    letter.revoked_at = timezone.now()
    letter.revoked_by = actor.user
    letter.revoked_reason = reason
    letter.save(update_fields=["revoked_at", "revoked_by", "revoked_reason"])
    record(
        actor=actor,
        action=Action.LETTER_REVOKE,
        region=letter.region,
        target=letter,
        summary=f"Surat domisili {letter.number} dicabut",
        changes={"revoked_reason": ["", reason]},
    )
    return letter


# --- reads -------------------------------------------------------------------------------------


def letters_in_scope(actor: Actor) -> QuerySet[DomicileLetter]:
    actor = as_actor(actor)
    return DomicileLetter.objects.filter(scope_q(actor.scope, "region")).select_related(
        "stay", "region"
    )


def letters_of_stay(actor: Actor, stay: Stay) -> list[DomicileLetter]:
    """The stay's letters, newest first, each with its state (`letter.state`)."""
    today = timezone.localdate()
    letters = list(letters_in_scope(actor).filter(stay=stay))
    for letter in letters:
        letter.stay = stay
        letter.state = letter_state(letter, today=today)
    return letters


def letter_get(actor: Actor, pk: int) -> DomicileLetter:
    """One letter of the actor's area; outside it (or absent) NotFoundInScope, never 403."""
    letter = letters_in_scope(actor).select_related("stay__foreigner").filter(pk=pk).first()
    if letter is None:
        raise NotFoundInScope()
    return letter


@dataclass(frozen=True)
class Verification:
    """The public answer: only the state, the number, the desa and the end date."""

    known: bool
    valid: bool = False
    number: str = ""
    village: str = ""
    region_path: str = ""
    valid_until: dt.date | None = None


def verification_for(token: str, *, today: dt.date | None = None) -> Verification:
    """The answer of /verifikasi/<token>/. A token of the wrong shape is unknown without a
    query; a well-formed one is found by its SHA-256, so how long a lookup takes says nothing
    about how much of a real token was guessed."""
    if not isinstance(token, str) or not TOKEN_SHAPE.fullmatch(token):
        return Verification(known=False)
    letter = (
        DomicileLetter.objects.select_related("stay", "region")
        .filter(token_hash=token_digest(token))
        .first()
    )
    if letter is None:
        return Verification(known=False)
    state = letter_state(letter, today=today)
    return Verification(
        known=True,
        valid=state.valid,
        number=letter.number,
        village=letter.village_name,
        region_path=letter.region.path,
        valid_until=letter.valid_until if state.valid else None,
    )


# --- printing ----------------------------------------------------------------------------------


def letter_pdf(*, actor: Actor, letter: DomicileLetter, verify_url: str) -> bytes:
    """The letter as one A4 page on the village's letterhead, with a QR code of `verify_url`.
    It shows a person's data, so each print is an access-log row (like a full record)."""
    import segno
    from weasyprint import HTML  # loads Pango: only when a letter is printed

    from .services import access_log_write

    actor = as_actor(actor)
    if not _may(actor, permissions.LETTER_PRINT_ROLES):
        raise NotAllowed(_("Your role cannot print domicile letters."))
    if not actor.sees(letter.region_id):
        raise NotFoundInScope()
    stay = letter.stay
    foreigner = stay.foreigner
    passport = foreigner.passports.order_by("-expiry_date", "-pk").first()
    access_log_write(
        actor=actor,
        foreigner=foreigner,
        reason=f"Cetak surat keterangan domisili {letter.number}",
        kind=AccessKind.LETTER,
    )
    qr_svg = segno.make(verify_url, error="m").svg_inline(scale=6, border=1)
    with translation.override("id"):  # the village's letter is in Indonesian whoever prints it
        html = render_to_string(
            "foreigners/letter_pdf.html",
            {
                "letter": letter,
                "stay": stay,
                "foreigner": foreigner,
                "passport": passport,
                "qr_svg": qr_svg,
                "verify_url": verify_url,
                "state": letter_state(letter),
            },
        )
    return HTML(string=html).write_pdf()
