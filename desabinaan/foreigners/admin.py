"""Admin: PermitType is the reference data `pusat` edits (in the app on /wna/jenis-izin/; here
for administrators too). People, stays and alerts are changed through the
registry's pages and services, so here they are read-only; the access log can never be edited."""

from django.contrib import admin

from .models import AccessLog, Alert, Foreigner, PermitType, Stay


@admin.register(PermitType)
class PermitTypeAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "max_stay_text", "work", "regulation", "confirmed", "active")
    list_filter = ("work", "confirmed", "active")
    search_fields = ("code", "name")


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Foreigner)
class ForeignerAdmin(ReadOnlyAdmin):
    # No names or passport numbers in the list: the admin is not a way around the access log.
    list_display = ("__str__", "nationality", "merged_into", "created_at")
    exclude = ("photo",)


@admin.register(Stay)
class StayAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "region", "permit_type", "arrival_date", "departed_on")
    list_select_related = ("region", "permit_type")
    fields = ("region", "permit_type", "purpose", "arrival_date", "departed_on", "verified_at")


@admin.register(Alert)
class AlertAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "kind", "severity", "status", "region", "found_at")
    list_filter = ("kind", "status", "severity")


@admin.register(AccessLog)
class AccessLogAdmin(ReadOnlyAdmin):
    list_display = ("at", "user", "office", "foreigner", "kind", "reason")
    list_filter = ("kind",)
