from django.urls import path

from .views import alerts as views_alerts, monitors as views

app_name = "monitoring"

urlpatterns = [
    path("monitoring", views.home, name="home"),
    path("monitoring/protocollen/nieuw", views.protocol_create, name="protocol-create"),
    path("monitoring/protocollen/<int:pk>", views.protocol_detail, name="protocol"),
    path("monitoring/protocollen/<int:pk>/activeren", views.protocol_activate, name="protocol-activate"),
    path("monitoring/protocollen/<int:pk>/beeindigen", views.protocol_end, name="protocol-end"),
    path("monitoring/monitors/<int:pk>", views.monitor_detail, name="monitor"),
    path("monitoring/monitors/<int:pk>/upload", views.monitor_upload, name="monitor-upload"),
    path("monitoring/uploads/<int:pk>", views.upload_detail, name="upload"),
    path("monitoring/uploads/<int:pk>/voortgang", views.upload_progress, name="upload-progress"),
    path("monitoring/uploads/<int:pk>/fouten.csv", views.upload_errors_csv, name="upload-errors-csv"),
    path("monitoring/monitors/<int:pk>/bronnen", views.source_add, name="source-add"),
    path("monitoring/woordenlijsten", views.configuration, name="configuration"),
    path("monitoring/alerts", views_alerts.alert_list, name="alerts"),
    path("monitoring/alerts/<int:pk>", views_alerts.alert_detail, name="alert"),
    path("monitoring/alerts/<int:pk>/beoordelen", views_alerts.alert_mark, name="alert-mark"),
]
