"""How a page refuses a role (issue 11 item 12).

A signed-in user whose role cannot use a page is told so in words (403, core's 403.html); a
record outside the user's area stays 404 (accounts/scope.py), so its existence is not revealed.
"""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _


def refuse_role(what: str = "") -> PermissionDenied:
    """The exception to raise when the role, not the area, is what stops the user.
    `what` names the work in a short sentence shown on the page ("Only a Kanim imports...")."""
    return PermissionDenied(what or _("Your role cannot use this page."))
