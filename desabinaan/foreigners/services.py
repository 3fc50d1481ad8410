"""Registry actions (DESIGN.md §6): one function per use case, keyword-only, transactional, the
actor (accounts.scope.Actor) passed in as a required keyword so the service checks its own
permission (permissions.py) and writes its own audit row. Views, API and commands call these;
none of them writes the ORM itself. Refusals are the family in core/refusals.py: NotAllowed for
the role or the area (403), Invalid with the field for the data (422)."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import logging
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django_tasks_db.compat import TaskResultStatus

from desabinaan.accounts.models import Role, User
from desabinaan.accounts.scope import Actor, as_actor
from desabinaan.core.audit import Action, changes_between, record, snapshot
from desabinaan.core.images import clean_photo
from desabinaan.core.refusals import Conflict, Invalid, NotAllowed, require_reason
from desabinaan.regions.models import Level, Region

from . import permissions, stay_rules
from .models import (
    OPEN_STATUSES,
    AccessKind,
    AccessLog,
    Alert,
    AlertEvent,
    AlertScan,
    AlertStatus,
    DepartureKind,
    Foreigner,
    ForeignerMerge,
    ImportRun,
    PassportNumber,
    PermitType,
    Purpose,
    Stay,
    StayRequestKey,
)
from .selectors import foreigners_for
from .text import fold_address, fold_name

log = logging.getLogger(__name__)


@dataclass
class PersonInput:
    given_names: str
    family_name: str
    sex: str
    date_of_birth: dt.date
    nationality: str
    passport_number: str
    passport_country: str
    passport_expiry: dt.date | None = None
    aliases: str = ""


@dataclass
class StayInput:
    region: Region
    address: str
    host_kind: str
    purpose: str
    arrival_date: dt.date
    permit_type: PermitType
    permit_expiry: dt.date
    host_name: str = ""
    expected_departure: dt.date | None = None
    permit_number: str = ""


def _check_stay(data: StayInput, actor: Actor) -> None:
    """Who may register where; the data itself is checked by registration_problems."""
    if not permissions.can_register(actor):
        raise NotAllowed(_("Your role cannot register foreigners."), code="cannot_register")
    refusal = stay_rules.check_region(
        is_desa=data.region.level == Level.DESA, in_scope=actor.sees(data.region.code)
    )
    if refusal is not None:
        # Outside the area is the actor's limit (403); a larger area is the input's (422).
        kind = NotAllowed if refusal.code == "outside_area" else Invalid
        raise kind(_REGION_MESSAGES[refusal.code](), field="region", code=refusal.code)


def _date(day: dt.date) -> str:
    return formats.date_format(day, "j F Y")


_REGION_MESSAGES = {
    "not_desa": lambda: _("Choose a desa or kelurahan, not a larger area."),
    "outside_area": lambda: _("This village is outside your area. Choose a village you serve."),
}
# How the registration words each refusal of stay_rules (the import words them its own way).
_MESSAGES = {
    "too_long": lambda p: _("At most %(limit)s characters (this has %(count)s). Shorten it.") % p,
    "invalid_choice": lambda p: _(
        "Select a valid choice. That choice is not one of the available choices."
    ),
    "passport_number": lambda p: p["problem"],
    "inactive_permit": lambda p: _("This permit type is no longer in use. Choose another."),
    "born_in_future": lambda p: _("The date of birth cannot be in the future."),
    "arrival_in_future": lambda p: _(
        "The arrival date is in the future. Register the person once they have arrived."
    ),
    "arrival_before_birth": lambda p: _("The arrival date is before the date of birth."),
    "passport_expired": lambda p: (
        _(
            "This passport expired on %(date)s. Enter the valid passport the person holds "
            "now; if they have none, report it to the PIMPASA."
        )
        % {"date": _date(p["date"])}
    ),
    "permit_before_arrival": lambda p: (
        _(
            "The permit ends (%(end)s) before the arrival date (%(arrival)s). Check both "
            "dates on the permit or the entry stamp."
        )
        % {"end": _date(p["end"]), "arrival": _date(p["arrival"])}
    ),
    "departure_before_arrival": lambda p: _(
        "The expected departure cannot be before the arrival date."
    ),
}
_REQUIRED_MESSAGES = {
    "given_names": lambda: _("Write the given names as in the passport."),
    "address": lambda: _("The address is required."),
}


def _refusal_message(refusal: stay_rules.Refusal) -> str:
    if refusal.code == "required":
        return _REQUIRED_MESSAGES.get(refusal.field, lambda: _("This field is required."))()
    return _MESSAGES[refusal.code](refusal.params)


def registration_refusals(values: dict, *, today: dt.date | None = None) -> list:
    """The refusals of stay_rules for a registration's values (the form's field names)."""
    today = today or timezone.localdate()
    refusals = stay_rules.check_values(values, today=today)
    permit = values.get("permit_type")
    if permit is not None:
        refusal = stay_rules.check_permit(known=True, active=permit.active)
        if refusal is not None:
            refusals.append(refusal)
    return refusals


def registration_problems(values: dict, *, today: dt.date | None = None) -> dict[str, list[str]]:
    """Every reason to refuse a registration at once, by field (the form's field names). Values
    that are missing (a field the form already refused) are skipped, so a form shows each of
    its problems on the first submit; the service refuses with the same reasons, and the API
    returns them all. Nothing a user typed is rewritten: it is accepted or refused. The rules
    are stay_rules, shared with the import."""
    problems: dict[str, list[str]] = {}
    for refusal in registration_refusals(values, today=today):
        problems.setdefault(refusal.field, []).append(_refusal_message(refusal))
    return problems


def registration_warnings(values: dict, *, today: dt.date | None = None) -> list[str]:
    """What the early-detection rules will raise for this registration, said before it is
    saved: the user may still save (the person is here either way), but knows what follows."""
    from django.conf import settings

    from .text import add_months

    today = today or timezone.localdate()
    warnings = []
    permit = values.get("permit_type")
    permit_end = values.get("permit_expiry")
    passport_end = values.get("passport_expiry")
    expected = values.get("expected_departure")
    if values.get("purpose") == Purpose.BEKERJA and permit is not None and permit.work == "no":
        warnings.append(
            _(
                "The purpose is work, but a %(permit)s permit does not allow work. Check the "
                "purpose; if the person does work here, the PIMPASA gets an alert to follow it up."
            )
            % {"permit": permit.code}
        )
    if permit_end and permit_end < today:
        warnings.append(
            _(
                "The permit ended on %(date)s: the person is staying beyond it (overstay). The "
                "PIMPASA gets an alert; advise the person to report to the immigration office."
            )
            % {"date": _date(permit_end)}
        )
    elif permit_end and permit_end <= today + dt.timedelta(
        days=settings.FOREIGNERS_PERMIT_WARNING_DAYS
    ):
        warnings.append(
            _("The permit ends on %(date)s. Remind the person to extend it or to leave in time.")
            % {"date": _date(permit_end)}
        )
    if (
        passport_end
        and passport_end >= today
        and passport_end <= add_months(today, settings.FOREIGNERS_PASSPORT_WARNING_MONTHS)
    ):
        warnings.append(
            _("The passport expires on %(date)s. Remind the person to renew it.")
            % {"date": _date(passport_end)}
        )
    if expected and expected < today:
        warnings.append(
            _(
                "The expected departure (%(date)s) has passed. If the person has left, record "
                "the departure instead."
            )
            % {"date": _date(expected)}
        )
    return warnings


def _registration_values(stay: StayInput, person: PersonInput) -> dict:
    return {**vars(person), **vars(stay)}


def _passport_add(
    *, foreigner: Foreigner, number: str, country: str, expiry: dt.date | None
) -> PassportNumber | None:
    """Attach a passport to a person unless they already hold it (then refresh its expiry)."""
    if not number:
        return None
    passport, created = PassportNumber.objects.get_or_create(
        foreigner=foreigner,
        issuing_country=country,
        number=number,
        defaults={"expiry_date": expiry},
    )
    if not created and expiry and passport.expiry_date != expiry:
        passport.expiry_date = expiry
        passport.save(update_fields=["expiry_date"])
    return passport


def stay_key_digest(*, user: User, idempotency_key: str) -> str:
    """How an Idempotency-Key is stored: per user, so two clients' keys never meet."""
    return hashlib.sha256(f"{user.pk}:{idempotency_key}".encode()).hexdigest()


def stay_replay(*, actor: Actor, idempotency_key: str, fingerprint: str) -> Stay | None:
    """The stay an earlier request of this actor with this Idempotency-Key made (None if there
    is none yet); Conflict (409) when that request had another body."""
    user = as_actor(actor).user
    found = (
        StayRequestKey.objects.filter(
            digest=stay_key_digest(user=user, idempotency_key=idempotency_key)
        )
        .select_related("stay")
        .first()
    )
    if found is None:
        return None
    if found.fingerprint != fingerprint:
        raise Conflict(
            _(
                "This Idempotency-Key was already used for a different registration. "
                "Use a new key for a new registration."
            ),
            field="Idempotency-Key",
        )
    return found.stay


def _stay_key_claim(*, user: User, idempotency_key: str, fingerprint: str) -> Stay | None:
    """Claim the key for this request before anything is written, or return the stay of the
    request that holds it. A concurrent retry with the same key waits on the key's unique row
    until the first request commits, then finds its stay."""
    found = stay_replay(
        actor=as_actor(user), idempotency_key=idempotency_key, fingerprint=fingerprint
    )
    if found is not None:
        return found
    digest = stay_key_digest(user=user, idempotency_key=idempotency_key)
    try:
        with transaction.atomic():
            StayRequestKey.objects.create(digest=digest, fingerprint=fingerprint)
    except IntegrityError:
        return stay_replay(
            actor=as_actor(user), idempotency_key=idempotency_key, fingerprint=fingerprint
        )
    return None


@transaction.atomic
def stay_register(
    *,
    actor: Actor,
    stay: StayInput,
    person: PersonInput,
    foreigner: Foreigner | None = None,
    link_reason: str = "",
    idempotency_key: str = "",
    fingerprint: str = "",
) -> Stay:
    """Register one stay. `foreigner` is the existing person the user picked among the duplicate
    candidates; without it a new person is created, unless the passport is already registered
    where the user can see it (then the user must pick that person: the same passport is the
    same person).

    A passport registered only outside the user's area is, for a partner or a PIMPASA, as if
    unknown: a new record is made (the possible-duplicate scan and an officer who sees both
    join them), so the answer never tells them the passport exists elsewhere. Linking a person
    from outside the area is a decision of the office level (`can_search_nationally`), with a
    `link_reason` written to the access log.

    With an `idempotency_key` (the API's Idempotency-Key header) and the request's
    `fingerprint`, a retry of the same request returns the stay the first one made, and the
    same key with another body is refused (Conflict)."""
    actor = as_actor(actor)
    _check_stay(stay, actor)
    if idempotency_key:
        earlier = _stay_key_claim(
            user=actor.user, idempotency_key=idempotency_key, fingerprint=fingerprint
        )
        if earlier is not None:
            return earlier
    refusals = registration_refusals(_registration_values(stay, person))
    if refusals:
        problems: dict[str, list[str]] = {}
        for refusal in refusals:
            problems.setdefault(refusal.field, []).append(_refusal_message(refusal))
        refused = Invalid(problems=problems, code="registration")
        refused.refusals = refusals  # each with its stable code, as the import reports them
        raise refused
    # Letters and digits only (checked above): upper case is the one form of a number.
    number = person.passport_number.strip().upper()
    owner_ids = set(
        PassportNumber.objects.filter(
            number=number,
            issuing_country=person.passport_country,
            foreigner__merged_into__isnull=True,
        ).values_list("foreigner_id", flat=True)
    )
    national = permissions.can_search_nationally(actor)
    if foreigner is None:
        known = owner_ids if national else _visible_ids(actor, owner_ids)
        if known:
            raise Invalid(
                _("This passport is already registered. Choose the existing person."),
                field="passport_number",
                code="passport_registered",
            )
        foreigner = Foreigner.objects.create(
            given_names=person.given_names.strip(),
            family_name=person.family_name.strip(),
            aliases=person.aliases.strip(),
            name_folded=fold_name(person.given_names, person.family_name),
            sex=person.sex,
            date_of_birth=person.date_of_birth,
            nationality=person.nationality,
            created_by=actor.user,
        )
    else:
        # A picked person must be one the user could see: in scope, or the holder of the
        # passport the user typed (found outside the scope by that number alone).
        if foreigner.merged_into_id:
            raise Invalid(_("This record was merged into another. Choose that one."), code="merged")
        visible = foreigners_for(actor=actor).filter(pk=foreigner.pk).exists()
        if not visible and not (national and foreigner.pk in owner_ids):
            # The same refusal whether the person exists elsewhere or not at all.
            raise Invalid(
                _("Choose one of the people offered, or register a new person."),
                field="foreigner_id",
                code="not_offered",
            )
        if owner_ids and foreigner.pk not in owner_ids:
            raise Invalid(
                _("This passport belongs to another registered person. Choose that person."),
                field="passport_number",
                code="passport_of_another",
            )
        if not visible:
            reason = require_reason(
                link_reason,
                message=_(
                    "This person is registered outside your area. Give the reason for "
                    "linking them here (at least %(n)s letters)."
                ),
                field="link_reason",
            )
            access_log_write(actor=actor, foreigner=foreigner, reason=reason, kind=AccessKind.LINK)
    _passport_add(
        foreigner=foreigner,
        number=number,
        country=person.passport_country,
        expiry=person.passport_expiry,
    )
    created = Stay.objects.create(
        foreigner=foreigner,
        region=stay.region,
        address=stay.address.strip(),
        address_key=fold_address(stay.address),
        host_name=stay.host_name.strip(),
        host_kind=stay.host_kind,
        purpose=stay.purpose,
        arrival_date=stay.arrival_date,
        expected_departure=stay.expected_departure,
        permit_type=stay.permit_type,
        permit_number=stay.permit_number.strip(),
        permit_expiry=stay.permit_expiry,
        registered_by=actor.user,
    )
    if idempotency_key:
        StayRequestKey.objects.filter(
            digest=stay_key_digest(user=actor.user, idempotency_key=idempotency_key)
        ).update(stay=created)
    log.info(
        "stay %s registered for foreigner %s by %s",
        created.pk,
        foreigner.pk,
        actor.user.pk if actor.user else actor.label,
    )
    # Audit summaries name records by number: no names or passport numbers (UU 27/2022).
    record(
        actor=actor,
        action=Action.STAY_REGISTER,
        region=created.region,
        target=created,
        summary=f"Tinggal #{created.pk} didaftarkan untuk WNA #{foreigner.pk}",
    )
    _scan_after_commit({foreigner.pk})
    return created


def _visible_ids(actor: Actor, ids: set[int]) -> set[int]:
    if not ids:
        return set()
    return set(foreigners_for(actor=actor).filter(pk__in=ids).values_list("pk", flat=True))


VERIFY_FIELDS = ("verified_at", "verified_by", "verified_with")


@transaction.atomic
def stay_verify(*, actor: Actor, stay: Stay, verified_with: str) -> Stay:
    actor = as_actor(actor)
    if not permissions.can_verify(actor) or not actor.sees(stay.region_id):
        raise NotAllowed(
            _("Only the PIMPASA or Kanim of this village can verify."), code="cannot_verify"
        )
    if stay.verified_at:
        raise Invalid(_("This stay has already been verified."), code="verified")
    if not verified_with.strip():
        raise Invalid(
            _("Say what you checked (for example: original passport seen)."),
            field="verified_with",
            code="required",
        )
    before = snapshot(stay, VERIFY_FIELDS)
    stay.verified_at = timezone.now()
    stay.verified_by = actor.user
    stay.verified_with = verified_with.strip()[:160]
    stay.save(update_fields=list(VERIFY_FIELDS))
    record(
        actor=actor,
        action=Action.STAY_VERIFY,
        region=stay.region,
        target=stay,
        summary=f"Tinggal #{stay.pk} diverifikasi",
        changes=changes_between(before, snapshot(stay, VERIFY_FIELDS)),
    )
    return stay


DEPARTURE_FIELDS = ("departed_on", "departure_kind", "moved_to")


@transaction.atomic
def stay_depart(
    *,
    actor: Actor,
    stay: Stay,
    departed_on: dt.date,
    kind: str,
    moved_to: Region | None = None,
) -> Stay:
    """Record that a person left the desa: moved elsewhere, left Indonesia, or nobody knows."""
    actor = as_actor(actor)
    if not permissions.can_register(actor) and not permissions.can_verify(actor):
        raise NotAllowed(_("Your role cannot record departures."), code="cannot_depart")
    if not actor.sees(stay.region_id):
        raise NotAllowed(_("This village is outside your area."), code="outside_area")
    if stay.departed_on:
        raise Invalid(_("A departure has already been recorded for this stay."), code="departed")
    if kind not in DepartureKind.values:
        raise Invalid(_("Choose how the person left."), field="kind", code="kind")
    if departed_on < stay.arrival_date:
        raise Invalid(
            _("The departure date cannot be before the arrival date."),
            field="departed_on",
            code="before_arrival",
        )
    if departed_on > timezone.localdate():
        raise Invalid(_("The departure date is in the future."), field="departed_on", code="future")
    if kind == DepartureKind.MOVED:
        if moved_to is None or moved_to.level != Level.DESA:
            raise Invalid(
                _("Choose the village the person moved to."), field="moved_to", code="required"
            )
        if moved_to.pk == stay.region_id:
            raise Invalid(
                _("The person moved to another village, not the same one."),
                field="moved_to",
                code="same_village",
            )
    else:
        moved_to = None
    before = snapshot(stay, DEPARTURE_FIELDS)
    stay.departed_on = departed_on
    stay.departure_kind = kind
    stay.moved_to = moved_to
    stay.save(update_fields=list(DEPARTURE_FIELDS))
    record(
        actor=actor,
        action=Action.STAY_DEPART,
        region=stay.region,
        target=stay,
        summary=f"Keberangkatan dari tinggal #{stay.pk}: {stay.get_departure_kind_display()}",
        changes=changes_between(before, snapshot(stay, DEPARTURE_FIELDS)),
    )
    return stay


def _check_can_verify_person(actor: Actor, foreigner: Foreigner) -> None:
    if not permissions.can_verify(actor):
        raise NotAllowed(
            _("Only the PIMPASA or Kanim of this person's village can do this."),
            code="cannot_verify",
        )
    if not foreigners_for(actor=actor, include_merged=True).filter(pk=foreigner.pk).exists():
        raise NotAllowed(_("This person has no stay in your area."), code="outside_area")


@transaction.atomic
def foreigner_photo_set(*, actor: Actor, foreigner: Foreigner, upload) -> Foreigner:
    """Keep a photo of the person, taken or checked by the officer who verifies them. The file is
    re-encoded (no EXIF: no GPS position, no phone model) and kept in private storage; the one
    it replaces is deleted once the change is committed."""
    actor = as_actor(actor)
    _check_can_verify_person(actor, foreigner)
    photo = clean_photo(upload, name=f"{foreigner.pk}.jpg")
    old = foreigner.photo.name
    foreigner.photo.save(f"{foreigner.pk}.jpg", photo, save=False)
    foreigner.save(update_fields=["photo"])
    if old and old != foreigner.photo.name:
        transaction.on_commit(lambda: foreigner.photo.storage.delete(old))
    record(
        actor=actor,
        action=Action.FOREIGNER_PHOTO_SET,
        target=foreigner,
        summary=f"Foto WNA #{foreigner.pk} disimpan",
        # File names only: the picture itself never goes into the trail.
        changes=changes_between({"photo": old}, {"photo": foreigner.photo.name}),
    )
    return foreigner


@transaction.atomic
def foreigner_photo_remove(*, actor: Actor, foreigner: Foreigner) -> Foreigner:
    """Remove the photo (a wrong person, or the person asked under UU 27/2022)."""
    actor = as_actor(actor)
    _check_can_verify_person(actor, foreigner)
    old = foreigner.photo.name
    if old:
        foreigner.photo = ""
        foreigner.save(update_fields=["photo"])
        storage = Foreigner._meta.get_field("photo").storage
        transaction.on_commit(lambda: storage.delete(old))
    record(
        actor=actor,
        action=Action.FOREIGNER_PHOTO_REMOVE,
        target=foreigner,
        summary=f"Foto WNA #{foreigner.pk} dihapus" if old else f"WNA #{foreigner.pk} tanpa foto",
        changes=changes_between({"photo": old}, {"photo": ""}),
    )
    return foreigner


def _check_officer_sees(actor: Actor, *foreigners: Foreigner) -> None:
    """Every record in the officer's area (the callers have checked the role first)."""
    visible = set(
        foreigners_for(actor=actor, include_merged=True)
        .filter(pk__in=[f.pk for f in foreigners])
        .values_list("pk", flat=True)
    )
    if len(visible) != len({f.pk for f in foreigners}):
        raise NotAllowed(_("Both records must be in your area."), code="outside_area")


@transaction.atomic
def foreigner_merge(
    *, actor: Actor, source: Foreigner, target: Foreigner, reason: str = ""
) -> ForeignerMerge:
    """Join `source` into `target` (the same person registered twice). Stays, passports and
    alerts move to `target`; `source` stays as a record pointing at it, and the merge row
    remembers what moved so `foreigner_split` can put it back."""
    actor = as_actor(actor)
    if not permissions.is_officer(actor):
        raise NotAllowed(_("Only immigration officers can do this."), code="not_officer")
    if source.pk == target.pk:
        raise Invalid(_("Choose two different records."), field="target", code="same_record")
    # Before the area check: a merged record has no stays left, so it is in no one's area.
    if source.merged_into_id or target.merged_into_id:
        raise Invalid(
            _("One of these records is already merged into another."), code="already_merged"
        )
    _check_officer_sees(actor, source, target)
    stay_ids = list(Stay.objects.filter(foreigner=source).values_list("pk", flat=True))
    alert_ids = list(Alert.objects.filter(foreigner=source).values_list("pk", flat=True))
    held = set(
        PassportNumber.objects.filter(foreigner=target).values_list("issuing_country", "number")
    )
    moving = [
        p.pk
        for p in PassportNumber.objects.filter(foreigner=source)
        if (p.issuing_country.code, p.number) not in held
    ]
    Stay.objects.filter(pk__in=stay_ids).update(foreigner=target)
    Alert.objects.filter(pk__in=alert_ids).update(foreigner=target)
    PassportNumber.objects.filter(pk__in=moving).update(foreigner=target)
    source.merged_into = target
    source.save(update_fields=["merged_into"])
    merge = ForeignerMerge.objects.create(
        source=source,
        target=target,
        moved_stay_ids=stay_ids,
        moved_passport_ids=moving,
        moved_alert_ids=alert_ids,
        merged_by=actor.user,
        reason=reason.strip()[:255],
    )
    log.info("foreigner %s merged into %s (merge %s)", source.pk, target.pk, merge.pk)
    record(
        actor=actor,
        action=Action.FOREIGNER_MERGE,
        target=merge,
        summary=f"WNA #{source.pk} digabung ke WNA #{target.pk}",
        changes={"merged_into": [None, target.pk]},
    )
    return merge


@transaction.atomic
def foreigner_split(*, actor: Actor, merge: ForeignerMerge) -> Foreigner:
    """Undo a wrong merge: the absorbed record gets back exactly what moved with it."""
    actor = as_actor(actor)
    merge = ForeignerMerge.objects.select_for_update().get(pk=merge.pk)
    source, target = merge.source, merge.target
    if not permissions.is_officer(actor):
        raise NotAllowed(_("Only immigration officers can do this."), code="not_officer")
    if merge.split_at:
        raise Invalid(_("This merge has already been split."), code="already_split")
    # Merges stack: when the target was itself merged on later, that later merge is split first,
    # otherwise the moved rows are no longer where this merge put them. (Before the area check:
    # a target merged on has no stays left, so it is in no one's area.)
    if source.merged_into_id != target.pk or target.merged_into_id:
        raise Invalid(
            _("The records were merged again later: split the later merge first."),
            code="merged_later",
        )
    _check_officer_sees(actor, target)
    Stay.objects.filter(pk__in=merge.moved_stay_ids, foreigner=target).update(foreigner=source)
    Alert.objects.filter(pk__in=merge.moved_alert_ids, foreigner=target).update(foreigner=source)
    PassportNumber.objects.filter(pk__in=merge.moved_passport_ids, foreigner=target).update(
        foreigner=source
    )
    source.merged_into = None
    source.save(update_fields=["merged_into"])
    merge.split_at = timezone.now()
    merge.split_by = actor.user
    merge.save(update_fields=["split_at", "split_by"])
    log.info("merge %s split", merge.pk)
    record(
        actor=actor,
        changes={"merged_into": [target.pk, None]},
        action=Action.FOREIGNER_SPLIT,
        target=merge,
        summary=f"Penggabungan WNA #{source.pk} ke WNA #{target.pk} dibatalkan",
    )
    return source


# Which statuses an alert may go to from each status (DESIGN.md §6: guarded transitions).
ALERT_TRANSITIONS = {
    AlertStatus.BARU: {AlertStatus.DITANGANI, AlertStatus.SELESAI, AlertStatus.DIABAIKAN},
    AlertStatus.DITANGANI: {AlertStatus.SELESAI, AlertStatus.DIABAIKAN},
    AlertStatus.SELESAI: set(),
    AlertStatus.DIABAIKAN: set(),
}


@transaction.atomic
def alert_resolve(*, actor: Actor, alert: Alert, status: str, reason: str = "") -> Alert:
    """Move an alert on: being handled, done, or dismissed (a reason is required to dismiss)."""
    actor = as_actor(actor)
    if not permissions.is_officer(actor) or not actor.sees(alert.region_id):
        raise NotAllowed(
            _("Only officers of this area can handle this alert."), code="not_area_officer"
        )
    alert = Alert.objects.select_for_update().get(pk=alert.pk)
    before = snapshot(alert, ["status", "closed_reason"])
    if status not in ALERT_TRANSITIONS.get(alert.status, set()):
        raise Invalid(
            _("An alert that is “%(current)s” cannot become “%(new)s”.")
            % {
                "current": AlertStatus(alert.status).label,
                "new": AlertStatus(status).label if status in AlertStatus.values else status,
            },
            field="status",
            code="transition",
        )
    reason = reason.strip()[:255]
    if status == AlertStatus.DIABAIKAN and not reason:
        raise Invalid(_("Say why this alert is dismissed."), field="reason", code="required")
    alert.status = status
    fields = ["status"]
    if status not in OPEN_STATUSES:
        alert.closed_reason = reason
        fields.append("closed_reason")
    alert.save(update_fields=fields)
    AlertEvent.objects.create(alert=alert, actor=actor.user, status=status, note=reason)
    record(
        actor=actor,
        action=Action.ALERT_RESOLVE,
        region=alert.region,
        target=alert,
        summary=f"Peringatan #{alert.pk}: {AlertStatus(status).label}",
        changes=changes_between(before, snapshot(alert, ["status", "closed_reason"])),
    )
    return alert


@transaction.atomic
def access_log_write(
    *, actor: Actor, foreigner: Foreigner, reason: str, kind: str = AccessKind.VIEW
) -> AccessLog:
    """Write down who opened a person's full record and why. Opening a full record (page, API,
    photo) is officers' work; the services that print or link a record (a domicile letter,
    a link from outside the area) have checked their own roles and log through here too."""
    actor = as_actor(actor)
    full_record = kind in (AccessKind.VIEW, AccessKind.API, AccessKind.PHOTO)
    if full_record and not permissions.is_officer(actor):
        raise NotAllowed(
            _("Only immigration officers can open the full record."), code="not_officer"
        )
    reason = require_reason(
        reason, message=_("Give the reason for opening this record (at least %(n)s letters).")
    )
    user = actor.user
    return AccessLog.objects.create(
        user=user,
        office_id=getattr(user, "office_id", None),
        foreigner=foreigner,
        kind=kind,
        reason=reason,
    )


@transaction.atomic
def access_log_export(*, actor: Actor, foreigner_ids: list[int], reason: str) -> int:
    """One access-log row per person in an unmasked export."""
    actor = as_actor(actor)
    if not permissions.can_export_unmasked(actor):
        raise NotAllowed(
            _("You do not have the right to export unmasked passport numbers."),
            code="cannot_export_unmasked",
        )
    reason = require_reason(
        reason, message=_("Give the reason for the unmasked export (at least %(n)s letters).")
    )
    user = actor.user
    now = timezone.now()
    AccessLog.objects.bulk_create(
        AccessLog(
            user=user,
            office_id=getattr(user, "office_id", None),
            foreigner_id=pk,
            kind=AccessKind.EXPORT_CSV,
            reason=reason,
            at=now,
        )
        for pk in foreigner_ids
    )
    return len(foreigner_ids)


# --- reference data ---------------------------------------------------------------------------

PERMIT_TYPES_CSV = Path(__file__).resolve().parent / "data" / "permit_types.csv"
_PERMIT_FIELDS = (
    "name",
    "purpose",
    "max_stay_days",
    "max_stay_text",
    "extension",
    "work",
    "work_note",
    "regulation",
    "confirmed",
)


def permit_type_rows(path: Path = PERMIT_TYPES_CSV) -> list[dict]:
    with path.open(encoding="utf-8") as fh:
        lines = [line for line in fh if not line.startswith("#")]
    rows = []
    for raw in csv.DictReader(lines):
        row = {k: (v or "").strip() for k, v in raw.items()}
        row["max_stay_days"] = int(row["max_stay_days"]) if row["max_stay_days"] else None
        row["confirmed"] = row["confirmed"] == "1"
        rows.append(row)
    return rows


PERMIT_TYPE_FIELDS = (
    "code",
    "name",
    "purpose",
    "max_stay_days",
    "max_stay_text",
    "extension",
    "work",
    "work_note",
    "regulation",
    "confirmed",
    "active",
)


@transaction.atomic
def permit_type_save(*, actor: Actor, permit: PermitType, data: dict) -> PermitType:
    """Create or change a visa/permit type (pusat). A type in use is retired by unticking
    `active`, never deleted: stays keep pointing at it. The scan reads `work` on its next run."""
    actor = as_actor(actor)
    if not permissions.can_edit_permit_types(actor):
        raise NotAllowed(
            _("Only the directorate (pusat) can change permit types."), code="not_directorate"
        )
    code = data["code"].strip().upper()
    if PermitType.objects.filter(code__iexact=code).exclude(pk=permit.pk).exists():
        raise Invalid(
            _("Permit type %(code)s already exists.") % {"code": code}, field="code", code="exists"
        )
    created = permit.pk is None
    before = {} if created else snapshot(permit, PERMIT_TYPE_FIELDS)
    for name in PERMIT_TYPE_FIELDS:
        setattr(permit, name, data[name])
    permit.code = code
    permit.save()
    record(
        actor=actor,
        action=Action.PERMIT_TYPE_CREATE if created else Action.PERMIT_TYPE_CHANGE,
        summary=permit.code,
        target=permit,
        changes=changes_between(before, snapshot(permit, PERMIT_TYPE_FIELDS)),
    )
    return permit


def permit_types_load(
    *,
    actor: Actor | None = None,
    model=PermitType,
    path: Path = PERMIT_TYPES_CSV,
    update: bool = False,
):
    """Seed the permit types. Existing rows are left alone (pusat may have edited them) unless
    `update`. `model` lets the data migration pass its historical model (with actor=None: a
    migration writes no audit event). Returns (created, updated)."""
    if model is PermitType and not permissions.can_edit_permit_types(as_actor(actor)):
        raise NotAllowed(
            _("Only the directorate (pusat) can change permit types."), code="not_directorate"
        )
    created = updated = 0
    for row in permit_type_rows(path):
        values = {k: row[k] for k in _PERMIT_FIELDS}
        obj = model.objects.filter(code=row["code"]).first()
        if obj is None:
            model.objects.create(code=row["code"], **values)
            created += 1
        elif update:
            for key, value in values.items():
                setattr(obj, key, value)
            obj.save()
            updated += 1
    # Not from the data migration: its historical model is not the AuditEvent table's era.
    if model is PermitType:
        record(
            actor=actor,
            action=Action.LOAD_PERMIT_TYPES,
            summary=f"Jenis izin dimuat: {created} baru, {updated} diperbarui",
        )
    return created, updated


# --- early detection --------------------------------------------------------------------------


@dataclass
class ScanResult:
    found: dict[str, int]
    raised: dict[str, int]
    updated: int


def alerts_scan(
    *,
    actor: Actor,
    today: dt.date | None = None,
    rules: list[str] | None = None,
    people: frozenset[int] | set[int] | None = None,
) -> ScanResult:
    """Run the rules and raise an alert for each condition not seen before. A condition that
    already has an alert (open or closed) raises nothing; an open one gets its measure (days over,
    people at the address) refreshed. Each rule commits on its own so one failing rule does not
    lose the others' alerts. With `people`, only those people's conditions are looked at (a
    registration is checked at once instead of waiting for the daily scan). Every run is
    recorded as an AlertScan. The actor is the scheduler's or the command's system actor (or
    an officer running a scan by hand)."""
    from .rules import RULES

    actor = as_actor(actor)
    if not permissions.is_officer(actor):
        raise NotAllowed(_("Only immigration officers can do this."), code="not_officer")
    today = today or timezone.localdate()
    people = frozenset(people) if people is not None else None
    run = AlertScan.objects.create(
        scope=AlertScan.Scope.ALL if people is None else AlertScan.Scope.PEOPLE,
        as_of=today,
        people=len(people or ()),
    )
    result = ScanResult(found={}, raised={}, updated=0)
    for name in rules or list(RULES):
        findings = {f.key: f for f in RULES[name](today, people)}
        result.found[name] = len(findings)
        result.raised[name] = 0
        keys = list(findings)
        with transaction.atomic():
            existing: dict[str, Alert] = {}
            for start in range(0, len(keys), 500):
                for alert in Alert.objects.filter(condition_key__in=keys[start : start + 500]):
                    existing[alert.condition_key] = alert
            stale = []
            for key, alert in existing.items():
                measure = findings[key].measure
                if alert.is_open and alert.measure != measure:
                    alert.measure = measure
                    stale.append(alert)
            Alert.objects.bulk_update(stale, ["measure"], batch_size=500)
            result.updated += len(stale)
            new = [
                Alert(
                    kind=f.kind,
                    condition_key=f.key,
                    foreigner_id=f.foreigner_id,
                    stay_id=f.stay_id,
                    region_id=f.region_id,
                    severity=f.severity,
                    summary=f.summary,
                    measure=f.measure,
                )
                for key, f in findings.items()
                if key not in existing
            ]
            # ignore_conflicts: a scan running at the same moment may have just raised it.
            Alert.objects.bulk_create(new, batch_size=500, ignore_conflicts=True)
            for start in range(0, len(new), 500):
                chunk = [a.condition_key for a in new[start : start + 500]]
                created = Alert.objects.filter(condition_key__in=chunk, events__isnull=True)
                AlertEvent.objects.bulk_create(
                    [AlertEvent(alert=a, status=AlertStatus.BARU, note="scan") for a in created]
                )
            result.raised[name] = len(new)
    run.finished_at = timezone.now()
    run.raised = sum(result.raised.values())
    run.save(update_fields=["finished_at", "raised"])
    log.info("alert scan: raised %s, refreshed %s", run.raised, result.updated)
    record(
        actor=actor,
        action=Action.ALERT_SCAN,
        summary=f"Pemindaian peringatan: {run.raised} baru, {result.updated} diperbarui",
    )
    return result


def alerts_after_import(run: ImportRun) -> None:
    """An import that added stays runs the rules over everyone at once (a task): the imported
    people are thousands, and the rules are set-based, so one scan costs about what checking
    them one by one would."""
    from .tasks import scan_alerts_task

    if run.rows_created:
        transaction.on_commit(lambda: scan_alerts_task.enqueue())


def _scan_after_commit(people: set[int]) -> None:
    """Check the people just registered once their rows are committed (a task, so a slow check
    never holds the request; tests run tasks at once)."""
    from .tasks import scan_people_alerts_task

    ids = sorted(people)
    transaction.on_commit(lambda: scan_people_alerts_task.enqueue(foreigner_ids=ids))


# --- imports from the web page ---------------------------------------------------------------

IMPORT_ERROR_SAMPLE = 50


def _import_root() -> Path:
    from django.conf import settings

    root = Path(settings.FOREIGNERS_IMPORT_ROOT)
    root.mkdir(parents=True, exist_ok=True)
    return root


@transaction.atomic
def import_queue(*, actor: Actor, upload, skip_invalid: bool) -> ImportRun:
    """Keep an uploaded file in private storage and queue its import as a background task, so
    a large file never holds a web request. The page follows the run's progress."""
    import uuid

    actor = as_actor(actor)
    if actor.user is None or not permissions.can_import(actor):
        # A run belongs to the person who sent the file: the task acts in their name.
        raise NotAllowed(
            _("Imports are for Kanim staff and the directorate."), code="cannot_import"
        )
    from .tasks import import_stays_task

    suffix = ".xlsx" if upload.name.lower().endswith(".xlsx") else ".csv"
    source = _import_root() / f"{uuid.uuid4().hex}{suffix}"
    with source.open("wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    run = ImportRun.objects.create(
        user=actor.user,
        file_name=upload.name[:255],
        status=ImportRun.Status.QUEUED,
        skip_invalid=skip_invalid,
        source=source.name,
    )
    record(
        actor=actor,
        action=Action.IMPORT_QUEUE,
        target=run,
        summary=f"Impor #{run.pk} diantrekan",
    )
    # Enqueued after the commit, so the worker never looks for a run that is not saved yet.
    transaction.on_commit(lambda: import_stays_task.enqueue(run_id=run.pk))
    return run


def import_execute(*, actor: Actor, run_id: int, attempt: int = 1) -> ImportRun:
    """Run a queued import (called by the task, as its system actor); records the outcome on
    the run. The rows are registered in the name and within the area of the run's user.

    `attempt` is the task's: above 1 the task was put back on the queue by the recovery job
    (scheduler/services.py) because the worker running it was killed, which leaves the run
    "running". The import then starts again from the top; the rows the killed attempt saved
    are found and counted as already saved (importer.py), so nothing is doubled."""
    from .importer import ImportFileError, StayImporter, write_error_report

    actor = as_actor(actor)
    if not actor.is_system:
        raise NotAllowed(code="task_only")
    run = ImportRun.objects.select_related("user").get(pk=run_id)
    restart = run.status == ImportRun.Status.RUNNING and attempt > 1
    if run.status != ImportRun.Status.QUEUED and not restart:
        return run  # a retried task must not import twice
    source = _import_root() / run.source
    if restart:
        log.warning("import %s: restarted (attempt %s) after its worker stopped", run.pk, attempt)
        run.rows_created = run.rows_existing = 0
        run.save(update_fields=["rows_created", "rows_existing"])
    if not run.source or not source.exists():
        _import_stop(run, _import_gone_message())
        return run
    try:
        result = StayImporter(actor=run.user, all_or_nothing=not run.skip_invalid).run(
            source, file_name=run.file_name, run=run
        )
    except ImportFileError as exc:
        run.refresh_from_db()
        run.status = ImportRun.Status.FAILED
        run.message = str(exc)[:255]
        run.finished_at = timezone.now()
        run.save(update_fields=["status", "message", "finished_at"])
        record(
            actor=as_actor(run.user),
            action=Action.IMPORT_RUN,
            target=run,
            summary=f"Impor #{run.pk} gagal",
        )
        return run
    finally:
        source.unlink(missing_ok=True)
    run = result.run
    alerts_after_import(run)
    if result.errors:
        report = _import_root() / f"errors-{run.pk}.csv"
        with report.open("w", encoding="utf-8", newline="") as out:
            write_error_report(result.errors, out)
        run.error_report = report.name
        run.error_sample = [
            {"line": e.line, "message": e.message} for e in result.errors[:IMPORT_ERROR_SAMPLE]
        ]
        run.save(update_fields=["error_report", "error_sample"])
    record(
        actor=as_actor(run.user),
        action=Action.IMPORT_RUN,
        target=run,
        summary=f"Impor #{run.pk} selesai: {run.get_status_display()}",
    )
    return run


def import_fail(*, actor: Actor, run_id: int, exc: BaseException) -> ImportRun | None:
    """The task's last word when an import raised what import_execute did not handle: the run
    must not stay "running" (or "queued") for ever. The reason stored is ours; the exception's
    text (which may quote a name or a passport number) goes nowhere, only its kind and place
    go to the log."""
    from .importer import _where

    actor = as_actor(actor)
    if not actor.is_system:
        raise NotAllowed(code="task_only")
    log.error("import %s: task failed: %s at %s", run_id, type(exc).__name__, _where(exc))
    run = ImportRun.objects.filter(pk=run_id).first()
    if run is None or run.finished:
        return run
    run.status = ImportRun.Status.FAILED
    run.message = _(
        "The import stopped because of an unexpected error. Try again; if it happens again, "
        "send the file to the administrator."
    )[:255]
    run.finished_at = timezone.now()
    run.save(update_fields=["status", "message", "finished_at"])
    record(
        actor=as_actor(run.user),
        action=Action.IMPORT_RUN,
        target=run,
        summary=f"Impor #{run.pk} gagal",
    )
    return run


# --- imports a killed worker left behind ------------------------------------------------------

IMPORT_TASK = "desabinaan.foreigners.tasks.import_stays_task"


@dataclass
class ImportRecovery:
    requeued: list[int] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)


def _import_gone_message() -> str:
    return _(
        "The uploaded file is no longer available. Upload the file again; if this happens "
        "again, tell the administrator."
    )


def _import_stop(run: ImportRun, message: str) -> None:
    """End a run that cannot go on, with a reason the Kanim reads on the import page; the
    uploaded copy is deleted (it holds personal data and nothing will read it again)."""
    run.status = ImportRun.Status.FAILED
    run.message = message[:255]
    run.finished_at = timezone.now()
    run.save(update_fields=["status", "message", "finished_at"])
    if run.source:
        (_import_root() / run.source).unlink(missing_ok=True)


def _import_task_runs(statuses) -> set[int]:
    """The ImportRun ids named by import tasks in the database queue with one of `statuses`."""
    from django_tasks_db.models import DBTaskResult

    ids = set()
    for args_kwargs in DBTaskResult.objects.filter(
        task_path=IMPORT_TASK, status__in=statuses
    ).values_list("args_kwargs", flat=True):
        run_id = (args_kwargs.get("kwargs") or {}).get("run_id")
        if run_id is None and args_kwargs.get("args"):
            run_id = args_kwargs["args"][0]
        if isinstance(run_id, int):
            ids.add(run_id)
    return ids


@transaction.atomic
def imports_recover(*, actor, now: dt.datetime | None = None) -> ImportRecovery:
    """Imports from the web page left "queued" or "running" with no task that will finish them:
    their task was failed by the task recovery job (its worker was killed TASKS_MAX_ATTEMPTS
    times), was deleted, or was never queued (the web process died between saving the run and
    queueing it). A queued run whose file is still there is queued again; any other is marked
    failed with a reason the Kanim sees on the import page. A run whose task is still waiting
    or running is left alone (a task whose worker was killed goes back to the queue first,
    and its next attempt restarts the import: import_execute).

    Runs of the `import_stays` command (no uploaded file) are not touched: the person who ran
    it sees it stop. Safe to run twice; one audit event per run that changed something."""
    from .tasks import import_stays_task

    actor = as_actor(actor)
    if not (actor.is_system or actor.has_role(Role.ADMIN)):
        raise NotAllowed()
    now = now or timezone.now()
    # A run saved a moment ago has its task queued after the commit: give it time.
    grace = dt.timedelta(seconds=float(settings.TASKS_WORKER_GONE_AFTER))
    stuck = list(
        ImportRun.objects.select_for_update()
        .filter(
            status__in=[ImportRun.Status.QUEUED, ImportRun.Status.RUNNING],
            started_at__lt=now - grace,
        )
        .exclude(source="")
        .order_by("pk")
    )
    if not stuck:
        return ImportRecovery()
    active = _import_task_runs([TaskResultStatus.READY, TaskResultStatus.RUNNING])
    lost = _import_task_runs([TaskResultStatus.FAILED])
    result = ImportRecovery()
    for run in stuck:
        if run.pk in active:
            continue
        if run.status == ImportRun.Status.QUEUED and (_import_root() / run.source).exists():
            transaction.on_commit(lambda pk=run.pk: import_stays_task.enqueue(run_id=pk))
            result.requeued.append(run.pk)
            continue
        if not (_import_root() / run.source).exists():
            message = _import_gone_message()
        elif run.pk in lost:
            message = _(
                "The import was interrupted several times because the server process running "
                "it stopped. The rows saved so far stay saved. Upload the same file again to "
                "complete it; if it stops again, tell the administrator."
            )
        else:
            message = _(
                "The import was interrupted because the server process running it stopped. "
                "The rows saved so far stay saved. Upload the same file again to complete it."
            )
        _import_stop(run, message)
        log.warning("import %s: marked failed, its task is gone", run.pk)
        result.failed.append(run.pk)
    if result.requeued or result.failed:
        record(
            actor=actor,
            action=Action.IMPORT_RECOVER,
            target=stuck[0] if len(stuck) == 1 else None,
            summary=(
                f"Impor terputus: {len(result.requeued)} diantrekan ulang "
                f"{result.requeued[:10]}, {len(result.failed)} digagalkan {result.failed[:10]}"
            ),
        )
    return result
