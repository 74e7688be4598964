"""The dynamic support register (DSR): entries held with consent, and append-only RAG ratings."""

from __future__ import annotations

from typing import Self

from django.conf import settings
from django.db import models
from django.db.models import OuterRef, Q, Subquery

from accounts.models import Partnership, TimeStampedModel

from .choices import ConsentBasis, DsrClosedReason, DsrStatus, Rag
from .people import Person, PersonScopedQuerySet


class DsrEntryQuerySet(PersonScopedQuerySet):
    def active(self) -> Self:
        return self.filter(status=DsrStatus.ACTIVE)

    def with_current_rag(self) -> Self:
        latest = RiskRating.objects.filter(dsr_entry=OuterRef("pk")).order_by(
            "-effective_date", "-recorded_at", "-pk"
        )
        return self.annotate(current_rag=Subquery(latest.values("rag")[:1]))


class DsrEntry(TimeStampedModel):
    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="dsr_entries")
    added_on = models.DateField()
    consent_basis = models.CharField(max_length=24, choices=ConsentBasis.choices)
    status = models.CharField(max_length=8, choices=DsrStatus.choices, default=DsrStatus.ACTIVE)
    closed_on = models.DateField(null=True, blank=True)
    closed_reason = models.CharField(max_length=20, choices=DsrClosedReason.choices, blank=True)
    # R1: when an admission is planned or being considered, the community C(E)TR is due by this
    # date rather than 14 days after the RED rating. Cleared when the person is admitted.
    planned_admission_date = models.DateField(null=True, blank=True)

    objects = DsrEntryQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(status=DsrStatus.ACTIVE),
                name="dsr_one_active_entry_per_person",
            ),
            models.CheckConstraint(
                condition=Q(status=DsrStatus.ACTIVE, closed_on__isnull=True)
                | Q(status=DsrStatus.CLOSED, closed_on__isnull=False),
                name="dsr_closed_entries_have_a_date",
            ),
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=models.F("added_on")),
                name="dsr_closed_not_before_added",
            ),
        ]

    def __str__(self) -> str:
        return f"DSR entry {self.pk}"


class RiskRating(models.Model):
    """One row per rating decision. The current RAG is the latest by effective date."""

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="risk_ratings")
    dsr_entry = models.ForeignKey(DsrEntry, on_delete=models.PROTECT, related_name="ratings")
    rag = models.CharField(max_length=5, choices=Rag.choices)
    effective_date = models.DateField()
    rationale = models.TextField(blank=True)
    next_review_due = models.DateField(null=True, blank=True)
    # Null only for the system's automatic BLUE on admission / RED after discharge (DOMAIN.md 2.2).
    rated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    is_automatic = models.BooleanField(default=False)
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = PersonScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-effective_date", "-recorded_at", "-pk"]
        indexes = [
            models.Index(fields=["dsr_entry", "-effective_date"], name="rating_entry_latest"),
            # The register list reads each active entry's current rating: latest first, no sort.
            models.Index(
                fields=["dsr_entry", "-effective_date", "-recorded_at", "-id"],
                name="rating_entry_current",
            ),
        ]

    def __str__(self) -> str:
        return f"Risk rating {self.pk}"
