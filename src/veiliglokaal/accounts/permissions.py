"""Page-level permission checks: every page names the scope it needs."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect, render

from veiliglokaal.audit.models import SecurityAction, SecurityResult
from veiliglokaal.audit.services import log_security


def deny(request, scope: str):
    log_security(SecurityAction.ACCESS_DENIED, result=SecurityResult.DENIED, user=request.user,
                 object_type="pagina", object_id=request.resolver_match.view_name if request.resolver_match else "",
                 municipality_id=getattr(request.tenant, "municipality_id", None), detail={"scope": scope})
    return render(request, "403.html", {"scope": scope}, status=403)


def check_scope(request, scope: str | None):
    """None when the request may go on; otherwise the response that stops it."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if request.tenant is None:
        return redirect("accounts:choose-municipality")
    if scope and not request.tenant.has_scope(scope):
        return deny(request, scope)
    return None


def scope_required(scope: str | None = None):
    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            return check_scope(request, scope) or view(request, *args, **kwargs)

        return wrapped

    return decorator


class ScopeRequiredMixin:
    required_scope: str | None = None

    def dispatch(self, request, *args, **kwargs):
        return check_scope(request, self.required_scope) or super().dispatch(request, *args, **kwargs)
