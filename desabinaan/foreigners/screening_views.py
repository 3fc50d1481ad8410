"""Watch-list pages (issue 18): the list and its import for pusat; the matches for officers in
whose area the person lives. Thin: parse, call a selector or service, render."""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from desabinaan.accounts.scope import actor_for
from desabinaan.core.access import refuse_role
from desabinaan.core.refusals import Invalid, add_to_form

from . import permissions
from . import screening_selectors as selectors
from . import screening_services as services
from .screening_forms import HitDecisionForm, WatchlistEntryForm, WatchlistImportForm
from .text import mask_passport
from .watchlist_models import HitStatus

FIELDS = (
    "name",
    "aliases",
    "date_of_birth",
    "nationality",
    "passport_no",
    "reason",
    "source",
    "valid_until",
    "active",
)


def _status(request, form) -> int:
    return 400 if request.method == "POST" and form.errors else 200


@login_required
def watchlist(request):
    show = request.GET.get("tampil", "active")
    show = show if show in ("active", "inactive", "all") else "active"
    q = request.GET.get("q", "")[:100]
    page = Paginator(selectors.watchlist_for(request.user, q=q, show=show), 50).get_page(
        request.GET.get("page")
    )
    rows = [(e, mask_passport(e.passport_no)) for e in page]
    return render(
        request,
        "foreigners/watchlist.html",
        {"page": page, "rows": rows, "q": q, "show": show, "form": WatchlistImportForm()},
    )


@login_required
def watchlist_edit(request, pk: int | None = None):
    entry = selectors.watchlist_entry_get(request.user, pk) if pk else None
    if entry is None:
        selectors.watchlist_for(request.user)  # refuses a role that may not keep the list
    initial = {f: getattr(entry, f) for f in FIELDS} if entry else None
    if entry:
        initial["nationality"] = entry.nationality.code if entry.nationality else ""
    form = WatchlistEntryForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.watchlist_entry_save(
                actor=actor_for(request.user), entry=entry, data=form.cleaned_data
            )
        except Invalid as exc:
            add_to_form(form, exc)
        else:
            messages.success(request, _("The watch-list entry has been saved."))
            return redirect("foreigners:watchlist")
    return render(
        request,
        "foreigners/watchlist_form.html",
        {"form": form, "entry": entry},
        status=_status(request, form),
    )


@login_required
def watchlist_upload(request):
    selectors.watchlist_for(request.user)  # pusat only
    form = WatchlistImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "watchlist.csv"
            with path.open("wb") as out:
                for chunk in form.cleaned_data["file"].chunks():
                    out.write(chunk)
            try:
                result = services.watchlist_import(actor=actor_for(request.user), path=path)
            except Invalid as exc:
                add_to_form(form, exc)
            else:
                messages.success(
                    request,
                    _("Watch-list imported: %(created)s added, %(updated)s updated.")
                    % {"created": result.created, "updated": result.updated},
                )
                return redirect("foreigners:watchlist")
    if request.method != "POST":
        return redirect("foreigners:watchlist")
    return render(
        request,
        "foreigners/watchlist.html",
        {"page": None, "rows": [], "q": "", "show": "active", "form": form},
        status=_status(request, form),
    )


@login_required
def hits(request):
    if not permissions.is_officer(request.user):
        raise refuse_role(_("Watch-list matches are for immigration officers only."))
    status = request.GET.get("status", HitStatus.OPEN)
    status = status if status in HitStatus.values else ""
    page = Paginator(selectors.hits_for(request.user, status=status or None), 25).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "foreigners/screening_hits.html",
        {"page": page, "status": status, "statuses": HitStatus.choices},
    )


@login_required
def hit_detail(request, pk: int):
    hit = selectors.hit_get(request.user, pk)
    form = HitDecisionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.screening_hit_decide(
                actor=actor_for(request.user),
                hit=hit,
                decision=form.cleaned_data["decision"],
                note=form.cleaned_data["note"],
            )
        except Invalid as exc:
            add_to_form(form, exc)
        else:
            messages.success(request, _("Your decision has been saved."))
            return redirect("foreigners:screening_hit", pk=hit.pk)
    return render(
        request,
        "foreigners/screening_hit.html",
        {"hit": hit, "form": form, "passport": mask_passport(hit.entry.passport_no)},
        status=_status(request, form),
    )


@login_required
def hit_for_alert(request, pk: int):
    return redirect("foreigners:screening_hit", pk=selectors.hit_for_alert(request.user, pk).pk)
