"""Settings for the benchmark: development settings with DEBUG off and the bench's URLconf, which
adds the framework-floor view (kept out of tcp/urls.py so the product's URL list is unchanged)."""

from tcp.settings.dev import *  # noqa: F403

DEBUG = False
ROOT_URLCONF = "bench.urls"
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
MEDIA_ROOT = BASE_DIR / "bench" / "out" / "media"  # noqa: F405 - report files of the jobs
# The bench's users sign in with force_login and never with a password: a fast hasher keeps the
# demo accounts' PBKDF2 (~1 s each on a busy 2-CPU machine) out of the generation time.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
