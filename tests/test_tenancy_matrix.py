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
from veiliglokaal.accounts.scopes import ORGANISATION_SCOPES, Role, Scope, scopes_for_roles
from veiliglokaal.accounts.services import issue_api_token
from veiliglokaal.audit import context as trace_context
from veiliglokaal.audit.models import ProcessingLogEntry, SecurityAction, SecurityEvent
from veiliglokaal.audit.services import log_processing, log_security, pseudonymise
from veiliglokaal.core.navigation import NAVIGATION
from veiliglokaal.core.tenancy import Tenant
from veiliglokaal.irregularities.models import PlantedIrregularity, SourceImport

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
B_SOURCE_FILE = "B-BRON-GEHEIM.csv"
B_SOURCE_ERROR = "B-FOUT-GEHEIM"
B_PLANTED = "B-GRONDWAARHEID-GEHEIM"
B_ONLINE_TEXT = "B-ONLINE-GEHEIM"
B_ONLINE_URL = "https://b-geheim.example/status/1"
B_MONITOR_PROTOCOL = "B-PROTOCOL-GEHEIM"
B_MONITOR_PLACE = "B-PLEIN-GEHEIM"
B_MONITOR_POST = "B-BERICHT-GEHEIM"
B_MONITOR_UPLOAD = "B-UPLOAD-GEHEIM"
B_DOOK_STREET = "B-STRAAT-GEHEIM"
B_CASE_TITLE = "B-TRAJECT-GEHEIM"
A_DOOK_STREET = "A-STRAAT-ZICHTBAAR"


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
    b_source_import: object = None  # DOOK: a failed import of B with its error report, and a planted irregularity
    b_content_report: object = None  # meldpunt online: a report of B with evidence and a sent notice
    b_monitoring: dict = field(default_factory=dict)  # online monitoring: protocol, monitor, alert of B
    b_signal: object = None  # DOOK: a signal of B (with a decision) and an enforcement case with evidence
    b_case: object = None


def _tenant(user, municipality) -> Tenant:
    from veiliglokaal.accounts.selectors import tenant_for

    return tenant_for(user, municipality.pk)


def _b_source_import(municipality_b):
    from veiliglokaal.irregularities.models import Address, PlantedIrregularity, SourceImport

    source_import = SourceImport.objects.create(
        municipality=municipality_b, source_type="bag_csv", file_name=B_SOURCE_FILE, checksum="b" * 64,
        status="failed", error_report=[{"row": 2, "column": "x", "value": "", "message": B_SOURCE_ERROR}])
    address = Address.objects.create(
        municipality=municipality_b, bag_id="0243010000999001", street="Bstraat", house_number=1, city="Harderwijk",
        purposes="woonfunctie", rd_x=172000, rd_y=483000, latitude=52.34, longitude=5.62, source_import=source_import)
    PlantedIrregularity.objects.create(municipality=municipality_b, address=address, kind="many_moves",
                                       detail=B_PLANTED, seed=1)
    return source_import
def _b_monitoring(municipality_b, users_b) -> dict:
    import datetime

    from django.utils import timezone

    from django.core.files.uploadedfile import SimpleUploadedFile

    from veiliglokaal.monitoring import services as monitoring
    from veiliglokaal.monitoring import uploads
    from veiliglokaal.monitoring.connectors import RawPost
    from veiliglokaal.monitoring.models import GazetteerEntry

    analyst = users_b[Role.ANALYST]
    tenant = _tenant(analyst, municipality_b)
    today = timezone.localdate()
    protocol = monitoring.create_protocol(tenant, analyst, {
        "title": B_MONITOR_PROTOCOL, "question": "q", "legal_basis": "Gemeentewet art. 172",
        "starts_on": today - datetime.timedelta(days=3), "ends_on": today + datetime.timedelta(days=3),
        "sources": "s", "search_terms": "t", "retention_days": 30, "result_roles": [Role.ANALYST]})
    monitoring.activate_protocol(tenant, analyst, protocol)
    monitor = monitoring.create_monitor(tenant, protocol, B_MONITOR_PROTOCOL)
    GazetteerEntry.objects.create(municipality=municipality_b, kind="landmark", name=B_MONITOR_PLACE,
                                  latitude=52.3, longitude=5.6)
    at = timezone.now().replace(minute=30, second=0, microsecond=0) - datetime.timedelta(hours=1)
    posts = [RawPost(external_id=f"b-{i}", published_at=at, text=f"{B_MONITOR_POST} iedereen naar {B_MONITOR_PLACE}, vuurwerk mee!",
                     author=f"b-afzender-{i}") for i in range(6)]
    alert = monitoring.ingest(monitor, "upload", "b", posts).alerts[0]
    upload = uploads.offer(tenant, analyst, monitor, "upload", B_MONITOR_UPLOAD,
                           SimpleUploadedFile(f"{B_MONITOR_UPLOAD}.jsonl", b"kapot"))
    uploads.run(upload)  # fails (not JSON): nothing stored, the report stays on B's upload
    return {"protocol": protocol, "monitor": monitor, "alert": alert, "upload": upload}


def _dook(world_a, users_a, municipality_b, users_b):
    """DOOK: a run in A (with a stated purpose for every A user with address access) and in B a run, a decision
    and an enforcement case with evidence, all carrying B-only markers."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.irregularities import factories_review as dook
    from veiliglokaal.enforcement import services as enforcement
    from veiliglokaal.irregularities.services import review as services_review

    dook.review_demo_run(world_a, street=A_DOOK_STREET)
    for user in users_a.values():
        tenant = _tenant(user, world_a)
        if tenant.has_scope(Scope.IRREGULARITIES_ADDRESSES):
            services_review.state_purpose(tenant, user, "Tenancy-matrix: beoordeling werklijst")
    analyst_b = users_b[Role.ANALYST]
    tenant_b = _tenant(analyst_b, municipality_b)
    signal = dook.review_demo_run(municipality_b, street=B_DOOK_STREET).signal_set.first()
    purpose = services_review.state_purpose(tenant_b, analyst_b, "B-DOEL-GEHEIM van Harderwijk")
    services_review.record_decision(tenant_b, analyst_b, purpose, signal, outcome="enforcement",
                                    rationale="B-BESLUIT-GEHEIM", legal_basis="apv")
    case = enforcement.selectors.cases(tenant_b).get()
    type(case).objects.filter(pk=case.pk).update(title=B_CASE_TITLE)
    enforcement.add_evidence(tenant_b, analyst_b, case, note="B-BEWIJS-GEHEIM",
                             uploaded=SimpleUploadedFile("b.png", b"\x89PNG\r\n\x1a\n" + b"0" * 32))
    return signal, case


def _b_dook_unchanged(world: World):
    from veiliglokaal.enforcement.models import EnforcementCase

    assert world.b_signal.decisions.count() == 1
    case = EnforcementCase.objects.get(pk=world.b_case.pk)
    assert case.state == "intake" and case.evidence.count() == 1 and case.history.count() == 1


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


def _b_content_report(municipality_b, users_b):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import timezone

    from veiliglokaal.online import services as meldpunt

    official, analyst = users_b[Role.OFFICIAL], users_b[Role.ANALYST]
    analyst.email = "b-analist@example.org"
    analyst.save()
    report = meldpunt.create_report(_tenant(official, municipality_b), official, {
        "urls": B_ONLINE_URL, "platform": "x", "kind": "bedreiging", "target_user": official,
        "target_function": "burgemeester", "description": B_ONLINE_TEXT, "captured_at": timezone.now(),
    }, files=[SimpleUploadedFile("b-bewijs.png", b"\x89PNG\r\n\x1a\n" + b"0" * 32)])
    tenant = _tenant(analyst, municipality_b)
    meldpunt.assess(tenant, analyst, report, B_ONLINE_TEXT + " is een bedreiging van de burgemeester (art. 285 Sr).")
    meldpunt.record_notice_sent(tenant, analyst, report, "meldformulier")
    return report


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
    b_source_import = _b_source_import(municipality_b)
    b_markers += [B_SOURCE_FILE, B_SOURCE_ERROR, B_PLANTED, "0243010000999001"]
    b_content_report = _b_content_report(municipality_b, users_b)
    b_markers += [B_ONLINE_TEXT, B_ONLINE_URL, b_content_report.reference, b_content_report.evidence.get().sha256]
    b_monitoring = _b_monitoring(municipality_b, users_b)
    b_markers += [B_MONITOR_PROTOCOL, B_MONITOR_PLACE, B_MONITOR_POST, B_MONITOR_UPLOAD]
    b_signal, b_case = _dook(municipality_a, users_a, municipality_b, users_b)
    b_markers += [B_DOOK_STREET, "hex-GM0243", B_CASE_TITLE, "B-BEWIJS-GEHEIM", "B-BESLUIT-GEHEIM", "B-DOEL-GEHEIM"]
    return World(
        a=municipality_a, b=municipality_b, users_a=users_a, users_b=users_b,
        b_user=b_user, b_membership=b_user.memberships.get(), b_token=issued.token, b_token_key=issued.key,
        a_user=a_user, a_membership=a_user.memberships.get(), b_markers=b_markers,
        b_processing_sequences={b_entry.sequence},
        b_security_sequences={b_event.sequence, b_login.sequence, token_event.sequence}, b_incident=b_incident,
        b_source_import=b_source_import,
        b_content_report=b_content_report,
        b_monitoring=b_monitoring,
        b_signal=b_signal, b_case=b_case,
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
    Read("/beheer/gebruikers/nieuw", Scope.MEMBERS_MANAGE),
    Read("/beheer/rolaanvragen", Scope.MEMBERS_MANAGE),
    Read("/bronnen", None),
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
    Read("/api/v1/processing-activities/incidents.registratie", Scope.REGISTER_VIEW, api=True),
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
    # DOOK source data (Bronnen DOOK)
    Read("/dook/bronnen", Scope.IRREGULARITIES_SOURCES),
    Read("/dook/bronnen/inlezen/brp_counts_csv", Scope.IRREGULARITIES_SOURCES),
    Read("/dook/bronnen/grondwaarheid.csv", Scope.IRREGULARITIES_SOURCES),
    Read("/online-meldingen", Scope.ONLINE_REPORT),
    Read("/online-meldingen/nieuw", Scope.ONLINE_REPORT),
    Read("/online-meldingen/werkvoorraad", Scope.ONLINE_HANDLE),
    Read("/online-meldingen/platforms", Scope.ONLINE_HANDLE),
    Read("/api/v1/content-reports", Scope.ONLINE_REPORT, api=True),
    # Online monitoring (ADR 12): B's protocol, place names, posts and alerts never show in A.
    Read("/monitoring", Scope.ONLINE_MONITOR),
    Read("/monitoring/protocollen/nieuw", Scope.ONLINE_MONITOR),
    Read("/monitoring/woordenlijsten", Scope.ONLINE_MONITOR),
    Read("/monitoring/alerts", Scope.ONLINE_MONITOR),
    Read("/monitoring/alerts?status=open", Scope.ONLINE_MONITOR),
    Read("/api/v1/monitoring-alerts", Scope.ONLINE_MONITOR, api=True),
    # DOOK map and review: aggregates by default, addresses only with the scope and a stated purpose (ADR 10).
    Read("/onregelmatigheden/kaart", Scope.IRREGULARITIES_VIEW),
    Read("/onregelmatigheden/kaart?soort=hex", Scope.IRREGULARITIES_VIEW, ("hex-GM0233",)),
    Read("/onregelmatigheden/kaart/laag", Scope.IRREGULARITIES_VIEW),
    Read("/onregelmatigheden/kaart/laag?soort=hex", Scope.IRREGULARITIES_VIEW, ("hex-GM0233",)),
    Read("/onregelmatigheden/doel", Scope.IRREGULARITIES_ADDRESSES),
    Read("/onregelmatigheden/werklijst", Scope.IRREGULARITIES_ADDRESSES, (A_DOOK_STREET,)),
    Read("/onregelmatigheden/precisie", Scope.IRREGULARITIES_ADDRESSES),
    Read("/handhaving?toon=alle", Scope.ENFORCEMENT_WORK),
    Read("/api/v1/enforcement-cases", Scope.ENFORCEMENT_WORK, api=True),
    Read("/api/v1/irregularity-areas?areaKind=hex", Scope.IRREGULARITIES_VIEW, ("hex-GM0233",), api=True),
    # DOOK scoring: indicator settings and runs (sources scope), Algoritmeregister entry (every DOOK role).
    Read("/onregelmatigheden/instellingen", Scope.IRREGULARITIES_SOURCES),
    Read("/onregelmatigheden/instellingen/occupancy", Scope.IRREGULARITIES_SOURCES),
    Read("/onregelmatigheden/algoritme", Scope.IRREGULARITIES_VIEW),
    Read("/onregelmatigheden/algoritme.json", Scope.IRREGULARITIES_VIEW),
    Read("/api/v1/algorithm-register", Scope.IRREGULARITIES_VIEW, api=True),
    # Veiligheidsbeeld: open statistics; the profile and report show the tenant's own municipality.
    Read("/veiligheidsbeeld", Scope.INDICATORS_VIEW),
    Read("/veiligheidsbeeld/kaart", Scope.INDICATORS_VIEW),
    Read("/veiligheidsbeeld/rapport", Scope.INDICATORS_VIEW),
    Read("/veiligheidsbeeld/csv/trend", Scope.INDICATORS_VIEW),
    Read("/veiligheidsbeeld/statistieken-importeren", Scope.INDICATORS_IMPORT),
    Read("/api/v1/indicators", Scope.INDICATORS_VIEW, api=True),
    Read("/api/v1/indicators/geregistreerde-misdrijven", Scope.INDICATORS_VIEW, api=True),
    Read("/api/v1/indicators/geregistreerde-misdrijven/values", Scope.INDICATORS_VIEW, api=True),
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
        assert text.removeprefix("\ufeff").splitlines()[0].startswith("sequence;")  # CSV with BOM


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


def _b_grant_request(world: World):
    """A pending four-eyes request of B (a coordinator role for B's analyst, asked by B's admin)."""
    from veiliglokaal.accounts.models import RoleGrantRequest

    return RoleGrantRequest.objects.get_or_create(municipality=world.b, user=world.b_user, role=Role.COORDINATOR,
                                                  defaults={"requested_by": world.users_b[Role.ADMIN]})[0]


def _b_grant_request_unchanged(world: World):
    assert _b_grant_request(world).status == "pending"
    _b_user_unchanged(world)


def _b_source_import_unchanged(world: World):
    status = world.b_source_import.status
    world.b_source_import.refresh_from_db()
    assert world.b_source_import.status == status


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
    Action("grant-request-decide", "post", lambda w: f"/beheer/rolaanvragen/{_b_grant_request(w).pk}/beslissen",
           f"/beheer/rolaanvragen/{MISSING_ID}/beslissen", Scope.MEMBERS_MANAGE,
           lambda w: _b_grant_request_unchanged(w), data={"besluit": "afwijzen"}),
    Action("dook-import-detail", "get", lambda w: f"/dook/bronnen/{w.b_source_import.pk}",
           f"/dook/bronnen/{MISSING_ID}", Scope.IRREGULARITIES_SOURCES),
    Action("dook-import-progress", "get", lambda w: f"/dook/bronnen/{w.b_source_import.pk}/voortgang",
           f"/dook/bronnen/{MISSING_ID}/voortgang", Scope.IRREGULARITIES_SOURCES),
    Action("dook-import-mapping", "get", lambda w: f"/dook/bronnen/{w.b_source_import.pk}/kolommen",
           f"/dook/bronnen/{MISSING_ID}/kolommen", Scope.IRREGULARITIES_SOURCES),
    Action("dook-import-mapping-post", "post", lambda w: f"/dook/bronnen/{w.b_source_import.pk}/kolommen",
           f"/dook/bronnen/{MISSING_ID}/kolommen", Scope.IRREGULARITIES_SOURCES,
           lambda w: _b_source_import_unchanged(w)),
    Action("dook-import-errors", "get", lambda w: f"/dook/bronnen/{w.b_source_import.pk}/fouten.csv",
           f"/dook/bronnen/{MISSING_ID}/fouten.csv", Scope.IRREGULARITIES_SOURCES),
    Action("online-detail", "get", lambda w: f"/online-meldingen/{w.b_content_report.pk}",
           f"/online-meldingen/{MISSING_ID}", Scope.ONLINE_REPORT, lambda w: _b_content_report_unchanged(w)),
    Action("online-evidence", "get",
           lambda w: f"/online-meldingen/{w.b_content_report.pk}/bewijs/{w.b_content_report.evidence.get().pk}",
           f"/online-meldingen/{MISSING_ID}/bewijs/{MISSING_ID}", Scope.ONLINE_REPORT,
           lambda w: _b_content_report_unchanged(w)),
    Action("online-evidence-add", "get", lambda w: f"/online-meldingen/{w.b_content_report.pk}/bewijs/nieuw",
           f"/online-meldingen/{MISSING_ID}/bewijs/nieuw", Scope.ONLINE_REPORT),
    Action("online-evidence-add-post", "post", lambda w: f"/online-meldingen/{w.b_content_report.pk}/bewijs/nieuw",
           f"/online-meldingen/{MISSING_ID}/bewijs/nieuw", Scope.ONLINE_REPORT,
           lambda w: _b_content_report_unchanged(w), data={"evidence": ""}),
    Action("online-assess", "post", lambda w: f"/online-meldingen/{w.b_content_report.pk}/beoordelen",
           f"/online-meldingen/{MISSING_ID}/beoordelen", Scope.ONLINE_HANDLE,
           lambda w: _b_content_report_unchanged(w), data={"assessment": "matrix " * 10}),
    Action("online-step", "post", lambda w: f"/online-meldingen/{w.b_content_report.pk}/stap",
           f"/online-meldingen/{MISSING_ID}/stap", Scope.ONLINE_HANDLE, lambda w: _b_content_report_unchanged(w),
           data={"transition": "removed", "reason": "matrix"}),
    Action("online-notice-sent", "post", lambda w: f"/online-meldingen/{w.b_content_report.pk}/notice-verstuurd",
           f"/online-meldingen/{MISSING_ID}/notice-verstuurd", Scope.ONLINE_HANDLE,
           lambda w: _b_content_report_unchanged(w), data={"channel": "matrix"}),
    Action("online-notice-draft", "get", lambda w: f"/online-meldingen/{w.b_content_report.pk}/concept-notice.json",
           f"/online-meldingen/{MISSING_ID}/concept-notice.json", Scope.ONLINE_HANDLE),
    Action("online-notice-draft-txt", "get",
           lambda w: f"/online-meldingen/{w.b_content_report.pk}/concept-notice.txt",
           f"/online-meldingen/{MISSING_ID}/concept-notice.txt", Scope.ONLINE_HANDLE),
    Action("online-notice", "get",
           lambda w: f"/online-meldingen/{w.b_content_report.pk}/notices/{w.b_content_report.notices.get().pk}.json",
           f"/online-meldingen/{MISSING_ID}/notices/{MISSING_ID}.json", Scope.ONLINE_HANDLE),
    Action("online-notice-txt", "get",
           lambda w: f"/online-meldingen/{w.b_content_report.pk}/notices/{w.b_content_report.notices.get().pk}.txt",
           f"/online-meldingen/{MISSING_ID}/notices/{MISSING_ID}.txt", Scope.ONLINE_HANDLE),
    Action("online-gir", "post", lambda w: f"/online-meldingen/{w.b_content_report.pk}/gir",
           f"/online-meldingen/{MISSING_ID}/gir", Scope.ONLINE_HANDLE, lambda w: _b_content_report_unchanged(w),
           data={"victim_role": "burgemeester"}),
    Action("online-platform-edit", "post", lambda w: f"/online-meldingen/platforms/{w.b_content_report.platform_id}",
           f"/online-meldingen/platforms/{MISSING_ID}", Scope.ONLINE_HANDLE, lambda w: _b_platforms_unchanged(w),
           data={"label": "overgenomen"}),
    Action("api-content-report-detail", "get", lambda w: f"/api/v1/content-reports/{w.b_content_report.pk}",
           f"/api/v1/content-reports/{MISSING_ID}", Scope.ONLINE_REPORT, api=True),
    Action("monitoring-protocol", "get", lambda w: f"/monitoring/protocollen/{w.b_monitoring['protocol'].pk}",
           f"/monitoring/protocollen/{MISSING_ID}", Scope.ONLINE_MONITOR),
    Action("monitoring-protocol-monitor-create", "post",
           lambda w: f"/monitoring/protocollen/{w.b_monitoring['protocol'].pk}",
           f"/monitoring/protocollen/{MISSING_ID}", Scope.ONLINE_MONITOR, lambda w: _b_monitoring_unchanged(w),
           data={"name": "overgenomen"}),
    Action("monitoring-protocol-end", "post",
           lambda w: f"/monitoring/protocollen/{w.b_monitoring['protocol'].pk}/beeindigen",
           f"/monitoring/protocollen/{MISSING_ID}/beeindigen", Scope.ONLINE_MONITOR,
           lambda w: _b_monitoring_unchanged(w)),
    Action("monitoring-protocol-activate", "post",
           lambda w: f"/monitoring/protocollen/{w.b_monitoring['protocol'].pk}/activeren",
           f"/monitoring/protocollen/{MISSING_ID}/activeren", Scope.ONLINE_MONITOR,
           lambda w: _b_monitoring_unchanged(w)),
    Action("monitoring-monitor", "get", lambda w: f"/monitoring/monitors/{w.b_monitoring['monitor'].pk}",
           f"/monitoring/monitors/{MISSING_ID}", Scope.ONLINE_MONITOR),
    Action("monitoring-upload", "post", lambda w: f"/monitoring/monitors/{w.b_monitoring['monitor'].pk}/upload",
           f"/monitoring/monitors/{MISSING_ID}/upload", Scope.ONLINE_MONITOR, lambda w: _b_monitoring_unchanged(w),
           data={"connector": "upload", "source_name": "x"}),
    Action("monitoring-upload-detail", "get", lambda w: f"/monitoring/uploads/{w.b_monitoring['upload'].pk}",
           f"/monitoring/uploads/{MISSING_ID}", Scope.ONLINE_MONITOR, lambda w: _b_monitoring_unchanged(w)),
    Action("monitoring-upload-progress", "get",
           lambda w: f"/monitoring/uploads/{w.b_monitoring['upload'].pk}/voortgang?polling=1",
           f"/monitoring/uploads/{MISSING_ID}/voortgang?polling=1", Scope.ONLINE_MONITOR),
    Action("monitoring-source-add", "post", lambda w: f"/monitoring/monitors/{w.b_monitoring['monitor'].pk}/bronnen",
           f"/monitoring/monitors/{MISSING_ID}/bronnen", Scope.ONLINE_MONITOR, lambda w: _b_monitoring_unchanged(w),
           data={"connector": "rss", "name": "x", "url": "https://x.example/feed"}),
    Action("monitoring-alert", "get", lambda w: f"/monitoring/alerts/{w.b_monitoring['alert'].pk}",
           f"/monitoring/alerts/{MISSING_ID}", Scope.ONLINE_MONITOR),
    Action("monitoring-alert-mark", "post", lambda w: f"/monitoring/alerts/{w.b_monitoring['alert'].pk}/beoordelen",
           f"/monitoring/alerts/{MISSING_ID}/beoordelen", Scope.ONLINE_MONITOR, lambda w: _b_monitoring_unchanged(w),
           data={"relevant": "nee"}),
    Action("api-monitoring-alert-detail", "get", lambda w: f"/api/v1/monitoring-alerts/{w.b_monitoring['alert'].pk}",
           f"/api/v1/monitoring-alerts/{MISSING_ID}", Scope.ONLINE_MONITOR, api=True),
    Action("dook-signal", "get", lambda w: f"/onregelmatigheden/signalen/{w.b_signal.pk}",
           f"/onregelmatigheden/signalen/{MISSING_ID}", Scope.IRREGULARITIES_ADDRESSES, _b_dook_unchanged),
    Action("dook-decision", "post", lambda w: f"/onregelmatigheden/signalen/{w.b_signal.pk}/besluit",
           f"/onregelmatigheden/signalen/{MISSING_ID}/besluit", Scope.IRREGULARITIES_ADDRESSES, _b_dook_unchanged,
           data={"outcome": "no_action", "rationale": "overschreven door A"}),
    Action("enforcement-case", "get", lambda w: f"/handhaving/{w.b_case.pk}", f"/handhaving/{MISSING_ID}",
           Scope.ENFORCEMENT_WORK, _b_dook_unchanged),
    Action("api-enforcement-case-detail", "get", lambda w: f"/api/v1/enforcement-cases/{w.b_case.pk}",
           f"/api/v1/enforcement-cases/{MISSING_ID}", Scope.ENFORCEMENT_WORK, _b_dook_unchanged, api=True),
    Action("enforcement-step", "post", lambda w: f"/handhaving/{w.b_case.pk}/stap", f"/handhaving/{MISSING_ID}/stap",
           Scope.ENFORCEMENT_WORK, _b_dook_unchanged, data={"transition": "start_investigation", "reason": "A"}),
    Action("enforcement-reassign", "post", lambda w: f"/handhaving/{w.b_case.pk}/eigenaar",
           f"/handhaving/{MISSING_ID}/eigenaar", Scope.ENFORCEMENT_WORK, _b_dook_unchanged, data={"owner": "1"}),
    Action("enforcement-evidence-add", "post", lambda w: f"/handhaving/{w.b_case.pk}/bewijs",
           f"/handhaving/{MISSING_ID}/bewijs", Scope.ENFORCEMENT_WORK, _b_dook_unchanged, data={"note": "van A"}),
    Action("enforcement-evidence", "get",
           lambda w: f"/handhaving/{w.b_case.pk}/bewijs/{w.b_case.evidence.get().pk}",
           f"/handhaving/{MISSING_ID}/bewijs/{MISSING_ID}", Scope.ENFORCEMENT_WORK),
    Action("dook-risk-branch-remove", "post",
           lambda w: f"/onregelmatigheden/instellingen/risicobranches/{_b_risk_branch(w).pk}/verwijderen",
           f"/onregelmatigheden/instellingen/risicobranches/{MISSING_ID}/verwijderen", Scope.IRREGULARITIES_SOURCES,
           lambda w: _b_risk_branch_unchanged(w)),
    Action("scoring-run-detail", "get", lambda w: f"/onregelmatigheden/berekeningen/{_b_scoring_run(w).pk}",
           f"/onregelmatigheden/berekeningen/{MISSING_ID}", Scope.IRREGULARITIES_SOURCES),
    Action("scoring-run-progress", "get",
           lambda w: f"/onregelmatigheden/berekeningen/{_b_scoring_run(w).pk}/voortgang",
           f"/onregelmatigheden/berekeningen/{MISSING_ID}/voortgang", Scope.IRREGULARITIES_SOURCES),
    Action("monitoring-upload-errors", "get",
           lambda w: f"/monitoring/uploads/{w.b_monitoring['upload'].pk}/fouten.csv",
           f"/monitoring/uploads/{MISSING_ID}/fouten.csv", Scope.ONLINE_MONITOR),
    *[Action(f"gir-import-{name}", "get", lambda w, suffix=suffix: f"/meldingen/importeren/{_b_gir_import(w).pk}"
             f"{suffix}", f"/meldingen/importeren/{MISSING_ID}{suffix}", Scope.INCIDENTS_MANAGE)
      for name, suffix in (("mapping", ""), ("job", "/verwerking"), ("progress", "/voortgang"),
                           ("errors", "/fouten.csv"))],
    Action("gir-import-mapping-post", "post", lambda w: f"/meldingen/importeren/{_b_gir_import(w).pk}",
           f"/meldingen/importeren/{MISSING_ID}", Scope.INCIDENTS_MANAGE, lambda w: _b_gir_import_unchanged(w),
           data={"occurred_at": "Datum"}),
]


def _b_platforms_unchanged(world: World):
    from veiliglokaal.online.models import Platform

    assert not Platform.objects.filter(municipality=world.b, label="overgenomen").exists()


def _b_content_report_unchanged(world: World):
    report = world.b_content_report.__class__.objects.get(pk=world.b_content_report.pk)
    assert report.state == "notice_sent" and report.gir_incident_id is None
    assert report.evidence.count() == 1 and report.notices.count() == 1 and report.history.count() == 3


def _b_monitoring_unchanged(world: World):
    from veiliglokaal.monitoring.models import Alert, MonitoringProtocol, Post

    protocol = MonitoringProtocol.objects.get(pk=world.b_monitoring["protocol"].pk)
    assert protocol.status == "active" and protocol.monitors.count() == 1
    assert Alert.objects.get(pk=world.b_monitoring["alert"].pk).status == "open"
    assert Post.objects.filter(monitor=world.b_monitoring["monitor"]).count() == 6
    assert not world.b_monitoring["monitor"].sources.exists()
    assert list(world.b_monitoring["monitor"].uploads.values_list("status", flat=True)) == ["failed"]


def _b_scoring_run(world: World):
    from veiliglokaal.irregularities.models import ScoringRun

    return ScoringRun.objects.get_or_create(municipality=world.b, algorithm_version="matrix")[0]


def _b_gir_import(world: World):
    from veiliglokaal.incidents.models import IncidentImport

    return IncidentImport.objects.get_or_create(
        municipality=world.b, original_name="matrix.csv", defaults={
            "requested_by": world.b_incident.reported_by, "status": "failed", "headers": ["Datum"],
            "error_report": [{"row": 2, "column": "Datum", "value": "", "message": "matrix"}]})[0]


def _b_gir_import_unchanged(world: World):
    upload = _b_gir_import(world)
    assert upload.mapping == {} and upload.imported_count == 0 and upload.status == "failed"


def _b_incident_unchanged(world: World):
    incident = world.b_incident
    assert incident.aftercare.__class__.objects.get(incident=incident).state == "first_contact"
    assert [m.state for m in incident.measures.all()] == ["planned"]
    assert incident.offender.__class__.objects.get(incident=incident).name == B_OFFENDER
    assert incident.events.count() == 5


# Actions without an id act on the caller's own municipality (request.tenant) and never touch B's data.
@dataclass(frozen=True)
class OwnAction:
    name: str
    path: str
    scope: str
    b_rows: Callable[[World], int]  # a count of B's rows that must not change
    data: dict | None = None

    def __str__(self):
        return self.name


def _b_scoring_runs(world: World) -> int:
    from veiliglokaal.irregularities.models import ScoringRun

    return ScoringRun.objects.filter(municipality=world.b).count()


def _b_risk_branches(world: World) -> int:
    from veiliglokaal.irregularities.models import RiskBranchExtension

    return RiskBranchExtension.objects.filter(municipality=world.b).count()


def _b_risk_branch(world: World):
    from veiliglokaal.irregularities.models import RiskBranchExtension

    return RiskBranchExtension.objects.get_or_create(municipality=world.b, sbi_code="9609", removed_at=None,
                                                     defaults={"label": "matrix", "reason": "matrix"})[0]


def _b_risk_branch_unchanged(world: World):
    assert _b_risk_branch(world).removed_at is None


OWN_ACTIONS = [
    OwnAction("scoring-start", "/onregelmatigheden/berekeningen", Scope.IRREGULARITIES_SOURCES, _b_scoring_runs),
    OwnAction("dook-risk-branch-add", "/onregelmatigheden/instellingen/risicobranches", Scope.IRREGULARITIES_SOURCES,
              _b_risk_branches, data={"sbi_code": "9609", "label": "Tattooshops", "reason": "matrix"}),
]


@pytest.mark.parametrize("action", OWN_ACTIONS, ids=str)
@pytest.mark.parametrize("role", Role.values)
def test_actions_without_an_id_change_nothing_of_b(role, action, world):
    before = action.b_rows(world)
    response = logged_in_client(world.users_a[role], world.a).post(action.path, data=action.data or {})
    assert response.status_code == (302 if _has_scope(role, action.scope) else 403), (role, action.name)
    _assert_no_b_data(response, world)
    assert action.b_rows(world) == before


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

@pytest.mark.parametrize("model", [Membership, ProcessingLogEntry, ApiToken, SourceImport, PlantedIrregularity],
                         ids=lambda m: m.__name__)
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


# --------------------------------------------------------------------------------------------------
# Collaboration (ADR 13): organisation users, collaboration members and per-object roles. The A side is
# municipality A, a partner organisation in a collaboration with A, and a participant in one of that
# collaboration's cases; the B side is the same for B. Nothing owned by, shared with or assigned on the B side
# is visible to anyone on the A side, every page answers an organisation user without B's data, and the
# scoping stays one query with one top-level WHERE.
# --------------------------------------------------------------------------------------------------

B_DOSSIER = "B-DOSSIER-GEHEIM"
A_DOSSIER = "A-DOSSIER-ZICHTBAAR"


@dataclass
class CollabWorld:
    a_partner: User  # partner user of the organisation in A's collaboration
    a_participant: User  # municipal user of A with a per-object role on one case of A's collaboration
    a_visible: dict  # tenant name -> titles it must see (positive control)
    b_titles: set


def _top_level_where_count(sql: str) -> int:
    depth, count, upper = 0, 0, sql.upper()
    for index, char in enumerate(upper):
        depth += char == "("
        depth -= char == ")"
        if depth == 0 and upper.startswith("WHERE", index):
            count += 1
    return count


@pytest.fixture
def collab_world(world):
    import datetime

    from django.utils import timezone

    from tests.collab_testapp.models import CaseFile, SharedDossier
    from veiliglokaal.core.services import sharing as services_sharing
    from veiliglokaal.core.models import Collaboration, CollaborationMember, Organisation

    ggz = Organisation.objects.create(name="GGZ A-zijde", kind="ggz")
    police = Organisation.objects.create(name="Politie B-zijde", kind="politie")
    collab_a = Collaboration.objects.create(name="ZVH A", kind="partnership")
    collab_b = Collaboration.objects.create(name="ZVH B", kind="partnership")
    for collab, municipality, organisation in [(collab_a, world.a, ggz), (collab_b, world.b, police)]:
        CollaborationMember.objects.create(collaboration=collab, municipality=municipality)
        CollaborationMember.objects.create(collaboration=collab, organisation=organisation)
    a_partner = User.objects.create_user(username="a-partner-ggz", password="x")
    Membership.objects.create(user=a_partner, organisation=ggz, role=Role.PARTNER)
    b_partner = User.objects.create_user(username="b-partner-politie", password="x")
    Membership.objects.create(user=b_partner, organisation=police, role=Role.PARTNER)
    a_participant = make_user("a-deelnemer", world.a, Role.EMPLOYEE)

    until = timezone.localdate() + datetime.timedelta(days=30)
    b_admin = world.users_b[Role.ADMIN]
    b_tenant = _tenant(b_admin, world.b)
    b_own = SharedDossier.objects.create(owner_municipality=world.b, title=f"{B_DOSSIER} gemeente")
    b_collab = SharedDossier.objects.create(owner_collaboration=collab_b, title=f"{B_DOSSIER} samenwerking")
    b_case = CaseFile.objects.create(owner_collaboration=collab_b, title=f"{B_DOSSIER} casus")
    services_sharing.share(b_tenant, b_admin, b_own, with_organisation=police, purpose="p", legal_basis="WGS",
                           valid_until=until)
    services_sharing.share(b_tenant, b_admin, b_own, with_collaboration=collab_b, purpose="p", legal_basis="WGS",
                           valid_until=until)
    services_sharing.grant_object_role(b_tenant, b_admin, b_case, world.users_b[Role.EMPLOYEE], "participant")
    services_sharing.grant_object_role(b_tenant, b_admin, b_case, b_partner, "participant")
    world.b_markers += [B_DOSSIER, "b-partner-politie", "Politie B-zijde", "ZVH B"]

    a_admin = world.users_a[Role.ADMIN]
    a_tenant = _tenant(a_admin, world.a)
    SharedDossier.objects.create(owner_municipality=world.a, title=f"{A_DOSSIER} gemeente")
    SharedDossier.objects.create(owner_collaboration=collab_a, title=f"{A_DOSSIER} samenwerking")
    a_case = CaseFile.objects.create(owner_collaboration=collab_a, title=f"{A_DOSSIER} casus")
    CaseFile.objects.create(owner_collaboration=collab_a, title=f"{A_DOSSIER} andere casus")
    services_sharing.grant_object_role(a_tenant, a_admin, a_case, a_participant, "participant")
    municipal = {f"{A_DOSSIER} gemeente", f"{A_DOSSIER} samenwerking"}
    return CollabWorld(
        a_partner=a_partner, a_participant=a_participant,
        a_visible={"municipal": municipal, "partner": {f"{A_DOSSIER} samenwerking"},
                   "participant": municipal | {f"{A_DOSSIER} casus"}},
        b_titles={b_own.title, b_collab.title, b_case.title})


def _collab_tenants(world, collab_world):
    from veiliglokaal.accounts.selectors import tenant_for

    partner = collab_world.a_partner
    tenants = [(f"a-{role}", "municipal", _tenant(user, world.a)) for role, user in world.users_a.items()]
    tenants.append(("a-partner-organisatie", "partner",
                    tenant_for(partner, None, partner.memberships.get().organisation_id)))
    tenants.append(("a-deelnemer", "participant", _tenant(collab_world.a_participant, world.a)))
    return tenants


def test_collaboration_b_side_objects_are_invisible_to_every_a_side_tenant(world, collab_world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.collab_testapp.models import CaseFile, SharedDossier

    for name, kind, tenant in _collab_tenants(world, collab_world):
        assert tenant is not None, name
        seen = set()
        for model in (SharedDossier, CaseFile):
            queryset = model.objects.for_tenant(tenant)
            assert _top_level_where_count(str(queryset.query)) == 1, (name, str(queryset.query))
            with CaptureQueriesContext(connection) as queries:
                titles = set(queryset.values_list("title", flat=True))
            assert len(queries) == 1, name
            seen |= titles
        assert not seen & collab_world.b_titles, (name, seen & collab_world.b_titles)
        assert {t for t in seen if t.startswith(A_DOSSIER)} == collab_world.a_visible[kind], (name, seen)


def test_collaboration_organisation_user_sees_no_municipal_data_of_existing_modules(world, collab_world):
    from veiliglokaal.accounts.selectors import tenant_for
    from veiliglokaal.incidents.models import Incident

    partner = collab_world.a_partner
    tenant = tenant_for(partner, None, partner.memberships.get().organisation_id)
    for model in (Incident, Membership, ApiToken, ProcessingLogEntry, SecurityEvent, SourceImport):
        assert not model.objects.for_tenant(tenant).exists(), model.__name__


@pytest.mark.parametrize("read", READS, ids=str)
def test_collaboration_organisation_user_reads_show_nothing_of_b(read, world, collab_world):
    """Every page and API list, for a user acting for a partner organisation: their role's answer, no B data."""
    client = logged_in_client(collab_world.a_partner)  # the organisation is chosen automatically (only one)
    response = client.get(read.path)
    expected = 200 if read.scope is None or read.scope in ORGANISATION_SCOPES else 403
    assert response.status_code == expected, (read.path, response.status_code)
    _assert_no_b_data(response, world)
    if read.api and expected == 403:
        assert response["Content-Type"].startswith("application/problem+json")


@pytest.mark.parametrize("action", ACTIONS, ids=str)
def test_collaboration_organisation_user_actions_on_b_ids_answer_as_if_they_do_not_exist(action, world,
                                                                                        collab_world):
    client = logged_in_client(collab_world.a_partner)
    send = getattr(client, action.method)
    response = send(action.path(world), data=action.data) if action.data else send(action.path(world))
    missing = send(action.missing_path, data=action.data) if action.data else send(action.missing_path)
    expected = 404 if action.scope is None or action.scope in ORGANISATION_SCOPES else 403
    assert response.status_code == expected == missing.status_code, (action.name, response.status_code)
    _assert_no_b_data(response, world)
    action.unchanged(world)
