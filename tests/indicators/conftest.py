from pathlib import Path

import pytest

from veiliglokaal.indicators.services import load_shipped_statistics

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def fixture_bytes():
    return lambda name: (FIXTURES / name).read_bytes()


@pytest.fixture
def police_statistics(db):
    """The shipped police file (table 47013NED, 2022–2024), loaded through the real service."""
    return load_shipped_statistics()
