"""Telling users, with their preferences respected (issue 17). Feature apps call these; the
sending itself (e-mail, the signed webhook, retries, the log) is core.notify.

    notify_users(kind=Kind.FORWARDING_ANSWERED, users=[officer], subject=..., body=...,
                 payload={"report": report.tracking_code, "agency": "polri"})

writes one e-mail Delivery per user who wants `kind` (NotificationPreference; no row = yes) and
has an address, plus one webhook Delivery naming those users by username (the gateway maps a
username to a phone). Call it inside the action's transaction: nothing leaves before the commit,
and a failed delivery never fails the action. `payload` goes to the webhook: never put a
reporter's contact, name or words in it (core.notify refuses such keys).
"""

from __future__ import annotations

from collections.abc import Iterable

from desabinaan.core import notify
from desabinaan.core.notify import PREFERENCE_KINDS, Kind

from .models import NotificationPreference, User

__all__ = ["Kind", "notify_addresses", "notify_users", "opted_out", "wanting"]


def opted_out(kind: str, user_ids: Iterable[int]) -> set[int]:
    """The users among `user_ids` who switched `kind` off (one query)."""
    if kind not in PREFERENCE_KINDS:
        return set()
    return set(
        NotificationPreference.objects.filter(
            user_id__in=list(user_ids), **{kind: False}
        ).values_list("user_id", flat=True)
    )


def wanting(kind: str, users: Iterable[User]) -> list[User]:
    """Active users with an e-mail address who have not switched `kind` off. Kinds that are not
    preferences (refugees found) reach everyone."""
    users = [u for u in users if u is not None and u.is_active]
    off = opted_out(kind, [u.pk for u in users])
    seen: set[int] = set()
    result = []
    for user in users:
        if user.pk in off or user.pk in seen:
            continue
        seen.add(user.pk)
        result.append(user)
    return result


def notify_users(
    *,
    kind: str,
    users: Iterable[User],
    subject: str,
    body: str,
    payload: dict | None = None,
    extra_addresses: Iterable[str] = (),
) -> int:
    """See the module's docstring. `extra_addresses`: office mailboxes (not people with
    preferences) that get the same e-mail. Returns the number of e-mails written."""
    Kind(kind)
    chosen = wanting(kind, users)
    addresses = [u.email for u in chosen if u.email] + [a for a in extra_addresses if a]
    rows = notify.email(kind=kind, to=addresses, subject=subject, body=body)
    if chosen or rows:
        notify.webhook(
            kind=kind,
            data={**(payload or {}), "recipients": sorted(u.get_username() for u in chosen)},
        )
    return len(rows)


def notify_addresses(
    *, kind: str, addresses: Iterable[str], subject: str, body: str, payload: dict | None = None
) -> int:
    """For callers that hold addresses (an office mailbox, officers' e-mails): the addresses of
    users who switched `kind` off are dropped; the rest get the e-mail, and the webhook is told
    once. Returns the number of e-mails written."""
    Kind(kind)
    by_lower = {a.strip().lower(): a.strip() for a in addresses if a and a.strip()}
    if kind in PREFERENCE_KINDS and by_lower:
        candidates = User.objects.filter(
            is_active=True, notification_preference__isnull=False
        ).filter(**{f"notification_preference__{kind}": False})
        for email in candidates.values_list("email", flat=True):
            by_lower.pop(email.lower(), None)
    addresses = list(by_lower.values())
    rows = notify.email(kind=kind, to=addresses, subject=subject, body=body)
    if rows:
        notify.webhook(kind=kind, data=dict(payload or {}))
    return len(rows)
