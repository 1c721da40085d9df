"""The tenancy matrix: no role of municipality A reads, exports or acts on anything of municipality B.

Every endpoint and page is declared once in READS or ACTIONS below and then checked for every role
(`Role.values`), by browser session and, for the API, by API token. A new endpoint is one line.

For every role of A:
- lists and exports contain none of B's memberships, users, log entries or API tokens (checked by
  distinctive markers in the raw response and, for API lists, structurally);
- details/actions on B's ids answer exactly as for an id that does not exist (404 with the scope, the
  scope's 403 without it) and change nothing of B's — never a 403 that would reveal that the id exists;
- a role without the scope gets 403 (problem+json on the API), and the navigation shows only what the
  role's scopes allow.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable

import pytest
from django.test import Client

from veiliglokaal.accounts.models import ApiToken, Membership, User
from veiliglokaal.accounts.scopes import Role, Scope, scopes_for_roles
from veiliglokaal.accounts.services import issue_api_token
from veiliglokaal.audit import context as trace_context
from veiliglokaal.audit.models import ProcessingLogEntry, SecurityAction, SecurityEvent
from veiliglokaal.audit.services import log_processing, log_security, pseudonymise
from veiliglokaal.core.navigation import NAVIGATION
from veiliglokaal.core.tenancy import Tenant

from tests.conftest import logged_in_client, make_user

pytestmark = pytest.mark.django_db

MISSING_ID = 987654321

# Distinctive strings that exist only in B's data (and, for the positive control, only in A's).
B_USERNAME = "hw-geheim-gebruiker"
B_PROCESSING_NAME = "B-VERWERKING-GEHEIM"
B_SECURITY_OBJECT = "B-BEVEILIGING-GEHEIM"
B_LOGIN_OBJECT = "B-LOGIN-GEHEIM"
B_TOKEN_NAME = "B-SLEUTEL-GEHEIM"
B_TRACE = "b0" * 16
A_USERNAME = "erm-zichtbaar-gebruiker"
A_PROCESSING_NAME = "A-VERWERKING-ZICHTBAAR"
A_SECURITY_OBJECT = "A-BEVEILIGING-ZICHTBAAR"
A_TRACE = "a0" * 16
B_INCIDENT_TEXT = "B-MELDING-GEHEIM"
B_VICTIM = "B-GETROFFENE-GEHEIM"
B_DEPARTMENT = "B-AFDELING-GEHEIM"
B_OFFENDER = "B-VEROORZAKER-GEHEIM"


@dataclass
class World:
    a: object
    b: object
    users_a: dict
    users_b: dict
    b_user: User
    b_membership: Membership
    b_token: ApiToken
    b_token_key: str
    a_user: User
    a_membership: Membership
    b_markers: list[str] = field(default_factory=list)
    b_processing_sequences: set[int] = field(default_factory=set)
    b_security_sequences: set[int] = field(default_factory=set)
    b_incident: object = None  # GIR: an incident of B with attachment, offender, aftercare and a measure


def _tenant(user, municipality) -> Tenant:
    from veiliglokaal.accounts.selectors import tenant_for

    return tenant_for(user, municipality.pk)


def _b_incident(municipality_b, users_b):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import timezone

    from veiliglokaal.incidents import services as gir

    coordinator = users_b[Role.COORDINATOR]
    tenant = _tenant(coordinator, municipality_b)
    incident = gir.create_incident(tenant, coordinator, {
        "occurred_at": timezone.now(), "location": "balie", "victim_role": "baliemedewerker", "types": ["bedreiging"],
        "channel": "face-to-face", "description": B_INCIDENT_TEXT, "department": B_DEPARTMENT, "victim_user": None,
        "victim_name": B_VICTIM,
    }, files=[SimpleUploadedFile("b.png", b"\x89PNG\r\n\x1a\n" + b"0" * 32)],
        offender=gir.OffenderInput(name=B_OFFENDER))
    gir.start_aftercare(tenant, coordinator, incident, coordinator)
    gir.add_measure(tenant, coordinator, incident, "police_report", coordinator)
    return incident


@pytest.fixture
def world(municipality_a, municipality_b, users_a, users_b, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    b_user = make_user(B_USERNAME, municipality_b, Role.ANALYST)
    b_user.first_name, b_user.last_name = "Hendrikje", "Harderwijkgeheim"
    b_user.save()
    a_user = make_user(A_USERNAME, municipality_a, Role.ANALYST)

    trace_context.start(f"00-{B_TRACE}-{'b1' * 8}-01")
    b_entry = log_processing(activity="accounts.gebruikersbeheer", name=B_PROCESSING_NAME, subject_type="gebruiker",
                             subject_id=b_user.pk, municipality_id=municipality_b.pk, actor_id=users_b[Role.ADMIN].pk)
    b_event = log_security(SecurityAction.PERMISSION_CHANGED, user=users_b[Role.ADMIN], object_type="gebruiker",
                           object_id=B_SECURITY_OBJECT, municipality_id=municipality_b.pk)
    # A log-in event precedes choosing a municipality (municipality NULL): visible only to the actor's own municipality.
    b_login = log_security(SecurityAction.LOGIN, user=b_user, object_type="gebruiker", object_id=B_LOGIN_OBJECT)
    issued = issue_api_token(_tenant(b_user, municipality_b), b_user, B_TOKEN_NAME)
    token_event = SecurityEvent.objects.get(action=SecurityAction.TOKEN_CREATED, object_id=str(issued.token.pk))

    trace_context.start(f"00-{A_TRACE}-{'a1' * 8}-01")
    log_processing(activity="accounts.gebruikersbeheer", name=A_PROCESSING_NAME, subject_type="gebruiker",
                   subject_id=a_user.pk, municipality_id=municipality_a.pk, actor_id=users_a[Role.ADMIN].pk)
    log_security(SecurityAction.PERMISSION_CHANGED, user=users_a[Role.ADMIN], object_type="gebruiker",
                 object_id=A_SECURITY_OBJECT, municipality_id=municipality_a.pk)

    b_markers = [B_USERNAME, "Harderwijkgeheim", B_PROCESSING_NAME, B_SECURITY_OBJECT, B_LOGIN_OBJECT, B_TOKEN_NAME,
                 B_TRACE, issued.key, issued.token.key_hash, pseudonymise("gebruiker", b_user.pk)[:12]]
    b_markers += [user.username for user in users_b.values()]
    b_incident = _b_incident(municipality_b, users_b)
    b_markers += [B_INCIDENT_TEXT, B_VICTIM, B_DEPARTMENT, B_OFFENDER, b_incident.reference]
    return World(
        a=municipality_a, b=municipality_b, users_a=users_a, users_b=users_b,
        b_user=b_user, b_membership=b_user.memberships.get(), b_token=issued.token, b_token_key=issued.key,
        a_user=a_user, a_membership=a_user.memberships.get(), b_markers=b_markers,
        b_processing_sequences={b_entry.sequence},
        b_security_sequences={b_event.sequence, b_login.sequence, token_event.sequence}, b_incident=b_incident,
    )


def _has_scope(role: str, scope: str | None) -> bool:
    return scope is None or scope in scopes_for_roles({role})


def _assert_no_b_data(response, world: World):
    body = b"".join(response.streaming_content) if response.streaming else response.content
    text = body.decode("utf-8", errors="replace")
    leaked = [marker for marker in world.b_markers if marker in text]
    assert not leaked, f"{response.request['PATH_INFO']} leaks B's data: {leaked}"
    return text


# --------------------------------------------------------------------------------------------------
# Reads: lists, pages, exports. (path, scope the role needs, markers of A that must show when allowed)
# --------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Read:
    path: str
    scope: str | None
    a_markers: tuple[str, ...] = ()
    api: bool = False

    def __str__(self):
        return self.path


READS = [
    Read("/", None),
    Read("/mijn-gemeente", Scope.REGISTRY_VIEW),
    Read("/beheer/gebruikers", Scope.MEMBERS_MANAGE, (A_USERNAME,)),
    Read("/verantwoording/verwerkingslog", Scope.AUDIT_VIEW, (A_PROCESSING_NAME, A_TRACE)),
    Read("/verantwoording/beveiligingslog", Scope.AUDIT_VIEW, (A_SECURITY_OBJECT,)),
    Read("/verantwoording/verwerkingslog?export=csv", Scope.AUDIT_EXPORT, (A_PROCESSING_NAME, A_TRACE)),
    Read("/verantwoording/beveiligingslog?export=csv", Scope.AUDIT_EXPORT, (A_SECURITY_OBJECT,)),
    Read("/verwerkingsregister", Scope.REGISTER_VIEW),
    Read("/api-sleutels", Scope.API_TOKENS),
    Read("/api/v1/me", None, api=True),
    Read("/api/v1/municipalities", Scope.REGISTRY_VIEW, api=True),
    Read("/api/v1/municipalities/GM0233", Scope.REGISTRY_VIEW, api=True),
    Read("/api/v1/processing-activities", Scope.REGISTER_VIEW, api=True),
    Read("/api/v1/memberships", Scope.MEMBERS_MANAGE, (A_USERNAME,), api=True),
    Read("/api/v1/memberships?pageSize=500", Scope.MEMBERS_MANAGE, (A_USERNAME,), api=True),
    Read("/api/v1/processing-log", Scope.AUDIT_VIEW, (A_PROCESSING_NAME, A_TRACE), api=True),
    Read(f"/api/v1/processing-log?traceId={B_TRACE}", Scope.AUDIT_VIEW, api=True),
    Read("/api/v1/security-log", Scope.AUDIT_VIEW, (A_SECURITY_OBJECT,), api=True),
    Read("/meldingen", Scope.INCIDENTS_REPORT),
    Read("/meldingen/team", Scope.INCIDENTS_TEAM),
    Read("/meldingen/alle", Scope.INCIDENTS_MANAGE),
    Read("/meldingen/nieuw", Scope.INCIDENTS_REPORT),
    Read("/meldingen/werkvoorraad", Scope.INCIDENTS_MANAGE),
    Read("/meldingen/overzicht", Scope.INCIDENTS_MANAGE),
    Read("/meldingen/gegevens", Scope.INCIDENTS_MANAGE),
    Read("/meldingen/export.csv", Scope.INCIDENTS_MANAGE),
    Read("/meldingen/export.xlsx", Scope.INCIDENTS_MANAGE),
    Read("/meldingen/kwartaalrapport", Scope.INCIDENTS_MANAGE),
    Read("/meldingen/importeren", Scope.INCIDENTS_MANAGE),
    Read("/api/v1/incidents", Scope.INCIDENTS_REPORT, api=True),
    # National GIR trends: suppressed aggregates of all municipalities, no municipal data of A or B (ADR 7).
    Read("/meldingen/landelijk", Scope.INCIDENTS_NATIONAL),
    Read("/meldingen/landelijk/csv", Scope.INCIDENTS_NATIONAL),
    Read("/api/v1/incident-trends", Scope.INCIDENTS_NATIONAL, api=True),
    # DOOK scoring: indicator settings and runs (sources scope), Algoritmeregister entry (every DOOK role).
    Read("/onregelmatigheden/instellingen", Scope.IRREGULARITIES_SOURCES),
    Read("/onregelmatigheden/instellingen/occupancy", Scope.IRREGULARITIES_SOURCES),
    Read("/onregelmatigheden/algoritme", Scope.IRREGULARITIES_VIEW),
    Read("/onregelmatigheden/algoritme.json", Scope.IRREGULARITIES_VIEW),
    Read("/api/v1/algorithm-register", Scope.IRREGULARITIES_VIEW, api=True),
]


def _export_expectation(role: str, read: Read) -> int:
    # An export needs the page's view scope first, then the export scope.
    if read.scope == Scope.AUDIT_EXPORT and not _has_scope(role, Scope.AUDIT_VIEW):
        return 403
    return 200 if _has_scope(role, read.scope) else 403


def _check_read(response, role, read: Read, world: World):
    expected = _export_expectation(role, read)
    assert response.status_code == expected, (role, read.path, response.status_code)
    text = _assert_no_b_data(response, world)
    if expected == 200:
        for marker in read.a_markers:
            assert marker in text, f"{read.path}: A's own data ({marker}) is missing for {role}"
    if read.api:
        assert response["API-Version"]
        if expected == 403:
            assert response["Content-Type"].startswith("application/problem+json")
            assert response.json()["title"] == "Geen toegang"
        else:
            _check_api_list_structure(response.json(), read, world)
    return text


def _check_api_list_structure(data, read: Read, world: World):
    results = data.get("results") if isinstance(data, dict) else None
    if results is None:
        return
    if read.path.startswith("/api/v1/memberships"):
        assert {row["municipality"] for row in results} == {world.a.code}
        assert world.b_membership.pk not in {row["id"] for row in results}
    elif read.path.startswith("/api/v1/processing-log"):
        assert not {row["sequence"] for row in results} & world.b_processing_sequences
    elif read.path.startswith("/api/v1/security-log"):
        assert not {row["sequence"] for row in results} & world.b_security_sequences


@pytest.mark.parametrize("read", READS, ids=str)
@pytest.mark.parametrize("role", Role.values)
def test_reads_by_session_show_nothing_of_b(role, read, world):
    client = logged_in_client(world.users_a[role], world.a)
    response = client.get(read.path)
    text = _check_read(response, role, read, world)
    if read.path.endswith("export=csv") and response.status_code == 200:
        assert response["Content-Type"].startswith("text/csv")
        assert text.splitlines()[0].startswith("sequence;")


API_READS = [read for read in READS if read.api]


@pytest.mark.parametrize("read", API_READS, ids=str)
@pytest.mark.parametrize("role", Role.values)
def test_api_reads_by_token_show_nothing_of_b(role, read, world):
    user = world.users_a[role]
    issued = issue_api_token(_tenant(user, world.a), user, "matrix")
    response = Client().get(read.path, HTTP_AUTHORIZATION=f"Token {issued.key}")
    _check_read(response, role, read, world)
    if read.path == "/api/v1/me":
        assert response.json()["municipality"] == world.a.code
        assert response.json()["roles"] == [role]


def test_api_token_of_a_sees_a_and_token_of_b_sees_b(world):
    """The same endpoint, two tokens: each sees only its own municipality."""
    a_admin = world.users_a[Role.ADMIN]
    a_key = issue_api_token(_tenant(a_admin, world.a), a_admin, "a").key
    b_admin = world.users_b[Role.ADMIN]
    b_key = issue_api_token(_tenant(b_admin, world.b), b_admin, "b").key
    a_rows = Client().get("/api/v1/memberships?pageSize=500", HTTP_AUTHORIZATION=f"Token {a_key}").json()["results"]
    b_rows = Client().get("/api/v1/memberships?pageSize=500", HTTP_AUTHORIZATION=f"Token {b_key}").json()["results"]
    assert {r["municipality"] for r in a_rows} == {"GM0233"}
    assert {r["municipality"] for r in b_rows} == {"GM0243"}
    assert B_USERNAME in {r["username"] for r in b_rows}
    assert B_USERNAME not in {r["username"] for r in a_rows}
    a_log = Client().get("/api/v1/processing-log", HTTP_AUTHORIZATION=f"Token {a_key}").json()["results"]
    b_log = Client().get("/api/v1/processing-log", HTTP_AUTHORIZATION=f"Token {b_key}").json()["results"]
    assert A_PROCESSING_NAME in {r["name"] for r in a_log} and B_PROCESSING_NAME not in {r["name"] for r in a_log}
    assert B_PROCESSING_NAME in {r["name"] for r in b_log} and A_PROCESSING_NAME not in {r["name"] for r in b_log}


def test_token_of_a_cannot_be_pointed_at_b(world):
    """The municipality comes from the token, not from the session or anything the caller sends."""
    a_admin = world.users_a[Role.ADMIN]
    key = issue_api_token(_tenant(a_admin, world.a), a_admin, "a").key
    client = logged_in_client(a_admin, world.b)  # session would say B (where a_admin has no role at all)
    response = client.get("/api/v1/memberships", HTTP_AUTHORIZATION=f"Token {key}")
    assert response.status_code == 200
    assert {r["municipality"] for r in response.json()["results"]} == {"GM0233"}


# --------------------------------------------------------------------------------------------------
# Actions and details on B's ids: same answer as for an id that does not exist, and nothing changes.
# --------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Action:
    name: str
    method: str
    path: Callable[[World], str]
    missing_path: str
    scope: str
    unchanged: Callable[[World], None] = lambda world: None
    data: dict | None = None
    api: bool = False

    def __str__(self):
        return self.name


def _b_user_unchanged(world: World):
    assert list(world.b_user.memberships.values_list("municipality_id", "role", "is_active")) == [
        (world.b.pk, Role.ANALYST, True)]


def _b_membership_unchanged(world: World):
    assert Membership.objects.filter(pk=world.b_membership.pk, is_active=True).exists()


def _b_token_unchanged(world: World):
    world.b_token.refresh_from_db()
    assert world.b_token.revoked_at is None


ACTIONS = [
    Action("member-detail", "get", lambda w: f"/beheer/gebruikers/{w.b_user.pk}", f"/beheer/gebruikers/{MISSING_ID}",
           Scope.MEMBERS_MANAGE, _b_user_unchanged),
    Action("member-detail-of-b-admin", "get", lambda w: f"/beheer/gebruikers/{w.users_b[Role.ADMIN].pk}",
           f"/beheer/gebruikers/{MISSING_ID}", Scope.MEMBERS_MANAGE),
    Action("role-grant", "post", lambda w: f"/beheer/gebruikers/{w.b_user.pk}/rol-toevoegen",
           f"/beheer/gebruikers/{MISSING_ID}/rol-toevoegen", Scope.MEMBERS_MANAGE, _b_user_unchanged,
           data={"role": Role.ADMIN}),
    Action("role-revoke", "post", lambda w: f"/beheer/lidmaatschappen/{w.b_membership.pk}/intrekken",
           f"/beheer/lidmaatschappen/{MISSING_ID}/intrekken", Scope.MEMBERS_MANAGE, _b_membership_unchanged),
    Action("token-revoke", "post", lambda w: f"/api-sleutels/{w.b_token.pk}/intrekken",
           f"/api-sleutels/{MISSING_ID}/intrekken", Scope.API_TOKENS, _b_token_unchanged),
    Action("api-membership-detail", "get", lambda w: f"/api/v1/memberships/{w.b_membership.pk}",
           f"/api/v1/memberships/{MISSING_ID}", Scope.MEMBERS_MANAGE, api=True),
    Action("incident-detail", "get", lambda w: f"/meldingen/{w.b_incident.pk}", f"/meldingen/{MISSING_ID}",
           Scope.INCIDENTS_REPORT),
    Action("incident-police-report", "get", lambda w: f"/meldingen/{w.b_incident.pk}/aangifte",
           f"/meldingen/{MISSING_ID}/aangifte", Scope.INCIDENTS_MANAGE),
    Action("incident-attachment", "get",
           lambda w: f"/meldingen/{w.b_incident.pk}/bijlagen/{w.b_incident.attachments.get().pk}",
           f"/meldingen/{MISSING_ID}/bijlagen/{MISSING_ID}", Scope.INCIDENTS_REPORT),
    Action("incident-aftercare-start", "post", lambda w: f"/meldingen/{w.b_incident.pk}/nazorg/starten",
           f"/meldingen/{MISSING_ID}/nazorg/starten", Scope.INCIDENTS_HANDLE, lambda w: _b_incident_unchanged(w),
           data={"nazorg-owner": "1"}),
    Action("incident-aftercare-step", "post", lambda w: f"/meldingen/{w.b_incident.pk}/nazorg/stap",
           f"/meldingen/{MISSING_ID}/nazorg/stap", Scope.INCIDENTS_HANDLE, lambda w: _b_incident_unchanged(w),
           data={"transition": "decline", "reason": "matrix"}),
    Action("incident-measure-create", "post", lambda w: f"/meldingen/{w.b_incident.pk}/maatregelen/nieuw",
           f"/meldingen/{MISSING_ID}/maatregelen/nieuw", Scope.INCIDENTS_HANDLE, lambda w: _b_incident_unchanged(w),
           data={"maatregel-kind": "conversation", "maatregel-owner": "1"}),
    Action("incident-measure-step", "post",
           lambda w: f"/meldingen/{w.b_incident.pk}/maatregelen/{w.b_incident.measures.get().pk}/stap",
           f"/meldingen/{MISSING_ID}/maatregelen/{MISSING_ID}/stap", Scope.INCIDENTS_HANDLE,
           lambda w: _b_incident_unchanged(w), data={"transition": "cancel", "reason": "matrix"}),
    Action("incident-offender", "post", lambda w: f"/meldingen/{w.b_incident.pk}/veroorzaker",
           f"/meldingen/{MISSING_ID}/veroorzaker", Scope.INCIDENTS_OFFENDERS, lambda w: _b_incident_unchanged(w),
           data={"name": "overschreven"}),
    Action("incident-attachment-add", "get", lambda w: f"/meldingen/{w.b_incident.pk}/bijlagen/nieuw",
           f"/meldingen/{MISSING_ID}/bijlagen/nieuw", Scope.INCIDENTS_REPORT),
    Action("incident-attachment-add-post", "post", lambda w: f"/meldingen/{w.b_incident.pk}/bijlagen/nieuw",
           f"/meldingen/{MISSING_ID}/bijlagen/nieuw", Scope.INCIDENTS_REPORT, lambda w: _b_incident_unchanged(w),
           data={"attachments": ""}),
    Action("api-incident-detail", "get", lambda w: f"/api/v1/incidents/{w.b_incident.pk}",
           f"/api/v1/incidents/{MISSING_ID}", Scope.INCIDENTS_REPORT, api=True),
    Action("scoring-run-detail", "get", lambda w: f"/onregelmatigheden/berekeningen/{_b_scoring_run(w).pk}",
           f"/onregelmatigheden/berekeningen/{MISSING_ID}", Scope.IRREGULARITIES_SOURCES),
]


def _b_scoring_run(world: World):
    from veiliglokaal.irregularities.models import ScoringRun

    return ScoringRun.objects.get_or_create(municipality=world.b, algorithm_version="matrix")[0]


def _b_incident_unchanged(world: World):
    incident = world.b_incident
    assert incident.aftercare.__class__.objects.get(incident=incident).state == "first_contact"
    assert [m.state for m in incident.measures.all()] == ["planned"]
    assert incident.offender.__class__.objects.get(incident=incident).name == B_OFFENDER
    assert incident.events.count() == 5


@pytest.mark.parametrize("action", ACTIONS, ids=str)
@pytest.mark.parametrize("role", Role.values)
def test_actions_on_b_ids_answer_as_if_they_do_not_exist(role, action, world):
    client = logged_in_client(world.users_a[role], world.a)
    send = getattr(client, action.method)
    response = send(action.path(world), data=action.data) if action.data else send(action.path(world))
    missing = send(action.missing_path, data=action.data) if action.data else send(action.missing_path)
    expected = 404 if _has_scope(role, action.scope) else 403
    assert response.status_code == expected, (role, action.name, response.status_code)
    assert missing.status_code == expected
    _assert_no_b_data(response, world)
    action.unchanged(world)
    if action.api:
        assert response["Content-Type"].startswith("application/problem+json")
        assert response.json()["title"] == missing.json()["title"]
        assert response.json()["detail"] == missing.json()["detail"]


@pytest.mark.parametrize("role", Role.values)
def test_api_detail_of_b_by_token_is_404(role, world):
    user = world.users_a[role]
    key = issue_api_token(_tenant(user, world.a), user, "matrix").key
    response = Client().get(f"/api/v1/memberships/{world.b_membership.pk}", HTTP_AUTHORIZATION=f"Token {key}")
    assert response.status_code == (404 if _has_scope(role, Scope.MEMBERS_MANAGE) else 403)
    assert response["Content-Type"].startswith("application/problem+json")


def test_token_of_another_user_in_a_is_also_404(world):
    """API keys are personal: even within A, another user's key cannot be revoked or seen."""
    other = world.users_a[Role.ANALYST]
    other_token = issue_api_token(_tenant(other, world.a), other, "van een collega").token
    client = logged_in_client(world.users_a[Role.ADMIN], world.a)
    assert "van een collega" not in client.get("/api-sleutels").content.decode()
    assert client.post(f"/api-sleutels/{other_token.pk}/intrekken").status_code == 404
    other_token.refresh_from_db()
    assert other_token.revoked_at is None


def test_positive_control_admin_of_a_can_act_on_a(world):
    """The same actions on A's own ids work, so the 404s above are not vacuous."""
    admin = world.users_a[Role.ADMIN]
    client = logged_in_client(admin, world.a)
    detail = client.get(f"/beheer/gebruikers/{world.a_user.pk}")
    assert detail.status_code == 200 and A_USERNAME in detail.content.decode()
    assert client.post(f"/beheer/gebruikers/{world.a_user.pk}/rol-toevoegen",
                       {"role": Role.ENFORCER}).status_code == 302
    assert set(world.a_user.memberships.values_list("role", flat=True)) == {Role.ANALYST, Role.ENFORCER}
    assert client.post(f"/beheer/lidmaatschappen/{world.a_membership.pk}/intrekken").status_code == 302
    assert not Membership.objects.filter(pk=world.a_membership.pk).exists()
    assert client.get(f"/api/v1/memberships/{world.users_a[Role.EMPLOYEE].memberships.get().pk}").status_code == 200
    own = issue_api_token(_tenant(admin, world.a), admin, "eigen")
    assert client.post(f"/api-sleutels/{own.token.pk}/intrekken").status_code == 302


def test_grant_to_user_with_several_roles_in_a_works(world):
    """A user who already holds two roles in A can get a third (the lookup must not trip over the join)."""
    admin = world.users_a[Role.ADMIN]
    Membership.objects.create(user=world.a_user, municipality=world.a, role=Role.ENFORCER)
    client = logged_in_client(admin, world.a)
    response = client.post(f"/beheer/gebruikers/{world.a_user.pk}/rol-toevoegen", {"role": Role.OFFICIAL})
    assert response.status_code == 302
    assert set(world.a_user.memberships.values_list("role", flat=True)) == {Role.ANALYST, Role.ENFORCER, Role.OFFICIAL}


def test_user_in_both_municipalities_is_only_shown_with_a_roles(world):
    """A user who is in A and B: A's admin sees only the A membership of that user, never the B one."""
    both = make_user("in-beide-gemeenten", world.a, Role.EMPLOYEE)
    b_membership = Membership.objects.create(user=both, municipality=world.b, role=Role.COORDINATOR)
    client = logged_in_client(world.users_a[Role.ADMIN], world.a)
    detail = client.get(f"/beheer/gebruikers/{both.pk}")
    assert [(m.municipality_id, m.role) for m in detail.context["memberships"]] == [(world.a.pk, Role.EMPLOYEE)]
    assert f"/beheer/lidmaatschappen/{b_membership.pk}/intrekken" not in detail.content.decode()
    assert client.post(f"/beheer/lidmaatschappen/{b_membership.pk}/intrekken").status_code == 404
    assert Membership.objects.filter(pk=b_membership.pk).exists()
    rows = client.get("/api/v1/memberships?pageSize=500").json()["results"]
    assert b_membership.pk not in {r["id"] for r in rows}


# --------------------------------------------------------------------------------------------------
# The scoping mechanism itself: one SQL WHERE.
# --------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("model", [Membership, ProcessingLogEntry, ApiToken], ids=lambda m: m.__name__)
def test_for_tenant_compiles_to_exactly_one_where(model, world):
    tenant = _tenant(world.users_a[Role.ADMIN], world.a)
    sql = str(model.objects.for_tenant(tenant).query)
    assert sql.upper().count("WHERE") == 1, sql
    assert str(world.a.pk) in sql


def test_for_tenant_none_is_empty(world):
    assert not Membership.objects.for_tenant(None).exists()
    assert not ProcessingLogEntry.objects.for_tenant(None).exists()


def test_security_log_scoping_is_one_query_with_its_subquery(world):
    tenant = _tenant(world.users_a[Role.ADMIN], world.a)
    sql = str(SecurityEvent.objects.for_tenant(tenant).query)
    assert sql.upper().count("WHERE") == 2, sql  # the outer filter and the "own users" subquery
    visible = set(SecurityEvent.objects.for_tenant(tenant).values_list("sequence", flat=True))
    assert not visible & world.b_security_sequences


# --------------------------------------------------------------------------------------------------
# Role scope: 403 without the scope, and navigation shows only what the role may use.
# --------------------------------------------------------------------------------------------------

ADMIN_PAGES = ["/beheer/gebruikers", "/beheer/gebruikers/nieuw"]


@pytest.mark.parametrize("role", [r for r in Role.values if r != Role.ADMIN])
def test_non_admin_gets_403_on_admin_pages_and_api(role, world):
    client = logged_in_client(world.users_a[role], world.a)
    for path in ADMIN_PAGES:
        response = client.get(path)
        assert response.status_code == 403, path
        assert "Geen toegang" in response.content.decode() or "geen toegang" in response.content.decode().lower()
    response = client.get("/api/v1/memberships")
    assert response.status_code == 403
    assert response["Content-Type"].startswith("application/problem+json")
    assert response["API-Version"]
    problem = response.json()
    assert problem["title"] == "Geen toegang" and problem["status"] == 403
    denied = SecurityEvent.objects.filter(action=SecurityAction.ACCESS_DENIED, actor_id=world.users_a[role].pk)
    assert denied.filter(municipality=world.a).exists()


_NAV_LINK = re.compile(r'class="[^"]*vl-nav__link[^"]*" href="([^"]+)"')


@pytest.mark.parametrize("role", Role.values)
def test_navigation_shows_only_permitted_items(role, world):
    from django.urls import reverse

    client = logged_in_client(world.users_a[role], world.a)
    links = _NAV_LINK.findall(client.get("/").content.decode())
    scopes = scopes_for_roles({role})
    expected = [reverse(item.url_name) for item in NAVIGATION if item.scope is None or item.scope in scopes]
    assert links == expected
    for href in links:  # everything shown can be opened
        assert client.get(href).status_code == 200, href
