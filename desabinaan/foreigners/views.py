"""Registry pages: thin views that parse, call a selector or service, and render. Every record is
fetched through the scoped selectors, so a record outside the user's area is a 404."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from desabinaan.accounts.scope import as_actor
from desabinaan.core.access import refuse_role
from desabinaan.core.csvexport import csv_response, wants_excel, xlsx_response
from desabinaan.core.forms import submit
from desabinaan.core.refusals import DomainError, Invalid, add_to_form, to_message

from . import import_columns, permissions, selectors, services
from .alert_text import describe
from .forms import (
    AlertResolveForm,
    DepartureForm,
    ExportForm,
    ImportForm,
    MergeForm,
    PermitTypeForm,
    PhotoForm,
    ReasonForm,
    StayRegisterForm,
    VerifyForm,
)
from .importer import COLUMNS
from .models import AccessKind, AlertKind, AlertStatus, Foreigner, ForeignerMerge, PermitType
from .text import mask_passport

# The reason given before the first full view of a session, reused for later ones (each still
# logged) until the user gives another.
SESSION_REASON = "foreigners_access_reason"


def _officer_only(user) -> None:
    """Full records, photos and exports are officers' work: a partner is told so in words. Call
    it after the scoped fetch, so a record outside the area is still 404 first."""
    if not permissions.is_officer(user):
        raise refuse_role(_("Full records and exports are for immigration officers only."))


def _form_page(request, template: str, context: dict) -> HttpResponse:
    """A page holding `context["form"]`: HTTP 400 when a posted form comes back with errors."""
    status = 400 if request.method == "POST" and context["form"].errors else 200
    return render(request, template, context, status=status)


@login_required
def foreigner_list(request):
    q = request.GET.get("q", "")[:100]
    page = Paginator(selectors.foreigners_for(actor=as_actor(request.user), q=q), 25).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "foreigners/list.html",
        {
            "page": page,
            "q": q,
            "can_register": permissions.can_register(request.user),
            "can_import": permissions.can_import(request.user),
            "can_read_log": permissions.can_read_access_log(request.user),
            "officer": permissions.is_officer(request.user),
        },
    )


def _person(data) -> services.PersonInput:
    return services.PersonInput(
        given_names=data["given_names"],
        family_name=data["family_name"],
        sex=data["sex"],
        date_of_birth=data["date_of_birth"],
        nationality=data["nationality"],
        passport_number=data["passport_number"],
        passport_country=data["passport_country"],
        passport_expiry=data["passport_expiry"],
    )


def _stay(data) -> services.StayInput:
    return services.StayInput(
        region=data["region"],
        address=data["address"],
        host_name=data["host_name"],
        host_kind=data["host_kind"],
        purpose=data["purpose"],
        arrival_date=data["arrival_date"],
        expected_departure=data["expected_departure"],
        permit_type=data["permit_type"],
        permit_number=data["permit_number"],
        permit_expiry=data["permit_expiry"],
    )


@login_required
def stay_register(request):
    """Step 1: the person, the passport and the stay on one phone-sized form. Step 2, only when
    the person may already be registered: pick a candidate or confirm a new person."""
    if not permissions.can_register(request.user):
        raise refuse_role(
            _("Foreigners are registered by a village partner, a PIMPASA or a Kanim.")
        )
    form = StayRegisterForm(request.POST if request.method == "POST" else None, user=request.user)
    candidates = []
    warnings = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        # Warn before saving (a confirm step): what the alert rules will raise for this person.
        warnings = services.registration_warnings(data)
        if warnings and not data["confirm_warnings"]:
            return _form_page(
                request,
                "foreigners/register.html",
                {"form": form, "candidates": [], "warnings": warnings, "confirming": True},
            )
        choice = data["person_choice"]
        candidates = selectors.duplicate_candidates(
            actor=as_actor(request.user),
            given_names=data["given_names"],
            family_name=data["family_name"],
            date_of_birth=data["date_of_birth"],
            nationality=data["nationality"],
            passport_number=data["passport_number"],
            passport_country=data["passport_country"],
        )
        foreigner = None
        if choice and choice != "new":
            ids = {str(c.pk): c.pk for c in candidates}
            if choice not in ids:
                form.add_error(None, _("Choose one of the people offered, or a new person."))
            else:
                foreigner = Foreigner.objects.get(pk=ids[choice])
        if not form.errors and (choice or not candidates):
            try:
                stay = services.stay_register(
                    actor=as_actor(request.user),
                    stay=_stay(data),
                    person=_person(data),
                    foreigner=foreigner,
                    link_reason=request.POST.get("link_reason", "")[:255],
                )
            except DomainError as exc:
                add_to_form(form, exc)
            else:
                messages.success(request, _("The stay has been registered."))
                for warning in warnings:
                    messages.warning(request, warning)
                return redirect("foreigners:detail", pk=stay.foreigner_id)
    return _form_page(
        request,
        "foreigners/register.html",
        {
            "form": form,
            "candidates": candidates,
            "warnings": warnings,
            "confirming": False,
            # Only office-level roles are offered a person from outside their area.
            "link_needs_reason": any(c.foreigner is None for c in candidates),
        },
    )


@login_required
def foreigner_detail(request, pk: int):
    foreigner = selectors.foreigner_get_for_user(actor=as_actor(request.user), pk=pk)
    return _detail(request, foreigner, full=False)


def _detail(request, foreigner: Foreigner, *, full: bool):
    user = request.user
    stays = list(selectors.visible_stays(actor=as_actor(user), foreigner=foreigner))
    passports = [
        {"number": p.number if full else mask_passport(p.number), "p": p}
        for p in foreigner.passports.all()
    ]
    officer = permissions.is_officer(user)
    return render(
        request,
        "foreigners/detail.html",
        {
            "foreigner": foreigner,
            "full": full,
            "passports": passports,
            "timeline": selectors.timeline(stays, today=timezone.localdate()) if officer else None,
            "stays": stays,
            "officer": officer,
            "can_verify": permissions.can_verify(user),
            "can_depart": permissions.can_register(user) or permissions.can_verify(user),
            "merges": selectors.merges_of(foreigner) if officer else [],
            "alerts": selectors.alerts_for(actor=as_actor(user)).filter(foreigner=foreigner)[:20],
            "verify_form": VerifyForm(),
            "merge_form": MergeForm(),
        },
    )


@login_required
def foreigner_full(request, pk: int):
    """The full record (unmasked passport numbers). The reason is asked before the first full
    view of the session; every full view writes an AccessLog row."""
    foreigner = selectors.foreigner_get_for_user(actor=as_actor(request.user), pk=pk)
    _officer_only(request.user)
    reason = request.session.get(SESSION_REASON, "")
    form = ReasonForm(
        request.POST if request.method == "POST" else None, initial={"reason": reason}
    )
    if request.method == "POST":
        if form.is_valid():
            request.session[SESSION_REASON] = form.cleaned_data["reason"].strip()
            return redirect("foreigners:full", pk=pk)
    elif reason and "change" not in request.GET:
        services.access_log_write(
            actor=as_actor(request.user), foreigner=foreigner, reason=reason, kind=AccessKind.VIEW
        )
        return _detail(request, foreigner, full=True)
    return _form_page(request, "foreigners/reason.html", {"form": form, "foreigner": foreigner})


@login_required
def foreigner_photo(request, pk: int):
    """The person's photo, for an officer in scope who has given this session's access reason
    (the full record asks for it). Each view is an AccessLog row; nothing is cached on the way."""
    foreigner = selectors.foreigner_get_for_user(actor=as_actor(request.user), pk=pk)
    _officer_only(request.user)
    reason = request.session.get(SESSION_REASON, "")
    if not reason or not foreigner.photo:
        raise Http404
    try:
        photo = foreigner.photo.open("rb")
    except FileNotFoundError:  # the record names a file the disk no longer has
        raise Http404 from None
    services.access_log_write(
        actor=as_actor(request.user), foreigner=foreigner, reason=reason, kind=AccessKind.PHOTO
    )
    response = FileResponse(photo, content_type="image/jpeg")
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def foreigner_photo_change(request, pk: int):
    """Add, replace or remove the photo (PIMPASA or Kanim in scope). A bad file comes back with
    its reason and HTTP 400; nothing is kept."""
    foreigner = selectors.foreigner_get_for_user(actor=as_actor(request.user), pk=pk)
    if not permissions.can_verify(request.user):
        raise refuse_role(_("Only a PIMPASA or a Kanim changes a person's photo."))
    posted = request.method == "POST"
    form = PhotoForm(request.POST if posted else None, request.FILES if posted else None)

    def change(data):
        if data["remove"]:
            services.foreigner_photo_remove(foreigner=foreigner, actor=as_actor(request.user))
        else:
            services.foreigner_photo_set(
                foreigner=foreigner, upload=data["photo"], actor=as_actor(request.user)
            )

    removing = bool(request.POST.get("remove"))
    success = _("The photo has been removed.") if removing else _("The photo has been saved.")
    if submit(request, form, change, success):
        return redirect("foreigners:full", pk=pk)
    can_see = bool(request.session.get(SESSION_REASON))
    return _form_page(
        request,
        "foreigners/photo.html",
        {"foreigner": foreigner, "form": form, "can_see": can_see},
    )


@login_required
@require_POST
def stay_verify(request, pk: int):
    stay = selectors.stay_get_for_user(actor=as_actor(request.user), pk=pk)
    form = VerifyForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say what you checked (for example: original passport seen)."))
    else:
        try:
            services.stay_verify(
                stay=stay,
                actor=as_actor(request.user),
                verified_with=form.cleaned_data["verified_with"],
            )
            messages.success(request, _("The stay has been verified."))
        except DomainError as exc:
            to_message(request, exc)
    return redirect("foreigners:detail", pk=stay.foreigner_id)


@login_required
def stay_depart(request, pk: int):
    stay = selectors.stay_get_for_user(actor=as_actor(request.user), pk=pk)
    form = DepartureForm(request.POST if request.method == "POST" else None)

    def depart(data):
        services.stay_depart(
            stay=stay,
            actor=as_actor(request.user),
            departed_on=data["departed_on"],
            kind=data["kind"],
            moved_to=data["moved_to"],
        )

    if submit(request, form, depart, _("The departure has been recorded.")):
        return redirect("foreigners:detail", pk=stay.foreigner_id)
    return _form_page(request, "foreigners/depart.html", {"form": form, "stay": stay})


@login_required
def alert_list(request):
    status = request.GET.get("status", "")
    status = status if status in AlertStatus.values else ""
    kind = request.GET.get("kind", "")
    kind = kind if kind in AlertKind.values else ""
    qs = selectors.alerts_for(
        actor=as_actor(request.user), status=status or None, kind=kind or None
    )
    if not status:
        qs = qs.filter(status__in=[AlertStatus.BARU, AlertStatus.DITANGANI])
    page = Paginator(qs, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "foreigners/alerts.html",
        {
            "page": page,
            "items": [(a, describe(a, request.user)) for a in page],
            "last_scan": selectors.last_full_scan(),
            "status": status,
            "kind": kind,
            "statuses": AlertStatus.choices,
            "kinds": AlertKind.choices,
        },
    )


@login_required
def alert_detail(request, pk: int):
    alert = selectors.alert_get_for_user(actor=as_actor(request.user), pk=pk)
    form = AlertResolveForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        _officer_only(request.user)

    def resolve(data):
        services.alert_resolve(
            alert=alert, actor=as_actor(request.user), status=data["status"], reason=data["reason"]
        )

    if submit(request, form, resolve, _("The alert has been updated.")):
        return redirect("foreigners:alert", pk=alert.pk)
    return _form_page(
        request,
        "foreigners/alert.html",
        {
            "alert": alert,
            "text": describe(alert, request.user),
            "form": form,
            "events": alert.events.select_related("actor"),
            "officer": permissions.is_officer(request.user),
            "twins": selectors.possible_twins(
                actor=as_actor(request.user), foreigner=alert.foreigner
            )
            if alert.kind == AlertKind.POSSIBLE_DUPLICATE
            else [],
        },
    )


@login_required
def foreigner_merge(request, pk: int):
    target = selectors.foreigner_get_for_user(actor=as_actor(request.user), pk=pk)
    _officer_only(request.user)
    # ?other= comes from a possible-duplicate alert, which names the record to merge.
    form = MergeForm(
        request.POST if request.method == "POST" else None,
        initial={"other": request.GET.get("other", "")},
    )

    def merge(data):
        source = (
            selectors.foreigners_for(actor=as_actor(request.user)).filter(pk=data["other"]).first()
        )
        if source is None:
            raise Invalid(_("No record with this number in your area."), field="other")
        services.foreigner_merge(
            source=source, target=target, actor=as_actor(request.user), reason=data["reason"]
        )

    if submit(request, form, merge, _("The records have been merged.")):
        return redirect("foreigners:detail", pk=target.pk)
    return _form_page(request, "foreigners/merge.html", {"form": form, "foreigner": target})


@login_required
@require_POST
def foreigner_split(request, pk: int):
    _officer_only(request.user)
    merge = get_object_or_404(ForeignerMerge, pk=pk)
    # Scoped: the merge's target must be visible to the user.
    selectors.foreigner_get_for_user(actor=as_actor(request.user), pk=merge.target_id)
    try:
        source = services.foreigner_split(merge=merge, actor=as_actor(request.user))
    except DomainError as exc:
        to_message(request, exc)
        return redirect("foreigners:detail", pk=merge.target_id)
    messages.success(request, _("The merge has been split."))
    return redirect("foreigners:detail", pk=source.pk)


@login_required
def permit_type_list(request):
    """The visa and permit types the registry knows (DOMAIN.md §3), for every officer; the
    directorate (pusat) edits them."""
    _officer_only(request.user)
    return render(
        request,
        "foreigners/permit_types.html",
        {
            "permits": PermitType.objects.order_by("-active", "code"),
            "can_edit": permissions.can_edit_permit_types(request.user),
        },
    )


@login_required
def permit_type_edit(request, pk: int | None = None):
    if not permissions.can_edit_permit_types(request.user):
        raise refuse_role(_("Only the directorate changes visa and permit types."))
    permit = get_object_or_404(PermitType, pk=pk) if pk else PermitType()
    form = PermitTypeForm(request.POST if request.method == "POST" else None, instance=permit)

    def save(data):
        services.permit_type_save(permit=permit, data=data, actor=as_actor(request.user))

    if submit(request, form, save, _("The permit type has been saved.")):
        return redirect("foreigners:permit_types")
    return _form_page(request, "foreigners/permit_type_form.html", {"form": form, "permit": permit})


@login_required
def access_log(request):
    page = Paginator(selectors.access_logs_for(actor=as_actor(request.user)), 50).get_page(
        request.GET.get("page")
    )
    return render(request, "foreigners/access_log.html", {"page": page})


@login_required
def export_csv(request):
    """The foreigners of the user's area as CSV; passport numbers masked unless the user holds
    the export right and gives a reason (then every exported person is logged)."""
    _officer_only(request.user)
    form = ExportForm(request.POST if request.method == "POST" else None)
    can_unmask = permissions.can_export_unmasked(request.user)
    if request.method == "POST" and form.is_valid():
        unmasked = form.cleaned_data["unmasked"]
        people = list(selectors.foreigners_for_export(actor=as_actor(request.user)))
        if unmasked:
            try:
                services.access_log_export(
                    actor=as_actor(request.user),
                    foreigner_ids=[f.pk for f in people],
                    reason=form.cleaned_data["reason"],
                )
            except DomainError as exc:
                add_to_form(form, exc)
        if not form.errors:
            return _csv_response(people, unmasked=unmasked, excel=wants_excel(request))
    return _form_page(request, "foreigners/export.html", {"form": form, "can_unmask": can_unmask})


def _csv_response(people, *, unmasked: bool, excel: bool) -> HttpResponse:
    """The export for a spreadsheet (core/csvexport.py: Excel's Indonesian format by default,
    formula-looking text neutralised), the village's name beside its code."""
    header = [
        _("Record number"),
        _("Given names"),
        _("Family name"),
        _("Sex"),
        _("Date of birth"),
        _("Nationality"),
        _("Passport number"),
        _("Passport issuing country"),
        _("Village code"),
        _("Village"),
        _("Address"),
        _("Arrival date"),
        _("Departure date"),
        _("Permit type"),
        _("Permit expiry"),
    ]

    def rows():
        for f in people:
            passport = next(iter(f.passports.all()), None)
            number = passport.number if passport else ""
            for stay in f.scoped_stays[:1] or [None]:
                yield [
                    f.pk,
                    f.given_names,
                    f.family_name,
                    f.sex,
                    f.date_of_birth,
                    f.nationality.code,
                    number if unmasked else mask_passport(number),
                    passport.issuing_country.code if passport else "",
                    stay.region_id if stay else "",
                    stay.region.name if stay else "",
                    stay.address if stay else "",
                    stay.arrival_date if stay else "",
                    stay.departed_on if stay else "",
                    stay.permit_type.code if stay else "",
                    stay.permit_expiry if stay else "",
                ]

    stamp = timezone.localdate().isoformat()
    return csv_response(f"wna-{stamp}.csv", header, rows(), excel=excel)


@login_required
def import_stays(request):
    """The Kanim's import: the file is queued as a background task and the page follows its
    progress. Running the same file again adds nothing twice."""
    if not permissions.can_import(request.user):
        raise refuse_role(_("Only a Kanim imports foreigners from a file."))
    form = ImportForm(request.POST if request.method == "POST" else None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > settings.FOREIGNERS_UPLOAD_MAX_BYTES:
            form.add_error(
                "file",
                _("The file is larger than %(mb)s MB. Split it into smaller files and send each.")
                % {"mb": settings.FOREIGNERS_UPLOAD_MAX_BYTES // (1024 * 1024)},
            )
        else:
            run = services.import_queue(
                upload=upload,
                skip_invalid=form.cleaned_data["skip_invalid"],
                actor=as_actor(request.user),
            )
            return redirect("foreigners:import_status", pk=run.pk)
    recent = selectors.imports_of(actor=as_actor(request.user))[:10]
    return _form_page(
        request,
        "foreigners/import.html",
        {
            "form": form,
            "recent": recent,
            "columns": import_columns.columns(),
            "max_mb": settings.FOREIGNERS_UPLOAD_MAX_BYTES // (1024 * 1024),
        },
    )


@login_required
def import_template(request, fmt: str):
    """The import file to fill in: the header and one example row that is valid as it is."""
    if not permissions.can_import(request.user):
        raise refuse_role(_("Only a Kanim imports foreigners from a file."))
    if fmt not in ("csv", "xlsx"):
        raise Http404
    rows = [import_columns.example_row(selectors.example_desa_code(actor=as_actor(request.user)))]
    name = f"templat-impor-wna.{fmt}"
    # The project's one spreadsheet writer; the importer reads its `;` and byte-order mark.
    if fmt == "xlsx":
        return xlsx_response(name, COLUMNS, rows, title="WNA")
    return csv_response(name, COLUMNS, rows, excel=wants_excel(request))


@login_required
def import_status(request, pk: int):
    """Progress of one import; htmx polls the partial until the run has finished."""
    run = selectors.import_of_user_or_404(actor=as_actor(request.user), pk=pk)
    template = "foreigners/_import_run.html" if request.htmx else "foreigners/import_status.html"
    return render(request, template, {"run": run})


@login_required
def import_errors(request, pk: int):
    """The rejected rows with line numbers and reasons, to fix and upload again."""
    run = selectors.import_of_user_or_404(actor=as_actor(request.user), pk=pk)
    if not run.error_report:
        raise Http404
    path = Path(settings.FOREIGNERS_IMPORT_ROOT) / run.error_report
    if not path.is_file():
        raise Http404
    return FileResponse(path.open("rb"), as_attachment=True, filename=f"import-{run.pk}-errors.csv")
