"""What the import pages show: status tags, counts in words, progress, row outcomes."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from ..models import ImportKind, ImportRecord, ImportRow, ImportStatus, RowOutcome
from .mapping import SHEETS

STATUS_TAGS = {
    ImportStatus.UPLOADED: "nhsuk-tag--grey",
    ImportStatus.CHECK_QUEUED: "nhsuk-tag--blue",
    ImportStatus.CHECKING: "nhsuk-tag--blue",
    ImportStatus.READY: "nhsuk-tag--green",
    ImportStatus.HAS_ERRORS: "nhsuk-tag--red",
    ImportStatus.COMMIT_QUEUED: "nhsuk-tag--blue",
    ImportStatus.COMMITTING: "nhsuk-tag--blue",
    ImportStatus.COMMITTED: "nhsuk-tag--green",
    ImportStatus.UNREADABLE: "nhsuk-tag--red",
}
OUTCOME_TAGS = {
    RowOutcome.CREATED: ("Added", "nhsuk-tag--green"),
    RowOutcome.UPDATED: ("Changed", "nhsuk-tag--blue"),
    RowOutcome.UNCHANGED: ("No change", "nhsuk-tag--grey"),
    RowOutcome.ERROR: ("Error", "nhsuk-tag--red"),
}
OUTCOME_FILTERS = [
    ("", "All rows"),
    ("ERROR", "Errors"),
    ("CREATED", "To add"),
    ("UPDATED", "To change"),
    ("UNCHANGED", "No change"),
]


def sheet_name(kind: str) -> str:
    spec = SHEETS.get(kind)
    return spec.sheet_name if spec else kind


def when(moment: Any) -> str:
    if moment is None:
        return ""
    local = timezone.localtime(moment)
    return f"{local.day} {local:%B %Y} at {local:%H:%M}"


def _name(user: Any) -> str:
    return str(user.full_name or user.email)


def plural(count: int, one: str, many: str | None = None) -> str:
    return f"{count:,} {one if count == 1 else (many or one + 's')}"


class ImportPresenter:
    def __init__(self, record: ImportRecord, *, progress: dict[str, int] | None = None) -> None:
        self.id = record.pk
        self.kind = ImportKind(record.kind).label
        self.original_name = record.original_name
        self.file_format = record.get_file_format_display()
        self.uploaded = f"{when(record.created_at)} by {_name(record.uploaded_by)}"
        self.status = ImportStatus(record.status)
        self.status_tag = {"text": self.status.label, "classes": STATUS_TAGS[self.status]}
        self.problem = record.problem
        self.rows_total = record.rows_total
        self.is_running = record.is_running
        self.committed = (
            f"{when(record.committed_at)} by {_name(record.committed_by)}"
            if record.committed_at and record.committed_by
            else ""
        )
        total = record.counts.get("total", {})
        self.errors = total.get(RowOutcome.ERROR, 0)
        self.summary = self._summary(total)
        self.sheet_counts = [
            {
                "sheet": sheet_name(kind),
                "created": counts.get(RowOutcome.CREATED, 0),
                "updated": counts.get(RowOutcome.UPDATED, 0),
                "unchanged": counts.get(RowOutcome.UNCHANGED, 0),
                "errors": counts.get(RowOutcome.ERROR, 0),
            }
            for kind, counts in record.counts.items()
            if kind != "total"
        ]
        self.progress = self._progress(progress)

    def _summary(self, total: dict[str, int]) -> str:
        if not total:
            return ""
        done = self.status == ImportStatus.COMMITTED

        def said(count: int, happened: str, will: str) -> str:
            verb = ("was" if count == 1 else "were") if done else "will be"
            return f"{plural(count, 'row')} {verb} {happened if done else will}"

        already = total.get(RowOutcome.UNCHANGED, 0)
        if done:
            on_register = f"{plural(already, 'row')} {'was' if already == 1 else 'were'} already"
        else:
            on_register = f"{plural(already, 'row')} {'is' if already == 1 else 'are'} already"
        parts = [
            said(total.get(RowOutcome.CREATED, 0), "added", "added"),
            said(total.get(RowOutcome.UPDATED, 0), "changed", "changed"),
            f"{on_register} on the register",
        ]
        return "; ".join(parts) + "."

    def _progress(self, progress: dict[str, int] | None) -> str:
        if not self.is_running:
            return ""
        doing = (
            "Importing"
            if self.status in (ImportStatus.COMMIT_QUEUED, ImportStatus.COMMITTING)
            else "Checking"
        )
        if not progress:
            return f"{doing} {plural(self.rows_total, 'row')}: waiting to start."
        return f"{doing}: {progress['done']:,} of {progress['total']:,} rows done."


class RowPresenter:
    def __init__(self, row: ImportRow) -> None:
        text, classes = OUTCOME_TAGS[RowOutcome(row.outcome)]
        self.sheet = sheet_name(row.kind)
        self.row_number = row.row_number
        self.tag = {"text": text, "classes": classes}
        self.detail = row.detail
        self.errors = row.errors


def error_report_rows(rows: Any) -> Any:
    """Rows of the downloadable error report: sheet, row, column, problem."""
    for row in rows:
        sheet = sheet_name(row.kind)
        for error in row.errors:
            yield (sheet, row.row_number, error["column"], error["message"])
