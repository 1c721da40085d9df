"""Settings page for indicators (Dutch errors, input kept), starting a run and following its progress."""

import pytest

from veiliglokaal.accounts.scopes import Role
from veiliglokaal.irregularities.models import IndicatorSetting, ScoringRun

from tests.conftest import logged_in_client

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def analyst(municipality_a, users_a):
    return logged_in_client(users_a[Role.ANALYST], municipality_a)


def test_settings_page_lists_indicators_with_defaults(analyst):
    response = analyst.get("/onregelmatigheden/instellingen")
    text = response.content.decode()
    assert response.status_code == 200
    assert "Besettingsgraad" in text and "Afwijkingsscore" in text and "(standaard)" in text


def test_saving_valid_thresholds(analyst, municipality_a, users_a):
    response = analyst.post("/onregelmatigheden/instellingen/occupancy",
                            {"enabled": "on", "max_m2_per_person": "10,5", "min_persons": "3"})
    assert response.status_code == 302
    setting = IndicatorSetting.objects.get(municipality=municipality_a, indicator="occupancy")
    assert setting.params == {"max_m2_per_person": 10.5, "min_persons": 3}
    assert setting.enabled and setting.updated_by == users_a[Role.ANALYST]
    assert "10,5" in analyst.get("/onregelmatigheden/instellingen").content.decode()


def test_invalid_thresholds_get_dutch_errors_and_keep_the_input(analyst, municipality_a):
    response = analyst.post("/onregelmatigheden/instellingen/high_risk_concentration",
                            {"enabled": "on", "sbi_prefixes": "4511, garage", "area": "street",
                             "min_addresses": "1"})
    text = response.content.decode()
    assert response.status_code == 200
    assert "Geen geldige SBI-code(s): garage" in text
    assert "Vul een waarde in van 2 tot en met 500." in text
    assert 'value="4511, garage"' in text
    assert not IndicatorSetting.objects.filter(municipality=municipality_a).exists()


def test_switching_an_indicator_off(analyst, municipality_a):
    analyst.post("/onregelmatigheden/instellingen/many_moves", {"min_moves": "8"})
    assert IndicatorSetting.objects.get(municipality=municipality_a, indicator="many_moves").enabled is False


def test_unknown_indicator_is_404(analyst):
    assert analyst.get("/onregelmatigheden/instellingen/nationaliteit").status_code == 404


def test_start_a_run_and_follow_its_progress(analyst, municipality_a):
    response = analyst.post("/onregelmatigheden/berekeningen")
    run = ScoringRun.objects.get(municipality=municipality_a)
    assert response.status_code == 302 and response["Location"] == f"/onregelmatigheden/berekeningen/{run.pk}"
    run.refresh_from_db()
    assert run.status == "succeeded" and run.addresses == 0  # no source data yet: an empty, successful run
    page = analyst.get(response["Location"])
    assert "Voortgang" in page.content.decode() and 'value="100"' in page.content.decode()
    fragment = analyst.get(response["Location"], HTTP_HX_REQUEST="true").content.decode()
    assert fragment.lstrip().startswith("<div") and "<html" not in fragment
