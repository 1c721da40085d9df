"""Pages: the report form (keeps input, Dutch errors, several URLs and files), lists, worklist, detail, visibility."""

import datetime

import pytest
from django.utils import timezone

from tests.conftest import logged_in_client, make_user
from veiliglokaal.accounts.scopes import Role, Scope
from veiliglokaal.audit.models import ProcessingLogEntry
from veiliglokaal.core.tenancy import Tenant
from veiliglokaal.online.models import ContentReport, Evidence
from veiliglokaal.online.selectors import visible_reports

from .conftest import HTML, JPEG, PNG, upload

pytestmark = pytest.mark.django_db


def _form(**overrides):
    now = timezone.localtime() - datetime.timedelta(minutes=30)
    data = {"for_whom": "self", "target_function": "burgemeester", "platform": "x", "kind": "bedreiging",
            "urls": "https://x.com/a/status/1\nhttps://x.com/a/status/2",
            "description": "Dreigend bericht over mijn huis.", "captured_date": now.strftime("%Y-%m-%d"),
            "captured_time": now.strftime("%H:%M")}
    data.update(overrides)
    return data


def test_report_with_several_urls_and_files(staff_a, municipality_a):
    official = staff_a[Role.OFFICIAL]
    client = logged_in_client(official, municipality_a)
    assert client.get("/online-meldingen/nieuw").status_code == 200
    response = client.post("/online-meldingen/nieuw", {
        **_form(), "evidence": [upload("a.png", PNG), upload("b.jpg", JPEG), upload("c.html", HTML)]})
    report = ContentReport.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/online-meldingen/{report.pk}"
    assert report.urls.count() == 2 and report.evidence.count() == 3 and report.target_user == official
    page = client.get(f"/online-meldingen/{report.pk}").content.decode()
    assert report.evidence.first().sha256 in page and "https://x.com/a/status/2" in page
    assert "Beoordeling vastleggen" not in page  # handlers only


def test_form_keeps_input_and_explains_in_dutch(staff_a, municipality_a):
    client = logged_in_client(staff_a[Role.EMPLOYEE], municipality_a)
    response = client.post("/online-meldingen/nieuw", {
        **_form(for_whom="other", target_name="", urls="https://x.com/goed\nwww.zonder-schema.nl", platform=""),
        "evidence": [upload("vermomd.png", b"MZ\x90\x00 geen afbeelding")]})
    assert response.status_code == 200 and not ContentReport.objects.exists() and not Evidence.objects.exists()
    page = response.content.decode()
    assert "Regel 2 (www.zonder-schema.nl)" in page
    assert "Vul de naam in van degene op wie de inhoud gericht is." in page
    assert "Kies een platform uit de lijst van uw gemeente." in page
    assert "vermomd.png: alleen schermafbeeldingen" in page
    assert "https://x.com/goed\nwww.zonder-schema.nl</textarea>" in page  # kept what was typed
    assert "Dreigend bericht over mijn huis." in page


def test_colleague_must_be_chosen(staff_a, municipality_a):
    client = logged_in_client(staff_a[Role.EMPLOYEE], municipality_a)
    response = client.post("/online-meldingen/nieuw", _form(for_whom="colleague"))
    assert "Kies de collega of ambtsdrager" in response.content.decode()
    official = staff_a[Role.OFFICIAL]
    client.post("/online-meldingen/nieuw", _form(for_whom="colleague", target_colleague=official.pk))
    report = ContentReport.objects.get()
    assert report.target_user == official and report.reported_by == staff_a[Role.EMPLOYEE] and report.on_behalf


def test_visibility_reporter_target_and_handlers(staff_a, municipality_a, make_report):
    employee, official = staff_a[Role.EMPLOYEE], staff_a[Role.OFFICIAL]
    report = make_report(employee, target_user=official)
    other = make_user("a-andere-medewerker", municipality_a, Role.EMPLOYEE)
    for user, sees in [(employee, True), (official, True), (other, False), (staff_a[Role.MANAGER], False),
                       (staff_a[Role.ANALYST], True), (staff_a[Role.COORDINATOR], True)]:
        client = logged_in_client(user, municipality_a)
        assert client.get(f"/online-meldingen/{report.pk}").status_code == (200 if sees else 404), user
        assert client.get(f"/online-meldingen/{report.pk}/bewijs/nieuw").status_code == (200 if sees else 404)
    assert report.reference in logged_in_client(official, municipality_a).get("/online-meldingen").content.decode()
    assert report.reference not in logged_in_client(other, municipality_a).get("/online-meldingen").content.decode()
    worklist = logged_in_client(staff_a[Role.ANALYST], municipality_a).get("/online-meldingen/werkvoorraad")
    assert report.reference in worklist.content.decode()
    assert logged_in_client(official, municipality_a).get("/online-meldingen/werkvoorraad").status_code == 403


def test_visibility_is_one_where(staff_a, municipality_a):
    for scopes in ({Scope.ONLINE_REPORT}, {Scope.ONLINE_REPORT, Scope.ONLINE_HANDLE}):
        tenant = Tenant(staff_a[Role.EMPLOYEE].pk, municipality_a.pk, municipality_a.code, frozenset(),
                        frozenset(scopes))
        sql = str(visible_reports(tenant).query)
        assert sql.upper().count("WHERE") == 1, sql


def test_reads_are_logged(staff_a, municipality_a, make_report):
    report = make_report(staff_a[Role.OFFICIAL])
    logged_in_client(staff_a[Role.COORDINATOR], municipality_a).get(f"/online-meldingen/{report.pk}")
    assert ProcessingLogEntry.objects.filter(activity_key="online.meldpunt", name="melding online inhoud bekeken",
                                             actor_id=staff_a[Role.COORDINATOR].pk).exists()


def test_handler_steps_through_the_pages(staff_a, municipality_a, make_report):
    from .conftest import ASSESSMENT

    report = make_report(staff_a[Role.OFFICIAL], files=[upload("a.png", PNG)])
    client = logged_in_client(staff_a[Role.COORDINATOR], municipality_a)
    client.post(f"/online-meldingen/{report.pk}/beoordelen", {"assessment": "te kort"})
    report.refresh_from_db()
    assert report.state == "received"
    client.post(f"/online-meldingen/{report.pk}/beoordelen", {"assessment": ASSESSMENT})
    client.post(f"/online-meldingen/{report.pk}/notice-verstuurd", {"channel": "meldformulier X"})
    client.post(f"/online-meldingen/{report.pk}/stap", {"transition": "refused", "reason": "Geen overtreding."})
    client.post(f"/online-meldingen/{report.pk}/stap", {"transition": "close", "reason": "Betrokkene ingelicht."})
    report.refresh_from_db()
    assert report.state == "closed"
    page = client.get(f"/online-meldingen/{report.pk}").content.decode()
    assert "Afgesloten" in page and "Bewijs toevoegen" not in page
    assert client.get(f"/online-meldingen/{report.pk}/bewijs/nieuw").status_code == 200
    response = client.post(f"/online-meldingen/{report.pk}/bewijs/nieuw", {
        "evidence": [upload("laat.png", PNG)], "captured_date": "2026-01-01", "captured_time": "10:00"})
    assert "afgesloten" in response.content.decode() and report.evidence.count() == 1


def test_handlers_manage_the_platforms_list(staff_a, municipality_a, municipality_b, users_b):
    from veiliglokaal.online.models import Platform

    client = logged_in_client(staff_a[Role.ANALYST], municipality_a)
    assert client.get("/online-meldingen/platforms").status_code == 200
    x = Platform.objects.get(municipality=municipality_a, code="x")
    response = client.post(f"/online-meldingen/platforms/{x.pk}", {
        f"p{x.pk}-label": "X", f"p{x.pk}-notice_url": "https://meldformulier.example/dsa"})
    assert response.status_code == 302
    x.refresh_from_db()
    assert (x.code, x.label, x.notice_url, x.is_active) == ("x", "X", "https://meldformulier.example/dsa", False)
    client.post("/online-meldingen/platforms", {"nieuw-label": "Bluesky", "nieuw-is_active": "on"})
    assert Platform.objects.filter(municipality=municipality_a, code="bluesky", is_active=True).exists()
    response = client.post("/online-meldingen/platforms", {"nieuw-label": "Bluesky", "nieuw-is_active": "on"})
    assert "Deze code bestaat al" in response.content.decode()
    response = client.post("/online-meldingen/platforms", {"nieuw-label": "", "nieuw-notice_url": "geen url"})
    assert response.status_code == 200 and "Voer een geldige URL in" in response.content.decode()
    # Another municipality's platform cannot be changed from here; reporters cannot open the page.
    from veiliglokaal.online import services

    services.ensure_platforms(municipality_b.pk)
    b_platform = Platform.objects.get(municipality=municipality_b, code="x")
    assert client.post(f"/online-meldingen/platforms/{b_platform.pk}", {
        f"p{b_platform.pk}-label": "overgenomen"}).status_code == 404
    assert Platform.objects.get(pk=b_platform.pk).label == "X (Twitter)"
    assert logged_in_client(staff_a[Role.OFFICIAL], municipality_a).get("/online-meldingen/platforms").status_code == 403
