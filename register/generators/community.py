"""Care coordination and the dated community facts the metrics read "as at" a day (DOMAIN.md 5):
coordinators and their contacts, care plan reviews, crisis plans, health checks, HEF, personal
budgets, accommodation, employment, criminal-justice contact, psychiatric referrals, placements."""

from __future__ import annotations

from datetime import date, timedelta

from accounts.models import Organisation

from ..models import (
    Accommodation,
    AccommodationType,
    AnnualHealthCheck,
    BudgetDeployment,
    BudgetKind,
    CareCoordinatorAssignment,
    CarePlanReview,
    ContactMode,
    CoordinatorContact,
    CriminalJusticeContact,
    CrisisPlan,
    Employment,
    EmploymentStatus,
    HealthEqualityAssessment,
    PersonalBudget,
    Placement,
    PlacementType,
    PsychiatricReferral,
)
from .context import PlacementSpec
from .lives import CohortBuilder, Life
from .names import (
    FAMILY_NAMES,
    FEMALE_GIVEN_NAMES,
    MALE_GIVEN_NAMES,
    PLACE_WORDS,
    add_years,
    random_date,
)
from .tables import DAY, pick

CONTACT_MODES = (
    (ContactMode.FACE_TO_FACE, 65),
    (ContactMode.VIDEO, 15),
    (ContactMode.TELEPHONE, 20),
)
CJS_EVENTS = (
    "Arrested; released without charge",
    "Police contact at home",
    "Community order",
    "Liaison and diversion assessment",
    "Court appearance",
)
HOME_FOR_PLACEMENT = {
    PlacementType.RESIDENTIAL_SCHOOL_52WK: AccommodationType.OTHER,
    PlacementType.RESIDENTIAL_SCHOOL_38WK: AccommodationType.FAMILY_HOME,
    PlacementType.RESIDENTIAL_CARE: AccommodationType.RESIDENTIAL_CARE,
    PlacementType.NURSING_CARE: AccommodationType.NURSING_CARE,
    PlacementType.SUPPORTED_LIVING: AccommodationType.SUPPORTED_LIVING,
    PlacementType.OTHER: AccommodationType.OTHER,
}
PLACEMENT_FOR_HOME = {
    AccommodationType.RESIDENTIAL_CARE: PlacementType.RESIDENTIAL_CARE,
    AccommodationType.NURSING_CARE: PlacementType.NURSING_CARE,
    AccommodationType.SUPPORTED_LIVING: PlacementType.SUPPORTED_LIVING,
}


def _record(b: CohortBuilder, life: Life, model: type, **values: object) -> None:
    # Ids rather than saved objects for the partnership and users: cheaper by the million.
    b.cohort.add(
        model(
            partnership_id=b.partnership_id,
            person=life.person,
            recorded_by_id=life.recorder.pk if life.recorder else None,
            **values,
        )
    )


def assign_coordinator(b: CohortBuilder, life: Life, *, since: date) -> None:
    """A current coordinator from about `since` (a demo user for some, external for most), and
    for about a third of people a previous one whose assignment ended the day before."""
    rng = b.rng
    person = life.person
    lo = max(person.date_of_birth, since - 720 * DAY)
    hi = min(life.horizon, b.today - 7 * DAY, since + 60 * DAY)
    start = random_date(rng, lo, max(lo, hi))
    assigned_by = rng.choice(b.ctx.commissioners)
    if rng.random() < 0.35 and start - 300 * DAY > person.date_of_birth:
        previous_start = random_date(
            rng, max(person.date_of_birth, start - 1500 * DAY), start - 200 * DAY
        )
        b.cohort.add(
            CareCoordinatorAssignment(
                partnership_id=b.partnership_id,
                person=person,
                external_name=_external_name(b),
                organisation=_coordinating_org(b, life),
                start_date=previous_start,
                end_date=start - DAY,
                assigned_by_id=assigned_by.pk,
            )
        )
    user = None
    if b.ctx.coordinators and rng.random() < b.coordinator_share:
        user = rng.choice(b.ctx.coordinators)
    life.coordinator = b.cohort.add(
        CareCoordinatorAssignment(
            partnership_id=b.partnership_id,
            person=person,
            user=user,
            external_name="" if user else _external_name(b),
            organisation=user.organisation if user else _coordinating_org(b, life),
            is_cpa=rng.random() < (0.5 if person.has_mental_health_condition else 0.15),
            start_date=start,
            end_date=person.date_of_death,
            assigned_by_id=assigned_by.pk,
        )
    )
    life.coordinator_name = user.full_name if user else life.coordinator.external_name
    life.recorder = user


def _external_name(b: CohortBuilder) -> str:
    names = MALE_GIVEN_NAMES if b.rng.random() < 0.3 else FEMALE_GIVEN_NAMES
    return f"{b.rng.choice(names)} {b.rng.choice(FAMILY_NAMES)}"


def _coordinating_org(b: CohortBuilder, life: Life) -> Organisation | None:
    # Community teams sit with the council (s75 agreements); never the ICB, whose staff are users.
    return b.ctx.organisations.get(life.area.local_authority)


def community_records(
    b: CohortBuilder, life: Life, *, placement: PlacementSpec | None = None
) -> None:
    if life.coordinator is not None:
        _contacts(b, life, life.coordinator)
        _care_plan_reviews(b, life, life.coordinator)
    _crisis_plan(b, life)
    _health_checks(b, life)
    _accommodation_and_placements(b, life, placement)
    in_hospital_now = life.in_hospital(b.today)
    age = life.age_on(b.today)
    if not in_hospital_now and 16 <= age < 65:
        _employment(b, life, age)
    if not in_hospital_now:
        _budget(b, life, age)
        if age >= 14:
            _psychiatric_referral(b, life)
    if ("3" in life.person.cohorts or "4" in life.person.cohorts) and age >= 12:
        _criminal_justice(b, life)


def _contacts(b: CohortBuilder, life: Life, coordinator: CareCoordinatorAssignment) -> None:
    rng = b.rng
    day = max(b.window_start, coordinator.start_date) + timedelta(days=rng.randint(0, 20))
    while day <= life.horizon:
        _record(
            b,
            life,
            CoordinatorContact,
            contact_date=day,
            mode=pick(rng, CONTACT_MODES),
            by_name=life.coordinator_name,
        )
        # Inpatients are seen about monthly (Annex A indicator 1 looks for 28 days; rule R12);
        # people at home every one to five months.
        gap = rng.randint(7, 34) if life.in_hospital(day) else rng.randint(21, 150)
        day += timedelta(days=gap)


def _care_plan_reviews(
    b: CohortBuilder, life: Life, coordinator: CareCoordinatorAssignment
) -> None:
    rng = b.rng
    day = max(coordinator.start_date, b.window_start - 400 * DAY) + timedelta(
        days=rng.randint(0, 60)
    )
    while day <= life.horizon:
        _record(b, life, CarePlanReview, reviewed_on=day, is_cpa=coordinator.is_cpa)
        day += timedelta(days=rng.randint(240, 430))


def _crisis_plan(b: CohortBuilder, life: Life) -> None:
    rng = b.rng
    share = 0.65 if life.spells else 0.45
    if rng.random() >= share:
        return
    earliest = max(add_years(life.person.date_of_birth, 5), b.today - 1500 * DAY)
    if earliest > life.horizon:
        return
    created = random_date(rng, earliest, life.horizon)
    updated = None
    if rng.random() < 0.5 and (life.horizon - created).days > 60:
        updated = created + timedelta(days=rng.randint(60, (life.horizon - created).days))
    withdrawn = None
    if rng.random() < 0.03 and (life.horizon - (updated or created)).days > 30:
        withdrawn = (updated or created) + timedelta(
            days=rng.randint(30, (life.horizon - (updated or created)).days)
        )
    _record(b, life, CrisisPlan, created_on=created, updated_on=updated, withdrawn_on=withdrawn)


def _health_checks(b: CohortBuilder, life: Life) -> None:
    rng = b.rng
    person = life.person
    if person.has_learning_disability:
        year_start = b.window_start
        while year_start <= life.horizon:
            check = year_start + timedelta(days=rng.randint(0, 364))
            if check <= life.horizon and life.age_on(check) >= 14 and rng.random() < 0.72:
                _record(
                    b,
                    life,
                    AnnualHealthCheck,
                    check_date=check,
                    has_health_action_plan=rng.random() < 0.65,
                )
            year_start += 365 * DAY
    if rng.random() < 0.35:
        _record(
            b,
            life,
            HealthEqualityAssessment,
            assessed_on=random_date(rng, max(b.window_start, person.date_of_birth), life.horizon),
        )


def _accommodation_and_placements(
    b: CohortBuilder, life: Life, placement: PlacementSpec | None
) -> None:
    rng = b.rng
    person = life.person
    if placement is not None:
        start = random_date(
            rng,
            max(add_years(person.date_of_birth, 8), b.today - 3000 * DAY),
            min(b.today - 30 * DAY, life.horizon),
        )
        lack_of_provision = rng.random() < placement.is_for_lack_of_local_provision_share
        _record(
            b,
            life,
            Placement,
            type=placement.type,
            provider_name=_placement_provider(b),
            is_out_of_area=placement.is_out_of_area,
            is_for_lack_of_local_provision=lack_of_provision,
            start_date=start,
            end_date=person.date_of_death,
        )
        life.homes.append([HOME_FOR_PLACEMENT[placement.type], start, None])
    if not life.homes:
        earliest = add_years(person.date_of_birth, 16 if life.age_on(b.today) >= 18 else 0)
        earliest = min(earliest, life.horizon)
        start = random_date(
            rng, max(earliest, b.today - 4000 * DAY), min(b.today - 30 * DAY, life.horizon)
        )
        if rng.random() < 0.3 and (start - earliest).days > 400:
            before = pick(
                rng,
                (
                    (AccommodationType.FAMILY_HOME, 3),
                    (AccommodationType.RESIDENTIAL_CARE, 1),
                    (AccommodationType.SUPPORTED_LIVING, 1),
                ),
            )
            life.homes.append([before, random_date(rng, earliest, start - 365 * DAY), start])
        life.homes.append([life.home_type, start, None])
        if placement is None and life.home_type in PLACEMENT_FOR_HOME and rng.random() < 0.5:
            _record(
                b,
                life,
                Placement,
                type=PLACEMENT_FOR_HOME[life.home_type],
                provider_name=_placement_provider(b),
                start_date=start,
                end_date=person.date_of_death,
            )
        _crisis_stay(b, life)
    if placement is None and life.age_on(b.today) >= 18 and rng.random() < 0.04:
        ended = random_date(rng, b.window_start, min(b.today - DAY, life.horizon))
        _record(
            b,
            life,
            Placement,
            type=PlacementType.RESIDENTIAL_CARE,
            provider_name=_placement_provider(b),
            is_out_of_area=rng.random() < 0.4,
            start_date=ended - timedelta(days=rng.randint(120, 1500)),
            end_date=ended,
            ended_by_breakdown=True,
        )
    for kind, start, end in life.homes:
        if life.person.date_of_death and end is None:
            end = life.person.date_of_death
        _record(
            b,
            life,
            Accommodation,
            type=kind,
            start_date=start,
            end_date=max(end, start) if end else None,
        )


def _crisis_stay(b: CohortBuilder, life: Life) -> None:
    """A few people spend days in crisis accommodation and go back home (seed 003 "crash pads")."""
    rng = b.rng
    kind, start, end = life.homes[-1]
    if end is not None or life.person.date_of_death or rng.random() >= 0.03:
        return
    begins = random_date(rng, max(start + 30 * DAY, b.window_start), b.today - 40 * DAY)
    if begins <= start or begins > b.today - 40 * DAY:
        return
    back = begins + timedelta(days=rng.randint(3, 30))
    life.homes[-1][2] = begins
    life.homes.append([AccommodationType.TEMPORARY_CRISIS, begins, back])
    life.homes.append([kind, back, None])


def _placement_provider(b: CohortBuilder) -> str:
    return (
        f"{b.rng.choice(PLACE_WORDS)} {b.rng.choice(('School', 'House', 'Care', 'Homes'))} (demo)"
    )


def _employment(b: CohortBuilder, life: Life, age: int) -> None:
    rng = b.rng
    if age < 19:
        status = EmploymentStatus.EDUCATION
    else:
        status = pick(
            rng,
            (
                (EmploymentStatus.NOT_EMPLOYED, 68),
                (EmploymentStatus.VOLUNTARY, 12),
                (EmploymentStatus.PAID, 8),
                (EmploymentStatus.EDUCATION, 12 if age < 26 else 2),
            ),
        )
    earliest = max(add_years(life.person.date_of_birth, 16), b.today - 3000 * DAY)
    if earliest > life.horizon:
        return
    start = random_date(rng, earliest, life.horizon)
    _record(
        b, life, Employment, status=status, start_date=start, end_date=life.person.date_of_death
    )


def _budget(b: CohortBuilder, life: Life, age: int) -> None:
    rng = b.rng
    if rng.random() >= (0.45 if age >= 18 else 0.15):
        return
    kind = pick(rng, ((BudgetKind.PB, 6), (BudgetKind.PHB, 2.5), (BudgetKind.INTEGRATED, 1.5)))
    deployment = pick(
        rng,
        (
            (BudgetDeployment.DP, 35),
            (BudgetDeployment.ISF, 15),
            (BudgetDeployment.MANAGED, 35),
            (BudgetDeployment.COMMISSIONED_ONLY, 15),
        ),
    )
    start = random_date(
        rng,
        max(life.person.date_of_birth, b.today - 2500 * DAY),
        min(b.today - 14 * DAY, life.horizon),
    )
    end = life.person.date_of_death
    if end is None and rng.random() < 0.12 and start < b.today - DAY:
        end = random_date(rng, max(start, b.window_start), b.today - DAY)
    _record(
        b, life, PersonalBudget, kind=kind, deployment=deployment, start_date=start, end_date=end
    )


def _psychiatric_referral(b: CohortBuilder, life: Life) -> None:
    rng = b.rng
    if rng.random() >= 0.12:
        return
    referred = random_date(rng, b.window_start, life.horizon)
    seen = referred + timedelta(days=rng.randint(10, 250))
    _record(
        b,
        life,
        PsychiatricReferral,
        referral_date=referred,
        first_contact_date=seen if seen <= life.horizon else None,
    )


def _criminal_justice(b: CohortBuilder, life: Life) -> None:
    rng = b.rng
    for _ in range(rng.randint(1, 3)):
        _record(
            b,
            life,
            CriminalJusticeContact,
            contact_date=random_date(rng, b.window_start, life.horizon),
            description=rng.choice(CJS_EVENTS),
        )
