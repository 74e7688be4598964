"""An import's life: upload (refused with a message if unreadable), column mapping (remembered for
the partnership), dry run (the register services inside a transaction that is rolled back), and
commit (the same replay in one transaction, kept only if every row passes). STYLE.md 9: an import
is all or nothing, every row is checked and each fault is reported with its row number."""

from __future__ import annotations

import hashlib
from datetime import date
from functools import partial
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from accounts.audit import record_event
from accounts.models import AuditAction, Partnership, User

from ..models import ColumnMapping, ImportKind, ImportRecord, ImportRow, ImportStatus
from ..services.base import announcing_once_per_person
from .mapping import SHEETS, auto_match, check_mapping, find_sheets
from .outcomes import Results
from .readers import UnreadableFile, read_file, too_large_message
from .replay import Replay
from .rows import ParsedRow, parse_sheet

REMAPPABLE = frozenset({ImportStatus.UPLOADED, ImportStatus.READY, ImportStatus.HAS_ERRORS})
PROGRESS_SECONDS = 60 * 60


def start_import(
    *, partnership: Partnership, by: User, kind: str, upload: UploadedFile
) -> ImportRecord:
    """Keep an uploaded file for import after reading it: an empty, damaged, over-large or
    non-spreadsheet file, or one without the expected sheet, is refused and nothing is kept."""
    if kind not in ImportKind.values:
        raise ValidationError({"kind": "Choose what the file holds"})
    if (upload.size or 0) > settings.IMPORT_MAX_UPLOAD_BYTES:
        raise ValidationError({"upload": too_large_message(upload.size or 0)})
    data = upload.read()
    try:
        workbook = read_file(data)
        sections = find_sheets(kind, workbook)
    except UnreadableFile as problem:
        raise ValidationError({"upload": str(problem)}) from problem
    saved = dict(ColumnMapping.objects.for_partnership(partnership).values_list("kind", "columns"))
    record = ImportRecord(
        partnership=partnership,
        kind=kind,
        original_name=(upload.name or "upload")[:255],
        file_format=workbook.file_format,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        sheets=[
            {
                "kind": spec.kind,
                "name": sheet.name,
                "headers": sheet.headers,
                "rows": len(sheet.rows),
            }
            for spec, sheet in sections
        ],
        mapping={
            spec.kind: auto_match(spec, sheet.headers, saved.get(spec.kind))
            for spec, sheet in sections
        },
        rows_total=sum(len(sheet.rows) for _, sheet in sections),
        uploaded_by=by,
    )
    suffix = ".xlsx" if workbook.file_format == "XLSX" else ".csv"
    record.file.save(f"upload{suffix}", ContentFile(data), save=False)
    try:
        with transaction.atomic():
            record.save()
            record_event(
                actor=by, action=AuditAction.CREATE, target=record, summary=_summary(record)
            )
    except BaseException:
        record.file.delete(save=False)
        raise
    return record


def save_mapping(
    *, record: ImportRecord, by: User, mapping: dict[str, dict[str, str]]
) -> ImportRecord:
    """Use these columns for the file, remember them for the partnership's next file, and queue
    the dry run. Every required column must be chosen, and no header twice."""
    problems: dict[str, list[str]] = {}
    for sheet in record.sheets:
        spec = SHEETS[ImportKind(sheet["kind"])]
        chosen = {key: header for key, header in mapping.get(spec.kind, {}).items() if header}
        for key, message in check_mapping(spec, sheet["headers"], chosen).problems:
            problems.setdefault(mapping_field(spec.kind, key), []).append(message)
    if problems:
        raise ValidationError(problems)
    with transaction.atomic():
        record = ImportRecord.objects.select_for_update().get(pk=record.pk)
        if record.status not in REMAPPABLE:
            raise ValidationError(f"This import is {record.get_status_display().lower()}.")
        record.mapping = {
            sheet["kind"]: {k: h for k, h in mapping.get(sheet["kind"], {}).items() if h}
            for sheet in record.sheets
        }
        for kind, columns in record.mapping.items():
            # Columns left unchosen are remembered as "not in our files" ("").
            remembered = {
                column.key: columns.get(column.key, "") for column in SHEETS[kind].columns
            }
            ColumnMapping.objects.update_or_create(
                partnership_id=record.partnership_id,
                kind=kind,
                defaults={"columns": remembered, "updated_by": by},
            )
        record.status, record.checked_by = ImportStatus.CHECK_QUEUED, by
        record.save(update_fields=["mapping", "status", "checked_by", "updated_at"])
        record_event(
            actor=by,
            action=AuditAction.UPDATE,
            target=record,
            summary={"status": record.status, "mapping": record.mapping},
        )
        transaction.on_commit(partial(_queue, "check_import_task", record.pk))
    return record


def mapping_field(kind: str, key: str) -> str:
    """The name a mapping choice has on the page (and in this service's errors)."""
    return f"{kind.lower()}__{key}"


def check_import(*, import_id: int, today: date | None = None) -> ImportRecord:
    """The dry run: every row through the register services, then everything rolled back; only
    the findings are kept. Safe to run twice: a finished check returns at once."""
    claimed = ImportRecord.objects.filter(
        pk=import_id, status__in=[ImportStatus.CHECK_QUEUED, ImportStatus.CHECKING]
    ).update(status=ImportStatus.CHECKING)
    record = ImportRecord.objects.select_related("partnership", "checked_by").get(pk=import_id)
    if not claimed:
        return record
    try:
        parsed = _parse(record)
    except UnreadableFile as problem:
        return _unreadable(record, str(problem))
    with transaction.atomic():
        results = _replay(record, record.checked_by, parsed, today)  # type: ignore[arg-type]
        transaction.set_rollback(True)  # a dry run writes nothing
    status = ImportStatus.HAS_ERRORS if results.has_errors() else ImportStatus.READY
    with transaction.atomic():
        _store_results(record, results, status)
        record.checked_at = timezone.now()
        record.save(update_fields=["checked_at", "updated_at"])
    return record


def request_commit(*, record: ImportRecord, by: User) -> ImportRecord:
    """Queue the import of a file whose dry run found no errors."""
    with transaction.atomic():
        record = ImportRecord.objects.select_for_update().get(pk=record.pk)
        if record.status != ImportStatus.READY:
            if record.status == ImportStatus.HAS_ERRORS:
                raise ValidationError("Fix the errors in the file and upload it again first.")
            raise ValidationError(f"This import is {record.get_status_display().lower()}.")
        record.status, record.committed_by = ImportStatus.COMMIT_QUEUED, by
        record.save(update_fields=["status", "committed_by", "updated_at"])
        record_event(
            actor=by, action=AuditAction.UPDATE, target=record, summary={"status": record.status}
        )
        transaction.on_commit(partial(_queue, "commit_import_task", record.pk))
    return record


def commit_import(*, import_id: int, today: date | None = None) -> ImportRecord:
    """The whole file in one transaction through the register services, kept only if every row
    passes again (the register may have changed since the dry run). The import row is locked
    first, so a second run of the task waits, then finds the import done and returns."""
    ImportRecord.objects.filter(pk=import_id, status=ImportStatus.COMMIT_QUEUED).update(
        status=ImportStatus.COMMITTING
    )
    with transaction.atomic():
        record = (
            ImportRecord.objects.select_for_update(of=("self",))
            .select_related("partnership", "committed_by")
            .get(pk=import_id)
        )
        if record.status != ImportStatus.COMMITTING:
            return record  # already imported, or sent back for new columns
        try:
            parsed = _parse(record)
        except UnreadableFile as problem:
            transaction.set_rollback(True)
            failure = str(problem)
        else:
            failure = ""
            results = _replay(record, record.committed_by, parsed, today)  # type: ignore[arg-type]
            if results.has_errors():
                transaction.set_rollback(True)
            else:
                record.committed_at = timezone.now()
                _store_results(record, results, ImportStatus.COMMITTED)
                record_event(
                    actor=record.committed_by,
                    action=AuditAction.UPDATE,
                    target=record,
                    summary=_summary(record),
                )
                return record
    if failure:
        return _unreadable(record, failure)
    with transaction.atomic():
        _store_results(record, results, ImportStatus.HAS_ERRORS)
    return record


def import_progress(record: ImportRecord) -> dict[str, int] | None:
    """Rows done so far by a running check or commit (kept in the cache, outside the
    transaction that does the work)."""
    return cache.get(_progress_key(record.pk))  # type: ignore[no-any-return]


def earlier_import_of_same_file(record: ImportRecord) -> ImportRecord | None:
    return (
        ImportRecord.objects.for_partnership(record.partnership_id)
        .filter(sha256=record.sha256, status=ImportStatus.COMMITTED)
        .exclude(pk=record.pk)
        .select_related("committed_by")
        .order_by("-committed_at")
        .first()
    )


# --- helpers ------------------------------------------------------------------------------------


def _parse(record: ImportRecord) -> dict[str, list[ParsedRow]]:
    with record.file.open("rb") as stored:
        data = stored.read()
    if hashlib.sha256(data).hexdigest() != record.sha256:
        raise UnreadableFile("The stored file has changed since it was uploaded. Upload it again")
    sections = find_sheets(record.kind, read_file(data))
    return {
        spec.kind: parse_sheet(spec, sheet, record.mapping.get(spec.kind, {}))
        for spec, sheet in sections
    }


def _replay(
    record: ImportRecord, by: User, parsed: dict[str, list[ParsedRow]], today: date | None
) -> Results:
    key = _progress_key(record.pk)

    def progress(done: int, total: int) -> None:
        if done == total or done % 250 < 5:
            cache.set(key, {"done": done, "total": total}, PROGRESS_SECONDS)

    cache.set(key, {"done": 0, "total": record.rows_total}, PROGRESS_SECONDS)
    replay = Replay(
        partnership=record.partnership,
        by=by,
        today=today or timezone.localdate(),
        progress=progress,
    )
    with announcing_once_per_person():  # one schedule recompute per person, not per row
        return replay.run(parsed)


def _store_results(record: ImportRecord, results: Results, status: ImportStatus) -> None:
    ImportRow.objects.filter(record=record).delete()
    ImportRow.objects.bulk_create(
        (
            ImportRow(
                record=record,
                kind=result.kind,
                row_number=result.number,
                outcome=result.outcome,
                errors=[error.as_dict() for error in result.errors],
                detail=result.detail,
            )
            for result in results
        ),
        batch_size=2000,
    )
    record.counts, record.status, record.problem = results.counts(), status, ""
    record.save(update_fields=["counts", "status", "problem", "committed_at", "updated_at"])
    cache.delete(_progress_key(record.pk))


def _unreadable(record: ImportRecord, problem: str) -> ImportRecord:
    record.status, record.problem = ImportStatus.UNREADABLE, problem[:500]
    record.save(update_fields=["status", "problem", "updated_at"])
    return record


def _summary(record: ImportRecord) -> dict[str, Any]:
    """What the audit trail keeps of an import: never the file name, which may name a person."""
    return {
        "kind": record.kind,
        "format": record.file_format,
        "size": record.size,
        "sha256": record.sha256,
        "rows": record.rows_total,
        "status": record.status,
        "counts": record.counts.get("total", {}),
    }


def _progress_key(import_id: int) -> str:
    return f"register:import-progress:{import_id}"


def _queue(task_name: str, import_id: int) -> None:
    from . import tasks  # tasks call these services, so they are imported when queued

    getattr(tasks, task_name).delay(import_id=import_id)
