"""Watch-list screening (issue 18): the list `pusat` keeps, the hits the screening raised on
registered people, and the log of every manual check. Imported by models.py; kept apart so the
registry's own models stay as they were."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField


class WatchlistEntry(models.Model):
    """A person on the watch-list. Seen and edited by `pusat` only; officers see the hits on
    people in their area (ScreeningHit), never the list."""

    name = models.CharField(_("name"), max_length=200)
    aliases = models.TextField(_("aliases"), blank=True, help_text=_("Other names, separated by ;"))
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    nationality = CountryField(_("nationality"), blank=True)
    passport_no = models.CharField(_("passport number"), max_length=20, blank=True)
    reason = models.CharField(_("reason"), max_length=255, blank=True)
    source = models.CharField(_("source"), max_length=120, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(default=timezone.now)
    # Every change moves updated_at: the screening index's version stamp is (count, latest
    # updated_at), so each process sees a change within a minute (foreigners/screening.py).
    updated_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("watch-list entry")
        verbose_name_plural = _("watch-list")
        indexes = [models.Index(fields=["source", "name"], name="watchlist_upsert")]

    def __str__(self) -> str:
        return f"watch-list #{self.pk}"

    @property
    def alias_list(self) -> list[str]:
        return [a.strip() for a in self.aliases.split(";") if a.strip()]


class HitStatus(models.TextChoices):
    OPEN = "open", _("To review")
    CONFIRMED = "confirmed", _("Confirmed")
    DISMISSED = "dismissed", _("Dismissed")


class ScreeningHit(models.Model):
    """A registered person whose name (and evidence) passed the threshold against an entry. One
    row per (entry, person): a dismissed pair is not raised again; a confirmed one keeps who
    confirmed it. `region` is the stay's desa, so hits are scoped like alerts."""

    entry = models.ForeignKey(WatchlistEntry, on_delete=models.CASCADE, related_name="hits")
    foreigner = models.ForeignKey(
        "foreigners.Foreigner", on_delete=models.CASCADE, related_name="screening_hits"
    )
    stay = models.ForeignKey(
        "foreigners.Stay", on_delete=models.SET_NULL, null=True, related_name="screening_hits"
    )
    region = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, related_name="+", db_column="region_code"
    )
    alert = models.ForeignKey(
        "foreigners.Alert", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    score = models.FloatField(_("score"))
    explanation = models.CharField(_("explanation"), max_length=500)
    status = models.CharField(
        _("status"), max_length=10, choices=HitStatus.choices, default=HitStatus.OPEN
    )
    found_at = models.DateTimeField(_("found at"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta:
        ordering = ["-found_at", "-pk"]
        verbose_name = _("screening hit")
        verbose_name_plural = _("screening hits")
        constraints = [
            models.UniqueConstraint(fields=["entry", "foreigner"], name="one_hit_per_pair")
        ]
        indexes = [models.Index(fields=["status", "region"], name="hit_status_region")]

    def __str__(self) -> str:
        return f"screening hit #{self.pk}"


class ScreeningCheck(models.Model):
    """A manual check (`POST /api/v1/screening/check`): who, when, and a keyed hash of the query
    (HMAC with the site's secret), never the name itself."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    office = models.ForeignKey(
        "regions.Office", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now, db_index=True)
    query_hash = models.CharField(max_length=64)
    candidates = models.PositiveSmallIntegerField(default=0)
    hits = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"screening check #{self.pk}"


class ScreeningRun(models.Model):
    """One screening pass over stays: the new ones since the last pass (after a registration or
    an import), or all active ones (after the watch-list changed). `last_stay_id` is how far it
    got, so an interrupted pass is resumed, and the next "new stays" pass starts after it."""

    class Kind(models.TextChoices):
        NEW = "new", _("New stays")
        ALL = "all", _("All active stays")

    kind = models.CharField(max_length=4, choices=Kind.choices)
    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    last_stay_id = models.BigIntegerField(default=0)
    checked = models.PositiveIntegerField(default=0)
    raised = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-started_at", "-pk"]

    def __str__(self) -> str:
        return f"screening run #{self.pk}"
