"""Recommendations become actions with an owner, a due date and an append-only status history."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.audit import record_event
from accounts.models import AuditAction, Organisation, User

from ..models import (
    Action,
    ActionStatus,
    ActionStatusChange,
    CareReview,
    ReviewStatus,
)
from ._common import is_member


@dataclass(frozen=True)
class NewAction:
    recommendation: str
    due_date: date | None
    owner_organisation: Organisation | None = None
    owner_user: User | None = None


def action_problems(
    new: NewAction, *, number: int | None, not_before: date | None, partnership_id: int
) -> Iterator[str]:
    """Each recommendation names an owner and a due date (2017 policy)."""
    which = f"Recommendation {number}: " if number else ""
    if not new.recommendation.strip():
        yield f"{which}Enter the recommendation."
    if new.owner_organisation is None and new.owner_user is None:
        yield f"{which}Choose who owns the action: an organisation, a named person or both."
    if new.owner_user is not None and not is_member(new.owner_user, partnership_id):
        yield f"{which}The named owner must be a user of this partnership."
    if new.due_date is None:
        yield f"{which}Enter the date the action is due."
    elif not_before is not None and new.due_date < not_before:
        yield f"{which}The due date must be on or after the date the review was held."


def create_action(*, review: CareReview, by: User, new: NewAction) -> Action:
    """Write one action and its first status (OPEN). Callers validate and hold the transaction."""
    action = Action.objects.create(
        partnership_id=review.partnership_id,
        person_id=review.person_id,
        review=review,
        recommendation=new.recommendation.strip(),
        owner_organisation=new.owner_organisation,
        owner_user=new.owner_user,
        due_date=new.due_date,
        created_by=by,
    )
    ActionStatusChange.objects.create(
        partnership_id=review.partnership_id,
        person_id=review.person_id,
        action=action,
        status=ActionStatus.OPEN,
        changed_by=by,
    )
    record_event(actor=by, action=AuditAction.CREATE, target=action)
    return action


def add_action(
    *,
    review: CareReview,
    by: User,
    recommendation: str,
    due_date: date | None,
    owner_organisation: Organisation | None = None,
    owner_user: User | None = None,
) -> Action:
    """Add a recommendation to a held review, as an OPEN action."""
    new = NewAction(recommendation, due_date, owner_organisation, owner_user)
    problems = list(
        action_problems(
            new, number=None, not_before=review.held_date, partnership_id=review.partnership_id
        )
    )
    if problems:
        raise ValidationError(problems)
    with transaction.atomic():
        review = CareReview.objects.select_for_update().get(pk=review.pk)
        if review.status != ReviewStatus.HELD:
            raise ValidationError("Recommendations are added once the review has been held.")
        return create_action(review=review, by=by, new=new)


def change_action_status(
    *, action: Action, by: User, status: str, reason: str = ""
) -> ActionStatusChange:
    """Append a status row: the latest row is the current status, and earlier rows stay as the
    history (a correction, such as reopening a closed action, is one more row). "Not done" is
    escalated and needs the reason."""
    if status not in ActionStatus.values:
        raise ValidationError({"status": "Choose the new status of the action."})
    if status == ActionStatus.NOT_DONE_ESCALATED and not reason.strip():
        raise ValidationError(
            {"reason": "Enter why the action was not done and to whom it was escalated."}
        )
    with transaction.atomic():
        action = Action.objects.select_for_update().get(pk=action.pk)
        current = (
            ActionStatusChange.objects.filter(action=action)
            .order_by("-changed_at", "-pk")
            .values_list("status", flat=True)
            .first()
        )
        if current == status:
            raise ValidationError(
                {"status": f"The action is already {ActionStatus(status).label.lower()}."}
            )
        change = ActionStatusChange.objects.create(
            partnership_id=action.partnership_id,
            person_id=action.person_id,
            action=action,
            status=status,
            reason=reason.strip(),
            changed_by=by,
            changed_at=timezone.now(),
        )
        record_event(
            actor=by,
            action=AuditAction.UPDATE,
            target=action,
            summary={"status": {"from": current, "to": status}, "has_reason": bool(reason)},
        )
    return change
