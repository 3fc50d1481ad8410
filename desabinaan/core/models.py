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
