"""Registry API (issue 6): register a stay, list and read people, list alerts. Every endpoint is
authenticated and region-scoped; a person outside the caller's scope is a 404."""

import datetime as dt
from enum import Enum

from django.urls import reverse
from django.utils.translation import gettext as _
from django_countries import countries
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from desabinaan.accounts.auth import api_auth
from desabinaan.accounts.scope import actor_for, as_actor
from desabinaan.core import idempotency
from desabinaan.core.api_schemas import BodyIn, FieldError, Message, RecordId
from desabinaan.core.pagination import Page, Shaped
from desabinaan.core.refusals import Invalid, NotAllowed
from desabinaan.regions.models import Level, Region

from . import letters, permissions, selectors, services
from .models import AccessKind, AlertKind, AlertStatus, Foreigner, HostKind, PermitType, Purpose
from .text import mask_passport

router = Router(tags=["foreigners"], auth=api_auth)

SexEnum = Enum("SexEnum", {"L": "L", "P": "P"}, type=str)
HostKindEnum = Enum("HostKindEnum", {v: v for v in HostKind.values}, type=str)
PurposeEnum = Enum("PurposeEnum", {v: v for v in Purpose.values}, type=str)
AlertStatusEnum = Enum("AlertStatusEnum", {v: v for v in AlertStatus.values}, type=str)
AlertKindEnum = Enum("AlertKindEnum", {v: v for v in AlertKind.values}, type=str)


class ValidationMessage(Schema):
    detail: str
    errors: list[FieldError] = []


class CandidateOut(Schema):
    id: int
    reasons: list[str]
    # Empty for a person outside the caller's scope found by the exact passport number.
    name: str = ""
    date_of_birth: dt.date | None = None
    nationality: str = ""
    passport: str = ""


class Conflict(Schema):
    detail: str
    # Empty when the conflict is an Idempotency-Key reused with another body.
    candidates: list[CandidateOut] = []
    code: str = ""


class StayIn(BodyIn):
    foreigner_id: int | None = Field(
        None, description="An existing person (one of the candidates of an earlier 409)."
    )
    confirm_new: bool = Field(
        False, description="Register a new person although candidates were offered."
    )
    link_reason: str = Field(
        "",
        max_length=255,
        description="Why a person registered outside your area (offered to office-level roles "
        "only) is linked to this stay; written to the access log. Required for such a link.",
    )
    given_names: str = Field(..., min_length=1, max_length=160)
    family_name: str = Field("", max_length=120)
    aliases: str = Field("", max_length=255)
    sex: SexEnum
    date_of_birth: dt.date
    nationality: str = Field(..., min_length=2, max_length=2, description="ISO 3166 alpha-2")
    passport_number: str = Field(..., min_length=4, max_length=20)
    passport_country: str = Field(..., min_length=2, max_length=2)
    passport_expiry: dt.date | None = None
    region_code: str = Field(..., max_length=13, description="Kemendagri code of the desa")
    address: str = Field(..., min_length=3, max_length=255)
    host_name: str = Field("", max_length=160)
    host_kind: HostKindEnum
    purpose: PurposeEnum
    arrival_date: dt.date
    expected_departure: dt.date | None = None
    permit_code: str = Field(..., max_length=12)
    permit_number: str = Field("", max_length=40)
    permit_expiry: dt.date


class StayOut(Schema):
    id: int
    foreigner_id: int
    region_code: str
    region_path: str
    address: str
    host_name: str
    host_kind: str
    purpose: str
    arrival_date: dt.date
    expected_departure: dt.date | None
    departed_on: dt.date | None
    departure_kind: str
    permit_code: str
    permit_expiry: dt.date
    verified: bool

    @staticmethod
    def resolve_region_code(obj) -> str:
        return obj.region_id

    @staticmethod
    def resolve_region_path(obj) -> str:
        return obj.region.path

    @staticmethod
    def resolve_permit_code(obj) -> str:
        return obj.permit_type.code

    @staticmethod
    def resolve_verified(obj) -> bool:
        return obj.is_verified


class PassportOut(Schema):
    number: str
    issuing_country: str
    expiry_date: dt.date | None


class ForeignerOut(Schema):
    id: int
    given_names: str
    family_name: str
    sex: str
    date_of_birth: dt.date
    nationality: str
    passports: list[PassportOut]


class ForeignerDetail(ForeignerOut):
    aliases: str
    full_record: bool = Field(description="True when passport numbers are shown unmasked.")
    merged_into: int | None
    stays: list[StayOut]


class AlertOut(Schema):
    id: int
    kind: str
    severity: int
    status: str
    summary: str
    region_code: str
    region_path: str
    foreigner_id: int
    stay_id: int | None
    found_at: dt.datetime


def _passports(foreigner: Foreigner, *, full: bool) -> list[dict]:
    return [
        {
            "number": p.number if full else mask_passport(p.number),
            "issuing_country": p.issuing_country.code,
            "expiry_date": p.expiry_date,
        }
        for p in foreigner.passports.all()
    ]


def _foreigner(f: Foreigner, *, full: bool = False) -> dict:
    return {
        "id": f.pk,
        "given_names": f.given_names,
        "family_name": f.family_name,
        "sex": f.sex,
        "date_of_birth": f.date_of_birth,
        "nationality": f.nationality.code,
        "passports": _passports(f, full=full),
    }


@router.post(
    "/stays",
    response={
        201: StayOut,
        401: Message,
        403: Message,
        409: Conflict,
        422: ValidationMessage,
    },
)
def stay_create(request, payload: StayIn):
    """Register a stay. Without `foreigner_id`, people who may be the same (same passport, same
    name and date of birth, or a close name) come back as **409** with `candidates`: send again
    with one `foreigner_id`, or with `confirm_new: true`. **403** when the desa is outside the
    caller's area or the role cannot register; **422** for invalid fields (`errors`).

    Send an `Idempotency-Key` header to retry safely after a lost answer: the same key with the
    same body returns the same stay (201), the same key with another body is refused (409)."""
    actor = as_actor(request.user)
    if not permissions.can_register(actor):
        # Before the body is looked at: a role that cannot register learns nothing from it.
        raise NotAllowed(_("Your role cannot register foreigners."), code="cannot_register")
    key = idempotency.header_key(request)
    if problem := idempotency.key_problem(key):
        return _invalid(idempotency.HEADER, problem)
    fingerprint = idempotency.fingerprint(payload)
    if key:
        # Before the duplicate check: a retry must find its own stay, not offer it as a candidate.
        earlier = services.stay_replay(actor=actor, idempotency_key=key, fingerprint=fingerprint)
        if earlier is not None:
            return Status(201, earlier)
    region = Region.objects.filter(code=payload.region_code, level=Level.DESA).first()
    if region is None:
        return _invalid("region_code", _("No desa or kelurahan has this code."))
    if not actor.sees(region.code):
        # Before the duplicate check below: it must not search for someone else's village.
        raise NotAllowed(
            _("This village is outside your area. Choose a village you serve."),
            field="region_code",
            code="outside_area",
        )
    permit = PermitType.objects.filter(
        code=payload.permit_code.strip().upper(), active=True
    ).first()
    if permit is None:
        return _invalid("permit_code", _("Unknown permit type."))
    for name in ("nationality", "passport_country"):
        if getattr(payload, name).upper() not in countries:
            return _invalid(name, _("Unknown country code (use ISO 3166, e.g. AU)."))
    person = services.PersonInput(
        given_names=payload.given_names,
        family_name=payload.family_name,
        aliases=payload.aliases,
        sex=payload.sex.value,
        date_of_birth=payload.date_of_birth,
        nationality=payload.nationality.upper(),
        passport_number=payload.passport_number,
        passport_country=payload.passport_country.upper(),
        passport_expiry=payload.passport_expiry,
    )
    stay = services.StayInput(
        region=region,
        address=payload.address,
        host_name=payload.host_name,
        host_kind=payload.host_kind.value,
        purpose=payload.purpose.value,
        arrival_date=payload.arrival_date,
        expected_departure=payload.expected_departure,
        permit_type=permit,
        permit_number=payload.permit_number,
        permit_expiry=payload.permit_expiry,
    )
    foreigner = None
    candidates = selectors.duplicate_candidates(
        actor=actor,
        given_names=person.given_names,
        family_name=person.family_name,
        date_of_birth=person.date_of_birth,
        nationality=person.nationality,
        passport_number=person.passport_number,
        passport_country=person.passport_country,
    )
    if payload.foreigner_id is not None:
        # Only a person the duplicate check offered for these details can be linked: an id
        # guessed from elsewhere must not pull another region's person into this scope.
        if payload.foreigner_id not in {c.pk for c in candidates}:
            return _invalid("foreigner_id", _("Choose one of the people offered."))
        foreigner = Foreigner.objects.get(pk=payload.foreigner_id)
    elif not payload.confirm_new and candidates:
        return Status(
            409,
            {
                "detail": _(
                    "This person may already be registered. Send foreigner_id of one of the "
                    "candidates, or confirm_new: true."
                ),
                "candidates": [_candidate(c) for c in candidates],
            },
        )
    try:
        created = services.stay_register(
            actor=actor,
            stay=stay,
            person=person,
            foreigner=foreigner,
            link_reason=payload.link_reason,
            idempotency_key=key,
            fingerprint=fingerprint,
        )
    except Invalid as exc:
        # Not a handling of the refusal (the API's handler answers it): the service speaks in
        # the form's field names, and a client knows the API's.
        raise exc.renamed(API_FIELDS) from exc
    return Status(201, created)


# The service speaks in the form's field names; the API's are these where they differ.
API_FIELDS = {"region": "region_code", "permit_type": "permit_code"}


def _invalid(field: str, message: str):
    return Status(
        422, {"detail": f"{field}: {message}", "errors": [{"field": field, "message": message}]}
    )


def _candidate(c: selectors.Candidate) -> dict:
    if c.foreigner is None:
        return {"id": c.pk, "reasons": c.reasons}
    f = c.foreigner
    latest = next(iter(f.passports.all()), None)
    return {
        "id": f.pk,
        "reasons": c.reasons,
        "name": f.full_name,
        "date_of_birth": f.date_of_birth,
        "nationality": f.nationality.code,
        "passport": mask_passport(latest.number) if latest else "",
    }


@router.get("/foreigners", response={200: list[ForeignerOut], 401: Message, 422: ValidationMessage})
@paginate(Page)
def foreigner_list(request, q: str = ""):
    """People with a stay in the caller's area, 50 a page; `q` matches a name or a passport
    number. Passport numbers are always masked here."""
    return Shaped(selectors.foreigners_for(actor=as_actor(request.user), q=q[:100]), _foreigner)


@router.get(
    "/foreigners/{foreigner_id}",
    response={
        200: ForeignerDetail,
        401: Message,
        403: Message,
        404: Message,
        422: ValidationMessage,
    },
)
def foreigner_detail(request, foreigner_id: RecordId, reason: str = ""):
    """One person with the stays the caller may see. Passport numbers are masked unless an
    officer in scope gives a `reason` (at least 5 letters): then they are shown in full and the
    view is written to the access log. **404** outside the caller's area."""
    user = request.user
    foreigner = selectors.foreigner_get_for_user(actor=as_actor(user), pk=foreigner_id)
    full = False
    if reason.strip():
        # 403 for a partner, 422 for a short reason: the service's refusals, answered by the
        # API's handler.
        services.access_log_write(
            actor=as_actor(user), foreigner=foreigner, reason=reason, kind=AccessKind.API
        )
        full = True
    data = _foreigner(foreigner, full=full)
    data.update(
        aliases=foreigner.aliases,
        full_record=full,
        merged_into=foreigner.merged_into_id,
        stays=list(selectors.visible_stays(actor=as_actor(user), foreigner=foreigner)),
    )
    return data


@router.get("/alerts", response={200: list[AlertOut], 401: Message, 422: ValidationMessage})
@paginate(Page)
def alert_list(
    request,
    status: AlertStatusEnum | None = None,
    kind: AlertKindEnum | None = None,
):
    """Alerts raised by the scan in the caller's area, most severe first, 50 a page."""
    qs = selectors.alerts_for(
        actor=as_actor(request.user),
        status=status.value if status else None,
        kind=kind.value if kind else None,
    )
    return Shaped(qs, _alert)


def _alert(a) -> dict:
    return {
        "id": a.pk,
        "kind": a.kind,
        "severity": a.severity,
        "status": a.status,
        "summary": a.summary_text,
        "region_code": a.region_id,
        "region_path": a.region.path,
        "foreigner_id": a.foreigner_id,
        "stay_id": a.stay_id,
        "found_at": a.found_at,
    }


# --- the village's domicile letter (issue 15) ---------------------------------------------------


class LetterOut(Schema):
    id: int
    stay_id: int
    number: str
    region_code: str
    issued_on: dt.date
    valid_until: dt.date
    valid: bool = Field(description="Valid today: not revoked, not past its end, stay active.")
    revoked: bool
    verify_url: str = Field(description="The public page the letter's QR code opens.")
    pdf_url: str


class LetterIn(BodyIn):
    permit_number: str = Field(
        "",
        max_length=40,
        description="Only when the stay has no permit number recorded: as written on the permit.",
    )


class LetterRevokeIn(BodyIn):
    reason: str = Field(..., max_length=255, description="Why (at least 5 letters).")


def _letter(request, letter) -> dict:
    return {
        "id": letter.pk,
        "stay_id": letter.stay_id,
        "number": letter.number,
        "region_code": letter.region_id,
        "issued_on": letter.issued_on,
        "valid_until": letter.valid_until,
        "valid": letters.letter_state(letter).valid,
        "revoked": letter.is_revoked,
        "verify_url": request.build_absolute_uri(reverse("letter_verify", args=[letter.token])),
        "pdf_url": request.build_absolute_uri(reverse("foreigners:letter_pdf", args=[letter.pk])),
    }


LETTER_ANSWERS = {401: Message, 403: Message, 404: Message, 422: ValidationMessage}


@router.get("/stays/{stay_id}/letters", response={200: list[LetterOut], **LETTER_ANSWERS})
def stay_letter_list(request, stay_id: RecordId):
    """The domicile letters of one stay of the caller's area, newest first. **404** outside it."""
    stay = selectors.stay_get_for_user(actor=as_actor(request.user), pk=stay_id)
    return [_letter(request, x) for x in letters.letters_of_stay(actor_for(request.user), stay)]


@router.post("/stays/{stay_id}/letters", response={201: LetterOut, **LETTER_ANSWERS})
def stay_letter_issue(request, stay_id: RecordId, payload: LetterIn):
    """Issue the village's domicile letter for a stay (village partner or PIMPASA of its area).
    **422** with the reason when the permit has ended, the stay is overdue or has ended, no permit
    number is known, the village has no letterhead, or a letter of the stay is still valid."""
    stay = selectors.stay_get_for_user(actor=as_actor(request.user), pk=stay_id)
    letter = letters.domicile_letter_issue(
        actor=actor_for(request.user), stay=stay, permit_number=payload.permit_number
    )
    return Status(201, _letter(request, letter))


@router.post("/letters/{letter_id}/revoke", response={200: LetterOut, **LETTER_ANSWERS})
def letter_revoke(request, letter_id: RecordId, payload: LetterRevokeIn):
    """Revoke a letter of the caller's area; its QR code then answers "no longer valid"."""
    actor = actor_for(request.user)
    letter = letters.domicile_letter_revoke(
        actor=actor, letter=letters.letter_get(actor, letter_id), reason=payload.reason
    )
    return _letter(request, letter)
