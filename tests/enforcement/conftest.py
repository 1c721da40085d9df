import pytest

from veiliglokaal.accounts.scopes import Role
from veiliglokaal.enforcement import services

from tests.conftest import logged_in_client
from tests.irregularities import factories_review as f


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def enforcer_a(users_a):
    return users_a[Role.ENFORCER]


@pytest.fixture
def case_a(municipality_a, users_a, tenant_of):
    analyst = users_a[Role.ANALYST]
    run = f.review_demo_run(municipality_a, signals=2)
    tenant = tenant_of(analyst, municipality_a)
    return services.open_case(tenant, analyst, title="Signaal: overbewoning", legal_basis="huisvestingswet",
                              owner=users_a[Role.ENFORCER], links=[run.signal_set.first()])


@pytest.fixture
def enforcer_client(enforcer_a, municipality_a):
    return logged_in_client(enforcer_a, municipality_a)
