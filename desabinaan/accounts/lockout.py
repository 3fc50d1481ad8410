"""What a locked-out login gets (django-axes' AXES_LOCKOUT_CALLABLE).

People at the login form get the lock-out page; API clients get JSON in the API's documented
error shape, never an HTML page they cannot read.
"""

from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from desabinaan.core.edge import API_PREFIX

LOCKED_STATUS = 429


def lockout_response(request, original_response=None, credentials=None):
    if request.path.startswith(API_PREFIX):
        return JsonResponse(
            {
                "detail": _(
                    "Too many failed attempts for this account from your connection. Wait 15 "
                    "minutes and try again, or ask your office administrator to unlock it."
                )
            },
            status=LOCKED_STATUS,
        )
    return render(request, "accounts/locked_out.html", status=LOCKED_STATUS)
