from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEvent(models.Model):
    """Who did what, where and when: written by services, never by views. The region lets the
    history be shown through the same scope rule as everything else."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # A system actor's name ("sistem: load_demo") when no person acted.
    actor_name = models.CharField(max_length=80, blank=True)
    # One of core.audit.Action; kept as plain text so an event outlives a renamed action.
    action = models.CharField(_("action"), max_length=60, db_index=True)
    region = models.ForeignKey(
        "regions.Region",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        db_column="region_code",
        related_name="+",
    )
    # What the event is about, as "app.model:pk"; free text so any app can write events.
    target = models.CharField(max_length=80, blank=True)
    # A readable sentence without personal data (no phone numbers, no passport numbers).
    summary = models.CharField(_("summary"), max_length=255)
    # {field: [before, after]} where a record changed; never personal data (core.audit).
    changes = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.summary}"

    @property
    def label(self) -> str:
        """The action in the reader's language."""
        from .audit import action_label

        return action_label(self.action)


class DeliveryChannel(models.TextChoices):
    EMAIL = "email", _("E-mail")
    WEBHOOK = "webhook", _("Webhook")


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    SENT = "sent", _("Sent")
    RETRY = "retry", _("Will be retried")
    FAILED = "failed", _("Failed")


class Delivery(models.Model):
    """One notification leaving the system (core/notify.py): written in the transaction of the
    action that caused it, sent by a task after the commit, retried with a growing pause. The
    log an admin reads: what was sent, to whom (masked where the address is personal), how often
    it was tried and why it failed."""

    channel = models.CharField(_("channel"), max_length=10, choices=DeliveryChannel.choices)
    # One of core.notify.Kind; plain text so a row outlives a renamed kind.
    kind = models.CharField(_("event"), max_length=30, db_index=True)
    # What the log shows: an officer's address as is, a reporter's masked, the webhook's host.
    recipient = models.CharField(_("recipient"), max_length=200)
    # The real address, needed until the last attempt; emptied once sent or failed (PDP).
    address = models.CharField(max_length=254, blank=True)
    subject = models.CharField(_("subject"), max_length=200, blank=True)
    body = models.TextField(_("body"), blank=True)
    # The webhook's JSON (never personal data of a reporter: core.notify refuses such keys).
    payload = models.JSONField(_("payload"), default=dict, blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=DeliveryStatus.choices,
        default=DeliveryStatus.PENDING,
        db_index=True,
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.CharField(_("last error"), max_length=300, blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification delivery")
        verbose_name_plural = _("notification deliveries")
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="delivery_due")]

    def __str__(self) -> str:
        return f"{self.channel} {self.kind} → {self.recipient} ({self.status})"
