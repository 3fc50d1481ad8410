"""Programme actions. PIMPASA inauguration lives here because the assignment is the programme's
core fact; the region scope (accounts/scope.py) reads it."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from desabinaan.accounts.models import Role, User
from desabinaan.accounts.scope import code_within
from desabinaan.regions.models import Level, Office, Region

from .models import PimpasaAssignment


@transaction.atomic
def pimpasa_assign(
    *,
    officer: User,
    region: Region,
    office: Office,
    sk_number: str,
    inaugurated_on: dt.date,
    acting_user: User | None = None,
) -> PimpasaAssignment:
    """Inaugurate `officer` as PIMPASA of a kecamatan or desa in `office`'s jurisdiction."""
    if region.level not in (Level.KECAMATAN, Level.DESA):
        raise ValidationError(_("A PIMPASA is assigned to a kecamatan or a desa."))
    if officer.role != Role.PIMPASA or officer.office_id != office.pk:
        raise ValidationError(_("The officer must be a PIMPASA of this office."))
    if not any(
        code_within(region.code, j) for j in office.jurisdiction.values_list("code", flat=True)
    ):
        raise ValidationError(_("This area is outside the office's jurisdiction."))
    if not sk_number.strip():
        raise ValidationError(_("The decree (SK) number is required."))
    try:
        with transaction.atomic():
            return PimpasaAssignment.objects.create(
                officer=officer,
                region=region,
                office=office,
                sk_number=sk_number.strip(),
                inaugurated_on=inaugurated_on,
            )
    except IntegrityError as exc:
        raise ValidationError(_("This area already has an active PIMPASA.")) from exc


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
    return assignment
