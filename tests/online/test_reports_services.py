"""Reporting: URLs, platforms, targets, on behalf, history, audit in the same transaction."""

import pytest
from django.core.exceptions import ValidationError

from veiliglokaal.accounts.scopes import Role
from veiliglokaal.audit.models import ProcessingLogEntry
from veiliglokaal.audit.services import pseudonymise
from veiliglokaal.online import services
from veiliglokaal.online.models import ContentReport, Platform

from .conftest import PNG, report_data, upload

pytestmark = pytest.mark.django_db


def test_platform_defaults_seeded_once_and_per_municipality(staff_a, make_report, municipality_a, municipality_b):
    make_report(staff_a[Role.OFFICIAL])
    codes = list(Platform.objects.filter(municipality=municipality_a).values_list("code", flat=True))
    assert codes == ["x", "facebook", "instagram", "tiktok", "youtube", "telegram", "mastodon", "website", "overig"]
    Platform.objects.filter(municipality=municipality_a, code="telegram").update(is_active=False)
    services.ensure_platforms(municipality_a.pk)
    assert not services.platforms(municipality_a.pk).filter(code="telegram").exists()
    assert not Platform.objects.filter(municipality=municipality_b).exists()


def test_report_by_office_holder_themselves(staff_a, make_report):
    official = staff_a[Role.OFFICIAL]
    report = make_report(official, files=[upload("scherm.png", PNG)])
    assert report.reference == f"OM-{report.pk:06d}"
    assert report.target_user == official and not report.on_behalf
    assert list(report.urls.values_list("url", flat=True)) == ["https://x.com/iemand/status/123",
                                                                "https://x.com/iemand/status/124"]
    assert report.state == "received" and report.deadline_at is not None
    assert [h.transition for h in report.history.all()] == ["start"]
    assert [e.text for e in report.events.all()] == ["Melding ontvangen", "Bewijs toegevoegd: scherm.png"]
    entry = ProcessingLogEntry.objects.get(name="melding online inhoud geregistreerd")
    assert entry.data_subject_id == pseudonymise("gebruiker", official.pk, context=f"melding-online:{report.pk}")
    assert entry.actor_id == official.pk


def test_report_on_behalf_of_a_person_without_account(staff_a, make_report):
    employee = staff_a[Role.EMPLOYEE]
    report = make_report(employee, target_name="R. Raadslid (synthetisch)", target_function="raadslid")
    assert report.target_user is None and report.on_behalf
    assert report.target_display == "R. Raadslid (synthetisch) (raadslid)"
    assert report.events.first().text == "Melding ontvangen (namens de betrokkene)"


@pytest.mark.parametrize("urls, message", [
    ("", "ten minste één URL"),
    ("ftp://x.com/bestand", "Regel 1"),
    ("https://x.com/a\njavascript:alert(1)", "Regel 2"),
    ("https://x.com/a\n\nniet een url", "Regel 3"),
])
def test_urls_are_validated_per_line(staff_a, make_report, urls, message):
    with pytest.raises(ValidationError) as error:
        make_report(staff_a[Role.OFFICIAL], urls=urls)
    assert any(message in m for m in error.value.message_dict["urls"])
    assert not ContentReport.objects.exists()


def test_duplicate_and_blank_url_lines(staff_a, make_report):
    report = make_report(staff_a[Role.OFFICIAL], urls="  https://a.example/x \n\nhttps://a.example/x\nhttp://b.example")
    assert list(report.urls.values_list("url", flat=True)) == ["https://a.example/x", "http://b.example"]


def test_every_error_at_once_in_dutch(staff_a, tenant_of, municipality_a):
    official = staff_a[Role.OFFICIAL]
    data = report_data(platform="myspace", kind="spam", target_function="", description=" ", urls="x")
    with pytest.raises(ValidationError) as error:
        services.create_report(tenant_of(official, municipality_a), official, data)
    assert set(error.value.message_dict) == {"urls", "platform", "kind", "target_name", "target_function",
                                             "description"}


def test_target_user_must_work_for_the_municipality(staff_a, users_b, make_report):
    with pytest.raises(ValidationError) as error:
        make_report(staff_a[Role.EMPLOYEE], target_user=users_b[Role.OFFICIAL])
    assert error.value.message_dict["target_user"] == ["Deze persoon werkt niet voor uw gemeente."]


def test_files_need_capture_time(staff_a, make_report):
    with pytest.raises(ValidationError) as error:
        make_report(staff_a[Role.OFFICIAL], files=[upload("scherm.png", PNG)], captured_at=None)
    assert "captured_at" in error.value.message_dict
