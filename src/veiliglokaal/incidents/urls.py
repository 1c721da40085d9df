from django.urls import path

from .views import data as views_data, incidents as views, national as views_national

app_name = "incidents"

urlpatterns = [
    path("meldingen", views.incident_list, name="list"),
    path("meldingen/team", views.team_list, name="team"),
    path("meldingen/alle", views.all_list, name="all"),
    path("meldingen/nieuw", views.incident_create, name="create"),
    path("meldingen/werkvoorraad", views.worklist, name="worklist"),
    path("meldingen/overzicht", views.management_overview, name="overview"),
    path("meldingen/landelijk", views_national.national_trends, name="national"),
    path("meldingen/landelijk/csv", views_national.national_csv, name="national-csv"),
    path("meldingen/<int:pk>", views.incident_detail, name="detail"),
    path("meldingen/<int:pk>/aangifte", views.police_report, name="police-report"),
    path("meldingen/<int:pk>/nazorg/starten", views.aftercare_start, name="aftercare-start"),
    path("meldingen/<int:pk>/nazorg/stap", views.aftercare_transition, name="aftercare-transition"),
    path("meldingen/<int:pk>/maatregelen/nieuw", views.measure_create, name="measure-create"),
    path("meldingen/<int:pk>/maatregelen/<int:measure_id>/stap", views.measure_transition, name="measure-transition"),
    path("meldingen/<int:pk>/veroorzaker", views.offender_record, name="offender"),
    path("meldingen/<int:pk>/bijlagen/<int:attachment_id>", views.attachment_download, name="attachment"),
    # data management (views/data.py): exports, quarterly report, import, attachments after reporting
    path("meldingen/gegevens", views_data.data_home, name="data"),
    path("meldingen/export.csv", views_data.export_csv, name="export-csv"),
    path("meldingen/export.xlsx", views_data.export_xlsx, name="export-xlsx"),
    path("meldingen/kwartaalrapport", views_data.quarterly_report, name="quarterly-report"),
    path("meldingen/importeren", views_data.import_upload, name="import"),
    path("meldingen/importeren/<int:pk>", views_data.import_mapping, name="import-mapping"),
    path("meldingen/importeren/<int:pk>/verwerking", views_data.import_detail, name="import-detail"),
    path("meldingen/importeren/<int:pk>/voortgang", views_data.import_progress, name="import-progress"),
    path("meldingen/importeren/<int:pk>/fouten.csv", views_data.import_errors_csv, name="import-errors-csv"),
    path("meldingen/<int:pk>/bijlagen/nieuw", views_data.attachment_add, name="attachment-add"),
]
