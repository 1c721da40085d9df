from django.contrib import admin

from .models import Collaboration, CollaborationMember, DataSource, Municipality, Organisation, SafetyRegion, Share


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "province", "safety_region", "population", "size_class"]
    list_filter = ["size_class", "province", "safety_region"]
    search_fields = ["code", "name"]
    exclude = ["boundary"]
    readonly_fields = ["code", "population", "population_reference_date", "land_area_km2", "total_area_km2",
                       "density_per_km2", "size_class", "indeling_year"]


@admin.register(SafetyRegion)
class SafetyRegionAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]
    exclude = ["boundary"]


@admin.register(DataSource)
class DataSourceAdmin(admin.ModelAdmin):
    list_display = ["key", "publisher", "licence", "rows", "loaded_at"]


class CollaborationMemberInline(admin.TabularInline):
    model = CollaborationMember
    extra = 0
    autocomplete_fields = ["municipality", "organisation"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "safety_region", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "kvk_number", "oin"]


@admin.register(Collaboration)
class CollaborationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "safety_region", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name"]
    inlines = [CollaborationMemberInline]


@admin.register(Share)
class ShareAdmin(admin.ModelAdmin):
    """Read-only: shares are written and revoked only through `core.services.sharing` (logged)."""

    list_display = ["content_type", "object_id", "recipient", "valid_until", "shared_by", "shared_at", "revoked_at"]
    list_filter = ["content_type", "legal_basis_code"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
