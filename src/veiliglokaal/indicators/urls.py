from django.urls import path

from . import upload, views

app_name = "indicators"

urlpatterns = [
    path("veiligheidsbeeld", views.profile, name="profile"),
    path("veiligheidsbeeld/kaart", views.national_map, name="map"),
    path("veiligheidsbeeld/rapport", views.report, name="report"),
    path("veiligheidsbeeld/csv/<slug:table>", views.download_csv, name="csv"),
    path("veiligheidsbeeld/statistieken-importeren", upload.upload, name="upload"),
    # Public mode (settings.INDICATORS_PUBLIC): open data only, no login; 404 while the setting is off.
    path("openbaar/veiligheidsbeeld", views.public_index, name="public-index"),
    path("openbaar/veiligheidsbeeld/kaart", views.public_map, name="public-map"),
    path("openbaar/veiligheidsbeeld/<str:code>", views.public_profile, name="public-profile"),
    path("openbaar/veiligheidsbeeld/<str:code>/rapport", views.public_report, name="public-report"),
    path("openbaar/veiligheidsbeeld/<str:code>/csv/<slug:table>", views.public_csv, name="public-csv"),
]
