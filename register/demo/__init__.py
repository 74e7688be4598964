"""Demo register data: the seeds' inpatient pictures for BLMK and Essex at today, with history.

Histories are fixed relative to today (the real current date when `seed_demo` runs); the random
parts are seeded per partnership, so every run on the same day gives the same people, NHS numbers
and dates. `seed_register_demo` is idempotent: a partnership whose demo cohort exists is skipped.

The seed pictures, and how their figures were reconciled, are in blmk.py and essex.py.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone

from accounts.demo import PARTNERSHIPS
from accounts.models import Partnership

from ..generators import (
    HomeArea,
    InpatientSpec,
    PlacementSpec,
    UnitRequirement,
    ensure_hospitals,
    generate_hospitals,
    generate_partnership_cohort,
    write_cohorts,
)
from ..models import BedType, Person, Site
from .blmk import BLMK_AREAS, BLMK_PLACEMENTS, BLMK_UNITS, blmk_inpatients
from .essex import ESSEX_AREAS, ESSEX_PLACEMENTS, ESSEX_UNITS, essex_inpatients

DEMO_SEED = "tcp-register-demo-2026"
B = BedType
LR = B.LOCKED_REHAB


def demo_id_prefix(code: str) -> str:
    return f"DEMO-{code}-"


@dataclass(frozen=True)
class DemoPicture:
    code: str
    units: list[UnitRequirement]
    areas: list[HomeArea]
    inpatients: list[InpatientSpec]
    placements: list[PlacementSpec]
    community_people: int
    discharged_people: int
    history_beds: tuple[tuple[str, float], ...]


def demo_pictures() -> list[DemoPicture]:
    return [
        DemoPicture(
            "BLMK",
            BLMK_UNITS,
            BLMK_AREAS,
            blmk_inpatients(),
            BLMK_PLACEMENTS,
            community_people=380,
            discharged_people=40,
            # The A&T unit closed; crisis admissions, local MH wards and out-of-area beds remain.
            history_beds=(
                (B.CRISIS, 5.0),
                (B.ACUTE_MH, 2.0),
                (B.PICU, 1.0),
                (LR, 2.0),
                (B.SECURE_LOW, 1.0),
                (B.SECURE_MEDIUM, 0.5),
            ),
        ),
        DemoPicture(
            "ESX",
            ESSEX_UNITS,
            ESSEX_AREAS,
            essex_inpatients(),
            ESSEX_PLACEMENTS,
            community_people=560,
            discharged_people=70,
            # Seed 003: about 27 A&T admissions a year; secure and independent moves are fewer.
            history_beds=(
                (B.AT_UNIT, 6.0),
                (B.ACUTE_MH, 2.0),
                (B.PICU, 1.0),
                (LR, 2.0),
                (B.SECURE_LOW, 1.0),
                (B.SECURE_MEDIUM, 0.7),
            ),
        ),
    ]


def demo_footprints() -> dict[str, list[str]]:
    """Postcode districts of each demo partnership's members, from accounts/demo.py."""
    return {
        spec.code: sorted({d for member in spec.members for d in member.districts.split()})
        for spec in PARTNERSHIPS
    }


def demo_cohort_exists(partnership: Partnership) -> bool:
    return (
        Person.objects.for_partnership(partnership)
        .filter(local_identifier__startswith=demo_id_prefix(partnership.code))
        .exists()
    )


def demo_hospitals() -> dict[str, Site]:
    """The demo's providers, sites and wards (created if missing); site by unit key."""
    return ensure_hospitals(
        generate_hospitals(
            random.Random(f"{DEMO_SEED}:hospitals"),
            footprints=demo_footprints(),
            units=[unit for picture in demo_pictures() for unit in picture.units],
            extra_outside_sites=4,
        )
    )


def seed_register_demo(*, today: date | None = None) -> dict[str, dict[str, int]]:
    """Create the demo hospitals and each missing cohort; returns rows written per code."""
    today = today or timezone.localdate()
    pictures = demo_pictures()
    partnerships = {
        p.code: p for p in Partnership.objects.filter(code__in=[pic.code for pic in pictures])
    }
    missing = [
        pic
        for pic in pictures
        if pic.code in partnerships and not demo_cohort_exists(partnerships[pic.code])
    ]
    if not missing:
        return {}
    with transaction.atomic():
        units = demo_hospitals()
        written = {}
        for pic in missing:
            cohort = generate_partnership_cohort(
                partnerships[pic.code],
                rng=random.Random(f"{DEMO_SEED}:{pic.code}"),
                today=today,
                community_people=pic.community_people,
                inpatients=pic.inpatients,
                discharged_people=pic.discharged_people,
                placements=pic.placements,
                home_areas=pic.areas,
                units=units,
                history_beds=pic.history_beds,
                id_prefix=demo_id_prefix(pic.code),
            )
            written[pic.code] = write_cohorts([cohort])
    return written
