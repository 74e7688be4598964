"""bench/results.json and bench/RESULTS.md from the national and small runs."""

from __future__ import annotations

import json
from pathlib import Path

from .stats import ratio, verdict

SQL_GOAL = 1.5
PAGE_GOAL = 2.0
LOAD_NOT_RUN = {"status": "not run", "why": "the national run did not record a load test"}


def combine(national: dict, small: dict) -> dict:
    small_counts = {op["name"]: op["queries"] for op in small["operations"]}
    operations = []
    for op in national["operations"]:
        row = dict(op)
        if "sql_floor_ms" in op:
            floor = op["sql_floor_ms"]
            row["sql_ratio"] = ratio(op["page_query_ms"], floor)
            row["page_ratio"] = (
                ratio(op["median_ms"], floor + op["framework_floor_ms"]) if floor else None
            )
        row["queries_small"] = small_counts.get(op["name"])
        operations.append(row)
    return {
        "machine": national["machine"],
        "commit": national["commit"],
        "date": national["date"],
        "dataset": {**national["dataset"], "small": small["dataset"]},
        "goals": {"sql_ratio": SQL_GOAL, "page_ratio": PAGE_GOAL},
        "operations": operations,
        "jobs": national.get("jobs", []),
        "load": national.get("load", LOAD_NOT_RUN),
    }


def _cell(value) -> str:
    return "-" if value is None else str(value)


def markdown(results: dict) -> str:
    data = results["dataset"]
    machine = results["machine"]
    reviews_and_actions = data.get("reviews", 0) + data.get("actions", 0)
    lines = [
        "# Benchmark results",
        "",
        f"Run {results['date']} on commit `{results['commit']}`; machine: {machine['platform']}, "
        f"{machine['cpus']} CPUs, {machine['memory_gb']} GB, Python {machine['python']}, "
        f"load average {machine['load_average_1_5_15']} at the start (a shared machine: "
        "absolute times are noisy, the ratios less so).",
        "Written by `make bench` (bench/); numbers are from that run, not edited.",
        "",
        "## Dataset",
        "",
        f"{data['partnerships']} partnerships, {data['people']:,} people, "
        f"{data['hospital_spells']:,} hospital spells, {data['ward_stays']:,} ward stays, "
        f"{data['risk_ratings']:,} risk ratings, {data.get('reviews', 0):,} reviews and "
        f"{data.get('actions', 0):,} actions ({data.get('action_status_changes', 0):,} action "
        f"status changes, {data.get('panel_members', 0):,} panel members, "
        f"{data.get('oversight_visits', 0):,} oversight visits), {data['history_days']} days of "
        f"history. Reviews and actions: {reviews_and_actions:,} (goal 150,000: "
        f"{'met' if reviews_and_actions >= 150_000 else 'MISSED'}; "
        f"{reviews_and_actions + data.get('action_status_changes', 0):,} with the actions' "
        f"status history). Generated and written in **{data['generation_s']} s** (in memory "
        f"{data['in_memory_s']} s, written {data.get('copy_write_s', data.get('bulk_write_s'))} s "
        f"with COPY, reviews built and written {data.get('reviews_s', '-')} s; migrate "
        f"{data['migrate_s']} s before). Goal < 120 s: "
        f"{'met' if data['generation_s'] < 120 else 'MISSED'}.",
        f"Derived afterwards through the services, for the measured partnership "
        f"{data.get('review_schedules_for', '-')}: review schedules "
        f"{data.get('review_schedules_s', '-')} s; {data.get('snapshot_months', 0)} month-end "
        f"snapshots (the dashboard's 24-month trend) {data.get('snapshots_s', '-')} s.",
        f"Small run for query counts: {data['small']['people']:,} people.",
        "",
        "## Operations (national scale)",
        "",
        "| Operation | median ms | p95 ms | queries (small / national) | page SQL ms | "
        "SQL floor ms | SQL ratio (goal ≤ 1.5) | page ratio (goal ≤ 2) |",
        "|---|---:|---:|---|---:|---:|---|---|",
    ]
    for op in results["operations"]:
        if "sql_floor_ms" not in op:
            continue
        if op.get("sql_ratio_meaningful") is False:
            op = {**op, "sql_ratio": None}
        lines.append(
            f"| {op['name']} | {op['median_ms']} | {op['p95_ms']} | "
            f"{_cell(op['queries_small'])} / {op['queries']} | {op['page_query_ms']} | "
            f"{_cell(op['sql_floor_ms'])} | {_cell(op.get('sql_ratio'))} "
            f"{verdict(op.get('sql_ratio'), SQL_GOAL)} | {_cell(op.get('page_ratio'))} "
            f"{verdict(op.get('page_ratio'), PAGE_GOAL)} |"
        )
    floor = results["operations"][0]
    lines += [
        "",
        f"Framework floor (/bench/floor/: base layout, no data, same middleware): "
        f"{floor['median_ms']} ms median, {floor['queries']} queries "
        f"({floor['query_ms']} ms). A page's own SQL time is its captured query time minus the "
        "floor's (session, user, second factor, membership).",
        "",
        "## Query counts do not grow with data size",
        "",
    ]
    same = all(
        op["queries_small"] == op["queries"] for op in results["operations"] if op["queries_small"]
    )
    lines.append(
        "Every operation ran the same number of queries at both sizes."
        if same
        else "**Some operations ran more queries at national size** (see the table)."
    )
    lines += ["", "## Sequential scans on large tables (EXPLAIN ANALYZE, bench/out/explain/)", ""]
    for op in results["operations"]:
        if "seq_scans_on_large_tables" in op:
            scans = ", ".join(op["seq_scans_on_large_tables"]) or "none"
            lines.append(f"- {op['name']}: {scans}")
    lines += [
        "",
        "## Goals missed and not measured",
        "",
        "Why each miss happens and what would fix it: bench/FINDINGS.md (written by hand from "
        "this run's figures and plans).",
        "",
    ]
    for op in results["operations"]:
        for key, goal in (("sql_ratio", SQL_GOAL), ("page_ratio", PAGE_GOAL)):
            if key in op or "sql_floor_ms" in op:
                value = op.get(key)
                if key == "sql_ratio" and op.get("sql_ratio_meaningful") is False:
                    value = None
                state = verdict(value, goal)
                if state != "met":
                    why = op.get("note", "")
                    lines.append(f"- {op['name']}: {key} {state}{' (' + why + ')' if why else ''}")
    jobs = results.get("jobs", [])
    if jobs:
        lines += [
            "",
            "## Report jobs (request_run + run_report, the scheduled tasks' services)",
            "",
            "| Job | time | queries | goal |",
            "|---|---:|---:|---|",
        ]
        for job in jobs:
            took = (
                f"{job['total_s']} s"
                if "total_s" in job
                else f"{job['median_ms']} ms median (max {job['max_ms']} ms)"
            )
            goal = f"≤ {job['goal_s']} s: {job['goal']}" if "goal_s" in job else "-"
            lines.append(f"| {job['name']} | {took} | {job['queries']} | {goal} |")
    load = results["load"]
    lines += ["", "## Load (loopback)", ""]
    if load["status"] == "run":
        lines.append(
            f"{load['users']} concurrent signed-in users for {load['duration_s']} s against "
            f"{load['server']} ({load['tool']}; {load['writes']}): {load['requests']} requests, "
            f"**{load['throughput_rps']} requests/s**, median {load['median_ms']} ms, "
            f"**p95 {load['p95_ms']} ms** (goal ≤ 300 ms: "
            f"{verdict(load['p95_ms'], 300.0)}), **{load['errors']} errors** (goal 0)."
        )
    else:
        lines.append(f"{load['status']}: {load.get('why', '')}")
    lines.append("")
    return "\n".join(lines)


def write_report(national: dict, small: dict, directory: Path) -> dict:
    results = combine(national, small)
    (directory / "results.json").write_text(json.dumps(results, indent=1) + "\n")
    (directory / "RESULTS.md").write_text(markdown(results))
    return results
