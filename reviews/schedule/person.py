"""Items that follow the person wherever they are: C(E)TR reports (R10), recommendation actions
(R11), care plan reviews (R13) and transition planning (R15). Discharge does not end them."""

from __future__ import annotations

from datetime import date

from ..calendar import birthday
from ..facts import ActionStatus, ReviewStatus, ScheduleFacts
from ..policy import AgeGroup, ItemKind, PolicySettings, RuleContext, due_date, select_rule
from .inpatient import age_group_on
from .items import Closure, DueItem, Ref, RefKind, chain, make_item

ANY_AGE = RuleContext(age_group=AgeGroup.ANY)


def person_items(facts: ScheduleFacts, *, today: date, settings: PolicySettings) -> list[DueItem]:
    return [
        *_report_items(facts, today=today, settings=settings),
        *_action_items(facts, today=today, settings=settings),
        *_care_plan_items(facts, today=today, settings=settings),
        *_transition_items(facts, today=today, settings=settings),
    ]


def _death(facts: ScheduleFacts) -> Closure | None:
    died_on = facts.person.date_of_death
    return Closure.cancelled(died_on, "The person died.") if died_on is not None else None


def _report_items(facts: ScheduleFacts, *, today: date, settings: PolicySettings) -> list[DueItem]:
    """R10: every held C(E)TR's report is issued within CTR_REPORT_DAYS of the held date."""
    rule = select_rule(ItemKind.REVIEW_REPORT, ANY_AGE)
    items = []
    for review in facts.reviews:
        if review.status != ReviewStatus.HELD or review.held_date is None:
            continue
        if review.held_date > today:
            continue
        ref = Ref(RefKind.REVIEW, review.id)
        issued = review.report_issued_date
        closure = Closure(on=issued, satisfied_by=ref) if issued is not None else None
        items.append(
            make_item(
                rule=rule,
                person_id=facts.person.id,
                anchor_date=review.held_date,
                due=due_date(rule, review.held_date, settings),
                closure=closure,
                today=today,
                settings=settings,
                spell_id=review.spell_id,
                source=ref,
            )
        )
    return items


def _action_items(facts: ScheduleFacts, *, today: date, settings: PolicySettings) -> list[DueItem]:
    """R11: each action by its own due date; DONE completes it, CANCELLED cancels it, and an
    action marked not done (escalated) stays open. A closing status without a date counts as
    reached by `today`."""
    rule = select_rule(ItemKind.ACTION, ANY_AGE)
    items = []
    for action in facts.actions:
        ref = Ref(RefKind.ACTION, action.id)
        closed_on = action.status_date or today
        closure = None
        if action.status == ActionStatus.DONE:
            closure = Closure(on=closed_on, satisfied_by=ref)
        elif action.status == ActionStatus.CANCELLED:
            closure = Closure.cancelled(closed_on, "The action was cancelled.")
        items.append(
            make_item(
                rule=rule,
                person_id=facts.person.id,
                anchor_date=action.created_on,
                due=due_date(rule, action.created_on, settings, own_due_date=action.due_date),
                closure=closure,
                today=today,
                settings=settings,
                source=ref,
            )
        )
    return items


def _care_plan_items(
    facts: ScheduleFacts, *, today: date, settings: PolicySettings
) -> list[DueItem]:
    """R13: the care plan is reviewed within CARE_PLAN_REVIEW_MONTHS of the last review; the first
    counts from the earlier of registration and the first recorded review."""
    events = sorted(
        (
            Closure(on=review.reviewed_on, satisfied_by=Ref(RefKind.CARE_PLAN_REVIEW, review.id))
            for review in facts.care_plan_reviews
        ),
        key=lambda event: event.on,
    )
    registered_on = facts.person.registered_on
    if registered_on is not None and (not events or registered_on < events[0].on):
        first_anchor, count_anchor_day = registered_on, True
    elif events:
        first_anchor, count_anchor_day = events[0].on, False
    else:
        return []
    rule = select_rule(ItemKind.CARE_PLAN_REVIEW, ANY_AGE)

    def build(position: int, anchor: date, closure: Closure | None, day: date) -> DueItem:
        return make_item(
            rule=rule,
            person_id=facts.person.id,
            anchor_date=anchor,
            due=due_date(rule, anchor, settings),
            closure=closure,
            today=today,
            settings=settings,
        )

    return chain(
        first_anchor=first_anchor,
        events=events,
        end=_death(facts),
        today=today,
        build=build,
        count_anchor_day=count_anchor_day,
    )


def _transition_items(
    facts: ScheduleFacts, *, today: date, settings: PolicySettings
) -> list[DueItem]:
    """R15: flagged from the TRANSITION_FLAG_AGE birthday; transition planning must start
    TRANSITION_PLAN_LEAD_MONTHS before the ADULT_AGE birthday, from which adult rules apply and
    the item closes (CANCELLED if planning never started). Only people on the register before
    that birthday get the item: registered before it, or, without `registered_on`, with any fact
    on record dated before it."""
    person = facts.person
    flagged_on = birthday(person.date_of_birth, settings.TRANSITION_FLAG_AGE)
    adult_on = birthday(person.date_of_birth, settings.ADULT_AGE)
    if today < flagged_on:
        return []
    known_since = _known_since(facts)
    was_child_on_register = known_since is not None and known_since < adult_on
    if not was_child_on_register and person.transition_plan_started_on is None:
        return []  # known only as an adult: transition planning was never this register's item
    rule = select_rule(
        ItemKind.TRANSITION_PLAN, RuleContext(age_group=age_group_on(facts, flagged_on, settings))
    )
    started_on = person.transition_plan_started_on
    candidates = [
        Closure(on=started_on, satisfied_by=Ref(RefKind.PERSON, person.id))
        if started_on is not None
        else None,
        Closure.cancelled(adult_on, "Became an adult before transition planning started."),
        _death(facts),
    ]
    happened = [closure for closure in candidates if closure is not None and closure.on <= today]
    closure = min(happened, key=lambda closure: closure.on, default=None)
    return [
        make_item(
            rule=rule,
            person_id=person.id,
            anchor_date=adult_on,
            due=due_date(rule, adult_on, settings),
            closure=closure,
            today=today,
            settings=settings,
        )
    ]


def _known_since(facts: ScheduleFacts) -> date | None:
    """When the register first knew the person: registration, or else the earliest dated fact."""
    if facts.person.registered_on is not None:
        return facts.person.registered_on
    dates = [
        *(spell.admission_date for spell in facts.spells),
        *([facts.dsr.added_date] if facts.dsr is not None else []),
        *(rating.effective_date for rating in facts.ratings),
        *(
            day
            for review in facts.reviews
            for day in (review.offered_date, review.held_date)
            if day
        ),
        *(visit.visit_date for visit in facts.visits),
        *(contact.contact_date for contact in facts.contacts),
        *(review.reviewed_on for review in facts.care_plan_reviews),
        *(action.created_on for action in facts.actions),
    ]
    return min(dates, default=None)
