"""Demo C(E)TRs, panels, actions and oversight visits for a demo partnership (issue 5).

The register demo (register/demo) writes people, spells and DSR ratings but no reviews; this adds
the reviews a real partnership would have, so the worklists and dashboards show a realistic mix:
most inpatients have a post-admission review held in time and repeat reviews roughly on schedule,
some had theirs late and some have none at all. RED-rated people on the DSR get a community C(E)TR,
some people in hospital get oversight visits, and every held review has 1-3 actions, some done and
some open past their due date.

Rows are bulk-written like the register demo (no audit events, no per-row recompute): the caller
rebuilds the review schedule afterwards. Dates follow the services' rules: a review is held inside
its spell (inpatient types), never before birth, after death or after `today`.
"""

from __future__ import annotations

import random
from collections import Counter
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from accounts.models import Membership, Partnership, Role, User
from register.models import HospitalSpell, Person, RiskRating
from register.models.choices import Rag

from .calendar import add_months, add_working_days
from .models import (
    Action,
    ActionStatus,
    ActionStatusChange,
    CareReview,
    OversightVisit,
    PanelMember,
    PanelRole,
    ReviewOutcome,
    ReviewSetting,
    ReviewStatus,
    ReviewType,
)
from .services.care_reviews import is_under_18
from .services.schedule import policy_settings

PANEL_NAMES = {
    PanelRole.CHAIR_COMMISSIONER: ("Priya Shah", "Sam Okafor", "Helen Wright", "Tom Byrne"),
    PanelRole.EXPERT_BY_EXPERIENCE: ("Jess Marsh", "Daniel Reid", "Amira Hassan", "Lee Parker"),
    PanelRole.CLINICAL_EXPERT: ("Dr Ruth Cole", "Dr Ian Patel", "Dr Grace Lin", "Dr Mark Evans"),
}
PANEL_ORGANISATIONS = {
    PanelRole.CHAIR_COMMISSIONER: "Integrated care board",
    PanelRole.EXPERT_BY_EXPERIENCE: "Experts by experience network",
    PanelRole.CLINICAL_EXPERT: "Independent clinical expert",
}
RECOMMENDATIONS = (
    "Agree a discharge date and share it with the person and their family.",
    "Complete a positive behaviour support plan with the community team.",
    "Refer to the independent advocacy service.",
    "Review the use of restrictive practices with the ward team.",
    "Start the search for a community provider with the local authority.",
    "Arrange a physical health check and dental appointment.",
    "Hold a best interests meeting about medication.",
    "Update the crisis and contingency plan with the family.",
)
CONCERNS = (
    "Long periods in seclusion recorded since the last visit.",
    "The person said they had not been outside for two weeks.",
    "No discharge plan on file six months into the stay.",
)

INPATIENT_SETTINGS = (
    ReviewSetting.HOSPITAL,
    ReviewSetting.HOSPITAL,
    ReviewSetting.VIDEO,
    ReviewSetting.MIXED,
)
COMMUNITY_SETTINGS = (
    ReviewSetting.PERSON_HOME,
    ReviewSetting.COMMUNITY_VENUE,
    ReviewSetting.VIDEO,
)

# Share of inpatient stays whose post-admission review was late, or is missing altogether.
LATE_SHARE = 0.15
MISSING_SHARE = 0.15


def _panel(review: CareReview, rng: random.Random) -> list[PanelMember]:
    return [
        PanelMember(
            partnership_id=review.partnership_id,
            person_id=review.person_id,
            review=review,
            role=role,
            name=rng.choice(names),
            organisation=PANEL_ORGANISATIONS[role],
            is_independent_of_provider=True,
        )
        for role, names in PANEL_NAMES.items()
    ]


def _last_day(person: Person, today: date, spell: HospitalSpell | None = None) -> date:
    """The latest a review can be held: today, the end of the spell, the day of death."""
    last = today
    if spell is not None and spell.discharge_date:
        last = min(last, spell.discharge_date)
    if person.date_of_death:
        last = min(last, person.date_of_death)
    return last


def _held_review(
    *,
    partnership: Partnership,
    person: Person,
    spell: HospitalSpell | None,
    review_type: str,
    held: date,
    today: date,
    by: User | None,
    rng: random.Random,
) -> CareReview:
    review = CareReview(
        partnership=partnership,
        person=person,
        spell=spell,
        review_type=review_type,
        is_cetr=is_under_18(person, held),
        status=ReviewStatus.HELD,
        offered_date=held,
        held_date=held,
        setting=rng.choice(INPATIENT_SETTINGS if spell else COMMUNITY_SETTINGS),
        person_attended=rng.random() < 0.8,
        family_or_carer_attended=rng.random() < 0.6,
        advocate_attended=rng.random() < 0.5,
        created_by=by,
    )
    report = held + timedelta(days=rng.randint(5, 20))
    review.report_issued_date = report if report <= today else None
    if spell is None:
        review.outcome = (
            ReviewOutcome.ADMISSION_AVOIDED
            if rng.random() < 0.8
            else ReviewOutcome.ADMISSION_RECOMMENDED
        )
        return review
    outcome = rng.choices(
        [
            ReviewOutcome.SAFE_AND_APPROPRIATELY_PLACED,
            ReviewOutcome.NOT_SAFE_OR_NOT_APPROPRIATE,
            ReviewOutcome.READY_FOR_DISCHARGE,
        ],
        weights=[6, 2, 2],
    )[0]
    review.outcome = outcome
    review.is_safe = outcome != ReviewOutcome.NOT_SAFE_OR_NOT_APPROPRIATE
    review.is_good_care_now = review.is_safe and rng.random() < 0.85
    review.has_plans_for_future = rng.random() < 0.6
    review.could_care_be_in_community = (
        outcome == ReviewOutcome.READY_FOR_DISCHARGE or rng.random() < 0.5
    )
    review.is_in_right_place = outcome == ReviewOutcome.SAFE_AND_APPROPRIATELY_PLACED
    return review


def _rules():
    """The rule table, built once per demo build rather than per spell (it is a few dozen
    dataclass fields parsed from settings: a quarter of the build's time at national scale)."""
    if _RULES.get("rules") is None:
        _RULES["rules"] = policy_settings()
    return _RULES["rules"]


_RULES: dict[str, object] = {}


def _post_admission_due(person: Person, spell: HospitalSpell) -> date:
    """R3 (adult, 28 days) or R4 (child, 10 working days) from admission."""
    rules = _rules()
    if is_under_18(person, spell.admission_date):
        return add_working_days(spell.admission_date, rules.CETR_POST_ADMISSION_WD)
    return spell.admission_date + timedelta(days=rules.ADULT_POST_ADMISSION_DAYS)


def _repeat_months(person: Person, day: date) -> int:
    rules = _rules()
    if is_under_18(person, day):
        return rules.REPEAT_CETR_CYP_MONTHS
    return rules.REPEAT_CTR_ADULT_NON_SECURE_MONTHS


def _inpatient_reviews(
    *,
    partnership: Partnership,
    spells: list[HospitalSpell],
    today: date,
    by: User | None,
    rng: random.Random,
) -> tuple[list[CareReview], Counter[str]]:
    """Post-admission and repeat reviews: on time for most stays, late for some, none for some."""
    fates: Counter[str] = Counter()
    order = spells[:]
    rng.shuffle(order)
    # Late needs room after the deadline inside the stay; missing is told by an overdue item.
    can_be_late = [
        s
        for s in order
        if _post_admission_due(s.person, s) + timedelta(days=3) <= _last_day(s.person, today, s)
    ]
    late_ids = {s.pk for s in can_be_late[: max(1, round(LATE_SHARE * len(order)))]}
    can_be_missing = [
        s for s in order if s.pk not in late_ids and _post_admission_due(s.person, s) < today
    ]
    missing_ids = {s.pk for s in can_be_missing[: max(1, round(MISSING_SHARE * len(order)))]}
    reviews = []
    for spell in sorted(spells, key=lambda s: s.pk):
        person = spell.person
        last = _last_day(person, today, spell)
        due = _post_admission_due(person, spell)
        if spell.pk in missing_ids:
            fates["missing"] += 1
            continue
        if spell.pk in late_ids:
            held = min(due + timedelta(days=rng.randint(3, 30)), last)
            fates["late"] += 1
        else:
            start = spell.admission_date + timedelta(days=min(3, (due - spell.admission_date).days))
            held = rng.randint(start.toordinal(), due.toordinal())
            held = date.fromordinal(held)
            if held > last:
                held = last
            fates["on_time"] += 1
        if held < spell.admission_date or held < person.date_of_birth:
            continue
        kind = ReviewType.POST_ADMISSION
        while True:
            reviews.append(
                _held_review(
                    partnership=partnership,
                    person=person,
                    spell=spell,
                    review_type=kind,
                    held=held,
                    today=today,
                    by=by,
                    rng=rng,
                )
            )
            kind = ReviewType.INPATIENT_REPEAT
            next_due = add_months(held, _repeat_months(person, held))
            roll = rng.random()
            if roll < 0.1:
                break  # the next repeat review never happened: overdue once due
            shift = rng.randint(5, 40) if roll < 0.2 else -rng.randint(0, 21)
            held = next_due + timedelta(days=shift)
            if held > last:
                break
    return reviews, fates


# Most current RED runs get their community C(E)TR (R1); the rest show as missing on the
# worklist. Earlier RED runs are recorded less often (records kept before the register).
COMMUNITY_REVIEW_SHARE = 0.7
EARLIER_COMMUNITY_REVIEW_SHARE = 0.4


def _community_reviews(
    *,
    partnership: Partnership,
    today: date,
    by: User | None,
    rng: random.Random,
    spells: list[HospitalSpell],
    ratings: list[RiskRating] | None = None,
) -> list[CareReview]:
    """A community C(E)TR within a fortnight of most RED runs in the community (R1): each time a
    person's rating turns RED, before the rating changes again (an admission turns it BLUE)."""
    stays: dict[int, list[tuple[date, date]]] = {}
    for spell in spells:
        stays.setdefault(spell.person_id, []).append(
            (spell.admission_date, spell.discharge_date or today)
        )
    if ratings is None:
        ratings = list(RiskRating.objects.for_partnership(partnership).select_related("person"))
    by_person: dict[int, list[RiskRating]] = {}
    for rating in sorted(
        ratings, key=lambda r: (r.person_id, r.effective_date, r.recorded_at, r.pk)
    ):
        by_person.setdefault(rating.person_id, []).append(rating)
    reviews = []
    for person_id in sorted(by_person):
        history = by_person[person_id]
        for index, rating in enumerate(history):
            turns_red = rating.rag == Rag.RED and (index == 0 or history[index - 1].rag != Rag.RED)
            if not turns_red:
                continue
            following = next((r for r in history[index + 1 :] if r.rag != Rag.RED), None)
            share = COMMUNITY_REVIEW_SHARE if following is None else EARLIER_COMMUNITY_REVIEW_SHARE
            if rng.random() > share:
                continue
            person = rating.person
            held = rating.effective_date + timedelta(days=rng.randint(2, 13))
            if following is not None:  # held while still RED and in the community
                held = min(held, following.effective_date - timedelta(days=1))
            held = min(held, _last_day(person, today))
            in_hospital = any(start <= held <= end for start, end in stays.get(person_id, ()))
            if held < rating.effective_date or held < person.date_of_birth or in_hospital:
                continue
            reviews.append(
                _held_review(
                    partnership=partnership,
                    person=person,
                    spell=None,
                    review_type=ReviewType.COMMUNITY,
                    held=held,
                    today=today,
                    by=by,
                    rng=rng,
                )
            )
    return reviews


def _visits(
    *,
    partnership: Partnership,
    spells: list[HospitalSpell],
    today: date,
    by: User,
    rng: random.Random,
) -> list[OversightVisit]:
    """Oversight visits roughly every 8 weeks for about half of the people now in hospital."""
    visits = []
    for spell in spells:
        if spell.discharge_date or rng.random() > 0.5:
            continue
        last = _last_day(spell.person, today, spell)
        day = spell.admission_date + timedelta(days=rng.randint(7, 40))
        while day <= last:
            concerns = rng.choice(CONCERNS) if rng.random() < 0.15 else ""
            visits.append(
                OversightVisit(
                    partnership=partnership,
                    person=spell.person,
                    spell=spell,
                    visit_date=day,
                    visitor=by,
                    has_concerns=bool(concerns),
                    concerns=concerns,
                    recorded_by=by,
                )
            )
            day += timedelta(days=rng.randint(42, 70))
    return visits


def _at(day: date, rng: random.Random) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(rng.randint(9, 16), rng.randint(0, 59))))


# Shares for actions whose due date has passed, as partnerships report them: most done on time,
# some late, a few cancelled or escalated as not done (still outstanding), and about one in
# twelve still open or in progress.
PAST_DUE_DONE_ON_TIME = 0.70
PAST_DUE_DONE_LATE = 0.82
PAST_DUE_CANCELLED = 0.87
PAST_DUE_ESCALATED = 0.92


def _action_history(
    action: Action, *, held: date, today: date, rng: random.Random
) -> list[tuple[str, date, str]]:
    """Status changes (status, day, reason) of one demo action, all before today."""
    history: list[tuple[str, date, str]] = [(ActionStatus.OPEN, held, "")]
    due, roll = action.due_date, rng.random()
    last_day = today - timedelta(days=1)
    if due >= today:  # not yet due: open, started, or already done
        if roll < 0.3 and held + timedelta(days=1) <= last_day:
            history.append(
                (
                    ActionStatus.DONE,
                    held + timedelta(days=rng.randint(1, (last_day - held).days)),
                    "",
                )
            )
        elif roll < 0.65 and held < today:
            history.append((ActionStatus.IN_PROGRESS, held + timedelta(days=1), ""))
        return history
    if roll < PAST_DUE_DONE_ON_TIME:
        history.append(
            (ActionStatus.DONE, held + timedelta(days=rng.randint(1, (due - held).days)), "")
        )
    elif roll < PAST_DUE_DONE_LATE and due < last_day:
        late = min(due + timedelta(days=rng.randint(1, 30)), last_day)
        history.append((ActionStatus.DONE, late, ""))
    elif roll < PAST_DUE_CANCELLED:
        history.append((ActionStatus.CANCELLED, due, "No longer needed after the person moved."))
    elif roll < PAST_DUE_ESCALATED:
        history.append(
            (ActionStatus.NOT_DONE_ESCALATED, due, "Provider could not meet the date; escalated.")
        )
    elif roll < 0.96:
        history.append((ActionStatus.IN_PROGRESS, held + timedelta(days=1), ""))
    return history


def _actions(
    reviews: list[CareReview], *, today: date, by: User, rng: random.Random
) -> tuple[list[Action], list[ActionStatusChange]]:
    """1-3 actions per held review, with a realistic history (see `_action_history`)."""
    actions, changes = [], []
    for review in reviews:
        for text in rng.sample(RECOMMENDATIONS, rng.randint(1, 3)):
            action = Action(
                partnership_id=review.partnership_id,
                person_id=review.person_id,
                review=review,
                recommendation=text,
                owner_user=by,
                due_date=review.held_date + timedelta(days=rng.randint(14, 90)),
                created_by=by,
            )
            actions.append(action)
            history = _action_history(action, held=review.held_date, today=today, rng=rng)
            for status, day, reason in history:
                changes.append(
                    ActionStatusChange(
                        partnership_id=review.partnership_id,
                        person_id=review.person_id,
                        action=action,
                        status=status,
                        reason=reason,
                        changed_by=by,
                        changed_at=min(_at(day, rng), timezone.now()),
                    )
                )
    return actions, changes


def _demo_user(partnership: Partnership) -> User | None:
    """The partnership's first commissioner (or any member): the demo reviews' author."""
    memberships = Membership.objects.filter(partnership=partnership).select_related("user")
    chosen = memberships.filter(role=Role.COMMISSIONER).order_by("pk").first()
    chosen = chosen or memberships.order_by("pk").first()
    return chosen.user if chosen else None


def build_review_demo(
    partnership: Partnership,
    *,
    today: date,
    rng: random.Random,
    spells: list[HospitalSpell] | None = None,
    ratings: list[RiskRating] | None = None,
) -> tuple[dict[type, list], Counter[str]]:
    """The partnership's demo reviews, panels, visits, actions and status changes, unsaved, in
    write order, with the post-admission fates. `spells` (with their people) and `ratings` are
    read from the database unless given (the benchmark passes the rows it has just written)."""
    _RULES["rules"] = policy_settings()  # read afresh for each build (settings may change)
    by = _demo_user(partnership)
    if spells is None:
        spells = list(
            HospitalSpell.objects.for_partnership(partnership)
            .select_related("person")
            .filter(admission_date__lte=today)
            .order_by("pk")
        )
    reviews, fates = _inpatient_reviews(
        partnership=partnership, spells=spells, today=today, by=by, rng=rng
    )
    reviews += _community_reviews(
        partnership=partnership, today=today, by=by, rng=rng, spells=spells, ratings=ratings
    )
    panel = [member for review in reviews for member in _panel(review, rng)]
    visits: list[OversightVisit] = []
    actions: list[Action] = []
    changes: list[ActionStatusChange] = []
    if by is not None:
        visits = _visits(partnership=partnership, spells=spells, today=today, by=by, rng=rng)
        actions, changes = _actions(reviews, today=today, by=by, rng=rng)
    rows: dict[type, list] = {
        CareReview: reviews,
        PanelMember: panel,
        OversightVisit: visits,
        Action: actions,
        ActionStatusChange: changes,
    }
    return rows, fates


@transaction.atomic
def seed_review_demo(
    partnership: Partnership, *, today: date, rng: random.Random
) -> dict[str, int]:
    """Write the partnership's demo reviews; nothing if it has any C(E)TR already (idempotent).

    Returns the number of rows written per model, plus the post-admission review fates
    (`on_time`, `late`, `missing`).
    """
    if CareReview.objects.filter(partnership=partnership).exists():
        return {}
    rows, fates = build_review_demo(partnership, today=today, rng=rng)
    for model, objs in rows.items():
        model.objects.bulk_create(objs)
    return {model.__name__: len(objs) for model, objs in rows.items()} | dict(fates)
