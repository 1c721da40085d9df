from django.urls import path

from . import views

app_name = "online"

urlpatterns = [
    path("online-meldingen", views.report_list, name="list"),
    path("online-meldingen/nieuw", views.report_create, name="create"),
    path("online-meldingen/werkvoorraad", views.worklist, name="worklist"),
    path("online-meldingen/platforms", views.platform_list, name="platforms"),
    path("online-meldingen/platforms/<int:pk>", views.platform_edit, name="platform-edit"),
    path("online-meldingen/<int:pk>", views.report_detail, name="detail"),
    path("online-meldingen/<int:pk>/bewijs/nieuw", views.evidence_add, name="evidence-add"),
    path("online-meldingen/<int:pk>/bewijs/<int:evidence_id>", views.evidence_download, name="evidence"),
    path("online-meldingen/<int:pk>/beoordelen", views.assess, name="assess"),
    path("online-meldingen/<int:pk>/stap", views.step, name="step"),
    path("online-meldingen/<int:pk>/notice-verstuurd", views.notice_sent, name="notice-sent"),
    path("online-meldingen/<int:pk>/concept-notice.txt", views.notice_draft, {"fmt": "txt"}, name="notice-draft-txt"),
    path("online-meldingen/<int:pk>/concept-notice.json", views.notice_draft, {"fmt": "json"},
         name="notice-draft-json"),
    path("online-meldingen/<int:pk>/notices/<int:notice_id>.txt", views.notice_download, {"fmt": "txt"},
         name="notice-txt"),
    path("online-meldingen/<int:pk>/notices/<int:notice_id>.json", views.notice_download, {"fmt": "json"},
         name="notice-json"),
    path("online-meldingen/<int:pk>/gir", views.register_in_gir, name="gir"),
]
