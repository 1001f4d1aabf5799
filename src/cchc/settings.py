"""One settings module, read from typed environment variables (healthchecks' habit).

Development defaults are safe and need nothing: SQLite in ``var/``, DEBUG on, e-mail to the
console. ``CCHC_PROFILE=production`` turns on every protection ``check --deploy`` asks for.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = Path(os.environ.get("CCHC_HOME", Path.cwd()))
VAR_DIR = Path(os.environ.get("CCHC_VAR_DIR", PROJECT_DIR / "var"))


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


PROFILE = env_str("CCHC_PROFILE", "development")
PRODUCTION = PROFILE == "production"
TESTING = env_bool("CCHC_TESTING", "pytest" in sys.modules)

DEBUG = env_bool("DEBUG", not PRODUCTION)
DEV_SECRET_KEY = "dev-only-insecure-key-change-me-0123456789-abcdefghijklmnopqrstuvwxyz"
SECRET_KEY = env_str("SECRET_KEY", "" if PRODUCTION else DEV_SECRET_KEY)


def weak_secret_key(key: str) -> str:
    """Why a key must not sign production sessions and reset links ("" when it is fine): the
    length and variety Django's own deploy check asks for, and none of the known keys."""
    if len(key) < 50:
        return "shorter than 50 characters"
    if len(set(key)) < 12:
        return "fewer than 12 different characters"
    if key == DEV_SECRET_KEY or key.startswith("django-insecure-") or "change-me" in key:
        return "a published example key"
    return ""


if PRODUCTION and weak_secret_key(SECRET_KEY):
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(
        f"SECRET_KEY is weak ({weak_secret_key(SECRET_KEY)}): generate one with "
        "`python -c 'import secrets; print(secrets.token_urlsafe(50))'`"
    )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")
SITE_NAME = env_str("SITE_NAME", "CCHC")
# A national instance reads the provinces' Parquet exports from here (folder or fsspec URI).
NATIONAL_LAKE = env_str("NATIONAL_LAKE")
NATIONAL_PROVINCE_CODE = env_str("NATIONAL_PROVINCE_CODE")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",  # its widget templates, under ours (FORM_RENDERER below)
    "django_htmx",
    "ninja",  # serves the API docs page (Swagger UI) from its own static files, not a CDN
    "django_tasks",
    "django_tasks_db",
    "django_otp",  # second factor: the framework, an authenticator app and backup codes
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "cchc.core",
    "cchc.accounts",
    "cchc.organizations",
    "cchc.calendars",
    "cchc.procedures",
    "cchc.dossiers",
    "cchc.statistics",
    "cchc.plans",
    "cchc.periodic",
    "cchc.feedback",
    "cchc.evaluations",
    "cchc.surveys",
    "cchc.indices",
    "cchc.staff",
    "cchc.inspections",
    "cchc.national",
    "cchc.demo",  # demo loaders and generators: `cchc demo`, `cchc demo-data`
]

MIDDLEWARE = [
    "cchc.core.logs.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "cchc.core.middleware.RejectNulMiddleware",
    "cchc.core.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "cchc.core.middleware.LocaleMiddleware",  # Vietnamese unless English was chosen
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",  # request.user.is_verified(): the code was given
    "django.contrib.messages.middleware.MessageMiddleware",
    "cchc.accounts.middleware.SecondFactorMiddleware",  # needs the two above
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "cchc.core.middleware.DomainErrorMiddleware",
]

ROOT_URLCONF = "cchc.urls"
WSGI_APPLICATION = "cchc.wsgi.application"

# Widgets render through the project's templates, so templates/django/forms/ may adjust one
# (the empty choice of a select reads "— Chọn —", not Django's "---------").
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "cchc.core.context_processors.site",
                "cchc.core.context_processors.csp_nonce",
            ],
        },
    }
]

DEFAULT_SQLITE = f"sqlite:///{VAR_DIR / 'cchc.sqlite3'}"
if not os.environ.get("DATABASE_URL"):
    VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    # A connection kept for a minute per worker: opening a PostgreSQL connection for every
    # request cost the public lookup more than its three queries (benchmarks/load.py).
    "default": dj_database_url.parse(
        env_str("DATABASE_URL") or DEFAULT_SQLITE,
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web server and the task worker read while the other writes.
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            # A page cache of 64 MiB per connection (SQLite's default is 2 MiB), reads through
            # mmap and temporary b-trees in memory: a list at a million dossiers reads a few
            # thousand rows spread over a table of 1.5 GB, and a receipt writes nine tables and
            # their indexes; their pages then stay at hand between requests instead of being
            # read back through system calls (benchmarks/lists.py: a text search's rows took a
            # third less time; benchmarks/dossiers.py: about a tenth of a receipt's CPU).
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA cache_size=-65536; "
                "PRAGMA mmap_size=268435456; PRAGMA temp_store=MEMORY;"
            ),
        }
    )
    DATABASES["default"]["TEST"] = {"NAME": env_str("CCHC_TEST_SQLITE", "") or None}
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Parameters sent apart from the statement, and a statement run five times on a
    # connection prepared there (psycopg's threshold): PostgreSQL then stops parsing and
    # planning the same text on every request. A receipt's eleven statements spent more of
    # PostgreSQL's time in parsing and planning than in running (benchmarks/dossiers.py: its
    # database time halved). Django leaves both off for connection poolers; behind PgBouncer in
    # transaction mode older than 1.21, set DB_PREPARE_THRESHOLD=0 (never prepare).
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update(
        {
            "server_side_binding": True,
            "prepare_threshold": env_int("DB_PREPARE_THRESHOLD", 5) or None,
        }
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"

if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
# Off: with it on, every integer a template prints is grouped, ids and years included
# (value="1.681", 2.026), which breaks forms and links. Figures shown to people go through
# the ``vn_int``/``vn_pct`` filters (178.770, 82,03%) instead.
USE_THOUSAND_SEPARATOR = False
FORMAT_MODULE_PATH = ["cchc.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
if not PRODUCTION:
    # Until `collectstatic` runs, files come from the apps' folders; WhiteNoise wants the root.
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
MEDIA_URL = "/media/"  # never served as such: uploads go out through views that check rights
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
# Behind nginx: the views answer with ``X-Accel-Redirect: <this>/<stored name>`` and nginx sends
# the file from an ``internal`` location aliased to MEDIA_ROOT (docs/*/deployment.md).
FILES_ACCEL_REDIRECT = env_str("FILES_ACCEL_REDIRECT", "")

REDIS_CACHE = {
    "BACKEND": "cchc.core.cache.RedisCache",  # Django's, keeping its clients
    "LOCATION": env_str("REDIS_URL"),
}
CACHES = {
    "default": (
        REDIS_CACHE
        if env_str("REDIS_URL")
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "cchc"}
    ),
    # Rate limits must be counted once for all workers: an in-process cache gives each gunicorn
    # worker its own count. The database cache needs nothing more to run (its table is created
    # by core's migration); Redis when there is one.
    "limits": (
        REDIS_CACHE
        if env_str("REDIS_URL")
        else {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "cchc_cache"}
    ),
}
# Reverse proxies in front of the app (nginx = 1). Each appends the address it saw to
# X-Forwarded-For; the client is the address just before the trusted ones. 0: REMOTE_ADDR.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
# Public dossier lookups per client address per 10 minutes. 20 is the production figure; only a
# load test (benchmarks/load.py, all its users behind one address) sets it higher, explicitly.
DOSSIER_LOOKUP_LIMIT = env_int("DOSSIER_LOOKUP_LIMIT", 20)
# The public lookup's answers are kept in the shared cache, when there is one (Redis), and
# cleared by every change of their dossier (cchc.dossiers.lookup_cache); "" reads the database
# every time. Never an in-process cache: each gunicorn worker would keep its own stale copy.
DOSSIER_LOOKUP_CACHE = env_str("DOSSIER_LOOKUP_CACHE", "default" if env_str("REDIS_URL") else "")
DOSSIER_LOOKUP_CACHE_SECONDS = env_int("DOSSIER_LOOKUP_CACHE_SECONDS", 24 * 60 * 60)

TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks.backends.immediate.ImmediateBackend"
            if TESTING or env_bool("CCHC_TASKS_IMMEDIATE", False)
            else "django_tasks_db.DatabaseBackend"
        )
    }
}

# Imports of user files (cchc.core.imports). A file up to IMPORT_INLINE_MAX_BYTES is read in the
# request, as people expect from a short file (a correction of a few hundred procedures, a short
# plan appendix: about a second, 2 s on a busy server; benchmarks/imports.py); a larger one (a
# province's whole catalogue, 2,000 rows: 5 s) is read by the db_worker while the page shows its
# progress. Bytes, not rows: the size is known before anything is parsed.
IMPORT_INLINE_MAX_BYTES = env_int("IMPORT_INLINE_MAX_BYTES", 40 * 1024)
IMPORT_PROGRESS_EVERY = env_int("IMPORT_PROGRESS_EVERY", 50)  # rows between progress saves
# A step without a progress save for this long was abandoned by a dead worker.
IMPORT_STALE_MINUTES = env_int("IMPORT_STALE_MINUTES", 30)
# A preview nobody confirmed, or a file no worker took, is removed after this long.
IMPORT_KEEP_HOURS = env_int("IMPORT_KEEP_HOURS", 6)

EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if PRODUCTION
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "cchc@localhost")

SMS_BACKEND = env_str("SMS_BACKEND", "cchc.core.sms.OutboxBackend")

# Login throttling: this many failures per username or per address within the window lock it.
LOGIN_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
LOGIN_FAILURE_WINDOW = env_int("LOGIN_FAILURE_WINDOW", 15 * 60)

# Second factor (TOTP, django-otp). Optional for everyone; the roles listed here (comma
# separated role codes, e.g. "system_admin,home_affairs") must enrol before using any page.
# Anyone who has enrolled gives a code after the password, whatever their role.
TOTP_REQUIRED_ROLES = env_list("CCHC_TOTP_REQUIRED_ROLES")
OTP_TOTP_ISSUER = SITE_NAME  # the name the authenticator app shows next to the code
# A sign-in waiting for its code is forgotten after this many seconds.
TOTP_LOGIN_TIMEOUT = env_int("CCHC_TOTP_LOGIN_TIMEOUT", 5 * 60)

# The hour after which a dossier counts from the next working day [DOMAIN 5: set per province].
DOSSIER_CUTOFF_HOUR = env_int("DOSSIER_CUTOFF_HOUR", 15)
# Survey results of a unit or group with fewer answers than this are not shown (anonymity).
SURVEY_MIN_GROUP_RESPONSES = env_int("SURVEY_MIN_GROUP_RESPONSES", 5)

SESSION_COOKIE_HTTPONLY = True
# A working day, not Django's two weeks: a shared or lost office computer stays signed in for
# at most this long (seconds).
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 3600)
CONTENT_SECURITY_POLICY = env_str(
    "CONTENT_SECURITY_POLICY",
    "default-src 'self'; script-src 'self' 'nonce-{nonce}'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; "
    "base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
)
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# JSON lines with the request id in production (LOG_FORMAT=json), readable text otherwise.
LOG_FORMAT = env_str("LOG_FORMAT", "json" if PRODUCTION else "text")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "cchc.core.logs.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "cchc.core.logs.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": LOG_FORMAT,
        }
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}
