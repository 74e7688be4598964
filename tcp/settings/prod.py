"""Production: every secret and address from the environment, no defaults, DEBUG never on."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .env import env_bool, env_int, env_list, env_optional, env_str

DEBUG = False
SECRET_KEY = env_str("SECRET_KEY")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS") or [env_str("ALLOWED_HOSTS")]
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_HTTPONLY = True  # no script of ours reads the token; forms carry it
# The __Host- prefix makes browsers refuse these cookies unless Secure, host-only and Path=/.
SESSION_COOKIE_NAME = "__Host-tcp-session"
CSRF_COOKIE_NAME = "__Host-tcp-csrf"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"

# Every user signs in with a second factor: the demo bypass cannot be switched on here.
if env_bool("MFA_DEMO_BYPASS", False) or MFA_DEMO_BYPASS:  # noqa: F405
    raise ImproperlyConfigured(
        "MFA_DEMO_BYPASS is for local demos only and cannot be used with production settings."
    )
MFA_DEMO_BYPASS = False

EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "tcp-register")
EMAIL_HOST_PASSWORD = env_optional("EMAIL_HOST_PASSWORD") or ""
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30)
# Links in e-mails: the public address of the service (default: the first allowed host).
SITE_URL = env_str("SITE_URL", f"https://{ALLOWED_HOSTS[0]}")
DEMO_LOGINS_VISIBLE = False

import dj_database_url  # noqa: E402

DATABASES = {"default": dj_database_url.parse(env_str("DATABASE_URL"), conn_max_age=60)}
