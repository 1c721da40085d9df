from django.urls import path

from . import review_views, views_sources

app_name = "irregularities"

urlpatterns = [
    # Source data (Bronnen DOOK)
    path("dook/bronnen", views_sources.sources_home, name="sources"),
    path("dook/bronnen/inlezen/<slug:key>", views_sources.source_upload, name="source-upload"),
    path("dook/bronnen/grondwaarheid.csv", views_sources.ground_truth_csv, name="ground-truth-csv"),
    path("dook/bronnen/<int:pk>", views_sources.import_detail, name="import-detail"),
    path("dook/bronnen/<int:pk>/voortgang", views_sources.import_progress, name="import-progress"),
    path("dook/bronnen/<int:pk>/fouten.csv", views_sources.import_errors_csv, name="import-errors-csv"),
    # Map and review (review_views): aggregated map, purpose gate, worklist, signal pages, precision.
    path("onregelmatigheden/kaart", review_views.map_page, name="map"),
    path("onregelmatigheden/kaart/laag", review_views.map_layer_json, name="map-layer"),
    path("onregelmatigheden/doel", review_views.purpose, name="purpose"),
    path("onregelmatigheden/werklijst", review_views.worklist, name="worklist"),
    path("onregelmatigheden/signalen/<int:pk>", review_views.signal_detail, name="signal"),
    path("onregelmatigheden/signalen/<int:pk>/besluit", review_views.signal_decide, name="signal-decide"),
    path("onregelmatigheden/precisie", review_views.precision, name="precision"),
]
