"""The national-scale dataset, built with the demo's generators (register/generators, ADR 0015).

42 partnerships: the two demo partnerships (accounts/demo.py) and 40 synthetic ones, each an ICB
and a council with real-looking postcode districts, a commissioner and a care coordinator. Every
partnership gets a random inpatient picture and a community cohort from
`generate_partnership_cohort`; everything is written by one `write_cohorts` call (bulk_create).
"""

from __future__ import annotations

import random
import time
from datetime import date

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction

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
    ensure_hospitals,
    generate_hospitals,
    generate_partnership_cohort,
    write_cohorts,
)

SEED = "tcp-register-bench-2026"
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


def build(*, people: int, history_days: int, today: date) -> dict[str, object]:
    """Create and write the dataset; returns counts and timings."""
    started = time.perf_counter()
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
        per_partnership = people // len(partnerships)
        inpatients = max(2, per_partnership // 30)  # ~2,000 nationally, as in the AT figures
        generate_started = time.perf_counter()
        cohorts = [
            generate_partnership_cohort(
                partnership,
                rng=random.Random(f"{SEED}:{partnership.code}"),  # noqa: S311
                today=today,
                community_people=per_partnership - inpatients,
                inpatients=inpatients,
                history_days=history_days,
                id_prefix=f"BENCH-{partnership.code}-",
            )
            for partnership in partnerships
        ]
        in_memory_s = time.perf_counter() - generate_started
        write_started = time.perf_counter()
        written = write_cohorts(cohorts)
        write_s = time.perf_counter() - write_started
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return {
        "partnerships": len(partnerships),
        "rows_written": written,
        "history_days": history_days,
        "generation_s": round(time.perf_counter() - started, 1),
        "in_memory_s": round(in_memory_s, 1),
        "bulk_write_s": round(write_s, 1),
    }


def counts() -> dict[str, int]:
    tables = {
        "partnerships": "accounts_partnership",
        "people": "register_person",
        "hospital_spells": "register_hospitalspell",
        "ward_stays": "register_wardstay",
        "risk_ratings": "register_riskrating",
        "dsr_entries": "register_dsrentry",
    }
    result = {}
    with connection.cursor() as cursor:
        for name, table in tables.items():
            cursor.execute(f"SELECT count(*) FROM {table}")  # noqa: S608 - fixed table names
            result[name] = cursor.fetchone()[0]
    return result
