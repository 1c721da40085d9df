"""Public mode (INDICATORS_PUBLIC) and the printable council report.

Off (the default): every /openbaar/ page is a 404. On: the open-data pages render for an anonymous visitor and hold
nothing beyond open data — no menu, no account, no user names, no links into the internal modules or the logs."""

import csv
import io
import re

import pytest
from django.test import Client

from tests.conftest import logged_in_client, make_user
from veiliglokaal.accounts.scopes import Role

PUBLIC_PAGES = ["/openbaar/veiligheidsbeeld/GM0233", "/openbaar/veiligheidsbeeld/kaart",
                "/openbaar/veiligheidsbeeld/GM0233/rapport", "/openbaar/veiligheidsbeeld/GM0233/csv/trend",
                "/openbaar/veiligheidsbeeld/alle/csv/alle-gemeenten", "/openbaar/veiligheidsbeeld"]
INTERNAL = ["/verantwoording", "/verwerkingsregister", "/beheer", "/api-sleutels", "/mijn-gemeente", "/uitloggen",
            "/gemeente-kiezen", "/platformbeheer", "/api-documentatie", 'href="/veiligheidsbeeld']
# Everything a public page may link to: itself and its siblings, the sources, the accessibility statement, assets.
ALLOWED_LINK = re.compile(r"^(/openbaar/veiligheidsbeeld(/|$)|/bronnen$|/toegankelijkheid$|/static/|#|\?|data:)")  # "?...": the same page sorted


@pytest.fixture
def public(settings):
    settings.INDICATORS_PUBLIC = True


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_off_by_default_is_404(police_statistics, settings, path):
    assert settings.INDICATORS_PUBLIC is False
    assert Client().get(path).status_code == 404


@pytest.mark.parametrize("path", PUBLIC_PAGES[:3])
def test_anonymous_sees_open_data_only(police_statistics, public, path):
    response = Client().get(path)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Hoofdmenu" not in html and "Uitloggen" not in html and "Gemeente:" not in html
    for internal in INTERNAL:
        assert internal not in html, internal
    links = re.findall(r'(?:href|src)="([^"]*)"', html)
    assert links and all(ALLOWED_LINK.match(link) for link in links), [l for l in links if not ALLOWED_LINK.match(l)]
    assert "load_statistics" not in html


def test_public_profile_content(police_statistics, public):
    html = Client().get("/openbaar/veiligheidsbeeld/gm0233").content.decode()  # code case-insensitive
    assert "Veiligheidsbeeld Ermelo" in html and "34,8" in html
    assert 'href="/openbaar/veiligheidsbeeld/kaart"' in html
    assert 'href="/openbaar/veiligheidsbeeld/GM0233/csv/trend"' in html
    assert 'href="/openbaar/veiligheidsbeeld/GM0233/rapport"' in html


def test_public_map_links_every_municipality(police_statistics, public):
    response = Client().get("/openbaar/veiligheidsbeeld/kaart?jaar=2023")
    html = response.content.decode()
    assert html.count('href="/openbaar/veiligheidsbeeld/GM') == 342
    assert response.context["map_data"]["own"] == ""


def test_logged_in_user_sees_no_account_data_on_public_pages(police_statistics, public, municipality_a):
    user = make_user("Zichtbaarenaam", municipality_a, Role.ADMIN)
    client = logged_in_client(user, municipality_a)
    html = client.get("/openbaar/veiligheidsbeeld/GM0233").content.decode()
    assert user.display_name not in html and "Zichtbaarenaam" not in html
    assert "Hoofdmenu" not in html and "Uitloggen" not in html


def test_public_csv(police_statistics, public):
    response = Client().get("/openbaar/veiligheidsbeeld/GM0233/csv/trend")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[3][:3] == ["2024", "970", "34.82"]
    everyone = Client().get("/openbaar/veiligheidsbeeld/alle/csv/alle-gemeenten")
    assert len(list(csv.reader(io.StringIO(everyone.content.decode("utf-8-sig")), delimiter=";"))) == 1 + 342 * 3


def test_public_unknown_municipality_or_table_is_404(police_statistics, public):
    assert Client().get("/openbaar/veiligheidsbeeld/GM9999").status_code == 404
    assert Client().get("/openbaar/veiligheidsbeeld/GM0233/csv/geheim").status_code == 404
    assert Client().get("/openbaar/veiligheidsbeeld/alle/csv/trend").status_code == 404


def test_public_does_not_open_the_internal_pages(police_statistics, public):
    for path in ["/veiligheidsbeeld", "/veiligheidsbeeld/kaart", "/veiligheidsbeeld/rapport",
                 "/veiligheidsbeeld/csv/trend"]:
        response = Client().get(path)
        assert response.status_code == 302 and response["Location"].startswith("/inloggen")


def test_council_report(police_statistics, municipality_a):
    client = logged_in_client(make_user("raadsrapport", municipality_a, Role.OFFICIAL), municipality_a)
    response = client.get("/veiligheidsbeeld/rapport")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Rapport voor de gemeenteraad" in html and "Veiligheidsbeeld Ermelo" in html
    assert "css/indicators-report.css" in html and 'data-testid="generated-at"' in html
    assert "Hoofdmenu" not in html and "Uitloggen" not in html and "<nav" not in html
    assert "politie_misdrijven_totaal_gemeente_2022_2024.csv" in html  # source file
    assert "Tabel 47013NED" in html and "peildatum 1 januari 2024" in html
    assert "34,8" in html and 'id="r-bbv"' in html
    assert response.context["generated_at"] is not None
    assert 'href="/veiligheidsbeeld/rapport"' in client.get("/veiligheidsbeeld").content.decode()


def test_report_print_css_is_a4():
    from django.contrib.staticfiles import finders

    css = open(finders.find("css/indicators-report.css")).read()
    assert "@page" in css and "A4" in css and "@media print" in css
