from django.contrib import admin

from .models import DataSource, Municipality, SafetyRegion


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
