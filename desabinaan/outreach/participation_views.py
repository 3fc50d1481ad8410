"""Pages of the participant side (issue 16). Public, reached by the activity's QR code: the
one-minute sign-in and the before/after quiz on the participant's phone (no account, no
JavaScript). For officers: the printable QR code and the questions and answers, with the
one-click promotion to the FAQ; the activity page shows them through the
`participation_panel` tag. Thin: parse, call a service or selector, render."""

from __future__ import annotations

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from desabinaan.accounts.scope import actor_for, public_actor
from desabinaan.core.refusals import Conflict, DomainError, Invalid, add_to_form, to_message
from desabinaan.reports.ratelimit import allow_participation

from . import participation_selectors as selectors
from . import participation_services as services
from .participation_forms import QuestionForm, SignInForm
from .participation_models import QuizPhase
from .selectors import activity_for

DEVICE_COOKIE = "kegiatan_ponsel"
DEVICE_COOKIE_AGE = 2 * 365 * 24 * 3600


def _device_token(request) -> tuple[str, bool]:
    token = request.COOKIES.get(DEVICE_COOKIE, "")
    if services.DEVICE_TOKEN_RE.match(token):
        return token, False
    from desabinaan.literacy.services import new_quiz_token

    return new_quiz_token(), True


def _with_device_cookie(request, response, token: str, new: bool):
    if new:
        # Random, kept only on this phone: pairs its before and after quiz, names no one.
        response.set_cookie(
            DEVICE_COOKIE,
            token,
            max_age=DEVICE_COOKIE_AGE,
            httponly=True,
            samesite="Lax",
            secure=request.is_secure(),
        )
    return response


def sign_in_url(request, activity) -> str:
    return request.build_absolute_uri(
        reverse("outreach:participate", args=[activity.sign_in_token])
    )


def _too_many(request, activity):
    """Past the public limit: 429 before any form is read, so nothing is saved."""
    return render(
        request,
        "outreach/participate/too_many.html",
        {
            "activity": activity,
            "message": _(
                "Terlalu banyak kiriman dari sambungan ini. Tunggu sebentar, lalu coba lagi."
            ),
        },
        status=429,
    )


def activity_page(activity) -> str:
    """The officers' page of the activity, where the participant panel sits."""
    return reverse("outreach:detail", args=[activity.pk])


# --- public: the QR link ----------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def participate(request, token: str):
    """The page the QR code opens: the sign-in, then the quiz of the moment."""
    activity = selectors.activity_by_sign_in_token(token)
    if request.method == "POST" and not allow_participation(request):
        return _too_many(request, activity)
    device, new = _device_token(request)
    state = selectors.phone_state(activity, "" if new else device)
    villages = list(services.villages_for(activity))
    status = 200
    editing = request.GET.get("ubah") == "1"
    initial = {}
    if state.sign_in is not None:
        s = state.sign_in
        initial = {
            "name": s.name,
            "sex": s.sex,
            "age_group": s.age_group,
            "village": s.village_id or "lain",
        }
    form = SignInForm(initial=initial, villages=villages)
    if request.method == "POST":
        form = SignInForm(request.POST, villages=villages)
        if form.is_valid():
            try:
                services.activity_sign_in(
                    actor=public_actor(),
                    activity=activity,
                    device_token=device,
                    data=form.cleaned_for_service(),
                )
            except Invalid as exc:
                add_to_form(form, exc)
            else:
                messages.success(request, _("Terima kasih, kehadiran Anda tercatat."))
                response = redirect("outreach:participate", token=token)
                return _with_device_cookie(request, response, device, new)
        status = 400
        editing = True
    phase = services.phase_open(activity)
    response = render(
        request,
        "outreach/participate/sign_in.html",
        {
            "activity": activity,
            "form": form,
            "signed_in": state.sign_in is not None,
            "show_form": state.sign_in is None or editing,
            "phase": phase,
            "phase_label": QuizPhase(phase).label,
            "phase_taken": phase in state.taken,
        },
        status=status,
    )
    return _with_device_cookie(request, response, device, new)


@require_http_methods(["GET", "POST"])
def participate_quiz(request, token: str, phase: str):
    """The before or after quiz on the phone: the literacy quiz's questions, scored by it."""
    from desabinaan.literacy.forms import quiz_form_class
    from desabinaan.literacy.selectors import quiz_for_taking

    activity = selectors.activity_by_sign_in_token(token)
    if activity.quiz_id is None or phase not in QuizPhase.values:
        raise Http404
    if request.method == "POST" and not allow_participation(request):
        return _too_many(request, activity)
    device, new = _device_token(request)
    state = selectors.phone_state(activity, "" if new else device)
    if state.sign_in is None:
        messages.info(request, _("Isi daftar hadir dulu, lalu kerjakan kuis."))
        return redirect("outreach:participate", token=token)
    quiz = quiz_for_taking(activity.quiz.slug)
    form_class = quiz_form_class(quiz)
    take = None
    status = 200
    refusal = ""
    if phase in state.taken:
        refusal = _("Kuis ini sudah Anda kerjakan dari ponsel ini.")
    elif phase != services.phase_open(activity):
        refusal = (
            _("Kuis sebelum sudah ditutup: sesi sudah terlaksana. Kerjakan kuis sesudah.")
            if phase == QuizPhase.SEBELUM
            else _("Kuis sesudah dibuka setelah sesi ditandai terlaksana.")
        )
    form = form_class()
    if request.method == "POST":
        form = form_class(request.POST)
        if form.is_valid():
            answers = {int(k[1:]): v for k, v in form.cleaned_data.items()}
            try:
                take = services.activity_quiz_submit(
                    actor=public_actor(),
                    activity=activity,
                    device_token=device,
                    phase=phase,
                    answers=answers,
                )
            except Conflict as exc:
                refusal, status = exc.message, 409
            except Invalid as exc:
                if exc.code == "phase_closed":
                    refusal = exc.message
                else:
                    add_to_form(form, exc)
        if take is None and status == 200:
            status = 400
    elif refusal:
        status = 200
    chosen = {}
    if take is not None:
        chosen = {a.question_id: a.choice_id for a in take.attempt.answers.all()}
    questions = [
        {
            "question": q,
            "field": form[f"q{q.pk}"],
            "chosen": chosen.get(q.pk),
            "correct": next((c.pk for c in q.choices.all() if c.is_correct), None),
        }
        for q in quiz.questions.all()
    ]
    return render(
        request,
        "outreach/participate/quiz.html",
        {
            "activity": activity,
            "quiz": quiz,
            "phase": phase,
            "phase_label": QuizPhase(phase).label,
            "form": form,
            "questions": questions,
            "take": take,
            "refusal": refusal,
        },
        status=status,
    )


# --- officers ----------------------------------------------------------------------------------


@login_required
@require_GET
def sign_in_poster(request, pk: int):
    """A printable page: the activity, the QR code to its sign-in, the link written out."""
    activity = activity_for(actor_for(request.user), pk)
    if activity.status == "dibatalkan":
        raise Http404
    url = sign_in_url(request, activity)
    return render(
        request,
        "outreach/participate/poster.html",
        {
            "activity": activity,
            "url": url,
            "qr_svg": segno.make(url, error="m").svg_inline(scale=10, border=2),
        },
    )


@login_required
@require_POST
def question_add(request, pk: int):
    actor = actor_for(request.user)
    activity = activity_for(actor, pk)
    form = QuestionForm(request.POST)
    if form.is_valid():
        try:
            services.activity_question_save(actor=actor, activity=activity, data=form.cleaned_data)
        except Invalid as exc:
            add_to_form(form, exc)
        else:
            messages.success(request, _("Tanya jawab tersimpan."))
            return redirect(activity_page(activity) + "#tanya-jawab")
    return render(
        request,
        "outreach/participate/question_form.html",
        {"activity": activity, "form": form, "question": None},
        status=400,
    )


@login_required
@require_http_methods(["GET", "POST"])
def question_edit(request, pk: int):
    actor = actor_for(request.user)
    question = selectors.question_in_scope(actor, pk)
    activity = question.activity
    if not services.may_run(actor, activity):
        raise Http404
    status = 200
    if request.method == "POST":
        form = QuestionForm(request.POST)
        if form.is_valid():
            try:
                services.activity_question_save(
                    actor=actor, activity=activity, data=form.cleaned_data, question=question
                )
            except Invalid as exc:
                if exc.code != "unchanged":
                    add_to_form(form, exc)
                else:  # posted back as shown: nothing to save, nothing wrong either
                    messages.info(request, exc.message)
                    return redirect(activity_page(activity) + "#tanya-jawab")
            else:
                messages.success(request, _("Tanya jawab tersimpan."))
                return redirect(activity_page(activity) + "#tanya-jawab")
        status = 400
    else:
        form = QuestionForm(initial={"question": question.question, "answer": question.answer})
    return render(
        request,
        "outreach/participate/question_form.html",
        {"activity": activity, "form": form, "question": question},
        status=status,
    )


@login_required
@require_POST
def question_promote(request, pk: int):
    """'Jadikan FAQ': one click."""
    actor = actor_for(request.user)
    question = selectors.question_in_scope(actor, pk)
    try:
        services.activity_question_promote(
            actor=actor, question=question, topic=request.POST.get("topic", "")
        )
    except DomainError as exc:
        to_message(request, exc)
    else:
        messages.success(
            request, _("Tanya jawab masuk FAQ sebagai draf, menunggu ditinjau Direktorat.")
        )
    return redirect(activity_page(question.activity) + "#tanya-jawab")
