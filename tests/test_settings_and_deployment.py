"""Deployment shape: docker-compose parses and matches the settings; prod passes check --deploy."""

import logging
import os
import runpy
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from django.core.exceptions import ImproperlyConfigured

from tcp.logging import REDACTED, ScrubNhsNumbersFilter

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION_ENV = {
    "SECRET_KEY": "x" * 64 + "-production-like-secret-key-for-the-check",
    "ALLOWED_HOSTS": "tcp.example.nhs.uk",
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/tcp",
}


def production_settings(monkeypatch, **env: str) -> dict[str, Any]:
    """tcp/settings/prod.py evaluated in this process with a production-like environment."""
    for name, value in {**PRODUCTION_ENV, **env}.items():
        monkeypatch.setenv(name, value)
    return runpy.run_module("tcp.settings.prod", run_name="tcp.settings.prod_under_test")


def test_docker_compose_has_every_service_with_the_same_settings():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = compose["services"]
    assert set(services) >= {"postgres", "redis", "web", "worker", "beat"}
    assert "gunicorn" in " ".join(services["web"]["command"])
    assert "worker" in services["worker"]["command"]
    assert "beat" in services["beat"]["command"]
    for name in ("web", "worker", "beat"):
        env = services[name]["environment"]
        for variable in ("DATABASE_URL", "REDIS_URL", "SECRET_KEY", "DJANGO_SETTINGS_MODULE"):
            assert variable in env, f"{name} lacks {variable}"
        assert env["DJANGO_SETTINGS_MODULE"] == "tcp.settings.prod"


def _manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True,
        check=False,
    )


def test_production_settings_pass_the_deploy_check():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tcp.settings.prod", **PRODUCTION_ENV}
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_its_secret_key():
    env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
    env |= {"DJANGO_SETTINGS_MODULE": "tcp.settings.prod", "ALLOWED_HOSTS": "x",
            "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/tcp"}
    result = _manage("check", env=env)
    assert result.returncode != 0
    assert "Set SECRET_KEY in the environment" in result.stderr


def test_logs_never_carry_an_nhs_number():
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "looked up %s and %s",
                               ("943 476 5919", "9434765919"), None)
    assert ScrubNhsNumbersFilter().filter(record)
    assert record.getMessage() == f"looked up {REDACTED} and {REDACTED}"


def test_production_refuses_to_start_with_the_mfa_demo_bypass():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tcp.settings.prod", **PRODUCTION_ENV,
           "MFA_DEMO_BYPASS": "true"}
    result = _manage("check", env=env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "MFA_DEMO_BYPASS is for local demos only" in result.stderr


@pytest.mark.parametrize("value", ["1", "yes", "on"])
def test_production_settings_refuse_every_spelling_of_the_bypass(monkeypatch, value):
    with pytest.raises(ImproperlyConfigured, match="MFA_DEMO_BYPASS"):
        production_settings(monkeypatch, MFA_DEMO_BYPASS=value)


def test_production_settings_have_no_bypass_by_default(monkeypatch):
    assert production_settings(monkeypatch)["MFA_DEMO_BYPASS"] is False


def test_production_cookies_are_secure_http_only_and_same_site(monkeypatch):
    prod = production_settings(monkeypatch)
    assert prod["SESSION_COOKIE_SECURE"]
    assert prod["CSRF_COOKIE_SECURE"]
    assert prod["SESSION_COOKIE_HTTPONLY"]
    assert prod["CSRF_COOKIE_HTTPONLY"]
    assert prod["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert prod["CSRF_COOKIE_SAMESITE"] == "Lax"
    # The __Host- prefix: browsers keep these cookies only if Secure, host-only and Path=/.
    assert prod["SESSION_COOKIE_NAME"].startswith("__Host-")
    assert prod["CSRF_COOKIE_NAME"].startswith("__Host-")
    assert prod["SESSION_COOKIE_AGE"] == 30 * 60
    assert prod["SESSION_SAVE_EVERY_REQUEST"]
    assert prod["SESSION_EXPIRE_AT_BROWSER_CLOSE"]
    assert prod["DEBUG"] is False


def test_session_limits_come_from_the_environment(monkeypatch):
    prod = production_settings(monkeypatch)
    assert prod["SESSION_ABSOLUTE_SECONDS"] == 12 * 3600
    # base.py reads the environment once per process; prove it in a fresh one.
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tcp.settings.prod", **PRODUCTION_ENV,
           "SESSION_IDLE_MINUTES": "15", "SESSION_ABSOLUTE_HOURS": "8",
           "LOGIN_FAILURE_LIMIT": "3", "LOGIN_LOCKOUT_MINUTES": "60"}
    result = _manage(
        "shell", "-c",
        "from django.conf import settings as s; print(s.SESSION_COOKIE_AGE, "
        "s.SESSION_ABSOLUTE_SECONDS, s.AXES_FAILURE_LIMIT, s.AXES_COOLOFF_TIME)",
        env=env,
    )
    assert result.stdout.strip().splitlines()[-1] == "900 28800 3 1:00:00", result.stderr
