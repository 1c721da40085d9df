"""OIDC log-in for municipalities with their own identity provider (mozilla-django-oidc).

Only users that the municipality's admin created (matched by e-mail) may log in this way: an identity
provider proves who someone is, memberships in Veilig Lokaal decide what they may do.
"""

from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from .mfa import IDP_MFA_SESSION_KEY


class MembershipOIDCBackend(OIDCAuthenticationBackend):
    def filter_users_by_claims(self, claims):
        email = claims.get("email")
        if not email:
            return self.UserModel.objects.none()
        return self.UserModel.objects.filter(email__iexact=email, is_active=True)

    def create_user(self, claims):
        return None  # no self-registration: an admin creates users and their memberships

    def authenticate(self, request, **kwargs):
        user = super().authenticate(request, **kwargs)
        if user is not None and request is not None:
            request.session[IDP_MFA_SESSION_KEY] = True
        return user
