"""Who may do what in the registry, in one place. Where a record is comes from the region scope
(accounts/scope.py); these rules add what the role allows on top of it."""

from __future__ import annotations

from desabinaan.accounts.models import Role, User
from desabinaan.accounts.scope import SYSTEM_ROLE, Actor, role_of

# Roles that may register a stay in a desa of their scope (issue 6: mitra for their desa, PIMPASA
# for their areas; the Kanim too, since it imports them in bulk anyway).
REGISTER_ROLES = frozenset({Role.MITRA, Role.PIMPASA, Role.KANIM})
# Officers: verify, see full records in scope (with an access-log entry), handle alerts, merge.
OFFICER_ROLES = frozenset({Role.PIMPASA, Role.KANIM, Role.KANWIL, Role.PUSAT, Role.ADMIN})
# Roles that see a person's whole movement timeline once any stay is in their scope.
WHOLE_TIMELINE_ROLES = frozenset({Role.KANWIL, Role.PUSAT, Role.ADMIN})
VERIFY_ROLES = frozenset({Role.PIMPASA, Role.KANIM})
IMPORT_ROLES = frozenset({Role.KANIM, Role.PUSAT, Role.ADMIN})
ACCESS_LOG_ROLES = frozenset({Role.KANIM, Role.KANWIL, Role.PUSAT, Role.ADMIN})
# Roles that may learn that a passport is registered outside their area, and decide to link that
# person to a stay they register (with a reason, written to the access log): the office level
# and above. A partner or a PIMPASA is neither told nor refused: the registry answers them as if
# the passport were unknown (issue 12, item 3).
NATIONAL_SEARCH_ROLES = frozenset({Role.KANIM, Role.KANWIL, Role.PUSAT, Role.ADMIN})
# The directorate keeps the visa and permit reference data (issue 6: "editable by pusat").
PERMIT_TYPE_ROLES = frozenset({Role.PUSAT, Role.ADMIN})


def _role(user: User | Actor) -> str:
    """The actor's role; a system actor (commands, demo data, tasks) counts as the directorate:
    it does what the command it runs for was written to do."""
    role = role_of(user)
    return Role.ADMIN if role == SYSTEM_ROLE else role


def can_register(user: User | Actor) -> bool:
    return _role(user) in REGISTER_ROLES


def is_officer(user: User | Actor) -> bool:
    return _role(user) in OFFICER_ROLES


def can_verify(user: User | Actor) -> bool:
    return _role(user) in VERIFY_ROLES


def sees_whole_timeline(user: User | Actor) -> bool:
    return _role(user) in WHOLE_TIMELINE_ROLES


def can_import(user: User | Actor) -> bool:
    return _role(user) in IMPORT_ROLES


def can_edit_permit_types(user: User | Actor) -> bool:
    return _role(user) in PERMIT_TYPE_ROLES


def can_read_access_log(user: User | Actor) -> bool:
    return _role(user) in ACCESS_LOG_ROLES


def can_export_unmasked(user: User | Actor) -> bool:
    """An officer holding the explicit permission, granted per person by an administrator."""
    person = user.user if isinstance(user, Actor) else user
    if person is None:  # a system actor
        return is_officer(user)
    return is_officer(user) and person.has_perm("foreigners.export_passport_numbers")


def can_search_nationally(user: User | Actor) -> bool:
    return _role(user) in NATIONAL_SEARCH_ROLES


# The village's domicile letter (issue 15): the village partner (kepala desa and the desa's other
# partners) or the PIMPASA issues it for a stay of their area; the Kanim may also revoke one (it
# learns first when a permit is cancelled) and keep a village's letterhead.
LETTER_ISSUE_ROLES = frozenset({Role.MITRA, Role.PIMPASA})
LETTER_REVOKE_ROLES = frozenset({Role.MITRA, Role.PIMPASA, Role.KANIM})
LETTERHEAD_ROLES = frozenset({Role.MITRA, Role.PIMPASA, Role.KANIM})
# Who may print a letter (each print is an access-log row): the roles above and the officers.
LETTER_PRINT_ROLES = LETTER_REVOKE_ROLES | OFFICER_ROLES


def can_issue_letters(user: User) -> bool:
    return _role(user) in LETTER_ISSUE_ROLES


def can_revoke_letters(user: User) -> bool:
    return _role(user) in LETTER_REVOKE_ROLES


def can_edit_letterhead(user: User) -> bool:
    return _role(user) in LETTERHEAD_ROLES


def can_print_letters(user: User) -> bool:
    return _role(user) in LETTER_PRINT_ROLES
