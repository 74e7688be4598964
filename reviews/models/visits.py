"""Commissioner oversight visits to people in hospital (rules R8 and R9)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from accounts.models import Organisation, Partnership, TimeStampedModel
from register.models import HospitalSpell, Person, PersonScopedQuerySet


class OversightVisit(TimeStampedModel):
    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="oversight_visits")
    spell = models.ForeignKey(
        HospitalSpell, on_delete=models.PROTECT, related_name="oversight_visits"
    )
    visit_date = models.DateField()
    visitor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The host commissioner is the ICB where the hospital is, visiting to oversee quality.
    is_host_commissioner = models.BooleanField(default=False)
    has_concerns = models.BooleanField(default=False)
    concerns = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    objects = PersonScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-visit_date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(has_concerns=True) | ~Q(concerns=""),
                name="visit_concerns_described",
            )
        ]
        indexes = [models.Index(fields=["person", "visit_date"], name="visit_person_date")]

    def __str__(self) -> str:
        return f"Oversight visit {self.pk}"
