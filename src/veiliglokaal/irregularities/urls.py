from django.urls import path

from . import views_scoring

app_name = "irregularities"

urlpatterns: list = [
    # Scoring (helper B): indicator settings, runs, Algoritmeregister entry.
    path("onregelmatigheden/instellingen", views_scoring.scoring_settings, name="scoring-settings"),
    path("onregelmatigheden/instellingen/<slug:code>", views_scoring.indicator_setting, name="indicator-setting"),
    path("onregelmatigheden/berekeningen", views_scoring.scoring_start, name="scoring-start"),
    path("onregelmatigheden/berekeningen/<int:pk>", views_scoring.scoring_run, name="scoring-run"),
    path("onregelmatigheden/algoritme", views_scoring.algorithm_register, name="algorithm"),
    path("onregelmatigheden/algoritme.json", views_scoring.algorithm_register_json, name="algorithm-json"),
]
