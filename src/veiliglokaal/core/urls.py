from django.urls import path

from . import views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("mijn-gemeente", views.my_municipality, name="my-municipality"),
    path("bronnen", views.sources, name="sources"),
    path("toegankelijkheid", views.accessibility, name="accessibility"),
]
