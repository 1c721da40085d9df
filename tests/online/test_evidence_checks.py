"""Evidence is checked by its content (magic bytes), not its name; size is limited by a setting; files are private."""

import pytest
from django.core.exceptions import ValidationError

from veiliglokaal.accounts.scopes import Role
from veiliglokaal.online import evidence
from veiliglokaal.online.models import _evidence_storage

from .conftest import HTML, JPEG, MHTML, PDF, PNG, upload

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name, content, expected", [
    ("scherm.png", PNG, evidence.PNG), ("foto.jpg", JPEG, evidence.JPEG), ("foto.jpeg", JPEG, evidence.JPEG),
    ("bericht.pdf", PDF, evidence.PDF), ("pagina.html", HTML, evidence.HTML), ("pagina.htm", HTML, evidence.HTML),
    ("pagina.mhtml", MHTML, evidence.MHTML), ("pagina.mht", MHTML, evidence.MHTML),
    ("bom.html", b"\xef\xbb\xbf  <html><body>x</body></html>", evidence.HTML),
])
def test_accepted_types_by_content(name, content, expected):
    assert evidence.check(upload(name, content)) == expected


@pytest.mark.parametrize("name, content", [
    ("virus.png", b"MZ\x90\x00" + b"\x00" * 64),          # a Windows executable named .png
    ("script.html", b"#!/bin/sh\nrm -rf /\n"),             # a shell script named .html
    ("notitie.pdf", b"gewone tekst, geen pdf"),
    ("archief.mhtml", b"PK\x03\x04" + b"\x00" * 64),       # a zip named .mhtml
    ("mail.mhtml", b"MIME-Version: 1.0\r\nContent-Type: text/plain\r\n\r\nhoi"),  # MIME, but not a saved page
])
def test_wrong_type_disguised_by_extension_is_refused(name, content):
    with pytest.raises(ValidationError) as error:
        evidence.check(upload(name, content))
    assert error.value.code == "type"
    assert name in error.value.messages[0] and "toegestaan" in error.value.messages[0]


@pytest.mark.parametrize("name, content", [("foto.png", JPEG), ("pagina.pdf", HTML), ("scherm.html", PNG),
                                           ("pagina.html", MHTML), ("zonder-extensie", PNG)])
def test_name_must_agree_with_content(name, content):
    with pytest.raises(ValidationError) as error:
        evidence.check(upload(name, content))
    assert error.value.code == "mismatch"
    assert "past niet bij de inhoud" in error.value.messages[0]


def test_too_large_by_setting(settings):
    settings.ONLINE_EVIDENCE_MAX_MB = 1
    just_fits = upload("ok.png", PNG + b"\x00" * (1024 * 1024 - len(PNG)))
    assert evidence.check(just_fits) == evidence.PNG
    with pytest.raises(ValidationError) as error:
        evidence.check(upload("groot.png", PNG + b"\x00" * (1024 * 1024)))
    assert error.value.code == "too_large" and "groter dan 1 MB" in error.value.messages[0]


def test_empty_file_is_refused():
    with pytest.raises(ValidationError) as error:
        evidence.check(upload("leeg.png", b""))
    assert error.value.code == "empty"


def test_every_problem_is_reported_at_once():
    problems = evidence.check_all([upload("a.png", b"nee"), upload("b.png", JPEG), upload("c.pdf", PDF)])
    assert len(problems) == 2 and problems[0].startswith("a.png") and problems[1].startswith("b.png")


def test_report_with_bad_file_stores_nothing(make_report, staff_a):
    from veiliglokaal.online.models import ContentReport, Evidence

    with pytest.raises(ValidationError) as error:
        make_report(staff_a[Role.OFFICIAL], files=[upload("goed.png", PNG), upload("fout.png", b"GIF89a....")])
    assert "evidence" in error.value.message_dict
    assert not ContentReport.objects.exists() and not Evidence.objects.exists()


def test_storage_is_private(settings):
    storage = _evidence_storage()
    assert storage.location.endswith("online")
    with pytest.raises(ValueError):
        storage.url("1/x.png")
