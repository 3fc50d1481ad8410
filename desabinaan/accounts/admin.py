from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from . import services
from .models import ApiToken, User
from .scope import as_actor


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
    actions = ["reset_two_factor"]

    @admin.action(description=_("Reset two-step verification (set up again at next login)"))
    def reset_two_factor(self, request, queryset):
        if not services.can_reset_two_factor(request.user):
            self.message_user(
                request, _("Only administrators reset two-step verification."), messages.ERROR
            )
            return
        for user in queryset:
            services.two_factor_reset(user=user, actor=as_actor(request.user))
        self.message_user(
            request,
            _("Two-step verification reset for %(count)d account(s).") % {"count": len(queryset)},
            messages.SUCCESS,
        )


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("prefix", "user", "label", "created_at", "expires_at", "revoked_at")
    readonly_fields = ("digest", "prefix", "user", "created_at", "last_used_at")
    list_select_related = ("user",)
