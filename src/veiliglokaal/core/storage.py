"""Private file storage: uploads that hold personal or register data live under MEDIA_ROOT/<folder>, outside the
web root, and never get a public URL — only a module's scoped view serves them (and logs the access)."""

import hashlib
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage


class PrivateStorage(FileSystemStorage):
    def __init__(self, folder: str):
        self.folder = folder
        super().__init__(base_url=None)

    @property
    def base_location(self):  # read at use, not at import, so tests can point MEDIA_ROOT elsewhere
        return str(Path(settings.MEDIA_ROOT) / self.folder)

    @property
    def location(self):
        return str(Path(self.base_location).resolve())

    def url(self, name):
        raise ValueError("Privébestanden hebben geen publieke URL; ze gaan alleen via de beveiligde pagina.")


def sha256_of(uploaded) -> str:
    """SHA-256 of an uploaded or stored file, read in chunks from the start; leaves it at the start for the next reader."""
    digest = hashlib.sha256()
    uploaded.seek(0)
    for chunk in iter(lambda: uploaded.read(1024 * 1024), b""):
        digest.update(chunk)
    uploaded.seek(0)
    return digest.hexdigest()
