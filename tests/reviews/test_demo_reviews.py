"""Demo reviews (issue 5): on time, late and missing, so worklists and dashboards look real."""

import random
from datetime import date

import pytest

from register.models import HospitalSpell
from reviews.demo import seed_review_demo
from reviews.models import (
    REQUIRED_PANEL_ROLES,
    Action,
    ActionStatus,
    ActionStatusChange,
    CareReview,
    OversightVisit,
    ReviewType,
    ScheduledItem,
    ScheduledItemStatus,
)
from reviews.policy import ItemKind
from reviews.services import recompute_all_schedules
from tests.factories import make_cohort

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 20)


@pytest.fixture
def seeded(partnership):
    make_cohort(partnership, community_people=40, inpatients=12, today=TODAY)
    written = seed_review_demo(partnership, today=TODAY, rng=random.Random("demo-reviews"))
    recompute_all_schedules(today=TODAY, partnership=partnership)
    return written


def test_demo_reviews_are_on_time_late_and_missing(partnership, seeded):
    assert seeded["on_time"] > seeded["late"] >= 1
    assert seeded["missing"] >= 1
    post_admission = ScheduledItem.objects.for_partnership(partnership).filter(
        kind=ItemKind.POST_ADMISSION_REVIEW
    )
    completed = post_admission.filter(status=ScheduledItemStatus.COMPLETED)
    on_time = [item for item in completed if item.satisfied_on <= item.due_date]
    late = [item for item in completed if item.satisfied_on > item.due_date]
    assert on_time
    assert late
    assert ScheduledItem.objects.for_partnership(partnership).overdue(TODAY).exists()
    inpatients_without_review = (
        HospitalSpell.objects.for_partnership(partnership)
        .exclude(care_reviews__review_type=ReviewType.POST_ADMISSION)
        .count()
    )
    assert inpatients_without_review == seeded["missing"]


def test_held_reviews_have_a_full_panel_and_actions_with_history(partnership, seeded):
    reviews = CareReview.objects.for_partnership(partnership).held().prefetch_related("panel")
    assert reviews.count() == seeded["CareReview"]
    for review in reviews:
        assert {member.role for member in review.panel.all()} >= REQUIRED_PANEL_ROLES
        assert 1 <= review.actions.count() <= 3
    assert reviews.filter(review_type=ReviewType.INPATIENT_REPEAT).exists()
    actions = Action.objects.for_partnership(partnership).with_current_status()
    assert actions.filter(current_status=ActionStatus.DONE).exists()
    assert Action.objects.for_partnership(partnership).overdue(TODAY).exists()
    assert ActionStatusChange.objects.for_partnership(partnership).count() > actions.count()
    assert OversightVisit.objects.for_partnership(partnership).exists()


def test_community_reviews_are_for_red_rated_people(partnership, seeded):
    community = CareReview.objects.for_partnership(partnership).filter(
        review_type=ReviewType.COMMUNITY
    )
    assert community.exists()
    for review in community:
        in_effect = (
            review.person.risk_ratings.filter(effective_date__lte=review.held_date)
            .order_by("-effective_date", "-recorded_at", "-pk")
            .first()
        )
        assert in_effect.rag == "RED", review  # held while the person was rated RED
        assert (
            not review.person.spells.filter(admission_date__lte=review.held_date)
            .exclude(discharge_date__lt=review.held_date)
            .exists()
        )  # and in the community


def test_no_review_date_outside_its_spell_or_in_the_future(partnership, seeded):
    for review in CareReview.objects.for_partnership(partnership).select_related("spell", "person"):
        assert review.person.date_of_birth <= review.held_date <= TODAY
        if review.spell is not None:
            assert review.spell.admission_date <= review.held_date
            assert review.spell.discharge_date is None or (
                review.held_date <= review.spell.discharge_date
            )
    for visit in OversightVisit.objects.for_partnership(partnership).select_related("spell"):
        assert visit.spell.admission_date <= visit.visit_date <= TODAY


def test_seeding_twice_writes_nothing_more(partnership, seeded):
    before = CareReview.objects.count(), Action.objects.count(), OversightVisit.objects.count()
    again = seed_review_demo(partnership, today=TODAY, rng=random.Random("demo-reviews"))
    assert again == {}
    after = CareReview.objects.count(), Action.objects.count(), OversightVisit.objects.count()
    assert after == before


def test_most_demo_actions_past_their_date_are_done(partnership, seeded):
    """Realistic follow-up: a minority of actions past their due date are still outstanding."""
    past_due = Action.objects.for_partnership(partnership).filter(due_date__lt=TODAY)
    overdue = Action.objects.for_partnership(partnership).overdue(TODAY)
    done = past_due.with_current_status().filter(current_status=ActionStatus.DONE)
    assert past_due.count() >= 20
    assert 0 < overdue.count() <= 0.25 * past_due.count()
    assert done.count() >= 0.6 * past_due.count()
