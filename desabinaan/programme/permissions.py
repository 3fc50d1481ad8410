"""Who may change what in the programme. Reading is governed by the region scope alone."""

from desabinaan.accounts.models import Role, User
from desabinaan.accounts.scope import EVERYWHERE, in_scope, user_scope
from desabinaan.regions.models import Region

MANAGING_ROLES = {Role.KANIM, Role.PIMPASA, Role.PUSAT, Role.ADMIN}


def can_manage_area(user: User, region: Region) -> bool:
    """Officers in scope (the Kanim, the area's PIMPASA, the directorate) run a village's
    programme: corner, partners, invitations. Village partners and the Kanwil only read."""
    if not user.is_authenticated:
        return False
    if user_scope(user) is EVERYWHERE:
        return True
    return user.role in MANAGING_ROLES and in_scope(user, region.code)


def can_designate(user: User) -> bool:
    return user.is_authenticated and (
        user_scope(user) is EVERYWHERE or (user.role == Role.KANIM and user.office_id is not None)
    )


def can_propose(user: User, region: Region) -> bool:
    """A PIMPASA proposes villages of their own area; the Kanim may propose or designate."""
    return (
        user.is_authenticated
        and user.role in (Role.PIMPASA, Role.KANIM)
        and user.office_id is not None
        and in_scope(user, region.code)
    )
