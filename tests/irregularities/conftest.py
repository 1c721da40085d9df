import pytest

from veiliglokaal.accounts.scopes import Role
from veiliglokaal.irregularities import review_services

from tests.conftest import logged_in_client

from . import factories_review as f


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


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
    return review_services.state_purpose(tenant_of(analyst_a, municipality_a), analyst_a,
                                         "Periodieke beoordeling van de werklijst (test)")
