"""No address-level data without a stated, time-limited purpose; the purpose is per user and per municipality."""

import datetime

import pytest
from django.utils import timezone

from veiliglokaal.accounts.scopes import Role
from veiliglokaal.irregularities.models import AccessPurpose

from tests.conftest import logged_in_client

pytestmark = pytest.mark.django_db


def test_worklist_without_purpose_goes_to_the_purpose_form_and_back(run_a, analyst_client):
    response = analyst_client.get("/onregelmatigheden/werklijst?indicator=occupancy")
    assert response.status_code == 302
    assert response.url.startswith("/onregelmatigheden/doel?volgende=/onregelmatigheden/werklijst")
    form = analyst_client.get(response.url)
    assert "Waarvoor bekijkt u gegevens op adresniveau?" in form.content.decode()
    done = analyst_client.post("/onregelmatigheden/doel", {
        "purpose": "Melding overbewoning in de buurt Centrum", "volgende": "/onregelmatigheden/werklijst"})
    assert done.status_code == 302 and done.url == "/onregelmatigheden/werklijst"
    assert analyst_client.get("/onregelmatigheden/werklijst").status_code == 200


def test_signal_page_without_purpose_is_gated_too(run_a, analyst_client):
    signal = run_a.signal_set.first()
    response = analyst_client.get(f"/onregelmatigheden/signalen/{signal.pk}")
    assert response.status_code == 302 and "/onregelmatigheden/doel" in response.url


@pytest.mark.parametrize("text, error", [
    ("", "Vul het doel in: zonder doel geen gegevens op adresniveau."),
    ("kijken", "Beschrijf het doel in minstens 15 tekens"),
])
def test_missing_or_vague_purpose_gets_a_dutch_error_and_keeps_the_input(text, error, analyst_client, analyst_a):
    response = analyst_client.post("/onregelmatigheden/doel", {"purpose": text})
    page = response.content.decode()
    assert response.status_code == 200 and error in page
    if text:
        assert f"{text}</textarea>" in page
    assert not AccessPurpose.objects.filter(user=analyst_a).exists()


def test_purpose_is_stored_with_a_time_limit(analyst_client, analyst_a, municipality_a):
    analyst_client.post("/onregelmatigheden/doel", {"purpose": "Onderzoek garageboxen bedrijventerrein"})
    purpose = AccessPurpose.objects.get(user=analyst_a)
    assert purpose.municipality == municipality_a
    assert datetime.timedelta(hours=3, minutes=59) < purpose.expires_at - timezone.now() <= datetime.timedelta(hours=4)


def test_expired_purpose_no_longer_opens_the_gate(run_a, analyst_client, purpose_a):
    AccessPurpose.objects.filter(pk=purpose_a.pk).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    assert analyst_client.get("/onregelmatigheden/werklijst").status_code == 302


def test_a_purpose_is_personal(run_a, purpose_a, municipality_a):
    from tests.conftest import make_user

    colleague = make_user("a-analist-2", municipality_a, Role.ANALYST)
    assert logged_in_client(colleague, municipality_a).get("/onregelmatigheden/werklijst").status_code == 302


def test_unsafe_next_url_is_ignored(analyst_client):
    response = analyst_client.post("/onregelmatigheden/doel", {
        "purpose": "Periodieke beoordeling werklijst", "volgende": "https://elders.example/"})
    assert response.url == "/onregelmatigheden/werklijst"


@pytest.mark.parametrize("role", [Role.OFFICIAL, Role.ENFORCER, Role.EMPLOYEE])
def test_roles_without_address_access_never_reach_the_form(role, run_a, users_a, municipality_a):
    client = logged_in_client(users_a[role], municipality_a)
    signal = run_a.signal_set.first()
    for path in ("/onregelmatigheden/doel", "/onregelmatigheden/werklijst", f"/onregelmatigheden/signalen/{signal.pk}",
                 "/onregelmatigheden/precisie"):
        assert client.get(path).status_code == 403, path
