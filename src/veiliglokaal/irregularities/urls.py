from django.urls import path

from . import views_sources

app_name = "irregularities"

urlpatterns: list = [
    # Source data (Bronnen DOOK)
    path("dook/bronnen", views_sources.sources_home, name="sources"),
    path("dook/bronnen/inlezen/<slug:key>", views_sources.source_upload, name="source-upload"),
    path("dook/bronnen/grondwaarheid.csv", views_sources.ground_truth_csv, name="ground-truth-csv"),
    path("dook/bronnen/<int:pk>", views_sources.import_detail, name="import-detail"),
    path("dook/bronnen/<int:pk>/voortgang", views_sources.import_progress, name="import-progress"),
    path("dook/bronnen/<int:pk>/fouten.csv", views_sources.import_errors_csv, name="import-errors-csv"),
]
