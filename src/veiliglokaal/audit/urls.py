from django.urls import path

from . import views

app_name = "audit"

urlpatterns = [
    path("verantwoording/verwerkingslog", views.processing_log, name="processing-log"),
    path("verantwoording/beveiligingslog", views.security_log, name="security-log"),
    path("verwerkingsregister", views.register, name="register"),
]
