"""Settings for the campaign tracker.

One file, driven by environment variables. The defaults are a production deployment: DEBUG off,
HTTPS only, and no start without SECRET_KEY. DEBUG=1 (what `make run` and the tests set) is the
local demo: a generated key, plain HTTP. Without DATABASE_URL and CELERY_BROKER_URL the project
runs on SQLite with Celery tasks executed in-process.
"""
import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.core.management.utils import get_random_secret_key

from reports.readers.base import UPLOAD_MAX_BYTES

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    return os.environ.get(name, str(default)).lower() in ("1", "true", "yes", "on")


def dev_secret_key():
    """A key of this checkout only, kept in a git-ignored file so that sessions survive runserver reloads."""
    path = BASE_DIR / ".dev-secret-key"
    if not path.exists():
        path.write_text(get_random_secret_key())
    return path.read_text().strip()


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY") or (dev_secret_key() if DEBUG else None)
if not SECRET_KEY:
    raise ImproperlyConfigured(
        "SECRET_KEY is not set: set it to a long random string (see .env.example), "
        "or set DEBUG=1 for a local demo. / 未设置 SECRET_KEY，无法启动。"
    )
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
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "tracker",
    "reports",
    "tracker.accounts",
    "tracker.audit",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Before anything reads the body (CSRF reads POST): an oversized upload is refused unread.
    "config.middleware.UploadLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Who and from where for every audit event of the request; records refused access (403, scope 404).
    "tracker.audit.middleware.AuditContextMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "tracker.accounts.middleware.SessionLimitsMiddleware",
    "tracker.accounts.middleware.TotpRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
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
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "tracker.accounts.validators.CharacterClassValidator", "OPTIONS": {"min_classes": 3}},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses a locked-out user and IP before the password is checked
    "django.contrib.auth.backends.ModelBackend",
]
# Five wrong passwords for one user from one address lock that pair for 30 minutes (等保 2.0 登录失败处理);
# an administrator unlocks earlier in the admin (访问尝试) or with `manage.py axes_reset_username`.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=30)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
if os.environ.get("TRUSTED_PROXY_COUNT"):
    # Behind that many proxies the client's address is read from X-Forwarded-For (the proxies must set it).
    AXES_IPWARE_PROXY_COUNT = int(os.environ["TRUSTED_PROXY_COUNT"])
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")
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

# Uploads: reports and ledgers are small office documents. One limit (UPLOAD_MAX_MB) for the request
# body (refused unread, config.middleware), the upload forms and the readers (reports/readers/base.py).
DATA_UPLOAD_MAX_MEMORY_SIZE = UPLOAD_MAX_BYTES
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# Readers run in a child process with these limits so a hostile file cannot take the worker down.
READER_TIMEOUT_SECONDS = int(os.environ.get("READER_TIMEOUT_SECONDS", "50"))
READER_MEMORY_MB = int(os.environ.get("READER_MEMORY_MB", "400"))

# The in-process default names its host, or kombu warns "No hostname was supplied" on every task.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "memory://localhost/")
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
# The weekly bulletins (通报) of the week that ended, on BULLETIN_WEEKDAY (0 Sunday … 6 Saturday, cron's
# numbering) at BULLETIN_HOUR local time.
BULLETIN_WEEKDAY = int(os.environ.get("BULLETIN_WEEKDAY", "1"))
BULLETIN_HOUR = int(os.environ.get("BULLETIN_HOUR", "8"))
# Export job files and bulletin documents are deleted this many days after they were written (the rows
# stay, 已过期), every day at EXPORT_CLEANUP_HOUR local time.
EXPORT_RETENTION_DAYS = int(os.environ.get("EXPORT_RETENTION_DAYS", "7"))
EXPORT_CLEANUP_HOUR = int(os.environ.get("EXPORT_CLEANUP_HOUR", "3"))
CELERY_BEAT_SCHEDULE = {
    "sweep-report-queue": {"task": "reports.tasks.report_queue_sweep", "schedule": float(REPORT_SWEEP_SECONDS)},
    "weekly-bulletins": {
        "task": "tracker.tasks.bulletins_schedule",
        "schedule": crontab(minute=0, hour=BULLETIN_HOUR, day_of_week=BULLETIN_WEEKDAY),
    },
    "expired-files": {
        "task": "tracker.tasks.expired_files_delete",
        "schedule": crontab(minute=30, hour=EXPORT_CLEANUP_HOUR),
    },
}
# A real report has tens to a few hundred figures; more than this is not a progress report (or not one
# document) and is refused with a message instead of producing a review page nobody can work through.
REPORT_MAX_FIGURES = int(os.environ.get("REPORT_MAX_FIGURES", "5000"))
# An export job (a list too long to write in the request) may run this long; a national ledger of a
# million items takes minutes as .xlsx.
EXPORT_TIME_LIMIT = int(os.environ.get("EXPORT_TIME_LIMIT", "3600"))

# Four eyes on a report: the figures reach the leaders' charts only when someone other than the uploader
# confirms them, and only a role named here may (Profile.Role values, comma-separated; the county's
# reviewer unless the administrator names others, e.g. "county_reviewer,admin").
REPORT_CONFIRM_ROLES = tuple(
    role.strip() for role in os.environ.get("REPORT_CONFIRM_ROLES", "county_reviewer").split(",") if role.strip()
)
REVIEW_FIGURES_PER_PAGE = 50
# ---- end of faults ----

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": os.environ["REDIS_CACHE_URL"],
        # Faults: a cache that is down answers fast; pages then read the database (tracker.figures_cache).
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }
    if os.environ.get("REDIS_CACHE_URL")
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
}

# Sessions end after 30 idle minutes and 12 hours after login whatever the activity
# (tracker.accounts.middleware.SessionLimitsMiddleware); the cookie itself never outlives the cap.
SESSION_IDLE_TIMEOUT = timedelta(minutes=30)
SESSION_MAX_AGE = timedelta(hours=12)
SESSION_COOKIE_AGE = int(SESSION_MAX_AGE.total_seconds())
SESSION_EXPIRE_AT_BROWSER_CLOSE = True  # offices share computers: closing the browser signs out
SESSION_COOKIE_HTTPONLY = True
# Roles that must confirm a TOTP code after the password are chosen by an administrator (tracker.accounts: RolePolicy).
OTP_TOTP_ISSUER = "主题教育督导平台"

# HTTPS: on unless DEBUG. Behind a proxy that terminates TLS, set SECURE_PROXY_SSL_HEADER to the header
# and value the proxy sets on HTTPS requests (HTTP_X_FORWARDED_PROTO,https) and make the proxy overwrite
# that header on every request; SECURE_SSL_REDIRECT=0 when the proxy redirects HTTP to HTTPS itself.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^health/$"]  # the container health check asks over plain HTTP
if os.environ.get("SECURE_PROXY_SSL_HEADER"):
    SECURE_PROXY_SSL_HEADER = tuple(os.environ["SECURE_PROXY_SSL_HEADER"].split(",", 1))
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0" if DEBUG else str(365 * 24 * 3600)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
# Only consent to the browsers' preload list: nothing changes until the domain is submitted there.
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
X_FRAME_OPTIONS = "DENY"

DJANGO_TABLES2_TEMPLATE = "django_tables2/table.html"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # Tasks run in-process print a "Task … succeeded" line each, which only workers' logs need.
    "loggers": {"celery.app.trace": {"level": "WARNING"}} if CELERY_TASK_ALWAYS_EAGER else {},
}
