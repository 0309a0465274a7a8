"""Settings for IAG Portal, read from the environment.

Every setting an operator may change comes from an environment variable read
through the small helpers below, which fail loudly on a value they cannot use.
The defaults suit `make run` on a laptop; production sets DJANGO_DEBUG=0 and
must then provide DJANGO_SECRET_KEY and DJANGO_ALLOWED_HOSTS.
"""

import json
import os
import tempfile
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name: str, default: str | None = None) -> str:
    value = os.environ.get(name, default)
    if value is None:
        raise ImproperlyConfigured(f"The environment variable {name} must be set.")
    return value


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name}={value!r} is not a boolean: use 1 or 0.")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r} is not a whole number.") from None


def env_json(name: str, default: dict) -> dict:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        parsed = json.loads(value)
    except ValueError:
        parsed = None
    if not isinstance(parsed, dict):
        raise ImproperlyConfigured(
            f'{name} must be a JSON object, like {{"bucket_name": "minutes"}}.'
        )
    return parsed


def env_list(name: str, default: str = "") -> list[str]:
    return [part.strip() for part in os.environ.get(name, default).split(",") if part.strip()]


DEBUG = env_bool("DJANGO_DEBUG", True)

if DEBUG:
    SECRET_KEY = env_str("DJANGO_SECRET_KEY", "django-insecure-local-development-only")
else:
    SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
    if len(SECRET_KEY) < 50:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be set to a random string of at least 50 characters "
            "when DJANGO_DEBUG=0. Generate one with: python -c "
            "'from django.core.management.utils import get_random_secret_key as k; print(k())'"
        )

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "iag_portal.apps.PortalAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.humanize",
    # Full-text search on PostgreSQL (search/); harmless on SQLite.
    "django.contrib.postgres",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "django_filters",
    "simple_history",
    "django_tasks_db",
    "members",
    "meetings",
    "actions",
    "programme",
    "publishing",
    "imports",
    "reviews",
    # Accounts: sign-in, MFA, sessions (django-allauth), invitations and the audit trail.
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",
    "accounts",
    "operations",
    "advice",
    "search",
    "themes",
    "committee",
]

MIDDLEWARE = [
    # The print pages of agreed minutes, kept whole per version and reader and
    # answered before anything below runs (they replay every header those set).
    "publishing.kept_responses.KeptEditionMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "allauth.usersessions.middleware.UserSessionsMiddleware",
    # Officers, chairs and superusers set up MFA before they see any other page.
    "accounts.middleware.MFARequiredMiddleware",
    # Records who made each change to the minutes in their history.
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # A NUL or other control character in an address, query or form: 400 (the portal's
    # error page, with every header above), before any view, form or query reads it.
    "iag_portal.middleware.RejectBadCharactersMiddleware",
]

ROOT_URLCONF = "iag_portal.urls"
WSGI_APPLICATION = "iag_portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "iag_portal.context_processors.navigation",
            ],
        },
    },
]

DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL,
        # Autosaves arrive every few seconds: reuse connections rather than pay
        # for a new one (and, on SQLite, its PRAGMAs) each time; health-checked
        # before reuse. The init_command below runs once per new connection.
        conn_max_age=env_int(
            "DATABASE_CONN_MAX_AGE", 600 if DATABASE_URL.startswith("sqlite") else 60
        ),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers carry on while the officer's autosaves write; IMMEDIATE
    # transactions take the write lock up front instead of failing half-way.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    # Tests use a file, not memory: the live server for browser tests answers
    # requests in parallel threads, each with its own connection, as in production.
    DATABASES["default"]["TEST"] = {
        "NAME": os.path.join(tempfile.gettempdir(), f"iag-portal-test-{os.getpid()}.sqlite3")
    }

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# --- Accounts (django-allauth) -------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
MFA_ADAPTER = "accounts.adapter.MFAAdapter"
ACCOUNT_FORMS = {
    "login": "accounts.forms.LoginForm",
    "request_login_code": "accounts.forms.RequestLoginCodeForm",
}
ACCOUNT_LOGIN_METHODS = {"username", "email"}
# Nobody signs themselves up: an officer invites people to their body.
ACCOUNT_SIGNUP_FIELDS = ["email*", "username*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_SESSION_REMEMBER = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[IAG Portal] "
ACCOUNT_EMAIL_NOTIFICATIONS = True
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http" if DEBUG else "https"
# A one-time code by email for members and guests: short-lived, three tries.
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_LOGIN_BY_CODE_TIMEOUT = 5 * 60
ACCOUNT_LOGIN_BY_CODE_MAX_ATTEMPTS = 3
# Lockout: five wrong passwords for one account, or thirty from one address,
# within the window refuse every sign-in (even the right password) until it passes.
LOCKOUT_ATTEMPTS = env_int("IAG_LOCKOUT_ATTEMPTS", 5)
LOCKOUT_MINUTES = env_int("IAG_LOCKOUT_MINUTES", 15)
LOCKOUT_ADDRESS_ATTEMPTS = env_int("IAG_LOCKOUT_ADDRESS_ATTEMPTS", 30)
ACCOUNT_RATE_LIMITS = {
    "login_failed": (
        f"{LOCKOUT_ADDRESS_ATTEMPTS}/{LOCKOUT_MINUTES}m/ip,{LOCKOUT_ATTEMPTS}/{LOCKOUT_MINUTES}m/key"
    ),
    "request_login_code": "20/m/ip,3/15m/key",
    # Any sign-in attempt, right or wrong: a flood guard per address.
    "login": "60/m/ip",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_PASSKEY_LOGIN_ENABLED = True
MFA_TOTP_ISSUER = "IAG Portal"
# A code is also taken in the 30 s step before or after its own (RFC 6238's allowance
# for drift): a code typed on a phone as its step ends, or checked by a busy server a
# moment later, is not refused. Each code still signs in once (allauth keeps used ones).
MFA_TOTP_TOLERANCE = 1
# Passkeys need HTTPS, except on a developer's own machine.
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = DEBUG
USERSESSIONS_TRACK_ACTIVITY = False
# One cache shared by every gunicorn worker and machine: rate limits, used one-time
# codes, the agreed minutes' rendered HTML and the claims that keep a PDF from being
# rendered twice. CACHE_URL=redis://host:6379/0 uses Redis (Django's RedisCache);
# unset or db:// keeps a table in the database (created by accounts' migrations).
CACHE_URL = env_str("CACHE_URL", "db://")


def cache_from_url(url: str) -> dict:
    if url in {"", "db://"} or url.startswith("db://"):
        return {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "iag_portal_cache",
        }
    if url.startswith(("redis://", "rediss://", "unix://")):
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    raise ImproperlyConfigured(
        f"CACHE_URL={url!r} is not understood: use redis://host:port/db or db://."
    )


CACHES = {"default": cache_from_url(CACHE_URL)}
# Sessions read from the shared cache (one key lookup, no ORM query) and written
# through to the database, so a cleared cache signs nobody out.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# Background work (PDFs, emails, big imports and exports) goes through Django's
# tasks framework. The default queue is a table in the same database, worked by
# `manage.py db_worker` (`make run` starts one); any other django.tasks backend
# (Redis/RQ, Celery) runs the same tasks by setting IAG_TASKS_BACKEND.
TASKS = {
    "default": {
        "BACKEND": env_str("IAG_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

LANGUAGE_CODE = "en-gb"
TIME_ZONE = env_str("DJANGO_TIME_ZONE", "Europe/London")
USE_I18N = True
USE_TZ = True

MEDIA_URL = "media/"
# Uploaded files; `manage.py backup` copies them with the database.
MEDIA_ROOT = Path(env_str("IAG_MEDIA_ROOT", str(BASE_DIR / "media")))

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    # Uploads and the stored PDF and Word files of agreed minutes (publishing/stored.py):
    # files under MEDIA_ROOT, or any Django storage backend by setting, e.g. an
    # S3-compatible store through django-storages (docs/operations.md).
    "default": {
        "BACKEND": env_str("IAG_STORAGE_BACKEND", "django.core.files.storage.FileSystemStorage"),
        "OPTIONS": env_json("IAG_STORAGE_OPTIONS", {}),
    },
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Email: the console backend prints messages locally; production sets SMTP
# (DJANGO_EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend).
EMAIL_BACKEND_PATH = env_str(
    "DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
MAILERS = {"default": {"BACKEND": EMAIL_BACKEND_PATH}}
if EMAIL_BACKEND_PATH.endswith("smtp.EmailBackend"):
    MAILERS["default"]["OPTIONS"] = {
        "host": env_str("DJANGO_EMAIL_HOST", "localhost"),
        "port": env_int("DJANGO_EMAIL_PORT", 25),
        "username": env_str("DJANGO_EMAIL_HOST_USER", ""),
        "password": env_str("DJANGO_EMAIL_HOST_PASSWORD", ""),
        "use_tls": env_bool("DJANGO_EMAIL_USE_TLS", False),
        "use_ssl": env_bool("DJANGO_EMAIL_USE_SSL", False),
        "timeout": env_int("DJANGO_EMAIL_TIMEOUT", 20),
    }
DEFAULT_FROM_EMAIL = env_str("DJANGO_DEFAULT_FROM_EMAIL", "IAG Portal <iag-portal@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# The address people use to reach the portal, for links in emails and calendar
# feeds. Empty: the address of the request in use (iag_portal/links.py).
SITE_URL = env_str("IAG_SITE_URL", "").rstrip("/")
# Printed on every page of the members' edition of the minutes.
PROTECTIVE_MARKING = env_str("IAG_PROTECTIVE_MARKING", "OFFICIAL-SENSITIVE")

# Security. Content Security Policy: nothing from other origins, no inline
# script or style except tags that carry the per-request nonce.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# A meeting runs for hours: keep the officer signed in for a working day.
SESSION_COOKIE_AGE = env_int("DJANGO_SESSION_COOKIE_AGE", 12 * 60 * 60)

if not DEBUG:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("DJANGO_SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", True)
    if env_bool("DJANGO_BEHIND_PROXY", False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
        # Lockouts per address and the audit trail need the client's address, not the
        # proxy's: trust this many proxies' X-Forwarded-For entries.
        ALLAUTH_TRUSTED_PROXY_COUNT = env_int("DJANGO_TRUSTED_PROXY_COUNT", 1)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "{asctime} {levelname} {name}: {message}", "style": "{"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {
        # Request bodies carry minutes text: never log them.
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
        # WeasyPrint narrates every PDF at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        "pikepdf": {"level": "WARNING"},
    },
}
