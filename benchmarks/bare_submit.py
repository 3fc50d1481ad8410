"""The bare baseline of bench_report_submit: one Django view, no middleware but CommonMiddleware,
that validates the same JSON as POST /api/v1/reports (the same pydantic schema) and inserts a
report, its first event and its idempotency key in one transaction. Served by gunicorn with
DJANGO_SETTINGS_MODULE=benchmarks.bare_submit (it imports the project's settings and narrows
them), never part of the project's URLs."""

import hashlib
import json

from desabinaan.settings import *  # noqa: F403

ROOT_URLCONF = "benchmarks.bare_submit"
MIDDLEWARE = ["django.middleware.common.CommonMiddleware"]


def _submit(request):
    from django.db import IntegrityError, transaction
    from django.http import JsonResponse
    from django.utils import timezone
    from pydantic import ValidationError

    from desabinaan.regions.models import Region
    from desabinaan.reports import codes
    from desabinaan.reports.api import ReportIn
    from desabinaan.reports.models import Channel, EventKind, Report, ReportEvent, RoutedVia

    if request.method != "POST":
        return JsonResponse({"detail": "POST only"}, status=405)
    try:
        payload = ReportIn.model_validate_json(request.body)
    except ValidationError as exc:
        return JsonResponse({"detail": str(exc)}, status=422)
    key = (request.headers.get("Idempotency-Key") or "").strip()
    digest = hashlib.sha256(key.encode()).hexdigest() if key else None
    fingerprint = hashlib.sha256(
        json.dumps(payload.model_dump(mode="json"), sort_keys=True).encode()
    ).hexdigest()
    if digest and (
        existing := Report.objects.filter(idempotency_key=digest).values("tracking_code").first()
    ):
        return JsonResponse(existing, status=201)
    if not Region.objects.filter(code=payload.region_code).exists():
        return JsonResponse({"detail": "region_code"}, status=422)
    now = timezone.now()
    try:
        with transaction.atomic():
            report = Report.objects.create(
                tracking_code=codes.generate(),
                category=payload.category.value,
                description=payload.description.strip(),
                region_id=payload.region_code,
                channel=Channel.API,
                routed_via=RoutedVia.UNROUTED,
                idempotency_key=digest,
                idempotency_fingerprint=fingerprint if digest else "",
                created_at=now,
                updated_at=now,
            )
            ReportEvent.objects.create(
                report=report, at=now, kind=EventKind.SUBMITTED, to_status="baru", is_public=True
            )
    except IntegrityError:
        return JsonResponse({"detail": "conflict"}, status=409)
    return JsonResponse({"tracking_code": report.tracking_code}, status=201)


def _urls():
    from django.urls import path

    return [path("api/v1/reports", _submit)]


urlpatterns = _urls()
