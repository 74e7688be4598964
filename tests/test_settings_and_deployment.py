"""Deployment shape: docker-compose parses and matches the settings; prod passes check --deploy."""

import logging
import os
import subprocess
import sys
from pathlib import Path

import yaml

from tcp.logging import REDACTED, ScrubNhsNumbersFilter

ROOT = Path(__file__).resolve().parent.parent


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
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tcp.settings.prod",
        "SECRET_KEY": "x" * 64 + "-production-like-secret-key-for-the-check",
        "ALLOWED_HOSTS": "tcp.example.nhs.uk",
        "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/tcp",
    }
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
