"""Report runs: one version of a partnership's month-end output (snapshot, AT return, board pack).

A regenerate makes a new version; the old one is kept. Exactly one version per (partnership,
kind, period) is current, and only a run that finished writing its file is ever made current.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from accounts.models import Partnership, PartnershipScopedQuerySet


class ReportKind(models.TextChoices):
    SNAPSHOT = "SNAPSHOT", "Month-end snapshot"
    AT_RETURN = "AT_RETURN", "Assuring Transformation return"
    BOARD_PACK = "BOARD_PACK", "Board pack"


class RunStatus(models.TextChoices):
    QUEUED = "QUEUED", "Queued"
    RUNNING = "RUNNING", "Running"
    SUCCEEDED = "SUCCEEDED", "Ready"
    FAILED = "FAILED", "Failed"


class ReportRunQuerySet(PartnershipScopedQuerySet):
    def current(self) -> ReportRunQuerySet:
        return self.filter(is_current=True)


class ReportRun(models.Model):
    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=12, choices=ReportKind.choices)
    period = models.DateField(help_text="First day of the month reported.")
    version = models.PositiveSmallIntegerField()
    is_current = models.BooleanField(default=False)
    status = models.CharField(max_length=10, choices=RunStatus.choices, default=RunStatus.QUEUED)
    requested_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    checksum = models.CharField("SHA-256 of the file", max_length=64, blank=True)
    file = models.FileField(upload_to="reports/%Y/%m/", blank=True)
    error = models.TextField(blank=True)
    summary = models.JSONField(default=dict, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    is_submitted = models.BooleanField(default=False)
    submitted_at = models.DateTimeField(null=True, blank=True)

    objects = ReportRunQuerySet.as_manager()

    class Meta:
        ordering = ["partnership", "kind", "-period", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "kind", "period", "version"],
                name="report_run_version_unique",
            ),
            models.UniqueConstraint(
                fields=["partnership", "kind", "period"],
                condition=Q(is_current=True),
                name="report_run_one_current",
            ),
            models.CheckConstraint(condition=Q(period__day=1), name="report_run_period_first_day"),
            models.CheckConstraint(
                condition=~Q(is_current=True) | Q(status="SUCCEEDED"),
                name="report_run_current_is_succeeded",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.period:%Y-%m} v{self.version}"

    @property
    def is_pending(self) -> bool:
        return self.status in (RunStatus.QUEUED, RunStatus.RUNNING)
