"""Django settings for Abdi, read from the environment (DESIGN §Style 8).

Embedded default: SQLite at ``$ABDI_HOME/var/abdi.sqlite3``, Celery tasks run in-process.
National scale: ``ABDI_DATABASE_URL=postgres://...`` and ``ABDI_CELERY_BROKER_URL=redis://...``.
Any ``ABDI_X`` may instead be given as ``ABDI_X_FILE`` naming a file that holds the value (secrets).
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent


def env(name: str, default: str | None = None) -> str | None:
    """Value of ``name``, or of the file named by ``name_FILE``, or ``default``."""
    file_name = os.environ.get(f"{name}_FILE")
    if file_name:
        return Path(file_name).read_text(encoding="utf-8").strip()
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    value = env(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


ABDI_HOME = Path(env("ABDI_HOME", os.getcwd())).resolve()
VAR_DIR = ABDI_HOME / "var"

DEBUG = env_bool("ABDI_DEBUG", False)
_secret = env("ABDI_SECRET_KEY")
if not _secret:
    # Embedded mode: a per-installation key kept beside the database, never a constant in the code.
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        import secrets

        key_file.write_text(secrets.token_urlsafe(50), encoding="utf-8")
        key_file.chmod(0o600)
    _secret = key_file.read_text(encoding="utf-8").strip()
SECRET_KEY = _secret
ALLOWED_HOSTS = [h.strip() for h in (env("ABDI_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver") or "").split(",") if h.strip()]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "abdi.core",
    "abdi.accounts",
    "abdi.org",
    "abdi.people",
    "abdi.analytics",
    "abdi.performance",
    "abdi.competency",
    "abdi.talent",
    "abdi.planning",
    "abdi.web",
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

ROOT_URLCONF = "abdi.urls"
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
            ]
        },
    }
]
WSGI_APPLICATION = "abdi.wsgi.application"

_default_db = f"sqlite:///{VAR_DIR / 'abdi.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(env("ABDI_DATABASE_URL", _default_db) or _default_db, conn_max_age=60)}
if DATABASES["default"]["ENGINE"].endswith("postgresql") and env_bool("ABDI_DB_PREPARED", True):
    # Server-side parameters let psycopg prepare a statement after 5 runs on a connection, so a kept
    # connection (CONN_MAX_AGE) plans each hot query once instead of on every request (bench/api.py).
    DATABASES["default"].setdefault("OPTIONS", {}).update(server_side_binding=True, prepare_threshold=5)
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 30,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        "transaction_mode": "IMMEDIATE",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["TEST"] = {"NAME": env("ABDI_TEST_SQLITE_NAME", "")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": int(env("ABDI_PASSWORD_MIN_LENGTH", "12") or 12)}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "web:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "web:login"

# Sessions and CSRF: cookies unreadable by scripts, not sent cross-site, Secure behind HTTPS
# (ABDI_SECURE_COOKIES=1 in production; the embedded laptop mode serves plain http on loopback).
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = env_bool("ABDI_SECURE_COOKIES", False)
SESSION_COOKIE_AGE = int(env("ABDI_SESSION_HOURS", "8") or 8) * 3600  # one working day
SESSION_SAVE_EVERY_REQUEST = False
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
CSRF_COOKIE_HTTPONLY = True  # templates carry the token; no script reads the cookie
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_TRUSTED_ORIGINS = [o for o in (env("ABDI_CSRF_TRUSTED_ORIGINS", "") or "").split(",") if o]
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Login throttling (abdi.accounts.throttle): failures per user name and per client address.
ABDI_LOGIN_MAX_FAILURES = int(env("ABDI_LOGIN_MAX_FAILURES", "5") or 5)
ABDI_LOGIN_IP_MAX_FAILURES = int(env("ABDI_LOGIN_IP_MAX_FAILURES", "50") or 50)
ABDI_LOGIN_WINDOW_MINUTES = int(env("ABDI_LOGIN_WINDOW_MINUTES", "15") or 15)
ABDI_LOGIN_LOCKOUT_MINUTES = int(env("ABDI_LOGIN_LOCKOUT_MINUTES", "15") or 15)

LANGUAGE_CODE = "id"
LANGUAGES = [("id", "Bahasa Indonesia"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"

# Celery: eager (in-process) unless a broker is configured.
CELERY_BROKER_URL = env("ABDI_CELERY_BROKER_URL", "")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
# After a load, refresh the dashboard aggregates ("on": queued, in-process without a broker; "off": leave it
# to `abdi analytics refresh`).
ABDI_ANALYTICS_ON_LOAD = (env("ABDI_ANALYTICS_ON_LOAD", "on") or "on").lower()
# A national 9-box refill on PostgreSQL computes its partitions in this many sessions at once, one NIP range each
# (about one per core of the database server; each is one more connection while the refill runs).
ABDI_TALENT_SESSIONS = max(1, int(env("ABDI_TALENT_SESSIONS", "2") or 2))
# Read events of personal records are sealed into the audit chain this often (Celery beat, or the
# embedded server's sealer thread).
ABDI_AUDIT_SEAL_SECONDS = float(env("ABDI_AUDIT_SEAL_SECONDS", "5") or 5)
CELERY_BEAT_SCHEDULE = {
    "audit-seal": {"task": "abdi.core.tasks.audit_seal", "schedule": ABDI_AUDIT_SEAL_SECONDS},
}

# Loader tuning.
ABDI_LOAD_BATCH_ROWS = int(env("ABDI_LOAD_BATCH_ROWS", "200000") or 200000)
# Store SIASN personal fields (NIK, phone, address, NPWP, BPJS)? Off: data not needed is not stored.
ABDI_SIASN_STORE_PERSONAL = env_bool("ABDI_SIASN_STORE_PERSONAL", False)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"stderr": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["stderr"], "level": env("ABDI_LOG_LEVEL", "WARNING")},
}
