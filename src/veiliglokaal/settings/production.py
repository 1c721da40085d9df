"""Production: refuse to start with development defaults; secure cookies and headers."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F401,F403
from .base import (DEBUG, DEMO_MODE, OUTBOUND_ALLOW_LOOPBACK_FOR_TESTS, PRODUCTION_HSTS_SECONDS,
                   PRODUCTION_SSL_REDIRECT, SECRET_KEY)

if SECRET_KEY.startswith("insecure-") or len(SECRET_KEY) < 40:
    raise ImproperlyConfigured("SECRET_KEY must be set to a long random value in production.")
if DEBUG or DEMO_MODE:
    raise ImproperlyConfigured("DEBUG and DEMO_MODE must be off in production.")
if OUTBOUND_ALLOW_LOOPBACK_FOR_TESTS:
    raise ImproperlyConfigured("OUTBOUND_ALLOW_LOOPBACK_FOR_TESTS is for tests only; unset it in production.")

SECURE_SSL_REDIRECT = PRODUCTION_SSL_REDIRECT
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = PRODUCTION_HSTS_SECONDS
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
