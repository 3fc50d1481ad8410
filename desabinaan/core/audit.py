"""Writing audit events: the one helper services call after every change."""

from django.db import models

from .models import AuditEvent


def record(*, actor, action: str, summary: str, region=None, target: models.Model | None = None):
    return AuditEvent.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        region=region,
        target=f"{target._meta.label_lower}:{target.pk}" if target is not None else "",
        summary=summary[:255],
    )
