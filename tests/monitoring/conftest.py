import pytest


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    """Uploads of a test go to its own temporary media root."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"
