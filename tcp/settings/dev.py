"""Local development: throw-away defaults so `make run` needs nothing configured."""

import os

os.environ.setdefault("SECRET_KEY", "dev-only-not-secret-tcp-register")

from .base import *  # noqa: F403
from .env import env_bool, env_list

DEBUG = True
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
DEMO_LOGINS_VISIBLE = True
# `MFA_DEMO_BYPASS=true make run` lets a demo skip two-factor set-up (docs/security.md).
# Only here: prod.py refuses it, and the middleware ignores it unless DEBUG is on.
MFA_DEMO_BYPASS = env_bool("MFA_DEMO_BYPASS", False)
# Static files straight from the source folders; no collectstatic needed outside production.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
