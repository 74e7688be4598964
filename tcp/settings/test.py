"""Test settings: real PostgreSQL, eager Celery unless a test starts a real worker."""

import os

os.environ.setdefault("SECRET_KEY", "test-only-not-secret")

from .base import *  # noqa: F403

DEBUG = False
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_BROKER_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/15")
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
MEDIA_ROOT = BASE_DIR / ".data" / "test-media"  # noqa: F405
DEMO_LOGINS_VISIBLE = False
# Static files straight from the source folders; no collectstatic needed outside production.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Throttling is proven by its own test with a low rate; elsewhere it must never get in the way.
API_TOKEN_THROTTLE_RATE = "100000/minute"  # noqa: S105 (a rate)
# N+1 detection (django-zeal): every request a test makes through the client runs inside a zeal
# context and fails with zeal.errors.NPlusOneError when a view loads a relation row by row.
# Allowlist entries name the model and field and say why the repetition is intended.
INSTALLED_APPS = [*INSTALLED_APPS, "zeal"]  # noqa: F405
MIDDLEWARE = ["zeal.middleware.zeal_middleware", *MIDDLEWARE]  # noqa: F405
ZEAL_RAISE = True
ZEAL_SHOW_ALL_CALLERS = True
ZEAL_ALLOWLIST: list[dict[str, str]] = [
    # Django's database session store reads the request's one session again after logging out a
    # session whose password changed (flush, then the middleware's next read): two reads of one
    # row per request, not a row per item.
    {"model": "sessions.Session", "field": "get()"},
]
