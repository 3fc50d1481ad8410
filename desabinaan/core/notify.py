"""Notifications leaving the system: e-mail (Django's e-mail backend, SMTP from the environment)
and a signed webhook a WhatsApp or SMS gateway can be plugged into (issue 17).

How it flows:
1. An action calls `email(...)` or `webhook(...)` inside its transaction: each writes a Delivery
   row (the log) and asks for the sending task to be enqueued *after the commit* — a rolled-back
   action sends nothing, and nothing is sent inside the request's transaction.
2. `deliver_task` (core/tasks.py) calls `delivery_attempt` for each row. A failure is recorded
   (attempts, last_error) and the row waits `NOTIFY_BACKOFF_SECONDS * 2**(attempts-1)`; the
   scheduled job `notify_retry` (SCHEDULED_JOBS) sends the rows that are due again; after
   `NOTIFY_MAX_ATTEMPTS` the row is `failed`. A failure never reaches the action that caused it.

Who receives what (preferences) is decided a layer up: accounts.notify.notify_users.

The webhook body is JSON: {"event", "delivery", "sent_at", "data"}; the header
`X-DesaBinaan-Signature: sha256=<hex>` is the HMAC-SHA256 of the exact body bytes with
NOTIFY_WEBHOOK_SECRET. Receivers recompute it over the raw body and compare in constant time.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import logging
import urllib.request
from urllib.error import HTTPError
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import send_mail
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Delivery, DeliveryChannel, DeliveryStatus

log = logging.getLogger(__name__)

SIGNATURE_HEADER = "X-DesaBinaan-Signature"
EVENT_HEADER = "X-DesaBinaan-Event"
DELIVERY_HEADER = "X-DesaBinaan-Delivery"


class Kind(models.TextChoices):
    """What a notification is about. The first four are the per-user preferences (profile)."""

    NEW_REPORT = "new_report", _("New report in my area")
    ESCALATION = "escalation", _("Escalation of an overdue report")
    FORWARDING_ANSWERED = "forwarding_answered", _("An agency answered a forwarded report")
    ALERT = "alert", _("Foreigner alerts in my area")
    # Not a preference: the Kanim and the Kanwil are always told of stranded refugees.
    REFUGEE = "refugee", _("Refugees found (always sent)")
    # To a reporter who left an e-mail address: their report's public status changed.
    REPORTER_STATUS = "reporter_status", _("Report status for the reporter")


PREFERENCE_KINDS = (Kind.NEW_REPORT, Kind.ESCALATION, Kind.FORWARDING_ANSWERED, Kind.ALERT)

# Keys a webhook payload may never hold, at any depth: a reporter's identity or words.
FORBIDDEN_KEYS = frozenset(
    {"contact", "email", "phone", "name", "reporter", "description", "address", "nik", "passport"}
)


class PersonalDataInWebhook(ValueError):
    """A programming error: a caller tried to put personal data into a webhook payload."""


def mask_address(address: str) -> str:
    """'budi@example.id' → 'b***@example.id' (the log shows that a reporter was told, not who)."""
    local, at, domain = address.partition("@")
    if not at:
        return "***" + address[-2:] if len(address) > 4 else "***"
    return f"{local[:1]}***@{domain}"


def _check_impersonal(value, path: str = "") -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            if str(key).lower() in FORBIDDEN_KEYS:
                raise PersonalDataInWebhook(f"webhook payload key {path}{key!r} is not allowed")
            _check_impersonal(item, f"{path}{key}.")
    elif isinstance(value, list | tuple):
        for item in value:
            _check_impersonal(item, path)


def _enqueue_after_commit(ids: list[int]) -> None:
    if not ids:
        return

    def enqueue():
        # Deferred import: core.tasks imports this module.
        from .tasks import deliver_task

        try:
            deliver_task.enqueue(ids)
        except Exception:  # the action has committed; the retry job picks the rows up later
            log.exception("could not enqueue notification deliveries %s", ids)

    transaction.on_commit(enqueue)


def email(*, kind: str, to, subject: str, body: str, personal: bool = False) -> list[Delivery]:
    """One e-mail per address (so one bad address does not hold up the others). `personal`:
    the address is a reporter's, so the log shows it masked and forgets it once done."""
    Kind(kind)
    addresses = sorted({a.strip() for a in to if a and a.strip()})
    rows = Delivery.objects.bulk_create(
        [
            Delivery(
                channel=DeliveryChannel.EMAIL,
                kind=kind,
                recipient=mask_address(a) if personal else a,
                address=a,
                subject=subject[:200],
                body=body,
                next_attempt_at=timezone.now(),
            )
            for a in addresses
        ]
    )
    _enqueue_after_commit([r.pk for r in rows])
    return rows


def webhook(*, kind: str, data: dict) -> Delivery | None:
    """One POST to NOTIFY_WEBHOOK_URL (nothing when it is not set). `data` must hold no
    personal data of a reporter: keys such as contact, description or phone are refused."""
    Kind(kind)
    _check_impersonal(data)
    url = settings.NOTIFY_WEBHOOK_URL
    if not url:
        return None
    row = Delivery.objects.create(
        channel=DeliveryChannel.WEBHOOK,
        kind=kind,
        recipient=urlsplit(url).netloc[:200],
        payload=data,
        next_attempt_at=timezone.now(),
    )
    _enqueue_after_commit([row.pk])
    return row


def signature(body: bytes, secret: str | None = None) -> str:
    secret = settings.NOTIFY_WEBHOOK_SECRET if secret is None else secret
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def webhook_body(delivery: Delivery, now: dt.datetime) -> bytes:
    document = {
        "event": delivery.kind,
        "delivery": delivery.pk,
        "sent_at": now.isoformat(),
        "data": delivery.payload,
    }
    return json.dumps(document, sort_keys=True, separators=(",", ":")).encode()


def _send(delivery: Delivery, now: dt.datetime) -> None:
    """Raise on any failure; the caller records it."""
    if delivery.channel == DeliveryChannel.EMAIL:
        send_mail(
            delivery.subject,
            delivery.body,
            settings.DEFAULT_FROM_EMAIL,
            [delivery.address],
            fail_silently=False,
        )
        return
    url = settings.NOTIFY_WEBHOOK_URL
    if urlsplit(url).scheme not in ("http", "https"):
        raise RuntimeError("NOTIFY_WEBHOOK_URL must be an http(s) URL")
    body = webhook_body(delivery, now)
    request = urllib.request.Request(  # noqa: S310 (the scheme is checked just above)
        url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json",
            SIGNATURE_HEADER: signature(body),
            EVENT_HEADER: delivery.kind,
            DELIVERY_HEADER: str(delivery.pk),
        },
    )
    try:
        with _OPENER.open(request, timeout=settings.NOTIFY_WEBHOOK_TIMEOUT) as response:
            status = response.status
    except HTTPError as exc:  # 4xx/5xx, and redirects (not followed)
        status = exc.code
    if not 200 <= status < 300:
        raise RuntimeError(f"HTTP {status}")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """A redirect is a failure: following it would resend the body to another host (or turn
    the POST into a GET). Standard library only: no HTTP client dependency for one POST."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


_OPENER = urllib.request.build_opener(_NoRedirect)


def backoff(attempts: int) -> dt.timedelta:
    """The pause after the `attempts`-th failed attempt: base, 2×base, 4×base…"""
    return dt.timedelta(seconds=settings.NOTIFY_BACKOFF_SECONDS * 2 ** max(attempts - 1, 0))


def delivery_attempt(delivery_id: int, now: dt.datetime | None = None) -> str:
    """Try one delivery if it is due; returns its status afterwards. Never raises for a
    failed send: the failure is written to the row."""
    now = now or timezone.now()
    with transaction.atomic():
        delivery = Delivery.objects.select_for_update().filter(pk=delivery_id).first()
        if delivery is None:
            return ""
        if delivery.status not in (DeliveryStatus.PENDING, DeliveryStatus.RETRY) or (
            delivery.next_attempt_at and delivery.next_attempt_at > now
        ):
            return delivery.status
        delivery.attempts += 1
        try:
            _send(delivery, now)
        except Exception as exc:  # any failure of the channel is recorded, never raised
            # The class and the short message only: a mail error may echo the address.
            error = f"{type(exc).__name__}: {exc}"
            if delivery.channel == DeliveryChannel.EMAIL and delivery.address:
                error = error.replace(delivery.address, delivery.recipient)
            delivery.last_error = error[:300]
            if delivery.attempts >= settings.NOTIFY_MAX_ATTEMPTS:
                delivery.status = DeliveryStatus.FAILED
                delivery.next_attempt_at = None
                delivery.address = ""
            else:
                delivery.status = DeliveryStatus.RETRY
                delivery.next_attempt_at = now + backoff(delivery.attempts)
            log.warning(
                "notification %s (%s) attempt %s failed: %s",
                delivery.pk,
                delivery.channel,
                delivery.attempts,
                type(exc).__name__,
            )
        else:
            delivery.status = DeliveryStatus.SENT
            delivery.sent_at = now
            delivery.next_attempt_at = None
            delivery.address = ""
        delivery.save(
            update_fields=[
                "attempts",
                "status",
                "last_error",
                "next_attempt_at",
                "sent_at",
                "address",
                "updated_at",
            ]
        )
        return delivery.status


def deliveries_attempt(ids, now: dt.datetime | None = None) -> dict[str, int]:
    """Attempt several deliveries; counts by resulting status."""
    counts: dict[str, int] = {}
    for delivery_id in ids:
        try:
            status = delivery_attempt(int(delivery_id), now=now)
        except Exception:  # e.g. the database hiccups: the retry job tries again later
            log.exception("notification %s could not be attempted", delivery_id)
            status = "error"
        counts[status] = counts.get(status, 0) + 1
    return counts


def deliveries_due(now: dt.datetime | None = None, limit: int = 500) -> list[int]:
    """Rows waiting for a (re)try whose time has come; pending ones older than a minute too,
    in case their task was lost."""
    now = now or timezone.now()
    return list(
        Delivery.objects.filter(
            models.Q(status=DeliveryStatus.RETRY, next_attempt_at__lte=now)
            | models.Q(
                status=DeliveryStatus.PENDING,
                next_attempt_at__lte=now - dt.timedelta(minutes=1),
            )
        )
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )
