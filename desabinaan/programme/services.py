"""Programme actions, one function per use case (DESIGN.md §6). Each checks its rules, writes
with update_fields where it changes a row, and records an AuditEvent with the acting user."""

from __future__ import annotations

import datetime as dt

import phonenumbers
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from desabinaan.accounts.models import Role, User
from desabinaan.accounts.scope import forget_actor, in_scope
from desabinaan.accounts.services import tokens_revoke_for_user
from desabinaan.core.audit import record
from desabinaan.core.images import clean_photo
from desabinaan.regions.geo import point_problem
from desabinaan.regions.models import Level, Office, Region
from desabinaan.regions.selectors import office_covers

from .models import Corner, DesaBinaan, DesaBinaanStatus, Partner, PartnerRole, PimpasaAssignment

# Guarded transitions of a desa binaan: anything not listed is refused.
DESA_BINAAN_TRANSITIONS = {
    DesaBinaanStatus.DIUSULKAN: {DesaBinaanStatus.DICANANGKAN, DesaBinaanStatus.NONAKTIF},
    DesaBinaanStatus.DICANANGKAN: {DesaBinaanStatus.NONAKTIF},
    DesaBinaanStatus.NONAKTIF: {DesaBinaanStatus.DIUSULKAN},
}


def _require_office_staff(acting_user: User | None, office: Office) -> None:
    """Only the office's own staff (or the directorate) act for an office."""
    if acting_user is None:
        return  # management commands (load_demo) act as the system
    if acting_user.is_superuser or acting_user.role in (Role.PUSAT, Role.ADMIN):
        return
    if acting_user.role == Role.KANIM and acting_user.office_id == office.pk:
        return
    raise PermissionDenied(_("Only staff of %(office)s may do this.") % {"office": office.name})


def _require_in_jurisdiction(office: Office, region: Region) -> None:
    if not office_covers(office, region.code):
        raise ValidationError(_("This area is outside the office's jurisdiction."))


# --- dates that record what already happened -------------------------------------------------
# A designation or an inauguration is recorded after the ceremony: a date in the future is a
# typo (2030 for 2023), and the forms show the same reason as these checks.


def check_designation_date(day: dt.date) -> None:
    if day > timezone.localdate():
        raise ValidationError(
            _(
                "The designation date cannot be in the future. Record the designation on or "
                "after the day of the ceremony."
            ),
            code="future",
        )


def check_inauguration_date(day: dt.date) -> None:
    if day > timezone.localdate():
        raise ValidationError(
            _(
                "The inauguration date cannot be in the future. Assign the PIMPASA once they "
                "have been inaugurated."
            ),
            code="future",
        )


# --- desa binaan -----------------------------------------------------------------------------


def _check_desa(region: Region) -> None:
    if region.level != Level.DESA:
        raise ValidationError(_("Only a desa or kelurahan can become a desa binaan."))


@transaction.atomic
def desa_binaan_propose(
    *, region: Region, office: Office, notes: str = "", acting_user: User | None
) -> DesaBinaan:
    """Usulan: the office's staff, or its PIMPASA for a village of their own area, propose a
    village; the Kanim then designates it."""
    _check_desa(region)
    is_own_pimpasa = (
        acting_user is not None
        and acting_user.role == Role.PIMPASA
        and acting_user.office_id == office.pk
        and in_scope(acting_user, region.code)
    )
    if not is_own_pimpasa:
        _require_office_staff(acting_user, office)
    _require_in_jurisdiction(office, region)
    if DesaBinaan.objects.filter(region=region).exists():
        raise ValidationError(
            _("%(desa)s is already in the programme.") % {"desa": region.name}, code="exists"
        )
    desa = DesaBinaan.objects.create(region=region, office=office, notes=notes)
    record(
        actor=acting_user,
        action="desa_binaan.propose",
        region=region,
        target=desa,
        summary=office.name,
    )
    return desa


def _transition(desa: DesaBinaan, to: str) -> None:
    if to not in DESA_BINAAN_TRANSITIONS[DesaBinaanStatus(desa.status)]:
        raise ValidationError(
            _("A desa binaan that is “%(current)s” cannot become “%(target)s”.")
            % {
                "current": DesaBinaanStatus(desa.status).label,
                "target": DesaBinaanStatus(to).label,
            },
            code="transition",
        )
    desa.status = to


@transaction.atomic
def desa_binaan_designate(
    *,
    region: Region,
    office: Office,
    sk_number: str,
    designated_on: dt.date,
    notes: str = "",
    acting_user: User | None,
) -> DesaBinaan:
    """Pencanangan: a proposed desa becomes a desa binaan, or a new one is designated at once.
    Designating a desa that already is one is refused."""
    _check_desa(region)
    _require_office_staff(acting_user, office)
    _require_in_jurisdiction(office, region)
    if not sk_number.strip():
        raise ValidationError(_("The decree (SK) number is required."))
    check_designation_date(designated_on)
    desa = DesaBinaan.objects.select_for_update().filter(region=region).first()
    if desa is None:
        try:
            with transaction.atomic():
                desa = DesaBinaan.objects.create(region=region, office=office)
        except IntegrityError as exc:  # designated by someone else a moment ago
            raise ValidationError(
                _("%(desa)s is already a desa binaan.") % {"desa": region.name}
            ) from exc
    elif desa.status == DesaBinaanStatus.DICANANGKAN:
        raise ValidationError(
            _("%(desa)s is already a desa binaan (designated on %(date)s).")
            % {"desa": region.name, "date": desa.designated_on}
        )
    else:
        _transition(desa, DesaBinaanStatus.DICANANGKAN)
    desa.status = DesaBinaanStatus.DICANANGKAN
    desa.office = office
    desa.sk_number = sk_number.strip()
    desa.designated_on = designated_on
    if notes:
        desa.notes = notes
    desa.save(update_fields=["status", "office", "sk_number", "designated_on", "notes"])
    record(
        actor=acting_user,
        action="desa_binaan.designate",
        region=region,
        target=desa,
        summary=f"SK {desa.sk_number}",
    )
    return desa


@transaction.atomic
def desa_binaan_deactivate(
    *, desa: DesaBinaan, reason: str, acting_user: User | None
) -> DesaBinaan:
    _require_office_staff(acting_user, desa.office)
    if not reason.strip():
        raise ValidationError(_("Say why the village leaves the programme."))
    _transition(desa, DesaBinaanStatus.NONAKTIF)
    desa.save(update_fields=["status"])
    record(
        actor=acting_user,
        action="desa_binaan.deactivate",
        region=desa.region,
        target=desa,
        summary=reason.strip(),
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
def corner_save(*, desa: DesaBinaan, data: dict, photo=None, acting_user: User | None) -> Corner:
    """Open or update the Imigrasi Corner of a designated desa."""
    if desa.status != DesaBinaanStatus.DICANANGKAN:
        raise ValidationError(_("Designate the village before opening its corner."))
    if problem := point_problem(desa.region, data.get("latitude"), data.get("longitude")):
        raise ValidationError(problem)
    corner = Corner.objects.filter(desa_binaan=desa).first()
    created = corner is None
    corner = corner or Corner(desa_binaan=desa)
    for field in CORNER_FIELDS:
        if field in data:
            value = data[field]
            if field == "contact_phone" and value:
                value = normalise_phone(value)
            setattr(corner, field, value)
    if photo is not None:
        corner.photo.save("corner.jpg", clean_photo(photo, name="corner.jpg"), save=False)
    corner.save()
    record(
        actor=acting_user,
        action="corner.open" if created else "corner.update",
        region=desa.region,
        target=corner,
        summary="",
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
    acting_user: User | None = None,
) -> PimpasaAssignment:
    """Pengukuhan: `officer` becomes PIMPASA of a kecamatan or desa in `office`'s jurisdiction.
    With replace=True an active predecessor is ended on the same date (history kept)."""
    _require_office_staff(acting_user, office)
    if region.level not in (Level.KECAMATAN, Level.DESA):
        raise ValidationError(_("A PIMPASA is assigned to a kecamatan or a desa."))
    if officer.role != Role.PIMPASA or officer.office_id != office.pk or not officer.is_active:
        raise ValidationError(_("The officer must be a PIMPASA of this office."))
    _require_in_jurisdiction(office, region)
    if not sk_number.strip():
        raise ValidationError(_("The decree (SK) number is required."))
    check_inauguration_date(inaugurated_on)
    current = (
        PimpasaAssignment.objects.select_for_update()
        .filter(region=region, ended_on__isnull=True)
        .select_related("officer")
        .first()
    )
    if current is not None:
        if not replace:
            raise ValidationError(_("This area already has an active PIMPASA."), code="occupied")
        if current.officer_id == officer.pk:
            raise ValidationError(_("This officer is already the PIMPASA of this area."))
        pimpasa_end(assignment=current, ended_on=inaugurated_on, acting_user=acting_user)
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
        raise ValidationError(_("This area already has an active PIMPASA.")) from exc
    forget_actor(officer)  # their scope grew: an Actor kept on this instance is out of date
    record(
        actor=acting_user,
        action="pimpasa.assign",
        region=region,
        target=assignment,
        summary=f"{officer.display_name}, SK {assignment.sk_number}",
    )
    return assignment


@transaction.atomic
def pimpasa_end(
    *, assignment: PimpasaAssignment, ended_on: dt.date, acting_user: User | None = None
) -> PimpasaAssignment:
    if assignment.ended_on is not None:
        raise ValidationError(_("This assignment has already ended."))
    if ended_on < assignment.inaugurated_on:
        raise ValidationError(_("The end date cannot be before the inauguration date."))
    assignment.ended_on = ended_on
    assignment.save(update_fields=["ended_on"])
    forget_actor(assignment.officer)
    record(
        actor=acting_user,
        action="pimpasa.end",
        region=assignment.region,
        target=assignment,
        summary=assignment.officer.display_name,
    )
    return assignment


# --- partners --------------------------------------------------------------------------------


def normalise_phone(raw: str) -> str:
    """An Indonesian or international number in E.164 (+62…), or a ValidationError."""
    try:
        number = phonenumbers.parse(raw, "ID")
    except phonenumbers.NumberParseException as exc:
        raise ValidationError(_("“%(phone)s” is not a phone number.") % {"phone": raw}) from exc
    if not phonenumbers.is_valid_number(number):
        raise ValidationError(_("“%(phone)s” is not a valid phone number.") % {"phone": raw})
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _check_partner_area(role: str, region: Region) -> None:
    if role == PartnerRole.CAMAT and region.level != Level.KECAMATAN:
        raise ValidationError(_("A camat partners a kecamatan."))
    if region.level not in (Level.DESA, Level.KECAMATAN):
        raise ValidationError(_("A partner works in one desa or one kecamatan."))


@transaction.atomic
def partner_add(
    *,
    region: Region,
    role: str,
    name: str,
    phone: str = "",
    email: str = "",
    acting_user: User | None,
) -> Partner:
    if role not in PartnerRole.values:
        raise ValidationError(_("Unknown partner role."))
    if not name.strip():
        raise ValidationError(_("The partner's name is required."))
    _check_partner_area(role, region)
    partner = Partner.objects.create(
        region=region,
        role=role,
        name=name.strip(),
        phone=normalise_phone(phone) if phone.strip() else "",
        email=email.strip(),
    )
    record(
        actor=acting_user,
        action="partner.add",
        region=region,
        target=partner,
        summary=partner.name,
    )
    return partner


@transaction.atomic
def partner_set_active(*, partner: Partner, active: bool, acting_user: User | None) -> Partner:
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
        actor=acting_user,
        action="partner.activate" if active else "partner.deactivate",
        region=partner.region,
        target=partner,
        summary=partner.name,
    )
    return partner


@transaction.atomic
def partner_invite(*, partner: Partner, base_url: str, acting_user: User | None) -> User:
    """Give a partner a mitra account scoped to their area and e-mail a one-time link to set the
    password. The link stops working once a password is set (Django's reset tokens hash it)."""
    if not partner.email:
        raise ValidationError(_("Add the partner's e-mail address first."))
    if not partner.is_active:
        raise ValidationError(_("The partner is not active."))
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
        raise ValidationError(_("This partner already has an account."))
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
        actor=acting_user,
        action="partner.invite",
        region=partner.region,
        target=partner,
        summary=partner.name,
    )
    return user
