"""Read-only admin: every change goes through services.py so it lands on the timeline. The
reporter's contact is left out: administrators do not handle reports."""

from django.contrib import admin

from .models import Attachment, Report, ReportEvent


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
