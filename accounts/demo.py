"""Demo partnerships and users, modelled on the BLMK (seed 004) and Essex (seed 003) plans.

Idempotent: every row is found by its natural key first, so a second run changes nothing.
"""

from dataclasses import dataclass

from django.db import transaction

from .models import (
    Membership,
    Organisation,
    OrganisationType,
    Partnership,
    PartnershipPopulation,
    Role,
    User,
)

DEMO_PASSWORD = "demo-password-2026"  # noqa: S105 - dev-only demo accounts, printed by seed_demo


@dataclass(frozen=True)
class OrgSpec:
    ods_code: str
    name: str
    type: str
    districts: str = ""


BLMK_MEMBERS = [
    OrgSpec(
        "QHG",
        "Bedfordshire, Luton and Milton Keynes ICB",
        OrganisationType.ICB,
        "MK1 MK2 MK3 MK4 MK5 MK6 MK7 MK8 MK9 MK10 MK11 MK12 MK13 MK14 MK15 MK17 MK19 "
        "MK40 MK41 MK42 MK43 MK44 MK45 LU1 LU2 LU3 LU4 LU5 LU6 LU7 SG15 SG16 SG17 SG18 SG19",
    ),
    OrgSpec("06F", "NHS Bedfordshire CCG", OrganisationType.CCG_HISTORIC),
    OrgSpec("06P", "NHS Luton CCG", OrganisationType.CCG_HISTORIC),
    OrgSpec("04F", "NHS Milton Keynes CCG", OrganisationType.CCG_HISTORIC),
    OrgSpec(
        "E06000055",
        "Bedford Borough Council",
        OrganisationType.LOCAL_AUTHORITY,
        "MK40 MK41 MK42 MK43 MK44",
    ),
    OrgSpec(
        "E06000056",
        "Central Bedfordshire Council",
        OrganisationType.LOCAL_AUTHORITY,
        "MK45 SG15 SG16 SG17 SG18 SG19 LU5 LU6 LU7",
    ),
    OrgSpec(
        "E06000032", "Luton Borough Council", OrganisationType.LOCAL_AUTHORITY, "LU1 LU2 LU3 LU4"
    ),
    OrgSpec(
        "E06000042",
        "Milton Keynes City Council",
        OrganisationType.LOCAL_AUTHORITY,
        "MK1 MK2 MK3 MK4 MK5 MK6 MK7 MK8 MK9 MK10 MK11 MK12 MK13 MK14 MK15 MK17 MK19",
    ),
]

ESSEX_MEMBERS = [
    OrgSpec(
        "QH8",
        "Mid and South Essex ICB",
        OrganisationType.ICB,
        "CM0 CM1 CM2 CM3 CM4 CM7 CM8 CM9 CM11 CM12 CM13 CM14 CM15 SS0 SS1 SS2 SS3 SS4 SS5 SS6 "
        "SS7 SS8 SS9 SS11 SS12 SS13 SS14 SS15 SS16 SS17 RM16 RM17 RM18 RM19 RM20",
    ),
    OrgSpec(
        "QJG",
        "Suffolk and North East Essex ICB",
        OrganisationType.ICB,
        "CO1 CO2 CO3 CO4 CO5 CO6 CO7 CO9 CO11 CO12 CO13 CO14 CO15 CO16",
    ),
    OrgSpec(
        "QM7",
        "Hertfordshire and West Essex ICB",
        OrganisationType.ICB,
        "CM16 CM17 CM18 CM19 CM20 CM21 CM22 CM23 CM24 IG10",
    ),
    OrgSpec("99E", "NHS Basildon and Brentwood CCG", OrganisationType.CCG_HISTORIC),
    OrgSpec("99F", "NHS Castle Point and Rochford CCG", OrganisationType.CCG_HISTORIC),
    OrgSpec("06Q", "NHS Mid Essex CCG", OrganisationType.CCG_HISTORIC),
    OrgSpec("06T", "NHS North East Essex CCG", OrganisationType.CCG_HISTORIC),
    OrgSpec("99G", "NHS Southend CCG", OrganisationType.CCG_HISTORIC),
    OrgSpec("07G", "NHS Thurrock CCG", OrganisationType.CCG_HISTORIC),
    OrgSpec("07H", "NHS West Essex CCG", OrganisationType.CCG_HISTORIC),
    OrgSpec("E10000012", "Essex County Council", OrganisationType.LOCAL_AUTHORITY),
    OrgSpec("E06000033", "Southend-on-Sea City Council", OrganisationType.LOCAL_AUTHORITY),
    OrgSpec("E06000034", "Thurrock Council", OrganisationType.LOCAL_AUTHORITY),
]

NHSE_EAST = OrgSpec(
    "13Q", "NHS England East of England Specialised Commissioning", OrganisationType.NHSE_SPEC
)


@dataclass(frozen=True)
class PartnershipSpec:
    code: str
    name: str
    members: list[OrgSpec]
    adults: int
    children: int
    baseline_2015: int
    email_slug: str


PARTNERSHIPS = [
    # Seed 004: 31 inpatients (17 CCG + 14 NHSE) in early 2016; BLMK adults ~ 0.73 million.
    PartnershipSpec(
        "BLMK",
        "Bedfordshire, Luton and Milton Keynes TCP",
        BLMK_MEMBERS,
        adults=734_000,
        children=228_000,
        baseline_2015=31,
        email_slug="blmk",
    ),
    # Seed 003: 69 inpatients Dec 2015, BRS ranges imply ~1.45 million adults (DOMAIN E12).
    PartnershipSpec(
        "ESX",
        "Essex TCP",
        ESSEX_MEMBERS,
        adults=1_450_000,
        children=372_000,
        baseline_2015=69,
        email_slug="essex",
    ),
]

ROLE_LOGINS = [
    (Role.COMMISSIONER, "commissioner", "Casey Commissioner"),
    (Role.CARE_COORDINATOR, "coordinator", "Cameron Coordinator"),
    (Role.BOARD_MEMBER, "board", "Bailey Board-Member"),
    (Role.PARTNERSHIP_ADMIN, "admin", "Alex Admin"),
]


def demo_email(role_slug: str, partnership_slug: str) -> str:
    return f"{role_slug}.{partnership_slug}@example.nhs.uk"


def _organisation(spec: OrgSpec) -> Organisation:
    org, _ = Organisation.objects.get_or_create(
        ods_code=spec.ods_code,
        defaults={"name": spec.name, "type": spec.type, "postcode_districts": spec.districts},
    )
    return org


@transaction.atomic
def seed_partnerships(*, financial_years: range = range(2015, 2027)) -> list[tuple[str, str, str]]:
    """Create the demo partnerships and one user per role; returns (email, role, partnership)."""
    nhse = _organisation(NHSE_EAST)
    logins = []
    for spec in PARTNERSHIPS:
        partnership, _ = Partnership.objects.get_or_create(
            code=spec.code,
            defaults={"name": spec.name, "baseline_inpatients_2015": spec.baseline_2015},
        )
        partnership.members.add(nhse, *[_organisation(member) for member in spec.members])
        for year in financial_years:
            PartnershipPopulation.objects.get_or_create(
                partnership=partnership,
                financial_year_start=year,
                defaults={"adults_18_plus": spec.adults, "children_under_18": spec.children},
            )
        home_icb = Organisation.objects.get(ods_code=spec.members[0].ods_code)
        for role, slug, name in ROLE_LOGINS:
            email = demo_email(slug, spec.email_slug)
            user = User.objects.filter(email=email).first()
            if user is None:
                user = User.objects.create_user(
                    email, DEMO_PASSWORD, full_name=name, organisation=home_icb
                )
            Membership.objects.get_or_create(
                user=user, partnership=partnership, defaults={"role": role}
            )
            logins.append((email, Role(role).label, spec.code))
    return logins
