from django.utils.translation import gettext_lazy as _
from rest_framework import permissions


class HasScope(permissions.BasePermission):
    """The view's `required_scope` must be granted by the caller's roles in the active municipality."""

    message = _("U heeft geen recht op deze gegevens.")

    def has_permission(self, request, view):
        tenant = request.auth
        if tenant is None or not hasattr(tenant, "has_scope"):
            return False
        scope = getattr(view, "required_scope", None)
        return scope is None or tenant.has_scope(scope)
