from django.contrib import admin

from .models import PimpasaAssignment


@admin.register(PimpasaAssignment)
class PimpasaAssignmentAdmin(admin.ModelAdmin):
    list_display = ("region", "officer", "office", "sk_number", "inaugurated_on", "ended_on")
    list_filter = ("office", "ended_on")
    autocomplete_fields = ("officer", "region", "office")
    list_select_related = ("region", "officer", "office")
