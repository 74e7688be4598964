"""Recommendations as actions: owner, due date, append-only status history, overdue flags."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction

from accounts.models import AuditAction, AuditEvent
from reviews.models import Action, ActionStatus, ActionStatusChange, ReviewOutcome, ReviewType
from reviews.services import (
    NewAction,
    add_action,
    change_action_status,
    plan_review,
    record_review,
)

from .conftest import FULL_PANEL, TODAY

pytestmark = pytest.mark.django_db


@pytest.fixture
def held_review(person, commissioner):
    return record_review(
        person=person,
        by=commissioner,
        review_type=ReviewType.COMMUNITY,
        held_date=dt.date(2026, 3, 2),
        panel=FULL_PANEL,
        outcome=ReviewOutcome.ADMISSION_AVOIDED,
        today=TODAY,
    )


@pytest.fixture
def action(held_review, commissioner):
    return add_action(
        review=held_review,
        by=commissioner,
        recommendation="Arrange a positive behaviour support plan",
        due_date=dt.date(2026, 3, 20),
        owner_user=commissioner,
    )


def _current(action):
    return Action.objects.with_current_status().get(pk=action.pk).current_status


def test_new_action_starts_open_and_is_audited(action, commissioner):
    assert _current(action) == ActionStatus.OPEN
    change = ActionStatusChange.objects.get(action=action)
    assert change.changed_by == commissioner
    assert AuditEvent.objects.filter(
        action=AuditAction.CREATE, object_type="reviews.Action", object_id=str(action.pk)
    ).exists()


def test_status_history_is_kept_and_latest_row_is_current(action, commissioner, coordinator):
    change_action_status(action=action, by=coordinator, status=ActionStatus.IN_PROGRESS)
    change_action_status(action=action, by=commissioner, status=ActionStatus.DONE)
    history = list(
        ActionStatusChange.objects.filter(action=action).values_list("status", "changed_by")
    )
    assert history == [
        (ActionStatus.OPEN, commissioner.pk),
        (ActionStatus.IN_PROGRESS, coordinator.pk),
        (ActionStatus.DONE, commissioner.pk),
    ]
    assert _current(action) == ActionStatus.DONE
    event = AuditEvent.objects.filter(action=AuditAction.UPDATE, object_type="reviews.Action")
    assert event.latest("pk").summary["status"] == {"from": "IN_PROGRESS", "to": "DONE"}


def test_a_closed_action_can_be_reopened_with_one_more_row(action, commissioner):
    change_action_status(action=action, by=commissioner, status=ActionStatus.DONE)
    change_action_status(action=action, by=commissioner, status=ActionStatus.OPEN)
    assert _current(action) == ActionStatus.OPEN
    assert ActionStatusChange.objects.filter(action=action).count() == 3


def test_not_done_needs_a_reason(action, commissioner, nothing_written):
    with nothing_written(), pytest.raises(ValidationError) as error:
        change_action_status(action=action, by=commissioner, status=ActionStatus.NOT_DONE_ESCALATED)
    assert "escalated" in error.value.message_dict["reason"][0]
    change_action_status(
        action=action,
        by=commissioner,
        status=ActionStatus.NOT_DONE_ESCALATED,
        reason="No provider found; escalated to the ICB director",
    )
    assert _current(action) == ActionStatus.NOT_DONE_ESCALATED


def test_same_status_again_is_refused(action, commissioner, nothing_written):
    with nothing_written(), pytest.raises(ValidationError, match="already open"):
        change_action_status(action=action, by=commissioner, status=ActionStatus.OPEN)


def test_status_history_is_append_only_in_the_database(action):
    change = ActionStatusChange.objects.get(action=action)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        ActionStatusChange.objects.filter(pk=change.pk).update(status=ActionStatus.DONE)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        ActionStatusChange.objects.filter(pk=change.pk).delete()
    assert ActionStatusChange.objects.get(pk=change.pk).status == ActionStatus.OPEN


def test_overdue_means_not_done_or_cancelled_and_past_due(held_review, commissioner):
    def make(text, due, status=None):
        new = add_action(
            review=held_review,
            by=commissioner,
            recommendation=text,
            due_date=due,
            owner_user=commissioner,
        )
        if status:
            change_action_status(action=new, by=commissioner, status=status, reason="reason")
        return new

    late_open = make("late open", dt.date(2026, 3, 30))
    make("due today", TODAY)
    make("late but done", dt.date(2026, 3, 10), ActionStatus.DONE)
    make("late but cancelled", dt.date(2026, 3, 10), ActionStatus.CANCELLED)
    late_escalated = make("late escalated", dt.date(2026, 3, 10), ActionStatus.NOT_DONE_ESCALATED)
    late_in_progress = make("late in progress", dt.date(2026, 3, 11), ActionStatus.IN_PROGRESS)
    overdue = Action.objects.overdue(TODAY)
    assert set(overdue.values_list("pk", flat=True)) == {
        late_open.pk,
        late_escalated.pk,
        late_in_progress.pk,
    }


def test_action_row_flags_overdue(action, commissioner):
    from reviews.presenters import action_row

    annotated = Action.objects.with_current_status().select_related("person").get(pk=action.pk)
    row = action_row(annotated, today=TODAY)
    assert row.is_overdue is True
    assert row.overdue_tag == {"text": "Overdue by 11 days", "classes": "nhsuk-tag--red"}
    on_time = action_row(annotated, today=dt.date(2026, 3, 20))
    assert on_time.is_overdue is False
    assert on_time.overdue_tag is None


def test_recommendations_are_added_to_held_reviews_only(person, commissioner, nothing_written):
    planned = plan_review(
        person=person, by=commissioner, review_type=ReviewType.COMMUNITY, today=TODAY
    )
    with nothing_written(), pytest.raises(ValidationError, match="once the review has been held"):
        add_action(
            review=planned,
            by=commissioner,
            recommendation="Too early",
            due_date=dt.date(2026, 4, 1),
            owner_user=commissioner,
        )


def test_action_due_before_the_review_is_refused(held_review, commissioner, nothing_written):
    with nothing_written(), pytest.raises(ValidationError) as error:
        add_action(
            review=held_review,
            by=commissioner,
            recommendation="Backdated",
            due_date=dt.date(2026, 3, 1),
            owner_user=commissioner,
        )
    assert error.value.messages == [
        "The due date must be on or after the date the review was held."
    ]


def test_new_action_dataclass_defaults_to_no_owner():
    assert NewAction("text", None).owner_user is None
