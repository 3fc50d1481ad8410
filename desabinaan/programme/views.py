from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from desabinaan.accounts.models import Role
from desabinaan.accounts.scope import as_actor, get_in_scope_or_404, in_scope
from desabinaan.core.csvexport import csv_response, wants_excel
from desabinaan.core.forms import submit
from desabinaan.core.refusals import DomainError, Invalid, to_message
from desabinaan.regions.geo import map_view
from desabinaan.regions.models import Level, Office, Region

from . import selectors, services
from .forms import AssignPimpasaForm, CornerForm, DeactivateForm, DesignateForm, PartnerForm
from .models import Partner
from .permissions import can_designate, can_manage_area, can_propose


def _region_in_scope_or_404(user, code: str, level: str) -> Region:
    region = Region.objects.filter(code=code, level=level).first()
    if region is None or not in_scope(user, region.code):
        raise Http404
    return region


def _office_for(request) -> Office:
    offices = selectors.offices_for_user(actor=as_actor(request.user))
    code = request.GET.get("kantor") or request.POST.get("kantor")
    office = offices.filter(code=code).first() if code else offices.first()
    if office is None:
        raise Http404
    return office


@login_required
def kanim_overview(request):
    office = _office_for(request)
    kabupaten = request.GET.get("kabupaten", "")
    gaps_only = request.GET.get("tanpa_pimpasa") == "1"
    groups = selectors.kanim_overview(
        office=office, actor=as_actor(request.user), kabupaten=kabupaten, gaps_only=gaps_only
    )
    if request.GET.get("format") == "csv":
        return _overview_csv(office, groups, excel=wants_excel(request))
    if request.GET.get("format") == "desa":
        villages = selectors.designated_villages(
            office=office, actor=as_actor(request.user), kabupaten=kabupaten
        )
        return _villages_csv(office, villages, excel=wants_excel(request))
    context = {
        "office": office,
        "offices": selectors.offices_for_user(actor=as_actor(request.user)),
        "groups": groups,
        "kabupaten_choices": office.jurisdiction.filter(level=Level.KABUPATEN).order_by("code"),
        "kabupaten": kabupaten,
        "gaps_only": gaps_only,
        "can_designate": can_designate(request.user),
    }
    template = "programme/_overview_table.html" if request.htmx else "programme/kanim_overview.html"
    return render(request, template, context)


def _overview_csv(office, groups, *, excel: bool) -> HttpResponse:
    """One row per kecamatan (core/csvexport.py: Excel's Indonesian format by default)."""
    header = [
        _("Regency/city code"),
        _("Regency/city"),
        _("Kecamatan code"),
        _("Kecamatan"),
        _("PIMPASA"),
        _("PIMPASA decree (SK)"),
        _("Number of villages"),
        _("Partner villages"),
        _("Imigrasi Corner"),
        _("Partners"),
    ]
    rows = (
        [
            group.region.code,
            group.region.name,
            row.region.code,
            row.region.name,
            row.pimpasa.officer.display_name if row.pimpasa else "",
            row.pimpasa.sk_number if row.pimpasa else "",
            row.desa_total,
            row.desa_binaan,
            row.corners,
            row.partners,
        ]
        for group in groups
        for row in group.rows
    )
    return csv_response(f"desa-binaan-{office.code}.csv", header, rows, excel=excel)


def _villages_csv(office, villages, *, excel: bool) -> HttpResponse:
    """The designated villages as a list of their own, one row per desa."""
    header = [
        _("Village code"),
        _("Village"),
        _("Kecamatan code"),
        _("Kecamatan"),
        _("Regency/city"),
        _("Designation date"),
        _("Decree (SK) number"),
        _("Imigrasi Corner"),
        _("Corner address"),
        _("PIMPASA"),
    ]
    rows = (
        [
            v.region.code,
            v.region.name,
            v.region.parent_id,
            v.region.parent.name if v.region.parent else "",
            v.region.parent.parent.name if v.region.parent and v.region.parent.parent else "",
            v.desa_binaan.designated_on,
            v.desa_binaan.sk_number,
            v.corner is not None,
            v.corner.address if v.corner else "",
            v.pimpasa.officer.display_name if v.pimpasa else "",
        ]
        for v in villages
    )
    return csv_response(f"desa-binaan-{office.code}-daftar-desa.csv", header, rows, excel=excel)


@login_required
def kanwil_overview(request):
    figures = selectors.kanwil_overview(actor=as_actor(request.user))
    if not figures:
        raise Http404
    return render(request, "programme/kanwil_overview.html", {"figures": figures})


@login_required
def my_villages(request):
    """The PIMPASA's villages (a partner sees their own desa) with what needs attention."""
    user = request.user
    if user.role == Role.PIMPASA:
        parents = set()
        for a in selectors.assignments_of(user).filter(ended_on__isnull=True):
            parents.add(a.region_id if a.region.level == Level.KECAMATAN else a.region.parent_id)
        rows = selectors.desa_rows(actor=as_actor(user), parent_codes=sorted(parents))
    elif user.role == Role.MITRA and user.home_region_id:
        home = user.home_region
        parent = home.code if home.level == Level.KECAMATAN else home.parent_id
        rows = selectors.desa_rows(actor=as_actor(user), parent_codes=[parent])
    else:
        return redirect("programme:kanim")
    binaan = [r for r in rows if r.desa_binaan]
    return render(
        request,
        "programme/my_villages.html",
        {"binaan": binaan, "others": [r for r in rows if not r.desa_binaan], "rows": rows},
    )


@login_required
def kecamatan_detail(request, code: str):
    region = _region_in_scope_or_404(request.user, code, Level.KECAMATAN)
    rows = selectors.desa_rows(actor=as_actor(request.user), parent_codes=[region.code])
    return render(
        request,
        "programme/kecamatan_detail.html",
        {
            "region": region,
            "rows": rows,
            "pimpasa": selectors.active_pimpasa_for_region(region),
            "can_designate": can_designate(request.user),
        },
    )


@login_required
def desa_detail(request, code: str):
    region = _region_in_scope_or_404(request.user, code, Level.DESA)
    desa = selectors.desa_binaan_of(region)
    can_manage = can_manage_area(request.user, region)
    return render(
        request,
        "programme/desa_detail.html",
        {
            "region": region,
            "desa": desa,
            "corner": getattr(desa, "corner", None) if desa else None,
            "partners": selectors.partners_of(actor=as_actor(request.user), region=region),
            "history": selectors.history_of(actor=as_actor(request.user), region=region),
            "assignments": selectors.assignment_history(region),
            "pimpasa": selectors.active_pimpasa_for_region(region),
            "can_manage": can_manage,
            "can_designate": can_designate(request.user),
            "can_propose": desa is None and can_propose(request.user, region),
            "partner_form": PartnerForm() if can_manage else None,
        },
    )


@login_required
def designate(request):
    if not can_designate(request.user):
        raise PermissionDenied
    initial = {"desa": request.GET.get("desa", "")}
    form = DesignateForm(request.POST if request.method == "POST" else None, initial=initial)

    def designate(data):
        office = _designating_office(request, data["desa"])
        if office is None:
            raise Invalid(_("No office of yours covers this village."), field="desa")
        services.desa_binaan_designate(
            region=data["desa"],
            office=office,
            sk_number=data["sk_number"],
            designated_on=data["designated_on"],
            notes=data["notes"],
            actor=as_actor(request.user),
        )

    region = form.cleaned_data.get("desa") if form.is_bound and form.is_valid() else None
    success = _("%(desa)s is now a desa binaan.") % {"desa": region.name} if region else ""
    if submit(request, form, designate, success):
        return redirect("programme:desa", code=region.code)
    status = 400 if request.method == "POST" else 200
    return render(request, "programme/designate.html", {"form": form}, status=status)


def _designating_office(request, region: Region) -> Office | None:
    offices = selectors.offices_for_user(actor=as_actor(request.user)).filter(
        jurisdiction__code__in=region.ancestor_codes()
    )
    return offices.first()


@login_required
def corner_edit(request, code: str):
    region = _region_in_scope_or_404(request.user, code, Level.DESA)
    if not can_manage_area(request.user, region):
        raise PermissionDenied
    desa = selectors.desa_binaan_of(region)
    if desa is None:
        raise Http404
    corner = getattr(desa, "corner", None)
    form = CornerForm(
        request.POST if request.method == "POST" else None, request.FILES or None, instance=corner
    )

    def save(data):
        services.corner_save(
            desa=desa,
            data={k: v for k, v in data.items() if k != "photo_upload"},
            photo=data.get("photo_upload"),
            actor=as_actor(request.user),
        )

    if submit(request, form, save, _("The Imigrasi Corner has been saved.")):
        return redirect("programme:desa", code=region.code)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "programme/corner_form.html",
        {
            "form": form,
            "region": region,
            "desa": desa,
            "corner": corner,
            # Officers in scope: reports located nearby may centre the map too.
            "map_view": map_view(region, with_reports=True),
        },
        status=status,
    )


@login_required
@require_POST
def partner_add(request, code: str):
    region = _region_in_scope_or_404(request.user, code, Level.DESA)
    form = PartnerForm(request.POST)

    def add(data):
        area = region.parent if data["role"] == "camat" else region
        services.partner_add(region=area, actor=as_actor(request.user), **data)

    if submit(request, form, add, _("Partner added.")):
        return redirect("programme:desa", code=region.code)
    return render(
        request,
        "programme/partner_form.html",
        {"form": form, "region": region},
        status=400,
    )


def _partner_for_user_or_404(user, pk: int) -> Partner:
    return get_in_scope_or_404(Partner.objects.select_related("region"), user, pk=pk)


@login_required
@require_POST
def partner_invite(request, pk: int):
    partner = _partner_for_user_or_404(request.user, pk)
    try:
        services.partner_invite(
            partner=partner, base_url=request.build_absolute_uri("/"), actor=as_actor(request.user)
        )
    except DomainError as exc:
        to_message(request, exc)
    else:
        messages.success(request, _("Invitation sent to %(name)s.") % {"name": partner.name})
    return _back_to_desa(request)


@login_required
@require_POST
def partner_toggle(request, pk: int):
    partner = _partner_for_user_or_404(request.user, pk)
    services.partner_set_active(
        partner=partner, active=not partner.is_active, actor=as_actor(request.user)
    )
    return _back_to_desa(request)


def _back_to_desa(request):
    """Partner actions come from a desa page (a kecamatan partner is listed on each of its desa):
    return there, or to the officer's villages."""
    code = request.POST.get("desa", "")
    if Region.objects.filter(code=code, level=Level.DESA).exists():
        return redirect("programme:desa", code=code)
    return redirect("programme:my_villages")


@login_required
def assign_pimpasa(request):
    office = _office_for(request)
    if not can_designate(request.user):
        raise PermissionDenied
    initial = {"kecamatan": request.GET.get("kecamatan", ""), "desa": request.GET.get("desa", "")}
    form = AssignPimpasaForm(
        request.POST if request.method == "POST" else None, initial=initial, office=office
    )

    def assign(data):
        services.pimpasa_assign(
            officer=data["officer"],
            region=form.area,
            office=office,
            sk_number=data["sk_number"],
            inaugurated_on=data["inaugurated_on"],
            replace=data["replace"],
            actor=as_actor(request.user),
        )

    if submit(request, form, assign, _("PIMPASA assigned.")):
        return redirect(f"{reverse('programme:kanim')}?kantor={office.code}")
    status = 400 if request.method == "POST" else 200
    return render(
        request, "programme/assign_pimpasa.html", {"form": form, "office": office}, status=status
    )


@login_required
@require_POST
def propose(request, code: str):
    region = _region_in_scope_or_404(request.user, code, Level.DESA)
    if not can_propose(request.user, region):
        raise PermissionDenied
    try:
        services.desa_binaan_propose(
            region=region,
            office=request.user.office,
            notes=request.POST.get("notes", "")[:500],
            actor=as_actor(request.user),
        )
    except DomainError as exc:
        to_message(request, exc)
    else:
        messages.success(
            request, _("%(desa)s has been proposed to the office.") % {"desa": region.name}
        )
    return redirect("programme:desa", code=code)


@login_required
@require_POST
def deactivate(request, code: str):
    region = _region_in_scope_or_404(request.user, code, Level.DESA)
    desa = selectors.desa_binaan_of(region)
    if desa is None:
        raise Http404
    form = DeactivateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why the village leaves the programme."))
        return redirect("programme:desa", code=code)
    try:
        services.desa_binaan_deactivate(
            desa=desa, reason=form.cleaned_data["reason"], actor=as_actor(request.user)
        )
    except DomainError as exc:
        to_message(request, exc)
    return redirect("programme:desa", code=code)
