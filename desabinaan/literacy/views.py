"""Pages of the quizzes, the licensed-agency lookup and the job-offer checker (issue 14).
Thin: parse, call a service or a selector, render. All public except the red-flag editor
(pusat)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AnonymousUser
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from desabinaan.accounts.models import Role
from desabinaan.accounts.scope import actor_for, as_actor
from desabinaan.core.refusals import Invalid, NotAllowed, add_to_form
from desabinaan.reports import services as reports
from desabinaan.reports.ratelimit import allow_submission

from . import redflags, selectors, services
from .forms import (
    AgencyLookupForm,
    OfferCheckForm,
    OfferReportForm,
    RedFlagForm,
    quiz_form_class,
)
from .models import RedFlag

QUIZ_COOKIE = "literasi_kuis"
QUIZ_COOKIE_AGE = 2 * 365 * 24 * 3600

# --- Quizzes ----------------------------------------------------------------------------------


@require_GET
def quiz_list(request):
    return render(request, "literacy/quiz_list.html", {"quizzes": selectors.quizzes_published()})


def _quiz_token(request) -> tuple[str, bool]:
    token = request.COOKIES.get(QUIZ_COOKIE, "")
    if services.TOKEN_RE.match(token):
        return token, False
    return services.new_quiz_token(), True


@require_http_methods(["GET", "POST"])
def quiz(request, slug: str):
    """The whole quiz on one page (radio buttons, no JavaScript); after sending, the same page
    shows the score and every question's explanation."""
    quiz = selectors.quiz_for_taking(slug)
    form_class = quiz_form_class(quiz)
    token, new_token = _quiz_token(request)
    attempt = None
    status = 200
    if request.method == "POST":
        form = form_class(request.POST)
        if form.is_valid():
            answers = {int(k[1:]): v for k, v in form.cleaned_data.items()}
            try:
                # Always as the anonymous public, even when signed in: the audit event must
                # not tie an account to an attempt.
                attempt = services.quiz_attempt_submit(
                    actor=actor_for(AnonymousUser()), quiz=quiz, answers=answers, token=token
                )
            except Invalid as exc:
                add_to_form(form, exc)
        if attempt is None:
            status = 400
    else:
        form = form_class()
    chosen = {}
    if attempt is not None:
        chosen = {a.question_id: a.choice_id for a in attempt.answers.all()}
    questions = [
        {
            "question": q,
            "field": form[f"q{q.pk}"],
            "chosen": chosen.get(q.pk),
            "correct": next((c.pk for c in q.choices.all() if c.is_correct), None),
        }
        for q in quiz.questions.all()
    ]
    response = render(
        request,
        "literacy/quiz.html",
        {"quiz": quiz, "form": form, "questions": questions, "attempt": attempt},
        status=status,
    )
    if new_token:
        # Random, kept only on this phone: pairs a later attempt with this one, names no one.
        response.set_cookie(
            QUIZ_COOKIE,
            token,
            max_age=QUIZ_COOKIE_AGE,
            httponly=True,
            samesite="Lax",
            secure=request.is_secure(),
        )
    return response


# --- Licensed agencies -----------------------------------------------------------------------


@require_GET
def agency_lookup(request):
    """Is this placement company licensed? GET so the answer can be shared as a link."""
    answer = None
    status = 200
    if "nama" in request.GET:
        form = AgencyLookupForm(request.GET)
        if form.is_valid():
            answer = selectors.agency_lookup(
                name=form.cleaned_data["nama"], today=timezone.localdate()
            )
        else:
            status = 400
    else:
        form = AgencyLookupForm()
    return render(
        request, "literacy/agency_lookup.html", {"form": form, "answer": answer}, status=status
    )


# --- Job-offer checker -----------------------------------------------------------------------


def _checker_page(request, form, *, result=None, report_form=None, status=200):
    return render(
        request,
        "literacy/check_offer.html",
        {
            "form": form,
            "result": result,
            "report_form": report_form,
            "rule": redflags.risk_rule_sentence(),
        },
        status=status,
    )


@sensitive_post_parameters("text", "agency_name")
@require_http_methods(["GET", "POST"])
def check_offer(request):
    """Paste an offer, see its red flags. Nothing is stored: the text goes back into the page
    (hidden) only so the resident can choose to send it as a report."""
    if request.method != "POST":
        return _checker_page(request, OfferCheckForm())
    form = OfferCheckForm(request.POST)
    if not form.is_valid():
        return _checker_page(request, form, status=400)
    data = form.cleaned_data
    try:
        result = redflags.check_offer(
            text=data["text"],
            destination_country=data["destination_country"],
            agency_name=data["agency_name"],
            today=timezone.localdate(),
        )
    except Invalid as exc:
        add_to_form(form, exc)
        return _checker_page(request, form, status=400)
    category = "tppo" if result.risk == "tinggi" else "pmi_nonprosedural"
    report_form = OfferReportForm(initial={"text": data["text"], "category": category})
    return _checker_page(request, form, result=result, report_form=report_form)


@sensitive_post_parameters("text")
@require_POST
def check_report(request):
    """ "Kirim sebagai laporan": file the checked offer through the lapor service."""
    report_form = OfferReportForm(request.POST)
    show_errors = "pilih_wilayah" not in request.POST
    if show_errors and not request.user.is_authenticated and not allow_submission(request):
        return render(
            request,
            "reports/refused.html",
            {"message": _("Too many reports from this connection. Please wait an hour.")},
            status=429,
        )
    if show_errors and report_form.is_valid():
        data = report_form.cleaned_data
        try:
            result = reports.report_submit(
                category=data["category"],
                region=data["desa"],
                description=data["text"],
                actor=as_actor(request.user),
            )
        except Invalid as exc:
            add_to_form(report_form, exc.renamed({"region_code": "desa", "description": "text"}))
        else:
            return redirect("reports:receipt", code=result.report.tracking_code)
    check_form = OfferCheckForm(
        initial={"text": report_form.data.get("text", "")[: redflags.MAX_TEXT]}
    )
    return render(
        request,
        "literacy/check_report.html",
        {"report_form": report_form, "check_form": check_form, "show_errors": show_errors},
        status=400 if show_errors else 200,
    )


def _require_flag_editor(user):
    if actor_for(user).role not in (Role.PUSAT, Role.ADMIN):
        raise NotAllowed(_("Only the directorate (pusat) edits the red flags."))


@login_required
@require_GET
def check_flags(request):
    _require_flag_editor(request.user)
    return render(
        request,
        "literacy/check_flags.html",
        {"flags": RedFlag.objects.all(), "rule": redflags.risk_rule_sentence()},
    )


@login_required
@require_http_methods(["GET", "POST"])
def check_flag_edit(request, pk: int):
    _require_flag_editor(request.user)
    flag = get_object_or_404(RedFlag, pk=pk)
    form = RedFlagForm(
        request.POST if request.method == "POST" else None, instance=RedFlag.objects.get(pk=flag.pk)
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.red_flag_save(
                    actor=actor_for(request.user), flag=flag, data=form.cleaned_data
                )
            except Invalid as exc:
                add_to_form(form, exc)
            else:
                messages.success(request, _("The red flag has been saved."))
                return redirect("literacy:check_flags")
        status = 400
    return render(
        request, "literacy/check_flag_form.html", {"form": form, "flag": flag}, status=status
    )
