"""Hospital reference data: providers, sites (in and out of partnership footprints) and wards.

`generate_hospitals` is pure (a seeded `random.Random` in, frozen specs out); `ensure_hospitals`
writes the specs idempotently (found by ODS code and ward name first, the rest bulk-created), so
the demo and the national benchmark can share sites and a second run writes nothing.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from accounts.models import Organisation, OrganisationType

from ..models import BedType, SecurityLevel, Site, Ward, WardDesignation
from .names import PLACE_WORDS, SITE_WORDS, WARD_WORDS, postcode_in

# Real outward codes well away from the demo footprints (BLMK, Essex): hospitals "out of area".
OUTSIDE_DISTRICTS = (
    "NR1",
    "NR4",
    "NR7",
    "CB2",
    "CB21",
    "PE1",
    "PE7",
    "PE29",
    "NN1",
    "NN4",
    "LE2",
    "LE5",
    "NG3",
    "NG17",
    "DN22",
    "CV6",
    "B15",
    "B31",
    "OX3",
    "IP1",
    "IP4",
    "CO10",
    "HP2",
    "AL1",
    "SG1",
    "SG5",
    "WD6",
    "N19",
    "E1",
    "SE5",
    "RG1",
    "BS10",
    "M25",
    "LS8",
    "S10",
    "NE3",
    "TS4",
    "WV10",
)

# The security level a ward of each bed type has unless a unit says otherwise (DOMAIN.md 2.1).
USUAL_SECURITY: dict[str, str] = {
    BedType.AT_UNIT: SecurityLevel.NONE,
    BedType.CRISIS: SecurityLevel.NONE,
    BedType.ACUTE_MH: SecurityLevel.NONE,
    BedType.PICU: SecurityLevel.LOCKED,
    BedType.LOCKED_REHAB: SecurityLevel.LOCKED,
    BedType.SECURE_LOW: SecurityLevel.LOW,
    BedType.SECURE_MEDIUM: SecurityLevel.MEDIUM,
    BedType.SECURE_HIGH: SecurityLevel.HIGH,
    BedType.CAMHS_T4: SecurityLevel.NONE,
    BedType.CAMHS_T4_SECURE: SecurityLevel.LOW,
    BedType.OTHER: SecurityLevel.NONE,
}
MENTAL_ILLNESS_BEDS = frozenset({BedType.ACUTE_MH, BedType.PICU, BedType.CAMHS_T4})


@dataclass(frozen=True)
class WardNeed:
    bed_type: str
    security_level: str = ""
    beds: int = 10

    @property
    def security(self) -> str:
        return self.security_level or USUAL_SECURITY[self.bed_type]


@dataclass(frozen=True)
class UnitRequirement:
    """A hospital unit a picture needs: `footprint` is the partnership code whose footprint holds
    the site, or None for a site outside every footprint."""

    key: str
    is_nhs: bool
    footprint: str | None
    wards: tuple[WardNeed, ...]
    district: str = ""  # a particular outward code; otherwise drawn from the footprint


@dataclass(frozen=True)
class WardSpec:
    name: str
    bed_type: str
    security_level: str
    bed_count: int
    designation: str


@dataclass(frozen=True)
class SiteSpec:
    key: str
    ods_code: str
    name: str
    postcode: str
    wards: tuple[WardSpec, ...]


@dataclass
class ProviderSpec:
    ods_code: str
    name: str
    type: str
    sites: list[SiteSpec] = field(default_factory=list)


def generate_hospitals(
    rng: random.Random,
    *,
    footprints: Mapping[str, Sequence[str]],
    units: Sequence[UnitRequirement] = (),
    extra_sites_per_footprint: int = 0,
    extra_outside_sites: int = 0,
    ods_prefix: str = "XD",
) -> list[ProviderSpec]:
    """Providers owning the required units, plus random extra sites, so that every bed type and
    security level has at least one ward. ODS codes start with `ods_prefix` (X is never issued
    as a first letter of a real NHS site code in England's ODS, so demo codes cannot collide)."""
    in_footprint = {district for districts in footprints.values() for district in districts}
    outside = [d for d in OUTSIDE_DISTRICTS if d not in in_footprint]
    builder = _HospitalBuilder(rng, ods_prefix)
    for unit in units:
        if unit.district:
            district = unit.district
        elif unit.footprint is None:
            district = rng.choice(outside)
        else:
            district = rng.choice(list(footprints[unit.footprint]))
        builder.add_site(unit.key, unit.is_nhs, district, unit.wards, group=unit.footprint)
    for code, districts in sorted(footprints.items()):
        for n in range(extra_sites_per_footprint):
            builder.add_random_site(
                f"{code.lower()}-extra-{n + 1}", rng.choice(list(districts)), code
            )
    for n in range(extra_outside_sites):
        builder.add_random_site(f"outside-extra-{n + 1}", rng.choice(outside), None)
    missing_beds = set(BedType.values) - builder.bed_types
    missing_levels = set(SecurityLevel.values) - builder.security_levels
    if missing_beds or missing_levels:
        needs = [WardNeed(bed) for bed in sorted(missing_beds)]
        needs += [
            WardNeed(_BED_FOR_LEVEL[level], level)
            for level in sorted(missing_levels)
            if not any(need.security == level for need in needs)
        ]
        builder.add_site("coverage", True, rng.choice(outside), tuple(needs), group=None)
    return builder.providers


_BED_FOR_LEVEL = {
    SecurityLevel.NONE: BedType.AT_UNIT,
    SecurityLevel.LOCKED: BedType.LOCKED_REHAB,
    SecurityLevel.LOW: BedType.SECURE_LOW,
    SecurityLevel.MEDIUM: BedType.SECURE_MEDIUM,
    SecurityLevel.HIGH: BedType.SECURE_HIGH,
}

_RANDOM_SITE_MIXES = (
    (WardNeed(BedType.LOCKED_REHAB, beds=16), WardNeed(BedType.PICU, beds=8)),
    (WardNeed(BedType.AT_UNIT, beds=10), WardNeed(BedType.LOCKED_REHAB, beds=6)),
    (WardNeed(BedType.ACUTE_MH, beds=20), WardNeed(BedType.PICU, beds=10)),
    (WardNeed(BedType.SECURE_LOW, beds=15), WardNeed(BedType.SECURE_MEDIUM, beds=15)),
    (WardNeed(BedType.CAMHS_T4, beds=12), WardNeed(BedType.CAMHS_T4_SECURE, beds=8)),
    (WardNeed(BedType.CRISIS, beds=7),),
)


class _HospitalBuilder:
    def __init__(self, rng: random.Random, prefix: str) -> None:
        self.rng = rng
        self.prefix = prefix
        self.providers: list[ProviderSpec] = []
        self._nhs_trust_by_group: dict[str | None, ProviderSpec] = {}
        self._independent_groups: list[ProviderSpec] = []
        self._site_count = 0
        self.bed_types: set[str] = set()
        self.security_levels: set[str] = set()

    def _new_provider(self, is_nhs: bool) -> ProviderSpec:
        place = self.rng.choice(PLACE_WORDS)
        if is_nhs:
            name = f"{place} Valley Partnership NHS Foundation Trust (demo)"
            kind = OrganisationType.PROVIDER_NHS
        else:
            name = (
                f"{place} {self.rng.choice(('Healthcare', 'Care Group', 'Hospitals'))} Ltd (demo)"
            )
            kind = OrganisationType.PROVIDER_INDEPENDENT
        provider = ProviderSpec(f"{self.prefix}P{len(self.providers) + 1:03d}", name, kind)
        self.providers.append(provider)
        return provider

    def _provider_for(self, is_nhs: bool, group: str | None, *, may_share: bool) -> ProviderSpec:
        if is_nhs:
            # One NHS trust per footprint; outside the footprints each NHS site has its own trust.
            if group is not None and group in self._nhs_trust_by_group:
                return self._nhs_trust_by_group[group]
            trust = self._new_provider(True)
            if group is not None:
                self._nhs_trust_by_group[group] = trust
            return trust
        # Independent groups own several of the extra sites, as the large providers do. Required
        # units keep their own provider, so that a move between two of them is a transfer.
        if may_share and self._independent_groups and self.rng.random() < 0.5:
            return self.rng.choice(self._independent_groups)
        provider = self._new_provider(False)
        self._independent_groups.append(provider)
        return provider

    def add_site(
        self,
        key: str,
        is_nhs: bool,
        district: str,
        needs: Sequence[WardNeed],
        *,
        group: str | None,
        may_share: bool = False,
    ) -> None:
        provider = self._provider_for(is_nhs, group, may_share=may_share)
        self._site_count += 1
        words = self.rng.sample(WARD_WORDS, k=len(needs) + 1)
        wards = []
        for word, need in zip(words, needs, strict=False):
            wards.append(self._ward(word, need))
        # A second ward of the main bed type gives ward moves somewhere to go.
        if self.rng.random() < 0.6:
            wards.append(self._ward(words[-1], needs[0]))
        site = SiteSpec(
            key=key,
            ods_code=f"{self.prefix}{self._site_count:04d}",
            name=f"{self.rng.choice(PLACE_WORDS)} {self.rng.choice(SITE_WORDS)} (demo)",
            postcode=postcode_in(district, self.rng),
            wards=tuple(wards),
        )
        provider.sites.append(site)

    def add_random_site(self, key: str, district: str, group: str | None) -> None:
        needs = self.rng.choice(_RANDOM_SITE_MIXES)
        is_nhs = needs[0].bed_type in {BedType.ACUTE_MH, BedType.CRISIS, BedType.CAMHS_T4}
        self.add_site(
            key, is_nhs or self.rng.random() < 0.3, district, needs, group=group, may_share=True
        )

    def _ward(self, word: str, need: WardNeed) -> WardSpec:
        self.bed_types.add(need.bed_type)
        self.security_levels.add(need.security)
        designation = (
            WardDesignation.MH if need.bed_type in MENTAL_ILLNESS_BEDS else WardDesignation.LD
        )
        return WardSpec(
            name=f"{word} ward",
            bed_type=need.bed_type,
            security_level=need.security,
            bed_count=need.beds,
            designation=designation,
        )


def ensure_hospitals(providers: Sequence[ProviderSpec]) -> dict[str, Site]:
    """Write the specs that are not there yet (a fixed handful of queries); returns site by key."""
    orgs = {
        o.ods_code: o
        for o in Organisation.objects.filter(ods_code__in=[p.ods_code for p in providers])
    }
    Organisation.objects.bulk_create(
        Organisation(ods_code=p.ods_code, name=p.name, type=p.type)
        for p in providers
        if p.ods_code not in orgs
    )
    orgs = {
        o.ods_code: o
        for o in Organisation.objects.filter(ods_code__in=[p.ods_code for p in providers])
    }
    specs = {site.ods_code: (provider, site) for provider in providers for site in provider.sites}
    sites = {s.ods_code: s for s in Site.objects.filter(ods_code__in=specs)}
    Site.objects.bulk_create(
        Site(
            provider=orgs[provider.ods_code],
            ods_code=spec.ods_code,
            name=spec.name,
            postcode=spec.postcode,
        )
        for code, (provider, spec) in specs.items()
        if code not in sites
    )
    sites = {s.ods_code: s for s in Site.objects.filter(ods_code__in=specs)}
    existing = set(
        Ward.objects.filter(site__in=sites.values()).values_list("site__ods_code", "name")
    )
    Ward.objects.bulk_create(
        Ward(
            site=sites[code],
            name=ward.name,
            bed_type=ward.bed_type,
            security_level=ward.security_level,
            bed_count=ward.bed_count,
            designation=ward.designation,
        )
        for code, (_, spec) in specs.items()
        for ward in spec.wards
        if (code, ward.name) not in existing
    )
    return {spec.key: sites[code] for code, (_, spec) in specs.items()}
