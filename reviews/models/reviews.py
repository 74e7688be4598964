"""Care (Education) and Treatment Reviews and their panels (DOMAIN.md section 3)."""

from __future__ import annotations

from datetime import date
from typing import Self

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from accounts.models import Partnership, TimeStampedModel
from register.models import HospitalSpell, Person, PersonScopedQuerySet

from .choices import (
    COMMUNITY_OUTCOMES,
    COMMUNITY_REVIEW_TYPES,
    INPATIENT_OUTCOMES,
    INPATIENT_REVIEW_TYPES,
    PanelRole,
    ReviewOutcome,
    ReviewSetting,
    ReviewStatus,
    ReviewType,
)


class CareReviewQuerySet(PersonScopedQuerySet):
    def held(self) -> Self:
        return self.filter(status=ReviewStatus.HELD)

    def planned(self) -> Self:
        return self.filter(status=ReviewStatus.PLANNED)


class CareReview(TimeStampedModel):
    """One C(E)TR: planned, then held (with panel and outcome), declined or cancelled.

    `is_cetr` is written by the services: the person's age on the review date is under 18.
    """

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="care_reviews")
    spell = models.ForeignKey(
        HospitalSpell, on_delete=models.PROTECT, null=True, blank=True, related_name="care_reviews"
    )
    review_type = models.CharField(max_length=20, choices=ReviewType.choices)
    is_cetr = models.BooleanField("Care, Education and Treatment Review (under 18)", default=False)
    status = models.CharField(
        max_length=10, choices=ReviewStatus.choices, default=ReviewStatus.PLANNED
    )
    status_reason = models.TextField(blank=True)
    closed_on = models.DateField(null=True, blank=True)  # when declined or cancelled
    # R2: an urgent review is due within hours of the request, so the time matters.
    requested_at = models.DateTimeField(null=True, blank=True)
    offered_date = models.DateField(null=True, blank=True)
    held_date = models.DateField(null=True, blank=True)
    report_issued_date = models.DateField(null=True, blank=True)
    setting = models.CharField(max_length=16, choices=ReviewSetting.choices, blank=True)
    person_attended = models.BooleanField(default=False)
    family_or_carer_attended = models.BooleanField(default=False)
    advocate_attended = models.BooleanField(default=False)
    outcome = models.CharField(max_length=32, choices=ReviewOutcome.choices, blank=True)
    # The four key questions of an inpatient review (DOMAIN.md 3); null until answered.
    is_safe = models.BooleanField(null=True, blank=True)
    is_good_care_now = models.BooleanField(null=True, blank=True)
    has_plans_for_future = models.BooleanField(null=True, blank=True)
    could_care_be_in_community = models.BooleanField(null=True, blank=True)
    is_in_right_place = models.BooleanField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    objects = CareReviewQuerySet.as_manager()

    class Meta:
        ordering = ["-held_date", "-offered_date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status=ReviewStatus.HELD, held_date__isnull=False)
                | (~Q(status=ReviewStatus.HELD) & Q(held_date__isnull=True)),
                name="review_held_date_iff_held",
            ),
            models.CheckConstraint(
                condition=~Q(status=ReviewStatus.HELD) | ~Q(outcome=""),
                name="review_held_has_outcome",
            ),
            models.CheckConstraint(
                condition=Q(review_type__in=INPATIENT_REVIEW_TYPES, spell__isnull=False)
                | Q(review_type__in=COMMUNITY_REVIEW_TYPES, spell__isnull=True),
                name="review_spell_iff_inpatient_type",
            ),
            models.CheckConstraint(
                condition=Q(outcome="")
                | Q(review_type__in=COMMUNITY_REVIEW_TYPES, outcome__in=COMMUNITY_OUTCOMES)
                | Q(review_type__in=INPATIENT_REVIEW_TYPES, outcome__in=INPATIENT_OUTCOMES),
                name="review_outcome_matches_type",
            ),
            models.CheckConstraint(
                condition=~Q(status=ReviewStatus.HELD, review_type__in=INPATIENT_REVIEW_TYPES)
                | Q(
                    is_safe__isnull=False,
                    is_good_care_now__isnull=False,
                    has_plans_for_future__isnull=False,
                    could_care_be_in_community__isnull=False,
                ),
                name="review_inpatient_held_answers_key_questions",
            ),
            models.CheckConstraint(
                condition=~Q(review_type=ReviewType.URGENT_COMMUNITY)
                | Q(requested_at__isnull=False),
                name="review_urgent_has_request_time",
            ),
            models.CheckConstraint(
                condition=~Q(status=ReviewStatus.DECLINED) | Q(offered_date__isnull=False),
                name="review_declined_has_offered_date",
            ),
            models.CheckConstraint(
                condition=Q(report_issued_date__isnull=True)
                | Q(held_date__isnull=False, report_issued_date__gte=F("held_date")),
                name="review_report_not_before_held",
            ),
        ]
        indexes = [
            models.Index(fields=["person", "held_date"], name="review_person_held"),
            models.Index(fields=["partnership", "status"], name="review_partnership_status"),
        ]

    def __str__(self) -> str:
        return f"Care review {self.pk}"

    @property
    def review_date(self) -> date | None:
        """The date the review is about: held if held, otherwise the date offered."""
        return self.held_date or self.offered_date

    @property
    def is_community(self) -> bool:
        return self.review_type in COMMUNITY_REVIEW_TYPES


class PanelMember(TimeStampedModel):
    """Who sat on a held review's panel. A held review has one chair and all three roles."""

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    review = models.ForeignKey(CareReview, on_delete=models.PROTECT, related_name="panel")
    role = models.CharField(max_length=24, choices=PanelRole.choices)
    name = models.CharField(max_length=150)
    organisation = models.CharField(max_length=200, blank=True)
    is_independent_of_provider = models.BooleanField(default=True)

    objects = PersonScopedQuerySet.as_manager()

    class Meta:
        ordering = ["review", "role", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["review"],
                condition=Q(role=PanelRole.CHAIR_COMMISSIONER),
                name="panel_one_chair_per_review",
            ),
            models.CheckConstraint(condition=~Q(name=""), name="panel_member_has_name"),
        ]

    def __str__(self) -> str:
        return f"Panel member {self.pk}"
