from django.urls import path

from .views import review as views_review, scoring as views_scoring, sources as views_sources

app_name = "irregularities"

urlpatterns = [
    # Source data (Bronnen DOOK)
    path("dook/bronnen", views_sources.sources_home, name="sources"),
    path("dook/bronnen/inlezen/<slug:key>", views_sources.source_upload, name="source-upload"),
    path("dook/bronnen/grondwaarheid.csv", views_sources.ground_truth_csv, name="ground-truth-csv"),
    path("dook/bronnen/<int:pk>", views_sources.import_detail, name="import-detail"),
    path("dook/bronnen/<int:pk>/kolommen", views_sources.import_mapping, name="import-mapping"),
    path("dook/bronnen/<int:pk>/voortgang", views_sources.import_progress, name="import-progress"),
    path("dook/bronnen/<int:pk>/fouten.csv", views_sources.import_errors_csv, name="import-errors-csv"),
    # Scoring: indicator settings, runs, Algoritmeregister entry.
    path("onregelmatigheden/instellingen", views_scoring.scoring_settings, name="scoring-settings"),
    path("onregelmatigheden/instellingen/risicobranches", views_scoring.risk_branch_add, name="risk-branch-add"),
    path("onregelmatigheden/instellingen/risicobranches/<int:pk>/verwijderen", views_scoring.risk_branch_remove,
         name="risk-branch-remove"),
    path("onregelmatigheden/instellingen/<slug:code>", views_scoring.indicator_setting, name="indicator-setting"),
    path("onregelmatigheden/berekeningen", views_scoring.scoring_start, name="scoring-start"),
    path("onregelmatigheden/berekeningen/<int:pk>", views_scoring.scoring_run, name="scoring-run"),
    path("onregelmatigheden/berekeningen/<int:pk>/voortgang", views_scoring.scoring_progress, name="scoring-progress"),
    path("onregelmatigheden/algoritme", views_scoring.algorithm_register, name="algorithm"),
    path("onregelmatigheden/algoritme.json", views_scoring.algorithm_register_json, name="algorithm-json"),
    # Map and review (views/review.py): aggregated map, purpose gate, worklist, signal pages, precision.
    path("onregelmatigheden/kaart", views_review.map_page, name="map"),
    path("onregelmatigheden/kaart/laag", views_review.map_layer_json, name="map-layer"),
    path("onregelmatigheden/doel", views_review.purpose, name="purpose"),
    path("onregelmatigheden/werklijst", views_review.worklist, name="worklist"),
    path("onregelmatigheden/signalen/<int:pk>", views_review.signal_detail, name="signal"),
    path("onregelmatigheden/signalen/<int:pk>/besluit", views_review.signal_decide, name="signal-decide"),
    path("onregelmatigheden/precisie", views_review.precision, name="precision"),
]
