"""Settings for supportsite: one file, driven by environment variables.

With no environment at all this runs a complete development site: SQLite, the
in-memory channel layer, console email and the embedded assistant. Each section
below names the variables that switch it to the production engine; the README's
configuration table lists them all. A malformed value stops start-up with a message
naming the variable.
"""

import os
import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
import dj_email_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from core.env import (
    env_bool,
    env_choice,
    env_float,
    env_int,
    env_json_object,
    env_list,
    env_networks,
    env_str,
)

BASE_DIR = Path(__file__).resolve().parent.parent
# Where the development database, the development secret key and collected static
# files live. Never committed (see .gitignore).
DATA_DIR = Path(env_str("DATA_DIR", str(BASE_DIR / "var")))

# --- Core -------------------------------------------------------------------------
DEBUG = env_bool("DEBUG", True)


def _development_secret_key() -> str:
    """A random key kept in DATA_DIR, so sessions survive restarts in development
    without any key being written in the source."""
    path = DATA_DIR / "dev-secret-key"
    if not path.exists():
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = _development_secret_key()

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    if not DEBUG:
        raise ImproperlyConfigured(
            "ALLOWED_HOSTS must be set when DEBUG is off (comma-separated host names)."
        )
    ALLOWED_HOSTS = ["localhost", "127.0.0.1", "[::1]"]
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# Where the site is reached, used in emails that link back to it.
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
SUPPORT_EMAIL = env_str("SUPPORT_EMAIL", "support@example.com")

INSTALLED_APPS = [
    "daphne",  # first, so that `manage.py runserver` serves websockets too
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "channels",
    "rest_framework",
    "rest_framework.authtoken",  # API tokens for programs (see REST_FRAMEWORK below)
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI's files, served by us: no CDN
    "axes",
    "csp",
    # Staff's second factor: authenticator apps (TOTP) and single-use recovery codes.
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    # Who changed a setting that changes behaviour, when, and from what (the admin's
    # History of rules, policies, calendars, queues, plans, intents, articles, replies).
    "simple_history",
    # Background tasks (emails, Stripe credits, webhook follow-ups): rows in our own
    # database, run by `manage.py run_task_worker` (core.tasks says why this engine).
    "django_tasks",
    "django_tasks_db",
    "core",  # infrastructure below every app (its template tags: user_text)
    "accounts",
    "tickets",
    "assistant",
    "vip",
    "attachments",  # files in conversations: uses tickets, which never imports it
    "reports",  # the desk's figures: reads tickets and vip, which never import it
    "twofactor",  # after django-otp's apps: its admin replaces their device pages
    # Erasure on request and retention: calls every app's `erasure` module, imported by none.
    "privacy",
]

MIDDLEWARE = [
    # First: counts and times every request, the other middleware included (core.metrics).
    "core.metrics.RequestMetricsMiddleware",
    # Every log line of a request carries its request_id (core.log_context).
    "core.log_context.RequestContextMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # After authentication: a signed-in person's stored language wins over the cookie
    # and the browser's Accept-Language (accounts.language).
    "accounts.language.UserLocaleMiddleware",
    # Which device, if any, verified this session (request.user.is_verified()); then
    # a staff session that needs the second factor reaches nothing else until it passes.
    "django_otp.middleware.OTPMiddleware",
    "twofactor.middleware.StaffSecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Gives setting history the signed-in staff member who made each change.
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks: it turns a lockout raised during login into a 429.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "supportsite.urls"
ASGI_APPLICATION = "supportsite.asgi.application"

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
                "core.context_processors.site",
            ],
        },
    },
]

# --- Database: SQLite by default, PostgreSQL with DATABASE_URL ----------------------
DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    try:
        _database = dj_database_url.parse(DATABASE_URL, conn_health_checks=True)
    except ValueError as error:
        raise ImproperlyConfigured(f"DATABASE_URL is not a valid database URL: {error}") from None
    if _database["ENGINE"] != "django.db.backends.postgresql":
        raise ImproperlyConfigured("DATABASE_URL must be a postgres:// URL.")
    _pool_max_size = env_int("DATABASE_POOL_MAX_SIZE", 20, minimum=1)
    # Threads per process that run the websockets' database work (core.db),
    # fewer than the pool's connections (one is kept for the thread that stores chat
    # messages). More threads only fight over the GIL: with the assistant at 1,000 open
    # chats, 6 threads had p99 latencies 2-4x shorter than 19 (bench/chat_bench.py).
    DB_THREADS = env_int("DB_THREADS", max(1, min(6, _pool_max_size - 1)), minimum=1)
    if env_bool("DATABASE_POOL", True):
        # psycopg's pool. With CONN_HEALTH_CHECKS Django makes the pool test each
        # connection before handing it out, so the first request after a PostgreSQL
        # restart does not fail.
        _database["CONN_MAX_AGE"] = 0  # the pool keeps connections, not Django
        _database.setdefault("OPTIONS", {})["pool"] = {
            # Enough for every database thread at once: a connection opened under
            # load (a round trip or three, and the GIL) delays everything behind it.
            "min_size": env_int("DATABASE_POOL_MIN_SIZE", min(DB_THREADS + 1, _pool_max_size)),
            "max_size": _pool_max_size,
            "timeout": env_float("DATABASE_POOL_TIMEOUT", 10.0, minimum=0.1),
        }
    else:
        # Behind an external pooler (pgbouncer): keep connections a while, check on reuse.
        _database["CONN_MAX_AGE"] = env_int("DATABASE_CONN_MAX_AGE", 60)
    DATABASES = {"default": _database}
else:
    # SQLite has one writer at a time: a few threads are all it can use.
    DB_THREADS = env_int("DB_THREADS", 4, minimum=1)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": DATA_DIR / "db.sqlite3",
            "OPTIONS": {
                # IMMEDIATE takes the write lock when a transaction starts, so two
                # writers wait on the busy timeout instead of failing with "locked".
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                # secure_delete: deleted and replaced text is overwritten in the file,
                # not left in free pages, so an erasure leaves nothing to read there.
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA secure_delete=ON;"
                ),
            },
            # Tests use a file too, not SQLite's in-memory database, so that threads
            # in concurrency tests lock and wait like real processes do; one per test
            # run, so two runs side by side do not share it.
            "TEST": {"NAME": str(DATA_DIR / f"test-{os.getpid()}.sqlite3")},
        }
    }
    DATA_DIR.mkdir(parents=True, exist_ok=True)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Realtime and cache: in-memory by default, Redis with REDIS_URL ---------------------
REDIS_URL = env_str("REDIS_URL")
# Every Redis call has a bound: with Redis hung, a send fails after this many seconds
# instead of blocking a consumer forever.
REDIS_SOCKET_TIMEOUT = env_float("REDIS_SOCKET_TIMEOUT", 2.0, minimum=0.1)
if REDIS_URL:
    if not REDIS_URL.startswith(("redis://", "rediss://", "unix://")):
        raise ImproperlyConfigured("REDIS_URL must be a redis://, rediss:// or unix:// URL.")
    _redis_options = {
        "socket_timeout": REDIS_SOCKET_TIMEOUT,
        "socket_connect_timeout": REDIS_SOCKET_TIMEOUT,
        # redis-py's default pool is too small for many sockets per process.
        "max_connections": env_int("REDIS_MAX_CONNECTIONS", 1000, minimum=1),
    }
    CHANNEL_LAYERS = {
        "default": {
            # Pub/sub: no per-channel capacity to overflow, and cheaper per relayed
            # message. Messages are persisted before they are broadcast, so the layer's
            # at-most-once delivery loses nothing: clients replay from the database.
            # core.channel_layer: it rides out a Redis outage (see there).
            "BACKEND": "core.channel_layer.ResilientPubSubChannelLayer",
            "CONFIG": {
                "hosts": [{"address": REDIS_URL, **_redis_options}],
                "call_timeout": REDIS_SOCKET_TIMEOUT,
            },
        }
    }
    CACHES = {
        "default": {
            # Only the API's rate-limit counters: it fails open while Redis is away.
            "BACKEND": "core.cache.ForgivingRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": _redis_options,
        }
    }
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Accounts and login ------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "account"
LOGOUT_REDIRECT_URL = "home"
AUTHENTICATION_BACKENDS = [
    # django-axes counts failed logins and refuses further attempts while locked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Lock one account from one address after this many failures; the same account from
# another address, and other accounts, still work. Unknown emails count the same, so
# the answer never tells whether an account exists.
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 15, minimum=1))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
# Django's login form posts the email as "username"; lower-case it like the login does.
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "accounts.auth.login_attempt_username"
AXES_VERBOSE = False
PASSWORD_RESET_TIMEOUT = 60 * 60 * 3

SESSION_COOKIE_AGE = 60 * 60 * 24 * 14
SESSION_COOKIE_SAMESITE = "Lax"

# --- Staff's second factor: on unless DEBUG, STAFF_TWO_FACTOR to say otherwise ---------------
# Staff can see customers' financial data, so a staff login is complete only after a code
# from an authenticator app (or a single-use recovery code): until then the session
# reaches the second-factor pages and nothing else — not the admin, not the API, not the
# agents' sockets. Off, staff sign in with their password alone (devices already set up
# are kept). Customers are never asked. See the twofactor app.
STAFF_TWO_FACTOR = env_bool("STAFF_TWO_FACTOR", not DEBUG)
OTP_TOTP_ISSUER = "supportsite"  # the name the authenticator app shows beside the codes
# Each wrong code doubles the wait before the next try on that device: 1 s, 2 s, 4 s...
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1
# django-otp's own device pages are replaced (twofactor.admin); should they ever show,
# they show no secret.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

# --- REST API ------------------------------------------------------------------------------
# Browsers use their login session (with Django's CSRF check on every write); programs
# send `Authorization: Token <key>`, a key staff issue in the admin or with
# `manage.py drf_create_token <email>`. The session comes first, so a request without
# credentials is answered 403, as before.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # DRF's, refusing a staff session that still owes its second factor.
        "twofactor.api.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "core.api.Pagination",
    "DEFAULT_SCHEMA_CLASS": "core.api_schema.Schema",
    "EXCEPTION_HANDLER": "core.api.exception_handler",
    "DEFAULT_THROTTLE_CLASSES": ["rest_framework.throttling.UserRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"user": env_str("API_THROTTLE_RATE", "600/minute")},
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "supportsite API",
    "DESCRIPTION": "Tickets and messages for customers (their own) and staff (all).",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "StatusEnum": "tickets.models.Ticket.Status",
        "VipSubscriptionStatusEnum": "vip.models.Subscription.Status",
        "VipCreditStatusEnum": "vip.models.ServiceCredit.Status",
    },
}

# --- The assistant: embedded by default, any LangChain chat model with ASSISTANT_MODEL ---
# `embedded` runs offline; `provider:model` (e.g. openai:gpt-4o-mini) needs that
# provider's LangChain package and key. Checked at start-up.
ASSISTANT_MODEL = env_str("ASSISTANT_MODEL", "embedded")
ASSISTANT_TIMEOUT = env_float("ASSISTANT_TIMEOUT", 20.0, minimum=1.0)
# A server process loads the assistant's models and help index as it starts
# (assistant.warm_up), not while its first customers wait. Tests that import the ASGI
# application without a database turn it off (conftest.py).
ASSISTANT_WARM_UP = env_bool("ASSISTANT_WARM_UP", True)

# --- VIP billing: off by default, Stripe with STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET ---
# Without both keys the pricing page says billing is not configured, the webhook
# answers 503, and staff can still grant VIP in the admin. Only vip/stripe_gateway.py
# talks to Stripe.
STRIPE_SECRET_KEY = env_str("STRIPE_SECRET_KEY")
STRIPE_WEBHOOK_SECRET = env_str("STRIPE_WEBHOOK_SECRET")
if bool(STRIPE_SECRET_KEY) != bool(STRIPE_WEBHOOK_SECRET):
    raise ImproperlyConfigured(
        "Set both STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET for VIP billing, or neither."
    )
STRIPE_API_BASE = env_str("STRIPE_API_BASE", "https://api.stripe.com").rstrip("/")
if not STRIPE_API_BASE.startswith(("https://", "http://")):
    raise ImproperlyConfigured("STRIPE_API_BASE must be an https:// (or, for tests, http://) URL.")
STRIPE_TIMEOUT = env_float("STRIPE_TIMEOUT", 10.0, minimum=0.5)
STRIPE_MAX_NETWORK_RETRIES = env_int("STRIPE_MAX_NETWORK_RETRIES", 2)
# A subscription whose payment failed (past due) stays VIP this many days.
VIP_PAST_DUE_GRACE_DAYS = env_int("VIP_PAST_DUE_GRACE_DAYS", 3)

# --- Live chat ----------------------------------------------------------------------------
# Frames one chat socket may send: a steady rate a second, in bursts of up to BURST.
CHAT_FRAMES_PER_SECOND = env_float("CHAT_FRAMES_PER_SECOND", 3.0, minimum=0.1)
CHAT_FRAMES_BURST = env_int("CHAT_FRAMES_BURST", 10, minimum=1)
# A conversation the assistant answered and nobody wrote to for this long is solved by
# the monitor, with a closing message (tickets.monitor).
CHAT_IDLE_SOLVE_MINUTES = env_int("CHAT_IDLE_SOLVE_MINUTES", 60, minimum=1)
# Every open socket's login is checked again this often (one round trip a process for
# all its sockets), so a logout, password change or deactivation closes them in time.
WEBSOCKET_LOGIN_CHECK_SECONDS = env_float("WEBSOCKET_LOGIN_CHECK_SECONDS", 2.0, minimum=0.1)

# --- Email: console by default, SMTP with EMAIL_URL ------------------------------------------
EMAIL_URL = env_str("EMAIL_URL")
if EMAIL_URL:
    try:
        _email = dj_email_url.parse(EMAIL_URL)
    except (ValueError, KeyError) as error:
        raise ImproperlyConfigured(f"EMAIL_URL is not a valid email URL: {error}") from None
    if "EMAIL_BACKEND" not in _email:
        raise ImproperlyConfigured(
            f"EMAIL_URL must start with one of {', '.join(dj_email_url.SCHEMES)}:// "
            "(for STARTTLS on port 587: smtp://user:password@host:587/?tls=True)."
        )
    EMAIL_BACKEND = _email["EMAIL_BACKEND"]
    EMAIL_HOST = _email["EMAIL_HOST"]
    EMAIL_PORT = _email["EMAIL_PORT"]
    EMAIL_HOST_USER = _email["EMAIL_HOST_USER"]
    EMAIL_HOST_PASSWORD = _email["EMAIL_HOST_PASSWORD"]
    EMAIL_USE_TLS = _email["EMAIL_USE_TLS"]
    EMAIL_USE_SSL = _email["EMAIL_USE_SSL"]
    EMAIL_TIMEOUT = _email["EMAIL_TIMEOUT"] or 10
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", f"supportsite <{SUPPORT_EMAIL}>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Background tasks: stored with the change that asks for them, run by workers ----------
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# A task running this long has lost its worker and is run again (core.tasks). Tasks here
# take seconds: an email is bounded by EMAIL_TIMEOUT, a Stripe call by STRIPE_TIMEOUT.
TASK_STALLED_AFTER_SECONDS = env_float("TASK_STALLED_AFTER_SECONDS", 600.0, minimum=1.0)

# --- Privacy: how long closed conversations keep their text --------------------------------
# Days after closing; then privacy.retention removes the words (messages, subject, the
# rating's comment), keeping the figures. 0: kept until the customer's erasure.
RETENTION_DAYS = env_int("RETENTION_DAYS", 0)

# --- Static files: served by WhiteNoise, no CDN ---------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Development serves straight from the source folders and picks up edits.
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG

# --- Attachments: files sent in conversations (attachments/) --------------------------------
# Kept through Django's storage API under the `attachments` alias, never at a public URL:
# every file is served by attachments.views after the access helper said yes.
ATTACHMENT_MAX_BYTES = env_int("ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024, minimum=1024)
ATTACHMENT_STORAGE = env_str("ATTACHMENT_STORAGE", "django.core.files.storage.FileSystemStorage")
STORAGES["attachments"] = {
    "BACKEND": ATTACHMENT_STORAGE,
    # Another backend (django-storages' S3Storage, say) takes its options from
    # ATTACHMENT_STORAGE_OPTIONS, its credentials from its own usual places.
    "OPTIONS": (
        {"location": DATA_DIR / "attachments", "directory_permissions_mode": 0o700,
         "file_permissions_mode": 0o600}
        if ATTACHMENT_STORAGE == "django.core.files.storage.FileSystemStorage"
        else {}
    ) | env_json_object("ATTACHMENT_STORAGE_OPTIONS"),
}  # fmt: skip

# --- Security headers (all on when DEBUG is off) ----------------------------------------------
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz(/workers)?$"]  # probes come over plain HTTP
if env_bool("SECURE_PROXY_SSL_HEADER", False):
    # Only behind a proxy that sets X-Forwarded-Proto itself.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        # No inline scripts anywhere: every script is a static file.
        "script-src": [SELF],
        # The Django admin sets a few inline style attributes.
        "style-src": [SELF, "'unsafe-inline'"],
        "img-src": [SELF, "data:"],
        "connect-src": [SELF],
        "font-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# --- Metrics: Prometheus at /metrics, on unless METRICS_ENABLED is off -------------------
# Served to METRICS_ALLOWED_NETWORKS without a token (loopback by default: never the
# load balancer's network, through which anyone would reach it), and from anywhere with
# `Authorization: Bearer <METRICS_TOKEN>` (unset: no token works). Each process writes
# its figures to files of its own in PROMETHEUS_MULTIPROC_DIR, which /metrics sums: one
# directory per machine, emptied before the machine's processes start (bin/serve).
METRICS_ENABLED = env_bool("METRICS_ENABLED", True)
METRICS_ALLOWED_NETWORKS = env_networks("METRICS_ALLOWED_NETWORKS", ["127.0.0.0/8", "::1/128"])
METRICS_TOKEN = env_str("METRICS_TOKEN")
if METRICS_TOKEN and len(METRICS_TOKEN) < 24:
    raise ImproperlyConfigured("METRICS_TOKEN must be at least 24 characters long.")
PROMETHEUS_MULTIPROC_DIR = Path(env_str("PROMETHEUS_MULTIPROC_DIR", str(DATA_DIR / "metrics")))
if os.environ.get("PYTEST_VERSION") and not env_str("PROMETHEUS_MULTIPROC_DIR"):
    # A test run has a directory of its own, as it has its own database (the servers
    # it starts inherit it through the environment); conftest.py removes it.
    PROMETHEUS_MULTIPROC_DIR = DATA_DIR / f"test-metrics-{os.getpid()}"
if METRICS_ENABLED:
    # prometheus-client reads it from the environment, before its first metric.
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(PROMETHEUS_MULTIPROC_DIR)

# --- Time and language ------------------------------------------------------------------
# Visitors get the language their browser asks for (Accept-Language), or the one they
# chose in the page header (a cookie; for a signed-in person, also `User.language`,
# which follows them to every device: accounts.language). English by default.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("sv", "Svenska"), ("de", "Deutsch")]
# Project-wide catalogs; each app's own `locale/` is found as well. The `.mo` files are
# compiled from the `.po` files by `manage.py compile_translations` (make's install step).
LOCALE_PATHS = [BASE_DIR / "locale"]
# English dates read the British way (6 December 2026, 14:30), as before: `en` takes
# Django's en_GB formats (supportsite/formats/en).
FORMAT_MODULE_PATH = ["supportsite.formats"]
TIME_ZONE = env_str("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

# --- Logging: one line per event on stderr, JSON lines with LOG_FORMAT=json -----------------
# Each line logged while handling a request or a socket's frame carries its request_id,
# and its ticket_id when it is about a ticket (core.log_context): keys in JSON, and in
# the extra data of errors sent to Sentry.
LOG_LEVEL = env_choice("LOG_LEVEL", "INFO", ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"))
LOG_FORMAT = env_choice("LOG_FORMAT", "plain", ("plain", "json"))
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"context": {"()": "core.log_context.ContextFilter"}},
    "formatters": {
        "line": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(levelname)s %(name)s %(message)s",
            "rename_fields": {"levelname": "level", "name": "logger"},
            "timestamp": True,  # ISO 8601, UTC
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json" if LOG_FORMAT == "json" else "line",
            "filters": ["context"],
        }
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        "daphne": {"level": "WARNING"},
        # django-axes logs every login at INFO; failures and lockouts are WARNING.
        "axes": {"level": "WARNING"},
        # The Stripe SDK logs every request at INFO; our gateway logs failures.
        "stripe": {"level": "WARNING"},
    },
}
if LOG_FORMAT == "json":
    # Django's own console handler (DEBUG only) would print its lines again, not as JSON.
    LOGGING["loggers"]["django"] = {"handlers": [], "level": "INFO"}

# --- Worker health: /healthz/workers (core.heartbeat) ------------------------------------------
# Anyone may read which workers are live and how long ago each beat; the hosts and
# process ids behind them only with `Authorization: Bearer <HEALTH_TOKEN>`.
HEALTH_TOKEN = env_str("HEALTH_TOKEN")

# --- Error reporting: off by default, Sentry with SENTRY_DSN -----------------------------------
# Unhandled errors of requests, sockets and commands, and ERROR log lines, go to Sentry
# (core.errors), without personal data unless SENTRY_SEND_PII says otherwise. Without a
# DSN the SDK is not even imported.
SENTRY_DSN = env_str("SENTRY_DSN")
SENTRY_ENVIRONMENT = env_str("SENTRY_ENVIRONMENT", "development" if DEBUG else "production")
SENTRY_RELEASE = env_str("SENTRY_RELEASE")  # default: supportsite@<version>+<git commit>
SENTRY_TRACES_SAMPLE_RATE = env_float("SENTRY_TRACES_SAMPLE_RATE", 0.0)
if SENTRY_TRACES_SAMPLE_RATE > 1:
    raise ImproperlyConfigured("SENTRY_TRACES_SAMPLE_RATE must be between 0 and 1.")
SENTRY_SEND_PII = env_bool("SENTRY_SEND_PII", False)
if SENTRY_DSN:
    from core.errors import start_error_reporting

    start_error_reporting(
        dsn=SENTRY_DSN,
        environment=SENTRY_ENVIRONMENT,
        release=SENTRY_RELEASE,
        traces_sample_rate=SENTRY_TRACES_SAMPLE_RATE,
        send_pii=SENTRY_SEND_PII,
    )
