"""What a cohort is generated from (specs, the partnership's reference data) and what it yields."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TypeVar

from django.db import models

from accounts.models import Membership, Organisation, OrganisationType, Partnership, Role, User

from ..models import CommissionerType, Person, Site, Ward

M = TypeVar("M", bound=models.Model)

# DOMAIN.md 11 WINTERBOURNE_CUTOFF: stays that started before it are the original cohort.
WINTERBOURNE_CUTOFF = date(2014, 3, 1)
# CCGs handed over to ICBs on this day; spells that ended before it carry the CCG as commissioner.
ICBS_ESTABLISHED = date(2022, 7, 1)


@dataclass(frozen=True)
class HomeArea:
    """Where people of a partnership live: a local authority, the ICB (and before July 2022 the
    CCG) responsible for them, and the postcode districts their homes are drawn from."""

    key: str
    local_authority: str  # ODS code of a member local authority ("" if the footprint has none)
    icb: str
    districts: tuple[str, ...]
    ccg: str = ""
    weight: float = 1.0
    gp_prefix: str = "Y00"


@dataclass(frozen=True)
class InpatientSpec:
    """One person in hospital today. `stay` is the band the continuous stay started in:
    "original" (before WINTERBOURNE_CUTOFF), "5y+", "2-5y", "1-2y", "6-12m", "3-6m", "<3m".

    `unit` names a site key; empty means any ward of `bed_type` in (or out of) the footprint.
    `transferred_from` names the unit of an earlier spell in the same continuous stay.
    """

    bed_type: str
    commissioner_type: str
    stay: str
    unit: str = ""
    home: str = ""
    in_area: bool = True
    is_child: bool = False
    admitted_as_child: bool = False
    transferred_from: str = ""
    delayed: bool = False
    readmission: bool = False
    discharge_planned_soon: bool = False


def inpatients(count: int, **spec: object) -> list[InpatientSpec]:
    """`count` identical slots, so that a picture reads like the seed's tables."""
    return [InpatientSpec(**spec) for _ in range(count)]  # type: ignore[arg-type]


@dataclass(frozen=True)
class PlacementSpec:
    """`count` community people aged within `ages` today with a current placement of `type`."""

    count: int
    ages: tuple[int, int]
    type: str
    is_out_of_area: bool = True
    is_for_lack_of_local_provision_share: float = 0.7


@dataclass
class PartnershipContext:
    """The partnership's reference data, loaded once (a fixed handful of queries)."""

    partnership: Partnership
    areas: list[HomeArea]
    organisations: dict[str, Organisation]
    nhse: Organisation
    commissioners: list[User]
    coordinators: list[User]
    units: dict[str, list[Ward]]
    wards: dict[tuple[str, bool], list[Ward]]
    footprint: frozenset[str]

    @classmethod
    def load(
        cls,
        partnership: Partnership,
        *,
        home_areas: Sequence[HomeArea] | None = None,
        units: Mapping[str, Site] | None = None,
    ) -> PartnershipContext:
        members = list(partnership.members.all())
        organisations = {org.ods_code: org for org in members}
        footprint = frozenset(
            district.upper() for org in members for district in org.postcode_districts.split()
        )
        areas = list(home_areas) if home_areas is not None else _default_areas(members)
        for area in areas:
            for code in (area.local_authority, area.icb, area.ccg):
                if code and code not in organisations:
                    raise ValueError(
                        f"Home area {area.key}: {code} is not a member of {partnership.code}."
                    )
        if not areas:
            raise ValueError(
                f"{partnership.code} has no member organisation with postcode districts."
            )
        nhse = next((org for org in members if org.type == OrganisationType.NHSE_SPEC), None)
        if nhse is None:
            nhse = (
                Organisation.objects.filter(type=OrganisationType.NHSE_SPEC).order_by("pk").first()
            )
        if nhse is None:
            raise ValueError("No NHS England specialised commissioning organisation exists.")
        staff: dict[str, list[User]] = defaultdict(list)
        for membership in (
            Membership.objects.filter(partnership=partnership).select_related("user").order_by("pk")
        ):
            staff[membership.role].append(membership.user)
        if not staff[Role.COMMISSIONER] and not staff[Role.CARE_COORDINATOR]:
            raise ValueError(
                f"{partnership.code} needs a commissioner or care coordinator to rate risk."
            )
        site_keys = {site.pk: key for key, site in (units or {}).items()}
        by_unit: dict[str, list[Ward]] = defaultdict(list)
        by_bed: dict[tuple[str, bool], list[Ward]] = defaultdict(list)
        for ward in (
            Ward.objects.filter(is_active=True).select_related("site__provider").order_by("pk")
        ):
            if ward.site_id in site_keys:
                by_unit[site_keys[ward.site_id]].append(ward)
            by_bed[(ward.bed_type, ward.site.postcode_district in footprint)].append(ward)
        return cls(
            partnership=partnership,
            areas=areas,
            organisations=organisations,
            nhse=nhse,
            commissioners=staff[Role.COMMISSIONER] or staff[Role.CARE_COORDINATOR],
            coordinators=staff[Role.CARE_COORDINATOR],
            units=dict(by_unit),
            wards=dict(by_bed),
            footprint=footprint,
        )

    def commissioner_for(
        self, area: HomeArea, commissioner_type: str, *, ended: date | None
    ) -> Organisation:
        if commissioner_type == CommissionerType.NHSE_SPEC:
            return self.nhse
        if ended is not None and ended < ICBS_ESTABLISHED and area.ccg:
            return self.organisations[area.ccg]
        return self.organisations[area.icb]


def _default_areas(members: Sequence[Organisation]) -> list[HomeArea]:
    icbs = [org for org in members if org.type == OrganisationType.ICB]
    icb = icbs[0].ods_code if icbs else ""
    councils = [
        org
        for org in members
        if org.type == OrganisationType.LOCAL_AUTHORITY and org.postcode_districts
    ]
    if councils and icb:
        return [
            HomeArea(org.ods_code, org.ods_code, icb, tuple(org.postcode_districts.split()))
            for org in councils
        ]
    return [
        HomeArea(org.ods_code, "", org.ods_code, tuple(org.postcode_districts.split()))
        for org in icbs
        if org.postcode_districts
    ]


@dataclass
class Cohort:
    """Unsaved model instances for one partnership, linked by object; `write_cohorts` saves them."""

    partnership: Partnership
    rows: dict[type[models.Model], list[models.Model]] = field(
        default_factory=lambda: defaultdict(list)
    )

    def add(self, obj: M) -> M:
        self.rows[type(obj)].append(obj)
        return obj

    def of(self, model: type[M]) -> list[M]:
        return self.rows.get(model, [])  # type: ignore[return-value]

    @property
    def people(self) -> list[Person]:
        return self.of(Person)

    def counts(self) -> dict[str, int]:
        return {model.__name__: len(objs) for model, objs in self.rows.items()}

    def __iter__(self) -> Iterator[models.Model]:
        for objs in self.rows.values():
            yield from objs
