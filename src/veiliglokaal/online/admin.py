"""Platform administration of the meldpunt's configuration only (the platforms list per municipality). Reports and
evidence are deliberately not in the admin: every read must go through the scoped, logged pages and API."""

from django.contrib import admin

from .models import Platform


@admin.register(Platform)
class PlatformAdmin(admin.ModelAdmin):
    list_display = ["municipality", "code", "label", "notice_url", "position", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["municipality__name", "municipality__code", "code", "label"]
    raw_id_fields = ["municipality"]
