"""One settings module, driven by environment variables (DESIGN.md §6).

SQLite is the embedded default; DATABASE_URL switches to PostgreSQL. With DEBUG off the process
refuses to start without a real SECRET_KEY, so a production deploy can never run on the dev key.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
import xstatic.pkg.bootstrap
import xstatic.pkg.leaflet
import xstatic.pkg.leaflet_markercluster
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _
from whitenoise.compress import Compressor

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    return default if value is None else value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    return default if value is None else [v.strip() for v in value.split(",") if v.strip()]


DEBUG = env_bool("DEBUG", default=False)
# The key comes from the environment or from a file only its owner can read (`make run` generates
# var/secret_key once; systemd's LoadCredential or a Docker secret can provide one elsewhere).
SECRET_KEY = env("SECRET_KEY", default="")
if not SECRET_KEY and env("SECRET_KEY_FILE"):
    SECRET_KEY = Path(env("SECRET_KEY_FILE")).read_text().strip()
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "dev-only-insecure-key-never-used-with-debug-off"
elif not DEBUG and (
    len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5 or SECRET_KEY.startswith("django-insecure-")
):
    # Django's own check (security.W009) made fatal: a short, repetitive or startproject key
    # lets sessions, password-reset links and CSRF tokens be forged.
    raise ImproperlyConfigured(
        "SECRET_KEY is too weak: use at least 50 random characters (5 or more different ones), "
        'e.g. python -c "import secrets; print(secrets.token_urlsafe(50))".'
    )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
# The demo loader creates accounts with a published password: only when asked for explicitly.
DEMO_MODE = env_bool("DEMO_MODE", default=DEBUG)
# `make run` serves the production stack over plain http on loopback: no TLS redirect, no
# secure-only cookies there. Refused for any other host, so it cannot leak into a real deploy.
LOCAL_HTTP = env_bool("LOCAL_HTTP", default=False)
LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}
if LOCAL_HTTP and not set(ALLOWED_HOSTS) <= LOOPBACK_HOSTS:
    raise ImproperlyConfigured("LOCAL_HTTP is only for ALLOWED_HOSTS on loopback (127.0.0.1).")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # Listed so its API docs page uses the bundled Swagger UI from our static files, not a CDN.
    "ninja",
    "csp",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "desabinaan.core",
    "desabinaan.scheduler",
    "desabinaan.regions",
    "desabinaan.accounts",
    "desabinaan.programme",
    "desabinaan.reports",
    "django_countries",
    "desabinaan.foreigners",
    "desabinaan.literacy",
    "desabinaan.assistance",
    "desabinaan.outreach",
    "desabinaan.home",
    # Last: the demo loader uses every app above and none imports it.
    "desabinaan.demo",
]

MIDDLEWARE = [
    # First: every log line written while the request runs carries its id.
    "desabinaan.core.requestid.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "desabinaan.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # Control characters (a NUL byte) get a 400/422 before any view; API errors are JSON.
    "desabinaan.core.edge.EdgeMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After messages: it tells an officer why their session ended.
    "desabinaan.accounts.middleware.OfficerSessionMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # A refusal a view lets through becomes the 404/403 page (core/refusals.py).
    "desabinaan.core.refusals.RefusalMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes asks: it turns lock-outs raised during authentication into responses.
    "axes.middleware.AxesMiddleware",
]

if not DEBUG:
    # Production serves collected static files itself; in development runserver does it.
    MIDDLEWARE.insert(2, "whitenoise.middleware.WhiteNoiseMiddleware")

ROOT_URLCONF = "desabinaan.urls"
WSGI_APPLICATION = "desabinaan.wsgi.application"

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
                "desabinaan.core.context.site",
            ],
        },
    },
]

# PostgreSQL: one persistent connection per process, checked before reuse. Gunicorn's sync
# workers serve one request at a time each, so connections = web workers + task workers + the
# scheduler, a fixed number however large the burst (deploy/README.md, "Database connections").
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(env("CONN_MAX_AGE", default="600")),
        conn_health_checks=True,
    )
}
# A read replica for dashboards (deploy/README.md, "Scaling out"): reads inside
# desabinaan.core.dbrouter.replica_reads() go there, everything else to the primary.
if env("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        env("DATABASE_REPLICA_URL"),
        conn_max_age=DATABASES["default"]["CONN_MAX_AGE"],
        conn_health_checks=True,
    )
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["desabinaan.core.dbrouter.ReplicaRouter"]
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Concurrent writers wait for the lock instead of failing with "database is locked".
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home:home"
LOGOUT_REDIRECT_URL = "home:home"

# Two-step verification (TOTP, django-otp) for the roles that can unmask personal data, export or
# change the programme (accounts/twofactor.py); partners may turn it on. Not read from the
# environment: no deployment can switch it off. The test settings make it opt-in per test.
TWO_FACTOR_REQUIRED = True
OTP_TOTP_ISSUER = "Desa Binaan Imigrasi"
# The Django admin lists devices; it must not show their secrets or QR codes.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
# Officer sessions end 8 hours after login, or after 2 hours without a request, whichever comes
# first (0 turns the idle limit off); partners and residents keep Django's default two weeks.
OFFICER_SESSION_MAX_AGE = timedelta(hours=int(env("OFFICER_SESSION_HOURS", default="8")))
OFFICER_SESSION_IDLE = timedelta(minutes=int(env("OFFICER_SESSION_IDLE_MINUTES", default="120")))

# Brute-force protection: lock a username+address pair after five failures for 15 minutes.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
# The lock-out page for people, a JSON 429 in the documented shape for API clients.
AXES_LOCKOUT_CALLABLE = "desabinaan.accounts.lockout.lockout_response"

LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
# Our own catalog first; then country names for django-countries (no Indonesian of its own).
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "data" / "locale"]
USE_I18N = True
# Date display formats per language (desabinaan/formats): one form per purpose, see docs/istilah.md.
FORMAT_MODULE_PATH = ["desabinaan.formats"]
TIME_ZONE = "Asia/Jakarta"
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [
    ("bootstrap", xstatic.pkg.bootstrap.BASE_DIR),
    ("leaflet", xstatic.pkg.leaflet.BASE_DIR),
    # Clusters the officers' report map (issue 17).
    ("leaflet-markercluster", xstatic.pkg.leaflet_markercluster.BASE_DIR),
]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(BASE_DIR / "media")))
# Personal files (report evidence, foreigner photos, import files) live under here, outside
# MEDIA_ROOT and any web root; each folder below can also be set on its own.
PRIVATE_ROOT = Path(env("PRIVATE_ROOT", default=str(BASE_DIR / "var" / "private")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Production: hashed names (cached forever by browsers) and pre-compressed copies that
    # WhiteNoise serves; `manage.py collectstatic` builds them (`make run` does).
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "desabinaan.core.staticstorage.StaticStorage"
    },
}
# Source maps are for developers: not worth compressing (brotli on the 20 MB of them was most
# of collectstatic's time). Only hashed names are kept: nothing refers to the others.
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = (*Compressor.SKIP_COMPRESS_EXTENSIONS, "map")
WHITENOISE_KEEP_ONLY_HASHED_FILES = True

REDIS_URL = env("REDIS_URL", default="")
# Without Redis, CACHE_DIR gives the processes of one host a shared cache in files (`make run`:
# several gunicorn workers on loopback); a real installation uses Redis (deploy/README.md).
CACHE_DIR = env("CACHE_DIR", default="")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": CACHE_DIR,
        }
        if CACHE_DIR
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

EMAIL_BACKEND = env(
    "EMAIL_BACKEND",
    default="django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env("EMAIL_HOST", default="localhost")
EMAIL_PORT = int(env("EMAIL_PORT", default="25"))
EMAIL_HOST_USER = env("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env("EMAIL_USE_TLS", default="0") == "1"
EMAIL_USE_SSL = env("EMAIL_USE_SSL", default="0") == "1"
# A notification's e-mail that the SMTP server does not answer is retried later (core/notify.py).
EMAIL_TIMEOUT = int(env("EMAIL_TIMEOUT", default="20"))
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Desa Binaan Imigrasi <noreply@localhost>")

# Background work (DESIGN.md §2): Django's task API with its database queue, so one machine needs
# no broker; `manage.py db_worker` runs the tasks (`make run` starts one).
TASKS = {"default": {"BACKEND": env("TASKS_BACKEND", default="django_tasks_db.DatabaseBackend")}}

# Periodic jobs: `manage.py scheduler` enqueues each at its time (desabinaan/scheduler/schedule.py
# explains the fields). Later features add their line here: escalation, reminders, monthly
# reports, retention.
SCHEDULED_JOBS = {
    "alerts_scan": {
        "task": "desabinaan.foreigners.tasks.scan_alerts_task",
        "daily_at": env("ALERTS_SCAN_AT", default="05:00"),
    },
    # Tanya PIMPASA: reminders about unanswered questions (issue 15).
    "questions_remind": {
        "task": "desabinaan.assistance.tasks.remind_questions_task",
        "daily_at": env("QUESTIONS_REMIND_AT", default="07:00"),
    },
    # Passport service days: sign-up data deleted once its retention has passed (issue 15).
    "signups_purge": {
        "task": "desabinaan.assistance.tasks.purge_signups_task",
        "daily_at": env("SIGNUPS_PURGE_AT", default="02:30"),
    },
    # Tasks and imports left "running" by a worker that was killed (scheduler/services.py,
    # foreigners.services.imports_recover): put back on the queue, or failed with a reason.
    "tasks_recover": {
        "task": "desabinaan.scheduler.tasks.recover_tasks_task",
        "every_minutes": int(env("TASKS_RECOVER_EVERY_MINUTES", default="5")),
    },
    # Reports past their response deadline: PIMPASA, then the head of the Kanim (issue 17).
    "reports_escalate": {
        "task": "desabinaan.reports.tasks.escalate_overdue_task",
        "every_minutes": int(env("REPORTS_ESCALATE_EVERY_MINUTES", default="10")),
    },
    "imports_recover": {
        "task": "desabinaan.foreigners.tasks.recover_imports_task",
        "every_minutes": int(env("TASKS_RECOVER_EVERY_MINUTES", default="5")),
    },
    # Notifications whose last attempt failed, once their back-off has passed (core/notify.py).
    "notify_retry": {
        "task": "desabinaan.core.tasks.retry_deliveries_task",
        "every_minutes": int(env("NOTIFY_RETRY_EVERY_MINUTES", default="5")),
    },
}

# Notifications (core/notify.py): e-mail through EMAIL_BACKEND; a signed webhook for a WhatsApp
# or SMS gateway when NOTIFY_WEBHOOK_URL is set (the body's HMAC-SHA256 with the secret in the
# X-DesaBinaan-Signature header). A failed delivery is retried after NOTIFY_BACKOFF_SECONDS,
# then twice that, and so on, NOTIFY_MAX_ATTEMPTS times in all.
# The site's address as people reach it, for links in e-mails ("https://desabinaan.example.go.id").
SITE_URL = env("SITE_URL", default="").rstrip("/")
NOTIFY_WEBHOOK_URL = env("NOTIFY_WEBHOOK_URL", default="")
NOTIFY_WEBHOOK_SECRET = env("NOTIFY_WEBHOOK_SECRET", default="")
NOTIFY_WEBHOOK_TIMEOUT = float(env("NOTIFY_WEBHOOK_TIMEOUT", default="10"))
NOTIFY_BACKOFF_SECONDS = int(env("NOTIFY_BACKOFF_SECONDS", default="60"))
NOTIFY_MAX_ATTEMPTS = int(env("NOTIFY_MAX_ATTEMPTS", default="5"))

# Recovery of interrupted tasks. `manage.py task_worker` (db_worker with a heartbeat) writes that
# it is alive every TASKS_HEARTBEAT_SECONDS; a task whose worker has been silent for
# TASKS_WORKER_GONE_AFTER seconds (or was restarted since it claimed the task) is re-queued. A
# task claimed by a worker without a heartbeat (plain db_worker) is taken as lost only after
# TASKS_STALE_AFTER seconds, longer than any task runs (a large import takes minutes). After
# TASKS_MAX_ATTEMPTS claims that all ended with a lost worker, the task is marked failed.
TASKS_HEARTBEAT_SECONDS = float(env("TASKS_HEARTBEAT_SECONDS", default="15"))
TASKS_WORKER_GONE_AFTER = float(env("TASKS_WORKER_GONE_AFTER", default="60"))
TASKS_STALE_AFTER = float(env("TASKS_STALE_AFTER", default="3600"))
TASKS_MAX_ATTEMPTS = int(env("TASKS_MAX_ATTEMPTS", default="3"))

# Map tiles for Leaflet: a setting, so an office can point at its own tile server; maps are an
# enhancement and every place can also be typed as coordinates.
MAP_TILE_URL = env("MAP_TILE_URL", default="https://tile.openstreetmap.org/{z}/{x}/{y}.png")
MAP_ATTRIBUTION = env("MAP_ATTRIBUTION", default="© OpenStreetMap contributors")
# A map point farther than this from what is already located in its kabupaten is refused
# (desabinaan/regions/geo.py); the widest kabupaten (in Papua, Kalimantan) stay inside it.
MAP_MAX_DISTANCE_KM = int(env("MAP_MAX_DISTANCE_KM", default="150"))

# API tokens for machine clients (field app, other systems) live this long unless revoked.
API_TOKEN_LIFETIME = timedelta(days=int(env("API_TOKEN_LIFETIME_DAYS", default="30")))

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # htmx reads no cookie; the token travels in hx-headers on <body>.
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", default=not LOCAL_HTTP)
    CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=not LOCAL_HTTP)
    SECURE_HSTS_SECONDS = int(env("SECURE_HSTS_SECONDS", default="0" if LOCAL_HTTP else "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")


# Content-Security-Policy on every answer (django-csp): scripts and styles only from our own
# static files, no inline code; images also from the map tile server; nothing may frame us.
def _tile_origin(url: str) -> str:
    """The origin of MAP_TILE_URL for img-src; Leaflet's {s} subdomain becomes a wildcard."""
    scheme, _, rest = url.partition("://")
    host = rest.split("/", 1)[0].replace("{s}", "*")
    return f"{scheme}://{host}" if scheme and host else ""


CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        # data: for Leaflet's and Swagger UI's inline SVG icons and the empty favicon.
        "img-src": ["'self'", "data:", *filter(None, [_tile_origin(MAP_TILE_URL)])],
        "connect-src": ["'self'"],
        "font-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

DEFAULT_EXCEPTION_REPORTER_FILTER = "desabinaan.core.errors.PersonalDataFilter"

# Logs never carry personal data: messages name record ids, never passports or reporters, and
# the formatter leaves out the request object (its repr carries the query string). In production
# one JSON object a line (LOG_FORMAT=json), each with the request id of the request it belongs to.
LOG_FORMAT = env("LOG_FORMAT", default="plain" if DEBUG else "json")
# Take the request id from this header when a trusted proxy in front sets it (e.g. X-Request-ID);
# otherwise every request gets a fresh one.
REQUEST_ID_HEADER = env("REQUEST_ID_HEADER", default="")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "desabinaan.core.requestid.RequestIdLogFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {"()": "desabinaan.core.requestid.JsonLogFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {"django.request": {"level": "WARNING"}, "axes": {"level": "WARNING"}},
}

# --- Foreigner registry (desabinaan/foreigners) ---------------------------------------------------
# Thresholds of the early-detection scan (manage.py scan_alerts). Settings rather than code so an
# office can tune them without a deploy; the permit rules themselves are PermitType rows.
# Overstay: UU 6/2011 Pasal 78 — under 60 days past the permit a daily fee (biaya beban), more
# than 60 days deportation and entry ban (DOMAIN.md §4; whether day 60 is a fee day is unverified,
# here it is, so only day 61 on is "high").
FOREIGNERS_OVERSTAY_DEPORTATION_DAYS = int(env("FOREIGNERS_OVERSTAY_DEPORTATION_DAYS", "60"))
FOREIGNERS_PERMIT_WARNING_DAYS = int(env("FOREIGNERS_PERMIT_WARNING_DAYS", "14"))
FOREIGNERS_PASSPORT_WARNING_MONTHS = int(env("FOREIGNERS_PASSPORT_WARNING_MONTHS", "6"))
FOREIGNERS_DEPARTURE_GRACE_DAYS = int(env("FOREIGNERS_DEPARTURE_GRACE_DAYS", "7"))
# More than this many foreigners actively registered at one address raises an alert.
FOREIGNERS_ADDRESS_LIMIT = int(env("FOREIGNERS_ADDRESS_LIMIT", "10"))
# Watch-list screening (issue 18): a candidate at or above this score (0-1) is a hit; every
# process reloads its index when the list changed, checking at most this often (seconds).
SCREENING_THRESHOLD = float(env("SCREENING_THRESHOLD", "0.85"))
SCREENING_RELOAD_SECONDS = int(env("SCREENING_RELOAD_SECONDS", "30"))
# Uploaded import files wait here (no URL) until the background task has read them.
FOREIGNERS_IMPORT_ROOT = Path(env("FOREIGNERS_IMPORT_ROOT", default=str(PRIVATE_ROOT / "imports")))
# Imports larger than this (bytes) are refused in the web form; the command has no limit.
FOREIGNERS_UPLOAD_MAX_BYTES = int(env("FOREIGNERS_UPLOAD_MAX_BYTES", str(20 * 1024 * 1024)))
# The village's domicile letter (surat keterangan domisili) for a foreign resident is valid until
# the stay permit ends and at most this many months (DOMAIN.md §10: a local practice [verify]). It
# is the default of each village's letterhead, where the village may set its own.
FOREIGNERS_LETTER_MONTHS = int(env("FOREIGNERS_LETTER_MONTHS", "12"))

# --- Lapor (desabinaan.reports) -------------------------------------------------------------
# Photos of registered foreigners: personal data, outside MEDIA_ROOT with no URL.
FOREIGNERS_PHOTO_ROOT = Path(
    env("FOREIGNERS_PHOTO_ROOT", default=str(PRIVATE_ROOT / "foreigner-photos"))
)
# Evidence lives outside MEDIA_ROOT with no URL: only the scoped officer view serves it.
REPORTS_ATTACHMENT_ROOT = Path(
    env("REPORTS_ATTACHMENT_ROOT", default=str(PRIVATE_ROOT / "reports"))
)
# Per-client submissions allowed in the window (counted in the cache under a keyed hash of the
# address, never stored with a report).
REPORTS_RATE_LIMIT = int(env("REPORTS_RATE_LIMIT", default="10"))
REPORTS_RATE_WINDOW = int(env("REPORTS_RATE_WINDOW", default="3600"))
# Tracking-code lookups per client and window (status page, receipt, API track).
REPORTS_LOOKUP_LIMIT = int(env("REPORTS_LOOKUP_LIMIT", default="60"))
# Outreach QR sign-ins and quizzes (outreach/participation_views.py), per address and window:
# one hall on one Wi-Fi posts about three times per participant.
OUTREACH_PARTICIPATION_LIMIT = int(env("OUTREACH_PARTICIPATION_LIMIT", default="300"))
# How many reverse proxies of ours stand in front of the app: the client address is then taken
# from X-Forwarded-For, that many entries from the right (reports/ratelimit.py). 0: REMOTE_ADDR.
TRUSTED_PROXY_COUNT = int(env("TRUSTED_PROXY_COUNT", default="0"))
# An open report older than this many days counts as overdue on the officers' home pages.
REPORTS_OVERDUE_DAYS = int(env("REPORTS_OVERDUE_DAYS", default="7"))

# --- Uploaded pictures (desabinaan.core.images: evidence, foreigner and corner photos) ---------
# The most pixels one picture may have, checked from its header before it is decoded (a phone
# photo is 12-24 Mpx; a small file that unpacks into more is a decompression bomb).
UPLOAD_MAX_PIXELS = int(env("UPLOAD_MAX_PIXELS", "24000000"))
# The most pixels one request may decode across all its pictures (five evidence photos).
UPLOAD_MAX_TOTAL_PIXELS = int(env("UPLOAD_MAX_TOTAL_PIXELS", "72000000"))
# What is kept is shrunk to this many pixels on its longest side.
UPLOAD_IMAGE_SIDE = int(env("UPLOAD_IMAGE_SIDE", "2048"))

# Services pillar (issue 15). Unanswered questions: a reminder to the PIMPASA after this many
# days, to the Kanim after that many. Sign-ups of a passport service day (names, phones, NIK)
# are deleted this many days after the event; only counts stay (PDP: erase on schedule).
ASSISTANCE_REMIND_PIMPASA_DAYS = int(env("ASSISTANCE_REMIND_PIMPASA_DAYS", default="3"))
ASSISTANCE_REMIND_KANIM_DAYS = int(env("ASSISTANCE_REMIND_KANIM_DAYS", default="7"))
ASSISTANCE_SIGNUP_RETENTION_DAYS = int(env("ASSISTANCE_SIGNUP_RETENTION_DAYS", default="30"))
