"""Seeded-random generators of hospital reference data and of people with register histories.

The demo (`register/demo.py`, run by `manage.py seed_demo`) and the national benchmark use the
same code: `generate_hospitals` + `ensure_hospitals` for providers, sites and wards, then
`generate_partnership_cohort` per partnership (in memory) and one `write_cohorts` call, which saves
everything with `bulk_create` in batches. Rows are written directly rather than through
register/services.py (ADR 0015): the generators obey the same rules, and the database's
constraints and triggers check every row.
"""

from .cohort import ADULT_HISTORY_BEDS, generate_partnership_cohort, random_inpatient_specs
from .context import (
    ICBS_ESTABLISHED,
    WINTERBOURNE_CUTOFF,
    Cohort,
    HomeArea,
    InpatientSpec,
    PartnershipContext,
    PlacementSpec,
    inpatients,
)
from .hospitals import (
    OUTSIDE_DISTRICTS,
    UnitRequirement,
    WardNeed,
    ensure_hospitals,
    generate_hospitals,
)
from .names import add_months, add_years, synthetic_nhs_numbers
from .writer import WRITE_ORDER, write_cohorts

__all__ = [
    "ADULT_HISTORY_BEDS",
    "ICBS_ESTABLISHED",
    "OUTSIDE_DISTRICTS",
    "WINTERBOURNE_CUTOFF",
    "WRITE_ORDER",
    "Cohort",
    "HomeArea",
    "InpatientSpec",
    "PartnershipContext",
    "PlacementSpec",
    "UnitRequirement",
    "WardNeed",
    "add_months",
    "add_years",
    "ensure_hospitals",
    "generate_hospitals",
    "generate_partnership_cohort",
    "inpatients",
    "random_inpatient_specs",
    "synthetic_nhs_numbers",
    "write_cohorts",
]
