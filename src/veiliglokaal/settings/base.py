"""Settings shared by every environment. Environment variables are read only through `env.py`."""

from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from .env import env_bool, env_int, env_list, env_str

PACKAGE_DIR = Path(__file__).resolve().parent.parent  # src/veiliglokaal
REPO_DIR = PACKAGE_DIR.parent.parent

SECRET_KEY = env_str(
    "SECRET_KEY", "insecure-development-key-change-me",
    "Django secret key. Required (and must be long and random) in production.",
)
DEBUG = env_bool("DEBUG", False, "Show Django debug pages. Never in production.")
ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS", "127.0.0.1,localhost", "Comma-separated host names the app answers to."
)
CSRF_TRUSTED_ORIGINS = env_list(
    "CSRF_TRUSTED_ORIGINS", "", "Comma-separated origins (https://host) trusted for CSRF behind a proxy."
)

DATABASES = {
    "default": dj_database_url.parse(
        env_str(
            "DATABASE_URL", f"sqlite:///{REPO_DIR / 'var' / 'veiliglokaal.sqlite3'}",
            "Database URL. Default: an SQLite file in var/. PostgreSQL: postgres://user:pass@host:5432/name.",
        ),
        conn_max_age=60,
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # One writer at a time; wait instead of failing under concurrent requests.
    # IMMEDIATE: take the write lock at BEGIN, so appending to the audit chain never deadlocks.
    # secure_delete: deleted rows (retention) are overwritten, not left readable in free pages of the file.
    DATABASES["default"].setdefault("OPTIONS", {}).update(timeout=20, transaction_mode="IMMEDIATE",
                                                          init_command="PRAGMA secure_delete = ON;")
    DATABASES["default"]["CONN_MAX_AGE"] = 0

DEMO_MODE = env_bool(
    "DEMO_MODE", False,
    "Demo mode: marks every page as a demo and enables demo shortcuts (fixed MFA secret for demo users).",
)
PSEUDONYMISATION_KEY = env_str(
    "PSEUDONYMISATION_KEY", None,
    "Key of the keyed indexes through which a data subject's random processing-log pseudonyms are found (the "
    "pseudonyms themselves are random). Defaults to SECRET_KEY; production requires its own key. Rotate by moving the "
    "old value to PSEUDONYMISATION_PREVIOUS_KEYS (the records and their chain do not change).",
) or SECRET_KEY
PSEUDONYMISATION_PREVIOUS_KEYS = env_list(
    "PSEUDONYMISATION_PREVIOUS_KEYS", "",
    "Earlier PSEUDONYMISATION_KEY values (comma-separated), newest first, kept after a rotation so that a data subject's "
    "older processing-log records are still found; drop a key once its records' links have expired.",
)
PROCESSING_LOG_LINK_YEARS = env_int(
    "PROCESSING_LOG_LINK_YEARS", 7,
    "Retention of the processing log's link to a person: a subject's pseudonym key unused for this many years is "
    "destroyed by apply_processing_log_retention; the records stay (the chain is intact) but no longer point at anyone.",
)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "django_tasks",
    "veiliglokaal.core",  # before django_tasks_db: core's `db_worker` (recovery of stale jobs first) wins
    "django_tasks_db",
    "veiliglokaal.accounts",
    "veiliglokaal.audit",
    "veiliglokaal.workflow",
    "veiliglokaal.indicators",
    "veiliglokaal.incidents",
    "veiliglokaal.irregularities",
    "veiliglokaal.enforcement",
    "veiliglokaal.online",
    "veiliglokaal.monitoring",
    "veiliglokaal.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "veiliglokaal.core.csp.ContentSecurityPolicyMiddleware",
    "veiliglokaal.core.csp.NoStoreWhenAuthenticatedMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "veiliglokaal.audit.middleware.TraceMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "veiliglokaal.accounts.middleware.ActiveMembershipMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "veiliglokaal.api.middleware.ApiVersionHeaderMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "veiliglokaal.urls"
WSGI_APPLICATION = "veiliglokaal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "veiliglokaal.core.context_processors.platform",
            ],
        },
    }
]

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "veiliglokaal.accounts.backoff.BackoffBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Sessions: idle timeout (renewed on every request) and a cookie that dies with the browser.
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_SECONDS", 1800, "Idle session timeout in seconds (default 30 minutes).")
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# MFA: roles that can see personal data must pass a TOTP check (BIO2). Configurable per deployment.
# Every role sees personal data (own reports at least) or national figures; production refuses less (ADR 15).
PERSONAL_OR_NATIONAL_DATA_ROLES = ("employee", "manager", "coordinator", "analyst", "enforcer", "official",
                                   "national_analyst", "admin", "privacy_officer", "partner")
MFA_REQUIRED_ROLES = env_list(
    "MFA_REQUIRED_ROLES", ",".join(PERSONAL_OR_NATIONAL_DATA_ROLES),
    "Roles that must use MFA (TOTP). Default: every role (each sees personal or national data); production "
    "refuses to start if one is missing.",
)
OTP_TOTP_ISSUER = "Veilig Lokaal"

# Login throttling (django-axes): lock an account+address pair after repeated failures.
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5, "Failed log-ins before an account is locked temporarily.")
AXES_COOLOFF_TIME = env_int("LOGIN_COOLOFF_MINUTES", 15, "Minutes an account stays locked after too many failures.") / 60
# Per (username, real client address): one attacker locks only themselves out, not everyone behind the same proxy.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "veiliglokaal.core.proxies.axes_client_ip"
# Per account, from any address: a growing delay instead of a lock (accounts/backoff.py, ADR 15).
LOGIN_BACKOFF_AFTER = env_int(
    "LOGIN_BACKOFF_AFTER", 5, "Failed log-ins of one account (from any address) before each next attempt must wait.")
LOGIN_BACKOFF_MAX_SECONDS = env_int(
    "LOGIN_BACKOFF_MAX_SECONDS", 300, "Longest wait between log-in attempts of one account (the delay doubles up to it).")
LOGIN_BACKOFF_RESET_SECONDS = env_int(
    "LOGIN_BACKOFF_RESET_SECONDS", 3600, "Quiet period after which an account's failed log-ins no longer count.")
TRUSTED_PROXIES = env_list(
    "TRUSTED_PROXIES", "",
    "Comma-separated addresses or networks (CIDR) of the reverse proxies in front of the app. Only from these are "
    "X-Forwarded-For (the client address for log-in throttling and the logs) and a caller's traceparent believed.",
)
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

# OIDC (optional): municipalities with their own identity provider.
OIDC_ENABLED = env_bool("OIDC_ENABLED", False, "Offer log-in through the municipality's OpenID Connect provider.")
OIDC_RP_CLIENT_ID = env_str("OIDC_RP_CLIENT_ID", "", "OIDC client id.")
OIDC_RP_CLIENT_SECRET = env_str("OIDC_RP_CLIENT_SECRET", "", "OIDC client secret.")
OIDC_OP_AUTHORIZATION_ENDPOINT = env_str("OIDC_OP_AUTHORIZATION_ENDPOINT", "", "OIDC authorization endpoint URL.")
OIDC_OP_TOKEN_ENDPOINT = env_str("OIDC_OP_TOKEN_ENDPOINT", "", "OIDC token endpoint URL.")
OIDC_OP_USER_ENDPOINT = env_str("OIDC_OP_USER_ENDPOINT", "", "OIDC userinfo endpoint URL.")
OIDC_OP_JWKS_ENDPOINT = env_str("OIDC_OP_JWKS_ENDPOINT", "", "OIDC JWKS endpoint URL (for RS256).")
OIDC_RP_SIGN_ALGO = env_str("OIDC_RP_SIGN_ALGO", "RS256", "OIDC token signing algorithm.")
OIDC_MFA_BY_PROVIDER = env_bool(
    "OIDC_MFA_BY_PROVIDER", True,
    "Trust the identity provider's MFA for OIDC log-ins (no second TOTP step) when its ID token's amr/acr says so.",
)
OIDC_ACCEPTED_AMR = env_list(
    "OIDC_ACCEPTED_AMR", "mfa,otp,hwk",
    "OIDC: `amr` values (RFC 8176) in the ID token that count as MFA by the identity provider.",
)
OIDC_ACCEPTED_ACR = env_list(
    "OIDC_ACCEPTED_ACR", "",
    "OIDC: `acr` values in the ID token that count as MFA by the identity provider (provider-specific).",
)
OIDC_TIMEOUT = env_int("OIDC_TIMEOUT", 10, "OIDC: timeout in seconds for calls to the identity provider.")
LOGIN_REDIRECT_URL_FAILURE = "/inloggen"  # a refused OIDC log-in returns to the log-in page with its message
if OIDC_ENABLED:
    INSTALLED_APPS.append("mozilla_django_oidc")
    AUTHENTICATION_BACKENDS.append("veiliglokaal.accounts.oidc.MembershipOIDCBackend")

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Nederlands")), ("en", _("Engels"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = REPO_DIR / "var" / "static"
NODE_MODULES = REPO_DIR / "node_modules"
STATICFILES_DIRS = [
    PACKAGE_DIR / "static",
    ("vendor/utrecht-css", NODE_MODULES / "@utrecht" / "component-library-css" / "dist"),
    ("vendor/utrecht-tokens", NODE_MODULES / "@utrecht" / "design-tokens" / "dist"),
    ("vendor/leaflet", NODE_MODULES / "leaflet" / "dist"),
    ("vendor/htmx", NODE_MODULES / "htmx.org" / "dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_ROOT = env_str("MEDIA_ROOT", str(REPO_DIR / "var" / "media"), "Private file storage (never served directly).")

# Map: vector layers only unless a deployment may reach PDOK.
MAP_PDOK_TILES = env_bool(
    "MAP_PDOK_TILES", False, "Show the PDOK BRT-Achtergrondkaart under the vector layers (contacts PDOK)."
)
# DOOK scoring: run the pipeline on a Dask distributed cluster instead of in-process (ADR 0009).
DOOK_DASK_SCHEDULER = env_str(
    "DOOK_DASK_SCHEDULER", "",
    "Address of a Dask distributed scheduler (e.g. tcp://scheduler:8786) on which the DOOK scoring pipeline runs, "
    "partitioned by municipality with results identical to the in-process run. Empty: in-process (default).",
)
# Veiligheidsbeeld: publish the open-data pages without login under /openbaar/veiligheidsbeeld/.
INDICATORS_PUBLIC = env_bool(
    "INDICATORS_PUBLIC", False,
    "Publish the veiligheidsbeeld pages that hold only open data (profile per municipality, national map, "
    "report, CSV) without login under /openbaar/veiligheidsbeeld/.",
)

# Background jobs (imports, scoring): django-tasks. Default: the database queue, worked by `manage.py db_worker`
# (`make run` starts one next to the server). Tests run jobs in-process (ImmediateBackend, see ADR 0008).
TASKS = {
    "default": {
        "BACKEND": env_str(
            "TASKS_BACKEND", "django_tasks_db.DatabaseBackend",
            "Background job backend (django-tasks). Default: the database queue, worked by `manage.py db_worker`; "
            "`django_tasks.backends.immediate.ImmediateBackend` runs jobs inside the request instead.",
        ),
    }
}
JOB_STALE_AFTER_SECONDS = env_int(
    "JOB_STALE_AFTER_SECONDS", 300,
    "A running background job without a heartbeat for this many seconds is taken to be interrupted (its worker "
    "stopped): it is failed and cleaned up when `db_worker` starts, by `recover_stale_jobs` and when its page is "
    "shown. Must exceed the longest single write transaction of a job.",
)
# Meldpunt online inhoud (online): evidence uploads, workflow deadlines and retention of content reports.
ONLINE_EVIDENCE_MAX_MB = env_int(
    "ONLINE_EVIDENCE_MAX_MB", 20, "Meldpunt online inhoud: largest evidence file (screenshot, PDF, saved page) in MB.")
ONLINE_ASSESS_WORKING_DAYS = env_int(
    "ONLINE_ASSESS_WORKING_DAYS", 1, "Meldpunt online inhoud: working days to assess a new content report.")
ONLINE_NOTICE_WORKING_DAYS = env_int(
    "ONLINE_NOTICE_WORKING_DAYS", 1, "Meldpunt online inhoud: working days from assessment to sending the notice.")
ONLINE_PLATFORM_ANSWER_DAYS = env_int(
    "ONLINE_PLATFORM_ANSWER_DAYS", 7,
    "Meldpunt online inhoud: calendar days a platform has to act on a notice before the report is marked "
    "'geen reactie' and the handlers are reminded.")
ONLINE_RETENTION_MONTHS = env_int(
    "ONLINE_RETENTION_MONTHS", 24,
    "Meldpunt online inhoud: months a closed content report (with its evidence and notices) is kept before "
    "apply_online_retention deletes it.")
# Online monitoring (ADR 12): author handles are replaced at ingest by a keyed hash with its own key.
MONITORING_AUTHOR_KEY = env_str(
    "MONITORING_AUTHOR_KEY", None,
    "Key of the HMAC that pseudonymises author handles of monitored public posts at ingest. Defaults to "
    "SECRET_KEY; changing it makes new pseudonyms unrelated to old ones.",
) or SECRET_KEY
MONITORING_FETCH_TIMEOUT = env_int(
    "MONITORING_FETCH_TIMEOUT", 20, "Online monitoring: timeout in seconds for fetching a live source (RSS, Mastodon).")
MONITORING_FETCH_MAX_BYTES = env_int(
    "MONITORING_FETCH_MAX_BYTES", 5_000_000, "Online monitoring: largest response of a live source that is read.")
# Outbound fetches (core/outbound.py): public hosts only, checked again on every redirect.
OUTBOUND_MAX_REDIRECTS = env_int(
    "OUTBOUND_MAX_REDIRECTS", 3, "Outbound fetches: most redirects followed (each target checked again).")
OUTBOUND_CA_FILE = env_str(
    "OUTBOUND_CA_FILE", "", "Outbound fetches: extra CA bundle (PEM) for HTTPS, e.g. a municipal proxy; empty = system CAs.")
OUTBOUND_ALLOW_LOOPBACK_FOR_TESTS = env_bool(
    "OUTBOUND_ALLOW_LOOPBACK_FOR_TESTS", False,
    "Tests only: allow outbound fetches to loopback addresses (a local test server). Production refuses to start.")
MONITORING_UPLOAD_MAX_BYTES = env_int(
    "MONITORING_UPLOAD_MAX_BYTES", 20_000_000, "Online monitoring: largest uploaded file (CSV, JSONL, exports).")

# Tabular reader of every importer (core/tabular.py); an importer may set lower limits of its own.
TABULAR_MAX_BYTES = env_int("TABULAR_MAX_BYTES", 2 * 1024**3, "Tabular imports: largest CSV/XLSX/JSONL file read.")
TABULAR_MAX_ROWS = env_int("TABULAR_MAX_ROWS", 5_000_000, "Tabular imports: most data rows read from one file.")
TABULAR_ZIP_MAX_UNCOMPRESSED = env_int(
    "TABULAR_ZIP_MAX_UNCOMPRESSED", 1024**3,
    "XLSX and other ZIP-based uploads: largest total size after unpacking (checked before unpacking).")
TABULAR_ZIP_MAX_ENTRY = env_int(
    "TABULAR_ZIP_MAX_ENTRY", 512 * 1024**2, "ZIP-based uploads: largest single part after unpacking.")
TABULAR_ZIP_MAX_RATIO = env_int(
    "TABULAR_ZIP_MAX_RATIO", 100, "ZIP-based uploads: highest compression ratio of a part larger than 1 MB.")
TABULAR_ZIP_MAX_ENTRIES = env_int("TABULAR_ZIP_MAX_ENTRIES", 10_000, "ZIP-based uploads: most parts in one file.")

EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend", "Django e-mail backend (console in demo)."
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost", "SMTP host.")
EMAIL_PORT = env_int("EMAIL_PORT", 25, "SMTP port.")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "veiliglokaal@localhost", "Sender of notification e-mails.")

# Read here so they are documented with the rest; applied only by settings/production.py.
PRODUCTION_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True, "Production: redirect plain HTTP to HTTPS.")
TLS_TERMINATING_PROXY = env_bool(
    "TLS_TERMINATING_PROXY", False,
    "Production: TLS is terminated (and plain HTTP redirected) by the reverse proxy, so the app itself need not "
    "redirect (SECURE_SSL_REDIRECT may then be off). The proxy must set X-Forwarded-Proto.",
)
PRODUCTION_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000, "Production: HSTS max-age in seconds.")
AUDIT_CHAIN_KEY = env_str(
    "AUDIT_CHAIN_KEY", None,
    "Key of the HMAC that chains the audit logs, signs the chain head and the checkpoints. Defaults to SECRET_KEY; "
    "production requires its own key. Keep it stable: rotating it needs a new chain (see docs/adr/0015).",
) or SECRET_KEY
AUDIT_CHECKPOINT_FILE = env_str(
    "AUDIT_CHECKPOINT_FILE", str(REPO_DIR / "var" / "audit-checkpoints.jsonl"),
    "File outside the database to which `verify_audit --checkpoint` (schedule it, e.g. hourly) appends signed "
    "checkpoints of both audit chains; verification compares the chains with the newest one. Put it on storage "
    "the database administrators cannot write (or ship it off the host). Empty: no checkpoints.",
)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "veiliglokaal.api.authentication.MembershipTokenAuthentication",
        "veiliglokaal.api.authentication.VerifiedSessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["veiliglokaal.api.permissions.HasScope"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "veiliglokaal.api.pagination.Pagination",
    "EXCEPTION_HANDLER": "veiliglokaal.api.problems.problem_exception_handler",
    "DEFAULT_THROTTLE_CLASSES": ["veiliglokaal.api.authentication.ApiRateThrottle"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
API_VERSION = "1.0.0"
API_THROTTLE_RATE = env_str(
    "API_THROTTLE_RATE", "600/min",
    "API requests allowed per user or API key (or per client address before log-in), e.g. 600/min or 20000/day. "
    "Counted in the Django cache: use a shared cache when running several processes. Empty: no limit.",
)
SPECTACULAR_SETTINGS = {
    "TITLE": "Veilig Lokaal API",
    "DESCRIPTION": "API van Veilig Lokaal, het platform voor lokale veiligheid van gemeenten.",
    "VERSION": API_VERSION,
    "CONTACT": {"name": "Veilig Lokaal", "email": "beheer@veiliglokaal.example.org", "url": "https://veiliglokaal.example.org"},
    "LICENSE": {"name": "EUPL-1.2", "url": "https://eupl.eu/1.2/nl/"},
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "SCHEMA_PATH_PREFIX_TRIM": True,
    "SERVERS": [{"url": "/api/v1", "description": "Deze installatie"}],
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "veiliglokaal.api.schema.nl_api_design_rules_hook",
    ],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO", "Application log level.")},
    # No request lines with query strings in logs: they could carry personal data.
    "loggers": {"django.server": {"handlers": ["console"], "level": "WARNING", "propagate": False}},
}
