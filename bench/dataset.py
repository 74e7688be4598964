"""The national-scale dataset, built with the demo's generators (register/generators, ADR 0015).

42 partnerships: the two demo partnerships (accounts/demo.py) and 40 synthetic ones, each an ICB
and a council with real-looking postcode districts, a commissioner and a care coordinator. Every
partnership gets a random inpatient picture and a community cohort from
`generate_partnership_cohort`, then the demo's reviews, panels, visits and actions
(`reviews.demo.build_review_demo`). The rows are the generators' own model instances; the big
tables are written with COPY (bench/copywriter.py), which the database checks as it would
bulk_create's INSERTs (constraints and triggers on every row).
"""

from __future__ import annotations

import multiprocessing
import os
import random
import time
from datetime import date
from types import SimpleNamespace

from django.contrib.auth.hashers import make_password
from django.db import connection, connections, transaction

from accounts.demo import NHSE_EAST, PARTNERSHIPS, _organisation, seed_partnerships
from accounts.models import (
    Membership,
    Organisation,
    OrganisationType,
    Partnership,
    Role,
    User,
)
from register.generators import (
    WRITE_ORDER,
    ensure_hospitals,
    generate_hospitals,
    generate_partnership_cohort,
)
from register.generators.writer import _replace_taken_nhs_numbers, _transfer_layers
from register.models import HospitalSpell, RiskRating
from reviews.demo import build_review_demo

from .copywriter import assign_ids, copy_objects

SEED = "tcp-register-bench-2026"
DISCHARGED_SHARE = 6
PARTNERSHIP_COUNT = 42
# Postcode areas for the synthetic partnerships (none used by the demo or OUTSIDE_DISTRICTS).
AREAS = (
    "B",
    "BS",
    "CV",
    "DE",
    "DY",
    "L",
    "M",
    "LS",
    "S",
    "NE",
    "SR",
    "TS",
    "HU",
    "YO",
    "BD",
    "HD",
    "HX",
    "WF",
    "OL",
    "BL",
    "WN",
    "WA",
    "CH",
    "CW",
    "ST",
    "TF",
    "SY",
    "HR",
    "WR",
    "GL",
    "BA",
    "TA",
    "EX",
    "PL",
    "TR",
    "TQ",
    "DT",
    "BH",
    "SO",
    "PO",
)


def _synthetic_partnerships(count: int) -> list[Partnership]:
    nhse = _organisation(NHSE_EAST)
    made = []
    for index, area in enumerate(AREAS[:count]):
        code = f"BX{index + 1:02d}"
        districts = " ".join(f"{area}{n}" for n in range(1, 13))
        icb = Organisation.objects.create(
            ods_code=f"QX{index + 1:02d}",
            name=f"Bench ICB {area}",
            type=OrganisationType.ICB,
            postcode_districts=districts,
        )
        council = Organisation.objects.create(
            ods_code=f"E0699{index + 1:04d}",
            name=f"Bench council {area}",
            type=OrganisationType.LOCAL_AUTHORITY,
            postcode_districts=districts,
        )
        partnership = Partnership.objects.create(code=code, name=f"Bench TCP {area}")
        partnership.members.add(nhse, icb, council)
        made.append(partnership)
    return made


def _staff(partnerships: list[Partnership]) -> None:
    """A commissioner and a care coordinator per synthetic partnership (no usable password)."""
    unusable = make_password(None)
    for partnership in partnerships:
        for role in (Role.COMMISSIONER, Role.CARE_COORDINATOR):
            user = User.objects.create(
                email=f"{role.lower()}.{partnership.code.lower()}@bench.example.nhs.uk",
                full_name=f"{role.label} {partnership.code}",
                password=unusable,
            )
            Membership.objects.create(user=user, partnership=partnership, role=role)


def _setup() -> list[Partnership]:
    """Partnerships, staff and hospitals (committed before the workers start)."""
    with transaction.atomic():
        seed_partnerships()
        demo = list(Partnership.objects.filter(code__in=[p.code for p in PARTNERSHIPS]))
        synthetic = _synthetic_partnerships(PARTNERSHIP_COUNT - len(demo))
        _staff(synthetic)
        partnerships = demo + synthetic
        footprints = {
            p.code: sorted({d for org in p.members.all() for d in org.postcode_districts.split()})
            for p in partnerships
        }
        ensure_hospitals(
            generate_hospitals(
                random.Random(f"{SEED}:hospitals"),  # noqa: S311 - seeded test data
                footprints=footprints,
                extra_sites_per_footprint=2,
                extra_outside_sites=10,
            )
        )
    return partnerships


def build(
    *, people: int, history_days: int, today: date, workers: int | None = None
) -> dict[str, object]:
    """Create and write the dataset; returns counts and timings.

    The partnerships' cohorts are independent (one seeded generator each), so `workers`
    processes (default: one per CPU) each generate and COPY a share of them in their own
    transaction; the parent only settles NHS numbers drawn twice across shares, in partnership
    order, exactly as write_cohorts does for one list. The rows are the same for any count."""
    started = time.perf_counter()
    partnerships = _setup()
    setup_s = time.perf_counter() - started
    per_partnership = -(-people // len(partnerships))  # at least `people` in all
    spec = {
        "today": today,
        "per_partnership": per_partnership,
        "inpatients": max(2, per_partnership // 30),  # ~2,000 nationally, as in the AT figures
        "history_days": history_days,
    }
    workers = max(1, min(workers or os.cpu_count() or 1, len(partnerships)))
    shares = [[p.pk for p in partnerships[index::workers]] for index in range(workers)]
    connections.close_all()  # each forked worker opens its own connection
    context = multiprocessing.get_context("fork")
    pipes, processes = [], []
    for share in shares:
        parent_end, child_end = context.Pipe()
        process = context.Process(target=_worker, args=(child_end, share, spec))
        process.start()
        pipes.append(parent_end)
        processes.append(process)
    numbers = {}
    for pipe in pipes:
        numbers.update(_receive(pipe))  # {partnership pk: [(local identifier, NHS number)]}
    replacements = _settle_nhs_numbers([numbers[p.pk] for p in partnerships])
    for pipe in pipes:
        pipe.send(replacements)
    reports = [_receive(pipe) for pipe in pipes]
    for process in processes:
        process.join()
    written: dict[str, int] = {}
    for report in reports:
        for name, count in report["written"].items():
            written[name] = written.get(name, 0) + count
    analyze_started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return {
        "partnerships": len(partnerships),
        "rows_written": written,
        "rows_total": sum(written.values()),
        "history_days": history_days,
        "workers": workers,
        "generation_s": round(time.perf_counter() - started, 1),
        "setup_s": round(setup_s, 1),
        # Per worker, the slowest: the stages overlap across workers.
        "in_memory_s": max(r["in_memory_s"] for r in reports),
        "copy_write_s": max(r["copy_write_s"] for r in reports),
        "reviews_s": max(r["reviews_s"] for r in reports),
        "analyze_s": round(time.perf_counter() - analyze_started, 1),
    }


def _receive(pipe):
    message = pipe.recv()
    if isinstance(message, BaseException):
        raise RuntimeError("A bench generation worker failed") from message
    return message


def _settle_nhs_numbers(shares: list[list[tuple[str, str | None]]]) -> dict[str, str]:
    """write_cohorts' rule over every partnership's people in order: a number drawn twice (or
    already in the database) is replaced by one derived from the local identifier."""
    people = [
        SimpleNamespace(local_identifier=local, nhs_number=number)
        for share in shares
        for local, number in share
    ]
    before = {p.local_identifier: p.nhs_number for p in people}
    _replace_taken_nhs_numbers(people)  # type: ignore[arg-type]
    return {
        p.local_identifier: p.nhs_number
        for p in people
        if p.nhs_number != before[p.local_identifier]
    }


def _worker(pipe, partnership_ids: list[int], spec: dict) -> None:
    try:
        pipe.send(_work(pipe, partnership_ids, spec))
    except BaseException as error:  # the parent re-raises it
        pipe.send(error)
        raise
    finally:
        connections.close_all()


def _work(pipe, partnership_ids: list[int], spec: dict) -> dict[str, object]:
    today = spec["today"]
    partnerships = Partnership.objects.in_bulk(partnership_ids)
    started = time.perf_counter()
    cohorts = []
    for pk in partnership_ids:
        partnership = partnerships[pk]
        community = spec["per_partnership"] - spec["inpatients"]
        cohorts.append(
            generate_partnership_cohort(
                partnership,
                rng=random.Random(f"{SEED}:{partnership.code}"),  # noqa: S311
                today=today,
                community_people=community,
                inpatients=spec["inpatients"],
                # One in six discharged in the window (the demo's default is one in eight): with
                # readmissions and transfers that gives the ~15,000 spells of the issue.
                discharged_people=community // DISCHARGED_SHARE,
                history_days=spec["history_days"],
                id_prefix=f"BENCH-{partnership.code}-",
            )
        )
    in_memory_s = time.perf_counter() - started
    pipe.send(
        {
            cohort.partnership.pk: [(p.local_identifier, p.nhs_number) for p in cohort.people]
            for cohort in cohorts
        }
    )
    replacements = _receive(pipe)
    for cohort in cohorts:
        for person in cohort.people:
            if person.local_identifier in replacements:
                person.nhs_number = replacements[person.local_identifier]
    with transaction.atomic():
        started = time.perf_counter()
        written = _copy_cohorts(cohorts)
        copy_s = time.perf_counter() - started
    with transaction.atomic():
        started = time.perf_counter()
        written.update(_copy_reviews(cohorts, today=today))
        reviews_s = time.perf_counter() - started
    return {
        "written": written,
        "in_memory_s": round(in_memory_s, 1),
        "copy_write_s": round(copy_s, 1),
        "reviews_s": round(reviews_s, 1),
    }


def _copy_cohorts(cohorts) -> dict[str, int]:
    """write_cohorts' order, with COPY instead of bulk_create (NHS numbers already settled)."""
    rows = {model: [obj for cohort in cohorts for obj in cohort.of(model)] for model in WRITE_ORDER}
    for model in WRITE_ORDER:
        assign_ids(model, rows[model])
    written = {}
    for model in WRITE_ORDER:
        if model is HospitalSpell:  # a transfer points at a spell written before it
            for layer in _transfer_layers(rows[model]):
                copy_objects(model, layer)
        else:
            copy_objects(model, rows[model])
        written[model.__name__] = len(rows[model])
    return written


def _copy_reviews(cohorts, *, today: date) -> dict[str, int]:
    """The demo's reviews for every partnership, built from the rows just written."""
    rows: dict[type, list] = {}
    for cohort in cohorts:
        spells = sorted(
            (s for s in cohort.of(HospitalSpell) if s.admission_date <= today), key=lambda s: s.pk
        )
        built, _ = build_review_demo(
            cohort.partnership,
            today=today,
            rng=random.Random(f"{SEED}:reviews:{cohort.partnership.code}"),  # noqa: S311
            spells=spells,
            ratings=cohort.of(RiskRating),
        )
        for model, objs in built.items():
            rows.setdefault(model, []).extend(objs)
    for model, objs in rows.items():
        assign_ids(model, objs)
    return {model.__name__: copy_objects(model, objs) for model, objs in rows.items()}


def counts() -> dict[str, int]:
    tables = {
        "partnerships": "accounts_partnership",
        "people": "register_person",
        "hospital_spells": "register_hospitalspell",
        "ward_stays": "register_wardstay",
        "risk_ratings": "register_riskrating",
        "dsr_entries": "register_dsrentry",
        "reviews": "reviews_carereview",
        "actions": "reviews_action",
        "action_status_changes": "reviews_actionstatuschange",
        "panel_members": "reviews_panelmember",
        "oversight_visits": "reviews_oversightvisit",
        "snapshots": "dashboards_monthlysnapshot",
    }
    result = {}
    with connection.cursor() as cursor:
        for name, table in tables.items():
            cursor.execute(f"SELECT count(*) FROM {table}")  # noqa: S608 - fixed table names
            result[name] = cursor.fetchone()[0]
    return result
