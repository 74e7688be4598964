"""Demo register data: the seeds' inpatient pictures for BLMK and Essex at today, with history.

Histories are fixed relative to today (the real current date when `seed_demo` runs); the random
parts are seeded per partnership, so every run on the same day gives the same people, NHS numbers
and dates. `seed_register_demo` is idempotent: a partnership whose demo cohort exists is skipped.

How the seed figures were reconciled (DOMAIN.md 5.7; seed 004 tables 2.09-2.14 and section 2):

BLMK (31 inpatients: 17 ICB-commissioned, 14 NHS England).
- The ICB figure is the 31 January 2016 one: 17 = Bedfordshire 4 (2 original + 2 later),
  Milton Keynes 9 (3 + 6), Luton 4 (2 + 2); 7 continuous stays started before March 2014.
- The bed tables of 4 April 2016 count 20 CCG beds (crisis 6, locked rehab 4 in area, locked
  rehab 10 out of area in 7 units). The text explains the gap: Bedfordshire's two later patients
  and one of Luton's are the crisis unit's (admitted in the weeks before January); the other
  crisis beds of April were admissions after 31 January. So we keep the April locked-rehab
  figures exactly (4 in area; 10 out of area in 7 units of 3, 1, 1, 1, 2, 1, 1) and put 3 in the
  crisis unit: 3 + 4 + 10 = 17. Milton Keynes has no crisis beds, so its 9 are all in locked
  rehab, three of them transferred from NHS England secure care (the seed's "three transferred
  ... from specialised commissioning"); Bedfordshire's original two were also stepped down from
  secure beds. One Luton patient was admitted by children's services and turned 18 in hospital.
- NHS England 14 = in area low secure 4 + out of area secure 8 (5 units of 2, 2, 2, 1, 1; low 4,
  medium 4) + 2 children out of area (CAMHS tier 4 secure, one low and one medium). By home CCG:
  Bedfordshire 9, Milton Keynes 3, Luton 2 (table 2.10). All NHS England stays started after
  March 2014, so the partnership's original Winterbourne cohort is the ICB's 7.
- Long stays follow the 11 April 2016 table, measured at today: ICB 8 of 5 years or more and 4 of
  2-5 years; NHS England 5 and 4.
- Out-of-area residential and educational placements (table 2.08): 149 current, 35 under 18
  (residential schools), 29 aged 18-25 and 85 over 25.

Essex (69 inpatients, December 2015; seed 003 "in-patient population").
- ICB 38 = A&T 19 on the two NHS A&T sites (16 A&T beds and the 3 "longer term rehabilitation"
  beds, as locked rehab wards on the same sites) + 14 independent hospital (10 in the footprint,
  which uses "10 of these beds", 4 outside) + 5 mainstream mental health wards.
- NHS England 31 = secure 28 (6 in the footprint's low secure hospital, which the partnership
  "only uses 6" of; 22 outside: low 12, medium 10) + CAMHS tier 4 3 (children; 1 in the footprint).
- More than 5 years: ICB 6, NHS England 7; A&T stays over 12 months 4 and independent hospital
  stays over 12 months 11 (the seed's "11 people in IPH placements and 4 in A&T ... over 12
  months"); four independent-hospital patients stepped down from secure care (transfers).
- Children and young people in residential schools outside the county: 152 (the seed says
  "over 150" for Essex; DOMAIN.md 2.3).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone

from accounts.demo import PARTNERSHIPS
from accounts.models import Partnership

from .generators import (
    HomeArea,
    InpatientSpec,
    PlacementSpec,
    UnitRequirement,
    WardNeed,
    ensure_hospitals,
    generate_hospitals,
    generate_partnership_cohort,
    inpatients,
    write_cohorts,
)
from .models import BedType, CommissionerType, Person, PlacementType, SecurityLevel, Site

DEMO_SEED = "tcp-register-demo-2026"
ICB, NHSE = CommissionerType.ICB, CommissionerType.NHSE_SPEC
B = BedType


def demo_id_prefix(code: str) -> str:
    return f"DEMO-{code}-"


def _unit(key: str, is_nhs: bool, footprint: str | None, *wards: WardNeed, district: str = "") -> UnitRequirement:
    return UnitRequirement(key, is_nhs, footprint, tuple(wards), district)


# --- hospitals ----------------------------------------------------------------------------

BLMK_UNITS = [
    # Table 2.11: in the footprint.
    _unit("blmk-crisis", True, "BLMK", WardNeed(B.CRISIS, beds=7), district="MK43"),
    _unit("blmk-rehab", False, "BLMK", WardNeed(B.LOCKED_REHAB, beds=20), WardNeed(B.LOCKED_REHAB, beds=18),
          WardNeed(B.PICU, beds=15), district="MK14"),
    _unit("blmk-low-secure", True, "BLMK", WardNeed(B.SECURE_LOW, beds=16), district="MK42"),
    _unit("blmk-mh", True, "BLMK", WardNeed(B.ACUTE_MH, beds=22), WardNeed(B.PICU, beds=10), district="LU4"),
    _unit("blmk-medium-secure", False, "BLMK", WardNeed(B.SECURE_MEDIUM, beds=30),
          WardNeed(B.SECURE_LOW, beds=14), district="MK5"),
    # Table 2.12: outside, locked rehab units 2, 5, 7, 8, 9, 10, 13 and secure units 3, 4, 6, 11, 12.
    *[_unit(f"blmk-ooa-rehab-{n}", False, None, WardNeed(B.LOCKED_REHAB, beds=12), WardNeed(B.PICU, beds=6))
      for n in (2, 5, 7, 8, 9, 10, 13)],
    _unit("blmk-ooa-secure-3", False, None, WardNeed(B.SECURE_LOW, beds=15)),
    _unit("blmk-ooa-secure-4", False, None, WardNeed(B.SECURE_MEDIUM, beds=15), WardNeed(B.SECURE_LOW, beds=12)),
    _unit("blmk-ooa-secure-6", True, None, WardNeed(B.SECURE_LOW, beds=15)),
    _unit("blmk-ooa-secure-11", True, None, WardNeed(B.SECURE_MEDIUM, beds=20)),
    _unit("blmk-ooa-secure-12", False, None, WardNeed(B.SECURE_MEDIUM, beds=16)),
    # Table 2.14: children, outside.
    _unit("blmk-ooa-child-a", False, None, WardNeed(B.CAMHS_T4_SECURE, SecurityLevel.LOW, beds=10)),
    _unit("blmk-ooa-child-b", True, None, WardNeed(B.CAMHS_T4_SECURE, SecurityLevel.MEDIUM, beds=8),
          WardNeed(B.CAMHS_T4, beds=12)),
]

ESSEX_UNITS = [
    _unit("esx-at-north", True, "ESX", WardNeed(B.AT_UNIT, beds=10), WardNeed(B.LOCKED_REHAB, beds=3),
          district="CO3"),
    _unit("esx-at-south", True, "ESX", WardNeed(B.AT_UNIT, beds=9), WardNeed(B.LOCKED_REHAB, beds=3),
          district="CM12"),
    *[_unit(f"esx-ind-{n}", False, "ESX", WardNeed(B.LOCKED_REHAB, beds=21), WardNeed(B.AT_UNIT, beds=8),
            WardNeed(B.PICU, beds=6), district=district)
      for n, district in enumerate(("CO4", "CO7", "CO16", "CM3", "SS5"), start=1)],
    _unit("esx-mh-mid", True, "ESX", WardNeed(B.ACUTE_MH, beds=22), WardNeed(B.PICU, beds=10), district="CM1"),
    _unit("esx-mh-south", True, "ESX", WardNeed(B.ACUTE_MH, beds=24), district="SS16"),
    _unit("esx-low-secure", False, "ESX", WardNeed(B.SECURE_LOW, beds=16), WardNeed(B.SECURE_LOW, beds=16),
          WardNeed(B.SECURE_LOW, beds=15), district="CO4"),
    _unit("esx-camhs", True, "ESX", WardNeed(B.CAMHS_T4, beds=12), district="CM2"),
    *[_unit(f"esx-ooa-ind-{n}", False, None, WardNeed(B.LOCKED_REHAB, beds=15)) for n in (1, 2)],
    *[_unit(f"esx-ooa-low-{n}", n != 2, None, WardNeed(B.SECURE_LOW, beds=16)) for n in (1, 2, 3)],
    *[_unit(f"esx-ooa-medium-{n}", n == 1, None, WardNeed(B.SECURE_MEDIUM, beds=16)) for n in (1, 2, 3)],
    _unit("esx-ooa-camhs", True, None, WardNeed(B.CAMHS_T4, beds=12)),
    # High secure and "other" wards exist nationally; no demo inpatient uses them today.
    _unit("national-high-secure", True, None, WardNeed(B.SECURE_HIGH, beds=40), WardNeed(B.OTHER, beds=10),
          district="DN22"),
]

# --- home areas ---------------------------------------------------------------------------

BLMK_AREAS = [
    HomeArea("bedford", "E06000055", "QHG", ("MK40", "MK41", "MK42", "MK43", "MK44"), ccg="06F", weight=1.8,
             gp_prefix="E81"),
    HomeArea("central-beds", "E06000056", "QHG", ("MK45", "SG15", "SG16", "SG17", "SG18", "SG19", "LU5",
                                                  "LU6", "LU7"), ccg="06F", weight=2.9, gp_prefix="E81"),
    HomeArea("luton", "E06000032", "QHG", ("LU1", "LU2", "LU3", "LU4"), ccg="06P", weight=2.2,
             gp_prefix="E81"),
    HomeArea("milton-keynes", "E06000042", "QHG", ("MK1", "MK2", "MK3", "MK4", "MK5", "MK6", "MK8", "MK9",
                                                   "MK10", "MK12", "MK13", "MK14", "MK15"), ccg="04F",
             weight=2.9, gp_prefix="K82"),
]
ESSEX_AREAS = [
    HomeArea("basildon", "E10000012", "QH8", ("SS13", "SS14", "SS15", "SS16", "CM11", "CM12", "CM13",
                                              "CM14", "CM15"), ccg="99E", weight=2.6, gp_prefix="F81"),
    HomeArea("castle-point", "E10000012", "QH8", ("SS4", "SS5", "SS6", "SS7", "SS8", "SS11", "SS12"),
             ccg="99F", weight=1.8, gp_prefix="F81"),
    HomeArea("mid-essex", "E10000012", "QH8", ("CM0", "CM1", "CM2", "CM3", "CM4", "CM7", "CM8", "CM9"),
             ccg="06Q", weight=3.8, gp_prefix="F81"),
    HomeArea("southend", "E06000033", "QH8", ("SS0", "SS1", "SS2", "SS3", "SS9"), ccg="99G", weight=1.8,
             gp_prefix="F81"),
    HomeArea("thurrock", "E06000034", "QH8", ("RM16", "RM17", "RM18", "RM19", "RM20", "SS17"), ccg="07G",
             weight=1.7, gp_prefix="F81"),
    HomeArea("north-east-essex", "E10000012", "QJG", ("CO1", "CO2", "CO3", "CO4", "CO5", "CO6", "CO7", "CO9",
                                                      "CO11", "CO12", "CO13", "CO14", "CO15", "CO16"),
             ccg="06T", weight=3.3, gp_prefix="F81"),
    HomeArea("west-essex", "E10000012", "QM7", ("CM16", "CM17", "CM18", "CM19", "CM20", "CM21", "CM22",
                                                "CM23", "CM24", "IG10"), ccg="07H", weight=3.0,
             gp_prefix="F81"),
]

# --- inpatient pictures -------------------------------------------------------------------

LR = B.LOCKED_REHAB


def _blmk_inpatients() -> list[InpatientSpec]:
    """The 31 of seed 004, numbered as in the module docstring's reconciliation."""
    bed, lut, mk = "bedford", "luton", "milton-keynes"
    cbe = "central-beds"
    icb = [
        # Bedfordshire: 2 original (out of area, stepped down from secure), 2 later in the crisis unit.
        InpatientSpec(LR, ICB, "original", "blmk-ooa-rehab-2", bed, transferred_from="blmk-ooa-secure-4"),
        InpatientSpec(LR, ICB, "original", "blmk-ooa-rehab-2", cbe, transferred_from="blmk-ooa-secure-3"),
        InpatientSpec(B.CRISIS, ICB, "<3m", "blmk-crisis", bed, delayed=True),
        InpatientSpec(B.CRISIS, ICB, "<3m", "blmk-crisis", cbe),
        # Luton: 2 original out of area; 1 crisis (a readmission); 1 admitted at 16 by children's services.
        InpatientSpec(LR, ICB, "original", "blmk-ooa-rehab-5", lut),
        InpatientSpec(LR, ICB, "original", "blmk-ooa-rehab-7", lut),
        InpatientSpec(B.CRISIS, ICB, "<3m", "blmk-crisis", lut, readmission=True),
        InpatientSpec(LR, ICB, "2-5y", "blmk-ooa-rehab-8", lut, admitted_as_child=True,
                      transferred_from="blmk-ooa-child-b"),
        # Milton Keynes: 3 original, 6 later (3 transferred from NHS England secure care).
        InpatientSpec(LR, ICB, "original", "blmk-rehab", mk),
        InpatientSpec(LR, ICB, "original", "blmk-ooa-rehab-2", mk, discharge_planned_soon=True),
        InpatientSpec(LR, ICB, "original", "blmk-ooa-rehab-9", mk, discharge_planned_soon=True, delayed=True),
        InpatientSpec(LR, ICB, "5y+", "blmk-rehab", mk, transferred_from="blmk-medium-secure"),
        InpatientSpec(LR, ICB, "2-5y", "blmk-rehab", mk, transferred_from="blmk-low-secure"),
        InpatientSpec(LR, ICB, "2-5y", "blmk-rehab", mk),
        InpatientSpec(LR, ICB, "2-5y", "blmk-ooa-rehab-9", mk, transferred_from="blmk-ooa-secure-11"),
        InpatientSpec(LR, ICB, "1-2y", "blmk-ooa-rehab-10", mk),
        InpatientSpec(LR, ICB, "6-12m", "blmk-ooa-rehab-13", mk),
    ]
    low, medium = B.SECURE_LOW, B.SECURE_MEDIUM
    nhse = [
        # In the footprint: low secure 4 (Bedfordshire 3, Luton 1).
        InpatientSpec(low, NHSE, "5y+", "blmk-low-secure", bed),
        InpatientSpec(low, NHSE, "5y+", "blmk-low-secure", cbe),
        InpatientSpec(low, NHSE, "2-5y", "blmk-low-secure", bed),
        InpatientSpec(low, NHSE, "6-12m", "blmk-low-secure", lut),
        # Outside: secure 8 in 5 units (Bedfordshire 5, Milton Keynes 2, Luton 1).
        InpatientSpec(low, NHSE, "5y+", "blmk-ooa-secure-3", bed),
        InpatientSpec(low, NHSE, "2-5y", "blmk-ooa-secure-3", cbe),
        InpatientSpec(medium, NHSE, "5y+", "blmk-ooa-secure-4", bed),
        InpatientSpec(medium, NHSE, "2-5y", "blmk-ooa-secure-4", mk, delayed=True),
        InpatientSpec(low, NHSE, "5y+", "blmk-ooa-secure-6", cbe),
        InpatientSpec(low, NHSE, "1-2y", "blmk-ooa-secure-6", mk),
        InpatientSpec(medium, NHSE, "2-5y", "blmk-ooa-secure-11", lut),
        InpatientSpec(medium, NHSE, "1-2y", "blmk-ooa-secure-12", bed),
        # Children, outside: CAMHS tier 4 secure, one low and one medium.
        InpatientSpec(B.CAMHS_T4_SECURE, NHSE, "3-6m", "blmk-ooa-child-a", bed, is_child=True),
        InpatientSpec(B.CAMHS_T4_SECURE, NHSE, "<3m", "blmk-ooa-child-b", mk, is_child=True),
    ]
    return icb + nhse


def _essex_inpatients() -> list[InpatientSpec]:
    north = ("north-east-essex", "mid-essex", "west-essex")
    south = ("basildon", "castle-point", "southend", "thurrock", "mid-essex")
    specs: list[InpatientSpec] = []
    # A&T 19: 16 A&T beds (4 of them over 12 months) and 3 longer-term rehab beds, on two NHS sites.
    for site, homes in (("esx-at-north", north), ("esx-at-south", south)):
        stays = ("1-2y", "1-2y", "6-12m", "6-12m", "3-6m", "3-6m", "<3m", "<3m")
        for n, stay in enumerate(stays):
            specs.append(InpatientSpec(B.AT_UNIT, ICB, stay, site, homes[n % len(homes)], delayed=n == 2,
                                       readmission=n == 6))
    specs += [
        InpatientSpec(LR, ICB, "5y+", "esx-at-north", "north-east-essex"),
        InpatientSpec(LR, ICB, "2-5y", "esx-at-north", "mid-essex", delayed=True),
        InpatientSpec(LR, ICB, "2-5y", "esx-at-south", "basildon"),
    ]
    # Independent hospitals 14: 10 in the footprint, 4 outside; 11 over 12 months; 6 over 5 years
    # with the rehab bed above (2 original, 3 later); 4 stepped down from NHS England secure care.
    independent = [
        ("esx-ind-1", LR, "original", "north-east-essex", "esx-ooa-medium-1"),
        ("esx-ind-1", LR, "5y+", "north-east-essex", ""),
        ("esx-ind-2", LR, "5y+", "mid-essex", "esx-low-secure"),
        ("esx-ind-2", LR, "2-5y", "north-east-essex", ""),
        ("esx-ind-3", LR, "2-5y", "west-essex", "esx-low-secure"),
        ("esx-ind-3", B.PICU, "6-12m", "north-east-essex", ""),
        ("esx-ind-4", LR, "2-5y", "mid-essex", ""),
        ("esx-ind-4", B.AT_UNIT, "3-6m", "basildon", ""),
        ("esx-ind-5", LR, "1-2y", "southend", ""),
        ("esx-ind-5", B.AT_UNIT, "<3m", "castle-point", ""),
        ("esx-ooa-ind-1", LR, "original", "thurrock", ""),
        ("esx-ooa-ind-1", LR, "5y+", "west-essex", "esx-ooa-low-2"),
        ("esx-ooa-ind-2", LR, "2-5y", "basildon", ""),
        ("esx-ooa-ind-2", LR, "1-2y", "southend", ""),
    ]
    for unit, bed, stay, home, stepped_down_from in independent:
        specs.append(InpatientSpec(bed, ICB, stay, unit, home, transferred_from=stepped_down_from,
                                   delayed=stay == "1-2y"))
    # Mainstream mental health 5, short stays.
    specs += [
        InpatientSpec(B.ACUTE_MH, ICB, "<3m", "esx-mh-mid", "mid-essex"),
        InpatientSpec(B.ACUTE_MH, ICB, "<3m", "esx-mh-mid", "west-essex", readmission=True),
        InpatientSpec(B.ACUTE_MH, ICB, "<3m", "esx-mh-south", "basildon"),
        InpatientSpec(B.ACUTE_MH, ICB, "<3m", "esx-mh-south", "thurrock"),
        InpatientSpec(B.ACUTE_MH, ICB, "3-6m", "esx-mh-south", "southend"),
    ]
    # NHS England secure 28: 3 original and 4 later over 5 years; 6 in the footprint.
    secure_stays = ["original"] * 3 + ["5y+"] * 4 + ["2-5y"] * 9 + ["1-2y"] * 6 + ["6-12m"] * 4 + ["3-6m"] * 2
    secure_units = (
        [("esx-low-secure", B.SECURE_LOW)] * 6
        + [(f"esx-ooa-low-{n}", B.SECURE_LOW) for n in (1, 2, 3) for _ in range(4)]
        + [("esx-ooa-medium-1", B.SECURE_MEDIUM)] * 4
        + [(f"esx-ooa-medium-{n}", B.SECURE_MEDIUM) for n in (2, 3) for _ in range(3)]
    )
    homes = [area.key for area in ESSEX_AREAS]
    for n, ((unit, bed), stay) in enumerate(zip(secure_units, secure_stays, strict=True)):
        specs.append(InpatientSpec(bed, NHSE, stay, unit, homes[n % len(homes)], delayed=n in (9, 17)))
    # CAMHS tier 4: 3 children, 1 in the footprint.
    specs += [
        InpatientSpec(B.CAMHS_T4, NHSE, "<3m", "esx-camhs", "mid-essex", is_child=True),
        InpatientSpec(B.CAMHS_T4, NHSE, "3-6m", "esx-ooa-camhs", "basildon", is_child=True),
        InpatientSpec(B.CAMHS_T4, NHSE, "<3m", "esx-ooa-camhs", "north-east-essex", is_child=True),
    ]
    return specs


BLMK_PLACEMENTS = [
    # Table 2.08, 31 January 2016: 149 out of area (35 under 18, 29 aged 18-25, 85 over 25).
    PlacementSpec(20, (9, 17), PlacementType.RESIDENTIAL_SCHOOL_52WK),
    PlacementSpec(15, (9, 17), PlacementType.RESIDENTIAL_SCHOOL_38WK),
    PlacementSpec(18, (18, 25), PlacementType.RESIDENTIAL_CARE),
    PlacementSpec(11, (18, 25), PlacementType.SUPPORTED_LIVING),
    PlacementSpec(60, (26, 70), PlacementType.RESIDENTIAL_CARE),
    PlacementSpec(10, (26, 80), PlacementType.NURSING_CARE),
    PlacementSpec(15, (26, 65), PlacementType.SUPPORTED_LIVING),
]
ESSEX_PLACEMENTS = [
    PlacementSpec(90, (8, 17), PlacementType.RESIDENTIAL_SCHOOL_52WK),
    PlacementSpec(62, (8, 17), PlacementType.RESIDENTIAL_SCHOOL_38WK),
    PlacementSpec(30, (18, 70), PlacementType.RESIDENTIAL_CARE),
]


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
            "BLMK", BLMK_UNITS, BLMK_AREAS, _blmk_inpatients(), BLMK_PLACEMENTS,
            community_people=380, discharged_people=40,
            # The A&T unit closed; crisis admissions, local MH wards and out-of-area beds remain.
            history_beds=((B.CRISIS, 5.0), (B.ACUTE_MH, 2.0), (B.PICU, 1.0), (LR, 2.0),
                          (B.SECURE_LOW, 1.0), (B.SECURE_MEDIUM, 0.5)),
        ),
        DemoPicture(
            "ESX", ESSEX_UNITS, ESSEX_AREAS, _essex_inpatients(), ESSEX_PLACEMENTS,
            community_people=560, discharged_people=70,
            # Seed 003: about 27 A&T admissions a year; secure and independent moves are fewer.
            history_beds=((B.AT_UNIT, 6.0), (B.ACUTE_MH, 2.0), (B.PICU, 1.0), (LR, 2.0),
                          (B.SECURE_LOW, 1.0), (B.SECURE_MEDIUM, 0.7)),
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
    return ensure_hospitals(generate_hospitals(
        random.Random(f"{DEMO_SEED}:hospitals"),
        footprints=demo_footprints(),
        units=[unit for picture in demo_pictures() for unit in picture.units],
        extra_outside_sites=4,
    ))


def seed_register_demo(*, today: date | None = None) -> dict[str, dict[str, int]]:
    """Create the demo hospitals and each missing partnership cohort; returns rows written per code."""
    today = today or timezone.localdate()
    pictures = demo_pictures()
    partnerships = {p.code: p for p in Partnership.objects.filter(code__in=[pic.code for pic in pictures])}
    missing = [pic for pic in pictures if pic.code in partnerships
               and not demo_cohort_exists(partnerships[pic.code])]
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
