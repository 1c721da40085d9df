"""Meldpunt online inhoud in the browser: an office holder reports with evidence (a first attempt with mistakes keeps
what was typed), the analyst assesses, the DSA notice is drafted, recorded as sent, the platform removes the content,
the report is closed; the threat is also registered in GIR. axe-core on every page on the way."""

import re

import pytest
from playwright.sync_api import expect

from .conftest import PHONE
from .helpers import assert_accessible, log_in, menu_link

pytestmark = pytest.mark.e2e

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
MHTML = (b"From: <Saved by Blink>\r\nSnapshot-Content-Location: https://x.com/a/status/1\r\nMIME-Version: 1.0\r\n"
         b"Content-Type: multipart/related;\r\n\ttype=\"text/html\";\r\n\tboundary=\"----b\"\r\n\r\n------b--\r\n")
ASSESSMENT = ("Het bericht kondigt aan dat de burgemeester thuis 'bezoek' krijgt en noemt de straat: een bedreiging "
              "met geweld tegen een ambtsdrager (art. 285 Sr).")


@pytest.fixture
def evidence_files(tmp_path, settings):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    screenshot, saved_page, disguised = tmp_path / "scherm.png", tmp_path / "pagina.mhtml", tmp_path / "foto.png"
    screenshot.write_bytes(PNG)
    saved_page.write_bytes(MHTML)
    disguised.write_bytes(b"MZ\x90\x00 dit is geen afbeelding")
    return screenshot, saved_page, disguised


def _step(page, button: str, reason: str):
    form = page.locator("form", has=page.get_by_role("button", name=button, exact=True))
    form.get_by_label("Toelichting of uitkomst").fill(reason)
    form.get_by_role("button", name=button, exact=True).click()


def test_report_assess_notice_remove_close(demo, new_page, evidence_files):
    screenshot, saved_page, disguised = evidence_files
    phone = new_page(viewport=PHONE)
    log_in(phone, "demo-bestuurder")
    menu_link(phone, "Online inhoud melden").click()
    expect(phone).to_have_url(demo.url + "/online-meldingen/nieuw")
    assert_accessible(phone, "online inhoud melden (telefoon)")
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")

    phone.get_by_label("Functie van de betrokkene").fill("burgemeester")
    phone.get_by_label("URL's van de inhoud").fill("https://x.com/iemand/status/1\nwww.zonder-schema.nl")
    phone.get_by_label("Platform").select_option("x")
    phone.get_by_label("Bedreiging", exact=True).check()
    phone.get_by_label("Wat staat er en waarom meldt u het?").fill("Dreigend bericht met mijn straatnaam.")
    phone.get_by_label(re.compile(r"^Bewijs \(niet")).set_input_files([str(screenshot), str(disguised)])
    phone.get_by_role("button", name="Melding versturen").click()
    expect(phone.get_by_role("alert")).to_be_visible()
    expect(phone.get_by_text("Regel 2 (www.zonder-schema.nl)")).to_be_visible()
    expect(phone.get_by_text("foto.png: alleen schermafbeeldingen")).to_be_visible()
    description = phone.get_by_label("Wat staat er en waarom meldt u het?")
    expect(description).to_have_value("Dreigend bericht met mijn straatnaam.")
    assert_accessible(phone, "online inhoud melden met foutmeldingen (telefoon)")

    phone.get_by_label("URL's van de inhoud").fill("https://x.com/iemand/status/1\nhttps://x.com/iemand/status/2")
    phone.get_by_label(re.compile(r"^Bewijs \(niet")).set_input_files([str(screenshot), str(saved_page)])
    phone.get_by_role("button", name="Melding versturen").click()
    expect(phone).to_have_url(re.compile(r"/online-meldingen/\d+$"))
    expect(phone.get_by_role("status")).to_contain_text("Dank u voor uw melding")
    reference = phone.get_by_role("heading", level=1).inner_text().split()[-1]
    expect(phone.get_by_text("Ontvangen, nog te beoordelen")).to_be_visible()
    expect(phone.get_by_role("link", name="pagina.mhtml")).to_be_visible()
    assert_accessible(phone, "melding online inhoud (melder, telefoon)")
    phone.get_by_role("link", name="Bewijs toevoegen").click()
    assert_accessible(phone, "bewijs toevoegen (telefoon)")
    phone.goto("/online-meldingen")
    expect(phone.get_by_role("link", name=reference)).to_be_visible()
    assert_accessible(phone, "mijn online meldingen (telefoon)")

    desk = new_page()
    log_in(desk, "demo-analist")
    menu_link(desk, "Werkvoorraad meldpunt online").click()
    assert_accessible(desk, "werkvoorraad meldpunt online")
    desk.get_by_role("link", name="Platformlijst van de gemeente beheren").click()
    assert_accessible(desk, "platforms van het meldpunt")
    desk.go_back()
    desk.get_by_role("link", name=reference).click()
    assert_accessible(desk, "melding online inhoud (behandelaar)")
    desk.get_by_label("Onderbouwing: waarom is deze inhoud onrechtmatig?").fill(ASSESSMENT)
    desk.get_by_role("button", name="Beoordeling vastleggen").click()
    expect(desk.get_by_role("status")).to_contain_text("Beoordeling vastgelegd")
    notice = desk.locator("pre.vl-notice")
    expect(notice).to_contain_text("a. Waarom deze inhoud illegaal is")
    expect(notice).to_contain_text("- https://x.com/iemand/status/2")
    expect(notice).to_contain_text("E-mail: demo-analist@demo.veiliglokaal.invalid")
    expect(notice).to_contain_text("te goeder trouw")
    assert_accessible(desk, "melding met concept-notice")
    with desk.expect_download() as download:
        desk.get_by_role("link", name="Download als JSON").click()
    assert download.value.suggested_filename == f"concept-notice-{reference}.json"

    desk.get_by_label("Verstuurd via").fill("DSA-meldformulier van X")
    desk.get_by_role("button", name="Notice is verstuurd").click()
    expect(desk.get_by_text("Notice verstuurd, wacht op het platform")).to_be_visible()
    expect(desk.get_by_role("heading", name="Verstuurde notices")).to_be_visible()

    desk.get_by_label("Functie van de betrokkene in GIR").select_option("burgemeester")
    desk.get_by_role("button", name="Registreer in GIR").click()
    expect(desk.get_by_role("status")).to_contain_text("Geregistreerd als incident in GIR")
    gir_link = desk.get_by_role("link", name=re.compile(r"Incident GIR-\d+"))
    expect(gir_link).to_be_visible()

    _step(desk, "Platform heeft verwijderd", "Platform meldt dat beide berichten zijn verwijderd.")
    expect(desk.get_by_text("Verwijderd door het platform", exact=True)).to_be_visible()
    _step(desk, "Afsluiten", "Burgemeester geïnformeerd.")
    expect(desk.get_by_text("Afgesloten", exact=True)).to_be_visible()
    assert_accessible(desk, "afgesloten melding online inhoud")

    gir_link.click()
    expect(desk.get_by_text(f"Overgenomen uit het meldpunt online inhoud ({reference})")).to_be_visible()
    expect(desk.get_by_role("link", name="scherm.png")).to_be_visible()
    for page in (phone, desk):
        assert not page.request_log.foreign()
