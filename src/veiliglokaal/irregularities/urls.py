from django.urls import path

from . import review_views

app_name = "irregularities"

urlpatterns = [
    # Map and review (review_views): aggregated map, purpose gate, worklist, signal pages, precision.
    path("onregelmatigheden/kaart", review_views.map_page, name="map"),
    path("onregelmatigheden/kaart/laag", review_views.map_layer_json, name="map-layer"),
    path("onregelmatigheden/doel", review_views.purpose, name="purpose"),
    path("onregelmatigheden/werklijst", review_views.worklist, name="worklist"),
    path("onregelmatigheden/signalen/<int:pk>", review_views.signal_detail, name="signal"),
    path("onregelmatigheden/signalen/<int:pk>/besluit", review_views.signal_decide, name="signal-decide"),
    path("onregelmatigheden/precisie", review_views.precision, name="precision"),
]
