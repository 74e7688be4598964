"""Timing each operation in-process through the whole middleware stack (django.test.Client),
with its queries captured by `connection.execute_wrapper`, against its SQL floor (bench.floors)
and the framework floor (/bench/floor/, bench/urls.py)."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import psycopg2
from django.conf import settings
from django.db import connection
from django.db.models import Count
from django.test import Client
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import Membership, Partnership, Role
from register.models import Person
from register.selectors import partnership_districts
from register.views.lists import SEARCH_SESSION_KEY

from . import floors
from .stats import median, percentile

WARM_UP = 3
REPETITIONS = 15
LARGE_TABLE_ROWS = 10_000


@dataclass
class Operation:
    name: str
    url: str
    search: str = ""
    floor: Callable[[object], None] | None = None
    explain: bool = False
    floor_note: str = ""
    replay_floor: bool = False
    audited: bool = True  # the page writes an audit row of what it showed (DOMAIN.md 9)
    audited_person: int | None = None


@dataclass
class Capture:
    queries: list[tuple[str, object, float]] = field(default_factory=list)

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.queries.append((sql, params, time.perf_counter() - started))


def signed_in_client(user) -> Client:
    """As tests/signin.py: force_login, then the verified second factor in the session."""
    client = Client()
    client.force_login(user)
    session = client.session
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or (
        TOTPDevice.objects.create(user=user, name="Bench app", confirmed=True)
    )
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def _set_search(client: Client, term: str) -> None:
    session = client.session
    session[SEARCH_SESSION_KEY] = term
    session.save()


def time_page(client: Client, url: str, *, repetitions: int) -> dict[str, object]:
    page_ms, query_ms, counts = [], [], []
    last: Capture | None = None
    for index in range(WARM_UP + repetitions):
        capture = Capture()
        with connection.execute_wrapper(capture):
            started = time.perf_counter()
            response = client.get(url)
            elapsed = time.perf_counter() - started
        if response.status_code != 200:
            raise RuntimeError(f"{url} answered {response.status_code}")
        if index >= WARM_UP:
            page_ms.append(elapsed * 1000)
            query_ms.append(sum(q[2] for q in capture.queries) * 1000)
            counts.append(len(capture.queries))
        last = capture
    return {
        "median_ms": median(page_ms),
        "p95_ms": percentile(page_ms, 95),
        "query_ms": median(query_ms),
        "queries": max(counts),
        "captured": last.queries if last else [],
    }


def time_floor(cursor, floor: Callable[[object], None], *, repetitions: int) -> float:
    samples = []
    for index in range(WARM_UP + repetitions):
        started = time.perf_counter()
        floor(cursor)
        if index >= WARM_UP:
            samples.append((time.perf_counter() - started) * 1000)
    return median(samples)


def _dsn() -> str:
    db = settings.DATABASES["default"]
    return psycopg2.extensions.make_dsn(
        dbname=db["NAME"],
        user=db["USER"],
        password=db["PASSWORD"] or None,
        host=db["HOST"] or None,
        port=db["PORT"] or None,
        options=db["OPTIONS"]["options"],  # the app's planner settings (jit, random_page_cost)
    )


def large_tables(cursor) -> set[str]:
    cursor.execute(
        "SELECT relname FROM pg_class WHERE relkind = 'r' AND reltuples > %s", [LARGE_TABLE_ROWS]
    )
    return {row[0] for row in cursor.fetchall()}


def explain(cursor, name: str, captured, directory: Path, large: set[str]) -> list[str]:
    """EXPLAIN (ANALYZE, BUFFERS) of the page's data queries; returns large tables seq-scanned."""
    directory.mkdir(parents=True, exist_ok=True)
    flagged: set[str] = set()
    parts = []
    for sql, params, _ in captured:
        if not sql.lstrip().upper().startswith("SELECT") or not re.search(
            r'"(register|dashboards|reviews)_', sql
        ):
            continue
        statement = cursor.mogrify(sql, params).decode()
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {statement}")
        plan = "\n".join(row[0] for row in cursor.fetchall())
        for table in re.findall(r"Seq Scan on (\w+)", plan):
            if table in large:
                flagged.add(table)
        parts.append(f"-- {statement}\n{plan}\n")
    (directory / f"{name}.txt").write_text("\n".join(parts))
    return sorted(flagged)


def operations(partnership: Partnership, *, today) -> list[Operation]:
    districts = partnership_districts(partnership.pk)
    people = Person.objects.for_partnership(partnership)
    inpatient = people.filter(spells__discharge_date__isnull=True).order_by("pk").first()
    named = people.exclude(nhs_number=None).order_by("pk")[len(districts)]
    common = {"partnership": partnership.pk, "districts": districts, "today": today}
    term = named.family_name.upper()

    def listing(where: str = "", params: dict | None = None):
        return lambda cursor: floors.register_list(cursor, where=where, params=params, **common)

    ops = [
        Operation("register list, page 1", "/register/", floor=listing(), explain=True),
        Operation(
            "register list, filtered (in hospital, red)",
            "/register/?status=INPATIENT&rag=RED",
            floor=lambda cursor: floors.register_list(
                cursor, status=floors.IN_HOSPITAL, rag=floors.RED, **common
            ),
            explain=True,
        ),
        Operation(
            "register search, NHS number",
            "/register/",
            search=named.nhs_number,
            floor=listing(floors.BY_NHS_NUMBER, {"nhs_number": named.nhs_number}),
            explain=True,
        ),
        Operation(
            "register search, family name",
            "/register/",
            search=named.family_name,
            floor=listing(floors.BY_NAME, {"like": f"%{term}%", "term": term}),
            explain=True,
        ),
        Operation(
            "person page (inpatient)",
            f"/register/people/{inpatient.pk}/",
            audited_person=inpatient.pk,
            floor=lambda cursor: floors.person_page(
                cursor, person=inpatient.pk, partnership=partnership.pk, districts=districts
            ),
        ),
        Operation(
            "review worklist",
            "/reviews/",
            explain=True,
            floor=lambda cursor: floors.worklist(cursor, partnership=partnership.pk),
        ),
        Operation(
            "dashboard, largest partnership (live month, 24-month trend)",
            "/dashboard/",
            explain=True,
            replay_floor=True,
            floor_note="SQL floor = the page's own SELECTs replayed on psycopg2 (no hand-written "
            "SQL for the ~20-metric set yet): the page ratio is meaningful, the SQL ratio only "
            "measures ORM overhead",
        ),
        Operation(
            "API people list, page 1",
            "/api/v1/people/",
            explain=True,
            floor=lambda cursor: floors.api_people(
                cursor, partnership=partnership.pk, districts=districts
            ),
        ),
    ]
    return ops


def largest_partnership() -> Partnership:
    return Partnership.objects.annotate(n=Count("people")).order_by("-n", "code").first()


def run_all(*, counts_only: bool, explain_dir: Path | None) -> list[dict[str, object]]:
    today = timezone.localdate()
    partnership = largest_partnership()
    commissioner = (
        Membership.objects.filter(partnership=partnership, role=Role.COMMISSIONER)
        .select_related("user")
        .order_by("pk")
        .first()
        .user
    )
    repetitions = 2 if counts_only else REPETITIONS
    client = signed_in_client(commissioner)
    framework = time_page(client, "/bench/floor/", repetitions=repetitions)
    results = [
        {
            "name": "framework floor (base layout, no data)",
            "median_ms": round(framework["median_ms"], 1),
            "p95_ms": round(framework["p95_ms"], 1),
            "queries": framework["queries"],
            "query_ms": round(framework["query_ms"], 2),
        }
    ]
    raw = psycopg2.connect(_dsn())
    raw.autocommit = True
    cursor = raw.cursor()
    large = large_tables(cursor)
    for op in operations(partnership, today=today):
        _set_search(client, op.search)
        page = time_page(client, op.url, repetitions=repetitions)
        row: dict[str, object] = {
            "name": op.name,
            "median_ms": round(page["median_ms"], 1),
            "p95_ms": round(page["p95_ms"], 1),
            "queries": page["queries"],
            # Queries the middleware runs on every page (session, user, second factor,
            # membership) are in the framework floor; the page's own query time excludes them.
            "page_query_ms": round(max(page["query_ms"] - framework["query_ms"], 0.0), 2),
            "all_query_ms": round(page["query_ms"], 2),
        }
        if not counts_only:
            floor = op.floor
            if floor is not None and op.audited:
                floor = floors.with_audit(
                    floor,
                    user=commissioner.pk,
                    email=commissioner.email,
                    partnership=partnership.pk,
                    person=op.audited_person,
                )
            if op.replay_floor:
                middleware = {sql for sql, _, _ in framework["captured"]}
                floor = floors.replay(
                    [
                        (sql, params)
                        for sql, params, _ in page["captured"]
                        if sql not in middleware and sql.lstrip().upper().startswith("SELECT")
                    ]
                )
            sql_floor = time_floor(cursor, floor, repetitions=repetitions) if floor else None
            row["sql_floor_ms"] = round(sql_floor, 2) if sql_floor is not None else None
            row["framework_floor_ms"] = round(framework["median_ms"], 1)
            if op.floor_note:
                row["note"] = op.floor_note
            if op.replay_floor:
                row["sql_ratio_meaningful"] = False
            if op.explain and explain_dir is not None:
                slug = re.sub(r"[^a-z0-9]+", "-", op.name.lower()).strip("-")
                row["seq_scans_on_large_tables"] = explain(
                    cursor, slug, page["captured"], explain_dir, large
                )
        results.append(row)
        print(f"  {op.name}: {row['median_ms']} ms, {row['queries']} queries", flush=True)
    _set_search(client, "")
    raw.close()
    return results
