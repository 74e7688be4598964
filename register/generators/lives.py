"""One person's life on the register: identity and the DSR entry with its append-only ratings
(DOMAIN.md 2.2): a spell opening rates the person BLUE (adding them to the DSR if they were not on
it); a discharge rates them RED for 14 days, after which a person re-rates them. Hospital spells
come from `SpellsMixin` (spells.py)."""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from accounts.models import User

from ..models import (
    CareCoordinatorAssignment,
    ConsentBasis,
    DischargeDestination,
    DsrClosedReason,
    DsrEntry,
    DsrStatus,
    HospitalSpell,
    NoNhsNumberReason,
    Person,
    Rag,
    RiskRating,
    Sex,
    Ward,
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
from .spells import SpellsMixin
from .tables import (
    ADULT_HOMES,
    AUTOMATIC_RATIONALE,
    CHILD_HOMES,
    DAY,
    ETHNICITY,
    POST_DISCHARGE_RED_DAYS,
    RAG_NEXT,
    RAG_START,
    RATIONALES,
    REVIEW_DAYS,
    pick,
)


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
            if (
                spell.discharge_date is None
                or spell.discharge_destination != DischargeDestination.OTHER_HOSPITAL
            ):
                if first is None:
                    raise ValueError("A transfer spell must follow the spell it continues.")
                yield first, spell


class CohortBuilder(SpellsMixin):
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
            DsrEntry(
                partnership_id=self.partnership_id, person=person, added_on=day, consent_basis=basis
            )
        )
        person.consent_date = person.consent_date or day
        person.consent_basis = person.consent_basis or basis
        return life.entry

    def rate(self, life: Life, day: date, rag: str, *, automatic: bool = False) -> bool:
        """Append a rating; one entry's ratings have strictly increasing dates (no ties)."""
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

    def _community_ratings(
        self, life: Life, start: date, end: date, *, before_admission: bool
    ) -> None:
        """Reviews at roughly the DSR review interval (sometimes late) in [start, end)."""
        rng = self.rng
        day, rag = start, pick(rng, RAG_START)
        while day < end:
            self.rate(life, day, rag)
            day += timedelta(days=round(REVIEW_DAYS[rag] * rng.uniform(0.8, 1.7)))
            rag = pick(rng, RAG_NEXT[rag])
            if day < self.window_start - 120 * DAY:
                # Before the history window one rating stands for the years of reviews.
                day = self.window_start - timedelta(days=rng.randint(0, 45))
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
            cursor = last.discharge_date + timedelta(
                days=POST_DISCHARGE_RED_DAYS + rng.randint(0, 7)
            )
        end = closed[0] if closed else life.horizon + DAY
        if cursor is not None and cursor < end:
            self._community_ratings(life, cursor, end, before_admission=False)
        if closed:
            self.close_dsr(life, *closed)
        elif life.person.date_of_death and life.entry is not None:
            self.close_dsr(life, life.person.date_of_death, DsrClosedReason.DIED)

    def close_dsr(self, life: Life, day: date, reason: str) -> None:
        if life.entry is None:
            raise ValueError("Only a person on the DSR can leave it.")
        life.entry.status = DsrStatus.CLOSED
        life.entry.closed_on = max(day, life.entry.added_on)
        life.entry.closed_reason = reason

    # --- hospital spells --------------------------------------------------------------------


def _postcode(rng: random.Random, area: HomeArea) -> str:
    return postcode_in(rng.choice(area.districts), rng)


def _cohort_tags(rng: random.Random) -> list[str]:
    tags = [
        tag
        for tag, share in (("1", 0.35), ("2", 0.35), ("3", 0.1), ("4", 0.07))
        if rng.random() < share
    ]
    return tags
