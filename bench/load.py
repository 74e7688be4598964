"""A bounded loopback load test: gunicorn (several workers, 127.0.0.1 only) and concurrent
signed-in users reading the list, person and dashboard pages for at most `duration` seconds.

Plain threads and http.client rather than locust (not in the dev extras); the load generator runs
on the same machine as the server, so the figures are a lower bound of what the server can do.
"""

from __future__ import annotations

import http.client
import os
import random
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

from django.conf import settings

from accounts.models import Membership, Role
from register.models import Person

from .measure import signed_in_client
from .stats import median, percentile

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


def _sessions() -> list[tuple[str, list[str]]]:
    """(session cookie, paths) for a commissioner of each partnership."""
    users = []
    for membership in (
        Membership.objects.filter(role=Role.COMMISSIONER).select_related("user").order_by("pk")
    ):
        client = signed_in_client(membership.user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
        people = list(
            Person.objects.for_partnership(membership.partnership_id)
            .order_by("pk")
            .values_list("pk", flat=True)[:20]
        )
        paths = ["/register/", "/register/?status=INPATIENT", "/dashboard/"]
        paths += [f"/register/people/{pk}/" for pk in people[:5]]
        users.append((cookie, paths))
    return users


def run(*, duration: int = 30, users: int = USERS) -> dict[str, object]:
    duration = min(duration, 60)
    port = _free_port()
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.settings"}
    server = subprocess.Popen(  # noqa: S603 - our own venv's gunicorn
        [
            str(Path(sys.executable).with_name("gunicorn")),
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
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    try:
        _wait_until_up(port, time.monotonic() + 30)
        sessions = _sessions()
        stop_at = time.monotonic() + duration

        def user(index: int) -> None:
            rng = random.Random(index)  # noqa: S311 - picks pages, not secrets
            cookie, paths = sessions[index % len(sessions)]
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            while time.monotonic() < stop_at:
                path = rng.choice(paths)
                started = time.perf_counter()
                try:
                    connection.request(
                        "GET", path, headers={"Cookie": f"{settings.SESSION_COOKIE_NAME}={cookie}"}
                    )
                    response = connection.getresponse()
                    response.read()
                    ok = response.status == 200
                    problem = f"{response.status} {path}"
                except (OSError, http.client.HTTPException) as error:
                    ok, problem = False, f"{type(error).__name__} {path}"
                    connection.close()
                    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                elapsed = (time.perf_counter() - started) * 1000
                with lock:
                    latencies.append(elapsed)
                    if not ok:
                        errors.append(problem)

        threads = [threading.Thread(target=user, args=(i,)) for i in range(users)]
        started = time.monotonic()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        wall = time.monotonic() - started
    finally:
        server.terminate()
        server.wait(timeout=30)
    return {
        "status": "run",
        "tool": "threads + http.client (locust is not in the dev extras)",
        "server": f"gunicorn, {WORKERS} sync workers, 127.0.0.1",
        "users": users,
        "duration_s": round(wall, 1),
        "requests": len(latencies),
        "throughput_rps": round(len(latencies) / wall, 1),
        "median_ms": round(median(latencies), 1) if latencies else None,
        "p95_ms": round(percentile(latencies, 95), 1) if latencies else None,
        "errors": len(errors),
        "error_examples": sorted(set(errors))[:5],
        "writes": "none: reads only (list, filtered list, person, dashboard)",
    }
