"""Settings for the campaign tracker.

One file, driven by environment variables. The defaults run locally with nothing installed:
SQLite and Celery tasks executed eagerly in-process. Set DATABASE_URL and CELERY_BROKER_URL
for PostgreSQL and real workers.
"""
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    return os.environ.get(name, str(default)).lower() in ("1", "true", "yes", "on")


SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-insecure-key-change-me")
DEBUG = env_bool("DEBUG", True)
ALLOWED_HOSTS = os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_tables2",
    "django_filters",
    "tracker",
    "reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "0")),
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "zh-hans"
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "media/"

# Uploads: reports and ledgers are small office documents; anything larger is refused early.
MAX_UPLOAD_MB = int(os.environ.get("MAX_UPLOAD_MB", "30"))
DATA_UPLOAD_MAX_MEMORY_SIZE = MAX_UPLOAD_MB * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# Readers run in a child process with these limits so a hostile file cannot take the worker down.
READER_TIMEOUT_SECONDS = int(os.environ.get("READER_TIMEOUT_SECONDS", "50"))
READER_MEMORY_MB = int(os.environ.get("READER_MEMORY_MB", "400"))

CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "memory://")
CELERY_RESULT_BACKEND = os.environ.get("CELERY_RESULT_BACKEND") or None
# Without a broker, tasks run in-process so the product works with nothing installed.
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", "CELERY_BROKER_URL" not in os.environ)
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE

# ---- Faults: how tasks survive a dead worker, a broker or database outage (see README "Faults") ----
# A task's message is acknowledged only when it ends; if the worker process dies mid-task the message
# goes back to the queue (reject_on_worker_lost), and each worker takes one message at a time.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Time limits of one run (seconds): at the soft limit the task gives up cleanly, at the hard one the child
# is killed. Redis hands an unacknowledged message to another worker after the visibility timeout, so it
# must be longer than the hard limit, or a slow run would be started twice.
CELERY_TASK_SOFT_TIME_LIMIT = int(os.environ.get("TASK_SOFT_TIME_LIMIT", "600"))
CELERY_TASK_TIME_LIMIT = int(os.environ.get("TASK_TIME_LIMIT", "660"))
BROKER_VISIBILITY_TIMEOUT = int(os.environ.get("BROKER_VISIBILITY_TIMEOUT", str(2 * CELERY_TASK_TIME_LIMIT)))
if BROKER_VISIBILITY_TIMEOUT <= CELERY_TASK_TIME_LIMIT:
    raise ImproperlyConfigured("BROKER_VISIBILITY_TIMEOUT must be longer than TASK_TIME_LIMIT")
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": BROKER_VISIBILITY_TIMEOUT, "socket_connect_timeout": 3}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_CONNECTION_MAX_RETRIES = None  # a worker waits for the broker however long it is down
# A pool child that has grown past this (KiB) is replaced after its task.
CELERY_WORKER_MAX_MEMORY_PER_CHILD = int(os.environ.get("WORKER_MAX_MEMORY_KB", "600000"))
# Database and broker errors are retried with exponential backoff (5 s, 10 s, 20 s … capped, with jitter)
# for about a quarter of an hour on average; any other error fails the task at once with its reason.
TASK_RETRY_BACKOFF = int(os.environ.get("TASK_RETRY_BACKOFF", "5"))
TASK_RETRY_BACKOFF_MAX = int(os.environ.get("TASK_RETRY_BACKOFF_MAX", "300"))
TASK_MAX_RETRIES = int(os.environ.get("TASK_MAX_RETRIES", "10"))
# A running parse marks its report alive every REPORT_HEARTBEAT_SECONDS; a report parsing without a mark
# for REPORT_HEARTBEAT_STALE_SECONDS lost its worker and is queued again, at most REPORT_MAX_ATTEMPTS runs.
REPORT_HEARTBEAT_SECONDS = int(os.environ.get("REPORT_HEARTBEAT_SECONDS", "10"))
REPORT_HEARTBEAT_STALE_SECONDS = int(os.environ.get("REPORT_HEARTBEAT_STALE_SECONDS", "60"))
REPORT_MAX_ATTEMPTS = int(os.environ.get("REPORT_MAX_ATTEMPTS", "3"))
# 排队中/解析中 this long offers 重新解析; a queued report whose message this old never ran is sent again.
REPORT_STALE_MINUTES = int(os.environ.get("REPORT_STALE_MINUTES", "10"))
# The sweep sends the parse tasks the broker did not take and requeues reports whose worker died. It runs
# at every worker start and from beat every REPORT_SWEEP_SECONDS.
REPORT_SWEEP_SECONDS = int(os.environ.get("REPORT_SWEEP_SECONDS", "60"))
CELERY_BEAT_SCHEDULE = {
    "sweep-report-queue": {"task": "reports.tasks.sweep_report_queue", "schedule": float(REPORT_SWEEP_SECONDS)},
}
# A real report has tens to a few hundred figures; more than this is not a progress report (or not one
# document) and is refused with a message instead of producing a review page nobody can work through.
REPORT_MAX_FIGURES = int(os.environ.get("REPORT_MAX_FIGURES", "5000"))
REVIEW_FIGURES_PER_PAGE = 50
# ---- end of faults ----

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": os.environ["REDIS_CACHE_URL"],
        # Faults: a cache that is down answers fast; pages then read the database (tracker.selectors).
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }
    if os.environ.get("REDIS_CACHE_URL")
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
}

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
X_FRAME_OPTIONS = "DENY"

DJANGO_TABLES2_TEMPLATE = "django_tables2/table.html"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}
