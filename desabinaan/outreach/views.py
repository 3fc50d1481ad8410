"""Pages of outreach activities (issue 16). Thin: parse, call a selector or a service, render.

Signed in: the list and month calendar of activities in the user's area, an activity's page
(attendance, photos, named participants, status actions), the plan and edit forms. Public: the
page of a held activity (summary and photos, never names) and the ICS feed of an office's
planned activities, by the office's secret token."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET, require_POST

from desabinaan.accounts.models import Role
from desabinaan.accounts.scope import actor_for
from desabinaan.core.access import refuse_role
from desabinaan.core.refusals import DomainError, add_to_form
from desabinaan.regions.models import Office

from . import selectors, services
from .forms import (
    ActivityForm,
    AttendanceForm,
    CancelForm,
    FilterForm,
    MarkHeldForm,
    ParticipantForm,
    PhotoForm,
    month_from,
)
from .ics import feed_calendar
from .models import ActivityPhoto, ActivityStatus
from .permissions import VIEWER_ROLES, can_manage, can_plan

PAGE_SIZE = 25


def _require_viewer(request):
    if not actor_for(request.user).has_role(*VIEWER_ROLES):
        raise refuse_role(_("Kegiatan dibuka untuk petugas imigrasi dan mitra desa."))


def _filters(request, actor) -> tuple[FilterForm, selectors.Filters]:
    form = FilterForm(request.GET or None, places=selectors.activity_places(actor))
    if not form.is_bound or not form.is_valid():
        return form, selectors.Filters()
    d = form.cleaned_data
    return form, selectors.Filters(
        kind=d.get("kind") or "",
        status=d.get("status") or "",
        office_id=d["office"].pk if d.get("office") else None,
        region_code=d.get("wilayah") or "",
        start=d.get("dari"),
        end=d.get("sampai"),
    )


def _feed_url(request) -> str:
    """The calendar subscription link of a Kanim user's office ("" for others)."""
    user = request.user
    if user.role != Role.KANIM or not user.office_id:
        return ""
    feed = selectors.office_feed(user.office)
    return request.build_absolute_uri(reverse("outreach:feed", args=[feed.token]))


@login_required
@require_GET
def activity_list(request):
    _require_viewer(request)
    actor = actor_for(request.user)
    form, filters = _filters(request, actor)
    page = Paginator(selectors.activities_for(actor, filters), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "outreach/list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "can_plan": can_plan(actor),
            "feed_url": _feed_url(request),
        },
        status=400 if form.is_bound and form.errors else 200,
    )


@login_required
@require_GET
def activity_calendar(request):
    _require_viewer(request)
    actor = actor_for(request.user)
    form, filters = _filters(request, actor)
    today = timezone.localdate()
    year, month = month_from(request.GET.get("bulan", "")) or (today.year, today.month)
    grid = selectors.month_grid(actor, year=year, month=month, filters=filters)
    query = request.GET.copy()
    query.pop("bulan", None)
    return render(
        request,
        "outreach/calendar.html",
        {
            "form": form,
            "grid": grid,
            "today": today,
            "query": query.urlencode(),
            "can_plan": can_plan(actor),
            "feed_url": _feed_url(request),
        },
    )


@login_required
def activity_new(request):
    actor = actor_for(request.user)
    if not can_plan(actor):
        raise refuse_role(_("Peran Anda tidak dapat merencanakan kegiatan."))
    status = 200
    if request.method == "POST":
        form = ActivityForm(request.POST, actor=actor)
        if form.is_valid():
            try:
                activity = services.activity_plan(actor=actor, data=form.to_input())
            except DomainError as exc:
                _region_errors(exc)
                add_to_form(form, exc)
            else:
                messages.success(
                    request,
                    _("Usulan kegiatan terkirim ke petugas imigrasi.")
                    if activity.proposed_by_id
                    else _("Kegiatan direncanakan."),
                )
                return redirect("outreach:detail", pk=activity.pk)
        status = 400
    else:
        form = ActivityForm(actor=actor, initial=_new_initial(request))
    return render(request, "outreach/form.html", {"form": form, "activity": None}, status=status)


def _new_initial(request) -> dict:
    start = timezone.localtime().replace(minute=0, second=0, microsecond=0) + dt.timedelta(days=1)
    initial = {
        "starts_at": start.replace(hour=9, tzinfo=None),
        "ends_at": start.replace(hour=12, tzinfo=None),
    }
    user = request.user
    if user.role == Role.MITRA and user.home_region_id:
        code = user.home_region_id
        if code.count(".") == 3:
            initial.update(kecamatan=code.rsplit(".", 1)[0], desa=code)
        else:
            initial["kecamatan"] = code
    return initial


def _region_errors(exc: DomainError) -> None:
    # The form picks the place with two fields; the service calls it `region`.
    if exc.field == "region":
        exc.field = "kecamatan"
    problems = getattr(exc, "problems", None)
    if problems and "region" in problems:
        problems.setdefault("kecamatan", []).extend(problems.pop("region"))


@login_required
def activity_edit(request, pk: int):
    _require_viewer(request)
    actor = actor_for(request.user)
    activity = selectors.activity_for(actor, pk)
    if not can_manage(actor, activity):
        raise refuse_role(_("Hanya petugas imigrasi di wilayah ini yang dapat mengubah kegiatan."))
    status = 200
    if request.method == "POST":
        form = ActivityForm(request.POST, actor=actor, office=activity.office)
        if form.is_valid():
            data = form.to_input()
            if data.office is None:
                data.office = activity.office
            try:
                services.activity_update(actor=actor, activity=activity, data=data)
            except DomainError as exc:
                _region_errors(exc)
                add_to_form(form, exc)
            else:
                messages.success(request, _("Kegiatan disimpan."))
                return redirect("outreach:detail", pk=activity.pk)
        status = 400
    else:
        form = ActivityForm(
            actor=actor, office=activity.office, initial=ActivityForm.initial_for(activity)
        )
    return render(
        request, "outreach/form.html", {"form": form, "activity": activity}, status=status
    )


def _detail(request, activity, *, status: int = 200, **forms):
    actor = actor_for(request.user)
    manage = can_manage(actor, activity)
    attendance = getattr(activity, "attendance", None) if activity.pk else None
    context = {
        "activity": activity,
        "can_manage": manage,
        "photos": list(activity.photos.all()),
        "participants": list(activity.participants.all()) if manage else [],
        "officers": list(activity.officers.all()),
        "attendance": attendance,
        "hold_form": forms.get("hold_form") or MarkHeldForm(activity=activity),
        "cancel_form": forms.get("cancel_form") or CancelForm(),
        "attendance_form": forms.get("attendance_form")
        or AttendanceForm(
            initial={n: getattr(attendance, n) for n in services.ATTENDANCE_FIELDS}
            if attendance
            else None
        ),
        "photo_form": forms.get("photo_form") or PhotoForm(),
        "participant_form": forms.get("participant_form") or ParticipantForm(),
        "public_url": request.build_absolute_uri(reverse("outreach:public", args=[activity.pk]))
        if activity.status == ActivityStatus.TERLAKSANA
        else "",
        "started": activity.starts_at <= timezone.now(),
    }
    return render(request, "outreach/detail.html", context, status=status)


@login_required
@require_GET
def activity_detail(request, pk: int):
    _require_viewer(request)
    return _detail(request, selectors.activity_for(request.user, pk))


def _post_action(form_name: str, form_class, run, done: str, *, files: bool = False, **extra):
    """A POST from a form of the activity page: run the service; on a refusal show the page
    again with the form and its errors (400)."""

    @login_required
    @require_POST
    def view(request, pk: int):
        _require_viewer(request)
        actor = actor_for(request.user)
        activity = selectors.activity_for(actor, pk)
        kwargs = {"activity": activity} if form_class is MarkHeldForm else {}
        args = (request.POST, request.FILES) if files else (request.POST,)
        form = form_class(*args, **kwargs)
        if form.is_valid():
            try:
                run(actor, activity, form.cleaned_data)
            except DomainError as exc:
                add_to_form(form, exc)
            else:
                messages.success(request, done)
                return redirect("outreach:detail", pk=pk)
        return _detail(request, selectors.activity_for(actor, pk), status=400, **{form_name: form})

    return view


activity_hold = _post_action(
    "hold_form",
    MarkHeldForm,
    lambda actor, a, d: services.activity_mark_held(
        actor=actor,
        activity=a,
        sk_number=d.get("sk_number", ""),
        pimpasa=d.get("pimpasa"),
        replace=d.get("replace", False),
    ),
    gettext_lazy("Kegiatan ditandai terlaksana."),
)
activity_cancel = _post_action(
    "cancel_form",
    CancelForm,
    lambda actor, a, d: services.activity_cancel(actor=actor, activity=a, reason=d["reason"]),
    gettext_lazy("Kegiatan dibatalkan."),
)
attendance_save = _post_action(
    "attendance_form",
    AttendanceForm,
    lambda actor, a, d: services.attendance_record(actor=actor, activity=a, counts=d),
    gettext_lazy("Kehadiran dicatat."),
)
photo_add = _post_action(
    "photo_form",
    PhotoForm,
    lambda actor, a, d: services.photo_add(
        actor=actor, activity=a, upload=d["image"], caption=d["caption"]
    ),
    gettext_lazy("Foto ditambahkan."),
    files=True,
)
participant_add = _post_action(
    "participant_form",
    ParticipantForm,
    lambda actor, a, d: services.participant_add(
        actor=actor,
        activity=a,
        name=d["name"],
        institution=d["institution"],
        consent=d["consent"],
    ),
    gettext_lazy("Peserta dicatat."),
)


@login_required
@require_POST
def photo_remove(request, pk: int, photo_pk: int):
    _require_viewer(request)
    actor = actor_for(request.user)
    activity = selectors.activity_for(actor, pk)
    photo = ActivityPhoto.objects.filter(pk=photo_pk, activity=activity).first()
    if photo is None:
        raise Http404
    services.photo_remove(actor=actor, photo=photo)
    messages.success(request, _("Foto dihapus."))
    return redirect("outreach:detail", pk=pk)


@login_required
@require_POST
def feed_rotate(request):
    user = request.user
    if user.role != Role.KANIM or not user.office_id:
        raise refuse_role(_("Tautan kalender dikelola oleh staf Kantor Imigrasi."))
    services.office_feed_rotate(actor=actor_for(user), office=user.office)
    messages.success(request, _("Tautan kalender diganti; tautan lama tidak berlaku lagi."))
    return redirect("outreach:list")


@require_GET
@cache_control(public=True, max_age=300)
def activity_public(request, pk: int):
    activity = selectors.public_activity(pk)
    if activity is None:
        raise Http404
    return render(
        request,
        "outreach/public.html",
        {"activity": activity, "photos": list(activity.photos.all())},
    )


@require_GET
def feed(request, token: str):
    """An office's planned activities as iCalendar, for a phone calendar to subscribe to."""
    office_feed = selectors.feed_by_token(token)
    if office_feed is None:
        raise Http404
    office: Office = office_feed.office
    body = feed_calendar(
        office_name=office.name,
        activities=selectors.planned_for_office(office),
        domain=request.get_host().split(":")[0] or "desabinaan",
        url_for=lambda a: request.build_absolute_uri(reverse("outreach:detail", args=[a.pk])),
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="kegiatan-{office.code}.ics"'
    response["Cache-Control"] = "private, max-age=900"
    return response
