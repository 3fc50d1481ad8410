"""Programme actions, one function per use case (DESIGN.md §6). Each takes the actor as a required
keyword, checks its own permission (programme/permissions.py) and rules, refuses with the family in
core/refusals.py, writes with update_fields where it changes a row, and records one AuditEvent."""

from __future__ import annotations

import datetime as dt

import phonenumbers
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from desabinaan.accounts.models import Role, User
from desabinaan.accounts.scope import Actor, as_actor, forget_actor
from desabinaan.accounts.services import tokens_revoke_for_user
from desabinaan.core.audit import Action, changes_between, record, snapshot
from desabinaan.core.images import clean_photo
from desabinaan.core.refusals import Invalid, NotAllowed
from desabinaan.regions.geo import point_problem
from desabinaan.regions.models import Level, Office, Region
from desabinaan.regions.selectors import office_covers

from .models import Corner, DesaBinaan, DesaBinaanStatus, Partner, PartnerRole, PimpasaAssignment
from .permissions import acts_for_office, can_manage_area, can_propose

# Guarded transitions of a desa binaan: anything not listed is refused.
DESA_BINAAN_TRANSITIONS = {
    DesaBinaanStatus.DIUSULKAN: {DesaBinaanStatus.DICANANGKAN, DesaBinaanStatus.NONAKTIF},
    DesaBinaanStatus.DICANANGKAN: {DesaBinaanStatus.NONAKTIF},
    DesaBinaanStatus.NONAKTIF: {DesaBinaanStatus.DIUSULKAN},
}


def _require_office_staff(actor: Actor, office: Office) -> None:
    """Only the office's own staff (or the directorate, or a system actor) act for an office."""
    if not acts_for_office(actor, office):
        raise NotAllowed(
            _("Only staff of %(office)s may do this.") % {"office": office.name},
            code="not_office_staff",
        )


def _require_manager(actor: Actor, region: Region) -> None:
    """Corner and partners: the officers who run the village's programme (can_manage_area)."""
    if not can_manage_area(actor, region):
        raise NotAllowed(
            _("Only the Kanim or the PIMPASA of this area can change its programme."),
            code="not_area_manager",
        )


def _require_in_jurisdiction(office: Office, region: Region) -> None:
    if not office_covers(office, region.code):
        raise Invalid(
            _("This area is outside the office's jurisdiction."),
            field="region",
            code="outside_jurisdiction",
        )


# --- dates that record what already happened -------------------------------------------------
# A designation or an inauguration is recorded after the ceremony: a date in the future is a
# typo (2030 for 2023), and the forms show the same reason as these checks.


def check_designation_date(day: dt.date) -> None:
    if day > timezone.localdate():
        raise Invalid(
            _(
                "The designation date cannot be in the future. Record the designation on or "
                "after the day of the ceremony."
            ),
            code="future",
            field="designated_on",
        )


def check_inauguration_date(day: dt.date) -> None:
    if day > timezone.localdate():
        raise Invalid(
            _(
                "The inauguration date cannot be in the future. Assign the PIMPASA once they "
                "have been inaugurated."
            ),
            code="future",
            field="inaugurated_on",
        )


# --- desa binaan -----------------------------------------------------------------------------


def _check_desa(region: Region) -> None:
    if region.level != Level.DESA:
        raise Invalid(
            _("Only a desa or kelurahan can become a desa binaan."), field="region", code="not_desa"
        )


@transaction.atomic
def desa_binaan_propose(
    *, actor: Actor, region: Region, office: Office, notes: str = ""
) -> DesaBinaan:
    """Usulan: the office's staff, or its PIMPASA for a village of their own area, propose a
    village; the Kanim then designates it."""
    actor = as_actor(actor)
    is_own_pimpasa = (
        actor.role == Role.PIMPASA
        and can_propose(actor, region)
        and actor.user.office_id == office.pk
    )
    if not is_own_pimpasa:
        _require_office_staff(actor, office)
    _check_desa(region)
    _require_in_jurisdiction(office, region)
    if DesaBinaan.objects.filter(region=region).exists():
        raise Invalid(
            _("%(desa)s is already in the programme.") % {"desa": region.name}, code="exists"
        )
    desa = DesaBinaan.objects.create(region=region, office=office, notes=notes)
    record(
        actor=actor,
        action=Action.DESA_BINAAN_PROPOSE,
        region=region,
        target=desa,
        summary=office.name,
    )
    return desa


def _transition(desa: DesaBinaan, to: str) -> None:
    if to not in DESA_BINAAN_TRANSITIONS[DesaBinaanStatus(desa.status)]:
        raise Invalid(
            _("A desa binaan that is “%(current)s” cannot become “%(target)s”.")
            % {
                "current": DesaBinaanStatus(desa.status).label,
                "target": DesaBinaanStatus(to).label,
            },
            code="transition",
        )
    desa.status = to


DESIGNATION_FIELDS = ("status", "office", "sk_number", "designated_on", "notes")


@transaction.atomic
def desa_binaan_designate(
    *,
    region: Region,
    office: Office,
    sk_number: str,
    designated_on: dt.date,
    notes: str = "",
    actor: Actor,
) -> DesaBinaan:
    """Pencanangan: a proposed desa becomes a desa binaan, or a new one is designated at once.
    Designating a desa that already is one is refused."""
    actor = as_actor(actor)
    _require_office_staff(actor, office)
    _check_desa(region)
    _require_in_jurisdiction(office, region)
    if not sk_number.strip():
        raise Invalid(_("The decree (SK) number is required."), field="sk_number", code="required")
    check_designation_date(designated_on)
    desa = DesaBinaan.objects.select_for_update().filter(region=region).first()
    before = snapshot(desa, DESIGNATION_FIELDS) if desa is not None else {}
    if desa is None:
        try:
            with transaction.atomic():
                desa = DesaBinaan.objects.create(region=region, office=office)
        except IntegrityError as exc:  # designated by someone else a moment ago
            raise Invalid(
                _("%(desa)s is already a desa binaan.") % {"desa": region.name}, code="exists"
            ) from exc
    elif desa.status == DesaBinaanStatus.DICANANGKAN:
        raise Invalid(
            _("%(desa)s is already a desa binaan (designated on %(date)s).")
            % {"desa": region.name, "date": desa.designated_on},
            code="exists",
        )
    else:
        _transition(desa, DesaBinaanStatus.DICANANGKAN)
    desa.status = DesaBinaanStatus.DICANANGKAN
    desa.office = office
    desa.sk_number = sk_number.strip()
    desa.designated_on = designated_on
    if notes:
        desa.notes = notes
    desa.save(update_fields=list(DESIGNATION_FIELDS))
    record(
        actor=actor,
        action=Action.DESA_BINAAN_DESIGNATE,
        region=region,
        target=desa,
        summary=f"SK {desa.sk_number}",
        changes=changes_between(before, snapshot(desa, DESIGNATION_FIELDS)),
    )
    return desa


@transaction.atomic
def desa_binaan_deactivate(*, actor: Actor, desa: DesaBinaan, reason: str) -> DesaBinaan:
    actor = as_actor(actor)
    _require_office_staff(actor, desa.office)
    if not reason.strip():
        raise Invalid(
            _("Say why the village leaves the programme."), field="reason", code="required"
        )
    before = snapshot(desa, ["status"])
    _transition(desa, DesaBinaanStatus.NONAKTIF)
    desa.save(update_fields=["status"])
    record(
        actor=actor,
        action=Action.DESA_BINAAN_DEACTIVATE,
        region=desa.region,
        target=desa,
        summary=reason.strip(),
        changes=changes_between(before, snapshot(desa, ["status"])),
    )
    return desa


# --- corner ----------------------------------------------------------------------------------


CORNER_FIELDS = (
    "address",
    "latitude",
    "longitude",
    "opening_hours",
    "contact_name",
    "contact_phone",
    "offers_literacy",
    "offers_brochures",
    "offers_reporting",
    "offers_passport_help",
    "opened_on",
)


@transaction.atomic
def corner_save(*, actor: Actor, desa: DesaBinaan, data: dict, photo=None) -> Corner:
    """Open or update the Imigrasi Corner of a designated desa."""
    actor = as_actor(actor)
    _require_manager(actor, desa.region)
    if desa.status != DesaBinaanStatus.DICANANGKAN:
        raise Invalid(_("Designate the village before opening its corner."), code="not_designated")
    if problem := point_problem(desa.region, data.get("latitude"), data.get("longitude")):
        raise Invalid(problem, field="latitude", code="location")
    corner = Corner.objects.filter(desa_binaan=desa).first()
    created = corner is None
    corner = corner or Corner(desa_binaan=desa)
    before = {} if created else snapshot(corner, CORNER_FIELDS)
    for field in CORNER_FIELDS:
        if field in data:
            value = data[field]
            if field == "contact_phone" and value:
                value = normalise_phone(value, field="contact_phone")
            setattr(corner, field, value)
    if photo is not None:
        corner.photo.save("corner.jpg", clean_photo(photo, name="corner.jpg"), save=False)
    corner.save()
    record(
        actor=actor,
        action=Action.CORNER_OPEN if created else Action.CORNER_UPDATE,
        region=desa.region,
        target=corner,
        summary="",
        changes=changes_between(before, snapshot(corner, CORNER_FIELDS)),
    )
    return corner


# --- PIMPASA ---------------------------------------------------------------------------------


@transaction.atomic
def pimpasa_assign(
    *,
    officer: User,
    region: Region,
    office: Office,
    sk_number: str,
    inaugurated_on: dt.date,
    replace: bool = False,
    actor: Actor,
) -> PimpasaAssignment:
    """Pengukuhan: `officer` becomes PIMPASA of a kecamatan or desa in `office`'s jurisdiction.
    With replace=True an active predecessor is ended on the same date (history kept)."""
    actor = as_actor(actor)
    _require_office_staff(actor, office)
    if region.level not in (Level.KECAMATAN, Level.DESA):
        raise Invalid(
            _("A PIMPASA is assigned to a kecamatan or a desa."), field="region", code="level"
        )
    if officer.role != Role.PIMPASA or officer.office_id != office.pk or not officer.is_active:
        raise Invalid(
            _("The officer must be a PIMPASA of this office."), field="officer", code="officer"
        )
    _require_in_jurisdiction(office, region)
    if not sk_number.strip():
        raise Invalid(_("The decree (SK) number is required."), field="sk_number", code="required")
    check_inauguration_date(inaugurated_on)
    replaced = None
    current = (
        PimpasaAssignment.objects.select_for_update()
        .filter(region=region, ended_on__isnull=True)
        .select_related("officer")
        .first()
    )
    if current is not None:
        if not replace:
            raise Invalid(_("This area already has an active PIMPASA."), code="occupied")
        if current.officer_id == officer.pk:
            raise Invalid(
                _("This officer is already the PIMPASA of this area."), code="same_officer"
            )
        # Ended in this service's own event (one event per service call): the summary says so.
        _end(current, inaugurated_on)
        replaced = current
    try:
        with transaction.atomic():
            assignment = PimpasaAssignment.objects.create(
                officer=officer,
                region=region,
                office=office,
                sk_number=sk_number.strip(),
                inaugurated_on=inaugurated_on,
            )
    except IntegrityError as exc:  # a concurrent assignment won the race
        raise Invalid(_("This area already has an active PIMPASA."), code="occupied") from exc
    forget_actor(officer)  # their scope grew: an Actor kept on this instance is out of date
    summary = f"{officer.display_name}, SK {assignment.sk_number}"
    if replaced is not None:
        summary += f" (menggantikan {replaced.officer.display_name})"
    record(
        actor=actor,
        action=Action.PIMPASA_ASSIGN,
        region=region,
        target=assignment,
        summary=summary,
    )
    return assignment


@transaction.atomic
def pimpasa_end(
    *, actor: Actor, assignment: PimpasaAssignment, ended_on: dt.date
) -> PimpasaAssignment:
    actor = as_actor(actor)
    _require_office_staff(actor, assignment.office)
    if assignment.ended_on is not None:
        raise Invalid(_("This assignment has already ended."), code="ended")
    if ended_on < assignment.inaugurated_on:
        raise Invalid(
            _("The end date cannot be before the inauguration date."),
            field="ended_on",
            code="before_inauguration",
        )
    _end(assignment, ended_on)
    record(
        actor=actor,
        action=Action.PIMPASA_END,
        region=assignment.region,
        target=assignment,
        summary=assignment.officer.display_name,
        changes={"ended_on": [None, str(ended_on)]},
    )
    return assignment


def _end(assignment: PimpasaAssignment, ended_on: dt.date) -> None:
    assignment.ended_on = ended_on
    assignment.save(update_fields=["ended_on"])
    forget_actor(assignment.officer)


# --- partners --------------------------------------------------------------------------------


def normalise_phone(raw: str, *, field: str = "phone") -> str:
    """An Indonesian or international number in E.164 (+62…), or an Invalid on `field`."""
    try:
        number = phonenumbers.parse(raw, "ID")
    except phonenumbers.NumberParseException as exc:
        raise Invalid(
            _("“%(phone)s” is not a phone number.") % {"phone": raw}, field=field, code="phone"
        ) from exc
    if not phonenumbers.is_valid_number(number):
        raise Invalid(
            _("“%(phone)s” is not a valid phone number.") % {"phone": raw},
            field=field,
            code="phone",
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _check_partner_area(role: str, region: Region) -> None:
    if role == PartnerRole.CAMAT and region.level != Level.KECAMATAN:
        raise Invalid(_("A camat partners a kecamatan."), field="region", code="level")
    if region.level not in (Level.DESA, Level.KECAMATAN):
        raise Invalid(
            _("A partner works in one desa or one kecamatan."), field="region", code="level"
        )


@transaction.atomic
def partner_add(
    *,
    region: Region,
    role: str,
    name: str,
    phone: str = "",
    email: str = "",
    actor: Actor,
) -> Partner:
    actor = as_actor(actor)
    _require_manager(actor, region)
    if role not in PartnerRole.values:
        raise Invalid(_("Unknown partner role."), field="role", code="role")
    if not name.strip():
        raise Invalid(_("The partner's name is required."), field="name", code="required")
    _check_partner_area(role, region)
    partner = Partner.objects.create(
        region=region,
        role=role,
        name=name.strip(),
        phone=normalise_phone(phone) if phone.strip() else "",
        email=email.strip(),
    )
    record(
        actor=actor,
        action=Action.PARTNER_ADD,
        region=region,
        target=partner,
        summary=partner.name,
    )
    return partner


@transaction.atomic
def partner_set_active(*, actor: Actor, partner: Partner, active: bool) -> Partner:
    actor = as_actor(actor)
    _require_manager(actor, partner.region)
    before = snapshot(partner, ["is_active"])
    partner.is_active = active
    partner.save(update_fields=["is_active"])
    if partner.user_id and not active:
        # The login goes with the partner: the account is saved (a bare update() would skip
        # what a save does) and its API tokens are revoked, so no client keeps acting for it.
        account = partner.user
        if account.is_active:
            account.is_active = False
            account.save(update_fields=["is_active"])
        tokens_revoke_for_user(user_id=account.pk)
    record(
        actor=actor,
        action=Action.PARTNER_ACTIVATE if active else Action.PARTNER_DEACTIVATE,
        region=partner.region,
        target=partner,
        summary=partner.name,
        changes=changes_between(before, snapshot(partner, ["is_active"])),
    )
    return partner


@transaction.atomic
def partner_invite(*, actor: Actor, partner: Partner, base_url: str) -> User:
    """Give a partner a mitra account scoped to their area and e-mail a one-time link to set the
    password. The link stops working once a password is set (Django's reset tokens hash it)."""
    actor = as_actor(actor)
    _require_manager(actor, partner.region)
    if not partner.email:
        raise Invalid(_("Add the partner's e-mail address first."), code="no_email")
    if not partner.is_active:
        raise Invalid(_("The partner is not active."), code="inactive")
    user = partner.user
    if user is None:
        base = partner.email.split("@")[0].lower()[:20] or "mitra"
        username = base
        suffix = 1
        while User.objects.filter(username=username).exists():
            suffix += 1
            username = f"{base}{suffix}"
        user = User(
            username=username,
            email=partner.email,
            first_name=partner.name[:150],
            role=Role.MITRA,
            partner_kind=partner.role,
            home_region=partner.region,
        )
        user.set_unusable_password()
        user.save()
        partner.user = user
        partner.save(update_fields=["user"])
    elif user.has_usable_password():
        raise Invalid(_("This partner already has an account."), code="has_account")
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    link = f"{base_url.rstrip('/')}/akun/undangan/{uid}/{token}/"
    message = _(
        "You have been registered as a partner of Desa Binaan Imigrasi for %(area)s.\n\n"
        "Your username: %(username)s\n"
        "Set your password with this link (it works once):\n%(link)s\n"
    ) % {"area": partner.region.path, "username": user.username, "link": link}
    subject = _("Invitation: Desa Binaan Imigrasi")
    recipient = partner.email
    # After the commit: a rolled-back invitation must not have sent a link to an account that
    # does not exist, and a slow mail server must not hold the transaction open.
    transaction.on_commit(
        lambda: send_mail(
            subject=subject, message=message, from_email=None, recipient_list=[recipient]
        )
    )
    # The audit row names the partner, not the address or the link.
    record(
        actor=actor,
        action=Action.PARTNER_INVITE,
        region=partner.region,
        target=partner,
        summary=partner.name,
    )
    return user
