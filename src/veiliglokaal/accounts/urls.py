from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("inloggen", views.LoginView.as_view(), name="login"),
    path("inloggen/tweede-factor", views.mfa_view, name="mfa"),
    path("uitloggen", auth_views.LogoutView.as_view(), name="logout"),
    path("gemeente-kiezen", views.choose_municipality, name="choose-municipality"),
    path("wachtwoord-instellen/<uidb64>/<token>", views.SetPasswordView.as_view(), name="set-password"),
    path("beheer/gebruikers", views.member_list, name="members"),
    path("beheer/gebruikers/nieuw", views.member_create, name="member-create"),
    path("beheer/gebruikers/<int:user_id>", views.member_detail, name="member-detail"),
    path("beheer/gebruikers/<int:user_id>/rol-toevoegen", views.member_grant, name="member-grant"),
    path("beheer/rolaanvragen", views.grant_requests, name="grant-requests"),
    path("beheer/rolaanvragen/<int:request_id>/beslissen", views.grant_request_decide, name="grant-request-decide"),
    path("beheer/lidmaatschappen/<int:membership_id>/intrekken", views.member_revoke, name="member-revoke"),
    path("api-sleutels", views.api_tokens, name="api-tokens"),
    path("api-sleutels/<int:token_id>/intrekken", views.api_token_revoke, name="api-token-revoke"),
]
