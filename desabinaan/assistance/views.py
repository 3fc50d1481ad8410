"""Pages of the services pillar. Thin: parse, call a selector or service, render.

Public: ask a question (/tanya/), read its answer by code (/tanya/<code>/), a service day's page
with its sign-up form, the sign-up's queue number and checklist, its cancellation, the
announcement PDF. Officers: the scoped question list and answer page; the office's service days,
their attendance list and the documents to bring."""

from __future__ import annotations

import hashlib
import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_POST

from desabinaan.accounts.models import Role
from desabinaan.accounts.scope import actor_for, scope_q
from desabinaan.core import codes
from desabinaan.core.access import refuse_role
from desabinaan.core.refusals import DomainError, NotFoundInScope, add_to_form, to_message
from desabinaan.programme.models import DesaBinaan, DesaBinaanStatus
from desabinaan.regions.models import Office, Region
from desabinaan.reports.ratelimit import TOO_MANY_LOOKUPS, allow_lookup, allow_submission

from . import selectors, services
from .forms import (
    AnswerForm,
    CancelForm,
    CodeLookupForm,
    ConvertForm,
    DocumentForm,
    MarkForm,
    QuestionForm,
    ServiceDayForm,
    SignUpForm,
)
from .models import DayStatus, DocumentRequirement, QuestionStatus, ServiceDay, SignUp

TOO_MANY = gettext_lazy(
    "Too many requests from this connection. Please wait an hour and try again, or ask at "
    "the Imigrasi Corner."
)


def _refused(request, message, status):
    return render(request, "assistance/refused.html", {"message": message}, status=status)


# --- questions: public -----------------------------------------------------------------------


def _fingerprint(data: dict) -> str:
    body = {
        "topic": data.get("topic") or "",
        "question": data.get("question") or "",
        "desa": data["desa"].code if data.get("desa") else "",
        "contact": data.get("contact") or "",
    }
    return hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()


@sensitive_post_parameters("contact", "question")
def ask(request):
    """Tanya PIMPASA: topic, question, village, an optional contact."""
    show_errors, status = True, 200
    if request.method == "POST":
        form = QuestionForm(request.POST)
        if "pilih_wilayah" in request.POST:
            show_errors = False
        elif request.POST.get("website"):
            return _refused(request, _("Your question could not be sent. Please try again."), 400)
        elif not request.user.is_authenticated and not allow_submission(request):
            return _refused(request, TOO_MANY, 429)
        elif form.is_valid():
            data = form.cleaned_data
            try:
                asked = services.question_ask(
                    actor=actor_for(request.user),
                    topic=data["topic"],
                    region=data["desa"],
                    text=data["question"],
                    contact=data["contact"],
                    idempotency_key=f"form:{data['submission']}" if data["submission"] else None,
                    fingerprint=_fingerprint(data),
                )
            except DomainError as exc:
                exc.field = {"region_code": "desa"}.get(exc.field, exc.field)
                add_to_form(form, exc)
            else:
                return redirect(
                    reverse("assistance:question", args=[asked.question.code]) + "?baru=1"
                )
        status = 400
    else:
        form = QuestionForm(initial={"desa": request.GET.get("desa", "")[:13]})
    return render(
        request,
        "assistance/ask.html",
        {"form": form, "show_errors": show_errors},
        status=status,
    )


def _by_code(request, raw: str, find, unknown: str):
    if not allow_lookup(request):
        return None, 429, TOO_MANY_LOOKUPS
    try:
        code = codes.parse(raw)
    except codes.MalformedCode:
        return None, 400, _("This code has a typo: check every character and try again.")
    found = find(code)
    if found is None:
        return None, 404, unknown
    return found, 200, ""


def _code_lookup(request, *, template: str, target: str):
    """The "type your code" page of questions and sign-ups: a valid code goes to its page."""
    form = CodeLookupForm(request.GET or None)
    if form.is_bound and form.is_valid():
        return redirect(target, code=codes.normalise(form.cleaned_data["kode"]))
    return render(request, template, {"form": form}, status=400 if form.is_bound else 200)


def _code_refused(request, *, template: str, code: str, message: str, status: int):
    """The lookup page again, with the code as typed and why it found nothing."""
    context = {"form": CodeLookupForm(initial={"kode": code}), "message": message}
    return render(request, template, context, status=status)


@require_GET
def question_lookup(request):
    return _code_lookup(
        request, template="assistance/question_lookup.html", target="assistance:question"
    )


@require_GET
def question_status(request, code: str):
    question, status, message = _by_code(
        request, code, selectors.question_by_code, _("No question has this code.")
    )
    if question is None:
        return _code_refused(
            request,
            template="assistance/question_lookup.html",
            code=code,
            message=message,
            status=status,
        )
    return render(
        request,
        "assistance/question_status.html",
        {
            "question": question,
            "grouped": codes.grouped(question.code),
            "new": request.GET.get("baru") == "1",
        },
    )


# --- questions: officers ---------------------------------------------------------------------


def _require_question_viewer(request):
    if not actor_for(request.user).has_role(*selectors.VIEWER_ROLES):
        raise refuse_role(_("Questions are read by officers only."))


@login_required
@require_GET
def questions(request):
    _require_question_viewer(request)
    status = request.GET.get("status", "")
    if status not in ("", "semua", *QuestionStatus.values):
        status = ""
    rows = list(selectors.questions_for(request.user, status=status or None)[:200])
    return render(
        request,
        "assistance/questions.html",
        {"questions": rows, "status": status, "statuses": QuestionStatus.choices},
    )


@login_required
def question_detail(request, pk: int):
    _require_question_viewer(request)
    question = selectors.question_for(request.user, pk)
    can_handle = selectors.can_handle_question(request.user, question)
    form = AnswerForm(initial={"answer": question.answer, "public": question.answer_public})
    status = 200
    if request.method == "POST":
        form = AnswerForm(request.POST)
        if form.is_valid():
            try:
                services.question_answer(
                    actor=actor_for(request.user),
                    question=question,
                    answer=form.cleaned_data["answer"],
                    public=form.cleaned_data["public"],
                )
            except DomainError as exc:
                add_to_form(form, exc)
            else:
                messages.success(request, _("The answer is saved. The resident reads it by code."))
                return redirect("assistance:question_detail", pk=pk)
        status = 400
    return render(
        request,
        "assistance/question_detail.html",
        {
            "question": question,
            "can_handle": can_handle,
            "contact": question.contact if can_handle else selectors.mask_contact(question.contact),
            "form": form,
            "convert_form": ConvertForm(),
        },
        status=status,
    )


@login_required
@require_POST
def question_promote(request, pk: int):
    _require_question_viewer(request)
    question = selectors.question_for(request.user, pk)
    try:
        services.question_promote_to_faq(actor=actor_for(request.user), question=question)
    except DomainError as exc:
        to_message(request, exc)
    else:
        messages.success(request, _("The answer is in the FAQ."))
    return redirect("assistance:question_detail", pk=pk)


@login_required
@require_POST
def question_convert(request, pk: int):
    _require_question_viewer(request)
    question = selectors.question_for(request.user, pk)
    form = ConvertForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose what the report is about."))
        return redirect("assistance:question_detail", pk=pk)
    try:
        report = services.question_convert_to_report(
            actor=actor_for(request.user), question=question, category=form.cleaned_data["category"]
        )
    except DomainError as exc:
        to_message(request, exc)
        return redirect("assistance:question_detail", pk=pk)
    messages.success(request, _("The question is now a report."))
    return redirect("reports:detail", pk=report.pk)


# --- service days: officers ------------------------------------------------------------------


def _require_day_viewer(request):
    if not actor_for(request.user).has_role(*selectors.DAY_ROLES):
        raise refuse_role(_("Passport service days are kept by immigration officers."))


def _office(request) -> Office:
    """The office whose days the user schedules (a Kanim's own office)."""
    user = request.user
    if user.role != Role.KANIM or not user.office_id:
        raise refuse_role(_("Only a Kantor Imigrasi schedules passport service days."))
    return user.office


def _corner_villages(request, office: Office) -> list[Region]:
    actor = actor_for(request.user)
    desa = DesaBinaan.objects.filter(
        office=office, status=DesaBinaanStatus.DICANANGKAN, corner__isnull=False
    ).filter(scope_q(actor.scope, "region"))
    return list(Region.objects.filter(code__in=desa.values("region_id")).order_by("code"))


@login_required
@require_GET
def days(request):
    _require_day_viewer(request)
    return render(
        request,
        "assistance/days.html",
        {
            "upcoming": list(selectors.service_days_for(request.user)[:100]),
            "past": list(selectors.service_days_for(request.user, past=True)[:50]),
            "can_schedule": request.user.role == Role.KANIM and request.user.office_id,
        },
    )


def _day_input(form, region) -> services.DayInput:
    d = form.cleaned_data
    return services.DayInput(
        region=region,
        date=d["date"],
        start_time=d["start_time"],
        end_time=d["end_time"],
        place=d["place"],
        quota=d["quota"],
        offers_new=d["offers_new"],
        offers_replacement=d["offers_replacement"],
        serves_children=d["serves_children"],
        notes=d["notes"],
    )


@login_required
def day_new(request):
    office = _office(request)
    villages = _corner_villages(request, office)
    if request.method == "POST":
        form = ServiceDayForm(request.POST, villages=villages)
        if form.is_valid():
            region = next(r for r in villages if r.code == form.cleaned_data["desa"])
            try:
                day = services.service_day_schedule(
                    actor=actor_for(request.user), office=office, data=_day_input(form, region)
                )
            except DomainError as exc:
                exc.field = {"region": "desa"}.get(exc.field, exc.field)
                add_to_form(form, exc)
            else:
                messages.success(request, _("The service day is saved as a draft."))
                return redirect("assistance:day_manage", pk=day.pk)
        status = 400
    else:
        form = ServiceDayForm(
            villages=villages,
            initial={"offers_new": True, "offers_replacement": True, "serves_children": True},
        )
        status = 200
    return render(request, "assistance/day_form.html", {"form": form, "day": None}, status=status)


@login_required
def day_edit(request, pk: int):
    _require_day_viewer(request)
    day = selectors.service_day_for(request.user, pk)
    if not selectors.can_manage_day(request.user, day):
        raise refuse_role(_("Only the office that holds this service day changes it."))
    villages = [day.region]
    if request.method == "POST":
        form = ServiceDayForm(request.POST, villages=villages)
        if form.is_valid():
            try:
                services.service_day_update(
                    actor=actor_for(request.user), day=day, data=_day_input(form, day.region)
                )
            except DomainError as exc:
                exc.field = {"region": "desa"}.get(exc.field, exc.field)
                add_to_form(form, exc)
            else:
                messages.success(request, _("The service day is saved."))
                return redirect("assistance:day_manage", pk=day.pk)
        status = 400
    else:
        form = ServiceDayForm(
            villages=villages,
            initial={"desa": day.region_id, **{f: getattr(day, f) for f in services.DAY_FIELDS}},
        )
        status = 200
    return render(request, "assistance/day_form.html", {"form": form, "day": day}, status=status)


@login_required
@require_GET
def day_manage(request, pk: int):
    _require_day_viewer(request)
    day = selectors.service_day_for(request.user, pk)
    return render(
        request,
        "assistance/day_manage.html",
        {
            "day": day,
            "rows": selectors.signups_of(request.user, day),
            "can_manage": selectors.can_manage_day(request.user, day),
            "can_mark": selectors.can_keep_attendance(request.user, day),
            "outcomes": MarkForm.base_fields["outcome"].choices,
            "public_url": request.build_absolute_uri(reverse("assistance:day", args=[day.pk])),
        },
    )


def _day_action(service, done: str):
    @login_required
    @require_POST
    def view(request, pk: int):
        _require_day_viewer(request)
        day = selectors.service_day_for(request.user, pk)
        try:
            service(actor=actor_for(request.user), day=day)
        except DomainError as exc:
            to_message(request, exc)
        else:
            messages.success(request, done)
        return redirect("assistance:day_manage", pk=pk)

    return view


day_publish = _day_action(
    services.service_day_publish, gettext_lazy("The service day is published.")
)
day_cancel = _day_action(services.service_day_cancel, gettext_lazy("The service day is cancelled."))


@login_required
@require_POST
def signup_mark(request, pk: int):
    _require_day_viewer(request)
    actor = actor_for(request.user)
    signup = (
        SignUp.objects.select_related("day", "day__region")
        .filter(scope_q(actor.scope, "day__region"), pk=pk)
        .first()
    )
    if signup is None:
        raise NotFoundInScope()
    form = MarkForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose present, served or rescheduled."))
    else:
        try:
            services.signup_mark(actor=actor, signup=signup, outcome=form.cleaned_data["outcome"])
        except DomainError as exc:
            to_message(request, exc)
    return redirect(reverse("assistance:day_manage", args=[signup.day_id]) + f"#s{signup.pk}")


@login_required
def documents(request):
    office = _office(request)
    form = DocumentForm()
    status = 200
    if request.method == "POST":
        form = DocumentForm(request.POST)
        if form.is_valid():
            try:
                services.document_requirement_save(
                    actor=actor_for(request.user), office=office, **form.cleaned_data
                )
            except DomainError as exc:
                add_to_form(form, exc)
            else:
                messages.success(request, _("The document is saved."))
                return redirect("assistance:documents")
        status = 400
    return render(
        request,
        "assistance/documents.html",
        {
            "office": office,
            "documents": list(selectors.documents_of(office.pk, active_only=False)),
            "form": form,
        },
        status=status,
    )


@login_required
def document_edit(request, pk: int):
    office = _office(request)
    document = get_object_or_404(DocumentRequirement, pk=pk, office=office)
    fields = ["name", "note", "applies_to", "position", "active"]
    status = 200
    if request.method == "POST":
        form = DocumentForm(request.POST)
        if form.is_valid():
            try:
                services.document_requirement_save(
                    actor=actor_for(request.user),
                    office=office,
                    document=document,
                    **form.cleaned_data,
                )
            except DomainError as exc:
                add_to_form(form, exc)
            else:
                messages.success(request, _("The document is saved."))
                return redirect("assistance:documents")
        status = 400
    else:
        form = DocumentForm(initial={f: getattr(document, f) for f in fields})
    return render(
        request,
        "assistance/document_form.html",
        {"form": form, "document": document},
        status=status,
    )


# --- service days: public --------------------------------------------------------------------


def _public_day_or_404(pk: int) -> ServiceDay:
    day = selectors.public_day(pk)
    if day is None:
        raise NotFoundInScope()
    return day


@sensitive_post_parameters("name", "phone", "nik")
def day_public(request, pk: int):
    """The service day as residents see it, with the sign-up form."""
    day = _public_day_or_404(pk)
    status = 200
    form = SignUpForm(day=day)
    if request.method == "POST":
        form = SignUpForm(request.POST, day=day)
        if not request.user.is_authenticated and not allow_submission(request):
            return _refused(request, TOO_MANY, 429)
        if form.is_valid():
            try:
                signed = services.signup_create(
                    actor=actor_for(request.user), day=day, **form.cleaned_data
                )
            except DomainError as exc:
                add_to_form(form, exc)
            else:
                return redirect("assistance:signup", code=signed.signup.code)
        status = 400
    open_ = day.status == DayStatus.PUBLISHED and day.date >= _today()
    return render(
        request,
        "assistance/day_public.html",
        {
            "day": day,
            "form": form,
            "open": open_,
            "left": max(day.quota - day.taken, 0),
            "documents": list(selectors.documents_of(day.office_id)),
        },
        status=status,
    )


def _today():
    from django.utils import timezone

    return timezone.localdate()


@require_GET
def office_days(request, code: str):
    office = get_object_or_404(Office, code=code)
    return render(
        request,
        "assistance/office_days.html",
        {"office": office, "days": selectors.public_days_for_office(office.pk)},
    )


@require_GET
def day_pdf(request, pk: int):
    """The announcement for the notice board: one A4 page with a QR code to the sign-up page."""
    import segno
    from weasyprint import HTML  # loads Pango only when a PDF is asked for

    day = _public_day_or_404(pk)
    url = request.build_absolute_uri(reverse("assistance:day", args=[day.pk]))
    html = render_to_string(
        "assistance/day_announcement.html",
        {
            "day": day,
            "url": url,
            "qr_svg": segno.make(url, error="m").svg_inline(scale=6, border=2),
            "documents": list(selectors.documents_of(day.office_id)),
        },
        request=request,
    )
    pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="layanan-paspor-{day.pk}.pdf"'
    return response


@require_GET
def signup_lookup(request):
    return _code_lookup(
        request, template="assistance/signup_lookup.html", target="assistance:signup"
    )


@require_GET
def signup_status(request, code: str):
    signup, status, message = _by_code(
        request, code, selectors.signup_by_code, _("No sign-up has this code.")
    )
    if signup is None:
        return _code_refused(
            request,
            template="assistance/signup_lookup.html",
            code=code,
            message=message,
            status=status,
        )
    return render(
        request,
        "assistance/signup.html",
        {
            "signup": signup,
            "day": signup.day,
            "grouped": codes.grouped(signup.code),
            "checklist": selectors.checklist_for(signup),
            "position": selectors.waiting_position(signup),
            "cancel_form": CancelForm(),
            "name": selectors.mask_name(signup.name),
        },
    )


@require_POST
def signup_cancel(request, code: str):
    signup, status, message = _by_code(
        request, code, selectors.signup_by_code, _("No sign-up has this code.")
    )
    if signup is None:
        return _refused(request, message, status)
    form = CancelForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Tick the box to confirm."))
        return redirect("assistance:signup", code=signup.code)
    try:
        services.signup_cancel(actor=actor_for(request.user), signup=signup)
    except DomainError as exc:
        to_message(request, exc)
    else:
        messages.success(request, _("Your place is cancelled."))
    return redirect("assistance:signup", code=signup.code)
