"""Outreach actions (DESIGN.md §6): keyword-only, transactional, an actor passed in, one audit
event each, refusals from core.refusals.

Pencanangan and pengukuhan are recorded once: marking such an activity held calls the
programme's own services (desa_binaan_designate, pimpasa_assign), in the same transaction, so a
refusal of theirs leaves the activity planned and shows on the form that asked for it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from desabinaan.accounts.models import Role, User
from desabinaan.accounts.scope import Actor, as_actor
from desabinaan.core.audit import Action, changes_between, record, snapshot
from desabinaan.core.images import clean_photo
from desabinaan.core.refusals import DomainError, Invalid, NotAllowed, require_reason
from desabinaan.literacy.models import Quiz, Topic
from desabinaan.programme import services as programme
from desabinaan.programme.permissions import acts_for_office
from desabinaan.regions.geo import point_problem
from desabinaan.regions.models import Level, Office, OfficeKind, Region
from desabinaan.regions.selectors import office_covers, offices_for_region

from .models import (
    AGE_FIELDS,
    VISIT_CHECKLIST,
    Activity,
    ActivityKind,
    ActivityPhoto,
    ActivityStatus,
    Attendance,
    NamedParticipant,
    OfficeFeed,
    PartnerInstitution,
    new_token,
)
from .permissions import can_manage, can_plan, is_own_proposal

MAX_TITLE = 200
MAX_TEXT = 4000
MAX_PHOTOS = 20
# An activity lasts a day or a few (a training); longer is a typo in the end date.
MAX_DURATION = dt.timedelta(days=14)


@dataclass
class ActivityInput:
    kind: str = ""
    title: str = ""
    starts_at: dt.datetime | None = None
    ends_at: dt.datetime | None = None
    region: Region | None = None
    venue: str = ""
    office: Office | None = None
    officers: list[User] = field(default_factory=list)
    partners_present: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    notes: str = ""
    public_summary: str = ""
    notice_posted: bool = False
    certificate_posted: bool = False
    corner_checked: bool = False
    partner_met: bool = False
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    quiz: Quiz | None = None


ACTIVITY_FIELDS = (
    "kind",
    "title",
    "starts_at",
    "ends_at",
    "region",
    "venue",
    "office",
    "partners_present",
    "topics",
    "notes",
    "public_summary",
    *VISIT_CHECKLIST,
    "latitude",
    "longitude",
    "quiz",
)


def _add(problems: dict, name: str, message: str) -> None:
    problems.setdefault(name, []).append(str(message))


def _default_office(actor: Actor, region: Region | None) -> Office | None:
    """The organising office when none is named: the officer's own, else the Kantor Imigrasi
    whose jurisdiction holds the place (a village partner's proposal)."""
    if actor.user is not None and actor.user.office_id and actor.has_role(Role.KANIM, Role.PIMPASA):
        return actor.user.office
    if region is None:
        return None
    return offices_for_region(region).filter(kind=OfficeKind.KANIM).first()


def _check(actor: Actor, data: ActivityInput, *, proposal: bool) -> dict[str, list[str]]:
    """Every problem of the typed values at once (the form shows them all on first submit)."""
    problems: dict[str, list[str]] = {}
    if data.kind not in ActivityKind.values:
        _add(problems, "kind", _("Pilih jenis kegiatan."))
    title = (data.title or "").strip()
    if not title:
        _add(problems, "title", _("Tulis judul kegiatan."))
    elif len(title) > MAX_TITLE:
        _add(
            problems,
            "title",
            _("Terlalu panjang: paling banyak %(n)s karakter.") % {"n": MAX_TITLE},
        )
    if data.starts_at is None:
        _add(problems, "starts_at", _("Isi waktu mulai."))
    if data.ends_at is None:
        _add(problems, "ends_at", _("Isi waktu selesai."))
    for name in ("starts_at", "ends_at"):
        when = getattr(data, name)
        if when is not None and not 2000 <= when.year <= 2100:
            _add(problems, name, _("Tahun ini tidak mungkin: periksa tanggalnya."))
    if data.starts_at and data.ends_at and not problems.keys() & {"starts_at", "ends_at"}:
        if data.ends_at < data.starts_at:
            _add(problems, "ends_at", _("Waktu selesai harus sesudah waktu mulai."))
        elif data.ends_at - data.starts_at > MAX_DURATION:
            _add(
                problems,
                "ends_at",
                _("Sebuah kegiatan paling lama 14 hari: periksa tanggal selesai."),
            )
    region = data.region
    if region is None:
        _add(problems, "region", _("Pilih desa atau kecamatan tempat kegiatan."))
    elif region.level not in (Level.DESA, Level.KECAMATAN):
        _add(problems, "region", _("Tempat kegiatan adalah sebuah desa atau kecamatan."))
    elif not actor.sees(region.code):
        _add(problems, "region", _("Tempat ini di luar wilayah Anda."))
    else:
        if data.kind == ActivityKind.PENCANANGAN and region.level != Level.DESA:
            _add(problems, "region", _("Pencanangan menyebut satu desa: pilih desanya."))
        if data.office is not None and not office_covers(data.office, region.code):
            _add(problems, "office", _("Tempat ini di luar wilayah kerja kantor penyelenggara."))
    if data.office is None and region is not None and "region" not in problems:
        _add(problems, "office", _("Tidak ada Kantor Imigrasi untuk wilayah ini."))
    elif data.office is not None and data.office.kind != OfficeKind.KANIM:
        _add(problems, "office", _("Kegiatan diselenggarakan oleh sebuah Kantor Imigrasi."))
    elif (
        data.office is not None
        and not proposal
        and actor.has_role(Role.KANIM, Role.PIMPASA)
        and actor.user.office_id != data.office.pk
    ):
        _add(problems, "office", _("Anda hanya merencanakan kegiatan kantor Anda sendiri."))
    bad = [p for p in data.partners_present if p not in PartnerInstitution.values]
    if bad or len(set(data.partners_present)) != len(data.partners_present):
        _add(problems, "partners_present", _("Pilih mitra dari daftar."))
    bad = [t for t in data.topics if t not in Topic.values]
    if bad or len(set(data.topics)) != len(data.topics):
        _add(problems, "topics", _("Pilih topik dari daftar."))
    for name in ("venue",):
        if len(getattr(data, name) or "") > 200:
            _add(problems, name, _("Terlalu panjang: paling banyak %(n)s karakter.") % {"n": 200})
    for name in ("notes", "public_summary"):
        if len(getattr(data, name) or "") > MAX_TEXT:
            _add(
                problems,
                name,
                _("Terlalu panjang: paling banyak %(n)s karakter.") % {"n": MAX_TEXT},
            )
    if (data.latitude is None) != (data.longitude is None):
        _add(problems, "latitude", _("Isi lintang dan bujur, atau kosongkan keduanya."))
    elif (
        region is not None
        and "region" not in problems
        and (problem := point_problem(region, data.latitude, data.longitude))
    ):
        _add(problems, "latitude", problem)
    for user in data.officers:
        if user.role not in (Role.PIMPASA, Role.KANIM) or not user.is_active:
            _add(problems, "officers", _("Petugas yang hadir adalah petugas imigrasi aktif."))
            break
        if data.office is not None and user.office_id != data.office.pk:
            _add(problems, "officers", _("Petugas yang hadir berasal dari kantor penyelenggara."))
            break
    return problems


def _apply(activity: Activity, data: ActivityInput) -> None:
    for name in ACTIVITY_FIELDS:
        setattr(activity, name, getattr(data, name))
    activity.title = activity.title.strip()
    activity.venue = (activity.venue or "").strip()
    activity.notes = (activity.notes or "").strip()
    activity.public_summary = (activity.public_summary or "").strip()


@transaction.atomic
def activity_plan(*, actor: Actor, data: ActivityInput) -> Activity:
    """An officer plans an activity of their office; a village partner (mitra) proposes one in
    their own desa: planned (direncanakan) all the same, marked with who proposed it, and the
    officers of the area take it from there."""
    actor = as_actor(actor)
    if not can_plan(actor):
        raise NotAllowed(_("Peran Anda tidak dapat merencanakan kegiatan."), code="cannot_plan")
    proposal = actor.has_role(Role.MITRA)
    if data.office is None:
        data.office = _default_office(actor, data.region)
    if proposal:
        # A partner proposes what happens in the village: the rest is the officers' to fill.
        data.officers, data.quiz = [], None
        for name in VISIT_CHECKLIST:
            setattr(data, name, False)
    problems = _check(actor, data, proposal=proposal)
    if problems:
        raise Invalid(problems=problems)
    activity = Activity(
        created_by=actor.user,
        proposed_by=actor.user if proposal else None,
        status=ActivityStatus.DIRENCANAKAN,
    )
    _apply(activity, data)
    activity.save()
    activity.officers.set(data.officers)
    record(
        actor=actor,
        action=Action.ACTIVITY_PROPOSE if proposal else Action.ACTIVITY_PLAN,
        region=activity.region,
        target=activity,
        summary=f"{activity.get_kind_display()}: {activity.title}"[:255],
    )
    return activity


def _require_manager(actor: Actor, activity: Activity) -> None:
    if not can_manage(actor, activity):
        raise NotAllowed(
            _("Hanya petugas imigrasi di wilayah ini yang dapat mengubah kegiatan ini."),
            code="not_manager",
        )


def _locked(activity: Activity) -> Activity:
    return (
        Activity.objects.select_for_update().select_related("region", "office").get(pk=activity.pk)
    )


@transaction.atomic
def activity_update(*, actor: Actor, activity: Activity, data: ActivityInput) -> Activity:
    """Change the details. A cancelled activity is closed; a held one keeps its kind, place and
    office (the programme records made when it was held point at them). A village partner
    changes their own proposal while it is planned, not the officers' part of it."""
    actor = as_actor(actor)
    own_proposal = not can_manage(actor, activity) and is_own_proposal(actor, activity)
    if not own_proposal:
        _require_manager(actor, activity)
    locked = _locked(activity)
    if own_proposal:
        if locked.status != ActivityStatus.DIRENCANAKAN:
            raise NotAllowed(
                _("Usulan Anda hanya dapat diubah selama kegiatan masih direncanakan."),
                code="proposal_closed",
            )
        # What the officers filled in stays theirs (and their internal notes stay hidden).
        data.office, data.quiz, data.notes = locked.office, locked.quiz, locked.notes
        data.officers = list(locked.officers.all())
        for name in VISIT_CHECKLIST:
            setattr(data, name, getattr(locked, name))
    if locked.status == ActivityStatus.DIBATALKAN:
        raise Invalid(_("Kegiatan yang dibatalkan tidak dapat diubah."), code="cancelled")
    if data.office is None:
        data.office = locked.office
    problems = _check(actor, data, proposal=own_proposal)
    if locked.status == ActivityStatus.TERLAKSANA:
        for name in ("kind", "region", "office"):
            if getattr(data, name) != getattr(locked, name):
                _add(problems, name, _("Kegiatan yang sudah terlaksana tidak dapat dipindah."))
        if data.starts_at and data.starts_at > timezone.now():
            _add(problems, "starts_at", _("Kegiatan yang terlaksana tidak dimulai di masa depan."))
    if problems:
        raise Invalid(problems=problems)
    before = snapshot(locked, ACTIVITY_FIELDS)
    before_officers = sorted(locked.officers.values_list("pk", flat=True))
    _apply(locked, data)
    locked.save()
    locked.officers.set(data.officers)
    changes = changes_between(before, snapshot(locked, ACTIVITY_FIELDS))
    after_officers = sorted(u.pk for u in data.officers)
    if after_officers != before_officers:
        changes["officers"] = [before_officers, after_officers]
    record(
        actor=actor,
        action=Action.ACTIVITY_UPDATE,
        region=locked.region,
        target=locked,
        summary=locked.title[:255],
        changes=changes,
    )
    return locked


def _programme_refusal(exc: DomainError, fields: dict[str, str]) -> Invalid:
    """A programme service's refusal, as a refusal of the activity's form: same words, on the
    field of this form that carries the value (the programme's 403 included: the form says who
    may do it instead of a bare error page)."""
    return Invalid(exc.message, code=exc.code, field=fields.get(exc.field, exc.field))


@transaction.atomic
def activity_mark_held(
    *,
    actor: Actor,
    activity: Activity,
    sk_number: str = "",
    pimpasa: User | None = None,
    replace: bool = False,
) -> Activity:
    """Direncanakan → terlaksana, once it has begun. A pencanangan designates its desa
    (programme.desa_binaan_designate) and a pengukuhan inaugurates `pimpasa` for its area
    (programme.pimpasa_assign), with the decree number typed here and the activity's date: those
    services write their own events; a refusal of theirs undoes the whole step."""
    actor = as_actor(actor)
    _require_manager(actor, activity)
    locked = _locked(activity)
    if locked.status != ActivityStatus.DIRENCANAKAN:
        raise Invalid(
            _("Hanya kegiatan yang direncanakan dapat ditandai terlaksana."), code="transition"
        )
    if locked.starts_at > timezone.now():
        raise Invalid(
            _("Kegiatan ini belum dimulai: tandai terlaksana setelah waktunya."),
            code="not_started",
            field="starts_at",
        )
    day = timezone.localdate(locked.starts_at)
    try:
        if locked.kind == ActivityKind.PENCANANGAN:
            locked.designated = programme.desa_binaan_designate(
                actor=actor,
                region=locked.region,
                office=locked.office,
                sk_number=sk_number or "",
                designated_on=day,
                notes=locked.title,
            )
        elif locked.kind == ActivityKind.PENGUKUHAN:
            if pimpasa is None:
                raise Invalid(
                    _("Pilih petugas yang dikukuhkan sebagai PIMPASA."),
                    field="pimpasa",
                    code="required",
                )
            locked.inaugurated = programme.pimpasa_assign(
                actor=actor,
                officer=pimpasa,
                region=locked.region,
                office=locked.office,
                sk_number=sk_number or "",
                inaugurated_on=day,
                replace=replace,
            )
    except DomainError as exc:
        raise _programme_refusal(
            exc,
            {
                "officer": "pimpasa",
                "designated_on": "starts_at",
                "inaugurated_on": "starts_at",
                "": "",
            },
        ) from exc
    locked.status = ActivityStatus.TERLAKSANA
    locked.held_at = timezone.now()
    locked.save(update_fields=["status", "held_at", "designated", "inaugurated", "updated_at"])
    record(
        actor=actor,
        action=Action.ACTIVITY_HOLD,
        region=locked.region,
        target=locked,
        summary=locked.title[:255],
        changes={"status": [ActivityStatus.DIRENCANAKAN.value, ActivityStatus.TERLAKSANA.value]},
    )
    return locked


@transaction.atomic
def activity_cancel(*, actor: Actor, activity: Activity, reason: str) -> Activity:
    actor = as_actor(actor)
    _require_manager(actor, activity)
    locked = _locked(activity)
    if locked.status != ActivityStatus.DIRENCANAKAN:
        raise Invalid(_("Hanya kegiatan yang direncanakan dapat dibatalkan."), code="transition")
    reason = require_reason(
        reason, message=_("Tulis alasan pembatalan (paling sedikit %(n)s karakter).")
    )
    locked.status = ActivityStatus.DIBATALKAN
    locked.cancel_reason = reason
    locked.save(update_fields=["status", "cancel_reason", "updated_at"])
    record(
        actor=actor,
        action=Action.ACTIVITY_CANCEL,
        region=locked.region,
        target=locked,
        summary=reason[:255],
        changes={"status": [ActivityStatus.DIRENCANAKAN.value, ActivityStatus.DIBATALKAN.value]},
    )
    return locked


ATTENDANCE_FIELDS = ("total", "male", "female", *AGE_FIELDS)


def attendance_problems(counts: dict) -> dict[str, list[str]]:
    """Why these head counts cannot be kept ({} when they can): whole numbers, none negative,
    the sexes and the age groups each adding up to the total."""
    problems: dict[str, list[str]] = {}
    values = {}
    for name in ATTENDANCE_FIELDS:
        value = counts.get(name)
        if value is None or value == "":
            value = 0
        if isinstance(value, bool) or not isinstance(value, int):
            _add(problems, name, _("Isi dengan bilangan bulat."))
            continue
        if value < 0:
            _add(problems, name, _("Jumlah tidak boleh negatif."))
        elif value > 100_000:
            _add(problems, name, _("Jumlah ini terlalu besar untuk satu kegiatan."))
        values[name] = value
    if problems:
        return problems
    total = values["total"]
    if values["male"] + values["female"] != total:
        _add(
            problems,
            "male",
            _("Laki-laki (%(m)s) dan perempuan (%(f)s) harus berjumlah %(t)s.")
            % {"m": values["male"], "f": values["female"], "t": total},
        )
    ages = sum(values[n] for n in AGE_FIELDS)
    if ages != total:
        _add(
            problems,
            "under_18",
            _("Kelompok umur berjumlah %(a)s, sedangkan jumlah peserta %(t)s.")
            % {"a": ages, "t": total},
        )
    return problems


@transaction.atomic
def attendance_record(*, actor: Actor, activity: Activity, counts: dict) -> Attendance:
    """Keep the head counts of a held activity; nothing is saved unless all of them add up."""
    actor = as_actor(actor)
    _require_manager(actor, activity)
    activity = _locked(activity)
    if activity.status != ActivityStatus.TERLAKSANA:
        raise Invalid(_("Catat kehadiran setelah kegiatan ditandai terlaksana."), code="not_held")
    if problems := attendance_problems(counts):
        raise Invalid(problems=problems)
    attendance = Attendance.objects.select_for_update().filter(activity=activity).first()
    before = snapshot(attendance, ATTENDANCE_FIELDS) if attendance else {}
    attendance = attendance or Attendance(activity=activity)
    for name in ATTENDANCE_FIELDS:
        setattr(attendance, name, int(counts.get(name) or 0))
    attendance.save()
    record(
        actor=actor,
        action=Action.ACTIVITY_ATTENDANCE,
        region=activity.region,
        target=activity,
        summary=_("%(n)s peserta") % {"n": attendance.total},
        changes=changes_between(before, snapshot(attendance, ATTENDANCE_FIELDS)),
    )
    return attendance


@transaction.atomic
def photo_add(*, actor: Actor, activity: Activity, upload, caption: str = "") -> ActivityPhoto:
    """A photo re-encoded without its metadata (EXIF GPS, camera) through core/images."""
    actor = as_actor(actor)
    _require_manager(actor, activity)
    if activity.status == ActivityStatus.DIBATALKAN:
        raise Invalid(_("Kegiatan ini dibatalkan."), code="cancelled")
    if upload is None:
        raise Invalid(_("Pilih foto."), field="image", code="required")
    caption = (caption or "").strip()
    if len(caption) > 200:
        raise Invalid(
            _("Terlalu panjang: paling banyak %(n)s karakter.") % {"n": 200}, field="caption"
        )
    if activity.photos.count() >= MAX_PHOTOS:
        raise Invalid(
            _("Paling banyak %(n)s foto per kegiatan.") % {"n": MAX_PHOTOS}, field="image"
        )
    try:
        cleaned = clean_photo(upload, name="kegiatan.jpg")
    except Invalid as exc:
        raise Invalid(exc.message, code=exc.code, field="image") from exc
    photo = ActivityPhoto(activity=activity, caption=caption, uploaded_by=actor.user)
    photo.image.save("kegiatan.jpg", cleaned, save=False)
    photo.save()
    record(
        actor=actor,
        action=Action.ACTIVITY_PHOTO_ADD,
        region=activity.region,
        target=activity,
        summary=caption[:255],
    )
    return photo


@transaction.atomic
def photo_remove(*, actor: Actor, photo: ActivityPhoto) -> None:
    actor = as_actor(actor)
    activity = photo.activity
    _require_manager(actor, activity)
    image = photo.image
    name, storage = image.name, image.storage
    photo.delete()
    # The file goes only once the row is surely gone.
    transaction.on_commit(lambda: storage.delete(name))
    record(
        actor=actor,
        action=Action.ACTIVITY_PHOTO_REMOVE,
        region=activity.region,
        target=activity,
        summary="",
    )


@transaction.atomic
def participant_add(
    *, actor: Actor, activity: Activity, name: str, institution: str = "", consent: bool = False
) -> NamedParticipant:
    """A participant named on the record, only with their consent (UU PDP)."""
    actor = as_actor(actor)
    _require_manager(actor, activity)
    problems: dict[str, list[str]] = {}
    name = (name or "").strip()
    institution = (institution or "").strip()
    if not name:
        _add(problems, "name", _("Tulis nama peserta."))
    elif len(name) > 120:
        _add(problems, "name", _("Terlalu panjang: paling banyak %(n)s karakter.") % {"n": 120})
    if len(institution) > 150:
        _add(
            problems,
            "institution",
            _("Terlalu panjang: paling banyak %(n)s karakter.") % {"n": 150},
        )
    if consent is not True:
        _add(
            problems,
            "consent",
            _("Nama dicatat hanya bila peserta bersedia: tanyakan dan centang persetujuannya."),
        )
    if problems:
        raise Invalid(problems=problems)
    participant = NamedParticipant.objects.create(
        activity=activity, name=name, institution=institution, consent=True
    )
    # The name stays out of the trail: it is personal data.
    record(
        actor=actor,
        action=Action.ACTIVITY_PARTICIPANT_ADD,
        region=activity.region,
        target=activity,
        summary="",
    )
    return participant


@transaction.atomic
def office_feed_rotate(*, actor: Actor, office: Office) -> OfficeFeed:
    """Give the office's calendar feed a new secret address (the old link stops working)."""
    actor = as_actor(actor)
    if not acts_for_office(actor, office):
        raise NotAllowed(_("Hanya staf kantor ini yang dapat mengganti tautan kalender."))
    feed, _created = OfficeFeed.objects.get_or_create(office=office)
    feed.token = new_token()
    feed.save(update_fields=["token"])
    record(actor=actor, action=Action.ACTIVITY_FEED_ROTATE, target=feed, summary=office.name)
    return feed
