"""Online monitoring in the browser: protocol → landmark → monitor → activate → upload (synthetic JSONL in the
generic upload format, run by the real database queue and `db_worker` while the page polls its progress; then a
broken file and its error report) → alert → alert view with timeline and map → mark; axe-core on every page on the way, and
the demo's alert with its own map."""

import datetime
import json
import re

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from .helpers import assert_accessible, log_in, menu_link

pytestmark = pytest.mark.e2e


def _upload_file(tmp_path):
    """Twelve synthetic posts in the middle of the previous hour (so they share one hour whatever the clock)."""
    moment = timezone.now().replace(minute=30, second=0, microsecond=0) - datetime.timedelta(hours=1)
    lines = [json.dumps({"id": f"e2e-{i}", "time": (moment + datetime.timedelta(seconds=i)).isoformat(),
                         "text": "[SYNTHETISCH] Iedereen naar het azc vanavond, #VuurwerkMee",
                         "author": f"synthetisch_{i}"}) for i in range(12)]
    path = tmp_path / "berichten.jsonl"
    path.write_text("\n".join(lines))
    return path


def test_protocol_upload_alert_and_mark(demo, new_page, tmp_path, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}  # a real queue, worked below
    settings.MEDIA_ROOT = str(tmp_path / "media")
    page = new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    log_in(page, "demo-analist")
    menu_link(page, "Monitoring online").click()
    expect(page).to_have_url(demo.url + "/monitoring")
    assert_accessible(page, "monitoring")

    page.get_by_role("link", name="Protocol vastleggen").click()
    assert_accessible(page, "protocol vastleggen")
    page.get_by_role("button", name="Protocol vastleggen").click()
    expect(page.get_by_role("alert").first).to_be_visible()
    assert_accessible(page, "protocol vastleggen met fouten")
    today = timezone.localdate()
    page.get_by_label("Titel").fill("Onrust rond het azc (e2e)")
    page.get_by_label("Vraagstelling").fill("Wordt onrust rond het azc online aangejaagd?")
    page.get_by_label("Begindatum").fill((today - datetime.timedelta(days=2)).isoformat())
    page.get_by_label("Einddatum").fill((today + datetime.timedelta(days=20)).isoformat())
    page.get_by_label("Bronnen").fill("Uploads van openbare berichten (synthetisch)")
    page.get_by_label("Zoektermen").fill("Plaatsnamenlijst en mobilisatielijst")
    page.get_by_role("button", name="Protocol vastleggen").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Onrust rond het azc")
    assert_accessible(page, "protocol")
    page.get_by_label("Naam van de monitor").fill("Azc (e2e)")
    page.get_by_role("button", name="Monitor inrichten").click()
    expect(page).to_have_url(re.compile(r"/monitoring/monitors/\d+$"))
    monitor_url = page.url
    expect(page.get_by_text("Deze monitor draait niet")).to_be_visible()
    assert_accessible(page, "monitor")

    page.goto(demo.url + "/monitoring/woordenlijsten")
    assert_accessible(page, "woordenlijsten")
    page.get_by_label("Naam zoals mensen hem schrijven").fill("azc")
    page.get_by_label("Breedtegraad").fill("52.31")
    page.get_by_label("Lengtegraad").fill("5.63")
    page.get_by_role("button", name="Plaatsnaam toevoegen").click()
    expect(page.get_by_role("status").first).to_contain_text("Plaatsnaam toegevoegd")

    page.goto(monitor_url)
    page.get_by_role("link", name=re.compile("Onrust rond het azc")).click()
    page.get_by_role("button", name="Protocol activeren").click()
    expect(page.get_by_text("Protocol geactiveerd.")).to_be_visible()

    page.goto(monitor_url)
    page.get_by_label("Naam van de bron").first.fill("Export forum (synthetisch)")
    page.get_by_label("Bestand", exact=True).set_input_files(str(_upload_file(tmp_path)))
    page.get_by_role("button", name="Uploaden en verwerken").click()
    expect(page).to_have_url(re.compile(r"/monitoring/uploads/\d+$"))
    upload_url = page.url
    expect(page.locator("#voortgang")).to_contain_text("In de wachtrij")
    expect(page.locator("#voortgang[hx-trigger]")).to_be_attached()
    assert_accessible(page, "upload in de wachtrij")
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    expect(page.get_by_text("12 berichten opgeslagen")).to_be_visible()  # the fragment polled, then reloaded
    expect(page.locator("#voortgang")).to_contain_text("Geslaagd")
    assert_accessible(page, "upload geslaagd")

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    page.goto(monitor_url)
    page.get_by_label("Naam van de bron").first.fill("Kapot bestand (synthetisch)")
    broken = tmp_path / "kapot.jsonl"
    broken.write_text('{"id": "x", "text": "zonder tijd"}')
    page.get_by_label("Bestand", exact=True).set_input_files(str(broken))
    page.get_by_role("button", name="Uploaden en verwerken").click()
    expect(page.get_by_role("alert")).to_contain_text("er is niets opgeslagen")
    expect(page.get_by_role("table", name="Fouten per regel")).to_contain_text("Regel 1: verplicht veld ontbreekt: time.")
    expect(page.get_by_role("link", name="Foutenrapport als CSV").first).to_be_visible()
    assert_accessible(page, "upload afgewezen met foutenrapport")
    page.goto(monitor_url)
    expect(page.get_by_role("link", name="kapot.jsonl")).to_be_visible()
    assert_accessible(page, "monitor na upload")

    page.goto(upload_url)
    page.get_by_role("link", name=re.compile("azc · oproep tot verzamelen, tijdstip, vuurwerk")).first.click()
    expect(page.get_by_test_id("observed")).to_have_text("12")
    menu_link(page, "Alerts online").click()
    assert_accessible(page, "alerts")
    page.get_by_role("link", name=re.compile("azc — oproep tot verzamelen, tijdstip, vuurwerk")).first.click()
    page.wait_for_load_state("load")
    assert not errors, errors
    expect(page.locator("#kaart[data-ready=true]")).to_be_attached()
    expect(page.get_by_test_id("timeline")).to_be_visible()
    expect(page.get_by_test_id("observed")).to_have_text("12")
    expect(page.get_by_text("[SYNTHETISCH] Iedereen naar het azc vanavond").first).to_be_visible()
    expect(page.locator(".leaflet-interactive")).not_to_have_count(0)  # the municipality and the place marker
    assert_accessible(page, "alert")
    page.get_by_role("button", name="Niet relevant").click()
    expect(page.get_by_test_id("status")).to_contain_text("Niet relevant")
    expect(page.get_by_text("Drempels van de monitor aangepast")).to_be_visible()
    assert_accessible(page, "alert beoordeeld")
    assert not page.request_log.foreign()


def test_demo_alert_is_shown_with_map(demo, new_page):
    from veiliglokaal.demo.monitoring import load_monitoring_demo

    load_monitoring_demo()
    page = new_page()
    log_in(page, "demo-analist")
    page.goto(demo.url + "/monitoring/alerts?status=open")
    page.get_by_role("link", name=re.compile("gemeentehuis — afspraak, oproep tot verzamelen")).click()
    expect(page.locator("#kaart[data-ready=true]")).to_be_attached()
    expect(page.get_by_test_id("observed")).to_have_text("16")
    assert_accessible(page, "demo-alert")
    page.goto(demo.url + "/monitoring/alerts?auteur=iemand")
    expect(page.get_by_role("alert")).to_contain_text("niet filteren of zoeken op afzenders")
    assert_accessible(page, "geweigerde filter")
