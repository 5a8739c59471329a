"""One settings module, driven by environment variables.

With no environment at all it runs on SQLite in ``var/``, so the first run needs no server.
Every variable is documented in the README ("Configuration"). Secrets can be given directly or
as ``NAME_FILE`` pointing at a file that holds them.
"""

from __future__ import annotations

import hashlib
import os
from email.utils import getaddresses
from pathlib import Path
from typing import Any

import dj_database_url
import django_stubs_ext
from django.core.exceptions import ImproperlyConfigured

django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("PREVENTPLAN_VAR_DIR", BASE_DIR / "var"))


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off"}


def env_bool(name: str, default: bool = False) -> bool:
    """A switch. Only clear words count: anything else stops start-up, so that a mistyped
    ``PRODUCTION=enabled`` cannot quietly mean off."""
    value = os.environ.get(name, "").strip().lower()
    if value == "":
        return default
    if value in TRUE_WORDS:
        return True
    if value in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(
        f"{name}={os.environ[name]!r} is not understood: use 1, true, yes or on to turn it on, "
        "0, false, no or off to turn it off, or leave it empty for the default."
    )


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "")
    return int(value) if value else default


def env_addresses(name: str) -> list[tuple[str, str]]:
    """People as (name, address) pairs from ``Name <a@b>, Other <c@d>`` or plain addresses."""
    value = os.environ.get(name, "").strip()
    if not value:
        return []
    pairs = getaddresses([value])
    if not pairs or any("@" not in address for _, address in pairs):
        raise ImproperlyConfigured(
            f"{name}={value!r} is not understood: give e-mail addresses separated by commas, "
            "each on its own or as Name <address>."
        )
    return [(person or address, address) for person, address in pairs]


def secret(name: str, default: str = "") -> str:
    """A secret from ``NAME`` or from the file named by ``NAME_FILE``."""
    path = os.environ.get(f"{name}_FILE")
    if path:
        return Path(path).read_text(encoding="utf-8").strip()
    return os.environ.get(name, default)


# PRODUCTION turns on the settings a live service must have (HTTPS-only cookies, HSTS, …) and
# refuses to start with the development secret key or with demo users in the database.
PRODUCTION = env_bool("PRODUCTION", default=False)
DEBUG = env_bool("DEBUG", default=False) and not PRODUCTION
INSECURE_DEFAULT_KEY = "django-insecure-development-key-do-not-use-in-production"
SECRET_KEY = secret("SECRET_KEY", default=INSECURE_DEFAULT_KEY)
# The audit log's hash chain is keyed (HMAC-SHA256) with this secret, kept out of the database,
# so that someone able to rewrite the table cannot recompute the chain (docs/audit.md). Production
# refuses to start without it; in development it is derived from SECRET_KEY.
AUDIT_KEY = secret("AUDIT_KEY") or (
    ""
    if PRODUCTION
    else hashlib.sha256(f"preventplan audit chain:{SECRET_KEY}".encode()).hexdigest()
)
# Where `audit_checkpoint` writes the signed daily checkpoints: storage the database's
# administrators cannot rewrite (another server, a write-once bucket), not the database.
AUDIT_CHECKPOINT_DIR = Path(env_str("AUDIT_CHECKPOINT_DIR", str(VAR_DIR / "audit-checkpoints")))
ALLOWED_HOSTS = [h.strip() for h in env_str("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")]
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
SERVICE_NAME = "Prevent Delivery Planner"

INSTALLED_APPS = [
    "csp",
    "preventplan.core",
    "preventplan.accounts",
    "preventplan.audit",
    "preventplan.catalogue",
    "preventplan.organisations",
    "preventplan.records",
    "preventplan.plans",
    "preventplan.sharing",
    "preventplan.programme",
    "preventplan.registers",
    "preventplan.engagement",
    "preventplan.dashboards",
    "preventplan.performance",
    "preventplan.reports",
    "preventplan.tension",
    "preventplan.cases",
    "preventplan.reminders",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.forms",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "preventplan.core.middleware.PersonLanguageMiddleware",
    # Both before anything reads the body (the CSRF check reads it in process_view, later).
    "preventplan.core.middleware.RequestSizeMiddleware",
    "preventplan.core.middleware.NullByteMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "preventplan.core.middleware.SessionLimitMiddleware",
    "preventplan.accounts.two_factor.TwoFactorMiddleware",
    "preventplan.core.middleware.NoStoreMiddleware",
]

ROOT_URLCONF = "preventplan.urls"
WSGI_APPLICATION = "preventplan.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "preventplan.core.context_processors.service",
                "csp.context_processors.nonce",
            ],
            "builtins": ["preventplan.core.templatetags.govuk"],
        },
    }
]
FORM_RENDERER = "preventplan.lib.forms.GovukFormRenderer"

# Database: SQLite in var/ unless DATABASE_URL says otherwise.
DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    DATABASES: dict[str, Any] = {
        "default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)
    }
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        # PostgreSQL's JIT compiler spends far longer compiling the roll-up's aggregate queries
        # (about 280 ms at national scale) than it saves running them (docs/performance.md).
        options = DATABASES["default"].setdefault("OPTIONS", {})
        options["options"] = f"{options.get('options', '')} -c jit=off".strip()
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": env_str("SQLITE_PATH", str(VAR_DIR / "preventplan.sqlite3")),
            # Measured (docs/testing.md): IMMEDIATE transactions, a busy timeout and WAL remove
            # "database is locked" under concurrent writers.
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
            "TEST": {
                "NAME": str(VAR_DIR / "test.sqlite3") if env_bool("SQLITE_TEST_ON_DISK") else None
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "preventplan.accounts.oidc.SingleSignOnBackend",
]
# Single sign-on (OpenID Connect, e.g. Microsoft Entra ID): on when OIDC_RP_CLIENT_ID is set.
OIDC_RP_CLIENT_ID = env_str("OIDC_RP_CLIENT_ID")
OIDC_RP_CLIENT_SECRET = secret("OIDC_RP_CLIENT_SECRET")
OIDC_OP_AUTHORIZATION_ENDPOINT = env_str("OIDC_OP_AUTHORIZATION_ENDPOINT")
OIDC_OP_TOKEN_ENDPOINT = env_str("OIDC_OP_TOKEN_ENDPOINT")
OIDC_OP_USER_ENDPOINT = env_str("OIDC_OP_USER_ENDPOINT")
OIDC_OP_JWKS_ENDPOINT = env_str("OIDC_OP_JWKS_ENDPOINT") or None
OIDC_RP_SIGN_ALGO = env_str("OIDC_RP_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = "openid email profile"
OIDC_CREATE_USER = False
OIDC_PROVIDER_NAME = env_str("OIDC_PROVIDER_NAME", "Microsoft")
OIDC_AUTHENTICATION_CALLBACK_URL = "accounts:sso-callback"
LOGIN_REDIRECT_URL_FAILURE = "accounts:sign-in"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:sign-in"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:sign-in"
PASSWORD_RESET_TIMEOUT = env_int("PASSWORD_RESET_TIMEOUT_HOURS", 2) * 3600
INVITATION_DAYS = env_int("INVITATION_DAYS", 7)
# Produced report files are kept this long, then removed by `run_reports` (the report itself can
# always be produced again from live data).
REPORT_FILES_DAYS = env_int("REPORT_FILES_DAYS", 30)
# PDFs are made in a short-lived process beside the worker, which then keeps none of the PDF
# engine's memory (lib.pdf); off, they are made in the worker itself.
PDF_IN_SUBPROCESS = env_bool("PDF_IN_SUBPROCESS", default=True)
# Sign-in throttling (per account and per address, shared by every app server).
SIGN_IN_WINDOW_MINUTES = env_int("SIGN_IN_WINDOW_MINUTES", 15)
SIGN_IN_MAX_FAILURES_PER_ACCOUNT = env_int("SIGN_IN_MAX_FAILURES_PER_ACCOUNT", 5)
SIGN_IN_MAX_FAILURES_PER_ADDRESS = env_int("SIGN_IN_MAX_FAILURES_PER_ADDRESS", 20)
# The client's address, for throttling and the audit log. Behind load balancers set NUM_PROXIES to
# how many sit in front of the app (each appends to CLIENT_IP_HEADER); with 0 the connecting
# address is used and the header is ignored (a client could write anything in it).
NUM_PROXIES = env_int("NUM_PROXIES", 0)
CLIENT_IP_HEADER = env_str("CLIENT_IP_HEADER", "X-Forwarded-For")

# Sessions end after this many minutes without a request (idle timeout).
SESSION_IDLE_MINUTES = env_int("SESSION_IDLE_MINUTES", 30)
SESSION_COOKIE_AGE = SESSION_IDLE_MINUTES * 60
# …and after this many hours whatever they do (they are warned before the idle limit).
SESSION_ABSOLUTE_HOURS = env_int("SESSION_ABSOLUTE_HOURS", 10)
# Changing roles needs the password (and code) given within this many minutes.
REAUTHENTICATE_MINUTES = env_int("REAUTHENTICATE_MINUTES", 15)
# The idle limit is renewed by saving the session, at most once a minute: a page read does not
# write the session on every request (core.middleware.renew_session).
SESSION_SAVE_EVERY_REQUEST = False
SESSION_RENEW_SECONDS = 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SECURE_COOKIES = env_bool(
    "SECURE_COOKIES", default=PRODUCTION or (not DEBUG and SITE_URL.startswith("https"))
)
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
if SECURE_COOKIES:
    # __Host- cookies are sent only over HTTPS, to this host, for the whole site.
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if env_bool("BEHIND_TLS_PROXY", default=PRODUCTION):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=PRODUCTION)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # load balancers check health over plain HTTP
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000 if PRODUCTION else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = PRODUCTION
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=PRODUCTION)

# Content Security Policy: only our own files; inline script only with the request's nonce.
from csp.constants import NONCE, NONE, SELF  # noqa: E402

CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/admin/"],
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    },
}

# English and Welsh (docs/welsh.md). A signed-in person's choice is kept on their account
# (accounts.User.language); before signing in, the language cookie or the browser's preference.
LANGUAGE_CODE = "en-gb"
LANGUAGES = [("en-gb", "English"), ("cy", "Cymraeg")]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_NAME = "preventplan_language"
LANGUAGE_COOKIE_SECURE = PRODUCTION
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(VAR_DIR / "static")))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static"]
# In production pages name static files by a hash of their content (cached for ever by browsers,
# never stale after a release), which needs `preventplan collectstatic` at every release; WhiteNoise
# then serves only the collected files. Elsewhere files are served as they are, without collecting.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "whitenoise.storage.CompressedStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = False if PRODUCTION else env_bool("WHITENOISE_USE_FINDERS", default=True)
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "uploads")))

# E-mail: printed to the console unless EMAIL_BACKEND (or EMAIL_HOST for SMTP) is set.
EMAIL_HOST = env_str("EMAIL_HOST")
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = secret("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=True)
EMAIL_FILE_PATH = env_str("EMAIL_FILE_PATH", str(VAR_DIR / "mail"))
DEFAULT_FROM_EMAIL = env_str(
    "DEFAULT_FROM_EMAIL", "Prevent Delivery Planner <no-reply@preventplan.invalid>"
)
# Errors reach a person: server errors (500) are e-mailed to ADMINS, from SERVER_EMAIL.
ADMINS = env_addresses("ADMINS")
SERVER_EMAIL = env_str("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
EMAIL_SUBJECT_PREFIX = f"[{SERVICE_NAME}] "

# API
API_PAGE_SIZE = 50
API_MAX_PAGE_SIZE = 500

# Logs go to standard error, as text or (LOG_FORMAT=json) one JSON object a line for a log
# collector; server errors are also e-mailed to ADMINS when there are any (not while debugging,
# when the error page shows them).
LOG_FORMAT = env_str("LOG_FORMAT", "text").strip().lower() or "text"
if LOG_FORMAT not in {"text", "json"}:
    raise ImproperlyConfigured(f"LOG_FORMAT={LOG_FORMAT!r} is not understood: use text or json.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "preventplan.lib.log_format.JsonFormatter"}},
    "filters": {"require_debug_false": {"()": "django.utils.log.RequireDebugFalse"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            **({"formatter": "json"} if LOG_FORMAT == "json" else {}),
        },
        "mail_admins": {
            "class": "django.utils.log.AdminEmailHandler",
            "level": "ERROR",
            "filters": ["require_debug_false"],
        },
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        # Django's own default handlers are replaced: everything goes to the console above
        # (once), and only request errors are e-mailed.
        "django": {"handlers": [], "propagate": True},
        "django.request": {"handlers": ["mail_admins"] if ADMINS else [], "propagate": True},
        # WeasyPrint narrates every step of every PDF at INFO.
        "weasyprint": {"level": "WARNING"},
        "weasyprint.progress": {"level": "WARNING"},
        **({"django.server": {"level": "WARNING"}} if not DEBUG else {}),
    },
}

# Optional error reporting to Sentry (pip install "preventplan[sentry]"): on when SENTRY_DSN is
# set. No personal data is sent: no user details, cookies or IP addresses, and neither request
# bodies nor local variables, which may hold plan text or people's details.
SENTRY_DSN = secret("SENTRY_DSN")
if SENTRY_DSN:
    # Imported here, not at the top: sentry-sdk is an optional extra.
    try:
        import sentry_sdk
        from sentry_sdk.integrations.django import DjangoIntegration
    except ImportError as error:
        raise ImproperlyConfigured(
            "SENTRY_DSN is set but sentry-sdk is not installed: install the project with its "
            '"sentry" extra (pip install "preventplan[sentry]"), or unset SENTRY_DSN.'
        ) from error
    sentry_sdk.init(
        dsn=SENTRY_DSN,
        integrations=[DjangoIntegration()],
        environment=env_str("SENTRY_ENVIRONMENT", "production" if PRODUCTION else "development"),
        send_default_pii=False,
        max_request_body_size="never",
        include_local_variables=False,
    )

# Uploads and imports
EVIDENCE_MAX_BYTES = env_int("EVIDENCE_MAX_MB", 10) * 1024 * 1024
IMPORT_MAX_BYTES = env_int("IMPORT_MAX_MB", 5) * 1024 * 1024
# An uploaded workbook never applied is removed after this long (`expire_imports` job).
IMPORT_KEEP_HOURS = env_int("IMPORT_KEEP_HOURS", 24)
# A request body longer than this is refused from its Content-Length, before any of it is read
# (core.middleware.RequestSizeMiddleware): the largest file allowed plus 1 MB for the form.
# The load balancer's limit (client_max_body_size, docs/deployment.md) should match it.
UPLOAD_MAX_BYTES = env_int(
    "UPLOAD_MAX_MB", max(EVIDENCE_MAX_BYTES, IMPORT_MAX_BYTES) // (1024 * 1024) + 1
) * (1024 * 1024)
# Form fields and JSON bodies, files excepted (Django's default, 2.5 MB): more is refused.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
# Files larger than this are written to a temporary file while they arrive, not kept in memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# Personal-data guard (docs/privacy.md): e-mail addresses in free text are refused unless their
# domain is one of these or a subdomain of one (staff of the police and partner agencies).
STAFF_EMAIL_DOMAINS = [
    d.strip()
    for d in env_str(
        "STAFF_EMAIL_DOMAINS",
        "police.uk,gov.uk,nhs.net,nhs.uk,cjsm.net,demo.example,test.example",
    ).split(",")
    if d.strip()
]
