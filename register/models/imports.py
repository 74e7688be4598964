"""Moving in from spreadsheets: an uploaded file, what its dry run found row by row, and the
column mapping each partnership last used (issue 9, ADR 0019)."""

from __future__ import annotations

import uuid
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Self

from django.conf import settings
from django.db import models
from django.db.models import Q

from accounts.models import Partnership, PartnershipScopedQuerySet, Role, TimeStampedModel

if TYPE_CHECKING:
    from accounts.models import User


class ImportKind(models.TextChoices):
    """What a file holds. A whole register is a workbook with one sheet per kind. Reviews are
    imported through the reviews app's services (it adds its sheet: register/imports/extra.py)."""

    PEOPLE = "PEOPLE", "People"
    SPELLS = "SPELLS", "Hospital spells and ward stays"
    RATINGS = "RATINGS", "DSR risk ratings"
    REVIEWS = "REVIEWS", "Care (Education) and Treatment Reviews"
    REGISTER = "REGISTER", "A whole register (workbook with a sheet for each of the above)"


class FileFormat(models.TextChoices):
    CSV = "CSV", "CSV"
    XLSX = "XLSX", "Excel workbook (.xlsx)"


class ImportStatus(models.TextChoices):
    UPLOADED = "UPLOADED", "Columns to match"
    CHECK_QUEUED = "CHECK_QUEUED", "Waiting to be checked"
    CHECKING = "CHECKING", "Being checked"
    READY = "READY", "Checked: ready to import"
    HAS_ERRORS = "HAS_ERRORS", "Checked: has errors"
    COMMIT_QUEUED = "COMMIT_QUEUED", "Waiting to be imported"
    COMMITTING = "COMMITTING", "Being imported"
    COMMITTED = "COMMITTED", "Imported"
    UNREADABLE = "UNREADABLE", "Could not be read"


RUNNING_STATUSES = frozenset(
    {
        ImportStatus.CHECK_QUEUED,
        ImportStatus.CHECKING,
        ImportStatus.COMMIT_QUEUED,
        ImportStatus.COMMITTING,
    }
)


class RowOutcome(models.TextChoices):
    CREATED = "CREATED", "Will be added"
    UPDATED = "UPDATED", "Will be changed"
    UNCHANGED = "UNCHANGED", "No change"
    ERROR = "ERROR", "Error"


class ImportScopedQuerySet(PartnershipScopedQuerySet):
    """Imports are for commissioners and administrators; a care coordinator sees none."""

    def caseload_filter(self, user: User) -> Q:
        return Q(pk__in=[])

    def visible_to(self, user: User) -> Self:  # type: ignore[override]
        if user.is_authenticated and user.active_role == Role.CARE_COORDINATOR:
            return self.none()
        return super().visible_to(user)


def import_upload_path(instance: ImportRecord, filename: str) -> str:
    """A random name under the partnership's folder: the user's file name (which may name a
    person) never reaches the storage path."""
    suffix = PurePosixPath(filename).suffix.lower()[:6]
    return f"imports/{instance.partnership_id}/{uuid.uuid4().hex}{suffix}"


class ImportRecord(TimeStampedModel):
    """One uploaded file and its journey: columns matched, dry run, commit. Who, when, the
    file's SHA-256 and the counts are kept after the import (the file itself is private)."""

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=10, choices=ImportKind.choices)
    file = models.FileField(upload_to=import_upload_path, max_length=200)
    original_name = models.CharField(max_length=255)
    file_format = models.CharField(max_length=4, choices=FileFormat.choices)
    size = models.PositiveIntegerField()
    sha256 = models.CharField("SHA-256 of the file", max_length=64, db_index=True)
    # [{"kind": "PEOPLE", "name": "People", "headers": [...], "rows": 12}, ...]
    sheets = models.JSONField(default=list, blank=True)
    # {"PEOPLE": {"nhs_number": "NHS No", ...}, ...}: column key -> header in this file
    mapping = models.JSONField(default=dict, blank=True)
    status = models.CharField(
        max_length=14, choices=ImportStatus.choices, default=ImportStatus.UPLOADED
    )
    problem = models.CharField(max_length=500, blank=True)  # why the file could not be read
    rows_total = models.PositiveIntegerField(default=0)
    # {"total": {"CREATED": 3, ...}, "PEOPLE": {...}, ...}
    counts = models.JSONField(default=dict, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    checked_at = models.DateTimeField(null=True, blank=True)
    committed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    committed_at = models.DateTimeField(null=True, blank=True)

    objects = ImportScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status=ImportStatus.COMMITTED, committed_at__isnull=False)
                | (~Q(status=ImportStatus.COMMITTED) & Q(committed_at__isnull=True)),
                name="import_committed_iff_commit_time",
            ),
        ]
        indexes = [
            models.Index(fields=["partnership", "-created_at"], name="import_by_partnership")
        ]

    def __str__(self) -> str:
        return f"Import {self.pk}"  # never the file name: it may name a person

    @property
    def is_running(self) -> bool:
        return self.status in RUNNING_STATUSES


class ImportRowQuerySet(PartnershipScopedQuerySet):
    partnership_path = "record__partnership"

    def errors(self) -> Self:
        return self.filter(outcome=RowOutcome.ERROR)


class ImportRow(models.Model):
    """What the latest check (or the commit) found for one row of one sheet. No identifiers:
    the row number points into the user's own file."""

    record = models.ForeignKey(ImportRecord, on_delete=models.CASCADE, related_name="rows")
    kind = models.CharField(max_length=10, choices=ImportKind.choices)
    row_number = models.PositiveIntegerField()
    outcome = models.CharField(max_length=10, choices=RowOutcome.choices)
    # [{"column": "Date of birth", "message": "..."}]
    errors = models.JSONField(default=list, blank=True)
    detail = models.CharField(max_length=300, blank=True)

    objects = ImportRowQuerySet.as_manager()

    class Meta:
        ordering = ["record", "kind", "row_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["record", "kind", "row_number"], name="import_row_unique_per_sheet"
            )
        ]

    def __str__(self) -> str:
        return f"Import row {self.pk}"


class ColumnMapping(TimeStampedModel):
    """Which header of a partnership's spreadsheets holds each column, remembered for next time."""

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=10, choices=ImportKind.choices)
    columns = models.JSONField(default=dict, blank=True)  # column key -> header text
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    objects = PartnershipScopedQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "kind"], name="column_mapping_one_per_kind"
            )
        ]

    def __str__(self) -> str:
        return f"Column mapping {self.pk}"
