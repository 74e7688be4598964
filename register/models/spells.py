"""Hospital spells, the ward stays inside them, and their append-only histories."""

from __future__ import annotations

from datetime import date
from typing import Self

from django.conf import settings
from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import DateRangeField, RangeOperators
from django.db import models
from django.db.models import F, Func, Q

from accounts.models import Organisation, Partnership, TimeStampedModel

from .choices import (
    AdmissionKind,
    AdmissionSource,
    CommissionerType,
    DelayReason,
    DischargeDestination,
    LegalStatus,
)
from .people import Person, PersonScopedQuerySet
from .providers import Site, Ward


class DateRange(Func):
    """daterange(lower, upper, '[)'): an open spell has no upper bound."""

    function = "daterange"
    output_field = DateRangeField()


class HospitalSpellQuerySet(PersonScopedQuerySet):
    def open_on(self, day: date) -> Self:
        """DOMAIN.md: open at D iff admitted on or before D and not discharged on or before D."""
        return self.filter(
            Q(discharge_date__isnull=True) | Q(discharge_date__gt=day), admission_date__lte=day
        )

    def open_now(self) -> Self:
        return self.filter(discharge_date__isnull=True)


class HospitalSpell(TimeStampedModel):
    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="spells")
    admission_date = models.DateField()
    provider = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="spells")
    commissioner = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    commissioner_type = models.CharField(max_length=10, choices=CommissionerType.choices)
    admission_source = models.CharField(max_length=16, choices=AdmissionSource.choices)
    admission_kind = models.CharField(max_length=16, choices=AdmissionKind.choices)
    is_planned = models.BooleanField("Planned admission", default=False)
    was_on_dsr_before_admission = models.BooleanField(default=False)
    # A transfer between providers closes one spell and opens another in the same continuous stay.
    transferred_from = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="transferred_to"
    )
    continuous_stay_start = models.DateField()
    reason_for_admission = models.CharField(max_length=100, blank=True)
    has_section17_extended_leave = models.BooleanField(default=False)
    # Current values; each change also appends a history row below (as-at queries read those).
    legal_status = models.CharField(max_length=10, choices=LegalStatus.choices, blank=True)
    planned_discharge_date = models.DateField(null=True, blank=True)
    clinically_ready_date = models.DateField(null=True, blank=True)
    delay_reason = models.CharField(max_length=32, choices=DelayReason.choices, blank=True)
    discharge_date = models.DateField(null=True, blank=True)
    discharge_destination = models.CharField(
        max_length=24, choices=DischargeDestination.choices, blank=True
    )
    returned_to_previous_home = models.BooleanField(null=True, blank=True)

    objects = HospitalSpellQuerySet.as_manager()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(discharge_date__isnull=True)
                | Q(discharge_date__gte=F("admission_date")),
                name="spell_discharge_not_before_admission",
            ),
            models.CheckConstraint(
                condition=Q(discharge_date__isnull=True, discharge_destination="")
                | (Q(discharge_date__isnull=False) & ~Q(discharge_destination="")),
                name="spell_destination_iff_discharged",
            ),
            models.CheckConstraint(
                condition=Q(continuous_stay_start__lte=F("admission_date")),
                name="spell_continuous_stay_starts_first",
            ),
            models.CheckConstraint(
                condition=Q(planned_discharge_date__isnull=True)
                | Q(planned_discharge_date__gte=F("admission_date")),
                name="spell_planned_discharge_not_before_admission",
            ),
            models.CheckConstraint(
                condition=Q(clinically_ready_date__isnull=True) | ~Q(delay_reason=""),
                name="spell_delay_needs_reason",
            ),
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(discharge_date__isnull=True),
                name="spell_one_open_per_person",
            ),
            ExclusionConstraint(
                name="spell_no_overlap_per_person",
                expressions=[
                    (F("person"), RangeOperators.EQUAL),
                    (
                        DateRange(F("admission_date"), F("discharge_date"), models.Value("[)")),
                        RangeOperators.OVERLAPS,
                    ),
                ],
            ),
        ]
        indexes = [
            models.Index(
                fields=["partnership", "discharge_date"], name="spell_partnership_discharge"
            ),
            models.Index(
                fields=["partnership", "admission_date"], name="spell_partnership_admission"
            ),
        ]

    def __str__(self) -> str:
        return f"Hospital spell {self.pk}"

    def length_of_stay(self, on: date) -> int:
        """Days of the continuous stay up to `on` (or up to discharge)."""
        end = self.discharge_date if self.discharge_date and self.discharge_date <= on else on
        return (end - self.continuous_stay_start).days


class WardStayQuerySet(PersonScopedQuerySet):
    def open_on(self, day: date) -> Self:
        return self.filter(Q(end_date__isnull=True) | Q(end_date__gt=day), start_date__lte=day)


class WardStay(TimeStampedModel):
    """Which ward a person was on inside a spell; moves keep the history as rows."""

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="ward_stays")
    spell = models.ForeignKey(HospitalSpell, on_delete=models.PROTECT, related_name="ward_stays")
    ward = models.ForeignKey(Ward, on_delete=models.PROTECT, related_name="stays")
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)

    objects = WardStayQuerySet.as_manager()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="wardstay_end_not_before_start",
            ),
            models.UniqueConstraint(
                fields=["spell"],
                condition=Q(end_date__isnull=True),
                name="wardstay_one_open_per_spell",
            ),
            ExclusionConstraint(
                name="wardstay_no_overlap_per_spell",
                expressions=[
                    (F("spell"), RangeOperators.EQUAL),
                    (
                        DateRange(F("start_date"), F("end_date"), models.Value("[)")),
                        RangeOperators.OVERLAPS,
                    ),
                ],
            ),
        ]
        indexes = [
            models.Index(fields=["spell", "start_date"], name="wardstay_spell_start"),
            # The register list joins each person's open ward stay (current ward and bed type).
            models.Index(
                fields=["person"],
                condition=Q(end_date__isnull=True),
                name="wardstay_open_by_person",
            ),
        ]

    def __str__(self) -> str:
        return f"Ward stay {self.pk}"


class SpellHistory(models.Model):
    """Base for append-only rows recording a change to a spell (who and when)."""

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    spell = models.ForeignKey(HospitalSpell, on_delete=models.PROTECT, related_name="+")
    effective_date = models.DateField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = PersonScopedQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["effective_date", "recorded_at"]


class LegalStatusRecord(SpellHistory):
    legal_status = models.CharField(max_length=10, choices=LegalStatus.choices)

    def __str__(self) -> str:
        return f"Legal status record {self.pk}"


class PlannedDischargeRecord(SpellHistory):
    planned_discharge_date = models.DateField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Planned discharge record {self.pk}"


class DischargeDelayRecord(SpellHistory):
    """Clinically ready for discharge from a date, and why still in hospital.

    A null date means no delay."""

    clinically_ready_date = models.DateField(null=True, blank=True)
    delay_reason = models.CharField(max_length=32, choices=DelayReason.choices, blank=True)

    def __str__(self) -> str:
        return f"Discharge delay record {self.pk}"
