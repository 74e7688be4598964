"""Helpers shared by the reviews services: date checks and the schedule recompute after commit."""

from __future__ import annotations

from datetime import date
from functools import partial

from django.db import transaction
from django.utils import timezone

from accounts.models import Membership, User
from register.models import HospitalSpell, Person


def today_or(today: date | None) -> date:
    return today if today is not None else timezone.localdate()


def long_date(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def date_problem(*, person: Person, day: date, today: date, what: str) -> str | None:
    """A review or visit date is not before birth and not in the future (issue 5)."""
    if day < person.date_of_birth:
        return f"The {what} must be on or after the person's date of birth."
    if day > today:
        return f"The {what} cannot be in the future."
    if person.date_of_death and day > person.date_of_death:
        return f"The {what} cannot be after the person's date of death."
    return None


def spell_problem(*, spell: HospitalSpell, day: date, what: str) -> str | None:
    """A date inside the hospital stay: from admission up to and including discharge."""
    if day < spell.admission_date or (spell.discharge_date and day > spell.discharge_date):
        end = long_date(spell.discharge_date) if spell.discharge_date else "today"
        return (
            f"The {what} must fall inside the hospital stay, between "
            f"{long_date(spell.admission_date)} and {end}."
        )
    return None


def is_member(user: User, partnership_id: int) -> bool:
    return Membership.objects.filter(user=user, partnership_id=partnership_id).exists()


def recompute_after_commit(person_id: int) -> None:
    """Holding a review or visit moves rule anchors (R3-R10), so the schedule follows."""
    from reviews.tasks import recompute_schedule_task

    transaction.on_commit(partial(recompute_schedule_task.delay, person_id=person_id))
