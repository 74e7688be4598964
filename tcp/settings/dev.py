"""Local development: throw-away defaults so `make run` needs nothing configured."""

import os

os.environ.setdefault("SECRET_KEY", "dev-only-not-secret-tcp-register")

from .base import *  # noqa: E402, F403
from .env import env_list  # noqa: E402

DEBUG = True
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
DEMO_LOGINS_VISIBLE = True
# Static files straight from the source folders; no collectstatic needed outside production.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
