"""Local development and `make run`: demo mode, debug, console e-mail."""

import os

os.environ.setdefault("DEMO_MODE", "true")
os.environ.setdefault("DEBUG", "true")
os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")

from .base import *  # noqa: E402,F401,F403

WHITENOISE_USE_FINDERS = True
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405

# The synthetic demo (`make run` loads it); production does not install this app.
INSTALLED_APPS = [*INSTALLED_APPS, "veiliglokaal.demo"]  # noqa: F405
