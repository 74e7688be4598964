"""Continuous stays, admission kind and the pre-admission lookback, from spell facts alone.

A move between providers closes one spell and opens another sharing `continuous_stay_id`
(DOMAIN.md 3): the schedule treats the spells of one continuous stay as one stay in hospital, so a
transfer neither starts a new post-admission review (E10) nor cancels the items that are running.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from .facts import ReviewFacts, ReviewStatus, SecurityLevel, SpellFacts, WardStayFacts
from .policy import PolicySettings


class AdmissionKind(StrEnum):
    FIRST = "FIRST"
    READMISSION_12M = "READMISSION_12M"
    TRANSFER = "TRANSFER"


@dataclass(frozen=True)
class Stay:
    """One continuous stay: its spells in admission order."""

    spells: tuple[SpellFacts, ...]

    @property
    def first_spell_id(self) -> int:
        return self.spells[0].id

    @property
    def start(self) -> date:
        return self.spells[0].admission_date

    @property
    def end(self) -> date | None:
        """The discharge date of the last spell, or None while the stay is open."""
        return self.spells[-1].discharge_date

    @property
    def spell_ids(self) -> frozenset[int]:
        return frozenset(spell.id for spell in self.spells)

    def spell_on(self, day: date) -> SpellFacts:
        """The spell the person was in on `day` (the nearest one when `day` is outside the stay)."""
        started = [spell for spell in self.spells if spell.admission_date <= day]
        return started[-1] if started else self.spells[0]

    def security_on(self, day: date) -> SecurityLevel:
        """The ward's security level on `day`. A stay without ward stays reads as non-secure,
        which gives the shorter repeat interval, so a gap in the data never hides an item."""
        wards = sorted(
            (ward for spell in self.spells for ward in spell.ward_stays),
            key=lambda ward: ward.start_date,
        )
        current: WardStayFacts | None = None
        for ward in wards:
            if ward.start_date <= day:
                current = ward
        return current.security_level if current is not None else SecurityLevel.NONE


def continuous_stays(spells: Iterable[SpellFacts]) -> list[Stay]:
    """Spells grouped into continuous stays, earliest first."""
    groups: dict[tuple[str, int], list[SpellFacts]] = {}
    for spell in sorted(spells, key=lambda spell: (spell.admission_date, spell.id)):
        if spell.continuous_stay_id is None:
            key = ("spell", spell.id)
        else:
            key = ("stay", spell.continuous_stay_id)
        groups.setdefault(key, []).append(spell)
    return sorted((Stay(tuple(group)) for group in groups.values()), key=lambda stay: stay.start)


def is_open_on(spell: SpellFacts, day: date) -> bool:
    """DOMAIN.md: open at D iff admitted on or before D and not discharged on or before D."""
    return spell.admission_date <= day and (
        spell.discharge_date is None or spell.discharge_date > day
    )


def is_inpatient_on(spells: Iterable[SpellFacts], day: date) -> bool:
    return any(is_open_on(spell, day) for spell in spells)


def admission_kind(
    spell: SpellFacts, spells: Sequence[SpellFacts], settings: PolicySettings
) -> AdmissionKind:
    """FIRST, READMISSION_12M (previous discharge at most READMISSION_KIND_DAYS before) or
    TRANSFER (a later spell of a continuous stay), as AT counts admissions (E9, E10)."""
    others = [other for other in spells if other.id != spell.id]
    if spell.continuous_stay_id is not None and any(
        other.continuous_stay_id == spell.continuous_stay_id
        and (other.admission_date, other.id) < (spell.admission_date, spell.id)
        for other in others
    ):
        return AdmissionKind.TRANSFER
    window_start = spell.admission_date - timedelta(days=settings.READMISSION_KIND_DAYS)
    if any(
        other.discharge_date is not None
        and window_start <= other.discharge_date <= spell.admission_date
        for other in others
    ):
        return AdmissionKind.READMISSION_12M
    return AdmissionKind.FIRST


def preceding_community_review(
    admission_date: date, reviews: Iterable[ReviewFacts], settings: PolicySettings
) -> ReviewFacts | None:
    """The latest community or urgent (LAEP) review held in the PRE_ADMISSION_LOOKBACK_DAYS before
    admission, the admission day included (a blue-light meeting is often held that day).

    With one, the stay needs no post-admission review (R3/R4) and the repeat cycle (R5-R7) is
    counted from it; the same test decides C4's numerator."""
    window_start = admission_date - timedelta(days=settings.PRE_ADMISSION_LOOKBACK_DAYS)
    held = [
        review
        for review in reviews
        if review.type.is_community
        and review.status == ReviewStatus.HELD
        and review.held_date is not None
        and window_start <= review.held_date <= admission_date
    ]
    return max(held, key=lambda review: (review.held_date, review.id), default=None)
