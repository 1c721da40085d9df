"""Platform administration of monitoring configuration only (place names, lexicon). Protocols, posts and alerts
are deliberately not in the admin: posts are personal data and every read goes through the scoped, logged pages."""

from django.contrib import admin

from .models import GazetteerEntry, TopicTerm


@admin.register(GazetteerEntry)
class GazetteerEntryAdmin(admin.ModelAdmin):
    list_display = ["municipality", "kind", "name", "latitude", "longitude", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["municipality__name", "name"]
    raw_id_fields = ["municipality"]


@admin.register(TopicTerm)
class TopicTermAdmin(admin.ModelAdmin):
    list_display = ["municipality", "topic", "term", "is_active"]
    list_filter = ["topic", "is_active"]
    search_fields = ["municipality__name", "term"]
    raw_id_fields = ["municipality"]
