"""Pages of the literacy app: guide_* (guides), faq_* (FAQ), search_* (search), then quiz_*,
agency_* and check_* (quizzes, the agency lookup and the job-offer checker). Thin: parse, call a
service or selector, render."""

from __future__ import annotations

import re
from urllib.parse import quote

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from desabinaan.accounts.models import Role
from desabinaan.accounts.scope import actor_for, as_actor
from desabinaan.core.refusals import DomainError, Invalid, NotAllowed, add_to_form, to_message
from desabinaan.reports import services as reports
from desabinaan.reports.ratelimit import allow_submission

from . import redflags, selectors, services
from .forms import (
    AgencyLookupForm,
    ArticleForm,
    FaqForm,
    LocalNoteForm,
    OfferCheckForm,
    OfferReportForm,
    RedFlagForm,
    StatusForm,
    quiz_form_class,
)
from .models import Audience, Faq, RedFlag, Topic
from .rendering import render_markdown
from .search import search


def guide_index(request):
    """/literasi/: the guides by topic (filter by audience or topic), the search box, the FAQ
    and the other literacy tools."""
    topic = request.GET.get("topic", "")
    audience = request.GET.get("audience", "")
    desa = selectors.visitor_desa(request.GET.get("desa"))
    guides = list(selectors.published_guides(topic=topic, audience=audience))
    actor = actor_for(request.user)
    return render(
        request,
        "literacy/guide_index.html",
        {
            "groups": selectors.guides_by_topic(guides),
            "count": len(guides),
            "topics": Topic.choices,
            "audiences": Audience.choices,
            "topic": topic if topic in Topic.values else "",
            "audience": audience if audience in Audience.values else "",
            "desa": desa,
            "tools": selectors.tool_links(),
            "may_edit": selectors.may_edit(actor),
        },
    )


def _share_url(request, article) -> str:
    url = request.build_absolute_uri(reverse("literacy:guide_detail", args=[article.slug]))
    return "https://wa.me/?text=" + quote(f"{article.title}\n{url}", safe="")


@require_GET
def guide_detail(request, slug: str):
    actor = actor_for(request.user)
    article = selectors.guide_for(actor, slug)
    desa = selectors.visitor_desa(request.GET.get("desa"))
    return render(
        request,
        "literacy/guide_detail.html",
        {
            "article": article,
            "body": render_markdown(article.body),
            "sources": render_markdown(article.sources),
            "note": selectors.local_note_for(article, desa, actor),
            "desa": desa,
            "share_url": _share_url(request, article),
            "may_edit": selectors.may_edit(actor),
            "may_note": actor.has_role(Role.KANIM),
            "tools": selectors.tool_links(),
        },
    )


@require_GET
def guide_print(request, slug: str):
    actor = actor_for(request.user)
    article = selectors.guide_for(actor, slug)
    desa = selectors.visitor_desa(request.GET.get("desa"))
    return render(
        request,
        "literacy/guide_print.html",
        {
            "article": article,
            "body": render_markdown(article.body),
            "sources": render_markdown(article.sources),
            "note": selectors.local_note_for(article, desa, actor),
            "page_url": request.build_absolute_uri(
                reverse("literacy:guide_detail", args=[article.slug])
            ),
        },
    )


@require_GET
def guide_leaflet(request, slug: str):
    """One A4 page for the Imigrasi Corner's notice board, with a QR code back to the guide."""
    actor = actor_for(request.user)
    article = selectors.guide_for(actor, slug)
    desa = selectors.visitor_desa(request.GET.get("desa"))
    page_url = request.build_absolute_uri(reverse("literacy:guide_detail", args=[article.slug]))
    pdf = leaflet_pdf(
        {
            "article": article,
            "note": selectors.local_note_for(article, desa, actor),
            "page_url": page_url,
            "qr_svg": segno.make(page_url, error="m").svg_inline(scale=4, border=1),
        },
        render_markdown(article.body),
        base_url=request.build_absolute_uri("/"),
        request=request,
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="panduan-{article.slug}.pdf"'
    return response


LEAFLET_FONT_SIZES = (11.5, 10.5, 9.6, 8.8, 8.0, 7.4)  # the largest that fits


def leaflet_pdf(context: dict, body: str, *, base_url: str, request=None) -> bytes:
    """One A4 page: the guide at the largest font size that fits; a guide too long even at the
    smallest loses its last sections, with a line pointing to the QR code for the rest."""
    from weasyprint import HTML  # loads Pango; plain pages never need it

    sections = re.split(r"(?=<h2>)", str(body))
    cut = 0
    while True:
        for size in LEAFLET_FONT_SIZES:
            html = render_to_string(
                "literacy/guide_leaflet.html",
                {
                    **context,
                    "body": mark_safe("".join(sections[: len(sections) - cut])),  # noqa: S308
                    "font_pt": size,
                    "cut": cut > 0,
                },
                request=request,
            )
            document = HTML(string=html, base_url=base_url).render()
            if len(document.pages) == 1 or cut >= len(sections) - 1:
                return document.write_pdf()
        cut += 1


def _require_editor(request):
    actor = actor_for(request.user)
    if not selectors.may_edit(actor):
        raise NotAllowed(_("Only the directorate (pusat) writes national guides and FAQ."))
    return actor


@login_required
@require_http_methods(["GET", "POST"])
def guide_new(request):
    actor = _require_editor(request)
    form = ArticleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            article = services.article_save(actor=actor, data=form.cleaned_data)
        except DomainError as exc:
            add_to_form(form, exc)
        else:
            messages.success(request, _("The guide has been saved."))
            return redirect("literacy:guide_detail", slug=article.slug)
    status = 400 if request.method == "POST" else 200
    return render(request, "literacy/guide_form.html", {"form": form}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def guide_edit(request, slug: str):
    actor = _require_editor(request)
    article = selectors.guide_for(actor, slug)
    form = ArticleForm(request.POST or None, instance=article)
    if request.method == "POST" and form.is_valid():
        try:
            article = services.article_save(
                actor=actor, data=form.cleaned_data, article=selectors.guide_for(actor, slug)
            )
        except DomainError as exc:
            if getattr(exc, "code", "") != "unchanged":
                add_to_form(form, exc)
            else:
                messages.info(request, exc.message)
                return redirect("literacy:guide_detail", slug=slug)
        else:
            messages.success(request, _("The guide has been saved."))
            return redirect("literacy:guide_detail", slug=article.slug)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "literacy/guide_form.html", {"form": form, "article": article}, status=status
    )


@login_required
@require_POST
def guide_status(request, slug: str):
    actor = _require_editor(request)
    article = selectors.guide_for(actor, slug)
    form = StatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose draft or published."))
        return redirect("literacy:guide_detail", slug=slug)
    try:
        services.article_set_status(
            actor=actor, article=article, status=form.cleaned_data["status"]
        )
    except DomainError as exc:
        to_message(request, exc)
    else:
        messages.success(request, _("The guide's status has been changed."))
    return redirect("literacy:guide_detail", slug=slug)


@login_required
@require_GET
def guide_history(request, slug: str):
    actor = actor_for(request.user)
    if not (selectors.may_edit(actor) or actor.has_role(Role.KANIM, Role.KANWIL)):
        raise NotAllowed(_("The history of a guide is for immigration officers."))
    article = selectors.guide_for(actor, slug)
    revisions = article.revisions.all()
    return render(
        request, "literacy/guide_history.html", {"article": article, "revisions": revisions}
    )


@login_required
@require_http_methods(["GET", "POST"])
def guide_local_note(request, slug: str):
    """A Kanim's note on a guide (address, hours, phone); pusat may write one for any office."""
    actor = actor_for(request.user)
    if not actor.has_role(Role.KANIM, Role.PUSAT, Role.ADMIN):
        raise NotAllowed(_("Only an immigration office adds a local note to a guide."))
    article = selectors.guide_for(actor, slug)
    choose_office = not actor.has_role(Role.KANIM)
    existing = None
    if not choose_office:
        existing = article.local_notes.filter(office_id=request.user.office_id).first()
    form = LocalNoteForm(request.POST or None, instance=existing, choose_office=choose_office)
    if request.method == "POST" and form.is_valid():
        try:
            services.local_note_save(
                actor=actor,
                article=article,
                data=form.cleaned_data,
                office=form.cleaned_data.get("office"),
            )
        except DomainError as exc:
            add_to_form(form, exc)
        else:
            messages.success(request, _("Your office's note has been saved."))
            return redirect("literacy:guide_detail", slug=slug)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "literacy/guide_note_form.html", {"form": form, "article": article}, status=status
    )


# --- FAQ -------------------------------------------------------------------------------------


@require_GET
def faq_list(request):
    actor = actor_for(request.user)
    topic = request.GET.get("topic", "")
    entries = [
        {"faq": faq, "answer": render_markdown(faq.answer)}
        for faq in selectors.published_faq(topic=topic)
    ]
    return render(
        request,
        "literacy/faq_list.html",
        {
            "entries": entries,
            "topics": Topic.choices,
            "topic": topic if topic in Topic.values else "",
            "may_edit": selectors.may_edit(actor),
            "drafts": Faq.objects.filter(published=False) if selectors.may_edit(actor) else [],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def faq_new(request):
    return _faq_form(request, None)


@login_required
@require_http_methods(["GET", "POST"])
def faq_edit(request, pk: int):
    return _faq_form(request, pk)


def _faq_form(request, pk):
    actor = _require_editor(request)
    faq = get_object_or_404(Faq, pk=pk) if pk else None
    form = FaqForm(request.POST or None, instance=faq)
    if request.method == "POST" and form.is_valid():
        try:
            services.faq_save(
                actor=actor, data=form.cleaned_data, faq=Faq.objects.get(pk=pk) if pk else None
            )
        except DomainError as exc:
            if getattr(exc, "code", "") != "unchanged":
                add_to_form(form, exc)
            else:
                messages.info(request, exc.message)
                return redirect("literacy:faq_list")
        else:
            messages.success(request, _("The question and answer have been saved."))
            return redirect("literacy:faq_list")
    status = 400 if request.method == "POST" else 200
    return render(request, "literacy/faq_form.html", {"form": form, "faq": faq}, status=status)


# --- search ----------------------------------------------------------------------------------


@require_GET
def search_page(request):
    """/literasi/cari/?q=: guides and FAQ, affixes understood, one typo forgiven."""
    q = request.GET.get("q")
    context = {"q": (q or "").strip()[:200], "results": None, "error": ""}
    status = 200
    if q is not None:
        try:
            context["results"] = search(q)
        except DomainError as exc:
            context["error"] = exc.message
            status = 422
    return render(request, "literacy/search.html", context, status=status)


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
