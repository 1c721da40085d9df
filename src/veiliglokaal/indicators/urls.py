from django.urls import path

from . import views

app_name = "indicators"

urlpatterns = [
    path("veiligheidsbeeld", views.profile, name="profile"),
    path("veiligheidsbeeld/kaart", views.national_map, name="map"),
    path("veiligheidsbeeld/csv/<slug:table>", views.download_csv, name="csv"),
]
