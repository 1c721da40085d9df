from django.urls import path

from . import views

app_name = "enforcement"

urlpatterns = [
    path("handhaving", views.case_list, name="list"),
    path("handhaving/<int:pk>", views.case_detail, name="detail"),
    path("handhaving/<int:pk>/stap", views.case_transition, name="transition"),
    path("handhaving/<int:pk>/eigenaar", views.case_reassign, name="reassign"),
    path("handhaving/<int:pk>/bewijs", views.evidence_add, name="evidence-add"),
    path("handhaving/<int:pk>/bewijs/<int:evidence_id>", views.evidence_download, name="evidence"),
]
