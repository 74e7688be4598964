"""Dated community facts the metrics read "as at" a day (DOMAIN.md 3 and 5)."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from accounts.models import Partnership

from .choices import (
    AccommodationType,
    BudgetDeployment,
    BudgetKind,
    ContactMode,
    EmploymentStatus,
    PlacementType,
)
from .people import Person, PersonScopedQuerySet


class CommunityRecord(models.Model):
    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = PersonScopedQuerySet.as_manager()

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.pk}"


def _period_constraint(name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")), name=name
    )


class CoordinatorContact(CommunityRecord):
    contact_date = models.DateField()
    mode = models.CharField(max_length=16, choices=ContactMode.choices)
    by_name = models.CharField(max_length=150, blank=True)

    class Meta:
        indexes = [models.Index(fields=["person", "contact_date"], name="contact_person_date")]


class CarePlanReview(CommunityRecord):
    """A person-centred care plan (or CPA) review; the first row is the plan's creation."""

    reviewed_on = models.DateField()
    is_cpa = models.BooleanField(default=False)

    class Meta:
        indexes = [models.Index(fields=["person", "reviewed_on"], name="careplan_person_date")]


class CrisisPlan(CommunityRecord):
    created_on = models.DateField()
    updated_on = models.DateField(null=True, blank=True)
    withdrawn_on = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(updated_on__isnull=True) | Q(updated_on__gte=F("created_on")),
                name="crisisplan_update_not_before_creation",
            )
        ]


class AnnualHealthCheck(CommunityRecord):
    check_date = models.DateField()
    has_health_action_plan = models.BooleanField(default=False)


class HealthEqualityAssessment(CommunityRecord):
    assessed_on = models.DateField()


class PersonalBudget(CommunityRecord):
    kind = models.CharField(max_length=12, choices=BudgetKind.choices)
    deployment = models.CharField(max_length=20, choices=BudgetDeployment.choices)
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [_period_constraint("budget_end_not_before_start")]


class Accommodation(CommunityRecord):
    type = models.CharField(max_length=20, choices=AccommodationType.choices)
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [_period_constraint("accommodation_end_not_before_start")]


class Employment(CommunityRecord):
    status = models.CharField(max_length=16, choices=EmploymentStatus.choices)
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [_period_constraint("employment_end_not_before_start")]


class CriminalJusticeContact(CommunityRecord):
    contact_date = models.DateField()
    description = models.CharField(max_length=100, blank=True)


class PsychiatricReferral(CommunityRecord):
    referral_date = models.DateField()
    first_contact_date = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(first_contact_date__isnull=True)
                | Q(first_contact_date__gte=F("referral_date")),
                name="referral_contact_not_before_referral",
            )
        ]


class Placement(CommunityRecord):
    type = models.CharField(max_length=24, choices=PlacementType.choices)
    provider_name = models.CharField(max_length=200, blank=True)
    is_out_of_area = models.BooleanField(default=False)
    is_for_lack_of_local_provision = models.BooleanField(default=False)
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    ended_by_breakdown = models.BooleanField(default=False)

    class Meta:
        constraints = [_period_constraint("placement_end_not_before_start")]
