"""Writes of the participant side of an activity (issue 16): a phone's sign-in through the QR
link, its before/after quiz, and the questions and answers officers record and promote to the
literacy FAQ. Each takes the actor, checks its own permission and writes one audit event.

The public writes (sign-in, quiz) never read a request: what identifies a phone is the random
device token the view hands over, so no code path here can store an address or a user agent.
"""

from __future__ import annotations

import re

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from desabinaan.accounts.scope import Actor, as_actor, system_actor
from desabinaan.core.audit import Action, changes_between, record, snapshot
from desabinaan.core.refusals import Conflict, Invalid, NotAllowed, NotFoundInScope
from desabinaan.regions.models import Level, Region

from .models import Activity, ActivityStatus
from .participation_models import (
    ActivityQuestion,
    ActivityQuizTake,
    ActivitySignIn,
    QuizPhase,
    SignInAge,
    SignInSex,
)
from .permissions import can_manage

# The same shape as the literacy quiz's phone token (secrets.token_urlsafe).
DEVICE_TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{16,43}$")
MAX_NAME = 120
MAX_QUESTION = 255
MAX_ANSWER = 4000


def may_run(actor: Actor, activity: Activity) -> bool:
    """The officers who manage the activity (permissions.can_manage: its PIMPASA, the Kanim,
    the directorate) record its questions and answers; the Kanwil and village partners read."""
    return can_manage(actor, activity)


def _open_to_participants(activity: Activity) -> Activity:
    """A cancelled activity has no participants: its QR link answers as if it did not exist."""
    if activity.status == ActivityStatus.DIBATALKAN:
        raise NotFoundInScope()
    return activity


def _check_device(token: str) -> None:
    if not DEVICE_TOKEN_RE.match(token or ""):
        raise Invalid(_("Halaman ini kedaluwarsa. Muat ulang halaman lalu coba lagi."))


def villages_for(activity: Activity):
    """The desa a participant picks from: those of the activity's kecamatan (its own when the
    activity is held in one desa). A larger area offers none: 'desa lain' only."""
    region = activity.region
    if region.level == Level.DESA:
        parent = region.parent_id
    elif region.level == Level.KECAMATAN:
        parent = region.code
    else:
        return Region.objects.none()
    return Region.objects.filter(parent_id=parent, level=Level.DESA).order_by("name")


@transaction.atomic
def activity_sign_in(
    *, actor: Actor, activity: Activity, device_token: str, data: dict
) -> ActivitySignIn:
    """A participant signs in on their phone: name (optional), sex, age group, desa. Signing in
    again from the same phone corrects the first answers. Nothing about the phone but its
    random token is kept."""
    actor = as_actor(actor)
    activity = _open_to_participants(Activity.objects.select_related("region").get(pk=activity.pk))
    _check_device(device_token)
    problems: dict[str, list[str]] = {}
    name = " ".join(str(data.get("name") or "").split())
    if len(name) > MAX_NAME:
        problems["name"] = [_("Nama terlalu panjang: paling banyak %(n)s huruf.") % {"n": MAX_NAME}]
    sex = data.get("sex") or ""
    if sex not in SignInSex.values:
        problems["sex"] = [_("Pilih laki-laki atau perempuan.")]
    age_group = data.get("age_group") or ""
    if age_group not in SignInAge.values:
        problems["age_group"] = [_("Pilih kelompok umur.")]
    village = data.get("village")
    if village is not None and not villages_for(activity).filter(pk=village.pk).exists():
        problems["village"] = [_("Pilih desa dari daftar, atau 'Desa lain'.")]
    if problems:
        raise Invalid(problems=problems)
    existing = (
        ActivitySignIn.objects.select_for_update()
        .filter(activity=activity, device_token=device_token)
        .first()
    )
    sign_in = existing or ActivitySignIn(activity=activity, device_token=device_token)
    sign_in.name, sign_in.sex, sign_in.age_group, sign_in.village = name, sex, age_group, village
    sign_in.save()
    record(
        actor=actor,
        action=Action.ACTIVITY_SIGN_IN,
        region=activity.region,
        target=activity,
        # No name here: the trail needs only that someone signed in.
        summary=(
            f"Daftar hadir {'diperbarui' if existing else 'diisi'} lewat QR: "
            f"kegiatan #{activity.pk}"
        ),
    )
    return sign_in


def phase_open(activity: Activity) -> str:
    """The quiz phase a participant may take now: before while the session is planned, after
    once it is marked held."""
    return QuizPhase.SESUDAH if activity.status == ActivityStatus.TERLAKSANA else QuizPhase.SEBELUM


@transaction.atomic
def activity_quiz_submit(
    *,
    actor: Actor,
    activity: Activity,
    device_token: str,
    phase: str,
    answers: dict[int, int],
) -> ActivityQuizTake:
    """A signed-in phone's before or after quiz, scored by the literacy quiz (which writes the
    audit event, quiz.attempt, with the activity as its link point). One attempt per phase and
    phone: a second one is refused (409), so the before score cannot be improved afterwards."""
    from desabinaan.literacy.services import quiz_attempt_submit

    actor = as_actor(actor)
    activity = _open_to_participants(
        Activity.objects.select_for_update(of=("self",)).select_related("quiz").get(pk=activity.pk)
    )
    _check_device(device_token)
    if activity.quiz_id is None:
        raise NotFoundInScope(_("Kegiatan ini tidak memakai kuis."))
    if phase not in QuizPhase.values:
        raise NotFoundInScope()
    if phase != phase_open(activity):
        raise Invalid(
            _("Kuis sebelum sudah ditutup: sesi sudah terlaksana. Kerjakan kuis sesudah.")
            if phase == QuizPhase.SEBELUM
            else _("Kuis sesudah dibuka setelah sesi ditandai terlaksana."),
            code="phase_closed",
        )
    if not ActivitySignIn.objects.filter(activity=activity, device_token=device_token).exists():
        raise Invalid(_("Isi daftar hadir dulu, lalu kerjakan kuis."), code="not_signed_in")
    if ActivityQuizTake.objects.filter(
        activity=activity, phase=phase, device_token=device_token
    ).exists():
        raise Conflict(_("Kuis ini sudah Anda kerjakan dari ponsel ini."), code="already_taken")
    attempt = quiz_attempt_submit(
        actor=actor,
        quiz=activity.quiz,
        answers=answers,
        token=device_token,
        outreach_activity_id=activity.pk,
    )
    try:
        with transaction.atomic():
            return ActivityQuizTake.objects.create(
                activity=activity,
                attempt=attempt,
                phase=phase,
                device_token=device_token,
                score=attempt.score,
                total=attempt.total,
            )
    except IntegrityError:  # the same phone sent twice at once: the first one counts
        raise Conflict(
            _("Kuis ini sudah Anda kerjakan dari ponsel ini."), code="already_taken"
        ) from None


# --- questions and answers ---------------------------------------------------------------------

QUESTION_FIELDS = ("question", "answer")


def _require_runner(actor: Actor, activity: Activity) -> None:
    if not (actor.sees(activity.region_id) or may_run(actor, activity)):
        raise NotFoundInScope()
    if not may_run(actor, activity):
        raise NotAllowed(_("Hanya petugas kegiatan ini yang mencatat tanya jawab."))


@transaction.atomic
def activity_question_save(
    *,
    actor: Actor,
    activity: Activity,
    data: dict,
    question: ActivityQuestion | None = None,
) -> ActivityQuestion:
    """Record a question residents asked and the answer given, or correct one. A pair already
    in the FAQ is changed in the FAQ, not here."""
    actor = as_actor(actor)
    _require_runner(actor, activity)
    if question is not None:
        question = ActivityQuestion.objects.select_for_update().get(pk=question.pk)
        if question.activity_id != activity.pk:
            raise NotFoundInScope()
        if question.promoted_faq_id:
            raise Invalid(
                _("Tanya jawab ini sudah menjadi FAQ: ubah di halaman FAQ."), code="promoted"
            )
    values = {k: str(data.get(k) or "").strip() for k in QUESTION_FIELDS}
    problems: dict[str, list[str]] = {}
    if not values["question"]:
        problems["question"] = [_("Tulis pertanyaannya.")]
    elif len(values["question"]) > MAX_QUESTION:
        problems["question"] = [
            _("Terlalu panjang: paling banyak %(n)s huruf.") % {"n": MAX_QUESTION}
        ]
    if not values["answer"]:
        problems["answer"] = [_("Tulis jawaban yang diberikan.")]
    elif len(values["answer"]) > MAX_ANSWER:
        problems["answer"] = [_("Terlalu panjang: paling banyak %(n)s huruf.") % {"n": MAX_ANSWER}]
    if problems:
        raise Invalid(problems=problems)
    before = snapshot(question, QUESTION_FIELDS) if question else {}
    creating = question is None
    question = question or ActivityQuestion(activity=activity, created_by=actor.user)
    for name, value in values.items():
        setattr(question, name, value)
    changes = changes_between(before, snapshot(question, QUESTION_FIELDS))
    if not creating and not changes:
        raise Invalid(_("Tidak ada yang diubah."), code="unchanged")
    question.save()
    record(
        actor=actor,
        action=Action.ACTIVITY_QUESTION_SAVE,
        region=activity.region,
        target=question,
        summary=(f"Tanya jawab {'dicatat' if creating else 'diubah'} pada kegiatan #{activity.pk}"),
        changes=changes,
    )
    return question


def _faq_topic(activity: Activity, topic: str) -> str:
    from desabinaan.literacy.models import Topic

    if topic:
        if topic not in Topic.values:
            raise Invalid(_("Pilih topik dari daftar."), field="topic")
        return topic
    return next((t for t in activity.topics if t in Topic.values), Topic.PASPOR)


@transaction.atomic
def activity_question_promote(*, actor: Actor, question: ActivityQuestion, topic: str = ""):
    """One click: the pair becomes an FAQ entry, unpublished for the directorate to review,
    whose source is this activity ("outreach.activity:<pk>", FaqSource sosialisasi). The FAQ
    entry is written by a named system actor because national FAQ content is the
    directorate's to write (as assistance.question_promote_to_faq does); the officer's right
    to promote is checked here. Two events by design: the FAQ entry's own and this one."""
    from desabinaan.literacy.models import FaqSource
    from desabinaan.literacy.services import faq_save

    actor = as_actor(actor)
    question = ActivityQuestion.objects.select_for_update().get(pk=question.pk)
    activity = Activity.objects.select_related("region").get(pk=question.activity_id)
    _require_runner(actor, activity)
    if question.promoted_faq_id or question.promoted_at:
        raise Conflict(_("Tanya jawab ini sudah menjadi FAQ."), code="already_promoted")
    faq = faq_save(
        actor=system_actor("activity_question_promote"),
        data={
            "question": question.question,
            "answer": question.answer,
            "topic": _faq_topic(activity, topic),
            "published": False,
            "source_kind": FaqSource.OUTREACH,
            "source_ref": f"outreach.activity:{activity.pk}",
        },
    )
    question.promoted_faq = faq
    question.promoted_at = timezone.now()
    question.save(update_fields=["promoted_faq", "promoted_at", "updated_at"])
    record(
        actor=actor,
        action=Action.ACTIVITY_QUESTION_PROMOTE,
        region=activity.region,
        target=question,
        summary=f"Tanya jawab kegiatan #{activity.pk} dijadikan FAQ #{faq.pk}",
        changes={"promoted_faq": [None, faq.pk]},
    )
    return faq
