"""Read queries of the services pillar. Officer-facing reads go through accounts/scope.py; the
public reads are by unguessable code (a question, a sign-up) or of published service days."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from desabinaan.accounts.models import Role
from desabinaan.accounts.scope import Actor, as_actor, scope_q
from desabinaan.core.refusals import NotFoundInScope

from .models import (
    HOLDING_PLACE,
    DayStatus,
    DocumentRequirement,
    Question,
    QuestionStatus,
    ServiceDay,
    ServiceTally,
    SignUp,
    SignUpStatus,
)

# Who reads questions: the officers (as for reports); village partners never read residents'
# questions (a kepala desa must not learn who asked what).
VIEWER_ROLES = (Role.PIMPASA, Role.KANIM, Role.KANWIL, Role.PUSAT, Role.ADMIN)
HANDLER_ROLES = (Role.PIMPASA, Role.KANIM)
# Who sees the office's service days and their sign-ups (masked).
DAY_ROLES = (Role.PIMPASA, Role.KANIM, Role.KANWIL, Role.PUSAT, Role.ADMIN)


def _scoped(qs: QuerySet, actor: Actor, roles, field: str = "region") -> QuerySet:
    if not actor.has_role(*roles) and not actor.is_system:
        return qs.none()
    return qs.filter(scope_q(actor.scope, field))


def can_handle_question(who, question: Question) -> bool:
    actor = as_actor(who)
    return actor.has_role(*HANDLER_ROLES) and actor.sees(question.region_id)


def questions_for(who, *, status: str | None = None) -> QuerySet[Question]:
    """The officer's list: questions in scope, the longest waiting first."""
    actor = as_actor(who)
    qs = _scoped(Question.objects.select_related("region", "assigned_to"), actor, VIEWER_ROLES)
    if status == "semua":
        return qs.order_by("-created_at", "-pk")
    return qs.filter(status=status or QuestionStatus.MENUNGGU).order_by("created_at", "pk")


def question_for(who, pk: int) -> Question:
    actor = as_actor(who)
    question = (
        _scoped(
            Question.objects.select_related("region", "assigned_to", "office", "report"),
            actor,
            VIEWER_ROLES,
        )
        .filter(pk=pk)
        .first()
    )
    if question is None:
        raise NotFoundInScope()
    return question


def question_by_code(code: str) -> Question | None:
    return Question.objects.select_related("region", "report").filter(code=code).first()


def waiting_questions(who) -> int:
    actor = as_actor(who)
    return (
        _scoped(Question.objects, actor, HANDLER_ROLES)
        .filter(status=QuestionStatus.MENUNGGU)
        .count()
    )


def mask_contact(contact: str) -> str:
    if not contact:
        return ""
    keep = contact[-2:] if len(contact) > 4 else ""
    return "•" * 6 + keep


def mask_name(name: str) -> str:
    """ "Siti Aminah" → "Siti A.": enough for an officer calling the queue, not a full name."""
    parts = name.split()
    if not parts:
        return ""
    return " ".join([parts[0], *(p[0] + "." for p in parts[1:])])


def mask_nik(nik: str) -> str:
    return "" if not nik else nik[:4] + "•" * 8 + nik[-4:]


def mask_phone(phone: str) -> str:
    return "" if not phone else phone[:4] + "•" * 5 + phone[-3:]


# --- service days ----------------------------------------------------------------------------


def _day_counts(qs: QuerySet[ServiceDay]) -> QuerySet[ServiceDay]:
    return qs.annotate(
        taken=Count("signups", filter=Q(signups__status__in=HOLDING_PLACE)),
        waiting=Count("signups", filter=Q(signups__status=SignUpStatus.MENUNGGU)),
    )


def service_days_for(who, *, past: bool = False) -> QuerySet[ServiceDay]:
    """The office's list: service days in the actor's scope, upcoming (or past) first."""
    actor = as_actor(who)
    qs = _scoped(ServiceDay.objects.select_related("region", "office"), actor, DAY_ROLES)
    today = timezone.localdate()
    if past:
        return _day_counts(qs.filter(date__lt=today)).order_by("-date", "-pk")
    return _day_counts(qs.filter(date__gte=today)).order_by("date", "start_time", "pk")


def service_day_for(who, pk: int) -> ServiceDay:
    actor = as_actor(who)
    day = (
        _day_counts(
            _scoped(ServiceDay.objects.select_related("region", "office"), actor, DAY_ROLES)
        )
        .filter(pk=pk)
        .first()
    )
    if day is None:
        raise NotFoundInScope()
    return day


def can_manage_day(who, day: ServiceDay) -> bool:
    actor = as_actor(who)
    return actor.everywhere or (
        actor.has_role(Role.KANIM) and actor.user.office_id == day.office_id
    )


def can_keep_attendance(who, day: ServiceDay) -> bool:
    actor = as_actor(who)
    return actor.has_role(*HANDLER_ROLES) and actor.sees(day.region_id)


def public_day(pk: int) -> ServiceDay | None:
    """A published day (or a cancelled one, so its page says so) for the public."""
    return (
        _day_counts(ServiceDay.objects.select_related("region", "office"))
        .filter(pk=pk, status__in=(DayStatus.PUBLISHED, DayStatus.CANCELLED))
        .first()
    )


def public_days_for_region(code: str) -> list[ServiceDay]:
    return list(
        _day_counts(
            ServiceDay.objects.select_related("region", "office").filter(
                region_id=code, status=DayStatus.PUBLISHED, date__gte=timezone.localdate()
            )
        ).order_by("date", "start_time")[:5]
    )


def public_days_for_office(office_id: int) -> list[ServiceDay]:
    return list(
        _day_counts(
            ServiceDay.objects.select_related("region", "office").filter(
                office_id=office_id, status=DayStatus.PUBLISHED, date__gte=timezone.localdate()
            )
        ).order_by("date", "start_time")
    )


def signups_of(who, day: ServiceDay) -> list[dict]:
    """The attendance list: everyone in the queue then the waiting list, personal data masked
    (the officer calls the queue number and checks the KTP at the table)."""
    as_actor(who)  # the day itself was fetched in scope
    rows = []
    for s in day.signups.order_by("queue_number", "created_at", "pk"):
        rows.append(
            {
                "signup": s,
                "name": mask_name(s.name),
                "phone": mask_phone(s.phone),
                "nik": mask_nik(s.nik),
            }
        )
    # The waiting list after the queue, in its own order.
    rows.sort(key=lambda r: (r["signup"].queue_number is None, r["signup"].queue_number or 0))
    return rows


def signup_by_code(code: str) -> SignUp | None:
    return (
        SignUp.objects.select_related("day", "day__region", "day__office").filter(code=code).first()
    )


def waiting_position(signup: SignUp) -> int | None:
    if signup.status != SignUpStatus.MENUNGGU:
        return None
    ahead = signup.day.signups.filter(status=SignUpStatus.MENUNGGU).filter(
        Q(created_at__lt=signup.created_at) | Q(created_at=signup.created_at, pk__lt=signup.pk)
    )
    return ahead.count() + 1


def documents_of(office_id: int, *, active_only: bool = True) -> QuerySet[DocumentRequirement]:
    qs = DocumentRequirement.objects.filter(office_id=office_id)
    return qs.filter(active=True) if active_only else qs


def checklist_for(signup: SignUp) -> list[DocumentRequirement]:
    """The documents this resident brings: the office's list, narrowed to their service and age."""
    return [
        d
        for d in documents_of(signup.day.office_id)
        if d.applies(service=signup.service, age_group=signup.age_group)
    ]


def service_counts(who, *, year: int, month: int) -> dict:
    """Counts for the monthly report: residents by service, sex and age group (and outcome)
    over the service days of the month in the actor's scope. Reads the kept tallies of purged
    days and the live sign-ups of the others, so the figures survive the deletion."""
    actor = as_actor(who)
    start = dt.date(year, month, 1)
    end = dt.date(year + month // 12, month % 12 + 1, 1)
    days = _scoped(ServiceDay.objects, actor, DAY_ROLES).filter(date__gte=start, date__lt=end)
    total: Counter = Counter()
    live = (
        SignUp.objects.filter(day__in=days.filter(purged_at__isnull=True))
        .exclude(status__in=(SignUpStatus.BATAL, SignUpStatus.MENUNGGU))
        .values("service", "sex", "age_group", "status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in live:
        total[(row["service"], row["sex"], row["age_group"], row["status"])] += row["n"]
    kept = (
        ServiceTally.objects.filter(day__in=days.filter(purged_at__isnull=False))
        .exclude(outcome__in=(SignUpStatus.BATAL, SignUpStatus.MENUNGGU))
        .values_list("service", "sex", "age_group", "outcome", "count")
    )
    for service, sex, age, outcome, n in kept:
        total[(service, sex, age, outcome)] += n
    by = {"service": Counter(), "sex": Counter(), "age_group": Counter(), "outcome": Counter()}
    for (service, sex, age, outcome), n in total.items():
        by["service"][service] += n
        by["sex"][sex] += n
        by["age_group"][age] += n
        by["outcome"][outcome] += n
    served = Counter()
    for (service, _sex, _age, outcome), n in total.items():
        if outcome == SignUpStatus.DILAYANI:
            served[service] += n
    return {
        "days": days.count(),
        "by_service": dict(by["service"]),
        "by_sex": dict(by["sex"]),
        "by_age_group": dict(by["age_group"]),
        "by_outcome": dict(by["outcome"]),
        "served_by_service": dict(served),
        "cells": {"|".join(k): n for k, n in sorted(total.items())},
    }
