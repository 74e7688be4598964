"""The stored schedule: what is due for whom by when, rebuilt from the policy engine.

Rows are written only by `reviews.services.recompute_schedule`; worklists and digests read them,
so a page costs the same few queries however many people are on the register.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Self

from django.db import models
from django.db.models import OuterRef, Q, Subquery

from accounts.models import Partnership, PartnershipScopedQuerySet, TimeStampedModel, User
from register.models import (
    SECURE_LEVELS,
    CareCoordinatorAssignment,
    HospitalSpell,
    Person,
    PersonScopedQuerySet,
    WardStay,
)

from .choices import ScheduledItemStatus
from .reviews import CareReview
from .visits import OversightVisit


class ScheduledItemQuerySet(PersonScopedQuerySet):
    def outstanding(self) -> Self:
        return self.filter(status=ScheduledItemStatus.DUE)

    def overdue(self, today: date) -> Self:
        """Overdue on day D if unsatisfied and D is after the due date (DOMAIN.md 4)."""
        return self.outstanding().filter(due_date__lt=today)

    def due_soon(self, today: date, *, days: int) -> Self:
        """Due soon: not yet overdue, and today is on or after due date - DUE_SOON_DAYS."""
        return self.outstanding().filter(due_date__gte=today, due_date__lte=today + timedelta(days))

    def due_by(self, day: date) -> Self:
        """Everything outstanding with a due date on or before `day` (overdue included)."""
        return self.outstanding().filter(due_date__lte=day)

    def for_coordinator(self, user: User) -> Self:
        """People whose current care coordinator is this user."""
        return self.filter(
            person__coordinator_assignments__end_date__isnull=True,
            person__coordinator_assignments__user=user,
        )

    def in_setting(self, setting: str) -> Self:
        """Where the person is now: COMMUNITY (no open ward stay), SECURE or NON_SECURE ward."""
        queryset = self.with_current_ward()
        if setting == "COMMUNITY":
            return queryset.filter(current_security_level__isnull=True)
        secure = Q(current_security_level__in=SECURE_LEVELS)
        queryset = queryset.filter(current_security_level__isnull=False)
        return queryset.filter(secure) if setting == "SECURE" else queryset.exclude(secure)

    def with_current_ward(self) -> Self:
        """The ward the person is on today (null while in the community)."""
        if "current_security_level" in self.query.annotations:
            return self
        stays = WardStay.objects.filter(
            person=OuterRef("person"), end_date__isnull=True, spell__discharge_date__isnull=True
        )
        return self.annotate(
            current_ward_name=Subquery(stays.values("ward__name")[:1]),
            current_bed_type=Subquery(stays.values("ward__bed_type")[:1]),
            current_security_level=Subquery(stays.values("ward__security_level")[:1]),
        )

    def with_coordinator(self) -> Self:
        current = CareCoordinatorAssignment.objects.filter(
            person=OuterRef("person"), end_date__isnull=True
        )
        return self.annotate(
            coordinator_user_id=Subquery(current.values("user_id")[:1]),
            coordinator_name=Subquery(current.values("user__full_name")[:1]),
            coordinator_external_name=Subquery(current.values("external_name")[:1]),
        )


class ScheduledItem(TimeStampedModel):
    """One item of the engine's schedule for a person, stored so that worklists are cheap.

    Its identity is the engine's item key: kind, continuous stay, and the source record or else
    the anchor date. The rule is not part of it, so when the rule that applies changes (18th
    birthday, a move to or from a secure ward) the same row is updated with the new rule and due
    date.
    """

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="scheduled_items")
    # The first spell of the continuous stay (part of the key) and the spell judged today.
    stay_spell = models.ForeignKey(
        HospitalSpell, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    spell = models.ForeignKey(
        HospitalSpell, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    rule_id = models.CharField(max_length=4)
    kind = models.CharField(max_length=32)
    # The record the item is about: the urgent review (R2), held review (R10) or action (R11).
    source_kind = models.CharField(max_length=20, blank=True)
    source_id = models.BigIntegerField(null=True, blank=True)
    anchor_date = models.DateField()
    due_date = models.DateField()
    status = models.CharField(
        max_length=10, choices=ScheduledItemStatus.choices, default=ScheduledItemStatus.DUE
    )
    satisfied_on = models.DateField(null=True, blank=True)
    satisfied_by_kind = models.CharField(max_length=20, blank=True)
    satisfied_by_id = models.BigIntegerField(null=True, blank=True)
    satisfied_by_review = models.ForeignKey(
        CareReview, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    satisfied_by_visit = models.ForeignKey(
        OversightVisit, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # DOMAIN.md 4: a declined review offered by the due date is compliant, reported apart.
    is_declined = models.BooleanField(default=False)
    cancelled_on = models.DateField(null=True, blank=True)
    cancelled_reason = models.CharField(max_length=200, blank=True)
    policy_edition = models.CharField(max_length=250, blank=True)

    objects = ScheduledItemQuerySet.as_manager()

    class Meta:
        ordering = ["due_date", "person_id", "rule_id"]
        constraints = [
            # The engine's item key: an item about a record (urgent review, held review,
            # action) is named by that record; an item of a chain by the date it counts from.
            models.UniqueConstraint(
                fields=["person", "kind", "stay_spell", "source_kind", "source_id"],
                condition=Q(source_id__isnull=False),
                nulls_distinct=False,
                name="scheduled_item_one_per_source",
            ),
            models.UniqueConstraint(
                fields=["person", "kind", "stay_spell", "anchor_date"],
                condition=Q(source_id__isnull=True),
                nulls_distinct=False,
                name="scheduled_item_one_per_anchor",
            ),
            models.CheckConstraint(
                condition=Q(status=ScheduledItemStatus.COMPLETED, satisfied_on__isnull=False)
                | (~Q(status=ScheduledItemStatus.COMPLETED) & Q(satisfied_on__isnull=True)),
                name="scheduled_item_completed_iff_satisfied",
            ),
            models.CheckConstraint(
                condition=Q(status=ScheduledItemStatus.CANCELLED, cancelled_on__isnull=False)
                | (~Q(status=ScheduledItemStatus.CANCELLED) & Q(cancelled_on__isnull=True)),
                name="scheduled_item_cancelled_iff_dated",
            ),
        ]
        indexes = [
            models.Index(fields=["partnership", "status", "due_date"], name="scheduled_worklist"),
            models.Index(fields=["person", "status"], name="scheduled_person_status"),
            # The worklist's "Declined reviews" table: one partnership's recent declines.
            models.Index(
                fields=["partnership", "satisfied_on"],
                condition=Q(is_declined=True),
                name="scheduled_declined",
            ),
        ]

    def __str__(self) -> str:
        return f"Scheduled item {self.pk}"


class CoordinatorDigest(TimeStampedModel):
    """One digest e-mail per coordinator per partnership per day: a replayed task sends nothing."""

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    digest_date = models.DateField()
    item_count = models.PositiveIntegerField(default=0)
    action_count = models.PositiveIntegerField(default=0)

    objects = PartnershipScopedQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "user", "digest_date"], name="digest_one_per_user_per_day"
            )
        ]

    def __str__(self) -> str:
        return f"Coordinator digest {self.pk}"
