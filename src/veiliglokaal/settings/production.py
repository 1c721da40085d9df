"""Production: refuse to start with development defaults or without the security the data needs (ADR 15)."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F401,F403
from .base import (
    AUDIT_CHAIN_KEY, DATABASES, DEBUG, DEMO_MODE, MFA_REQUIRED_ROLES, MONITORING_AUTHOR_KEY,
    PERSONAL_OR_NATIONAL_DATA_ROLES, PRODUCTION_HSTS_SECONDS, PRODUCTION_SSL_REDIRECT, PSEUDONYMISATION_KEY, SECRET_KEY,
    TLS_TERMINATING_PROXY, OUTBOUND_ALLOW_LOOPBACK_FOR_TESTS,
)

MIN_KEY_LENGTH = 32

if SECRET_KEY.startswith("insecure-") or len(SECRET_KEY) < 40:
    raise ImproperlyConfigured("SECRET_KEY must be set to a long random value in production.")
if DEBUG or DEMO_MODE:
    raise ImproperlyConfigured("DEBUG and DEMO_MODE must be off in production.")
if OUTBOUND_ALLOW_LOOPBACK_FOR_TESTS:
    raise ImproperlyConfigured("OUTBOUND_ALLOW_LOOPBACK_FOR_TESTS is for tests only; unset it in production.")

_missing_mfa = sorted(set(PERSONAL_OR_NATIONAL_DATA_ROLES) - set(MFA_REQUIRED_ROLES))
if _missing_mfa:
    raise ImproperlyConfigured(
        f"MFA_REQUIRED_ROLES must include every role that sees personal or national data; missing: {', '.join(_missing_mfa)}.")

if not DATABASES["default"]["ENGINE"].startswith(("django.db.backends.postgresql", "django.contrib.gis.db.backends.postgis")):
    raise ImproperlyConfigured("Production runs on PostgreSQL: set DATABASE_URL to postgres://… (SQLite is for demo and tests).")

if PRODUCTION_HSTS_SECONDS <= 0:
    raise ImproperlyConfigured("SECURE_HSTS_SECONDS must be greater than 0 in production.")
if not PRODUCTION_SSL_REDIRECT and not TLS_TERMINATING_PROXY:
    raise ImproperlyConfigured(
        "SECURE_SSL_REDIRECT may only be off when TLS_TERMINATING_PROXY says a proxy terminates TLS and redirects HTTP.")

# Separate keys: a leak or rotation of one must not touch the others (audit chain, pseudonyms of data subjects,
# pseudonyms of monitored authors, Django's own signing).
_keys = {"AUDIT_CHAIN_KEY": AUDIT_CHAIN_KEY, "PSEUDONYMISATION_KEY": PSEUDONYMISATION_KEY,
         "MONITORING_AUTHOR_KEY": MONITORING_AUTHOR_KEY}
for _name, _value in _keys.items():
    if _value == SECRET_KEY or len(_value) < MIN_KEY_LENGTH:
        raise ImproperlyConfigured(f"{_name} must be its own random key of at least {MIN_KEY_LENGTH} characters "
                                   "in production (not SECRET_KEY).")
if len(set(_keys.values())) != len(_keys):
    raise ImproperlyConfigured("AUDIT_CHAIN_KEY, PSEUDONYMISATION_KEY and MONITORING_AUTHOR_KEY must all differ.")

SECURE_SSL_REDIRECT = PRODUCTION_SSL_REDIRECT
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = PRODUCTION_HSTS_SECONDS
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
