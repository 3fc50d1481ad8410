from django.contrib import admin

from .models import Delivery


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    """The notification log: read-only (a delivery is a fact; the retry job resends)."""

    list_display = ("created_at", "channel", "kind", "recipient", "status", "attempts", "sent_at")
    list_filter = ("status", "channel", "kind")
    search_fields = ("recipient", "subject")
    # The real address stays out of the admin: the masked recipient is what the log shows.
    exclude = ("address",)
    readonly_fields = (
        "channel",
        "kind",
        "recipient",
        "subject",
        "body",
        "payload",
        "status",
        "attempts",
        "last_error",
        "next_attempt_at",
        "created_at",
        "updated_at",
        "sent_at",
    )

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
