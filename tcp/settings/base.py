"""Settings shared by every environment. Secrets and service addresses come from the environment."""

from datetime import date, timedelta
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from csp.constants import NONCE, NONE, SELF

from .env import env_int, env_optional, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent

SECRET_KEY = env_str("SECRET_KEY")
DEBUG = False
ALLOWED_HOSTS: list[str] = []

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "csp",
    "drf_spectacular_sidecar",
    "knox",
    "accounts",
    "register",
    "reviews",
    "dashboards",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "tcp.middleware.SecurityHeadersMiddleware",
    "tcp.middleware.RequestIdMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Before the session-lifetime check, so "you have been signed out" survives the sign-out.
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "accounts.middleware.SessionLifetimeMiddleware",
    "tcp.middleware.LoginRequiredMiddleware",
    "accounts.middleware.TwoFactorRequiredMiddleware",
    "accounts.middleware.ActiveMembershipMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a lockout flagged during sign-in into our lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "tcp.urls"
WSGI_APPLICATION = "tcp.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": False,
        "OPTIONS": {
            "environment": "tcp.jinja2.environment",
            "context_processors": ["tcp.navigation.page_context"],
        },
    },
    {
        # Kept for the Django admin and DRF's browsable API, which ship DTL templates.
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
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
        env_str("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/tcp"), conn_max_age=60
    )
}
# PostgreSQL's JIT compiler spends ~0.8 s compiling the register list's counting query at 10,000
# people for a query that then runs in 60 ms; short web queries never gain from it (ADR 0009).
# random_page_cost: PostgreSQL's default (4) models spinning disks; on SSD/cached storage it makes
# the planner hash-join whole register tables instead of using the partial per-person indexes
# (the national benchmark: register list counts 154 -> 75 ms with 1.1, bench/FINDINGS.md). Set
# for the app's own connections rather than by ALTER DATABASE, which needs the owner's rights.
RANDOM_PAGE_COST = env_str("DB_RANDOM_PAGE_COST", "1.1")
DATABASES["default"].setdefault("OPTIONS", {})["options"] = (
    f"-c jit=off -c random_page_cost={float(RANDOM_PAGE_COST)}"
)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"
AUTHENTICATION_BACKENDS = [
    # First, so a locked-out account is refused before its password is even checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.Argon2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
        "OPTIONS": {"user_attributes": ["email", "full_name"]},
    },
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = False
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / ".data" / "staticfiles"
MEDIA_ROOT = BASE_DIR / ".data" / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Password reset links expire after an hour (NCSC: short-lived, single-use).
PASSWORD_RESET_TIMEOUT = 60 * 60

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_MINUTES", 30) * 60
SESSION_SAVE_EVERY_REQUEST = True  # idle timeout: every request pushes the expiry forward
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# However active the user, a session ends this long after sign-in (accounts.middleware).
SESSION_ABSOLUTE_SECONDS = env_int("SESSION_ABSOLUTE_HOURS", 12) * 60 * 60

# Two-factor authentication (ADR 0005). The bypass is for local demos only: prod.py refuses it
# and the middleware ignores it unless DEBUG is on.
MFA_DEMO_BYPASS = False
OTP_TOTP_ISSUER = "Transforming Care register"
RECOVERY_CODE_COUNT = 10

# Lockout after repeated failed sign-ins (django-axes), counted per account (email address).
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "accounts.lockout.attempted_email"
AXES_RESET_ON_SUCCESS = True  # five failures in a row, not five in any 30 minutes
AXES_LOCKOUT_CALLABLE = "accounts.views.locked_out"
AXES_VERBOSE = False  # no start-up banner on every management command
SILENCED_SYSTEM_CHECKS = [
    # axes.W006 asks for an IP-based lockout. We count failures per account across every address
    # and browser (so rotating them gains nothing) and do not lock by address, because a whole
    # trust signs in from one NAT address: five typos there would lock out everyone (ADR 0006).
    "axes.W006",
]

# Headers. django-csp 4: a nonce for the one inline script of the NHS.UK template, nothing else
# inline; our own JavaScript is a static module.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Features a register never needs; tcp.middleware.SecurityHeadersMiddleware sends this.
PERMISSIONS_POLICY = (
    "accelerometer=(), autoplay=(), camera=(), display-capture=(), encrypted-media=(), "
    "fullscreen=(self), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), "
    "midi=(), payment=(), picture-in-picture=(), publickey-credentials-get=(), "
    "screen-wake-lock=(), sync-xhr=(), usb=(), xr-spatial-tracking=()"
)

REDIS_URL = env_optional("REDIS_URL")
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = REDIS_URL is None  # `make run` works without Redis
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 15 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 14 * 60
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 60 * 60}
CELERY_TIMEZONE = "Europe/London"
CELERY_ENABLE_UTC = True
# One schedule, in Europe/London time. Early on the 1st, for the previous month (data cut = its
# last day): snapshot first, then the AT return and the board pack (which reads the snapshot).
# Daily: the reviews' safety net and coordinator digests. Each job is safe to replay.
CELERY_BEAT_SCHEDULE = {
    # Nightly safety net for the stored review schedule (services recompute on every change).
    "recompute-review-schedules": {
        "task": "reviews.tasks.recompute_all_schedules_task",
        "schedule": crontab(hour=2, minute=15),
    },
    "coordinator-digests": {
        "task": "reviews.tasks.send_coordinator_digests_task",
        "schedule": crontab(hour=7, minute=0),
    },
    "month-end-snapshots": {
        "task": "dashboards.tasks.take_all_month_end_snapshots_task",
        "schedule": crontab(minute=5, hour=1, day_of_month=1),
    },
    "month-end-at-returns": {
        "task": "dashboards.tasks.build_all_at_returns_task",
        "schedule": crontab(minute=30, hour=2, day_of_month=1),
    },
    "month-end-board-packs": {
        "task": "dashboards.tasks.build_all_board_packs_task",
        "schedule": crontab(minute=0, hour=3, day_of_month=1),
    },
}

CACHES = (
    {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
    if REDIS_URL
    else {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
)

EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "tcp-register <no-reply@tcp-register.invalid>")
# Absolute links in e-mails (coordinator digests) point here.
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")

# The C(E)TR rule table's numbers (DOMAIN.md section 11): names of reviews.policy.PolicySettings
# overriding its defaults, e.g. {"CETR_POST_ADMISSION_WD": 5} for the interim national measure.
REVIEW_POLICY: dict[str, object] = {}


# The API (docs/adr/0008-api-tokens.md). Token first, so that an anonymous call gets 401 with a
# WWW-Authenticate header; the session serves the browser (docs page, same-origin scripts).
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.tokens.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.IsAuthenticated",
        "tcp.api.HasRole",
    ],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "tcp.api_schema.AutoSchema",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "tcp.api.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_THROTTLE_CLASSES": ["tcp.api.TokenRateThrottle"],
    "EXCEPTION_HANDLER": "tcp.api.exception_handler",
    "DATE_INPUT_FORMATS": ["iso-8601"],
    "COERCE_DECIMAL_TO_STRING": True,
}
API_MAX_PAGE_SIZE = 200
# Requests per user over all their tokens; session (browser) calls are not throttled. Read at
# request time by tcp.api.TokenRateThrottle, so a test can lower it with override_settings.
API_TOKEN_THROTTLE_RATE = env_str("API_TOKEN_THROTTLE_RATE", "600/minute")
API_THROTTLE_CACHE = "default"  # Redis when REDIS_URL is set (CACHES above)
API_TOKEN_MAX_DAYS = env_int("API_TOKEN_MAX_DAYS", 365)

KNOX_TOKEN_MODEL = "accounts.ApiToken"  # noqa: S105 (a model name)
# knox's own AuthToken is swapped out for ours, so its migrations (an unused table) are skipped.
MIGRATION_MODULES = {"knox": None}
REST_KNOX = {
    "TOKEN_MODEL": "accounts.ApiToken",
    "SECURE_HASH_ALGORITHM": "hashlib.sha512",
    "AUTH_TOKEN_CHARACTER_LENGTH": 64,
    "TOKEN_PREFIX": "tcp_",
    "TOKEN_TTL": timedelta(days=90),
    "AUTO_REFRESH": False,  # a token lives as long as its owner chose, never longer
    "AUTH_HEADER_PREFIX": "Token",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "tcp-register API",
    "DESCRIPTION": (
        "The Transforming Care register for provider systems and analysts: people, hospital "
        "spells, ward stays and dynamic support register ratings of your partnership.\n\n"
        "Authenticate with a personal API token from your profile page (`/accounts/tokens/`) "
        "in the header `Authorization: Token <token>`. A token acts in the partnership it was "
        "created for, with your role there. Every error has one JSON shape (`Error`)."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "Rag": "register.models.choices.Rag",
        "DischargeDestination": "register.models.choices.DischargeDestination",
        "ReviewStatus": "reviews.models.choices.ReviewStatus",
        "ActionStatus": "reviews.models.choices.ActionStatus",
        "ScheduledItemStatus": "reviews.models.choices.ScheduledItemStatus",
    },
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SWAGGER_UI_SETTINGS": {"persistAuthorization": False, "displayRequestDuration": True},
    "SORT_OPERATIONS": False,
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"scrub_nhs_numbers": {"()": "tcp.logging.ScrubNhsNumbersFilter"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["scrub_nhs_numbers"]},
    },
    "root": {"handlers": ["console"], "level": "INFO"},
    # WeasyPrint logs every layout step and each CSS property it skips: keep only its warnings
    # about the document, not its progress.
    "loggers": {
        "weasyprint.progress": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# Board-facing small-number suppression (DOMAIN.md section 8).
SUPPRESS_MAX = env_int("SUPPRESS_MAX", 7)
ROUND_TO = env_int("ROUND_TO", 5)

# Metric definitions' configurable defaults (DOMAIN.md 11); the dashboards read these.
WINTERBOURNE_CUTOFF = date.fromisoformat(env_str("WINTERBOURNE_CUTOFF", "2014-03-01"))
READMISSION_WINDOWS_DAYS = (28, 90, 365)  # Annex A 3: 90 days headline, 28 and 12 months too
AVOIDED_FOLLOWUP_DAYS = env_int("AVOIDED_FOLLOWUP_DAYS", 28)  # C5
REFERRAL_WAIT_DAYS = env_int("REFERRAL_WAIT_DAYS", 126)  # Annex A 5: 18 weeks
TRAJECTORY_AMBER_PCT = env_int("TRAJECTORY_AMBER_PCT", 10)  # T2, ADR 0004
MILESTONE_AMBER_DAYS = env_int("MILESTONE_AMBER_DAYS", 14)  # DOMAIN.md 6
MILESTONE_STALE_DAYS = 30  # DOMAIN.md 6: "no update in 30 days"

# Spreadsheet imports (issue 9, ADR 0019). A 10,000-row register is about 3 MB as CSV and 1 MB
# as XLSX; the proxy in front of the app should refuse bodies a little over this limit too.
IMPORT_MAX_UPLOAD_BYTES = env_int("IMPORT_MAX_UPLOAD_MB", 10) * 1024 * 1024
IMPORT_MAX_ROWS = env_int("IMPORT_MAX_ROWS", 20_000)  # data rows per sheet
# An XLSX is a zip: refuse one that would unpack to more than this (a "zip bomb").
IMPORT_MAX_UNPACKED_BYTES = 25 * IMPORT_MAX_UPLOAD_BYTES
