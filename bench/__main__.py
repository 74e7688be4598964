"""`python -m bench` (`make bench`): re-creates the bench databases, runs bench.run at a small and
at national size (each in its own process, as Django binds one database per process), then writes
bench/results.json and bench/RESULTS.md. See README, "Benchmark"."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg2
from psycopg2 import sql

from .report import write_report

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"
SIZES = (("small", "tcp_bench_small", 2_100), ("national", "tcp_bench_national", 60_000))


def _server_url() -> str:
    return os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")


def _url_for(database: str) -> str:
    parts = urlsplit(_server_url())
    return urlunsplit(parts._replace(path=f"/{database}"))


def recreate(database: str) -> None:
    connection = psycopg2.connect(_url_for("postgres"))
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(database))
        )
        cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(database)))
    connection.close()


def main(argv: list[str]) -> int:
    history_days = int(os.environ.get("BENCH_HISTORY_DAYS", "730"))
    OUT.mkdir(exist_ok=True)
    runs = {}
    for size, database, people in SIZES:
        recreate(database)
        out = OUT / f"{size}.json"
        env = {
            **os.environ,
            "DATABASE_URL": _url_for(database),
            "DJANGO_SETTINGS_MODULE": "bench.settings",
        }
        command = [
            sys.executable,
            "-m",
            "bench.run",
            "--people",
            str(people),
            "--history-days",
            str(history_days),
            "--out",
            str(out),
        ]
        if size == "small":
            command.append("--counts-only")
        print(f"bench: {size} ({people} people) in {database}", flush=True)
        subprocess.run(command, env=env, check=True)  # noqa: S603 - our own module
        runs[size] = json.loads(out.read_text())
    results = write_report(runs["national"], runs["small"], HERE)
    print(json.dumps(results["operations"], indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
