"""One person's life on the register: identity, hospital spells with ward stays and histories,
and the DSR entry with its append-only ratings, following the rules of DOMAIN.md 2.2 and 3:

- a spell opening rates the person BLUE (adding them to the DSR if they were not on it);
- a discharge rates them RED for 14 days, after which a person re-rates them;
- a move between providers closes the spell with OTHER_HOSPITAL and opens a TRANSFER spell in the
  same continuous stay; an admission within 365 days of the previous discharge is READMISSION_12M;
- ward stays lie inside their spell and follow one another without gaps;
- legal status, planned discharge dates and discharge delays are history rows whose latest value
  is the one held on the spell.
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from accounts.models import User

from ..models import (
    AccommodationType,
    AdmissionKind,
    AdmissionSource,
    BedType,
    CareCoordinatorAssignment,
    CommissionerType,
    ConsentBasis,
    DelayReason,
    DischargeDelayRecord,
    DischargeDestination,
    DsrClosedReason,
    DsrEntry,
    DsrStatus,
    EthnicCategory,
    HospitalSpell,
    LegalStatus,
    LegalStatusRecord,
    NoNhsNumberReason,
    Person,
    PlannedDischargeRecord,
    Rag,
    RiskRating,
    Sex,
    Ward,
    WardStay,
)
from .context import Cohort, HomeArea, PartnershipContext
from .names import (
    FAMILY_NAMES,
    FEMALE_GIVEN_NAMES,
    MALE_GIVEN_NAMES,
    add_years,
    postcode_in,
    random_date,
)

DAY = timedelta(days=1)
# DSR_REVIEW_DAYS and DSR_POST_DISCHARGE_RED_DAYS defaults (DOMAIN.md 11).
REVIEW_DAYS = {Rag.RED: 14, Rag.AMBER: 28, Rag.GREEN: 90}
POST_DISCHARGE_RED_DAYS = 14

# Transitions at each review, chosen so that, with reviews every 14/28/90 days, about 10% of
# community time is spent RED, 30% AMBER and 60% GREEN (the chain is reversible with visit shares
# 0.29/0.44/0.27, i.e. the time shares divided by the review intervals).
RAG_NEXT = {
    Rag.RED: ((Rag.RED, 0.6), (Rag.AMBER, 0.35), (Rag.GREEN, 0.05)),
    Rag.AMBER: ((Rag.RED, 0.23), (Rag.AMBER, 0.586), (Rag.GREEN, 0.184)),
    Rag.GREEN: ((Rag.RED, 0.054), (Rag.AMBER, 0.3), (Rag.GREEN, 0.646)),
}
RAG_START = ((Rag.RED, 0.12), (Rag.AMBER, 0.38), (Rag.GREEN, 0.5))
RATIONALES = {
    Rag.RED: (
        "Placement at risk of breaking down; admission being considered.",
        "Escalating behaviour that challenges; community C(E)TR requested.",
        "Family carer unable to continue; urgent support being arranged.",
    ),
    Rag.AMBER: (
        "More anxious since a change of support staff; extra support agreed.",
        "Mental health deteriorating; intensive support team involved.",
        "Housing move planned; risk of crisis without extra support.",
    ),
    Rag.GREEN: (
        "Settled; support package meeting needs.",
        "Risks managed in the community; keep under review.",
        "Stable since the last review; no new concerns.",
    ),
}
AUTOMATIC_RATIONALE = {
    Rag.BLUE: "Admitted to hospital (set automatically).",
    Rag.RED: "Discharged from hospital: rated red for 14 days (set automatically).",
}

LOS_DAYS = {
    BedType.CRISIS: (7, 110),
    BedType.AT_UNIT: (14, 240),
    BedType.ACUTE_MH: (7, 90),
    BedType.PICU: (14, 120),
    BedType.LOCKED_REHAB: (180, 1500),
    BedType.SECURE_LOW: (300, 2000),
    BedType.SECURE_MEDIUM: (365, 2500),
    BedType.SECURE_HIGH: (700, 3000),
    BedType.CAMHS_T4: (20, 180),
    BedType.CAMHS_T4_SECURE: (60, 400),
    BedType.OTHER: (14, 200),
}
NHSE_BEDS = frozenset(
    {BedType.SECURE_LOW, BedType.SECURE_MEDIUM, BedType.SECURE_HIGH, BedType.CAMHS_T4,
     BedType.CAMHS_T4_SECURE}
)
CHILD_BEDS = ((BedType.CAMHS_T4, 4.0), (BedType.CAMHS_T4_SECURE, 1.0))
LEGAL_BY_BED = {
    BedType.CRISIS: ((LegalStatus.INFORMAL, 4), (LegalStatus.S2, 4), (LegalStatus.S3, 2)),
    BedType.AT_UNIT: ((LegalStatus.S2, 4), (LegalStatus.S3, 4), (LegalStatus.INFORMAL, 2)),
    BedType.ACUTE_MH: ((LegalStatus.S2, 5), (LegalStatus.S3, 3), (LegalStatus.INFORMAL, 2)),
    BedType.PICU: ((LegalStatus.S3, 6), (LegalStatus.S2, 3), (LegalStatus.S37, 1)),
    BedType.LOCKED_REHAB: ((LegalStatus.S3, 7), (LegalStatus.S37, 2), (LegalStatus.INFORMAL, 1)),
    BedType.SECURE_LOW: ((LegalStatus.S37_41, 4), (LegalStatus.S37, 3), (LegalStatus.S3, 2),
                         (LegalStatus.S47_49, 1)),
    BedType.SECURE_MEDIUM: ((LegalStatus.S37_41, 5), (LegalStatus.S47_49, 2), (LegalStatus.S37, 2),
                            (LegalStatus.S48_49, 1)),
    BedType.SECURE_HIGH: ((LegalStatus.S37_41, 6), (LegalStatus.S47_49, 2), (LegalStatus.S3, 1)),
    BedType.CAMHS_T4: ((LegalStatus.S2, 4), (LegalStatus.S3, 3), (LegalStatus.INFORMAL, 3)),
    BedType.CAMHS_T4_SECURE: ((LegalStatus.S3, 5), (LegalStatus.S37, 3), (LegalStatus.S38, 2)),
    BedType.OTHER: ((LegalStatus.INFORMAL, 5), (LegalStatus.S3, 5)),
}
ADMISSION_REASONS = (
    "Behaviour that challenges",
    "Deterioration in mental health",
    "Breakdown of community placement",
    "Risk to self",
    "Assessment of needs and treatment",
)
FORENSIC_REASON = "Offending behaviour (court or prison diversion)"
DELAY_REASONS = (
    (DelayReason.HOUSING, 4), (DelayReason.CARE_PROVIDER_NOT_FOUND, 4),
    (DelayReason.FUNDING_DISPUTE, 2), (DelayReason.MOJ_OR_TRIBUNAL, 1),
    (DelayReason.AWAITING_COMMUNITY_HEALTH, 1), (DelayReason.PERSON_OR_FAMILY_CHOICE, 1),
    (DelayReason.OTHER, 1),
)
COMMUNITY_DESTINATIONS = (
    (DischargeDestination.SUPPORTED_LIVING, 35), (DischargeDestination.FAMILY_HOME, 20),
    (DischargeDestination.RESIDENTIAL_CARE, 15), (DischargeDestination.OWN_HOME_TENANCY, 10),
    (DischargeDestination.NURSING_CARE, 3), (DischargeDestination.SHARED_LIVES, 2),
    (DischargeDestination.CUSTODY, 2), (DischargeDestination.OTHER, 3),
)
HOME_FOR_DESTINATION = {
    DischargeDestination.OWN_HOME_TENANCY: AccommodationType.OWN_TENANCY,
    DischargeDestination.SUPPORTED_LIVING: AccommodationType.SUPPORTED_LIVING,
    DischargeDestination.FAMILY_HOME: AccommodationType.FAMILY_HOME,
    DischargeDestination.RESIDENTIAL_CARE: AccommodationType.RESIDENTIAL_CARE,
    DischargeDestination.NURSING_CARE: AccommodationType.NURSING_CARE,
    DischargeDestination.SHARED_LIVES: AccommodationType.SHARED_LIVES,
    DischargeDestination.OTHER: AccommodationType.OTHER,
}
DESTINATION_FOR_HOME = {home: dest for dest, home in HOME_FOR_DESTINATION.items()}
ADULT_HOMES = (
    (AccommodationType.FAMILY_HOME, 30), (AccommodationType.SUPPORTED_LIVING, 25),
    (AccommodationType.RESIDENTIAL_CARE, 17), (AccommodationType.OWN_TENANCY, 12),
    (AccommodationType.SHARED_LIVES, 4), (AccommodationType.NURSING_CARE, 3),
    (AccommodationType.OTHER, 2),
)
CHILD_HOMES = ((AccommodationType.FAMILY_HOME, 88), (AccommodationType.RESIDENTIAL_CARE, 8),
               (AccommodationType.OTHER, 4))
ETHNICITY = (
    (EthnicCategory.A, 78), (EthnicCategory.B, 1), (EthnicCategory.C, 3), (EthnicCategory.D, 1.5),
    (EthnicCategory.E, 0.5), (EthnicCategory.F, 0.5), (EthnicCategory.G, 1), (EthnicCategory.H, 1.5),
    (EthnicCategory.J, 2), (EthnicCategory.K, 1), (EthnicCategory.L, 1), (EthnicCategory.M, 1),
    (EthnicCategory.N, 2), (EthnicCategory.P, 0.5), (EthnicCategory.R, 0.2), (EthnicCategory.S, 0.8),
    (EthnicCategory.Z, 1.5), (EthnicCategory.NOT_KNOWN, 3),
)


_CUMULATIVE: dict[tuple, tuple[list[str], list[float]]] = {}


def pick(rng: random.Random, weighted: Sequence[tuple[str, float]]) -> str:
    """One value of a (value, weight) table; running sums are cached per table."""
    key = tuple(weighted)
    if key not in _CUMULATIVE:
        values, total, cumulative = [], 0.0, []
        for value, weight in weighted:
            total += weight
            values.append(value)
            cumulative.append(total)
        _CUMULATIVE[key] = (values, cumulative)
    values, cumulative = _CUMULATIVE[key]
    return rng.choices(values, cum_weights=cumulative)[0]


def stay_start(band: str, today: date, rng: random.Random, cutoff: date) -> date:
    """A continuous-stay start in the named length-of-stay band (see InpatientSpec)."""
    windows = {
        "original": (date(2006, 1, 1), cutoff - 4 * DAY),
        "5y+": (cutoff + 14 * DAY, add_years(today, -5) - 30 * DAY),
        "2-5y": (add_years(today, -5) + 30 * DAY, add_years(today, -2) - 30 * DAY),
        "1-2y": (add_years(today, -2) + 20 * DAY, add_years(today, -1) - 20 * DAY),
        "6-12m": (today - 350 * DAY, today - 190 * DAY),
        "3-6m": (today - 175 * DAY, today - 95 * DAY),
        "<3m": (today - 84 * DAY, today - 3 * DAY),
    }
    earliest, latest = windows[band]
    return random_date(rng, earliest, max(earliest, latest))


@dataclass
class Life:
    """A person being generated, with the running state that later events depend on."""

    person: Person
    area: HomeArea
    horizon: date  # today, or the date of death
    home_type: str
    spells: list[HospitalSpell] = field(default_factory=list)
    entry: DsrEntry | None = None
    last_rated: date | None = None
    coordinator: CareCoordinatorAssignment | None = None
    coordinator_name: str = ""
    recorder: User | None = None
    homes: list[list] = field(default_factory=list)  # [type, start, end]

    def in_hospital(self, day: date) -> bool:
        return any(
            s.admission_date <= day and (s.discharge_date is None or s.discharge_date > day)
            for s in self.spells
        )

    def age_on(self, day: date) -> int:
        return self.person.age_on(day)

    def stays(self) -> Iterator[tuple[HospitalSpell, HospitalSpell]]:
        """(first, last) spell of each continuous stay, in order."""
        first = None
        for spell in self.spells:
            if spell.transferred_from is None:
                first = spell
            if spell.discharge_date is None or spell.discharge_destination != DischargeDestination.OTHER_HOSPITAL:
                assert first is not None
                yield first, spell


class CohortBuilder:
    """Accumulates unsaved rows for one partnership; nothing here touches the database."""

    def __init__(
        self,
        ctx: PartnershipContext,
        *,
        rng: random.Random,
        today: date,
        history_days: int,
        id_prefix: str,
        nhs_numbers: Sequence[str],
        cutoff: date,
        coordinator_share: float = 0.1,
    ) -> None:
        self.ctx = ctx
        self.rng = rng
        self.today = today
        self.window_start = today - timedelta(days=history_days)
        self.cutoff = cutoff
        self.cohort = Cohort(ctx.partnership)
        self.partnership_id = ctx.partnership.pk
        self.id_prefix = id_prefix
        self._numbers = iter(nhs_numbers)
        self._serial = 0
        self.coordinator_share = coordinator_share
        self.raters = ctx.commissioners + ctx.coordinators
        self.wards_by_site: dict[int, list[Ward]] = {}
        for wards in ctx.wards.values():
            for ward in wards:
                self.wards_by_site.setdefault(ward.site_id, []).append(ward)
        self.lives: list[Life] = []

    # --- people -----------------------------------------------------------------------------

    def dob_aged(self, low: int, high: int, *, on: date | None = None) -> date:
        """A date of birth for someone aged `low`..`high` (completed years) on `on` (today)."""
        on = on or self.today
        return random_date(self.rng, add_years(on, -high - 1) + DAY, add_years(on, -low))

    def person(self, *, dob: date, area: HomeArea | None = None, male_share: float = 0.6) -> Life:
        rng = self.rng
        roll = rng.random()
        sex = Sex.MALE if roll < male_share else Sex.FEMALE if roll < 0.99 else Sex.NOT_KNOWN
        names = MALE_GIVEN_NAMES if sex == Sex.MALE else FEMALE_GIVEN_NAMES
        area = area or rng.choices(self.ctx.areas, [a.weight for a in self.ctx.areas])[0]
        self._serial += 1
        number = next(self._numbers)
        pending = rng.random() < 0.008
        diagnosis = rng.random()
        is_adult = self.today >= add_years(dob, 18)
        person = Person(
            partnership=self.ctx.partnership,
            nhs_number=None if pending else number,
            nhs_number_absent_reason=NoNhsNumberReason.PENDING_TRACE if pending else "",
            local_identifier=f"{self.id_prefix}{self._serial:06d}",
            given_name=rng.choice(names),
            family_name=rng.choice(FAMILY_NAMES),
            preferred_name=rng.choice(names) if rng.random() < 0.05 else "",
            date_of_birth=dob,
            sex=sex,
            ethnicity=pick(rng, ETHNICITY),
            has_learning_disability=diagnosis < 0.8,
            has_autism=diagnosis >= 0.5,
            has_mental_health_condition=rng.random() < 0.35,
            home_postcode=_postcode(rng, area),
            home_local_authority=self.ctx.organisations.get(area.local_authority),
            gp_practice_code=f"{area.gp_prefix}{rng.randint(0, 999):03d}",
            responsible_commissioner=self.ctx.organisations[area.icb],
            has_ehc_plan=self.today < add_years(dob, 26) and rng.random() < 0.55,
            cohorts=_cohort_tags(rng),
        )
        homes = ADULT_HOMES if is_adult else CHILD_HOMES
        life = Life(person=person, area=area, horizon=self.today, home_type=pick(rng, homes))
        self.cohort.add(person)
        self.lives.append(life)
        return life

    def die(self, life: Life, day: date) -> None:
        life.person.date_of_death = day
        life.horizon = day

    # --- the dynamic support register -------------------------------------------------------

    def join_dsr(self, life: Life, day: date) -> DsrEntry:
        person = life.person
        if life.age_on(day) < 16:
            basis = ConsentBasis.PARENTAL_RESPONSIBILITY
        else:
            basis = ConsentBasis.CONSENT if self.rng.random() < 0.7 else ConsentBasis.BEST_INTEREST
        life.entry = self.cohort.add(
            DsrEntry(partnership_id=self.partnership_id, person=person, added_on=day, consent_basis=basis)
        )
        person.consent_date = person.consent_date or day
        person.consent_basis = person.consent_basis or basis
        return life.entry

    def rate(self, life: Life, day: date, rag: str, *, automatic: bool = False) -> bool:
        """Append a rating; ratings of one entry have strictly increasing dates (no same-day ties)."""
        if life.entry is None or day > life.horizon or (life.last_rated and day <= life.last_rated):
            return False
        rationale = AUTOMATIC_RATIONALE[rag] if automatic else self.rng.choice(RATIONALES[rag])
        review = REVIEW_DAYS.get(rag)
        self.cohort.add(
            RiskRating(
                partnership_id=self.partnership_id,
                person=life.person,
                dsr_entry=life.entry,
                rag=rag,
                effective_date=day,
                rationale=rationale,
                next_review_due=day + timedelta(days=review) if review else None,
                rated_by_id=None if automatic else self.rng.choice(self.raters).pk,
                is_automatic=automatic,
            )
        )
        life.last_rated = day
        return True

    def _community_ratings(self, life: Life, start: date, end: date, *, before_admission: bool) -> None:
        """Reviews at roughly the DSR review interval (sometimes late) in [start, end)."""
        rng = self.rng
        day, rag = start, pick(rng, RAG_START)
        while day < end:
            self.rate(life, day, rag)
            day += timedelta(days=round(REVIEW_DAYS[rag] * rng.uniform(0.8, 1.7)))
            rag = pick(rng, RAG_NEXT[rag])
            if day < self.window_start - 120 * DAY:
                # Before the history window one rating stands for the years of reviews.
                day = self.window_start - timedelta(days=rng.randint(0, 90))
        if before_admission and rng.random() < 0.55:
            self.rate(life, end - timedelta(days=rng.randint(3, 20)), Rag.RED)

    def dsr_history(self, life: Life, *, closed: tuple[date, str] | None = None) -> None:
        """Ratings for the whole life: community reviews, BLUE in hospital, RED after discharge."""
        rng = self.rng
        cursor = life.entry.added_on if life.entry else None
        for first, last in life.stays():
            if cursor is not None and cursor < first.admission_date:
                self._community_ratings(life, cursor, first.admission_date, before_admission=True)
            if life.entry is None or life.entry.status == DsrStatus.CLOSED:
                self.join_dsr(life, first.admission_date)
            self.rate(life, first.admission_date, Rag.BLUE, automatic=True)
            if last.discharge_date is None:
                return
            if last.discharge_destination == DischargeDestination.DIED:
                self.close_dsr(life, last.discharge_date, DsrClosedReason.DIED)
                return
            self.rate(life, last.discharge_date, Rag.RED, automatic=True)
            cursor = last.discharge_date + timedelta(days=POST_DISCHARGE_RED_DAYS + rng.randint(0, 7))
        end = closed[0] if closed else life.horizon + DAY
        if cursor is not None and cursor < end:
            self._community_ratings(life, cursor, end, before_admission=False)
        if closed:
            self.close_dsr(life, *closed)
        elif life.person.date_of_death and life.entry is not None:
            self.close_dsr(life, life.person.date_of_death, DsrClosedReason.DIED)

    def close_dsr(self, life: Life, day: date, reason: str) -> None:
        assert life.entry is not None
        life.entry.status = DsrStatus.CLOSED
        life.entry.closed_on = max(day, life.entry.added_on)
        life.entry.closed_reason = reason

    # --- hospital spells --------------------------------------------------------------------

    def pick_ward(self, bed_type: str, *, in_area: bool) -> Ward:
        for key in ((bed_type, in_area), (bed_type, not in_area)):
            if self.ctx.wards.get(key):
                return self.rng.choice(self.ctx.wards[key])
        raise ValueError(f"No ward with bed type {bed_type} exists; generate hospitals first.")

    def unit_ward(self, unit: str, bed_type: str | None = None) -> Ward:
        wards = self.ctx.units.get(unit, [])
        matching = [w for w in wards if bed_type is None or w.bed_type == bed_type]
        if not matching:
            raise ValueError(f"Unit {unit} has no ward with bed type {bed_type}.")
        return matching[0]

    def spell(
        self,
        life: Life,
        *,
        ward: Ward,
        admission: date,
        discharge: date | None = None,
        destination: str = "",
        commissioner_type: str | None = None,
        transferred_from: HospitalSpell | None = None,
        delayed: bool | None = None,
        discharge_planned_soon: bool = False,
    ) -> HospitalSpell:
        rng = self.rng
        person = life.person
        bed = ward.bed_type
        if commissioner_type is None:
            commissioner_type = CommissionerType.NHSE_SPEC if bed in NHSE_BEDS else CommissionerType.ICB
        previous = life.spells[-1] if life.spells else None
        if transferred_from is not None:
            kind, source = AdmissionKind.TRANSFER, AdmissionSource.OTHER_HOSPITAL
            continuous_start = transferred_from.continuous_stay_start
            on_dsr = transferred_from.was_on_dsr_before_admission
        else:
            recent = (
                previous is not None
                and previous.discharge_date is not None
                and (admission - previous.discharge_date).days <= 365
            )
            kind = AdmissionKind.READMISSION_12M if recent else AdmissionKind.FIRST
            secure = bed in {BedType.SECURE_LOW, BedType.SECURE_MEDIUM, BedType.SECURE_HIGH}
            source = pick(rng, (
                (AdmissionSource.COMMUNITY, 4 if secure else 17),
                (AdmissionSource.CRIMINAL_JUSTICE, 5 if secure else 1),
                (AdmissionSource.OTHER_HOSPITAL, 1), (AdmissionSource.OTHER, 1),
            ))
            continuous_start = admission
            on_dsr = life.entry is not None and life.entry.added_on < admission
            self._leave_home(life, admission)
        if discharge is not None and not destination:
            destination = self._destination(life)
        spell = HospitalSpell(
            partnership=person.partnership,
            person=person,
            admission_date=admission,
            provider=ward.site.provider,
            site=ward.site,
            commissioner=self.ctx.commissioner_for(life.area, commissioner_type, ended=discharge),
            commissioner_type=commissioner_type,
            admission_source=source,
            admission_kind=kind,
            is_planned=rng.random() < (0.6 if bed == BedType.LOCKED_REHAB else 0.2),
            was_on_dsr_before_admission=on_dsr,
            transferred_from=transferred_from,
            continuous_stay_start=continuous_start,
            reason_for_admission=(
                FORENSIC_REASON if source == AdmissionSource.CRIMINAL_JUSTICE
                else rng.choice(ADMISSION_REASONS)
            ),
            has_section17_extended_leave=discharge is None and rng.random() < 0.04,
            discharge_date=discharge,
            discharge_destination=destination if discharge else "",
        )
        if discharge is not None and destination in HOME_FOR_DESTINATION:
            returned = HOME_FOR_DESTINATION[destination] == life.home_type
            spell.returned_to_previous_home = returned
            life.home_type = HOME_FOR_DESTINATION[destination]
            life.homes.append([life.home_type, discharge, None])
        self.cohort.add(spell)
        life.spells.append(spell)
        self._ward_stays(life, spell, ward)
        self._legal_status(life, spell, bed)
        self._planned_discharge(life, spell, soon=discharge_planned_soon)
        self._discharge_delay(life, spell, delayed)
        return spell

    def _destination(self, life: Life) -> str:
        if self.rng.random() < 0.45 and life.home_type in DESTINATION_FOR_HOME:
            return DESTINATION_FOR_HOME[life.home_type]
        return pick(self.rng, COMMUNITY_DESTINATIONS)

    def _leave_home(self, life: Life, day: date) -> None:
        if life.homes and life.homes[-1][2] is None:
            life.homes[-1][2] = max(day, life.homes[-1][1])
        elif not life.homes:
            earliest = max(add_years(life.person.date_of_birth, 16), day - 4000 * DAY)
            start = random_date(self.rng, min(earliest, day), day)
            life.homes.append([life.home_type, start, day])

    def _ward_stays(self, life: Life, spell: HospitalSpell, ward: Ward) -> None:
        rng = self.rng
        end = spell.discharge_date
        length = ((end or self.today) - spell.admission_date).days
        others = [w for w in self.wards_by_site.get(ward.site_id, []) if w.pk != ward.pk]
        stays = [(ward, spell.admission_date)]
        if others and length >= 120 and rng.random() < 0.4:
            moved = spell.admission_date + timedelta(days=rng.randint(30, length - 30))
            stays = [(rng.choice(others), spell.admission_date), (ward, moved)]
        for index, (stay_ward, start) in enumerate(stays):
            finish = stays[index + 1][1] if index + 1 < len(stays) else end
            self.cohort.add(
                WardStay(
                    partnership_id=self.partnership_id, person=life.person, spell=spell, ward_id=stay_ward.pk,
                    start_date=start, end_date=finish,
                )
            )

    def _history_row(self, model: type, life: Life, spell: HospitalSpell, day: date, **values: object) -> None:
        self.cohort.add(
            model(
                partnership_id=self.partnership_id, person=life.person, spell=spell, effective_date=day,
                recorded_by_id=self.rng.choice(self.ctx.commissioners).pk, **values,
            )
        )

    def _legal_status(self, life: Life, spell: HospitalSpell, bed: str) -> None:
        rng = self.rng
        end = spell.discharge_date or self.today
        length = (end - spell.admission_date).days
        status = pick(rng, LEGAL_BY_BED[bed])
        changes = [(spell.admission_date, status)]
        if status == LegalStatus.S2 and length > 28 and rng.random() < 0.6:
            changes.append((spell.admission_date + timedelta(days=rng.randint(21, 27)), LegalStatus.S3))
        elif status == LegalStatus.S38 and length > 200:
            changes.append((spell.admission_date + timedelta(days=rng.randint(60, 180)), LegalStatus.S37))
        elif status == LegalStatus.S3 and length > 400 and rng.random() < 0.1:
            changes.append((end - timedelta(days=rng.randint(30, 300)), LegalStatus.INFORMAL))
        for day, value in changes:
            self._history_row(LegalStatusRecord, life, spell, day, legal_status=value)
        spell.legal_status = changes[-1][1]

    def _planned_discharge(self, life: Life, spell: HospitalSpell, *, soon: bool) -> None:
        rng = self.rng
        admission, discharge = spell.admission_date, spell.discharge_date
        end = discharge or self.today
        plans: list[tuple[date, date]] = []
        if soon:
            set_on = max(admission, self.today - timedelta(days=rng.randint(10, 60)))
            plans.append((set_on, self.today + timedelta(days=rng.randint(14, 75))))
        elif rng.random() < (0.55 if discharge is None else 0.5):
            set_on = random_date(rng, admission, min(end, admission + 180 * DAY))
            if discharge is None:
                plans.append((set_on, set_on + timedelta(days=rng.randint(30, 300))))
            else:
                plans.append((set_on, max(set_on, discharge + timedelta(days=rng.randint(-30, 30)))))
            if rng.random() < 0.35 and (end - set_on).days > 30:
                revised_on = set_on + timedelta(days=rng.randint(20, (end - set_on).days - 1))
                plans.append((revised_on, max(plans[-1][1], revised_on) + timedelta(days=rng.randint(14, 120))))
        for day, value in plans:
            self._history_row(PlannedDischargeRecord, life, spell, day, planned_discharge_date=value)
        spell.planned_discharge_date = plans[-1][1] if plans else None

    def _discharge_delay(self, life: Life, spell: HospitalSpell, delayed: bool | None) -> None:
        rng = self.rng
        end = spell.discharge_date or self.today
        length = (end - spell.admission_date).days
        if delayed is None:
            delayed = length > 60 and rng.random() < (0.12 if spell.discharge_date is None else 0.15)
        if not delayed or length < 21:
            return
        ready = end - timedelta(days=rng.randint(7, min(400, length - 7)))
        reasons = [(ready, pick(rng, DELAY_REASONS))]
        if rng.random() < 0.2 and (end - ready).days > 30:
            changed_on = ready + timedelta(days=rng.randint(14, (end - ready).days - 1))
            reasons.append((changed_on, pick(rng, DELAY_REASONS)))
        for day, reason in reasons:
            self._history_row(
                DischargeDelayRecord, life, spell, day, clinically_ready_date=ready, delay_reason=reason
            )
        spell.clinically_ready_date = ready
        spell.delay_reason = reasons[-1][1]


def _postcode(rng: random.Random, area: HomeArea) -> str:
    return postcode_in(rng.choice(area.districts), rng)


def _cohort_tags(rng: random.Random) -> list[str]:
    tags = [tag for tag, share in (("1", 0.35), ("2", 0.35), ("3", 0.1), ("4", 0.07)) if rng.random() < share]
    return tags
