"""Pages: the public report form, receipt and status page; the officers' inbox and report page.
Thin: parse, call a selector or service, render."""

from __future__ import annotations

import hashlib
import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponseNotAllowed, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_GET, require_POST
from django_countries import countries

from desabinaan.accounts.scope import as_actor
from desabinaan.core.access import refuse_role
from desabinaan.core.refusals import Conflict, DomainError, Invalid, add_to_form
from desabinaan.regions.geo import map_view
from desabinaan.regions.models import Region

from . import codes, deadlines, selectors, services, timeline
from .forms import (
    AgencyForm,
    AssignForm,
    ForwardForm,
    ForwardingUpdateForm,
    InboxFilterForm,
    NoteForm,
    ProtocolStageForm,
    ReportForm,
    StatusLookupForm,
    TransitionForm,
    WaiveForm,
)
from .models import (
    ACTION_LABELS,
    CATEGORY_HELP,
    CLOSING_STATUSES,
    MESSAGE_REQUIRED,
    OPEN_STATUSES,
    PUBLIC_STATUS_TEXT,
    Category,
    ForwardingStatus,
    ProtocolStage,
    Report,
    Status,
)
from .ratelimit import TOO_MANY_LOOKUPS, allow_lookup, allow_submission

INBOX_PAGE_SIZE = 25


def _form_fingerprint(data: dict) -> str:
    keys = (
        "category",
        "description",
        "occurred_on",
        "landmark",
        "latitude",
        "longitude",
        "refugee_total",
        "refugee_adults",
        "refugee_children",
        "refugee_women",
        "refugee_nationality",
        "refugee_conditions",
        "refugee_location",
    )
    body = {k: str(data.get(k) or "") for k in keys}
    body["desa"] = data["desa"].code if data.get("desa") else ""
    return hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()


@sensitive_post_parameters("contact", "description")
@sensitive_variables("form")
def report_new(request):
    """The public form: what happened, where, evidence and contact — one page, three steps."""
    show_errors = True
    status = 200
    if request.method == "POST":
        form = ReportForm(request.POST, request.FILES)
        if "pilih_wilayah" in request.POST:
            # Without JavaScript the place picker needs a round trip per level: re-show the form
            # with the next list filled in, without shouting about the fields not filled yet.
            show_errors = False
            form.quiet = True
        elif request.POST.get("website"):
            return render(
                request,
                "reports/refused.html",
                {"message": _("Your report could not be sent. Please try again.")},
                status=400,
            )
        elif not request.user.is_authenticated and not allow_submission(request):
            # Signed-in partners and officers are accountable and may log many reports a day.
            return render(
                request,
                "reports/refused.html",
                {
                    "message": _(
                        "Too many reports from this connection. Please wait an hour and try "
                        "again, or contact the immigration office directly."
                    )
                },
                status=429,
            )
        elif form.is_valid():
            data = form.cleaned_data
            try:
                result = services.report_submit(
                    category=data["category"],
                    region=data["desa"],
                    description=data["description"],
                    occurred_on=data["occurred_on"],
                    landmark=data["landmark"],
                    latitude=data["latitude"],
                    longitude=data["longitude"],
                    contact=data["contact"],
                    files=data["files"],
                    actor=as_actor(request.user),
                    idempotency_key=(f"form:{data['submission']}" if data["submission"] else None),
                    fingerprint=_form_fingerprint(data),
                    refugee=form.refugee_input(),
                )
            except Conflict:
                form.add_error(
                    None, _("This form was already sent. Reload the page to file a new report.")
                )
            except Invalid as exc:  # AttachmentRefused among them, on `files`
                add_to_form(form, exc.renamed({"region_code": "desa"}))
            else:
                return redirect("reports:receipt", code=result.report.tracking_code)
            status = 400
        else:
            status = 400
    else:
        # A village page links here with ?desa=<code> so the place is already filled in.
        # …and an alert's "Report it" button with ?kategori=<slug> as well.
        category = request.GET.get("kategori", "")
        form = ReportForm(
            initial={
                "desa": request.GET.get("desa", "")[:13],
                "category": category if category in Category.values else "",
            }
        )
    context = {
        "form": form,
        "map_view": map_view(_chosen_desa(form)),
        "show_errors": show_errors,
        "on_behalf": request.user.is_authenticated and request.user.role in ("mitra", "pimpasa"),
        "countries": list(countries),
    }
    return render(request, "reports/new.html", context, status=status)


def _chosen_desa(form) -> Region | None:
    """The village the form already names (a ?desa= link or a posted form), for the map."""
    code = form.data.get("desa") if form.is_bound else form.initial.get("desa")
    if not code or not isinstance(code, str):
        return None
    return Region.objects.filter(code=code[:13]).first()


def _public_report(request, raw_code: str):
    """(report, status, message) for a code typed by a person."""
    if not allow_lookup(request):
        return None, 429, TOO_MANY_LOOKUPS
    try:
        code = codes.parse(raw_code)
    except codes.MalformedCode:
        return None, 400, _("This code has a typo: check every character and try again.")
    report = selectors.report_by_code(code)
    if report is None:
        return None, 404, _("No report has this code. Check it against your receipt.")
    return report, 200, ""


@require_GET
def receipt(request, code: str):
    report, status, message = _public_report(request, code)
    if report is None:
        return render(
            request,
            "reports/status_lookup.html",
            {"form": StatusLookupForm(), "message": message},
            status=status,
        )
    return render(
        request,
        "reports/receipt.html",
        {"report": report, "grouped": codes.grouped(report.tracking_code)},
    )


@require_GET
def status_lookup(request):
    form = StatusLookupForm(request.GET or None)
    if form.is_bound and form.is_valid():
        return redirect("reports:status", code=codes.normalise(form.cleaned_data["kode"]))
    return render(
        request, "reports/status_lookup.html", {"form": form}, status=400 if form.is_bound else 200
    )


@require_GET
def status(request, code: str):
    report, status_code, message = _public_report(request, code)
    if report is None:
        form = StatusLookupForm(initial={"kode": code})
        return render(
            request,
            "reports/status_lookup.html",
            {"form": form, "message": message},
            status=status_code,
        )
    return render(
        request,
        "reports/status.html",
        {
            "report": report,
            "grouped": codes.grouped(report.tracking_code),
            "events": timeline.public_lines(selectors.public_events(report)),
        },
    )


def _require_viewer(request):
    if not selectors.can_view_reports(request.user):
        # Partners file reports but never read them: the role, not the area, refuses.
        raise refuse_role(_("Reports are read by officers only; village partners file them."))


@login_required
@require_GET
def inbox(request):
    _require_viewer(request)
    scoped = selectors.reports_for_user(actor=as_actor(request.user), status="semua")
    villages = Region.objects.filter(
        code__in=scoped.order_by().values("region_id").distinct()
    ).order_by("name")
    form = InboxFilterForm(request.GET or None, villages=villages)
    filters = form.cleaned_data if form.is_valid() else {}
    qs = selectors.reports_for_user(
        actor=as_actor(request.user),
        status=filters.get("status") or None,
        category=filters.get("category") or None,
        region=filters.get("desa") or None,
        age=filters.get("age") or None,
    )
    page = Paginator(qs, INBOX_PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    deadlines.annotate(page.object_list)
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "query": query.urlencode()}
    template = "reports/_inbox_results.html" if request.htmx else "reports/inbox.html"
    return render(request, template, context)


def _detail_context(request, report: Report) -> dict:
    can_handle = selectors.can_handle(request.user, report)
    officers = (
        selectors.assignable_officers(actor=as_actor(request.user), report=report)
        if can_handle
        else []
    )
    deadlines.annotate([report])
    protocol = (
        selectors.refugee_protocol(actor=as_actor(request.user), report=report)
        if report.category == Category.PENGUNGSI
        else None
    )
    forwardings = selectors.forwardings_for_report(actor=as_actor(request.user), report=report)
    forwardable = can_handle and report.status in services.FORWARDABLE
    return {
        "protocol": protocol,
        "forwardings": forwardings,
        "forward_form": ForwardForm(
            agencies=selectors.agencies_for_report(actor=as_actor(request.user), report=report)
        )
        if forwardable
        else None,
        "forwarding_statuses": ForwardingStatus.choices,
        "open_statuses": OPEN_STATUSES,
        "report": report,
        "can_handle": can_handle,
        "contact": report.contact
        if selectors.can_see_contact(request.user, report)
        else selectors.mask_contact(report.contact),
        "next_statuses": [Status(s) for s in report.next_statuses],
        "timeline": timeline.officer_lines(report, report.events.all()),
        "category_help": CATEGORY_HELP.get(report.category, ""),
        "note_form": NoteForm(),
        "transition_form": TransitionForm(),
        "assign_form": AssignForm(officers=[o for o in officers if o.pk != report.assigned_to_id]),
    }


@login_required
@require_GET
def detail(request, pk: int):
    _require_viewer(request)
    report = selectors.report_detail_for_user(actor=as_actor(request.user), pk=pk)
    return render(request, "reports/detail.html", _detail_context(request, report))


@login_required
def change_status(request, pk: int):
    """A workflow step. Closing steps (complete, not proven, reject) first show a confirmation
    page asking for the message to the reporter (required to reject); it works without
    JavaScript: GET ?ke=<status>, or a POST without `confirm`, shows it."""
    _require_viewer(request)
    report = selectors.get_report_for_user(actor=as_actor(request.user), pk=pk)
    if request.method == "GET":
        target = request.GET.get("ke", "")
        if target not in CLOSING_STATUSES or target not in report.next_statuses:
            return redirect("reports:detail", pk=pk)
        if not selectors.can_handle(request.user, report):
            raise Http404
        form = TransitionForm(initial={"to_status": target})
        return _confirm_page(request, report, form, target)
    if request.method != "POST":
        return HttpResponseNotAllowed(["GET", "POST"])
    form = TransitionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose one of the offered steps."))
        return redirect("reports:detail", pk=pk)
    target = form.cleaned_data["to_status"]
    closing = target in CLOSING_STATUSES and target in report.next_statuses
    if closing and not form.cleaned_data["confirm"]:
        if not selectors.can_handle(request.user, report):
            raise Http404
        return _confirm_page(request, report, form, target)
    try:
        services.report_transition(
            report=report,
            to_status=target,
            actor=as_actor(request.user),
            note=form.cleaned_data["note"],
            public_note=form.cleaned_data["public_note"],
        )
    except Invalid as exc:
        if closing:
            form.add_error("public_note" if exc.field == "public_note" else None, exc.message)
            return _confirm_page(request, report, form, target, status=400)
        messages.error(request, exc.message)
    except DomainError as exc:
        # A step refused on the report's page (its status moved on, the role only reads): said
        # there, in words, as before the refusal family.
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("The report is now “%(status)s”.") % {"status": Status(report.status).label},
        )
    return redirect("reports:detail", pk=pk)


def _confirm_page(request, report, form, target: str, status: int = 200):
    return render(
        request,
        "reports/confirm_step.html",
        {
            "report": report,
            "form": form,
            "target": Status(target),
            "action": ACTION_LABELS[target],
            "message_required": target in MESSAGE_REQUIRED,
            "public_text": PUBLIC_STATUS_TEXT[target],
        },
        status=status,
    )


def _handled_report(request, pk: int) -> Report:
    _require_viewer(request)
    return selectors.get_report_for_user(actor=as_actor(request.user), pk=pk)


def _first_error(form) -> str:
    for errors in form.errors.values():
        return str(errors[0])
    return _("Check the form.")


def _post_on_report_page(request, pk: int, form, action, success, *, invalid: str = ""):
    """A form posted from the report's page: its first error (or `invalid`), the service's
    refusal, or `success(result)` becomes a message, and the officer is back on the page. A
    refusal is said there in words (the report moved on, the role only reads) rather than as an
    error page, as the status step does."""
    if not form.is_valid():
        messages.error(request, invalid or _first_error(form))
    else:
        try:
            result = action(form.cleaned_data)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, success(result))
    return redirect("reports:detail", pk=pk)


@login_required
@require_POST
def add_note(request, pk: int):
    report = _handled_report(request, pk)
    actor = as_actor(request.user)
    form = NoteForm(request.POST)
    return _post_on_report_page(
        request,
        pk,
        form,
        lambda data: services.report_note_add(report=report, actor=actor, note=data["note"]),
        lambda _note: _("Note saved."),
        invalid=_("Write the note first."),
    )


@login_required
@require_POST
def assign(request, pk: int):
    report = _handled_report(request, pk)
    actor = as_actor(request.user)
    form = AssignForm(
        request.POST, officers=selectors.assignable_officers(actor=actor, report=report)
    )
    return _post_on_report_page(
        request,
        pk,
        form,
        lambda data: services.report_assign(report=report, assignee=data["assignee"], actor=actor),
        lambda _result: (
            _("Assigned to %(name)s.") % {"name": form.cleaned_data["assignee"].display_name}
        ),
        invalid=_("Choose an officer of your office from the list."),
    )


@login_required
@require_GET
def attachment_download(request, pk: int):
    """Evidence leaves the server only here, after the scope check: no public URL exists."""
    _require_viewer(request)
    attachment = selectors.attachment_for_user(actor=as_actor(request.user), pk=pk)
    inline = attachment.kind != "pdf"
    extension = attachment.file.name.rsplit(".", 1)[-1]
    response = FileResponse(
        attachment.file.open("rb"),
        content_type=attachment.content_type,
        as_attachment=not inline,
        filename=f"{attachment.report.tracking_code}-{attachment.pk}.{extension}",
    )
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def protocol_mark(request, pk: int):
    """Tick one stage of the refugee protocol on the report's page (a plain form post)."""
    _require_viewer(request)
    report = selectors.get_report_for_user(actor=as_actor(request.user), pk=pk)
    form = ProtocolStageForm(request.POST)
    if not form.is_valid():
        errors = [e for field_errors in form.errors.values() for e in field_errors]
        messages.error(request, " ".join(errors))
        return redirect(f"{reverse('reports:detail', args=[pk])}#protocol")
    try:
        step = services.protocol_stage_mark(
            actor=as_actor(request.user),
            report=report,
            stage=form.cleaned_data["stage"],
            done_at=form.cleaned_data["done_at"],
            note=form.cleaned_data["note"],
        )
    except DomainError as exc:
        if not isinstance(exc, Invalid | Conflict):
            raise
        messages.error(request, exc.message)
    else:
        messages.success(
            request, _("Recorded: %(stage)s.") % {"stage": ProtocolStage(step.stage).label}
        )
    return redirect(f"{reverse('reports:detail', args=[pk])}#protocol")


# --- forwarding (issue 17) ------------------------------------------------------------------


@login_required
@require_POST
def forward(request, pk: int):
    report = _handled_report(request, pk)
    actor = as_actor(request.user)
    form = ForwardForm(
        request.POST, agencies=selectors.agencies_for_report(actor=actor, report=report)
    )
    return _post_on_report_page(
        request,
        pk,
        form,
        lambda data: services.forwarding_create(
            actor=actor, report=report, agencies=data["agencies"], note=data["note"]
        ),
        lambda made: (
            _("Passed on to %(names)s.") % {"names": ", ".join(f.agency.name for f in made)}
        ),
    )


@login_required
@require_POST
def forwarding_update(request, pk: int, fid: int):
    report = _handled_report(request, pk)
    actor = as_actor(request.user)
    forwarding = selectors.forwarding_for_user(actor=actor, report=report, pk=fid)
    return _post_on_report_page(
        request,
        pk,
        ForwardingUpdateForm(request.POST),
        lambda data: services.forwarding_update(
            actor=actor, forwarding=forwarding, status=data["status"], answer=data["answer"]
        ),
        lambda _result: (
            _("%(agency)s: “%(status)s”.")
            % {
                "agency": forwarding.agency.name,
                "status": ForwardingStatus(forwarding.status).label,
            }
        ),
    )


@login_required
@require_POST
def forwarding_waive(request, pk: int, fid: int):
    report = _handled_report(request, pk)
    actor = as_actor(request.user)
    forwarding = selectors.forwarding_for_user(actor=actor, report=report, pk=fid)
    return _post_on_report_page(
        request,
        pk,
        WaiveForm(request.POST),
        lambda data: services.forwarding_waive(
            actor=actor, forwarding=forwarding, reason=data["reason"]
        ),
        lambda _result: _("Forwarding waived."),
    )


# --- agencies (issue 17) --------------------------------------------------------------------


@login_required
@require_GET
def agencies(request):
    _require_viewer(request)
    actor = as_actor(request.user)
    rows = selectors.agencies_for_user(actor=actor)
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    for agency in page.object_list:
        agency.editable = selectors.can_edit_agency(actor, agency)
    return render(
        request,
        "reports/agencies.html",
        {"page": page, "can_add": selectors.can_edit_agency(actor)},
    )


def _agency_form_page(request, form, agency=None, status=200):
    return render(
        request,
        "reports/agency_form.html",
        {"form": form, "agency": agency, "regions": _area_suggestions(request)},
        status=status,
    )


def _area_suggestions(request) -> list[Region]:
    """Kabupaten and kecamatan of the officer's own area for the code field's suggestions."""
    actor = as_actor(request.user)
    if actor.everywhere or not actor.scope:
        return []
    from desabinaan.accounts.scope import scope_q

    return list(
        Region.objects.filter(scope_q(actor.scope, ""), level__in=("kabupaten", "kecamatan"))
        .only("code", "name")
        .order_by("code")[:300]
    )


def _agency_values(data: dict) -> dict:
    return {
        "kind": data["kind"],
        "name": data["name"],
        "phone": data["phone"],
        "email": data["email"],
        "address": data["address"],
        "region": data["region_code"],
    }


@login_required
def agency_new(request):
    _require_viewer(request)
    actor = as_actor(request.user)
    if not selectors.can_edit_agency(actor):
        raise refuse_role(_("Only an immigration office or the directorate may add agencies."))
    form = AgencyForm(request.POST or None)
    del form.fields["active"]  # a new agency is offered at once; retiring it is an edit
    if request.method == "POST":
        if form.is_valid():
            try:
                services.agency_create(actor=actor, **_agency_values(form.cleaned_data))
            except Invalid as exc:
                add_to_form(form, exc.renamed({"region": "region_code"}))
            else:
                messages.success(request, _("Agency saved."))
                return redirect("reports:agencies")
        return _agency_form_page(request, form, status=400)
    return _agency_form_page(request, form)


@login_required
def agency_edit(request, pk: int):
    _require_viewer(request)
    actor = as_actor(request.user)
    agency = selectors.agency_for_user(actor=actor, pk=pk)
    if not selectors.can_edit_agency(actor, agency):
        raise refuse_role(_("This agency is kept by another office or by the directorate."))
    initial = {
        "kind": agency.kind,
        "name": agency.name,
        "phone": agency.phone,
        "email": agency.email,
        "address": agency.address,
        "region_code": agency.region_id or "",
        "active": agency.active,
    }
    form = AgencyForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if form.is_valid():
            try:
                services.agency_update(
                    actor=actor,
                    agency=agency,
                    active=form.cleaned_data["active"],
                    **_agency_values(form.cleaned_data),
                )
            except Invalid as exc:
                add_to_form(form, exc.renamed({"region": "region_code"}))
            else:
                messages.success(request, _("Agency saved."))
                return redirect("reports:agencies")
        return _agency_form_page(request, form, agency, status=400)
    return _agency_form_page(request, form, agency)


# --- the map (issue 17) ---------------------------------------------------------------------

MAP_UNLOCATED_LIMIT = 100


def _map_filters(request):
    actor = as_actor(request.user)
    scoped = selectors.reports_for_user(actor=actor, status="semua")
    villages = Region.objects.filter(
        code__in=scoped.order_by().values("region_id").distinct()
    ).order_by("name")
    form = InboxFilterForm(request.GET or None, villages=villages)
    data = form.cleaned_data if form.is_valid() else {}
    filters = {
        "status": data.get("status") or None,
        "category": data.get("category") or None,
        "region": data.get("desa") or None,
        "age": data.get("age") or None,
    }
    return form, filters


@login_required
@require_GET
def report_map(request):
    """The officers' map: located reports as clustered points (loaded from map_data), reports
    without a point listed beside it rather than placed at a guess."""
    _require_viewer(request)
    form, filters = _map_filters(request)
    unlocated_qs = selectors.map_reports(actor=as_actor(request.user), **filters).filter(
        latitude__isnull=True
    )
    unlocated = list(unlocated_qs[: MAP_UNLOCATED_LIMIT + 1])
    query = request.GET.copy()
    return render(
        request,
        "reports/map.html",
        {
            "form": form,
            "unlocated": unlocated[:MAP_UNLOCATED_LIMIT],
            "unlocated_more": len(unlocated) > MAP_UNLOCATED_LIMIT,
            "query": query.urlencode(),
            "legend": [(c, Category(c).label, CATEGORY_COLOURS[c]) for c in Category.values],
            "map_view": map_view(None),
        },
    )


# One colour per category (the marker's fill); a closed report is drawn hollow.
CATEGORY_COLOURS = {
    Category.TPPO: "#c0392b",
    Category.TPPM: "#8e44ad",
    Category.PMI_NONPROSEDURAL: "#d35400",
    Category.WNA_MENCURIGAKAN: "#2471a3",
    Category.PENYALAHGUNAAN_IZIN_TINGGAL: "#117a65",
    Category.PENGUNGSI: "#b7950b",
    Category.PEMALSUAN_DOKUMEN: "#6e2c00",
    Category.LAINNYA: "#566573",
}


@login_required
@require_GET
def map_data(request):
    """GeoJSON of the located reports the inbox would list with the same filters."""
    _require_viewer(request)
    _form, filters = _map_filters(request)
    rows = selectors.map_reports(actor=as_actor(request.user), **filters).filter(
        latitude__isnull=False, longitude__isnull=False
    )
    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [float(r.longitude), float(r.latitude)]},
            "properties": {
                "code": codes.grouped(r.tracking_code),
                "url": reverse("reports:detail", args=[r.pk]),
                "category": r.category,
                "category_label": str(Category(r.category).label),
                "status": r.status,
                "status_label": str(Status(r.status).label),
                "open": r.status in OPEN_STATUSES,
                "colour": CATEGORY_COLOURS.get(r.category, "#566573"),
                "village": r.region.name,
            },
        }
        for r in rows
    ]
    response = JsonResponse({"type": "FeatureCollection", "features": features})
    response["Cache-Control"] = "private, no-store"
    return response
