"""Hospital spells for a generated life (DOMAIN.md 3):

- a move between providers closes the spell with OTHER_HOSPITAL and opens a TRANSFER spell in the
  same continuous stay; an admission within 365 days of the previous discharge is READMISSION_12M;
- ward stays lie inside their spell and follow one another without gaps, at one site;
- legal status, planned discharge dates and discharge delays are history rows whose latest value
  is the one held on the spell;
- ICB spells that ended before July 2022 carry the CCG as commissioner.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import TYPE_CHECKING

from ..models import (
    AdmissionKind,
    AdmissionSource,
    BedType,
    CommissionerType,
    DischargeDelayRecord,
    HospitalSpell,
    LegalStatus,
    LegalStatusRecord,
    PlannedDischargeRecord,
    Ward,
    WardStay,
)
from .names import add_years, random_date
from .tables import (
    ADMISSION_REASONS,
    COMMUNITY_DESTINATIONS,
    DAY,
    DELAY_REASONS,
    DESTINATION_FOR_HOME,
    FORENSIC_REASON,
    HOME_FOR_DESTINATION,
    LEGAL_BY_BED,
    NHSE_BEDS,
    pick,
)

if TYPE_CHECKING:
    from .context import Cohort, PartnershipContext
    from .lives import Life


class SpellsMixin:
    """The spell half of CohortBuilder."""

    ctx: PartnershipContext
    rng: random.Random
    today: date
    cohort: Cohort
    partnership_id: int
    wards_by_site: dict[int, list[Ward]]

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
            commissioner_type = (
                CommissionerType.NHSE_SPEC if bed in NHSE_BEDS else CommissionerType.ICB
            )
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
            source = pick(
                rng,
                (
                    (AdmissionSource.COMMUNITY, 4 if secure else 17),
                    (AdmissionSource.CRIMINAL_JUSTICE, 5 if secure else 1),
                    (AdmissionSource.OTHER_HOSPITAL, 1),
                    (AdmissionSource.OTHER, 1),
                ),
            )
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
                FORENSIC_REASON
                if source == AdmissionSource.CRIMINAL_JUSTICE
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
                    partnership_id=self.partnership_id,
                    person=life.person,
                    spell=spell,
                    ward_id=stay_ward.pk,
                    start_date=start,
                    end_date=finish,
                )
            )

    def _history_row(
        self, model: type, life: Life, spell: HospitalSpell, day: date, **values: object
    ) -> None:
        self.cohort.add(
            model(
                partnership_id=self.partnership_id,
                person=life.person,
                spell=spell,
                effective_date=day,
                recorded_by_id=self.rng.choice(self.ctx.commissioners).pk,
                **values,
            )
        )

    def _legal_status(self, life: Life, spell: HospitalSpell, bed: str) -> None:
        rng = self.rng
        end = spell.discharge_date or self.today
        length = (end - spell.admission_date).days
        status = pick(rng, LEGAL_BY_BED[bed])
        changes = [(spell.admission_date, status)]
        if status == LegalStatus.S2 and length > 28 and rng.random() < 0.6:
            changes.append(
                (spell.admission_date + timedelta(days=rng.randint(21, 27)), LegalStatus.S3)
            )
        elif status == LegalStatus.S38 and length > 200:
            changes.append(
                (spell.admission_date + timedelta(days=rng.randint(60, 180)), LegalStatus.S37)
            )
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
                plans.append(
                    (set_on, max(set_on, discharge + timedelta(days=rng.randint(-30, 30))))
                )
            if rng.random() < 0.35 and (end - set_on).days > 30:
                revised_on = set_on + timedelta(days=rng.randint(20, (end - set_on).days - 1))
                plans.append(
                    (
                        revised_on,
                        max(plans[-1][1], revised_on) + timedelta(days=rng.randint(14, 120)),
                    )
                )
        for day, value in plans:
            self._history_row(
                PlannedDischargeRecord, life, spell, day, planned_discharge_date=value
            )
        spell.planned_discharge_date = plans[-1][1] if plans else None

    def _discharge_delay(self, life: Life, spell: HospitalSpell, delayed: bool | None) -> None:
        rng = self.rng
        end = spell.discharge_date or self.today
        length = (end - spell.admission_date).days
        if delayed is None:
            delayed = length > 60 and rng.random() < (
                0.12 if spell.discharge_date is None else 0.15
            )
        if not delayed or length < 21:
            return
        ready = end - timedelta(days=rng.randint(7, min(400, length - 7)))
        reasons = [(ready, pick(rng, DELAY_REASONS))]
        if rng.random() < 0.2 and (end - ready).days > 30:
            changed_on = ready + timedelta(days=rng.randint(14, (end - ready).days - 1))
            reasons.append((changed_on, pick(rng, DELAY_REASONS)))
        for day, reason in reasons:
            self._history_row(
                DischargeDelayRecord,
                life,
                spell,
                day,
                clinically_ready_date=ready,
                delay_reason=reason,
            )
        spell.clinically_ready_date = ready
        spell.delay_reason = reasons[-1][1]
