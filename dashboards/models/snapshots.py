"""Month-end snapshots: every metric's figures for a partnership and month, frozen as JSON."""

from __future__ import annotations

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q

from accounts.models import Partnership, PartnershipScopedQuerySet


class SnapshotStatus(models.TextChoices):
    FINAL = "FINAL", "Final"
    SUPERSEDED = "SUPERSEDED", "Superseded by a later version"


class MonthlySnapshotQuerySet(PartnershipScopedQuerySet):
    def final(self) -> MonthlySnapshotQuerySet:
        return self.filter(status=SnapshotStatus.FINAL)


class MonthlySnapshot(models.Model):
    """Immutable once written: a re-run makes a new version and supersedes the old one."""

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    month = models.DateField(help_text="First day of the month reported.")
    version = models.PositiveSmallIntegerField(default=1)
    status = models.CharField(
        max_length=12, choices=SnapshotStatus.choices, default=SnapshotStatus.FINAL
    )
    as_at = models.DateField()
    computed_at = models.DateTimeField()
    figures = models.JSONField(encoder=DjangoJSONEncoder)
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = MonthlySnapshotQuerySet.as_manager()

    class Meta:
        ordering = ["partnership", "month", "version"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "month", "version"], name="snapshot_version_unique"
            ),
            models.UniqueConstraint(
                fields=["partnership", "month"],
                condition=Q(status="FINAL"),
                name="snapshot_one_final_per_month",
            ),
            models.CheckConstraint(condition=Q(month__day=1), name="snapshot_month_is_first_day"),
        ]

    def __str__(self) -> str:
        return f"Snapshot {self.pk}"
