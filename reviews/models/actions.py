"""Recommendations of a review, each an action with an owner, a due date and a status history."""

from __future__ import annotations

from datetime import date
from typing import Self

from django.conf import settings
from django.db import models
from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone

from accounts.models import Organisation, Partnership, TimeStampedModel, User
from register.models import Person, PersonScopedQuerySet

from .choices import CLOSED_ACTION_STATUSES, ActionStatus
from .reviews import CareReview


class ActionQuerySet(PersonScopedQuerySet):
    def with_current_status(self) -> Self:
        """Current status = the latest status row (DOMAIN.md 3: histories are append-only)."""
        latest = ActionStatusChange.objects.filter(action=OuterRef("pk")).order_by(
            "-changed_at", "-pk"
        )
        return self.annotate(
            current_status=Subquery(latest.values("status")[:1]),
            current_status_at=Subquery(latest.values("changed_at")[:1]),
        )

    def outstanding(self) -> Self:
        return self.with_current_status().exclude(current_status__in=CLOSED_ACTION_STATUSES)

    def overdue(self, today: date) -> Self:
        """Overdue = not DONE or CANCELLED, and today is after the due date (DOMAIN.md 3)."""
        return self.outstanding().filter(due_date__lt=today)

    def owned_by(self, user: User) -> Self:
        return self.filter(owner_user=user)


class Action(TimeStampedModel):
    """A recommendation of a C(E)TR; each names an owner and a due date (2017 policy)."""

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    review = models.ForeignKey(CareReview, on_delete=models.PROTECT, related_name="actions")
    recommendation = models.TextField()
    owner_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    owner_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="review_actions",
    )
    due_date = models.DateField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    objects = ActionQuerySet.as_manager()

    class Meta:
        ordering = ["due_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(owner_organisation__isnull=False) | Q(owner_user__isnull=False),
                name="action_has_owner",
            ),
            models.CheckConstraint(condition=~Q(recommendation=""), name="action_has_text"),
        ]
        indexes = [
            models.Index(fields=["owner_user", "due_date"], name="action_owner_due"),
            models.Index(fields=["partnership", "due_date"], name="action_partnership_due"),
        ]

    def __str__(self) -> str:
        return f"Action {self.pk}"


class ActionStatusChange(models.Model):
    """Append-only (a database trigger refuses UPDATE and DELETE): who changed what, when."""

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    action = models.ForeignKey(Action, on_delete=models.PROTECT, related_name="status_changes")
    status = models.CharField(max_length=20, choices=ActionStatus.choices)
    reason = models.TextField(blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    changed_at = models.DateTimeField(default=timezone.now)

    objects = PersonScopedQuerySet.as_manager()

    class Meta:
        ordering = ["changed_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status=ActionStatus.NOT_DONE_ESCALATED) | ~Q(reason=""),
                name="action_escalation_has_reason",
            )
        ]
        indexes = [models.Index(fields=["action", "-changed_at"], name="action_status_latest")]

    def __str__(self) -> str:
        return f"Action status change {self.pk}"
