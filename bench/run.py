"""One benchmark run in one database (DATABASE_URL, settings bench.settings): migrate, generate,
measure each operation and its floors, save EXPLAIN plans. Writes a JSON file for bench.report."""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import time
from pathlib import Path

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from dashboards.metrics.periods import add_months, month_start  # noqa: E402
from dashboards.services import take_month_end_snapshot  # noqa: E402
from reviews.services import recompute_all_schedules  # noqa: E402

from . import dataset, jobs, load, measure  # noqa: E402

SNAPSHOT_MONTHS = 24


def machine() -> dict[str, object]:
    return {
        "platform": platform.platform(),
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        # Shared machines: the load before the run says how far to trust absolute timings.
        "load_average_1_5_15": [round(x, 2) for x in os.getloadavg()],
        "memory_gb": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
    }


def commit() -> str:
    try:
        return subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],  # noqa: S607
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, required=True)
    parser.add_argument("--history-days", type=int, default=730)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--counts-only", action="store_true")
    parser.add_argument(
        "--reuse",
        type=Path,
        help="Development: measure the data already in the database, with the dataset figures "
        "of this earlier --out file (skips migrate and generation).",
    )
    args = parser.parse_args()
    if args.reuse:
        earlier = json.loads(args.reuse.read_text())["dataset"]
        built = {k: v for k, v in earlier.items() if k not in dataset.counts()}
        migrate_s = earlier.get("migrate_s")
    else:
        started = time.perf_counter()
        call_command("migrate", verbosity=0, interactive=False)
        migrate_s = round(time.perf_counter() - started, 1)
        built = dataset.build(
            people=args.people, history_days=args.history_days, today=timezone.localdate()
        )
    # Review schedules are built per person through reviews.services (one transaction each, as
    # seed_demo does): only for the partnership the pages are measured for, to fit the run.
    started = time.perf_counter()
    largest = measure.largest_partnership()
    recompute_all_schedules(today=timezone.localdate(), partnership=largest)
    built["review_schedules_for"] = largest.code
    built["review_schedules_s"] = round(time.perf_counter() - started, 1)
    # 24 month-end snapshots (the dashboard's trend) through the service the monthly task runs,
    # for the measured partnership; all 42 would take 42 times as long (see the report).
    started = time.perf_counter()
    last = add_months(month_start(timezone.localdate()), -1)
    for back in range(SNAPSHOT_MONTHS - 1, -1, -1):
        take_month_end_snapshot(
            partnership=largest, month=add_months(last, -back), today=timezone.localdate()
        )
    built["snapshots_for"] = largest.code
    built["snapshot_months"] = SNAPSHOT_MONTHS
    built["snapshots_s"] = round(time.perf_counter() - started, 1)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"  dataset: {built['generation_s']} s ({built['rows_written']})", flush=True)
    result = {
        "machine": machine(),
        "commit": commit(),
        "date": timezone.now().isoformat(timespec="seconds"),
        "dataset": {**dataset.counts(), **built, "migrate_s": migrate_s},
        "operations": measure.run_all(
            counts_only=args.counts_only,
            explain_dir=None
            if args.counts_only
            else Path(__file__).resolve().parent / "out" / "explain",
        ),
    }
    if not args.counts_only:
        result["jobs"] = jobs.run_all(largest)
        try:
            result["load"] = load.run(duration=int(os.environ.get("BENCH_LOAD_SECONDS", "30")))
        except Exception as error:
            result["load"] = {"status": "failed", "why": f"{type(error).__name__}: {error}"}
    args.out.write_text(json.dumps(result, indent=1, default=str))


if __name__ == "__main__":
    main()
