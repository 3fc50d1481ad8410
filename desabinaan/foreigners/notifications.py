"""Telling officers about new foreigner alerts in their area (issue 17, preference `alert`):
one e-mail per officer per scan with the number of new alerts their scope holds, not one per
alert (a first scan after an import can raise thousands)."""

from __future__ import annotations

from collections import Counter

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from desabinaan.accounts.models import Role, User
from desabinaan.accounts.notify import Kind, notify_users, opted_out
from desabinaan.accounts.scope import actors_for


def alerts_raised(region_counts: Counter) -> int:
    """`region_counts`: new alerts by desa code. Returns the number of officers told."""
    if not region_counts:
        return 0
    candidates = User.objects.filter(
        is_active=True, role__in=[Role.PIMPASA, Role.KANIM, Role.KANWIL]
    ).exclude(email="")
    off = opted_out(Kind.ALERT, candidates.values_list("pk", flat=True))
    told = 0
    link = f"{settings.SITE_URL}{reverse('foreigners:alerts')}"
    with transaction.atomic():
        for actor in actors_for(candidates.exclude(pk__in=off)):
            count = sum(n for code, n in region_counts.items() if actor.sees(code))
            if not count:
                continue
            notify_users(
                kind=Kind.ALERT,
                users=[actor.user],
                subject=ngettext(
                    "%(n)s new foreigner alert in your area",
                    "%(n)s new foreigner alerts in your area",
                    count,
                )
                % {"n": count},
                body=_("Open the alert list to check them:") + "\n" + link,
                payload={"alerts": count},
            )
            told += 1
    return told
