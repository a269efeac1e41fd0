"""Flames settings: one module, driven by the environment.

Every setting a deployment may change is read from a ``FLAMES_*`` variable (or
``DATABASE_URL``) through the helpers below, which refuse values they cannot
understand instead of guessing. The README lists every variable with its default.
"""

import ipaddress
import logging
import os
import re
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from flames.runtime.startup import data_directory, default_key_file

BASE_DIR = Path(__file__).resolve().parent

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be 1/0, true/false, yes/no or on/off, not {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}") from None


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]


def env_at_least(name: str, default: int, minimum: int) -> int:
    value = env_int(name, default)
    if value < minimum:
        raise ImproperlyConfigured(f"{name} must be {minimum} or more, not {value}")
    return value


def env_networks(name: str) -> list[str]:
    networks = []
    for item in env_list(name, ""):
        try:
            networks.append(str(ipaddress.ip_network(item, strict=False)))
        except ValueError:
            message = f"{name} must list IP addresses or networks, and {item!r} is neither"
            raise ImproperlyConfigured(message) from None
    return networks


def env_secret(name: str) -> str:
    """``name``'s value, else the contents of the file ``name_FILE`` names (the way
    container platforms hand out secrets, kept out of the environment); ``name`` wins."""
    value = env_str(name)
    named = env_str(f"{name}_FILE")
    if value or not named:
        return value
    try:
        return Path(named).read_text().strip()
    except OSError as error:
        raise ImproperlyConfigured(f"{name}_FILE={named}: {error.strerror}") from None


def env_log_level(name: str, default: str) -> str:
    raw = env_str(name, default)
    if raw.upper() not in logging.getLevelNamesMapping():
        choices = "DEBUG, INFO, WARNING, ERROR or CRITICAL"
        raise ImproperlyConfigured(f"{name} must be {choices}, not {raw!r}")
    return raw.upper()


DEBUG = env_bool("FLAMES_DEBUG")
DATA_DIR = data_directory()


# Django's own check of deployed settings (security.W009) calls a key weak below these.
KEY_MIN_LENGTH = 50
KEY_MIN_DISTINCT = 5
_KEY_ADVICE = (
    "use at least 50 characters, at least 5 of them different (flames makes one in its data "
    "directory when no key is set)"
)


def _strong(key: str, source: str) -> str:
    """The key, unless it is short, repetitive or Django's throwaway development kind:
    a weak key lets anyone forge sessions, password-reset links and signed values."""
    if (
        len(key) < KEY_MIN_LENGTH
        or len(set(key)) < KEY_MIN_DISTINCT
        or key.startswith("django-insecure-")
    ):
        raise ImproperlyConfigured(f"{source} is too weak: {_KEY_ADVICE}")
    return key


def _secret_key() -> str:
    """The key from FLAMES_SECRET_KEY, the file FLAMES_SECRET_KEY_FILE names, or the data
    directory's key file, which the flames command and the WSGI application create on
    first use (see flames.runtime.startup): settings only read it."""
    key = env_str("FLAMES_SECRET_KEY")
    if key:
        return _strong(key, "FLAMES_SECRET_KEY")
    named = env_str("FLAMES_SECRET_KEY_FILE")
    path = Path(named) if named else default_key_file()
    try:
        key = path.read_text().strip()
    except OSError as error:
        if named:
            message = f"FLAMES_SECRET_KEY_FILE={named}: {error.strerror}"
            raise ImproperlyConfigured(message) from None
        if isinstance(error, FileNotFoundError):
            raise ImproperlyConfigured(
                "no secret key: set FLAMES_SECRET_KEY or FLAMES_SECRET_KEY_FILE, or run flames "
                f"once to create {path}"
            ) from None
        raise ImproperlyConfigured(f"{path}: {error.strerror}") from None
    if not key:
        raise ImproperlyConfigured(f"the secret key file {path} is empty")
    return _strong(key, f"the secret key in {path}")


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env_list("FLAMES_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
if "*" in ALLOWED_HOSTS:
    raise ImproperlyConfigured("FLAMES_ALLOWED_HOSTS must name hosts; '*' is not allowed")
CSRF_TRUSTED_ORIGINS = env_list("FLAMES_CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    # Revisions of content (history, compare, restore) and drag-and-drop ordering in the
    # back office.
    "reversion",
    "reversion_compare",
    "adminsortable2",
    # Sign-in attempts; listed before flames, whose failure log reads what axes counted.
    "axes",
    "flames",
    "flames.people",
    "flames.episodes",
    "flames.support",
    "flames.ingest",
    "flames.publishing",
    "flames.export",
    "flames.transcripts",
    "flames.search",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "flames.web.middleware.ContentSecurityPolicyMiddleware",
    "flames.guard.request_guard.RefuseControlCharactersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "flames.urls"
WSGI_APPLICATION = "flames.wsgi.application"

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
                "flames.context_processors.site",
            ],
        },
    },
]

_DATABASE_ENGINES = ("django.db.backends.sqlite3", "django.db.backends.postgresql")


def _hide_password(url: str) -> str:
    return re.sub(r"(//[^/:@]*:)[^/@]*@", r"\1***@", url)


def _database() -> dict:
    """DATABASE_URL (or DATABASE_URL_FILE), else SQLite in the data directory; a password
    from FLAMES_DATABASE_PASSWORD (or its _FILE) replaces the address's own."""
    url = env_secret("DATABASE_URL")
    password = env_secret("FLAMES_DATABASE_PASSWORD")
    options = {"conn_max_age": env_int("FLAMES_CONN_MAX_AGE", 600), "conn_health_checks": True}
    if not url:
        return dj_database_url.parse(f"sqlite:///{DATA_DIR / 'flames.sqlite3'}", **options)
    try:
        database = dj_database_url.parse(url, **options)
    except ValueError:
        database = {"ENGINE": None}
    if database["ENGINE"] not in _DATABASE_ENGINES:
        shown = _hide_password(url)
        message = f"DATABASE_URL must be a valid sqlite:// or postgres:// address, not {shown!r}"
        raise ImproperlyConfigured(message)
    if password:
        database["PASSWORD"] = password
    return database


DATABASES = {"default": _database()}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers proceed while an editor writes; IMMEDIATE avoids
    # "database is locked" surprises when two writers race.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

_REDIS_URL = env_secret("FLAMES_REDIS_URL")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": _REDIS_URL}
        if _REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
# Seconds a rendered public page may be served from cache. Any edit in the back
# office clears the page cache, so this only bounds staleness of time-based
# content such as "upcoming".
PAGE_CACHE_SECONDS = env_int("FLAMES_PAGE_CACHE_SECONDS", 300)
# Pages each app process keeps in memory (0 turns the page cache off).
PAGE_CACHE_ENTRIES = env_int("FLAMES_PAGE_CACHE_ENTRIES", 5_000)


def env_bytes(name: str, default: int) -> int:
    value = env_int(name, default)
    if value < 1:
        raise ImproperlyConfigured(f"{name} must be a number of bytes above 0, not {value}")
    return value


# Request bodies (flames.guard.bodylimit): no public page takes a form; the back office takes
# caption files of up to 20 MB (flames.transcripts.parsing.MAX_BYTES) and the form around.
MAX_BODY_BYTES = env_bytes("FLAMES_MAX_BODY_BYTES", 64 * 1024)
MAX_UPLOAD_BYTES = env_bytes("FLAMES_MAX_UPLOAD_BYTES", 24 * 1024 * 1024)
# Form fields are held in memory up to this size (beyond: 400); uploaded files beyond
# it go to a temporary file.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("uk", _("Ukrainian"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["flames.formats"]
USE_I18N = True
TIME_ZONE = "Europe/Kyiv"
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

LOGIN_URL = "admin:login"
# Where a sign-in goes when its ``next`` is missing or refused (another site, say).
LOGIN_REDIRECT_URL = "admin:index"

# Who a request comes from (flames.guard.clients): the connection's address, unless that is one
# of these reverse proxies, whose X-Forwarded-For is then read. None by default: anyone
# can write that header.
TRUSTED_PROXIES = env_networks("FLAMES_TRUSTED_PROXIES")

# Sign-in attempts (django-axes), checked before any password is hashed. An address is
# paused after AXES_FAILURE_LIMIT failures, whichever accounts it tried, and so is an
# account from that address. An account is never paused for every address: that would
# let anyone who knows an editor's username lock them out with a few requests.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_at_least("FLAMES_SIGN_IN_FAILURES", 5, 1)
AXES_COOLOFF_TIME = timedelta(minutes=env_at_least("FLAMES_SIGN_IN_PAUSE_MINUTES", 15, 1))
AXES_LOCKOUT_PARAMETERS = ["ip_address", ["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "flames.guard.throttling.client_address"
AXES_LOCKOUT_CALLABLE = "flames.guard.sign_in.paused"
# Counted where every app server sees it: the shared cache, else the database (a
# process's own memory would give each worker its own count).
AXES_HANDLER = (
    "axes.handlers.cache.AxesCacheHandler"
    if _REDIS_URL
    else "axes.handlers.database.AxesDatabaseHandler"
)
# Attempts while paused are refused without being recorded, and the pause runs from the
# last counted failure: a flood adds nothing to the database or the cache.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False

# The budget of each client for expensive public requests (flames.guard.throttling): search,
# filtered lists, feeds with parameters. 0 requests turns it off. BUDGET_BURST of them
# may come at once, the rest at an even pace over the window.
BUDGET_REQUESTS = env_at_least("FLAMES_BUDGET_REQUESTS", 30, 0)
BUDGET_SECONDS = env_at_least("FLAMES_BUDGET_SECONDS", 10, 1)
BUDGET_BURST = env_at_least("FLAMES_BUDGET_BURST", 3, 1)

# Compare a revision's links to other rows by id: otherwise reversion-compare reports a
# link as changed whenever the linked row was not saved in the same revision.
REVERSION_COMPARE_FOREIGN_OBJECTS_AS_ID = True

# Security headers. HSTS and secure cookies only make sense behind TLS, which a
# deployment declares with FLAMES_HTTPS=1.
HTTPS = env_bool("FLAMES_HTTPS")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = 31_536_000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
SECURE_SSL_REDIRECT = HTTPS and env_bool("FLAMES_SSL_REDIRECT", True)

# The video player is the only third party a page may talk to, and only after
# the reader presses play (see static/flames/player.js).
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; frame-src https://www.youtube-nocookie.com; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "without_traceback": {"()": "flames.web.log_filters.WithoutTraceback"},
        "without_outage_errors": {"()": "flames.web.log_filters.WithoutOutageErrors"},
        "not_429": {"()": "flames.web.log_filters.NotTooManyRequests"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {
        "django.security.DisallowedHost": {"filters": ["without_traceback"]},
        "django.request": {"filters": ["without_outage_errors", "not_429"]},
        # flames.guard.sign_in logs each failed sign-in in one line; axes' lines would repeat it.
        "axes": {"level": "ERROR"},
    },
    "root": {"handlers": ["console"], "level": env_log_level("FLAMES_LOG_LEVEL", "WARNING")},
}
