"""A bounded loopback load test: gunicorn (several workers, 127.0.0.1 only) and locust, headless,
with concurrent signed-in users (bench/locustfile.py) for at most `duration` seconds (<= 60).

The load generator runs on the same machine as the server, so the figures are a lower bound of
what the server can do.
"""

from __future__ import annotations

import csv
import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings
from django.db.models import OuterRef, Subquery

from accounts.models import Membership, Role
from accounts.tokens import create_api_token
from register.models import Person
from reviews.models import Action, ActionStatus, ActionStatusChange

from .measure import signed_in_client

USERS = 50
WORKERS = 4


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_until_up(port: int, deadline: float) -> None:
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError("gunicorn did not start")


def _config(directory: Path) -> Path:
    """Per partnership: a commissioner's session cookie, 20 of its people, an API token and
    open actions to change; written as JSON for bench/locustfile.py."""
    users = []
    for membership in (
        Membership.objects.filter(role=Role.COMMISSIONER).select_related("user").order_by("pk")
    ):
        client = signed_in_client(membership.user)
        people = list(
            Person.objects.for_partnership(membership.partnership_id)
            .order_by("pk")
            .values_list("pk", flat=True)[:20]
        )
        _, token = create_api_token(
            user=membership.user,
            partnership=membership.partnership,
            name="Bench load test",
            lifetime_days=1,
        )
        latest = ActionStatusChange.objects.filter(action=OuterRef("pk")).order_by(
            "-changed_at", "-pk"
        )
        actions = list(
            Action.objects.for_partnership(membership.partnership_id)
            .annotate(now=Subquery(latest.values("status")[:1]))
            .filter(now=ActionStatus.OPEN)
            .order_by("pk")
            .values_list("pk", flat=True)[:8]
        )
        users.append(
            {
                "cookie": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "people": people,
                "token": token,
                "actions": actions,
            }
        )
    path = directory / "locust-users.json"
    path.write_text(json.dumps({"cookie_name": settings.SESSION_COOKIE_NAME, "users": users}))
    return path


def _aggregated(csv_prefix: Path) -> tuple[dict[str, str], list[dict[str, str]]]:
    with open(f"{csv_prefix}_stats.csv", newline="") as handle:
        rows = list(csv.DictReader(handle))
    total = next(row for row in rows if row["Name"] == "Aggregated")
    return total, [row for row in rows if row["Name"] != "Aggregated"]


def run(*, duration: int = 30, users: int = USERS) -> dict[str, object]:
    duration = min(duration, 60)
    port = _free_port()
    out = Path(__file__).resolve().parent / "out" / "load"
    out.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.settings"}
    bin_dir = Path(sys.executable).parent
    server = subprocess.Popen(  # noqa: S603 - our own venv's gunicorn
        [
            str(bin_dir / "gunicorn"),
            "tcp.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(WORKERS),
            "--log-level",
            "warning",
        ],
        env=env,
    )
    try:
        _wait_until_up(port, time.monotonic() + 30)
        config = _config(out)
        started = time.monotonic()
        subprocess.run(  # noqa: S603 - our own venv's locust, loopback only
            [
                str(bin_dir / "locust"),
                "-f",
                str(Path(__file__).with_name("locustfile.py")),
                "--headless",
                "--users",
                str(users),
                "--spawn-rate",
                str(users),
                "--run-time",
                f"{duration}s",
                "--host",
                f"http://127.0.0.1:{port}",
                "--csv",
                str(out / "locust"),
                "--only-summary",
                "--loglevel",
                "WARNING",
            ],
            env={**env, "BENCH_LOCUST_CONFIG": str(config)},
            check=False,  # locust exits 1 when any request failed; the figures say so
            timeout=duration + 60,
        )
        wall = time.monotonic() - started
    finally:
        server.terminate()
        server.wait(timeout=30)
    total, per_name = _aggregated(out / "locust")
    requests = int(total["Request Count"])
    return {
        "status": "run",
        "tool": "locust (headless, loopback)",
        "server": f"gunicorn, {WORKERS} sync workers, 127.0.0.1",
        "users": users,
        "duration_s": duration,
        "wall_s": round(wall, 1),
        "requests": requests,
        "throughput_rps": round(float(total["Requests/s"]), 1),
        "median_ms": float(total["Median Response Time"]),
        "p95_ms": float(total["95%"]),
        "errors": int(total["Failure Count"]),
        "per_request": {
            row["Name"]: {
                "requests": int(row["Request Count"]),
                "failures": int(row["Failure Count"]),
                "median_ms": float(row["Median Response Time"]),
                "p95_ms": float(row["95%"]),
            }
            for row in per_name
        },
        "writes": "an action's status through the API (token), ~1 request in 15",
    }
