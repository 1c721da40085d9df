from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from veiliglokaal.audit.models import SecurityAction, SecurityResult
from veiliglokaal.audit.services import log_security, processing

from . import mfa, services
from .forms import ApiTokenForm, ApproveGrantForm, GrantRoleForm, LoginForm, TokenForm, UserCreateForm
from .middleware import choose
from .models import ApiToken, GrantStatus, Membership, RoleGrantRequest, User, demo_mode
from .permissions import scope_required
from .scopes import Role, Scope, grantable_roles, needs_four_eyes
from .selectors import municipalities_of, organisations_of, tenant_for


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(oidc_enabled=settings.OIDC_ENABLED, **kwargs)
        if demo_mode():
            from veiliglokaal.demo.accounts import DEMO_PASSWORD, DEMO_USERS

            context.update(demo_users=DEMO_USERS, demo_password=DEMO_PASSWORD)
        return context


def mfa_view(request):
    """Second step of logging in: verify a TOTP code, or enrol a device first."""
    if not request.user.is_authenticated:
        return redirect("accounts:login")
    if mfa.is_mfa_satisfied(request):
        return redirect(_safe_next(request) or "core:home")
    device = mfa.confirmed_device(request.user)
    enrolling = device is None
    if enrolling:
        device = mfa.pending_device(request.user)
    form = TokenForm(request.POST or None)
    allowed, throttle = device.verify_is_allowed()
    if request.method == "POST" and form.is_valid() and not allowed:
        # django-otp slows down guessing after a wrong code; say so instead of calling a right code wrong.
        form.add_error("token", _("Na een onjuiste code moet u even wachten. Probeer het over een paar seconden opnieuw."))
    elif request.method == "POST" and form.is_valid():
        if mfa.verify_and_login(request, device, form.cleaned_data["token"]):
            if enrolling:
                services.confirm_mfa_device(request.user, device)
            log_security(SecurityAction.MFA_VERIFIED, user=request.user, object_type="gebruiker", object_id=request.user.pk)
            return redirect(_safe_next(request) or "core:home")
        log_security(SecurityAction.MFA_FAILED, result=SecurityResult.FAILURE, user=request.user,
                     object_type="gebruiker", object_id=request.user.pk)
        form.add_error("token", _("Deze code klopt niet of is verlopen. Wacht op een nieuwe code en probeer het opnieuw."))
    context = {"form": form, "enrolling": enrolling, "demo_code": _demo_code(device)}
    if enrolling:
        context.update(qr_svg=mfa.qr_svg(device), secret=mfa.secret_base32(device))
    return render(request, "accounts/mfa.html", context)


def _safe_next(request) -> str | None:
    """The `next` parameter only when it is a path on this site (no open redirect after log-in): it must start
    with one slash, not `//` or `/\\` (another host to a browser), and pass Django's own check."""
    target = request.GET.get("next") or ""
    if (target.startswith("/") and not target.startswith(("//", "/\\")) and "\n" not in target and "\r" not in target
            and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                require_https=request.is_secure())):
        return target
    return None


def _demo_code(device) -> str | None:
    """In demo mode only, the current code of a demo device, so the demo works without an app."""
    from veiliglokaal.demo.accounts import DEMO_TOTP_KEY

    if not demo_mode() or device.key != DEMO_TOTP_KEY:
        return None
    from django_otp.oath import TOTP

    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def choose_municipality(request):
    """Choose what to act for: one of the user's municipalities or partner organisations (ADR 2, ADR 13)."""
    if not request.user.is_authenticated:
        return redirect("accounts:login")
    municipalities = list(municipalities_of(request.user))
    organisations = list(organisations_of(request.user))
    if request.method == "POST":
        municipality_id, organisation_id = _chosen(request.POST)
        tenant = tenant_for(request.user, municipality_id, organisation_id) if (
            municipality_id or organisation_id) else None
        if tenant is None:
            messages.error(request, _("Kies een gemeente of organisatie waarvoor u een rol heeft.")
                           if organisations else _("Kies een gemeente waarvoor u een rol heeft."))
        else:
            choose(request.session, tenant.municipality_id, tenant.organisation_id)
            if tenant.organisation_id is not None:
                log_security(SecurityAction.MUNICIPALITY_SWITCHED, user=request.user, object_type="organisatie",
                             object_id=tenant.organisation_id)
            else:
                log_security(SecurityAction.MUNICIPALITY_SWITCHED, user=request.user, object_type="gemeente",
                             object_id=tenant.municipality_code, municipality_id=tenant.municipality_id)
            return redirect("core:home")
    return render(request, "accounts/choose_municipality.html",
                  {"municipalities": municipalities, "organisations": organisations})


def _chosen(data) -> tuple[int | None, int | None]:
    """(municipality id, organisation id) from the form: `acting_for` is "gemeente-<id>" or "organisatie-<id>";
    `municipality=<id>` and `organisation=<id>` are accepted too."""
    value = data.get("acting_for", "")
    kind, _sep, number = value.rpartition("-")
    if not value:
        kind, number = ("gemeente", data.get("municipality", "")) if data.get("municipality") else (
            "organisatie", data.get("organisation", ""))
    if not number.isdigit() or len(number) > 12:
        return None, None
    return (int(number), None) if kind == "gemeente" else (None, int(number)) if kind == "organisatie" else (None, None)


@scope_required(Scope.MEMBERS_MANAGE)
def member_list(request):
    memberships = Membership.objects.for_tenant(request.tenant).select_related("user").order_by("user__username", "role")
    users: dict[int, dict] = {}
    for membership in memberships:
        entry = users.setdefault(membership.user_id, {"user": membership.user, "roles": []})
        entry["roles"].append(membership.get_role_display())
    return render(request, "accounts/member_list.html", {"users": list(users.values())})


@scope_required(Scope.MEMBERS_MANAGE)
def member_create(request):
    form = UserCreateForm(request.POST or None)
    allowed = grantable_roles(request.tenant.roles)
    form.fields["role"].choices = [(v, label) for v, label in Role.choices if v in allowed and not needs_four_eyes(v)]
    if request.method == "POST" and form.is_valid():
        try:
            user = services.create_user(request.tenant, invite_base_url=request.build_absolute_uri("/"), **form.cleaned_data)
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("Gebruiker aangemaakt. Er is een e-mail verstuurd om het wachtwoord in te stellen."))
            return redirect("accounts:member-detail", user_id=user.pk)
    return render(request, "accounts/member_form.html", {"form": form})


@scope_required(Scope.MEMBERS_MANAGE)
def member_detail(request, user_id: int):
    memberships = list(Membership.objects.for_tenant(request.tenant).filter(user_id=user_id).select_related("user"))
    if not memberships:
        return render(request, "404.html", status=404)
    user = memberships[0].user
    with processing(activity=services.USER_ADMIN_ACTIVITY, name="gebruiker bekeken", subject_type="gebruiker",
                    subject_id=user.pk, municipality_id=request.tenant.municipality_id, actor_id=request.user.pk):
        form = _grant_form(request)
    pending = RoleGrantRequest.objects.for_tenant(request.tenant).filter(user=user, status=GrantStatus.PENDING)
    return render(request, "accounts/member_detail.html",
                  {"member": user, "memberships": memberships, "form": form, "pending": pending,
                   "is_self": user.pk == request.user.pk})


def _grant_form(request, data=None) -> GrantRoleForm:
    form = GrantRoleForm(data)
    allowed = grantable_roles(request.tenant.roles)
    form.fields["role"].choices = [(value, label) for value, label in Role.choices if value in allowed]
    return form


@require_POST
@scope_required(Scope.MEMBERS_MANAGE)
def member_grant(request, user_id: int):
    # A subquery, not a join: a user with several roles here must still be one row.
    user = get_object_or_404(User, pk=user_id,
                             pk__in=Membership.objects.for_tenant(request.tenant).values("user_id"))
    form = _grant_form(request, request.POST)
    if form.is_valid():
        role = form.cleaned_data["role"]
        try:
            if needs_four_eyes(role):
                services.request_role_grant(request.tenant, user, role, form.cleaned_data["reason"])
                messages.success(request, _("Aanvraag vastgelegd. Een andere beheerder van uw gemeente moet de rol "
                                            "goedkeuren voordat hij geldt."))
            else:
                services.grant_role(request.tenant, user, role)
                messages.success(request, _("Rol toegevoegd."))
        except (PermissionDenied, ValidationError) as error:
            messages.error(request, " ".join(getattr(error, "messages", None) or [str(error)]))
    else:
        messages.error(request, _("U mag deze rol niet toekennen."))
    return redirect("accounts:member-detail", user_id=user.pk)


@scope_required(Scope.MEMBERS_MANAGE)
def grant_requests(request, form=None, failed_id=None):
    pending = (RoleGrantRequest.objects.for_tenant(request.tenant).filter(status=GrantStatus.PENDING)
               .select_related("user", "requested_by"))
    decided = (RoleGrantRequest.objects.for_tenant(request.tenant).exclude(status=GrantStatus.PENDING)
               .select_related("user", "requested_by", "decided_by")[:20])
    return render(request, "accounts/grant_requests.html", {
        "pending": pending, "decided": decided, "form": form or ApproveGrantForm(), "failed_id": failed_id,
        "me": request.user.pk}, status=400 if form is not None else 200)


@require_POST
@scope_required(Scope.MEMBERS_MANAGE)
def grant_request_decide(request, request_id: int):
    get_object_or_404(RoleGrantRequest.objects.for_tenant(request.tenant), pk=request_id)
    approve = request.POST.get("besluit") == "goedkeuren"
    form = ApproveGrantForm(request.POST if approve else None)
    if approve and not form.is_valid():
        return grant_requests(request, form=form, failed_id=request_id)
    try:
        services.decide_role_grant(request.tenant, request_id, approve=approve,
                                   password=form.cleaned_data["password"] if approve else "",
                                   token=form.cleaned_data["token"] if approve else "")
    except services.ReauthenticationFailed as error:
        form.add_error(None, error.messages[0])
        return grant_requests(request, form=form, failed_id=request_id)
    except (PermissionDenied, ValidationError) as error:
        messages.error(request, " ".join(getattr(error, "messages", None) or [str(error)]))
    else:
        messages.success(request, _("Aanvraag goedgekeurd; de rol geldt nu.") if approve else _("Aanvraag afgewezen."))
    return redirect("accounts:grant-requests")


@require_POST
@scope_required(Scope.MEMBERS_MANAGE)
def member_revoke(request, membership_id: int):
    membership = get_object_or_404(Membership.objects.for_tenant(request.tenant), pk=membership_id)
    try:
        services.revoke_role(request.tenant, membership.pk)
        messages.success(request, _("Rol ingetrokken."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("accounts:member-detail", user_id=membership.user_id)


@scope_required(Scope.API_TOKENS)
def api_tokens(request):
    form = ApiTokenForm(request.POST or None)
    issued = None
    if request.method == "POST" and form.is_valid():
        issued = services.issue_api_token(request.tenant, request.user, form.cleaned_data["name"],
                                          form.cleaned_data["days_valid"])
        form = ApiTokenForm()
    tokens = ApiToken.objects.for_tenant(request.tenant)
    return render(request, "accounts/api_tokens.html", {"form": form, "issued": issued, "tokens": tokens})


@require_POST
@scope_required(Scope.API_TOKENS)
def api_token_revoke(request, token_id: int):
    get_object_or_404(ApiToken.objects.for_tenant(request.tenant), pk=token_id)
    services.revoke_api_token(request.tenant, request.user, token_id)
    messages.success(request, _("API-sleutel ingetrokken."))
    return redirect("accounts:api-tokens")


class SetPasswordView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/set_password.html"
    success_url = "/inloggen"
    post_reset_login = False

    def form_valid(self, form):
        messages.success(self.request, _("Uw wachtwoord is ingesteld. U kunt nu inloggen."))
        return super().form_valid(form)
