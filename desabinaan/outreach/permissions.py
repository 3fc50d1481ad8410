"""Who may do what with outreach activities. Reading follows the region scope alone
(selectors); these decide the writes, and the services check them."""

from desabinaan.accounts.models import Role
from desabinaan.accounts.scope import Actor, as_actor

# Officers run activities: plan, change, mark held, cancel, record attendance and photos.
OFFICER_ROLES = (Role.PIMPASA, Role.KANIM)
# Everyone with an area reads the activities held in it (a mitra: their own desa).
VIEWER_ROLES = (Role.MITRA, Role.PIMPASA, Role.KANIM, Role.KANWIL, Role.PUSAT, Role.ADMIN)


def is_officer(who) -> bool:
    actor = as_actor(who)
    return actor.is_system or actor.everywhere or actor.has_role(*OFFICER_ROLES)


def can_plan(who) -> bool:
    """Officers plan; a village partner proposes (the same form, marked as a proposal)."""
    actor = as_actor(who)
    return is_officer(actor) or actor.has_role(Role.MITRA)


def can_manage(who, activity) -> bool:
    """Officers whose area holds the activity's place (a Kanim: also its own office's
    activities), the directorate and system jobs."""
    actor = as_actor(who)
    if actor.is_system or actor.everywhere:
        return True
    if not actor.has_role(*OFFICER_ROLES):
        return False
    if actor.has_role(Role.KANIM) and actor.user.office_id == activity.office_id:
        return True
    return actor.sees(activity.region_id)


def is_own_proposal(who, activity) -> bool:
    """A village partner's own proposal: they may keep editing it while it is planned
    (the services check the status)."""
    actor = as_actor(who)
    return (
        actor.has_role(Role.MITRA)
        and actor.user is not None
        and activity.proposed_by_id == actor.user.pk
    )


def can_edit(who, activity) -> bool:
    """Who is offered the edit form: the managers, and a partner for their own planned
    proposal."""
    if can_manage(who, activity):
        return True
    return is_own_proposal(who, activity) and activity.status == "direncanakan"


def office_of(actor: Actor):
    return actor.user.office if actor.user is not None else None
