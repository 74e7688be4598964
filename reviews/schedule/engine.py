"""`compute_schedule`: the one pure function that turns a person's facts into due items."""

from __future__ import annotations

from datetime import date

from ..facts import ScheduleFacts
from ..policy import PolicySettings
from ..stays import continuous_stays
from .community import community_items
from .inpatient import stay_items
from .items import DueItem
from .person import person_items


def compute_schedule(
    facts: ScheduleFacts, *, today: date, settings: PolicySettings
) -> list[DueItem]:
    """Every item due under rules R1-R15 for one person, judged on `today`.

    Pure: no database, no clock, no settings module; the same facts, day and settings always give
    the same list, so storing the result twice changes nothing. The list holds history as well as
    what is open (completed and cancelled items since each anchor), ordered by due date. Facts
    dated after `today` are not yet known on `today` and are ignored.
    """
    items: list[DueItem] = []
    known_spells = [spell for spell in facts.spells if spell.admission_date <= today]
    for stay in continuous_stays(known_spells):
        items.extend(stay_items(facts, stay, today=today, settings=settings))
    items.extend(community_items(facts, today=today, settings=settings))
    items.extend(person_items(facts, today=today, settings=settings))
    return sorted(items, key=_order)


def _order(item: DueItem) -> tuple[date, int, date, str]:
    return (item.due_date, int(item.rule_id.removeprefix("R")), item.anchor_date, str(item.key))
