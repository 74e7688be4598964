"""The Essex picture (seed 003) and how its figures were reconciled (DOMAIN.md 5.7).

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

from ..generators import HomeArea, InpatientSpec, PlacementSpec, UnitRequirement, WardNeed
from ..models import BedType, CommissionerType, PlacementType

ICB, NHSE = CommissionerType.ICB, CommissionerType.NHSE_SPEC
B = BedType
LR = B.LOCKED_REHAB


def _unit(
    key: str, is_nhs: bool, footprint: str | None, *wards: WardNeed, district: str = ""
) -> UnitRequirement:
    return UnitRequirement(key, is_nhs, footprint, tuple(wards), district)


ESSEX_UNITS = [
    _unit(
        "esx-at-north",
        True,
        "ESX",
        WardNeed(B.AT_UNIT, beds=10),
        WardNeed(B.LOCKED_REHAB, beds=3),
        district="CO3",
    ),
    _unit(
        "esx-at-south",
        True,
        "ESX",
        WardNeed(B.AT_UNIT, beds=9),
        WardNeed(B.LOCKED_REHAB, beds=3),
        district="CM12",
    ),
    *[
        _unit(
            f"esx-ind-{n}",
            False,
            "ESX",
            WardNeed(B.LOCKED_REHAB, beds=21),
            WardNeed(B.AT_UNIT, beds=8),
            WardNeed(B.PICU, beds=6),
            district=district,
        )
        for n, district in enumerate(("CO4", "CO7", "CO16", "CM3", "SS5"), start=1)
    ],
    _unit(
        "esx-mh-mid",
        True,
        "ESX",
        WardNeed(B.ACUTE_MH, beds=22),
        WardNeed(B.PICU, beds=10),
        district="CM1",
    ),
    _unit("esx-mh-south", True, "ESX", WardNeed(B.ACUTE_MH, beds=24), district="SS16"),
    _unit(
        "esx-low-secure",
        False,
        "ESX",
        WardNeed(B.SECURE_LOW, beds=16),
        WardNeed(B.SECURE_LOW, beds=16),
        WardNeed(B.SECURE_LOW, beds=15),
        district="CO4",
    ),
    _unit("esx-camhs", True, "ESX", WardNeed(B.CAMHS_T4, beds=12), district="CM2"),
    *[_unit(f"esx-ooa-ind-{n}", False, None, WardNeed(B.LOCKED_REHAB, beds=15)) for n in (1, 2)],
    *[_unit(f"esx-ooa-low-{n}", n != 2, None, WardNeed(B.SECURE_LOW, beds=16)) for n in (1, 2, 3)],
    *[
        _unit(f"esx-ooa-medium-{n}", n == 1, None, WardNeed(B.SECURE_MEDIUM, beds=16))
        for n in (1, 2, 3)
    ],
    _unit("esx-ooa-camhs", True, None, WardNeed(B.CAMHS_T4, beds=12)),
    # High secure and "other" wards exist nationally; no demo inpatient uses them today.
    _unit(
        "national-high-secure",
        True,
        None,
        WardNeed(B.SECURE_HIGH, beds=40),
        WardNeed(B.OTHER, beds=10),
        district="DN22",
    ),
]

ESSEX_AREAS = [
    HomeArea(
        "basildon",
        "E10000012",
        "QH8",
        ("SS13", "SS14", "SS15", "SS16", "CM11", "CM12", "CM13", "CM14", "CM15"),
        ccg="99E",
        weight=2.6,
        gp_prefix="F81",
    ),
    HomeArea(
        "castle-point",
        "E10000012",
        "QH8",
        ("SS4", "SS5", "SS6", "SS7", "SS8", "SS11", "SS12"),
        ccg="99F",
        weight=1.8,
        gp_prefix="F81",
    ),
    HomeArea(
        "mid-essex",
        "E10000012",
        "QH8",
        ("CM0", "CM1", "CM2", "CM3", "CM4", "CM7", "CM8", "CM9"),
        ccg="06Q",
        weight=3.8,
        gp_prefix="F81",
    ),
    HomeArea(
        "southend",
        "E06000033",
        "QH8",
        ("SS0", "SS1", "SS2", "SS3", "SS9"),
        ccg="99G",
        weight=1.8,
        gp_prefix="F81",
    ),
    HomeArea(
        "thurrock",
        "E06000034",
        "QH8",
        ("RM16", "RM17", "RM18", "RM19", "RM20", "SS17"),
        ccg="07G",
        weight=1.7,
        gp_prefix="F81",
    ),
    HomeArea(
        "north-east-essex",
        "E10000012",
        "QJG",
        (
            "CO1",
            "CO2",
            "CO3",
            "CO4",
            "CO5",
            "CO6",
            "CO7",
            "CO9",
            "CO11",
            "CO12",
            "CO13",
            "CO14",
            "CO15",
            "CO16",
        ),
        ccg="06T",
        weight=3.3,
        gp_prefix="F81",
    ),
    HomeArea(
        "west-essex",
        "E10000012",
        "QM7",
        ("CM16", "CM17", "CM18", "CM19", "CM20", "CM21", "CM22", "CM23", "CM24", "IG10"),
        ccg="07H",
        weight=3.0,
        gp_prefix="F81",
    ),
]


def essex_inpatients() -> list[InpatientSpec]:
    north = ("north-east-essex", "mid-essex", "west-essex")
    south = ("basildon", "castle-point", "southend", "thurrock", "mid-essex")
    specs: list[InpatientSpec] = []
    # A&T 19: 16 A&T beds (4 of them over 12 months) and 3 longer-term rehab beds, on two NHS sites.
    for site, homes in (("esx-at-north", north), ("esx-at-south", south)):
        stays = ("1-2y", "1-2y", "6-12m", "6-12m", "3-6m", "3-6m", "<3m", "<3m")
        for n, stay in enumerate(stays):
            specs.append(
                InpatientSpec(
                    B.AT_UNIT,
                    ICB,
                    stay,
                    site,
                    homes[n % len(homes)],
                    delayed=n == 2,
                    readmission=n == 6,
                )
            )
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
        specs.append(
            InpatientSpec(
                bed,
                ICB,
                stay,
                unit,
                home,
                transferred_from=stepped_down_from,
                delayed=stay == "1-2y",
            )
        )
    # Mainstream mental health 5, short stays.
    specs += [
        InpatientSpec(B.ACUTE_MH, ICB, "<3m", "esx-mh-mid", "mid-essex"),
        InpatientSpec(B.ACUTE_MH, ICB, "<3m", "esx-mh-mid", "west-essex", readmission=True),
        InpatientSpec(B.ACUTE_MH, ICB, "<3m", "esx-mh-south", "basildon"),
        InpatientSpec(B.ACUTE_MH, ICB, "<3m", "esx-mh-south", "thurrock"),
        InpatientSpec(B.ACUTE_MH, ICB, "3-6m", "esx-mh-south", "southend"),
    ]
    # NHS England secure 28: 3 original and 4 later over 5 years; 6 in the footprint.
    secure_stays = (
        ["original"] * 3 + ["5y+"] * 4 + ["2-5y"] * 9 + ["1-2y"] * 6 + ["6-12m"] * 4 + ["3-6m"] * 2
    )
    secure_units = (
        [("esx-low-secure", B.SECURE_LOW)] * 6
        + [(f"esx-ooa-low-{n}", B.SECURE_LOW) for n in (1, 2, 3) for _ in range(4)]
        + [("esx-ooa-medium-1", B.SECURE_MEDIUM)] * 4
        + [(f"esx-ooa-medium-{n}", B.SECURE_MEDIUM) for n in (2, 3) for _ in range(3)]
    )
    homes = [area.key for area in ESSEX_AREAS]
    for n, ((unit, bed), stay) in enumerate(zip(secure_units, secure_stays, strict=True)):
        specs.append(
            InpatientSpec(bed, NHSE, stay, unit, homes[n % len(homes)], delayed=n in (9, 17))
        )
    # CAMHS tier 4: 3 children, 1 in the footprint.
    specs += [
        InpatientSpec(B.CAMHS_T4, NHSE, "<3m", "esx-camhs", "mid-essex", is_child=True),
        InpatientSpec(B.CAMHS_T4, NHSE, "3-6m", "esx-ooa-camhs", "basildon", is_child=True),
        InpatientSpec(B.CAMHS_T4, NHSE, "<3m", "esx-ooa-camhs", "north-east-essex", is_child=True),
    ]
    return specs


ESSEX_PLACEMENTS = [
    PlacementSpec(90, (8, 17), PlacementType.RESIDENTIAL_SCHOOL_52WK),
    PlacementSpec(62, (8, 17), PlacementType.RESIDENTIAL_SCHOOL_38WK),
    PlacementSpec(30, (18, 70), PlacementType.RESIDENTIAL_CARE),
]
