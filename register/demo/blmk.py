"""The Bedfordshire, Luton and Milton Keynes picture (seed 004) and how its figures were
reconciled (DOMAIN.md 5.7; seed 004 tables 2.08-2.14 and section 2).

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
"""

from __future__ import annotations

from ..generators import HomeArea, InpatientSpec, PlacementSpec, UnitRequirement, WardNeed
from ..models import BedType, CommissionerType, PlacementType, SecurityLevel

ICB, NHSE = CommissionerType.ICB, CommissionerType.NHSE_SPEC
B = BedType
LR = B.LOCKED_REHAB


def _unit(
    key: str, is_nhs: bool, footprint: str | None, *wards: WardNeed, district: str = ""
) -> UnitRequirement:
    return UnitRequirement(key, is_nhs, footprint, tuple(wards), district)


BLMK_UNITS = [
    # Table 2.11: in the footprint.
    _unit("blmk-crisis", True, "BLMK", WardNeed(B.CRISIS, beds=7), district="MK43"),
    _unit(
        "blmk-rehab",
        False,
        "BLMK",
        WardNeed(B.LOCKED_REHAB, beds=20),
        WardNeed(B.LOCKED_REHAB, beds=18),
        WardNeed(B.PICU, beds=15),
        district="MK14",
    ),
    _unit("blmk-low-secure", True, "BLMK", WardNeed(B.SECURE_LOW, beds=16), district="MK42"),
    _unit(
        "blmk-mh",
        True,
        "BLMK",
        WardNeed(B.ACUTE_MH, beds=22),
        WardNeed(B.PICU, beds=10),
        district="LU4",
    ),
    _unit(
        "blmk-medium-secure",
        False,
        "BLMK",
        WardNeed(B.SECURE_MEDIUM, beds=30),
        WardNeed(B.SECURE_LOW, beds=14),
        district="MK5",
    ),
    # Table 2.12, outside: locked rehab units 2, 5, 7, 8, 9, 10, 13; secure 3, 4, 6, 11, 12.
    *[
        _unit(
            f"blmk-ooa-rehab-{n}",
            False,
            None,
            WardNeed(B.LOCKED_REHAB, beds=12),
            WardNeed(B.PICU, beds=6),
        )
        for n in (2, 5, 7, 8, 9, 10, 13)
    ],
    _unit("blmk-ooa-secure-3", False, None, WardNeed(B.SECURE_LOW, beds=15)),
    _unit(
        "blmk-ooa-secure-4",
        False,
        None,
        WardNeed(B.SECURE_MEDIUM, beds=15),
        WardNeed(B.SECURE_LOW, beds=12),
    ),
    _unit("blmk-ooa-secure-6", True, None, WardNeed(B.SECURE_LOW, beds=15)),
    _unit("blmk-ooa-secure-11", True, None, WardNeed(B.SECURE_MEDIUM, beds=20)),
    _unit("blmk-ooa-secure-12", False, None, WardNeed(B.SECURE_MEDIUM, beds=16)),
    # Table 2.14: children, outside.
    _unit("blmk-ooa-child-a", False, None, WardNeed(B.CAMHS_T4_SECURE, SecurityLevel.LOW, beds=10)),
    _unit(
        "blmk-ooa-child-b",
        True,
        None,
        WardNeed(B.CAMHS_T4_SECURE, SecurityLevel.MEDIUM, beds=8),
        WardNeed(B.CAMHS_T4, beds=12),
    ),
]

BLMK_AREAS = [
    HomeArea(
        "bedford",
        "E06000055",
        "QHG",
        ("MK40", "MK41", "MK42", "MK43", "MK44"),
        ccg="06F",
        weight=1.8,
        gp_prefix="E81",
    ),
    HomeArea(
        "central-beds",
        "E06000056",
        "QHG",
        ("MK45", "SG15", "SG16", "SG17", "SG18", "SG19", "LU5", "LU6", "LU7"),
        ccg="06F",
        weight=2.9,
        gp_prefix="E81",
    ),
    HomeArea(
        "luton",
        "E06000032",
        "QHG",
        ("LU1", "LU2", "LU3", "LU4"),
        ccg="06P",
        weight=2.2,
        gp_prefix="E81",
    ),
    HomeArea(
        "milton-keynes",
        "E06000042",
        "QHG",
        (
            "MK1",
            "MK2",
            "MK3",
            "MK4",
            "MK5",
            "MK6",
            "MK8",
            "MK9",
            "MK10",
            "MK12",
            "MK13",
            "MK14",
            "MK15",
        ),
        ccg="04F",
        weight=2.9,
        gp_prefix="K82",
    ),
]


def blmk_inpatients() -> list[InpatientSpec]:
    """The 31 of seed 004, numbered as in the module docstring's reconciliation."""
    bed, lut, mk = "bedford", "luton", "milton-keynes"
    cbe = "central-beds"
    icb = [
        # Bedfordshire: 2 original (out of area, stepped down from secure), 2 later in crisis.
        InpatientSpec(
            LR, ICB, "original", "blmk-ooa-rehab-2", bed, transferred_from="blmk-ooa-secure-4"
        ),
        InpatientSpec(
            LR, ICB, "original", "blmk-ooa-rehab-2", cbe, transferred_from="blmk-ooa-secure-3"
        ),
        InpatientSpec(B.CRISIS, ICB, "<3m", "blmk-crisis", bed, delayed=True),
        InpatientSpec(B.CRISIS, ICB, "<3m", "blmk-crisis", cbe),
        # Luton: 2 original out of area; 1 in crisis (readmitted); 1 admitted at 16, now adult.
        InpatientSpec(LR, ICB, "original", "blmk-ooa-rehab-5", lut),
        InpatientSpec(LR, ICB, "original", "blmk-ooa-rehab-7", lut),
        InpatientSpec(B.CRISIS, ICB, "<3m", "blmk-crisis", lut, readmission=True),
        InpatientSpec(
            LR,
            ICB,
            "2-5y",
            "blmk-ooa-rehab-8",
            lut,
            admitted_as_child=True,
            transferred_from="blmk-ooa-child-b",
        ),
        # Milton Keynes: 3 original, 6 later (3 transferred from NHS England secure care).
        InpatientSpec(LR, ICB, "original", "blmk-rehab", mk),
        InpatientSpec(LR, ICB, "original", "blmk-ooa-rehab-2", mk, discharge_planned_soon=True),
        InpatientSpec(
            LR, ICB, "original", "blmk-ooa-rehab-9", mk, discharge_planned_soon=True, delayed=True
        ),
        InpatientSpec(LR, ICB, "5y+", "blmk-rehab", mk, transferred_from="blmk-medium-secure"),
        InpatientSpec(LR, ICB, "2-5y", "blmk-rehab", mk, transferred_from="blmk-low-secure"),
        InpatientSpec(LR, ICB, "2-5y", "blmk-rehab", mk),
        InpatientSpec(
            LR, ICB, "2-5y", "blmk-ooa-rehab-9", mk, transferred_from="blmk-ooa-secure-11"
        ),
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
