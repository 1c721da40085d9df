"""The one naming rule for uploads: `<folder>/<yyyy>/<mm>/<uuid4><safe extension>`, never the client's name."""

import re
from pathlib import Path

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.db import models

from veiliglokaal.core.storage import PrivateStorage, UploadPath, safe_extension

HOSTILE = [
    "../../etc/passwd", "..\\..\\windows\\system32\\config", "<script>alert(1)</script>.pdf", "/etc/shadow",
    "verslag van Jan de Vries — bijlage ü.pdf", "naïef.jpég", "x" * 500 + ".png", "a." + "p" * 50,
    "foto.PNG", ".bashrc", "report.pdf\x00.exe", "con.txt; rm -rf /", "",
]
PATTERN = re.compile(r"bewijs/\d{4}/\d{2}/[0-9a-f]{32}(\.[a-z0-9]{1,10})?")


@pytest.mark.parametrize("client_name", HOSTILE)
def test_the_client_name_never_reaches_the_path(client_name):
    path = UploadPath("bewijs")(None, client_name)
    assert PATTERN.fullmatch(path), path
    stem = Path(client_name.replace("\\", "/")).stem
    assert not stem or len(stem) < 3 or stem.lower() not in path


def test_only_plain_extensions_survive():
    assert safe_extension("foto.PNG") == ".png"
    assert safe_extension("<script>.pdf") == ".pdf"
    assert safe_extension("../../etc/passwd") == ""
    assert safe_extension("naïef.jpég") == ""
    assert safe_extension("a." + "p" * 50) == ""
    assert safe_extension("report.pdf\x00.exe") == ".exe"  # the last suffix; modules check content, not names


def test_two_uploads_of_one_name_get_two_paths():
    rule = UploadPath("bijlagen")
    assert rule(None, "a.pdf") != rule(None, "a.pdf")


@pytest.mark.parametrize("client_name", HOSTILE[:5])
def test_stored_file_lands_inside_the_private_folder(tmp_path, settings, client_name):
    settings.MEDIA_ROOT = tmp_path
    storage = PrivateStorage("online")
    name = storage.save(UploadPath("bewijs")(None, client_name), ContentFile(b"%PDF-1.4"))
    stored = Path(storage.path(name)).resolve()
    assert stored.is_relative_to(tmp_path / "online") and stored.read_bytes() == b"%PDF-1.4"
    assert [p.name for p in tmp_path.rglob("*") if p.is_file()] == [stored.name]


def test_every_file_field_uses_the_one_rule():
    fields = [(model._meta.label, field.name) for model in apps.get_models() for field in model._meta.fields
              if isinstance(field, models.FileField)]
    assert fields
    for label, name in fields:
        upload_to = apps.get_model(label)._meta.get_field(name).upload_to
        assert isinstance(upload_to, UploadPath), f"{label}.{name}"


def test_the_rule_survives_migrations():
    assert UploadPath("bewijs").deconstruct() == ("veiliglokaal.core.storage.UploadPath", ("bewijs",), {})
    assert UploadPath("bewijs") == UploadPath("bewijs/") != UploadPath("bronnen")
