"""Lapor: reports of immigration vulnerabilities, their timeline and their evidence.

Anonymity is a property of the schema: there is no column for an IP address, a user agent or a
reporter name. The only personal datum is `contact`, and only when the reporter chose to give it.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .storage import private_storage


class Category(models.TextChoices):
    # The slugs are a public API contract (POST /api/v1/reports): never rename them.
    TPPO = "tppo", _("Human trafficking (TPPO)")
    TPPM = "tppm", _("People smuggling (TPPM)")
    PMI_NONPROSEDURAL = "pmi_nonprosedural", _("Migrant worker leaving without procedure")
    WNA_MENCURIGAKAN = "wna_mencurigakan", _("Suspicious foreigner")
    PENYALAHGUNAAN_IZIN_TINGGAL = "penyalahgunaan_izin_tinggal", _("Misuse of a stay permit")
    PENGUNGSI = "pengungsi", _("Refugees or asylum seekers")
    PEMALSUAN_DOKUMEN = "pemalsuan_dokumen", _("Forged documents")
    LAINNYA = "lainnya", _("Something else")


# One line of explanation and examples per category, shown on the form and in the API docs.
CATEGORY_HELP = {
    Category.TPPO: _(
        "Someone is recruited, moved or held to be exploited. E.g. a job offer abroad with no "
        "contract, passports taken by the recruiter, debts that never end."
    ),
    Category.TPPM: _(
        "People brought into or out of Indonesia secretly for money. E.g. boats leaving at "
        "night with passengers without documents."
    ),
    Category.PMI_NONPROSEDURAL: _(
        "A resident leaves to work abroad without the legal procedure. E.g. leaving on a "
        "tourist or umroh visa to work, no contract, no BP3MI registration."
    ),
    Category.WNA_MENCURIGAKAN: _(
        "A foreigner whose presence or documents look wrong. E.g. foreigners living in the "
        "village without reporting, no passport shown."
    ),
    Category.PENYALAHGUNAAN_IZIN_TINGGAL: _(
        "A foreigner doing what their permit does not allow. E.g. working on a visit visa, "
        "staying after the permit expired."
    ),
    Category.PENGUNGSI: _(
        "Stranded refugees or asylum seekers who need help now. E.g. a boat of foreigners "
        "landed on the beach, people sheltering in the village."
    ),
    Category.PEMALSUAN_DOKUMEN: _(
        "Forged passports, visas or letters. E.g. someone offering to make a passport with "
        "false data."
    ),
    Category.LAINNYA: _("Anything else about immigration in your village."),
}

# Refugees (Perpres 125/2016) and trafficking victims may be in danger now: top of the inbox.
URGENT_CATEGORIES = (Category.PENGUNGSI, Category.TPPO)


class Status(models.TextChoices):
    BARU = "baru", _("New")
    DIVERIFIKASI = "diverifikasi", _("Verified")
    DITINDAKLANJUTI = "ditindaklanjuti", _("Being followed up")
    SELESAI = "selesai", _("Completed")
    TIDAK_TERBUKTI = "tidak_terbukti", _("Not proven")
    DITOLAK = "ditolak", _("Rejected")


OPEN_STATUSES = (Status.BARU, Status.DIVERIFIKASI, Status.DITINDAKLANJUTI)

# The workflow (issue 5): the only steps a service may take. `diteruskan` joins in a later issue.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    Status.BARU: (Status.DIVERIFIKASI, Status.DITOLAK),
    Status.DIVERIFIKASI: (Status.DITINDAKLANJUTI,),
    Status.DITINDAKLANJUTI: (Status.SELESAI, Status.TIDAK_TERBUKTI),
    Status.SELESAI: (),
    Status.TIDAK_TERBUKTI: (),
    Status.DITOLAK: (),
}

# Buttons are named for what they do; Status labels name the state a report is in.
ACTION_LABELS = {
    Status.DIVERIFIKASI: _("Verify"),
    Status.DITINDAKLANJUTI: _("Start the follow-up"),
    Status.SELESAI: _("Complete"),
    Status.TIDAK_TERBUKTI: _("Close as not proven"),
    Status.DITOLAK: _("Reject"),
}
# Steps that close a report: each asks for a message to the reporter and a confirmation.
CLOSING_STATUSES = (Status.SELESAI, Status.TIDAK_TERBUKTI, Status.DITOLAK)
# A rejection without a reason reads to the reporter as "received" followed by "rejected".
MESSAGE_REQUIRED = (Status.DITOLAK,)

# What the reporter reads on the status page for each status (never an officer's name).
PUBLIC_STATUS_TEXT = {
    Status.BARU: _("Your report has been received and is waiting to be checked by an officer."),
    Status.DIVERIFIKASI: _("An officer has checked your report."),
    Status.DITINDAKLANJUTI: _("Officers are following up your report."),
    Status.SELESAI: _("The follow-up of your report is complete. Thank you."),
    Status.TIDAK_TERBUKTI: _("The officers checked your report but could not prove it."),
    Status.DITOLAK: _("Your report was not accepted."),
}


class Channel(models.TextChoices):
    PUBLIC = "publik", _("Public form")
    API = "api", _("API")
    MITRA = "mitra", _("Filed by a village partner")
    IN_PERSON = "langsung", _("Received in person by PIMPASA")


class RoutedVia(models.TextChoices):
    PIMPASA_DESA = "pimpasa_desa", _("PIMPASA of the village")
    PIMPASA_KECAMATAN = "pimpasa_kecamatan", _("PIMPASA of the district")
    KANIM = "kanim", _("Immigration office")
    UNROUTED = "none", _("No office found")


class Report(models.Model):
    tracking_code = models.CharField(_("tracking code"), max_length=10, unique=True)
    category = models.CharField(_("category"), max_length=32, choices=Category.choices)
    description = models.TextField(_("what happened"))
    occurred_on = models.DateField(_("when"), null=True, blank=True)
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("village"),
        on_delete=models.PROTECT,
        related_name="reports",
        db_column="region_code",
    )
    landmark = models.CharField(_("landmark"), max_length=200, blank=True)
    latitude = models.DecimalField(max_digits=8, decimal_places=5, null=True, blank=True)
    longitude = models.DecimalField(max_digits=8, decimal_places=5, null=True, blank=True)
    # Only when the reporter chose to leave it; shown only to the officers handling the report.
    contact = models.CharField(_("contact"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.BARU, db_index=True
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    # The mitra or PIMPASA who filed it on a resident's behalf; empty for residents themselves.
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # Routing decision, kept on the row for the inbox and as an event for the timeline.
    routed_via = models.CharField(_("routed to"), max_length=20, choices=RoutedVia.choices)
    office = models.ForeignKey(
        "regions.Office",
        verbose_name=_("office"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reports",
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned to"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assigned_reports",
    )
    # SHA-256 of the client's Idempotency-Key and of the request body: a retry finds the report.
    idempotency_key = models.CharField(max_length=64, null=True, blank=True, unique=True)
    idempotency_fingerprint = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        indexes = [models.Index(fields=["region", "status"], name="report_region_status")]
        constraints = [
            models.CheckConstraint(
                condition=Q(category__in=Category.values), name="report_category_known"
            ),
            models.CheckConstraint(
                condition=Q(status__in=Status.values), name="report_status_known"
            ),
        ]

    def __str__(self) -> str:
        return self.tracking_code

    @property
    def is_urgent(self) -> bool:
        return self.category in URGENT_CATEGORIES and self.status in OPEN_STATUSES

    @property
    def next_statuses(self) -> tuple[str, ...]:
        return TRANSITIONS[self.status]

    @property
    def next_actions(self) -> list[tuple[str, str, bool]]:
        """(status, button label, closes the report) for each step the report may take."""
        return [(s, str(ACTION_LABELS[s]), s in CLOSING_STATUSES) for s in self.next_statuses]

    @property
    def public_status_text(self) -> str:
        return str(PUBLIC_STATUS_TEXT[self.status])


class EventKind(models.TextChoices):
    SUBMITTED = "submitted", _("Report received")
    ROUTED = "routed", _("Routed")
    STATUS = "status", _("Status changed")
    NOTE = "note", _("Internal note")
    ASSIGNED = "assigned", _("Assigned")
    ESCALATED = "escalated", _("Escalated: deadline passed")
    # Public: the reporter reads that the report was passed on, never to whom or with what note.
    FORWARDED = "forwarded", _("Passed on to an agency")
    FORWARDING = "forwarding", _("Forwarding updated")


class ReportEvent(models.Model):
    """One line of a report's timeline. Public events are what the reporter sees by code."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(max_length=12, choices=EventKind.choices)
    from_status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    note = models.TextField(_("note"), blank=True)
    is_public = models.BooleanField(_("public"), default=False)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("report event")
        verbose_name_plural = _("report events")

    def __str__(self) -> str:
        return f"{self.report_id} {self.kind} {self.to_status}"


class AttachmentKind(models.TextChoices):
    IMAGE = "image", _("Photo")
    PDF = "pdf", _("PDF document")
    AUDIO = "audio", _("Audio recording")


class Attachment(models.Model):
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="attachments")
    # Random file names: the uploaded name could itself identify the reporter.
    file = models.FileField(storage=private_storage, upload_to="reports/%Y/%m/", max_length=200)
    kind = models.CharField(max_length=8, choices=AttachmentKind.choices)
    content_type = models.CharField(max_length=60)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return f"{self.report_id}/{self.pk} {self.kind}"


class ResponseDeadline(models.Model):
    """How long the officers have for a report of one category (issue 17). Reference data: the
    starting values are a working agreement, not a regulation; admin and pusat edit them in the
    Django admin. Both deadlines count from the moment the report was received."""

    category = models.CharField(_("category"), max_length=32, choices=Category.choices, unique=True)
    verify_hours = models.PositiveIntegerField(
        _("hours to verify"),
        help_text=_(
            "Hours from receipt until the report must be verified. Editable: a working "
            "agreement, not a regulation."
        ),
    )
    follow_up_hours = models.PositiveIntegerField(
        _("hours to the first follow-up"),
        help_text=_(
            "Hours from receipt until the follow-up must have started. Editable: a working "
            "agreement, not a regulation."
        ),
    )
    kanim_after_hours = models.PositiveIntegerField(
        _("hours until the Kanim is told"),
        default=24,
        help_text=_(
            "After a deadline passes the PIMPASA is told at once; the head of the Kanim this "
            "many hours later if nothing moved. Editable."
        ),
    )

    class Meta:
        ordering = ["category"]
        verbose_name = _("response deadline")
        verbose_name_plural = _("response deadlines")
        constraints = [
            models.CheckConstraint(
                condition=Q(category__in=Category.values), name="deadline_category_known"
            ),
        ]

    def __str__(self) -> str:
        return str(Category(self.category).label) if self.category in Category.values else ""

    def hours_for(self, status: str) -> int | None:
        if status == Status.BARU:
            return self.verify_hours
        if status == Status.DIVERIFIKASI:
            return self.follow_up_hours
        return None


class EscalationLevel(models.IntegerChoices):
    PIMPASA = 1, _("PIMPASA notified")
    KANIM = 2, _("Head of the Kanim notified")


class Escalation(models.Model):
    """One escalation of one report for one missed deadline (the status it was stuck in). The
    unique constraint makes `escalate_overdue` idempotent: a level is recorded, and mailed, once."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="escalations")
    status = models.CharField(max_length=20, choices=Status.choices)
    level = models.PositiveSmallIntegerField(choices=EscalationLevel.choices)
    due_at = models.DateTimeField()
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("escalation")
        verbose_name_plural = _("escalations")
        constraints = [
            models.UniqueConstraint(
                fields=["report", "status", "level"], name="escalation_once_per_level"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.report_id} {self.status} {self.level}"


# --- refugees and asylum seekers (issue 17; DOMAIN.md §5, Perpres 125/2016) -----------------


class RefugeeCondition(models.TextChoices):
    # Slugs are part of the public API (POST /api/v1/reports `refugee.conditions`).
    INJURED = "luka", _("Injured")
    SICK = "sakit", _("Sick")
    HUNGRY = "lapar", _("Hungry or thirsty")


class RefugeeLocation(models.TextChoices):
    BOAT_AT_SHORE = "perahu", _("On a boat at the shore")
    IN_VILLAGE = "desa", _("In the village")
    MOVING = "berpindah", _("Moving (walking or in vehicles)")


class RefugeeDetails(models.Model):
    """The short refugee form's answers, one row per `pengungsi` report: how many, who, in what
    condition and where exactly. Counts are what the reporter saw, so totals must add up."""

    report = models.OneToOneField(
        Report, on_delete=models.CASCADE, primary_key=True, related_name="refugee"
    )
    total = models.PositiveSmallIntegerField(_("how many people"))
    adults = models.PositiveSmallIntegerField(_("adults"))
    children = models.PositiveSmallIntegerField(_("children"))
    women = models.PositiveSmallIntegerField(_("women and girls"))
    # An ISO 3166 code when the reporter picked a country, else their own words ("Rohingya").
    nationality = models.CharField(_("nationality"), max_length=60, blank=True)
    injured = models.BooleanField(_("injured"), default=False)
    sick = models.BooleanField(_("sick"), default=False)
    hungry = models.BooleanField(_("hungry or thirsty"), default=False)
    location_kind = models.CharField(
        _("where exactly"), max_length=10, choices=RefugeeLocation.choices
    )

    class Meta:
        verbose_name = _("refugee details")
        verbose_name_plural = _("refugee details")
        constraints = [
            models.CheckConstraint(
                condition=Q(total__gte=1) & Q(total=models.F("adults") + models.F("children")),
                name="refugee_counts_add_up",
            ),
            models.CheckConstraint(
                condition=Q(women__lte=models.F("total")), name="refugee_women_within_total"
            ),
            models.CheckConstraint(
                condition=Q(location_kind__in=RefugeeLocation.values),
                name="refugee_location_known",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.report_id}: {self.total}"

    @property
    def conditions(self) -> list[str]:
        return [
            c
            for c, on in (
                (RefugeeCondition.INJURED, self.injured),
                (RefugeeCondition.SICK, self.sick),
                (RefugeeCondition.HUNGRY, self.hungry),
            )
            if on
        ]

    @property
    def condition_labels(self) -> list[str]:
        return [str(RefugeeCondition(c).label) for c in self.conditions]

    @property
    def nationality_label(self) -> str:
        from django_countries import countries

        if len(self.nationality) == 2 and self.nationality.upper() in dict(countries):
            return str(dict(countries)[self.nationality.upper()])
        return self.nationality


class ProtocolStage(models.TextChoices):
    """DOMAIN.md §5, in the order they happen; each is one checklist item for the officer."""

    FOUND = "ditemukan", _("Found: people and place confirmed")
    SECURED = "diamankan", _("Secured, first needs met (water, food, medical care)")
    CHECKED = "diperiksa", _("Immigration check at the place (identity and documents)")
    SHELTERED = "ditampung", _("Sheltered by the Pemda; UNHCR and IOM informed")


PROTOCOL_ORDER: tuple[str, ...] = tuple(ProtocolStage.values)


class ProtocolStep(models.Model):
    """One stage of the refugee protocol done: when and by whom (a checklist item)."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="protocol_steps")
    stage = models.CharField(_("stage"), max_length=10, choices=ProtocolStage.choices)
    done_at = models.DateTimeField(_("done at"))
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("done by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["done_at", "pk"]
        verbose_name = _("refugee protocol step")
        verbose_name_plural = _("refugee protocol steps")
        constraints = [
            models.UniqueConstraint(fields=["report", "stage"], name="protocol_stage_once"),
            models.CheckConstraint(
                condition=Q(stage__in=ProtocolStage.values), name="protocol_stage_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.report_id} {self.stage}"


class AgencyKind(models.TextChoices):
    # Slugs are stored and served by the API: never rename them.
    POLRI = "polri", _("Police (Polres/Polsek)")
    TNI = "tni", _("Army (Babinsa/Kodim)")
    P2MI = "p2mi", _("Migrant worker protection (KP2MI/BP3MI)")
    DISNAKER = "disnaker", _("Manpower office (Dinas Tenaga Kerja)")
    RUDENIM = "rudenim", _("Immigration detention centre (Rudenim)")
    PEMDA = "pemda", _("Local government (Pemda/Kesbangpol)")
    DINSOS = "dinsos", _("Social affairs office (Dinas Sosial)")
    LPSK = "lpsk", _("Witness and victim protection (LPSK)")
    IOM = "iom", _("IOM")
    UNHCR = "unhcr", _("UNHCR")
    LAINNYA = "lainnya", _("Other agency")


class Agency(models.Model):
    """An agency outside immigration that a report can be passed on to (issue 17). `region` is
    the area it covers (a Polsek its kecamatan, a BP3MI its province); empty for a national
    body (IOM, UNHCR, LPSK, KP2MI), which every officer may use. `office` is the Kanim that
    keeps the entry, empty for entries the directorate keeps."""

    kind = models.CharField(_("kind"), max_length=12, choices=AgencyKind.choices)
    name = models.CharField(_("name"), max_length=200)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("area covered"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agencies",
        db_column="region_code",
    )
    office = models.ForeignKey(
        "regions.Office",
        verbose_name=_("kept by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agencies",
    )
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=AgencyKind.values), name="agency_kind_known"
            ),
            models.UniqueConstraint(fields=["name", "region"], name="agency_name_per_region"),
        ]

    def __str__(self) -> str:
        return self.name


class ForwardingStatus(models.TextChoices):
    DIKIRIM = "dikirim", pgettext_lazy("forwarding", "Sent")
    DITERIMA = "diterima", _("Received by the agency")
    DITINDAKLANJUTI = "ditindaklanjuti", _("Being followed up by the agency")
    SELESAI = "selesai", _("Completed by the agency")


# A forwarding only moves forward; an agency may answer "done" straight away.
FORWARDING_ORDER = list(ForwardingStatus.values)


class Forwarding(models.Model):
    """A report passed on to one agency, with the officer's note to it, the agency's answer and
    where the agency is with it. Settled when the agency finished (selesai) or the officer
    waived it with a reason; a report closes only when every forwarding is settled."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="forwardings")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="forwardings")
    note = models.TextField(_("note to the agency"))
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=ForwardingStatus.choices,
        default=ForwardingStatus.DIKIRIM,
    )
    answer = models.TextField(_("the agency's answer"), blank=True)
    waived = models.BooleanField(_("waived"), default=False)
    waive_reason = models.TextField(_("why it was waived"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("forwarding")
        verbose_name_plural = _("forwardings")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ForwardingStatus.values), name="forwarding_status_known"
            ),
            models.CheckConstraint(
                condition=Q(waived=False) | ~Q(waive_reason=""), name="forwarding_waive_reason"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.report_id} → {self.agency_id} {self.status}"

    @property
    def settled(self) -> bool:
        return self.waived or self.status == ForwardingStatus.SELESAI

    @property
    def next_statuses(self) -> list[str]:
        if self.settled:
            return []
        return FORWARDING_ORDER[FORWARDING_ORDER.index(self.status) + 1 :]
