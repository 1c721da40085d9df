"""Chain of custody: evidence is hashed on arrival, never changed or replaced, and every access is recorded twice —
in the report's custody list and in the processing log (same transaction)."""

import hashlib

import pytest
from django.core.exceptions import ValidationError

from tests.conftest import logged_in_client
from veiliglokaal.accounts.scopes import Role
from veiliglokaal.audit.models import AppendOnlyError, ProcessingLogEntry
from veiliglokaal.online import services
from veiliglokaal.online.models import CustodyAction, CustodyEvent, Evidence

from .conftest import HTML, PNG, upload

pytestmark = pytest.mark.django_db


def test_upload_records_hash_times_uploader_and_custody(make_report, staff_a):
    official = staff_a[Role.OFFICIAL]
    report = make_report(official, files=[upload("scherm.png", PNG), upload("pagina.html", HTML)])
    items = list(report.evidence.all())
    assert [e.sha256 for e in items] == [hashlib.sha256(PNG).hexdigest(), hashlib.sha256(HTML).hexdigest()]
    assert all(e.uploaded_by == official and e.captured_at < e.uploaded_at for e in items)
    assert [e.content_type for e in items] == ["image/png", "text/html"]
    for item in items:
        assert [(c.action, c.actor_id, c.sha256) for c in item.custody.all()] == [
            (CustodyAction.UPLOADED, official.pk, item.sha256)]
        with item.file.open("rb") as handle:
            assert hashlib.sha256(handle.read()).hexdigest() == item.sha256


def test_evidence_and_custody_are_append_only(make_report, staff_a):
    report = make_report(staff_a[Role.OFFICIAL], files=[upload("scherm.png", PNG)])
    item = report.evidence.get()
    item.original_name = "anders.png"
    with pytest.raises(AppendOnlyError):
        item.save()
    with pytest.raises(AppendOnlyError):
        item.delete()
    custody = item.custody.get()
    with pytest.raises(AppendOnlyError):
        custody.delete()


def test_adding_evidence_never_replaces(make_report, staff_a, tenant_of, municipality_a):
    official = staff_a[Role.OFFICIAL]
    report = make_report(official, files=[upload("scherm.png", PNG)])
    first = report.evidence.get()
    services.add_evidence(tenant_of(official, municipality_a), official, report, [upload("scherm.png", PNG)],
                          first.captured_at)
    assert report.evidence.count() == 2
    assert Evidence.objects.get(pk=first.pk).file.name != report.evidence.last().file.name


def test_add_evidence_needs_capture_time_and_good_files(make_report, staff_a, tenant_of, municipality_a):
    official = staff_a[Role.OFFICIAL]
    report = make_report(official)
    with pytest.raises(ValidationError) as error:
        services.add_evidence(tenant_of(official, municipality_a), official, report, [upload("x.png", b"nee")], None)
    assert set(error.value.message_dict) == {"evidence", "captured_at"}
    assert not report.evidence.exists()


def test_download_is_logged_in_custody_and_processing_log(make_report, staff_a, handler, municipality_a):
    official = staff_a[Role.OFFICIAL]
    report = make_report(official, files=[upload("pagina.html", HTML)])
    item = report.evidence.get()
    before = ProcessingLogEntry.objects.filter(activity_key="online.meldpunt", name="bewijs gedownload").count()
    response = logged_in_client(handler, municipality_a).get(f"/online-meldingen/{report.pk}/bewijs/{item.pk}")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == HTML
    # A saved page is never rendered by the browser from our origin.
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Content-Security-Policy"] == "sandbox" and response["X-Content-Type-Options"] == "nosniff"
    download = item.custody.get(action=CustodyAction.DOWNLOADED)
    assert download.actor == handler and download.sha256 == item.sha256 and download.detail == ""
    assert ProcessingLogEntry.objects.filter(activity_key="online.meldpunt", name="bewijs gedownload",
                                             actor_id=handler.pk).count() == before + 1


def test_tampered_file_shows_in_custody(make_report, staff_a, tenant_of, municipality_a, handler):
    report = make_report(staff_a[Role.OFFICIAL], files=[upload("scherm.png", PNG)])
    item = report.evidence.get()
    with open(item.file.path, "ab") as handle:  # someone changes the file on disk
        handle.write(b"extra")
    services.open_evidence(tenant_of(handler, municipality_a), handler, item).close()
    event = CustodyEvent.objects.get(evidence=item, action=CustodyAction.DOWNLOADED)
    assert event.sha256 != item.sha256 and event.detail.startswith("AFWIJKENDE HASH")
