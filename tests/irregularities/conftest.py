import pytest

from veiliglokaal.irregularities import services


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def load(municipality_a):
    """Run a file through the real runner now (as the command and the demo do), for municipality A by default."""
    import datetime

    def _load(source_type, path, municipality=None, reference_date=datetime.date(2025, 1, 1), **kwargs):
        return services.offer_path(municipality or municipality_a, source_type, path, reference_date, run_now=True,
                                   **kwargs)

    return _load
