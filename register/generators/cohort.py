"""Whole cohorts: the people of one partnership with their histories, built in memory."""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import date, timedelta

from accounts.models import Partnership

from ..models import (
    BedType,
    CommissionerType,
    DischargeDestination,
    DsrClosedReason,
    Site,
    Ward,
)
from .community import assign_coordinator, community_records
from .context import (
    WINTERBOURNE_CUTOFF,
    Cohort,
    HomeArea,
    InpatientSpec,
    PartnershipContext,
    PlacementSpec,
)
from .lives import CohortBuilder, Life
from .names import add_years, random_date, synthetic_nhs_numbers
from .tables import CHILD_BEDS, DAY, LOS_DAYS, NHSE_BEDS, pick, stay_start

# Where people discharged in the history window had been (adults); a partnership can pass its own.
ADULT_HISTORY_BEDS = (
    (BedType.AT_UNIT, 4.0),
    (BedType.CRISIS, 2.0),
    (BedType.ACUTE_MH, 3.0),
    (BedType.PICU, 1.0),
    (BedType.LOCKED_REHAB, 2.0),
    (BedType.SECURE_LOW, 1.0),
    (BedType.SECURE_MEDIUM, 0.5),
)
COMMUNITY_AGES = (
    ((6, 13), 0.10),
    ((14, 17), 0.14),
    ((18, 25), 0.20),
    ((26, 64), 0.50),
    ((65, 80), 0.06),
)
# Days from a discharge to the readmission: inside 28 days, 90 days, 12 months, and after.
READMISSION_GAPS = ((5, 27), (28, 89), (90, 365), (366, 540))


def generate_partnership_cohort(
    partnership: Partnership,
    *,
    rng: random.Random,
    today: date,
    community_people: int,
    inpatients: Sequence[InpatientSpec] | int = 0,
    discharged_people: int | None = None,
    placements: Sequence[PlacementSpec] = (),
    deaths: int | None = None,
    home_areas: Sequence[HomeArea] | None = None,
    units: dict[str, Site] | None = None,
    history_days: int = 730,
    history_beds: Sequence[tuple[str, float]] = ADULT_HISTORY_BEDS,
    id_prefix: str | None = None,
    coordinator_share: float = 0.1,
    cutoff: date = WINTERBOURNE_CUTOFF,
    context: PartnershipContext | None = None,
) -> Cohort:
    """People of one partnership, built in memory (reads reference data, writes nothing).

    - `inpatients`: the people in hospital today, as specs (a picture) or a number drawn at random;
    - `community_people`: everyone else, of whom `placements` live in the placements given,
      `discharged_people` (default one in eight) left hospital inside the `history_days` window
      (some readmitted, some transferred, a few died there) and `deaths` died in the community.
    The same `rng` seed and `today` give the same rows.
    """
    ctx = context or PartnershipContext.load(partnership, home_areas=home_areas, units=units)
    specs = (
        random_inpatient_specs(rng, inpatients) if isinstance(inpatients, int) else list(inpatients)
    )
    placement_slots = [spec for spec in placements for _ in range(spec.count)]
    discharged = community_people // 8 if discharged_people is None else discharged_people
    deaths = max(1, community_people // 150) if deaths is None else deaths
    others = community_people - len(placement_slots) - discharged
    if others < deaths:
        raise ValueError(
            "community_people must cover the placements, the discharged and the deaths."
        )
    builder = CohortBuilder(
        ctx,
        rng=rng,
        today=today,
        history_days=history_days,
        id_prefix=id_prefix or f"GEN-{partnership.code}-",
        nhs_numbers=synthetic_nhs_numbers(rng, len(specs) + community_people),
        cutoff=cutoff,
        coordinator_share=coordinator_share,
    )
    for spec in specs:
        _inpatient(builder, spec)
    for placement in placement_slots:
        _placement_person(builder, placement)
    for index in range(discharged):
        _discharged_person(builder, history_beds, index=index, of=discharged)
    for index in range(others):
        _community_person(builder, dies=index < deaths)
    return builder.cohort


def random_inpatient_specs(rng: random.Random, count: int) -> list[InpatientSpec]:
    """An inpatient picture shaped like the national AT figures, for scaled datasets."""
    short = (("<3m", 5.0), ("3-6m", 2.0), ("6-12m", 1.5), ("1-2y", 1.0), ("2-5y", 0.5))
    long = (
        ("original", 0.6),
        ("5y+", 1.2),
        ("2-5y", 2.5),
        ("1-2y", 2.0),
        ("6-12m", 1.5),
        ("3-6m", 1.0),
        ("<3m", 0.8),
    )
    specs = []
    for _ in range(count):
        if rng.random() < 0.06:
            bed = pick(rng, CHILD_BEDS)
            specs.append(
                InpatientSpec(
                    bed,
                    CommissionerType.NHSE_SPEC,
                    pick(rng, short[:3]),
                    in_area=rng.random() < 0.4,
                    is_child=True,
                )
            )
            continue
        if rng.random() < 0.45:
            bed = pick(
                rng, ((BedType.SECURE_LOW, 5), (BedType.SECURE_MEDIUM, 4), (BedType.SECURE_HIGH, 1))
            )
        else:
            bed = pick(
                rng,
                (
                    (BedType.AT_UNIT, 3),
                    (BedType.CRISIS, 1),
                    (BedType.ACUTE_MH, 2),
                    (BedType.PICU, 1),
                    (BedType.LOCKED_REHAB, 4),
                ),
            )
        stays = long if bed in NHSE_BEDS or bed == BedType.LOCKED_REHAB else short
        commissioner = CommissionerType.NHSE_SPEC if bed in NHSE_BEDS else CommissionerType.ICB
        specs.append(
            InpatientSpec(
                bed,
                commissioner,
                pick(rng, stays),
                in_area=rng.random() < 0.5,
                delayed=rng.random() < 0.12,
                readmission=stays is short and rng.random() < 0.15,
            )
        )
    return specs


def _area(builder: CohortBuilder, key: str) -> HomeArea | None:
    if not key:
        return None
    return next(area for area in builder.ctx.areas if area.key == key)


def _inpatient(b: CohortBuilder, spec: InpatientSpec) -> Life:
    rng, today = b.rng, b.today
    start = stay_start(spec.stay, today, rng, b.cutoff)
    if spec.is_child:
        dob = random_date(
            rng, add_years(today, -18) + DAY, min(add_years(today, -13), add_years(start, -12))
        )
    elif spec.admitted_as_child:
        dob = random_date(rng, add_years(start, -18) + DAY, add_years(start, -16))
    else:
        dob = random_date(
            rng, max(add_years(start, -55), add_years(today, -78)), add_years(start, -19)
        )
    life = b.person(dob=dob, area=_area(b, spec.home), male_share=0.72)
    person = life.person
    person.has_mental_health_condition = rng.random() < 0.6
    if spec.stay == "original":
        person.cohorts = sorted({*person.cohorts, "5"})
    if spec.bed_type in {BedType.SECURE_LOW, BedType.SECURE_MEDIUM, BedType.SECURE_HIGH}:
        person.cohorts = sorted({*person.cohorts, "3"})
    if spec.delayed:
        start = min(start, today - 30 * DAY)  # long enough to be clinically ready and waiting
    ward = (
        b.unit_ward(spec.unit, spec.bed_type)
        if spec.unit
        else b.pick_ward(spec.bed_type, in_area=spec.in_area)
    )
    if spec.readmission:
        discharged = start - timedelta(days=rng.randint(20, 250))
        admitted = max(discharged - timedelta(days=rng.randint(14, 90)), add_years(dob, 14))
        b.join_dsr(life, max(dob, admitted - timedelta(days=rng.randint(60, 700))))
        b.spell(life, ward=ward, admission=admitted, discharge=discharged)
    elif start > today - 1000 * DAY and rng.random() < 0.5:
        b.join_dsr(life, max(dob, start - timedelta(days=rng.randint(30, 600))))
    delayed = spec.delayed or None  # None: the usual chance of a delay
    if spec.transferred_from:
        if spec.admitted_as_child:
            moved = add_years(dob, 18) + timedelta(days=rng.randint(0, 60))
        else:
            latest = start + timedelta(days=max(90, round((today - start).days * 0.7)))
            moved = random_date(rng, start + 90 * DAY, min(latest, today - 30 * DAY))
        first = b.spell(
            life,
            ward=b.unit_ward(spec.transferred_from),
            admission=start,
            discharge=moved,
            destination=DischargeDestination.OTHER_HOSPITAL,
        )
    else:
        first, moved = None, start
    b.spell(
        life,
        ward=ward,
        admission=moved,
        transferred_from=first,
        commissioner_type=spec.commissioner_type,
        delayed=delayed,
        discharge_planned_soon=spec.discharge_planned_soon,
    )
    b.dsr_history(life)
    assign_coordinator(b, life, since=max(start, today - 1100 * DAY))
    community_records(b, life)
    return life


def _placement_person(b: CohortBuilder, spec: PlacementSpec) -> Life:
    rng, today = b.rng, b.today
    life = b.person(dob=b.dob_aged(*spec.ages), male_share=0.62)
    joined = None
    if rng.random() < 0.75:
        joined = random_date(
            rng, max(life.person.date_of_birth, today - 1800 * DAY), today - 7 * DAY
        )
        b.join_dsr(life, joined)
    b.dsr_history(life)
    if rng.random() < 0.9:
        assign_coordinator(b, life, since=joined or today - 400 * DAY)
    community_records(b, life, placement=spec)
    return life


def _discharged_person(
    b: CohortBuilder, history_beds: Sequence[tuple[str, float]], *, index: int, of: int
) -> Life:
    """Someone who left hospital inside the history window (and is not in hospital today).

    The `index`-th of `of` such people leaves in the `index`-th slice of the window, and every
    fifth was readmitted (the gaps cycling through the 28-day, 90-day, 12-month and later
    windows), every twentieth transferred and every fortieth died there: each month of the
    window has discharges, and each kind of flow is there whatever the seed.
    """
    rng, today = b.rng, b.today
    dob = b.dob_aged(14, 19) if rng.random() < 0.08 else b.dob_aged(19, 70)
    life = b.person(dob=dob, male_share=0.65)
    in_area = rng.random() < 0.6

    def ward_for(day: date) -> Ward:
        bed = pick(rng, CHILD_BEDS) if life.age_on(day) < 18 else pick(rng, history_beds)
        return b.pick_ward(bed, in_area=in_area)

    def length(ward: Ward) -> int:
        return rng.randint(*LOS_DAYS[ward.bed_type])

    earliest = add_years(dob, 12)
    span = (today - DAY - (b.window_start + 20 * DAY)).days
    slice_start = b.window_start + timedelta(days=20 + span * index // of)
    last_out = random_date(
        rng, slice_start, b.window_start + timedelta(days=20 + span * (index + 1) // of)
    )
    pattern = index % 40
    plan: list[tuple] = []  # (ward, admission, discharge, destination, transferred)
    last_ward = ward_for(last_out)
    last_in = min(max(last_out - timedelta(days=length(last_ward)), earliest), last_out - 7 * DAY)
    if pattern % 5 == 0:
        low, high = READMISSION_GAPS[(pattern // 5) % len(READMISSION_GAPS)]
        last_in = max(last_in, b.window_start)  # the readmission itself falls in the window
        first_out = last_in - timedelta(days=rng.randint(low, high))
        first_ward = ward_for(first_out)
        first_in = first_out - timedelta(days=min(length(first_ward), 400))
        if first_in > earliest:
            plan.append((first_ward, first_in, first_out, "", False))
    elif pattern % 20 == 1:
        first_ward = ward_for(last_in)
        if first_ward.site.provider_id != last_ward.site.provider_id:
            first_in = last_in - timedelta(days=min(length(first_ward), 400))
            if first_in > earliest:
                plan.append(
                    (first_ward, first_in, last_in, DischargeDestination.OTHER_HOSPITAL, False)
                )
    died = pattern == 2
    plan.append(
        (
            last_ward,
            last_in,
            last_out,
            DischargeDestination.DIED if died else "",
            bool(plan) and plan[-1][3] == DischargeDestination.OTHER_HOSPITAL,
        )
    )
    first_in = plan[0][1]
    if rng.random() < 0.2 and first_in - 1200 * DAY > earliest:
        old_out = first_in - timedelta(days=rng.randint(400, 1100))
        old_ward = ward_for(old_out)
        old_in = old_out - timedelta(days=min(length(old_ward), 200))
        if old_in > earliest:
            plan.insert(0, (old_ward, old_in, old_out, "", False))
    if rng.random() < 0.6:
        b.join_dsr(life, max(dob, plan[0][1] - timedelta(days=rng.randint(30, 900))))
    previous = None
    for ward, admitted, left, destination, transferred in plan:
        previous = b.spell(
            life,
            ward=ward,
            admission=admitted,
            discharge=left,
            destination=destination,
            transferred_from=previous if transferred else None,
        )
    if died:
        b.die(life, last_out)
    b.dsr_history(life)
    assign_coordinator(b, life, since=random_date(rng, plan[0][1], last_out))
    community_records(b, life)
    return life


def _community_person(b: CohortBuilder, *, dies: bool) -> Life:
    rng, today = b.rng, b.today
    ages = rng.choices(
        [band for band, _ in COMMUNITY_AGES], [share for _, share in COMMUNITY_AGES]
    )[0]
    life = b.person(dob=b.dob_aged(*ages), male_share=0.58)
    joined = None
    if rng.random() < 0.93:
        # Most people joined recently (the register grew after 2020); a few years ago for others.
        back = min(rng.randint(7, 2200), rng.randint(7, 2200))
        joined = max(life.person.date_of_birth, today - timedelta(days=back))
        b.join_dsr(life, joined)
    closed = None
    if dies:
        b.die(
            life, random_date(rng, max(b.window_start, joined or b.window_start), today - 7 * DAY)
        )
    elif joined and rng.random() < 0.07 and (today - joined).days > 120:
        reason = pick(
            rng,
            (
                (DsrClosedReason.RISK_REDUCED, 6),
                (DsrClosedReason.CONSENT_WITHDRAWN, 2),
                (DsrClosedReason.OTHER, 1),
            ),
        )
        closed = (random_date(rng, joined + 60 * DAY, today - DAY), reason)
    b.dsr_history(life, closed=closed)
    if rng.random() < 0.88:
        assign_coordinator(b, life, since=joined or today - timedelta(days=rng.randint(30, 1500)))
    community_records(b, life)
    return life
