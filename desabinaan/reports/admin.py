"""Read-only admin: every change goes through services.py so it lands on the timeline. The
reporter's contact is left out: administrators do not handle reports."""

from django.contrib import admin

from desabinaan.accounts.models import Role
from desabinaan.accounts.scope import actor_for

from . import services
from .models import Agency, Attachment, Forwarding, Report, ReportEvent, ResponseDeadline


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class EventInline(ReadOnlyInline):
    model = ReportEvent
    fields = ("at", "kind", "actor", "from_status", "to_status", "is_public", "note")


class AttachmentInline(ReadOnlyInline):
    model = Attachment
    fields = ("kind", "content_type", "size", "sha256", "created_at")


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ("tracking_code", "category", "status", "region", "routed_via", "created_at")
    list_filter = ("status", "category", "channel", "routed_via")
    search_fields = ("tracking_code", "region__code", "region__name")
    exclude = ("contact", "idempotency_key", "idempotency_fingerprint")
    inlines = [EventInline, AttachmentInline]
    list_select_related = ("region",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ResponseDeadline)
class ResponseDeadlineAdmin(admin.ModelAdmin):
    """Reference data (issue 17): admin and pusat edit the hours; the categories are fixed, so no
    row is added or deleted here. A change goes through the service so it is audited."""

    list_display = ("category", "verify_hours", "follow_up_hours", "kanim_after_hours")
    readonly_fields = ("category",)

    def _may_edit(self, request) -> bool:
        user = request.user
        return user.is_active and (user.is_superuser or user.role in (Role.ADMIN, Role.PUSAT))

    def has_view_permission(self, request, obj=None):
        return self._may_edit(request) or super().has_view_permission(request, obj)

    def has_module_permission(self, request):
        return self._may_edit(request) or super().has_module_permission(request)

    def has_change_permission(self, request, obj=None):
        return self._may_edit(request)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        services.response_deadline_change(
            actor=actor_for(request.user),
            deadline=obj,
            verify_hours=obj.verify_hours,
            follow_up_hours=obj.follow_up_hours,
            kanim_after_hours=obj.kanim_after_hours,
        )


class ReadOnlyAdmin(admin.ModelAdmin):
    """Changes go through the app's pages and services.py, which scope and audit them."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Agency)
class AgencyAdmin(ReadOnlyAdmin):
    """Agencies are added and retired on the officers' agency pages (Kanim for its area, pusat
    nationally), where the change is checked against the caller's area and audited."""

    list_display = ("name", "kind", "region", "office", "active", "updated_at")
    list_filter = ("kind", "active")
    search_fields = ("name", "region__code", "region__name", "office__name")
    list_select_related = ("region", "office")


@admin.register(Forwarding)
class ForwardingAdmin(ReadOnlyAdmin):
    list_display = (
        "report",
        "agency",
        "status",
        "waived",
        "created_by",
        "created_at",
        "updated_at",
    )
    list_filter = ("status", "waived", "agency__kind")
    search_fields = ("report__tracking_code", "agency__name")
    list_select_related = ("report", "agency", "created_by")
