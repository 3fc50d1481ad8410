"""Tanya PIMPASA over JSON: public asking and reading by code; scoped list and answering for
officers. Refusals are answered by the one handler in desabinaan/api.py."""

from __future__ import annotations

from datetime import datetime

from django.contrib.auth.models import AnonymousUser
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.responses import Status as Reply

from desabinaan.accounts.auth import api_auth, bearer_user
from desabinaan.accounts.scope import actor_for
from desabinaan.core import idempotency
from desabinaan.core.api_schemas import BodyIn, Message, PageNumber, RecordId, ValidationOut
from desabinaan.core.refusals import Invalid
from desabinaan.regions.selectors import region_get
from desabinaan.reports.ratelimit import allow_submission, lookup_by_code

from . import selectors, services
from .models import Question, QuestionStatus, QuestionTopic

router = Router(tags=["questions"], auth=api_auth)

PAGE_SIZE = 50


class QuestionIn(BodyIn):
    topic: QuestionTopic = Field(
        description="Stable slug: " + ", ".join(f"`{t.value}`" for t in QuestionTopic)
    )
    region_code: str = Field(max_length=13, description="Kemendagri code of the desa/kelurahan")
    question: str = Field(min_length=services.MIN_QUESTION, max_length=services.MAX_QUESTION)
    contact: str | None = Field(
        None, max_length=200, description="Optional; only for a personal answer"
    )


class QuestionCreatedOut(Schema):
    code: str
    status: str
    status_url: str


class PublicQuestionOut(Schema):
    code: str
    status: str
    status_label: str
    topic: str
    village: str
    created_at: datetime
    answer: str = Field(description="The officer's answer, once given")
    answered_at: datetime | None
    report_tracking_code: str | None = Field(
        description="When the question was turned into a report: follow it with this code"
    )


class QuestionOut(Schema):
    id: int
    code: str
    topic: str
    status: str
    region_code: str
    question: str
    contact: str = Field(description="Masked unless the caller answers questions here")
    routed_via: str
    assigned_to: str | None
    waiting_hours: int
    answer: str
    answer_public: bool
    created_at: datetime


class QuestionPageOut(Schema):
    count: int
    page: int
    items: list[QuestionOut]


class AnswerIn(BodyIn):
    answer: str = Field(min_length=1, max_length=services.MAX_ANSWER)
    public: bool = False


@router.post(
    "/questions",
    auth=None,
    response={
        201: QuestionCreatedOut,
        401: Message,
        409: Message,
        422: ValidationOut,
        429: Message,
    },
    summary="Ask the PIMPASA a question (public)",
)
def question_create(request, payload: QuestionIn):
    """Send an `Idempotency-Key` header to retry safely: the same key with the same body
    returns the same question (same code); the same key with another body is refused (409).
    Shares the public report form's rate limit."""
    user = bearer_user(request)
    key = idempotency.header_key(request)
    if problem := idempotency.key_problem(key):
        raise Invalid(problem, field=idempotency.HEADER)
    replay = idempotency.key_used(Question.objects, key)
    if not replay and user is None and not allow_submission(request):
        return Reply(
            429,
            {
                "detail": _(
                    "Too many questions from this connection. Please wait an hour and try again."
                )
            },
        )
    region = region_get(payload.region_code.strip())
    if region is None:
        raise Invalid(
            _("No village has the code %(code)s. Check the Kemendagri code.")
            % {"code": payload.region_code},
            field="region_code",
        )
    asked = services.question_ask(
        actor=actor_for(user or AnonymousUser()),
        topic=payload.topic.value,
        region=region,
        text=payload.question,
        contact=payload.contact or "",
        idempotency_key=key or None,
        fingerprint=idempotency.fingerprint(payload),
    )
    q = asked.question
    return Reply(
        201,
        {
            "code": q.code,
            "status": q.status,
            "status_url": request.build_absolute_uri(f"/tanya/{q.code}/"),
        },
    )


@router.get(
    "/questions/{code}",
    auth=None,
    response={200: PublicQuestionOut, 400: Message, 404: Message, 429: Message},
    summary="Read a question's status and answer by its code (public)",
)
def question_by_code(request, code: str):
    q, refused = lookup_by_code(
        request, code, selectors.question_by_code, _("No question has this code.")
    )
    if refused is not None:
        return refused
    return Reply(
        200,
        {
            "code": q.code,
            "status": q.status,
            "status_label": str(QuestionStatus(q.status).label),
            "topic": q.topic,
            "village": q.region.name,
            "created_at": q.created_at,
            "answer": q.answer if q.status == QuestionStatus.DIJAWAB else "",
            "answered_at": q.answered_at if q.status == QuestionStatus.DIJAWAB else None,
            "report_tracking_code": q.report.tracking_code if q.report else None,
        },
    )


def _out(q: Question, user) -> dict:
    return {
        "id": q.pk,
        "code": q.code,
        "topic": q.topic,
        "status": q.status,
        "region_code": q.region_id,
        "question": q.text,
        "contact": q.contact
        if selectors.can_handle_question(user, q)
        else selectors.mask_contact(q.contact),
        "routed_via": q.routed_via,
        "assigned_to": q.assigned_to.username if q.assigned_to else None,
        "waiting_hours": int(q.waiting.total_seconds() // 3600),
        "answer": q.answer,
        "answer_public": q.answer_public,
        "created_at": q.created_at,
    }


class QuestionFilters(Schema):
    status: QuestionStatus | None = None
    page: PageNumber = 1


@router.get(
    "/questions",
    response={200: QuestionPageOut, 401: Message, 422: ValidationOut},
    summary="Questions in your area (waiting ones first, the longest waiting on top)",
)
def question_list(request, filters: Query[QuestionFilters]):
    qs = selectors.questions_for(
        request.user, status=filters.status.value if filters.status else None
    )
    page = filters.page
    items = qs[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
    return {"count": qs.count(), "page": page, "items": [_out(q, request.user) for q in items]}


@router.post(
    "/questions/{question_id}/answer",
    response={200: QuestionOut, 401: Message, 403: Message, 404: Message, 422: ValidationOut},
    summary="Answer a question (PIMPASA or Kanim of its area)",
)
def question_answer(request, question_id: RecordId, payload: AnswerIn):
    question = selectors.question_for(request.user, question_id)
    answered = services.question_answer(
        actor=actor_for(request.user),
        question=question,
        answer=payload.answer,
        public=payload.public,
    )
    return _out(selectors.question_for(request.user, answered.pk), request.user)
