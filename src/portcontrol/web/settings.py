"""Django settings: everything that differs between machines comes from the environment."""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("PORTCONTROL_VAR_DIR", Path.cwd() / "var"))


def env_bool(name: str, default: bool) -> bool:
    """A boolean from the environment; anything but a clear yes/no is an error."""
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    if raw.lower() in ("1", "true", "yes", "on"):
        return True
    if raw.lower() in ("0", "false", "no", "off"):
        return False
    raise ImproperlyConfigured(f"{name}={raw!r}: expected true or false")


def env_int(name: str, default: int) -> int:
    """An integer from the environment, refused loudly when it is not one."""
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name}={raw!r}: expected an integer") from exc


# Newer HS / UN/LOCODE editions loaded with `portcontrol load_reference` live here; the core's
# loaders read the variable, so web processes, workers and commands all see the same edition.
os.environ.setdefault("PORTCONTROL_REFERENCE_DIR", str(VAR_DIR / "reference"))

DEBUG = env_bool("PORTCONTROL_DEBUG", False)
SECRET_KEY = os.environ.get("PORTCONTROL_SECRET_KEY", "")
if not SECRET_KEY:
    if not (DEBUG or env_bool("PORTCONTROL_INSECURE_DEV_KEY", False)):
        raise ImproperlyConfigured(
            "PORTCONTROL_SECRET_KEY is not set (set PORTCONTROL_DEBUG=true for a local demo)"
        )
    SECRET_KEY = "insecure-development-key-never-use-in-production"

ALLOWED_HOSTS = [
    h
    for h in os.environ.get("PORTCONTROL_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(
        ","
    )
    if h
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_tasks",
    "django_tasks_db",
    "ninja",
    "portcontrol.web",
    "portcontrol.accounts",
    "portcontrol.cargo",
    "portcontrol.targeting",
    "portcontrol.inspections",
    "portcontrol.reports",
    "portcontrol.exchange",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "portcontrol.web.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portcontrol.exchange.context_processors.unread_messages",
            ],
        },
    },
]

WSGI_APPLICATION = "portcontrol.web.wsgi.application"

if not os.environ.get("DATABASE_URL"):
    VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'portcontrol.sqlite3'}",
        conn_max_age=env_int("PORTCONTROL_DB_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Readers and the worker share the file: wait for a lock instead of failing at once.
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 30
    # A transaction that reads and then writes (most actions) would be refused at once when
    # another process wrote meanwhile; taking the write lock at the start makes it wait instead.
    DATABASES["default"]["OPTIONS"]["transaction_mode"] = "IMMEDIATE"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", "English"),
    ("ru", "Русский"),
    ("az", "Azərbaycan dili"),
    ("kk", "Қазақ тілі"),
    ("ky", "Кыргызча"),
]
# Our own catalogue first; then the Kazakh messages that Django itself leaves untranslated.
LOCALE_PATHS = [BASE_DIR / "web" / "locale", BASE_DIR / "web" / "locale_django"]
USE_I18N = True
TIME_ZONE = "UTC"
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
MEDIA_ROOT = Path(os.environ.get("PORTCONTROL_MEDIA_ROOT", VAR_DIR / "files"))

# Raw manifests are kept before parsing; refuse what no real manifest needs.
PORTCONTROL_MAX_UPLOAD_BYTES = env_int("PORTCONTROL_MAX_UPLOAD_BYTES", 200 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
# Photos and documents of inspections: JPEG, PNG or PDF up to this size.
PORTCONTROL_MAX_ATTACHMENT_BYTES = env_int("PORTCONTROL_MAX_ATTACHMENT_BYTES", 20 * 1024 * 1024)
# Files above this many bytes are read by the background worker, not in the request.
PORTCONTROL_BACKGROUND_IMPORT_BYTES = env_int(
    "PORTCONTROL_BACKGROUND_IMPORT_BYTES", 2 * 1024 * 1024
)

# This node's identity for the exchange with partner nodes (docs/exchange.md). The private keys
# stay in a file only the node's user reads, never in the database or the code.
PORTCONTROL_NODE_ID = os.environ.get("PORTCONTROL_NODE_ID", "")
PORTCONTROL_NODE_KEYS_FILE = os.environ.get("PORTCONTROL_NODE_KEYS_FILE", "")
# Seconds to wait for a partner's inbox before the attempt counts as failed and is retried.
PORTCONTROL_EXCHANGE_TIMEOUT = env_int("PORTCONTROL_EXCHANGE_TIMEOUT", 15)

TASKS = {
    "default": {
        "BACKEND": os.environ.get("PORTCONTROL_TASK_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
if not DEBUG:
    SESSION_COOKIE_SECURE = env_bool("PORTCONTROL_SECURE_COOKIES", False)
    CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("PORTCONTROL_LOG_LEVEL", "WARNING")},
}
