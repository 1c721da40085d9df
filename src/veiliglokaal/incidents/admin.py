"""Platform administration of GIR configuration only. Incidents themselves are deliberately not in the admin:
they carry personal data, and every read must go through the scoped, logged pages and API."""

from django.contrib import admin

from .models import IncidentOption, IncidentSettings


@admin.register(IncidentSettings)
class IncidentSettingsAdmin(admin.ModelAdmin):
    list_display = ["municipality", "retention_years"]
    search_fields = ["municipality__name", "municipality__code"]
    raw_id_fields = ["municipality"]


@admin.register(IncidentOption)
class IncidentOptionAdmin(admin.ModelAdmin):
    list_display = ["municipality", "kind", "code", "label", "position", "is_online", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["municipality__name", "municipality__code", "code", "label"]
    raw_id_fields = ["municipality"]
