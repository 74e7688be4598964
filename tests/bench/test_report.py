"""bench/report.py: ratios from both floors, query counts at two sizes, misses said plainly."""

from bench.report import combine, markdown

MACHINE = {
    "platform": "Linux",
    "python": "3.11",
    "cpus": 2,
    "memory_gb": 24.0,
    "load_average_1_5_15": [0.5, 0.5, 0.5],
}
DATASET = {
    "partnerships": 42,
    "people": 60000,
    "hospital_spells": 15000,
    "ward_stays": 17000,
    "risk_ratings": 400000,
    "history_days": 365,
    "generation_s": 130.0,
    "in_memory_s": 40.0,
    "bulk_write_s": 80.0,
    "migrate_s": 8.0,
}


def run(operations, people=60000):
    return {
        "machine": MACHINE,
        "commit": "abc1234",
        "date": "2026-11-24T21:00:00+00:00",
        "dataset": {**DATASET, "people": people},
        "operations": operations,
    }


FRAMEWORK = {
    "name": "framework floor",
    "median_ms": 10.0,
    "p95_ms": 12.0,
    "queries": 5,
    "query_ms": 1.0,
}


def page(name, queries, **figures):
    return {
        "name": name,
        "median_ms": 60.0,
        "p95_ms": 80.0,
        "queries": queries,
        "page_query_ms": 30.0,
        "framework_floor_ms": 10.0,
        **figures,
    }


def test_ratios_come_from_both_floors_and_counts_from_both_sizes():
    national = run([FRAMEWORK, page("list", 10, sql_floor_ms=20.0)])
    small = run([FRAMEWORK, page("list", 10)], people=2100)
    results = combine(national, small)
    row = results["operations"][1]
    assert row["sql_ratio"] == 1.5  # 30 ms of the page's SQL / 20 ms of hand-written SQL
    assert row["page_ratio"] == 2.0  # 60 ms / (20 + 10)
    assert row["queries_small"] == 10
    text = markdown(results)
    assert "| list | 60.0 | 80.0 | 10 / 10 |" in text
    assert "Every operation ran the same number of queries at both sizes." in text
    assert "Goal < 120 s: MISSED" in text
    assert results["load"]["status"] == "not run"


def test_a_missing_floor_and_a_growing_query_count_are_said_plainly():
    national = run([FRAMEWORK, page("dashboard", 30, sql_floor_ms=None, note="no floor yet")])
    small = run([FRAMEWORK, page("dashboard", 25)], people=2100)
    text = markdown(combine(national, small))
    assert "dashboard: sql_ratio not measured (no floor yet)" in text
    assert "**Some operations ran more queries at national size**" in text
