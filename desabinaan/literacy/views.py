"""Pages of the literacy app. This part: guide_* (guides), faq_* (FAQ), search_* (search).
The quiz_*, agency_* and check_* views are the other part of issue 14."""

from __future__ import annotations

import re
from urllib.parse import quote

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from desabinaan.accounts.models import Role
from desabinaan.accounts.scope import actor_for
from desabinaan.core.refusals import DomainError, NotAllowed, add_to_form, to_message

from . import selectors, services
from .forms import ArticleForm, FaqForm, LocalNoteForm, StatusForm
from .models import Audience, Faq, Topic
from .rendering import render_markdown
from .search import search

# --- guides ----------------------------------------------------------------------------------


@require_GET
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
