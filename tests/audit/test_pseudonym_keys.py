"""Processing-log pseudonyms (issue 20 item 4): random, not recomputable from ids, rotatable, shredded with the data
they are about, and expiring (the processing log's own retention)."""

import datetime
import hashlib
import hmac

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings

from veiliglokaal.audit.chain import verify
from veiliglokaal.audit.models import ProcessingLogEntry, SubjectKey
from veiliglokaal.audit.services import expire_links, log_processing, pseudonymise, pseudonyms_of, shred_context

pytestmark = pytest.mark.django_db
ACTIVITY = "accounts.gebruikersbeheer"


def _log(municipality, subject_id, context=""):
    log_processing(activity=ACTIVITY, name="test", subject_type="gebruiker", subject_id=subject_id,
                   municipality_id=municipality.pk, context=context)


def test_enumerating_ids_recovers_no_subject_even_with_the_key(municipality_a):
    """The outside test recovered 4,499 of 4,637 subjects by hashing ids 1–6,000. Pseudonyms are random tokens now:
    hashing every id with the application's keys (as the old scheme did) matches no record."""
    for subject_id in range(1, 201):
        _log(municipality_a, subject_id)
    stored = set(ProcessingLogEntry.objects.values_list("data_subject_id", flat=True))
    assert len(stored) == 200
    guesses = set()
    for key in (settings.PSEUDONYMISATION_KEY, settings.SECRET_KEY):
        for subject_id in range(1, 6001):
            guesses.add(hmac.new(key.encode(), f"gebruiker:{subject_id}".encode(), hashlib.sha256).hexdigest()[:40])
    assert not stored & guesses
    # the privacy officer still finds one person's records through the keyed index
    assert set(pseudonyms_of("gebruiker", 17)) == {pseudonymise("gebruiker", 17)}
    assert pseudonymise("gebruiker", 17) in stored


def test_rotation_keeps_existing_pseudonyms_findable(municipality_a):
    _log(municipality_a, 42)
    before = pseudonymise("gebruiker", 42)
    with override_settings(PSEUDONYMISATION_KEY="nieuwe-sleutel-" + "x" * 32,
                           PSEUDONYMISATION_PREVIOUS_KEYS=[settings.PSEUDONYMISATION_KEY]):
        assert pseudonymise("gebruiker", 42) == before
        assert pseudonyms_of("gebruiker", 42) == [before]
    with override_settings(PSEUDONYMISATION_KEY="nieuwe-sleutel-" + "x" * 32, PSEUDONYMISATION_PREVIOUS_KEYS=[]):
        assert pseudonyms_of("gebruiker", 42) == []  # without the old key the link is gone


def test_shredding_a_context_unlinks_its_records_and_keeps_the_chain(municipality_a):
    _log(municipality_a, 7, context="melding:1")
    _log(municipality_a, 7, context="melding:2")
    assert len(pseudonyms_of("gebruiker", 7)) == 2
    assert shred_context("melding:1") == 1
    assert len(pseudonyms_of("gebruiker", 7)) == 1
    assert ProcessingLogEntry.objects.count() == 2 and verify(ProcessingLogEntry) == []


def test_links_expire_after_the_processing_logs_own_term(municipality_a, capsys):
    _log(municipality_a, 1)
    _log(municipality_a, 2)
    SubjectKey.objects.filter(pseudonym=pseudonymise("gebruiker", 1)).update(
        last_used_on=datetime.date.today().replace(year=datetime.date.today().year - 8))
    call_command("apply_processing_log_retention")
    assert "1 koppeling(en)" in capsys.readouterr().out
    assert pseudonyms_of("gebruiker", 1) == [] and len(pseudonyms_of("gebruiker", 2)) == 1
    assert expire_links() == 0
