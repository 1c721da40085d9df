"""Private file storage: uploads that hold personal or register data live under MEDIA_ROOT/<folder>, outside the
web root, and never get a public URL — only a module's scoped view serves them (and logs the access).

One naming rule for every upload (`UploadPath`): `<folder>/<yyyy>/<mm>/<uuid4><extension>`. The client's file name
never reaches the disk (no path traversal, no markup, no personal data in names); models keep it in a field for
display.
"""

import hashlib
import re
import uuid
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils import timezone
from django.utils.deconstruct import deconstructible

SAFE_EXTENSION = re.compile(r"\.[a-z0-9]{1,10}")


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


def safe_extension(client_name: str) -> str:
    """The lower-cased extension of a client's file name when it is plain ASCII letters and digits, else ""."""
    suffix = PurePosixPath(str(client_name).replace("\\", "/")).suffix.lower()
    return suffix if SAFE_EXTENSION.fullmatch(suffix) else ""


@deconstructible
class UploadPath:
    """`upload_to` for every FileField: `<folder>/<yyyy>/<mm>/<uuid4><safe extension>` (folder inside the storage)."""

    def __init__(self, folder: str):
        self.folder = folder.strip("/")

    def __call__(self, instance, client_name: str) -> str:
        now = timezone.localtime()
        return f"{self.folder}/{now:%Y}/{now:%m}/{uuid.uuid4().hex}{safe_extension(client_name)}"

    def __eq__(self, other):
        return isinstance(other, UploadPath) and other.folder == self.folder

    def __hash__(self):
        return hash(self.folder)
