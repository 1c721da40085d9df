import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from veiliglokaal.accounts.scopes import Role
from veiliglokaal.online import services

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64
PDF = b"%PDF-1.7\n" + b"0" * 64
HTML = b"<!DOCTYPE html>\n<html lang=\"nl\"><head><title>bericht</title></head><body>dreiging</body></html>\n"
MHTML = (b"From: <Saved by Blink>\r\nSnapshot-Content-Location: https://x.com/a/status/1\r\nSubject: post\r\n"
         b"MIME-Version: 1.0\r\nContent-Type: multipart/related;\r\n\ttype=\"text/html\";\r\n"
         b"\tboundary=\"----b\"\r\n\r\n"
         b"------b\r\nContent-Type: text/html\r\n\r\n<html></html>\r\n------b--\r\n")


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


@pytest.fixture
def staff_a(users_a):
    """Every user of A with a name and an e-mail address (the notifier needs both)."""
    for user in users_a.values():
        user.last_name, user.email = "Synthetisch", f"{user.username}@example.org"
        user.save()
    return users_a


def report_data(**overrides):
    data = {
        "urls": "https://x.com/iemand/status/123\nhttps://x.com/iemand/status/124",
        "platform": "x", "kind": "bedreiging", "target_user": None, "target_name": "",
        "target_function": "burgemeester", "description": "Bericht dat de burgemeester iets wordt aangedaan.",
        "captured_at": timezone.now() - datetime.timedelta(hours=1),
    }
    data.update(overrides)
    return data


@pytest.fixture
def make_report(tenant_of, municipality_a):
    """Register a content report through the service as `user` (default: targeting themselves)."""

    def _make(user, municipality=None, files=(), **overrides):
        municipality = municipality or municipality_a
        data = report_data(**overrides)
        if "target_user" not in overrides and not data["target_name"]:
            data["target_user"] = user
        return services.create_report(tenant_of(user, municipality), user, data, files=files)

    return _make


@pytest.fixture
def handler(staff_a):
    return staff_a[Role.ANALYST]


ASSESSMENT = ("Het bericht kondigt aan dat de burgemeester thuis 'bezoek' krijgt en noemt zijn woonplaats; dit is een "
              "bedreiging met een misdrijf tegen het leven (art. 285 Sr).")
