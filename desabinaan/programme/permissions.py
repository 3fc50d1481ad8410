"""Who may change what in the programme. Reading is governed by the region scope alone.
Each takes an Actor (or a User, from a template's context) and is what the services check."""

from desabinaan.accounts.models import Role, User
from desabinaan.accounts.scope import Actor, as_actor, role_of
from desabinaan.regions.models import Office, Region

MANAGING_ROLES = {Role.KANIM, Role.PIMPASA, Role.PUSAT, Role.ADMIN}


def can_manage_area(user: User | Actor, region: Region) -> bool:
    """Officers in scope (the Kanim, the area's PIMPASA, the directorate) run a village's
    programme: corner, partners, invitations. Village partners and the Kanwil only read."""
    if not role_of(user):
        return False
    actor = as_actor(user)
    if actor.everywhere:
        return True
    return actor.role in MANAGING_ROLES and actor.sees(region.code)


def _office_id(actor: Actor):
    return actor.user.office_id if actor.user is not None else None


def can_designate(user: User | Actor) -> bool:
    if not role_of(user):
        return False
    actor = as_actor(user)
    return actor.everywhere or (actor.role == Role.KANIM and _office_id(actor) is not None)


def acts_for_office(user: User | Actor, office: Office) -> bool:
    """The office's own Kanim staff, the directorate, an administrator or a system actor."""
    actor = as_actor(user)
    if actor.everywhere:
        return True
    return actor.role == Role.KANIM and _office_id(actor) == office.pk


def can_propose(user: User | Actor, region: Region) -> bool:
    """A PIMPASA proposes villages of their own area; the Kanim may propose or designate."""
    if role_of(user) not in (Role.PIMPASA, Role.KANIM):
        return False
    actor = as_actor(user)
    return _office_id(actor) is not None and actor.sees(region.code)
