"""The notice to the platform carries every element of art. 16(2) DSA, as Dutch text and as JSON; recording it as sent
stores exactly what was sent, immutably; an incomplete notice cannot be recorded."""

import io
import json

import pytest
from django.core.exceptions import ValidationError

from tests.conftest import logged_in_client
from veiliglokaal.accounts.scopes import Role
from veiliglokaal.audit.models import AppendOnlyError
from veiliglokaal.online import notice as dsa
from veiliglokaal.online import services
from veiliglokaal.online.models import CustodyAction, Notice

from .conftest import ASSESSMENT, PNG, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def assessed(make_report, staff_a, handler, tenant_of, municipality_a):
    report = make_report(staff_a[Role.OFFICIAL], files=[upload("scherm.png", PNG)])
    services.assess(tenant_of(handler, municipality_a), handler, report, ASSESSMENT)
    return report


def test_element_a_substantiated_explanation(assessed, handler):
    payload = services.draft_notice(assessed, handler)
    explanation = payload["explanation"]
    assert explanation["text"] == ASSESSMENT
    assert explanation["kind"] == "bedreiging" and explanation["kindLabel"] == "Bedreiging"
    assert explanation["legalProvisions"] == ["artikel 285 Wetboek van Strafrecht (bedreiging)"]
    assert explanation["targetedPerson"] == "burgemeester van de gemeente Ermelo"
    text = dsa.as_text(payload)
    assert "a. Waarom deze inhoud illegaal is" in text and ASSESSMENT in text
    assert "artikel 285 Wetboek van Strafrecht (bedreiging)" in text


def test_element_b_exact_urls(assessed, handler):
    payload = services.draft_notice(assessed, handler)
    assert payload["locations"] == [{"url": "https://x.com/iemand/status/123"},
                                    {"url": "https://x.com/iemand/status/124"}]
    text = dsa.as_text(payload)
    section = text.split("b. Exacte elektronische locatie\n")[1].split("\n\n")[0]
    assert section.splitlines() == ["- https://x.com/iemand/status/123", "- https://x.com/iemand/status/124"]


def test_element_c_name_and_email_of_notifier(assessed, handler):
    payload = services.draft_notice(assessed, handler)
    assert payload["notifier"]["name"] == handler.get_full_name() == "A-Analyst Synthetisch"
    assert payload["notifier"]["email"] == "a-analyst@example.org"
    assert payload["notifier"]["organisation"] == "Gemeente Ermelo"
    text = dsa.as_text(payload)
    assert "Naam: A-Analyst Synthetisch" in text and "E-mail: a-analyst@example.org" in text


def test_element_d_good_faith_statement(assessed, handler):
    payload = services.draft_notice(assessed, handler)
    assert "te goeder trouw" in payload["goodFaithStatement"]
    assert "juist en volledig" in payload["goodFaithStatement"]
    assert "d. Verklaring te goeder trouw\n" + dsa.GOOD_FAITH in dsa.as_text(payload)


def test_json_structure_is_documented_and_names_no_person(assessed, handler):
    payload = services.draft_notice(assessed, handler)
    assert set(payload) == {"schema", "reference", "createdAt", "legalBasis", "platform", "explanation", "locations",
                            "notifier", "goodFaithStatement", "evidence"}
    assert payload["schema"] == dsa.SCHEMA and "artikel 16" in payload["legalBasis"]
    assert payload["platform"] == {"code": "x", "name": "X (Twitter)"}
    assert payload["evidence"][0]["sha256"] == assessed.evidence.get().sha256
    assert assessed.target_user.get_full_name() not in json.dumps(payload)  # data minimisation: function only
    assert dsa.missing_elements(payload) == []


@pytest.mark.parametrize("change, letter", [
    (lambda p: p["explanation"].update(text="te kort"), "(a)"),
    (lambda p: p["explanation"].update(legalProvisions=[]), "(a)"),
    (lambda p: p.update(locations=[]), "(b)"),
    (lambda p: p.update(locations=[{"url": "ftp://x"}]), "(b)"),
    (lambda p: p["notifier"].update(name=""), "(c)"),
    (lambda p: p["notifier"].update(email="geen-adres"), "(c)"),
    (lambda p: p.update(goodFaithStatement=""), "(d)"),
])
def test_each_missing_element_is_named(assessed, handler, change, letter):
    payload = services.draft_notice(assessed, handler)
    change(payload)
    missing = dsa.missing_elements(payload)
    assert len(missing) == 1 and missing[0].startswith(letter)


def test_notice_cannot_be_recorded_without_notifier_email(assessed, handler, tenant_of, municipality_a):
    handler.email = ""
    handler.save()
    with pytest.raises(ValidationError) as error:
        services.record_notice_sent(tenant_of(handler, municipality_a), handler, assessed, "meldformulier X")
    assert any(m.startswith("(c)") for m in error.value.messages)
    assessed.refresh_from_db()
    assert assessed.state == "assessed" and not Notice.objects.exists()


def test_recorded_notice_is_exact_and_immutable(assessed, handler, tenant_of, municipality_a):
    tenant = tenant_of(handler, municipality_a)
    expected = services.draft_notice(assessed, handler)
    sent = services.record_notice_sent(tenant, handler, assessed, "DSA-meldformulier van X")
    assert sent.sha256 == dsa.digest(sent.payload)
    expected["createdAt"] = sent.payload["createdAt"]
    assert sent.payload == expected and sent.text == dsa.as_text(sent.payload)
    assessed.refresh_from_db()
    assert assessed.state == "notice_sent" and assessed.deadline_at is not None
    assert assessed.evidence.get().custody.filter(action=CustodyAction.INCLUDED_IN_NOTICE).exists()
    sent.text = "iets anders"
    with pytest.raises(AppendOnlyError):
        sent.save()
    # Later changes to the report do not change what was sent.
    from veiliglokaal.online.models import ContentReport

    ContentReport.objects.filter(pk=assessed.pk).update(assessment="gewijzigd " * 10)
    assert Notice.objects.get(pk=sent.pk).payload["explanation"]["text"] == ASSESSMENT


def test_draft_and_sent_notice_downloads(assessed, handler, tenant_of, municipality_a):
    client = logged_in_client(handler, municipality_a)
    draft_json = client.get(f"/online-meldingen/{assessed.pk}/concept-notice.json")
    assert draft_json.status_code == 200 and draft_json["Content-Type"].startswith("application/json")
    assert draft_json["Content-Disposition"] == f'attachment; filename="concept-notice-{assessed.reference}.json"'
    assert json.loads(draft_json.content)["locations"][0]["url"] == "https://x.com/iemand/status/123"
    draft_text = client.get(f"/online-meldingen/{assessed.pk}/concept-notice.txt").content.decode()
    assert "d. Verklaring te goeder trouw" in draft_text
    page = client.get(f"/online-meldingen/{assessed.pk}").content.decode()
    assert "Notice aan het platform (art. 16 DSA)" in page and "b. Exacte elektronische locatie" in page
    response = client.post(f"/online-meldingen/{assessed.pk}/notice-verstuurd", {"channel": "meldformulier X"})
    assert response.status_code == 302
    sent = Notice.objects.get()
    stored = client.get(f"/online-meldingen/{assessed.pk}/notices/{sent.pk}.json")
    assert json.loads(stored.content) == sent.payload
    assert client.get(f"/online-meldingen/{assessed.pk}/notices/{sent.pk}.txt").content.decode() == sent.text


def test_reporter_without_handle_scope_cannot_get_the_notice(assessed, staff_a, municipality_a):
    client = logged_in_client(staff_a[Role.OFFICIAL], municipality_a)
    assert client.get(f"/online-meldingen/{assessed.pk}/concept-notice.json").status_code == 403
    page = client.get(f"/online-meldingen/{assessed.pk}").content.decode()
    assert "Notice aan het platform" not in page


def test_sent_notice_cannot_be_rewritten_in_bulk_and_a_rewrite_is_found(assessed, handler, tenant_of,
                                                                         municipality_a):
    """Issue 20 item 3: bulk update()/bulk_update() are refused, and a notice whose JSON and hash were both rewritten
    below the ORM is reported by verify_audit (its hash was chained into the security log when it was sent)."""
    from django.core.management import CommandError, call_command
    from django.db import connection

    from veiliglokaal.audit.models import SecurityAction, SecurityEvent

    sent = services.record_notice_sent(tenant_of(handler, municipality_a), handler, assessed, "meldformulier X")
    event = SecurityEvent.objects.get(action=SecurityAction.NOTICE_SENT, object_id=str(sent.pk))
    assert event.detail == {"sha256": sent.sha256}
    with pytest.raises(AppendOnlyError):
        Notice.objects.filter(pk=sent.pk).update(text="anders")
    sent.text = "anders"
    with pytest.raises(AppendOnlyError):
        Notice.objects.bulk_update([sent], ["text"])
    call_command("verify_audit", stdout=io.StringIO())  # intact
    forged = dict(sent.payload, locations=[{"url": "https://example.org/iets-anders"}])
    with connection.cursor() as cursor:
        cast = "%s::jsonb" if connection.vendor == "postgresql" else "%s"
        cursor.execute(f"UPDATE {Notice._meta.db_table} SET payload = {cast}, sha256 = %s WHERE id = %s",
                       [json.dumps(forged), dsa.digest(forged), sent.pk])
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("verify_audit", stdout=out)
    assert f"notice {sent.pk}: SHA-256 verschilt van de hash in het beveiligingslog" in out.getvalue()


def test_evidence_is_named_neutrally_in_the_notice(assessed, handler):
    """Issue 20 item 8: the uploaded file's own name can identify the targeted person; the notice uses neutral names
    with the hash."""
    payload = services.draft_notice(assessed, handler)
    item = assessed.evidence.get()
    assert payload["evidence"][0]["fileName"] == "bewijs-1.png" and payload["evidence"][0]["sha256"] == item.sha256
    assert item.original_name not in json.dumps(payload) and item.original_name not in dsa.as_text(payload)
