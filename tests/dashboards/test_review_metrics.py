"""C1-C7 from the reviews app's records (DOMAIN.md 5.3, E1, E19). Each cohort is built by hand
and every expected numerator and denominator is counted in the comments."""

import datetime as dt

import pytest
from django.utils import timezone

from reviews.models import Action, ActionStatusChange, CareReview, ScheduledItem

pytestmark = pytest.mark.django_db
MARCH = dt.date(2026, 3, 1)


def _item(spell, rule, due, *, satisfied=None, cancelled=None, declined=False):
    return ScheduledItem.objects.create(
        partnership=spell.partnership,
        person=spell.person,
        spell=spell,
        stay_spell=spell,
        rule_id=rule,
        kind=f"kind-{rule}",
        anchor_date=spell.admission_date,
        due_date=due,
        status="COMPLETED" if satisfied else "CANCELLED" if cancelled else "DUE",
        satisfied_on=satisfied,
        cancelled_on=cancelled,
        is_declined=declined,
        source_kind="test",
        source_id=ScheduledItem.objects.count() + 1,
    )


def _held(person, held, *, spell=None, kind=None, outcome=None):
    inpatient = spell is not None
    answers = (
        dict(
            is_safe=True,
            is_good_care_now=True,
            has_plans_for_future=True,
            could_care_be_in_community=False,
        )
        if inpatient
        else {}
    )
    kind = kind or ("INPATIENT_REPEAT" if inpatient else "COMMUNITY")
    return CareReview.objects.create(
        partnership=person.partnership,
        person=person,
        spell=spell,
        review_type=kind,
        status="HELD",
        held_date=held,
        outcome=outcome or ("SAFE_AND_APPROPRIATELY_PLACED" if inpatient else "ADMISSION_AVOIDED"),
        requested_at=timezone.now() if kind == "URGENT_COMMUNITY" else None,
        **answers,
    )


@pytest.fixture
def inpatients(admit):
    """Six people in hospital on 31 March 2026 with their schedule items."""
    a = admit(dt.date(2026, 1, 5))
    _item(a, "R5", dt.date(2026, 3, 20), satisfied=dt.date(2026, 3, 18))
    _item(a, "R8", dt.date(2026, 3, 25))  # visit overdue
    _held(a.person, dt.date(2026, 2, 1), spell=a, kind="POST_ADMISSION")
    b = admit(dt.date(2025, 6, 1))
    _item(b, "R6", dt.date(2026, 3, 10))  # repeat review overdue
    _item(b, "R8", dt.date(2026, 4, 10))
    _held(b.person, dt.date(2025, 9, 30), spell=b)  # exactly 6 months before: too old
    c = admit(dt.date(2026, 3, 10))  # in hospital 21 days: not yet in C1's denominator
    _item(c, "R3", dt.date(2026, 4, 7))
    d = admit(dt.date(2026, 3, 9), dob=dt.date(2012, 1, 1))  # a child: 10 working days by 23 Mar
    _item(d, "R7", dt.date(2026, 6, 9))
    _item(d, "R9", dt.date(2026, 3, 30), satisfied=dt.date(2026, 4, 2))  # late: overdue on 31st
    _held(d.person, dt.date(2026, 3, 5))  # a community CETR before admission
    e = admit(dt.date(2025, 1, 1))
    _item(e, "R5", dt.date(2026, 2, 1), cancelled=dt.date(2026, 2, 10))
    _item(e, "R5", dt.date(2026, 3, 31))  # due today: not overdue yet
    _held(e.person, dt.date(2025, 10, 1), spell=e)
    f = admit(dt.date(2026, 1, 10))
    _item(f, "R3", dt.date(2026, 2, 7))  # never reviewed: post-admission review overdue
    return a, b, c, d, e, f


def _nd(result):
    return (result.numerator, result.denominator)


def test_repeat_reviews_oversight_visits_and_six_month_reviews(inpatients, figures):
    got = figures(MARCH, "C1", "C2", "C6")
    assert _nd(got["C1"]) == (3, 5)  # settled A, B, D, E, F; B's R6 and F's R3 are overdue
    assert _nd(got["C2"]) == (3, 6)  # B (review exactly 6 months ago), C and F (none)
    assert _nd(got["C6"]) == (4, 6)  # A's R8 unsatisfied, D's R9 satisfied only in April


def test_e1_post_admission_review_due_30_march_and_not_held(admit, figures):
    spell = admit(dt.date(2026, 3, 2))
    _item(spell, "R3", dt.date(2026, 3, 30))
    assert _nd(figures(MARCH, "C3")["C3"]) == (0, 1)
    # While March runs, on the 30th, the item is not yet judged.
    assert _nd(figures(MARCH, "C3", today=dt.date(2026, 3, 30))["C3"]) == (0, 0)


def test_post_admission_reviews_on_time(admit, figures):
    spell = admit(dt.date(2026, 2, 20))
    _item(spell, "R4", dt.date(2026, 3, 16), satisfied=dt.date(2026, 3, 16))  # on time
    _item(spell, "R3", dt.date(2026, 3, 20), satisfied=dt.date(2026, 3, 25))  # late
    _item(spell, "R3", dt.date(2026, 3, 12), satisfied=dt.date(2026, 3, 10), declined=True)
    _item(spell, "R3", dt.date(2026, 3, 15), cancelled=dt.date(2026, 3, 14))  # not counted
    _item(spell, "R3", dt.date(2026, 3, 30))  # not held
    _item(spell, "R3", dt.date(2026, 4, 7))  # due in April
    c3 = figures(MARCH, "C3")["C3"]
    assert _nd(c3) == (2, 4)
    assert c3.stats["declined_but_offered"] == 1


def test_e19_admissions_preceded_by_a_community_review(admit, resident, figures):
    e19 = resident()
    _held(e19, dt.date(2026, 3, 3))
    admit(dt.date(2026, 3, 5), person=e19)  # community CTR two days before: counted
    late = resident()
    _held(late, dt.date(2026, 2, 10))
    admit(dt.date(2026, 3, 20), person=late)  # 38 days before: not counted
    blue_light = resident()
    _held(blue_light, dt.date(2026, 3, 12), kind="URGENT_COMMUNITY")
    admit(dt.date(2026, 3, 12), person=blue_light)  # LAEP the same day: counted
    moved = admit(dt.date(2025, 1, 1), discharged=dt.date(2026, 3, 8), destination="OTHER_HOSPITAL")
    admit(
        dt.date(2026, 3, 8),
        person=moved.person,
        kind="TRANSFER",
        continuous_stay_start=dt.date(2025, 1, 1),
    )  # a transfer is not a new admission
    assert _nd(figures(MARCH, "C4")["C4"]) == (2, 3)


def test_community_reviews_that_avoided_admission_are_reported_a_month_later(
    admit, resident, figures
):
    avoided = resident()
    _held(avoided, dt.date(2026, 2, 3))
    admitted_soon = resident()
    _held(admitted_soon, dt.date(2026, 2, 10))
    admit(dt.date(2026, 3, 1), person=admitted_soon)  # 19 days later
    recommended = resident()
    _held(recommended, dt.date(2026, 2, 20), outcome="ADMISSION_RECOMMENDED")
    _held(resident(), dt.date(2026, 3, 2))  # March's reviews are reported in April
    c5 = figures(MARCH, "C5")["C5"]
    assert _nd(c5) == (1, 3)
    assert c5.stats["review_month"] == "2026-02-01"


def test_overdue_actions_use_the_status_on_the_day(resident, make_member, partnership, figures):
    person = resident()
    review = _held(person, dt.date(2026, 1, 20))
    by = make_member("COMMISSIONER", partnership)

    def action(due, created=dt.date(2026, 2, 1), done_on=None):
        row = Action.objects.create(
            partnership=partnership,
            person=person,
            review=review,
            recommendation="Find a local provider",
            owner_user=by,
            due_date=due,
        )
        Action.objects.filter(pk=row.pk).update(
            created_at=dt.datetime(created.year, created.month, created.day, 12, tzinfo=dt.UTC)
        )
        if done_on:
            ActionStatusChange.objects.create(
                partnership=partnership,
                person=person,
                action=row,
                status="DONE",
                changed_by=by,
                changed_at=dt.datetime(done_on.year, done_on.month, done_on.day, 12, tzinfo=dt.UTC),
            )
        return row

    action(dt.date(2026, 3, 15))  # open and overdue
    action(dt.date(2026, 3, 15), done_on=dt.date(2026, 3, 20))  # done by month end
    action(dt.date(2026, 4, 30))  # open, not yet due
    action(dt.date(2026, 3, 1), done_on=dt.date(2026, 4, 5))  # done only in April: overdue
    action(dt.date(2026, 4, 30), created=dt.date(2026, 4, 2))  # did not exist yet
    assert _nd(figures(MARCH, "C7")["C7"]) == (2, 3)
