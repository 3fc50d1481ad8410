"""Writing audit events: the one helper services call after every change."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .models import AuditEvent

# What each action is called in the history, in the reader's language (issue 11 item 13). The
# stored summary holds only the particulars (SK number, names, reason), which need no
# translation; older events whose summary is a whole Indonesian sentence still read sensibly.
ACTION_LABELS = {
    "desa_binaan.propose": _("Proposed as a desa binaan"),
    "desa_binaan.designate": _("Designated as a desa binaan"),
    "desa_binaan.deactivate": _("Taken out of the programme"),
    "corner.open": _("Imigrasi Corner opened"),
    "corner.update": _("Imigrasi Corner details updated"),
    "pimpasa.assign": _("PIMPASA inaugurated"),
    "pimpasa.end": _("PIMPASA assignment ended"),
    "partner.add": _("Partner added"),
    "partner.activate": _("Partner reactivated"),
    "partner.deactivate": _("Partner deactivated"),
    "partner.invite": _("Account invitation sent to a partner"),
    "permit_type.create": _("Permit type created"),
    "permit_type.change": _("Permit type changed"),
}


def action_label(action: str) -> str:
    return str(ACTION_LABELS.get(action, action))


def record(*, actor, action: str, summary: str, region=None, target: models.Model | None = None):
    return AuditEvent.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        region=region,
        target=f"{target._meta.label_lower}:{target.pk}" if target is not None else "",
        summary=summary[:255],
    )
