import datetime

import pytest

from veiliglokaal.accounts.scopes import Role
from veiliglokaal.irregularities.services import review as services_review
from veiliglokaal.irregularities.services import sources as services

from tests.conftest import logged_in_client

from . import factories_review as f


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def load(municipality_a):
    """Run a file through the real runner now (as the command and the demo do), for municipality A by default."""

    def _load(source_type, path, municipality=None, reference_date=datetime.date(2025, 1, 1), **kwargs):
        return services.offer_path(municipality or municipality_a, source_type, path, reference_date, run_now=True,
                                   **kwargs)

    return _load


@pytest.fixture
def run_a(municipality_a):
    return f.review_demo_run(municipality_a)


@pytest.fixture
def analyst_a(users_a):
    return users_a[Role.ANALYST]


@pytest.fixture
def analyst_client(analyst_a, municipality_a):
    return logged_in_client(analyst_a, municipality_a)


@pytest.fixture
def purpose_a(analyst_a, municipality_a, tenant_of):
    return services_review.state_purpose(tenant_of(analyst_a, municipality_a), analyst_a,
                                         "Periodieke beoordeling van de werklijst (test)")
