"""Audit by construction: the processing and its log record are one transaction; subjects are pseudonymised."""

import pytest
from django.db import connection
from django.test import override_settings

from veiliglokaal.accounts.models import Membership
from veiliglokaal.accounts.scopes import Role
from veiliglokaal.audit import context as trace_context
from veiliglokaal.audit.chain import verify
from veiliglokaal.audit.models import ChainHead, ProcessingLogEntry, ProcessingStatus, SecurityAction, SecurityEvent
from veiliglokaal.audit.services import log_processing, log_security, processing, pseudonymise

from tests.conftest import logged_in_client, make_user

pytestmark = pytest.mark.django_db

ACTIVITY = "accounts.gebruikersbeheer"


class Boom(Exception):
    pass


def _head(chain: str):
    head = ChainHead.objects.filter(chain=chain).first()
    return (head.last_sequence, head.last_hash) if head else None


def test_processing_writes_the_work_and_the_log_row_together(municipality_a):
    user = make_user("verwerkt", municipality_a, Role.EMPLOYEE)
    with processing(activity=ACTIVITY, name="rol toegekend", subject_type="gebruiker", subject_id=user.pk,
                    municipality_id=municipality_a.pk, actor_id=user.pk):
        Membership.objects.create(user=user, municipality=municipality_a, role=Role.ANALYST)
    assert Membership.objects.filter(user=user, role=Role.ANALYST).exists()
    entry = ProcessingLogEntry.objects.get()
    assert entry.name == "rol toegekend" and entry.status == ProcessingStatus.OK
    assert entry.activity_key == ACTIVITY and entry.municipality_id == municipality_a.pk
    assert entry.started_at <= entry.ended_at
    assert verify(ProcessingLogEntry) == []


def test_processing_that_raises_leaves_neither_the_work_nor_the_log_row(municipality_a):
    user = make_user("mislukt", municipality_a, Role.EMPLOYEE)
    log_processing(activity=ACTIVITY, name="ervoor", subject_type="gebruiker", subject_id=1)
    head_before = _head("processing")
    with pytest.raises(Boom):
        with processing(activity=ACTIVITY, name="half werk", subject_type="gebruiker", subject_id=user.pk,
                        municipality_id=municipality_a.pk):
            Membership.objects.create(user=user, municipality=municipality_a, role=Role.ANALYST)
            raise Boom()
    assert not Membership.objects.filter(user=user, role=Role.ANALYST).exists()
    assert not ProcessingLogEntry.objects.filter(name="half werk").exists()
    assert _head("processing") == head_before  # no sequence number consumed
    # The chain goes on without a gap.
    after = log_processing(activity=ACTIVITY, name="erna", subject_type="gebruiker", subject_id=2)
    assert after.sequence == head_before[0] + 1
    assert verify(ProcessingLogEntry) == []


def test_a_failing_log_write_rolls_back_the_work(municipality_a, monkeypatch):
    """The other direction: if the log record cannot be written, the processing does not happen either."""
    import veiliglokaal.audit.services as services

    user = make_user("zonder-log", municipality_a, Role.EMPLOYEE)

    def broken_append(record):
        raise Boom("logboek niet beschikbaar")

    monkeypatch.setattr(services, "append", broken_append)
    with pytest.raises(Boom):
        with processing(activity=ACTIVITY, name="niet gelogd", subject_type="gebruiker", subject_id=user.pk):
            Membership.objects.create(user=user, municipality=municipality_a, role=Role.ANALYST)
    assert not Membership.objects.filter(user=user, role=Role.ANALYST).exists()


def test_subject_id_never_appears_in_clear():
    subject = "jan.de.vries-987654321"
    entry = log_processing(activity=ACTIVITY, name="bekeken", subject_type="gebruiker", subject_id=subject)
    assert entry.data_subject_id == pseudonymise("gebruiker", subject)
    assert subject not in entry.data_subject_id
    table = connection.ops.quote_name(ProcessingLogEntry._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {table}")
        rows = cursor.fetchall()
    assert rows and not any(subject in str(value) for row in rows for value in row)
    assert not any("987654321" in str(value) for row in rows for value in row)


def test_pseudonym_is_stable_per_subject_and_differs_per_type_and_key():
    p1 = pseudonymise("gebruiker", 42)
    assert p1 == pseudonymise("gebruiker", "42")
    assert p1 != pseudonymise("gebruiker", 43)
    assert p1 != pseudonymise("melder", 42)
    assert len(p1) == 40 and "42" not in p1[:2]
    with override_settings(PSEUDONYMISATION_KEY="een-andere-sleutel"):
        assert pseudonymise("gebruiker", 42) != p1


def test_processing_log_page_finds_a_subject_by_pseudonym_and_never_shows_the_id(municipality_a):
    """An access request (AVG art. 15): the privacy officer types the subject's id; the page searches by pseudonym."""
    officer = make_user("fg", municipality_a, Role.PRIVACY_OFFICER)
    subject_id = "778899665544"
    log_processing(activity=ACTIVITY, name="voor de betrokkene", subject_type="gebruiker", subject_id=subject_id,
                   municipality_id=municipality_a.pk)
    log_processing(activity=ACTIVITY, name="iemand anders", subject_type="gebruiker", subject_id="112233",
                   municipality_id=municipality_a.pk)
    client = logged_in_client(officer, municipality_a)
    page = client.get("/verantwoording/verwerkingslog", {"subject_type": "gebruiker", "subject_id": subject_id})
    text = page.content.decode()
    assert "voor de betrokkene" in text and "iemand anders" not in text
    export = client.get("/verantwoording/verwerkingslog", {"export": "csv"}).getvalue().decode("utf-8-sig")  # streamed
    assert "voor de betrokkene" in export and subject_id not in export
    assert pseudonymise("gebruiker", subject_id) in export


def test_member_detail_view_logs_a_processing_with_the_request_trace(municipality_a, settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1"]  # the test client's address; see tests/accounts/test_proxies_backoff.py
    admin = make_user("beheer", municipality_a, Role.ADMIN)
    member = make_user("lid", municipality_a, Role.EMPLOYEE)
    client = logged_in_client(admin, municipality_a)
    trace = "ab" * 16
    response = client.get(f"/beheer/gebruikers/{member.pk}", HTTP_TRACEPARENT=f"00-{trace}-{'cd' * 8}-01")
    assert response.status_code == 200
    entry = ProcessingLogEntry.objects.get(name="gebruiker bekeken")
    assert entry.trace_id == trace and entry.parent_span_id
    assert entry.data_subject_id == pseudonymise("gebruiker", member.pk)
    assert entry.actor_id == admin.pk and entry.municipality_id == municipality_a.pk
    assert response["traceparent"].startswith(f"00-{trace}-")


def test_log_security_records_origin_actor_and_trace():
    trace_context.start("00-" + "12" * 16 + "-" + "34" * 8 + "-01", origin="192.0.2.7")
    event = log_security(SecurityAction.EXPORT, actor_name="iemand", object_type="verwerkingslog",
                         detail={"rijen": 3})
    stored = SecurityEvent.objects.get(pk=event.pk)
    assert stored.origin == "192.0.2.7" and stored.trace_id == "12" * 16
    assert stored.actor_name == "iemand" and stored.detail == {"rijen": 3}
    assert verify(SecurityEvent) == []
