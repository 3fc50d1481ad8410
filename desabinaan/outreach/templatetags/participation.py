"""`{% participation_panel activity %}`: the participant side of an activity on its officers'
page (QR code, sign-ins next to the attendance counts, before/after quiz, questions and
answers), in a fixed number of queries whatever the number of participants."""

from __future__ import annotations

import segno
from django import template
from django.core.exceptions import ObjectDoesNotExist

from desabinaan.accounts.scope import actor_for

from .. import participation_selectors as selectors
from .. import participation_services as services
from ..participation_forms import QuestionForm
from ..participation_views import sign_in_url

register = template.Library()


@register.inclusion_tag("outreach/participate/_panel.html", takes_context=True)
def participation_panel(context, activity):
    from desabinaan.literacy.models import Topic

    request = context["request"]
    actor = actor_for(request.user)
    try:
        attendance = activity.attendance
    except ObjectDoesNotExist:
        attendance = None
    sign_ins = selectors.sign_in_summary(activity)
    officer_counts = [None] * 6
    if attendance is not None:
        officer_counts = [
            attendance.male,
            attendance.female,
            attendance.under_18,
            attendance.age_18_30,
            attendance.age_31_59,
            attendance.age_60_plus,
        ]
    counts = [
        (label, n, officer)
        for (label, n), officer in zip(
            [*sign_ins.by_sex, *sign_ins.by_age], officer_counts, strict=False
        )
    ]
    cancelled = activity.status == "dibatalkan"
    url = "" if cancelled else sign_in_url(request, activity)
    return {
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "activity": activity,
        "attendance": attendance,
        "sign_ins": sign_ins,
        "counts": counts,
        "pairing": selectors.quiz_pairing(activity) if activity.quiz_id else None,
        "questions": selectors.activity_questions(activity),
        "may_run": services.may_run(actor, activity),
        "question_form": QuestionForm(),
        "topics": Topic.choices,
        "default_topic": next((t for t in activity.topics if t in Topic.values), "paspor"),
        "url": url,
        "qr_svg": segno.make(url, error="m").svg_inline(scale=4, border=1, omitsize=True)
        if url
        else "",
    }
