"""Processing log for address-level views: one entry per address shown in the worklist (and its points layer),
one per signal page opened, one per decision; the purpose's number in the entry, its text never; no address in
any URL."""

import re

import pytest

from veiliglokaal.audit.models import ProcessingLogEntry
from veiliglokaal.audit.services import pseudonymise

pytestmark = pytest.mark.django_db

VIEW = "irregularities.adresinzage"


def _entries(activity=VIEW):
    return list(ProcessingLogEntry.objects.filter(activity_key=activity).order_by("sequence"))


def test_worklist_logs_one_entry_per_address_shown(run_a, analyst_client, analyst_a, purpose_a, municipality_a):
    page = analyst_client.get("/onregelmatigheden/werklijst").content.decode()
    signals = list(run_a.signal_set.select_related("address"))
    entries = _entries()
    assert len(entries) == len(signals) == 6
    assert {e.data_subject_id for e in entries} == {pseudonymise("adres", s.address.bag_id) for s in signals}
    assert all(e.data_subject_type == "adres" and e.actor_id == analyst_a.pk and e.municipality_id == municipality_a.pk
               for e in entries)
    assert all(f"doel #{purpose_a.pk}" in e.name and purpose_a.purpose not in e.name for e in entries)
    # the points layer is the same page's signals: every point is a listed (and logged) address
    assert page.count('"lat":') == 6


def test_worklist_filter_logs_only_what_is_shown(run_a, analyst_client, purpose_a):
    analyst_client.get("/onregelmatigheden/werklijst?indicator=many_moves")
    assert len(_entries()) == 3


def test_signal_page_logs_one_entry_for_its_address(run_a, analyst_client, purpose_a):
    signal = run_a.signal_set.select_related("address").get(rank=2)
    analyst_client.get(f"/onregelmatigheden/signalen/{signal.pk}")
    [entry] = _entries()
    assert entry.data_subject_id == pseudonymise("adres", signal.address.bag_id)
    assert entry.name == f"signaal #{signal.pk} bekeken (doel #{purpose_a.pk})"


def test_no_address_in_any_link(run_a, analyst_client, purpose_a):
    page = analyst_client.get("/onregelmatigheden/werklijst").content.decode()
    hrefs = re.findall(r'href="([^"]+)"', page)
    signal = run_a.signal_set.select_related("address").first()
    assert any(h == f"/onregelmatigheden/signalen/{signal.pk}" for h in hrefs)
    for href in hrefs:
        assert "Synthetische" not in href and signal.address.bag_id not in href and "3851ZZ" not in href


def test_aggregated_map_is_not_an_address_view(run_a, analyst_client, purpose_a):
    analyst_client.get("/onregelmatigheden/kaart")
    analyst_client.get("/onregelmatigheden/kaart/laag")
    assert _entries() == []


def test_decision_is_logged_under_the_review_activity(run_a, analyst_client, purpose_a):
    signal = run_a.signal_set.select_related("address").first()
    analyst_client.post(f"/onregelmatigheden/signalen/{signal.pk}/besluit",
                        {"outcome": "no_action", "rationale": "Gecontroleerd: studentenhuis met vergunning."})
    [entry] = _entries("irregularities.beoordeling")
    assert entry.data_subject_id == pseudonymise("adres", signal.address.bag_id)
    assert "no_action" in entry.name and "studentenhuis" not in entry.name


def test_the_activities_used_are_in_the_register():
    from veiliglokaal.audit.register import declared_activities
    from veiliglokaal.irregularities.processing_activities import REVIEW_ACTIVITIES

    keys = {activity["key"] for activity in declared_activities()}
    assert {"irregularities.adresinzage", "irregularities.beoordeling", "enforcement.handhaving"} <= keys
    assert {a["key"] for a in REVIEW_ACTIVITIES} == {"irregularities.adresinzage", "irregularities.beoordeling"}
