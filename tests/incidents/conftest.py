import datetime

import pytest
from django.utils import timezone

from veiliglokaal.accounts.scopes import Role
from veiliglokaal.incidents import services

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64
PDF = b"%PDF-1.7\n" + b"0" * 64


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


@pytest.fixture
def staff_a(users_a):
    """Employee and manager in the same department; the coordinator elsewhere."""
    for role, department in [(Role.EMPLOYEE, "Publiekszaken"), (Role.MANAGER, "Publiekszaken"),
                             (Role.COORDINATOR, "Bedrijfsvoering")]:
        user = users_a[role]
        user.department, user.email = department, f"{user.username}@example.org"
        user.save()
    return users_a


def incident_data(**overrides):
    data = {
        "occurred_at": timezone.now() - datetime.timedelta(hours=2), "location": "balie",
        "victim_role": "baliemedewerker", "types": ["verbaal-geweld", "bedreiging"], "channel": "face-to-face",
        "platform": "", "description": "Klant schold en dreigde terug te komen.", "injury": "none",
        "absence_days": None, "damage_description": "", "damage_amount": None, "witnesses": "",
        "hide_description_from_manager": False, "department": "",
    }
    data.update(overrides)
    return data


@pytest.fixture
def report(tenant_of, municipality_a):
    """Register an incident through the service, as `user` (default: on their own behalf)."""

    def _report(user, municipality=None, files=(), offender=None, **overrides):
        municipality = municipality or municipality_a
        data = incident_data(**overrides)
        data.setdefault("victim_user", user)
        return services.create_incident(tenant_of(user, municipality), user, data, files=files, offender=offender)

    return _report
