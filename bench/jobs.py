"""The report jobs, timed through the same services the scheduled tasks run (request_run +
run_report): the AT return for one partnership-month and for every partnership, and one board
pack PDF. Their goals are absolute (all partnerships <= 60 s, one board pack <= 5 s)."""

from __future__ import annotations

import time

from django.db import connection
from django.utils import timezone

from accounts.models import Partnership
from dashboards.metrics.periods import add_months, month_start
from dashboards.models import ReportKind, RunStatus
from dashboards.services import request_run, run_report

from .measure import Capture
from .stats import median

AT_ALL_GOAL_S = 60.0
BOARD_PACK_GOAL_S = 5.0


def _one(partnership: Partnership, kind: str, month, today) -> tuple[float, int]:
    capture = Capture()
    with connection.execute_wrapper(capture):
        started = time.perf_counter()
        run = request_run(partnership=partnership, kind=kind, month=month, by=None, today=today)
        run = run_report(run_id=run.pk, today=today)
        elapsed = time.perf_counter() - started
    if run.status != RunStatus.SUCCEEDED:
        raise RuntimeError(f"{kind} for {partnership.code} failed: {run.error}")
    return elapsed, len(capture.queries)


def run_all(largest: Partnership, *, repetitions: int = 3) -> list[dict[str, object]]:
    today = timezone.localdate()
    month = add_months(month_start(today), -1)
    results = []
    for name, kind, goal in (
        ("AT return, one partnership-month", ReportKind.AT_RETURN, None),
        ("board pack PDF, one partnership-month", ReportKind.BOARD_PACK, BOARD_PACK_GOAL_S),
    ):
        samples, queries = [], 0
        for _ in range(repetitions):
            elapsed, queries = _one(largest, kind, month, today)
            samples.append(elapsed * 1000)
        row = {
            "name": name,
            "kind": "job",
            "median_ms": round(median(samples), 1),
            "max_ms": round(max(samples), 1),
            "queries": queries,
        }
        if goal is not None:
            row["goal_s"] = goal
            row["goal"] = "met" if max(samples) / 1000 <= goal else "MISSED"
        results.append(row)
        print(f"  {name}: {row['median_ms']} ms, {queries} queries", flush=True)
    started = time.perf_counter()
    total_queries = 0
    partnerships = list(Partnership.objects.order_by("code"))
    for partnership in partnerships:
        total_queries += _one(partnership, ReportKind.AT_RETURN, month, today)[1]
    elapsed = time.perf_counter() - started
    results.append(
        {
            "name": f"AT return, all {len(partnerships)} partnerships",
            "kind": "job",
            "total_s": round(elapsed, 1),
            "queries": total_queries,
            "goal_s": AT_ALL_GOAL_S,
            "goal": "met" if elapsed <= AT_ALL_GOAL_S else "MISSED",
        }
    )
    print(f"  AT return, all partnerships: {elapsed:.1f} s", flush=True)
    return results
