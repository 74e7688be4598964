"""The person on the register and who coordinates their care."""

from __future__ import annotations

from datetime import date
from typing import Self

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Upper

from accounts.models import (
    Organisation,
    Partnership,
    PartnershipScopedQuerySet,
    TimeStampedModel,
    User,
)

from .choices import (
    Cohort,
    ConsentBasis,
    EthnicCategory,
    NoNhsNumberReason,
    PatientCategory,
    Sex,
)


def coordinator_caseload(user: User, person_ref: str = "pk") -> Q:
    """DOMAIN.md 9: a care coordinator sees people assigned to them, or whose current
    coordinator belongs to their organisation."""
    current = CareCoordinatorAssignment.objects.filter(
        person=OuterRef(person_ref), end_date__isnull=True
    )
    mine = Q(user=user)
    if user.organisation_id:
        mine |= Q(organisation_id=user.organisation_id)
    return Q(Exists(current.filter(mine)))


class PersonScopedQuerySet(PartnershipScopedQuerySet):
    """Rows that belong to a person: coordinators see them only for their caseload."""

    person_ref = "person_id"

    def caseload_filter(self, user: User) -> Q:
        return coordinator_caseload(user, self.person_ref)


class PersonQuerySet(PersonScopedQuerySet):
    person_ref = "pk"

    def alive(self) -> Self:
        return self.filter(date_of_death__isnull=True)


class Person(TimeStampedModel):
    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="people")
    # NULL (not "") while pending trace, so the uniqueness constraint ignores missing numbers.
    nhs_number = models.CharField("NHS number", max_length=10, null=True, blank=True)  # noqa: DJ001
    nhs_number_absent_reason = models.CharField(
        max_length=16, choices=NoNhsNumberReason.choices, blank=True
    )
    local_identifier = models.CharField(max_length=30, blank=True)
    given_name = models.CharField(max_length=100)
    family_name = models.CharField(max_length=100)
    preferred_name = models.CharField(max_length=100, blank=True)
    date_of_birth = models.DateField()
    date_of_death = models.DateField(null=True, blank=True)
    sex = models.CharField(max_length=1, choices=Sex.choices, default=Sex.NOT_KNOWN)
    ethnicity = models.CharField(
        max_length=2, choices=EthnicCategory.choices, default=EthnicCategory.NOT_KNOWN
    )
    has_learning_disability = models.BooleanField(default=False)
    has_autism = models.BooleanField(default=False)
    has_mental_health_condition = models.BooleanField(default=False)
    home_postcode = models.CharField(max_length=8, blank=True)
    home_local_authority = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    gp_practice_code = models.CharField(max_length=8, blank=True)
    responsible_commissioner = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    has_ehc_plan = models.BooleanField("Has an EHC plan", default=False)
    cohorts = ArrayField(
        models.CharField(max_length=1, choices=Cohort.choices), default=list, blank=True
    )
    support_level = models.CharField(max_length=2, blank=True, help_text="3a or 3b (seed 000).")
    objects_to_at = models.BooleanField("Objects to the AT collection", default=False)
    consent_date = models.DateField(null=True, blank=True)
    consent_basis = models.CharField(max_length=24, choices=ConsentBasis.choices, blank=True)
    # R15: the day transition planning for adulthood started (closes the schedule's item).
    transition_plan_started_on = models.DateField(null=True, blank=True)

    objects = PersonQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["nhs_number"],
                condition=Q(nhs_number__isnull=False),
                name="person_nhs_number_unique",
            ),
            models.CheckConstraint(
                condition=Q(nhs_number__isnull=False)
                | (~Q(nhs_number_absent_reason="") & ~Q(local_identifier="")),
                name="person_nhs_number_or_reason_and_local_id",
            ),
            models.CheckConstraint(
                condition=Q(nhs_number__isnull=True) | Q(nhs_number__regex=r"^[0-9]{10}$"),
                name="person_nhs_number_ten_digits",
            ),
            models.CheckConstraint(
                condition=Q(has_learning_disability=True) | Q(has_autism=True),
                name="person_has_ld_or_autism",
            ),
            models.CheckConstraint(
                condition=Q(date_of_death__isnull=True)
                | Q(date_of_death__gte=models.F("date_of_birth")),
                name="person_death_not_before_birth",
            ),
        ]
        indexes = [
            GinIndex(
                OpClass(Upper("family_name"), name="gin_trgm_ops"), name="person_family_name_trgm"
            ),
            GinIndex(
                OpClass(Upper("given_name"), name="gin_trgm_ops"), name="person_given_name_trgm"
            ),
            # Name search matches preferred names too (register list search).
            GinIndex(
                OpClass(Upper("preferred_name"), name="gin_trgm_ops"),
                name="person_preferred_name_trgm",
            ),
            models.Index(fields=["partnership", "family_name"], name="person_partnership_name"),
            models.Index(fields=["date_of_birth"], name="person_dob"),
        ]

    def __str__(self) -> str:
        return f"Person {self.pk}"  # never a name or NHS number: __str__ reaches logs

    @property
    def patient_category(self) -> PatientCategory:
        if self.has_learning_disability and self.has_autism:
            return PatientCategory.LD_AND_AUTISM
        return PatientCategory.LD if self.has_learning_disability else PatientCategory.AUTISM

    @property
    def display_name(self) -> str:
        return f"{self.given_name} {self.family_name}"

    def age_on(self, day: date) -> int:
        born = self.date_of_birth
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


class CareCoordinatorAssignment(TimeStampedModel):
    """Who coordinates a person's care: a user of the system or an external named contact."""

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="coordinator_assignments"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    external_name = models.CharField(max_length=150, blank=True)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    is_cpa = models.BooleanField("Under the Care Programme Approach", default=False)
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    objects = PersonScopedQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(end_date__isnull=True),
                name="coordinator_one_current_per_person",
            ),
            models.CheckConstraint(
                condition=Q(user__isnull=False) | ~Q(external_name=""),
                name="coordinator_user_or_name",
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="coordinator_end_not_before_start",
            ),
        ]
        indexes = [
            # The register's coordinator filter (coordinator_choices) on every list page: the
            # partnership's current coordinators. Without it the national plan walks every
            # assignment with a user (1,100 buffers, 2 ms); bench/FINDINGS.md.
            models.Index(
                fields=["partnership", "user"],
                condition=Q(end_date__isnull=True, user__isnull=False),
                name="coordinator_current_users",
            ),
        ]

    def __str__(self) -> str:
        return f"Coordinator assignment {self.pk}"
