from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import ApiToken, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = (
        "username",
        "first_name",
        "last_name",
        "role",
        "office",
        "home_region",
        "is_active",
    )
    list_filter = ("role", "partner_kind", "is_active", "office")
    autocomplete_fields = ("home_region", "office")
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        (_("Programme"), {"fields": ("role", "partner_kind", "home_region", "office")}),
    )


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("prefix", "user", "label", "created_at", "expires_at", "revoked_at")
    readonly_fields = ("digest", "prefix", "user", "created_at", "last_used_at")
    list_select_related = ("user",)
