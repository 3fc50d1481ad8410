from django.contrib import admin

from .models import Office, Region


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    """Read-only: the tree comes from `manage.py load_regions`, never from hand edits."""

    list_display = ("code", "name", "level", "is_kelurahan", "postal_code")
    list_filter = ("level", "is_kelurahan")
    search_fields = ("code", "name_folded")
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Office)
class OfficeAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "kind", "office_class", "kanwil")
    list_filter = ("kind", "office_class")
    search_fields = ("code", "name")
    autocomplete_fields = ("jurisdiction",)
