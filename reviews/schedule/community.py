"""Items of a person in the community: community C(E)TR (R1), urgent review (R2), DSR review
(R14)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from ..facts import Rag, RatingFacts, ReviewStatus, ReviewType, ScheduleFacts
from ..policy import (
    LONDON,
    Anchor,
    ItemKind,
    Place,
    PolicySettings,
    Rule,
    RuleContext,
    due_date,
    select_rule,
)
from ..stays import is_inpatient_on
from .inpatient import age_group_on, review_event
from .items import Closure, DueItem, Ref, RefKind, make_item

ADMITTED = "Admitted without a community C(E)TR: the post-admission review applies."


def community_items(
    facts: ScheduleFacts, *, today: date, settings: PolicySettings
) -> list[DueItem]:
    return [
        *_community_review_items(facts, today=today, settings=settings),
        *_urgent_review_items(facts, today=today, settings=settings),
        *_dsr_review_items(facts, today=today, settings=settings),
    ]


def _first(closures: Iterable[Closure | None], today: date) -> Closure | None:
    """The earliest closure that has happened by `today`; on a tie the first listed wins, so list
    the satisfying event first (a review held on the day of admission still counts)."""
    happened = [closure for closure in closures if closure is not None and closure.on <= today]
    return min(happened, key=lambda closure: closure.on, default=None)


def _death(facts: ScheduleFacts) -> Closure | None:
    died_on = facts.person.date_of_death
    return Closure.cancelled(died_on, "The person died.") if died_on is not None else None


def _person_end(facts: ScheduleFacts) -> list[Closure | None]:
    """What ends every DSR item: leaving the DSR, or death."""
    left = None
    if facts.dsr is not None and facts.dsr.closed_date is not None:
        left = Closure.cancelled(facts.dsr.closed_date, "Removed from the DSR.")
    return [left, _death(facts)]


def _admission_from(facts: ScheduleFacts, day: date, reason: str) -> Closure | None:
    admissions = [spell.admission_date for spell in facts.spells if spell.admission_date >= day]
    return Closure.cancelled(min(admissions), reason) if admissions else None


def _ratings(facts: ScheduleFacts) -> list[RatingFacts]:
    """Ratings of the current DSR entry in date order, the last of each day standing for it."""
    if facts.dsr is None:
        return []
    dsr = facts.dsr
    by_day: dict[date, RatingFacts] = {}
    for rating in sorted(facts.ratings, key=lambda rating: (rating.effective_date, rating.id)):
        is_after_close = dsr.closed_date is not None and rating.effective_date > dsr.closed_date
        if rating.effective_date >= dsr.added_date and not is_after_close:
            by_day[rating.effective_date] = rating
    return [by_day[day] for day in sorted(by_day)]


def _community_review_items(
    facts: ScheduleFacts, *, today: date, settings: PolicySettings
) -> list[DueItem]:
    """R1: a community C(E)TR by the planned admission date, or with no date within
    COMMUNITY_CTR_RED_DAYS of the start of a run of RED ratings (re-rating RED does not move it).

    The item is satisfied by a community or urgent review held (or declined) from the start of the
    run, or for a planned admission from PRE_ADMISSION_LOOKBACK_DAYS before it. It is cancelled by
    an admission without one (R3/R4 then applies), a re-rating out of RED, leaving the DSR or death.
    A RED set automatically on discharge (DSR_RAG_ON_DISCHARGE) starts a run like any other: the
    person is at imminent risk of readmission.
    """
    if facts.dsr is None:
        return []
    ratings = _ratings(facts)
    planned = facts.dsr.planned_admission_date
    items: list[DueItem] = []
    for index, rating in enumerate(ratings):
        starts_run = rating.rag == Rag.RED and (index == 0 or ratings[index - 1].rag != Rag.RED)
        if not starts_run or is_inpatient_on(facts.spells, rating.effective_date):
            continue
        later = [other for other in ratings[index + 1 :] if other.rag != Rag.RED]
        ended_by = later[0] if later else None
        start = rating.effective_date
        anchor, anchor_kind = (start, Anchor.RED_RATING)
        if planned is not None and ended_by is None:  # a date, when there is one, rules
            anchor, anchor_kind = planned, Anchor.PLANNED_ADMISSION
        rerated = None
        if ended_by is not None:
            reason = f"Re-rated {ended_by.rag.value}: no longer RED."
            rerated = Closure.cancelled(ended_by.effective_date, reason)
        source = Ref(RefKind.RATING, rating.id)
        rule = _rule(facts, ItemKind.COMMUNITY_REVIEW, anchor_kind, start, settings, Rag.RED)
        items.append(_r1_item(facts, rule, anchor, start, rerated, source, today, settings))
    if planned is not None and not (ratings and ratings[-1].rag == Rag.RED):
        window_start = planned - timedelta(days=settings.PRE_ADMISSION_LOOKBACK_DAYS)
        if not is_inpatient_on(facts.spells, window_start):
            kind, anchor_kind = ItemKind.COMMUNITY_REVIEW, Anchor.PLANNED_ADMISSION
            rule = _rule(facts, kind, anchor_kind, today, settings)
            items.append(_r1_item(facts, rule, planned, window_start, None, None, today, settings))
    return items


def _r1_item(
    facts: ScheduleFacts,
    rule: Rule,
    anchor: date,
    window_start: date,
    rerated: Closure | None,
    source: Ref | None,
    today: date,
    settings: PolicySettings,
) -> DueItem:
    community_events = (
        review_event(review) for review in facts.reviews if review.type.is_community
    )
    satisfied = _first(
        (event for event in community_events if event and event.on >= window_start), today
    )
    closure = _first(
        [
            satisfied,
            _admission_from(facts, window_start, ADMITTED),
            rerated,
            *_person_end(facts),
        ],
        today,
    )
    return make_item(
        rule=rule,
        person_id=facts.person.id,
        anchor_date=anchor,
        due=due_date(rule, anchor, settings),
        closure=closure,
        today=today,
        settings=settings,
        source=source,
    )


def _urgent_review_items(
    facts: ScheduleFacts, *, today: date, settings: PolicySettings
) -> list[DueItem]:
    """R2: an urgent (blue light / LAEP) review held within URGENT_REVIEW_HOURS of its request.
    Cancelled with the review, or by an admission before it was held."""
    items = []
    for review in facts.reviews:
        if review.type != ReviewType.URGENT_COMMUNITY or review.requested_at is None:
            continue
        requested_at = review.requested_at
        if requested_at.tzinfo is not None:
            requested_at = requested_at.astimezone(LONDON)
        requested_on = requested_at.date()
        withdrawn = None
        if review.status == ReviewStatus.CANCELLED:
            withdrawn_on = review.cancelled_date or requested_on
            withdrawn = Closure.cancelled(withdrawn_on, "The urgent review was cancelled.")
        reason = "Admitted before the urgent review was held: the post-admission review applies."
        closure = _first(
            [
                review_event(review),
                withdrawn,
                _admission_from(facts, requested_on, reason),
                _death(facts),
            ],
            today,
        )
        rule = _rule(facts, ItemKind.URGENT_REVIEW, Anchor.URGENT_REQUEST, requested_on, settings)
        items.append(
            make_item(
                rule=rule,
                person_id=facts.person.id,
                anchor_date=requested_on,
                due=due_date(rule, review.requested_at, settings),
                closure=closure,
                today=today,
                settings=settings,
                source=Ref(RefKind.REVIEW, review.id),
            )
        )
    return items


def _dsr_review_items(
    facts: ScheduleFacts, *, today: date, settings: PolicySettings
) -> list[DueItem]:
    """R14: each RED/AMBER/GREEN rating is due a review within DSR_REVIEW_DAYS for its RAG; the next
    rating (any RAG) satisfies it, a BLUE one (admission) cancels it."""
    ratings = _ratings(facts)
    items = []
    for index, rating in enumerate(ratings):
        if rating.rag == Rag.BLUE:
            continue
        following = ratings[index + 1] if index + 1 < len(ratings) else None
        next_rating = None
        if following is not None and following.rag == Rag.BLUE:
            next_rating = Closure.cancelled(following.effective_date, "Admitted (rated BLUE).")
        elif following is not None:
            ref = Ref(RefKind.RATING, following.id)
            next_rating = Closure(on=following.effective_date, satisfied_by=ref)
        closure = _first([next_rating, *_person_end(facts)], today)
        anchor = rating.effective_date
        rule = _rule(facts, ItemKind.DSR_REVIEW, Anchor.LAST_RATING, anchor, settings, rating.rag)
        items.append(
            make_item(
                rule=rule,
                person_id=facts.person.id,
                anchor_date=anchor,
                due=due_date(rule, anchor, settings),
                closure=closure,
                today=today,
                settings=settings,
                source=Ref(RefKind.RATING, rating.id),
            )
        )
    return items


def _rule(
    facts: ScheduleFacts,
    kind: ItemKind,
    anchor: Anchor,
    day: date,
    settings: PolicySettings,
    rag: Rag | None = None,
) -> Rule:
    context = RuleContext(
        age_group=age_group_on(facts, day, settings), place=Place.COMMUNITY, rag=rag
    )
    return select_rule(kind, context, anchor=anchor)
