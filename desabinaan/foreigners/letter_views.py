"""Pages of the village's domicile letter: a stay's letters (issue, print, revoke), the village
letterhead, and the public verification page the QR code leads to. Thin: the rules are in
letters.py; refusals about input go on the form, the others to RefusalMiddleware (403/404)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from desabinaan.accounts.scope import actor_for, as_actor
from desabinaan.core.refusals import Invalid, NotAllowed, NotFoundInScope, add_to_form
from desabinaan.regions.models import Level, Region

from . import letters, permissions, selectors
from .forms import LetterheadForm, LetterIssueForm, LetterRevokeForm


def _status(request, form) -> int:
    return 400 if request.method == "POST" and form.errors else 200


def verify_url(request, letter) -> str:
    return request.build_absolute_uri(reverse("letter_verify", args=[letter.token]))


@login_required
def stay_letters(request, pk: int):
    """A stay's letters with their state; the issue button for a partner or PIMPASA of the
    area, with the reason it cannot be pressed when the stay does not qualify."""
    stay = selectors.stay_get_for_user(actor=as_actor(request.user), pk=pk)
    actor = actor_for(request.user)
    can_issue = permissions.can_issue_letters(request.user)
    form = LetterIssueForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if not can_issue:
            raise NotAllowed(
                _("Domicile letters are issued by the village partner or the PIMPASA.")
            )
        if form.is_valid():
            try:
                letter = letters.domicile_letter_issue(
                    actor=actor, stay=stay, permit_number=form.cleaned_data["permit_number"]
                )
            except Invalid as exc:
                add_to_form(form, exc)
            else:
                messages.success(
                    request,
                    _("Letter %(number)s has been issued. Print it and have it signed.")
                    % {"number": letter.number},
                )
                return redirect("foreigners:letters", pk=stay.pk)
    refusal = letters.letter_refusal(stay) if can_issue else None
    listed = letters.letters_of_stay(actor, stay)
    context = {
        "stay": stay,
        "letters": listed,
        # A valid letter must be revoked before another is issued (the service refuses too).
        "current": next((x for x in listed if x.state.valid), None),
        "can_issue": can_issue,
        "can_revoke": permissions.can_revoke_letters(request.user),
        "can_print": permissions.can_print_letters(request.user),
        "can_letterhead": permissions.can_edit_letterhead(request.user),
        "refusal": refusal,
        "needs_number": not stay.permit_number.strip(),
        "form": form,
    }
    return render(request, "foreigners/letters.html", context, status=_status(request, form))


@login_required
def letter_pdf(request, pk: int):
    actor = actor_for(request.user)
    letter = letters.letter_get(actor, pk)
    pdf = letters.letter_pdf(actor=actor, letter=letter, verify_url=verify_url(request, letter))
    response = HttpResponse(pdf, content_type="application/pdf")
    name = letter.number.replace("/", "-")
    response["Content-Disposition"] = f'inline; filename="surat-domisili-{name}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def letter_revoke(request, pk: int):
    actor = actor_for(request.user)
    letter = letters.letter_get(actor, pk)
    if not permissions.can_revoke_letters(request.user):
        raise NotAllowed(_("A letter is revoked by the village partner, the PIMPASA or the Kanim."))
    form = LetterRevokeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            letters.domicile_letter_revoke(
                actor=actor, letter=letter, reason=form.cleaned_data["reason"]
            )
        except Invalid as exc:
            add_to_form(form, exc)
        else:
            messages.success(request, _("The letter has been revoked."))
            return redirect("foreigners:letters", pk=letter.stay_id)
    return render(
        request,
        "foreigners/letter_revoke.html",
        {"letter": letter, "form": form},
        status=_status(request, form),
    )


def _letterhead_initial(region: Region) -> dict:
    """A starting point for a village that has none: its names as the letterhead writes them."""
    kecamatan = region.parent
    kabupaten = kecamatan.parent if kecamatan else None
    government = "PEMERINTAH"
    if kabupaten:
        government += " " + kabupaten.name.replace("Kab. ", "Kabupaten ").upper()
    if kecamatan:
        government += f", KECAMATAN {kecamatan.name.upper()}"
    return {
        "government": government,
        "village_name": f"{region.kind_label} {region.name}".upper(),
        "head_title": _("Lurah") if region.is_kelurahan else "Kepala Desa",
        "classification": "470",
        "validity_months": settings.FOREIGNERS_LETTER_MONTHS,
    }


@login_required
def letterhead_edit(request, code: str):
    actor = actor_for(request.user)
    region = Region.objects.filter(code=code[:20], level=Level.DESA).first()
    if region is None or not actor.sees(region.code):
        raise NotFoundInScope()
    if not permissions.can_edit_letterhead(request.user):
        raise NotAllowed(
            _("Only the village partner, the PIMPASA or the Kanim keeps the letterhead.")
        )
    current = letters.letterhead_of(region.code)
    initial = (
        {name: getattr(current, name) for name in letters.LETTERHEAD_FIELDS}
        if current
        else _letterhead_initial(region)
    )
    form = LetterheadForm(request.POST if request.method == "POST" else None, initial=initial)
    back = request.GET.get("stay", "")
    if request.method == "POST" and form.is_valid():
        try:
            letters.letterhead_save(actor=actor, region=region, data=form.cleaned_data)
        except Invalid as exc:
            add_to_form(form, exc)
        else:
            messages.success(request, _("The letterhead has been saved."))
            if back.isdigit():
                return redirect("foreigners:letters", pk=int(back))
            return redirect("foreigners:letterhead_edit", code=region.code)
    return render(
        request,
        "foreigners/letterhead_form.html",
        {"region": region, "form": form, "back": back if back.isdigit() else ""},
        status=_status(request, form),
    )


@require_GET
@never_cache
def letter_verify(request, token: str):
    """Public: what the QR code on a letter opens. Only the state, the number, the desa and the
    end date, never a name; 404 for a token nobody issued (or one of the wrong shape)."""
    answer = letters.verification_for(token)
    response = render(
        request,
        "foreigners/letter_verify.html",
        {"answer": answer, "today": timezone.localdate()},
        status=200 if answer.known else 404,
    )
    response["X-Robots-Tag"] = "noindex"
    response["Referrer-Policy"] = "no-referrer"
    return response
