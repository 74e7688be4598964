"""Report runs (snapshot, AT return, board pack): request a version, then run it.

run_report claims the run under a row lock, renders OUTSIDE the lock, writes the file through
Django's storage API, and only then, in one transaction, makes the run current (demoting the
previous current version). A failure leaves a FAILED run with a readable reason and no current
file; a replay of a run that already succeeded does nothing.
"""

from __future__ import annotations

import hashlib
import json
import logging
import uuid
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.mail import send_mail
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, OperationalError, transaction
from django.db.models import Max
from django.utils import timezone

from accounts.audit import record_event
from accounts.models import AuditAction, Membership, Partnership, Role, User

from ..metrics.periods import add_months, month_end, month_start
from ..models import MonthlySnapshot, ReportKind, ReportRun, RunStatus
from ..reports.at_return import build_at_return, diff_returns
from ..reports.board_pack import render_board_pack_pdf
from .snapshots import take_month_end_snapshot

logger = logging.getLogger(__name__)

TRANSIENT = (OperationalError,)
EXTENSIONS = {
    ReportKind.SNAPSHOT: "json",
    ReportKind.AT_RETURN: "csv",
    ReportKind.BOARD_PACK: "pdf",
}
FILE_PREFIX = {
    ReportKind.SNAPSHOT: "SNAPSHOT",
    ReportKind.AT_RETURN: "AT",
    ReportKind.BOARD_PACK: "BOARDPACK",
}

MEDIA_TYPES = {
    ReportKind.SNAPSHOT: "application/json",
    ReportKind.AT_RETURN: "text/csv",
    ReportKind.BOARD_PACK: "application/pdf",
}


def media_type(run: ReportRun) -> str:
    """The file's Content-Type, for the Reports page's and the API's downloads."""
    return MEDIA_TYPES[ReportKind(run.kind)]


def file_name(run: ReportRun) -> str:
    """AT_ESX_2026-10_v1.csv"""
    kind = ReportKind(run.kind)
    return (
        f"{FILE_PREFIX[kind]}_{run.partnership.code}_{run.period:%Y-%m}_v{run.version}"
        f".{EXTENSIONS[kind]}"
    )


def request_run(
    *,
    partnership: Partnership,
    kind: str,
    month: date,
    by: User | None,
    today: date,
    only_if_missing: bool = False,
    queue: bool = False,
) -> ReportRun:
    """Queue a new version of the month's report. `only_if_missing` (the scheduled jobs) returns
    the month's existing current or pending run instead of adding a version."""
    period = month_start(month)
    if period >= month_start(today):
        first = month_end(period) + timedelta(days=1)
        raise ValidationError(
            {
                "month": f"{period:%B %Y} has not ended yet. Its reports can be made from "
                f"{first.day} {first:%B %Y}."
            }
        )
    with transaction.atomic():
        # Serialise requests for the same report so versions never collide.
        Partnership.objects.select_for_update().filter(pk=partnership.pk).first()
        runs = ReportRun.objects.for_partnership(partnership).filter(kind=kind, period=period)
        if only_if_missing:
            existing = (
                runs.filter(is_current=True).first()
                or runs.filter(status__in=[RunStatus.QUEUED, RunStatus.RUNNING]).first()
            )
            if existing is not None:
                return existing
        version = (runs.aggregate(latest=Max("version"))["latest"] or 0) + 1
        run = ReportRun.objects.create(
            partnership=partnership, kind=kind, period=period, version=version, requested_by=by
        )
        record_event(
            actor=by,
            action=AuditAction.CREATE,
            target=run,
            partnership=partnership,
            summary={"kind": kind, "period": period.isoformat(), "version": version},
        )
        if queue:
            pk = run.pk
            transaction.on_commit(lambda: _queue_run(pk))
    return run


def _queue_run(run_id: int) -> None:
    from ..tasks import run_report_task

    run_report_task.delay(run_id)


def _claim(run_id: int) -> ReportRun | None:
    """Mark the run RUNNING, or None when there is nothing to do (done, or another worker has it
    and has not outlived the task time limit)."""
    with transaction.atomic():
        run = ReportRun.objects.select_for_update().select_related("partnership").get(pk=run_id)
        if run.status == RunStatus.SUCCEEDED:
            return None
        stale = timezone.now() - timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT)
        if run.status == RunStatus.RUNNING and run.started_at and run.started_at > stale:
            return None
        run.status = RunStatus.RUNNING
        run.started_at = timezone.now()
        run.finished_at = None
        run.error = ""
        run.save(update_fields=["status", "started_at", "finished_at", "error"])
    return run


def _render(run: ReportRun, today: date) -> tuple[bytes, dict[str, Any]]:
    partnership = run.partnership
    if run.kind == ReportKind.SNAPSHOT:
        snapshot = take_month_end_snapshot(
            partnership=partnership,
            month=run.period,
            today=today,
            # Asked for on the reports page, or a later version: freeze the month again (the old
            # snapshot is kept, superseded). A first scheduled run reuses the month's snapshot.
            regenerate=run.version > 1 or run.requested_by is not None,
            by=run.requested_by,
        )
        content = json.dumps(snapshot.figures, cls=DjangoJSONEncoder, sort_keys=True, indent=1)
        made = {"snapshot_id": snapshot.pk, "snapshot_version": snapshot.version}
        return content.encode("utf-8"), made
    if run.kind == ReportKind.AT_RETURN:
        extract = build_at_return(partnership=partnership, month=run.period)
        content = extract.to_csv()
        previous = (
            ReportRun.objects.for_partnership(partnership)
            .filter(kind=run.kind, period=run.period, is_current=True)
            .exclude(pk=run.pk)
            .first()
        )
        summary: dict[str, Any] = {
            "rows": len(extract.rows),
            "errors": len(extract.errors),
            "warnings": sum(1 for f in extract.findings if f.level == "WARNING"),
            "findings": [f.to_json() for f in extract.findings],
            "by_rule": _count_by_rule(extract.findings),
        }
        if previous is not None and previous.file:
            with previous.file.open("rb") as old:
                summary["diff"] = diff_returns(old.read(), content)
            summary["diff_against_version"] = previous.version
        return content, summary
    snapshot = (
        MonthlySnapshot.objects.for_partnership(partnership)
        .final()
        .filter(month=run.period)
        .first()
    ) or take_month_end_snapshot(partnership=partnership, month=run.period, today=today)
    # The change since last month needs last month frozen too (a replay returns it unchanged).
    take_month_end_snapshot(partnership=partnership, month=add_months(run.period, -1), today=today)
    pdf = render_board_pack_pdf(
        partnership=partnership, snapshot=snapshot, version=run.version, today=today
    )
    return pdf, {"snapshot_id": snapshot.pk, "snapshot_version": snapshot.version}


def _count_by_rule(findings: list) -> dict[str, int]:
    counts: dict[str, int] = {}
    for finding in findings:
        counts[finding.code] = counts.get(finding.code, 0) + 1
    return dict(sorted(counts.items()))


def _fail(run_id: int, reason: str) -> None:
    with transaction.atomic():
        run = ReportRun.objects.select_for_update().get(pk=run_id)
        run.status = RunStatus.FAILED
        run.finished_at = timezone.now()
        run.error = reason
        run.is_current = False
        run.save(update_fields=["status", "finished_at", "error", "is_current"])
        record_event(
            actor=None,
            action=AuditAction.UPDATE,
            target=run,
            partnership=run.partnership_id,
            summary={"status": "FAILED", "reason": reason[:200]},
        )


def _reason(exc: BaseException) -> str:
    if isinstance(exc, ValidationError):
        messages = exc.messages
        return "The report could not be made: " + " ".join(messages)
    return (
        f"The report could not be made because of an unexpected problem ({type(exc).__name__}: "
        f"{exc}). Nothing was published; try again, and tell the service desk if it happens again."
    )


def run_report(*, run_id: int, today: date | None = None) -> ReportRun:
    """Make the run's file and publish it as the current version. Safe to replay."""
    today = today or timezone.localdate()
    run = _claim(run_id)
    if run is None:
        return ReportRun.objects.get(pk=run_id)
    try:
        content, summary = _render(run, today)
    except TRANSIENT:
        _fail(run_id, "The database was briefly unavailable; the job will be retried.")
        raise
    except Exception as exc:
        logger.exception("report run %s failed", run_id)
        _fail(run_id, _reason(exc))
        return ReportRun.objects.get(pk=run_id)
    checksum = hashlib.sha256(content).hexdigest()
    # A directory of its own per attempt: the file keeps its exact name, and an abandoned attempt
    # can never overwrite a published version.
    stored = default_storage.save(
        f"reports/{run.period:%Y/%m}/{uuid.uuid4().hex}/{file_name(run)}", ContentFile(content)
    )
    try:
        with transaction.atomic():
            run = ReportRun.objects.select_for_update().select_related("partnership").get(pk=run_id)
            ReportRun.objects.filter(
                partnership=run.partnership, kind=run.kind, period=run.period, is_current=True
            ).exclude(pk=run.pk).update(is_current=False)
            run.file.name = stored
            run.checksum = checksum
            run.summary = summary
            run.status = RunStatus.SUCCEEDED
            run.is_current = True
            run.finished_at = timezone.now()
            run.save()
            record_event(
                actor=run.requested_by,
                action=AuditAction.CREATE,
                target=run,
                partnership=run.partnership_id,
                summary={
                    "status": "SUCCEEDED",
                    "file": stored,
                    "sha256": checksum,
                    "by": "user" if run.requested_by else "system: scheduled job",
                },
            )
            if run.kind == ReportKind.BOARD_PACK:
                pk = run.pk
                transaction.on_commit(lambda: _queue_pack_email(pk))
    except (IntegrityError, OperationalError) as exc:
        default_storage.delete(stored)
        _fail(run_id, _reason(exc))
        raise
    return run


def _queue_pack_email(run_id: int) -> None:
    from ..tasks import send_board_pack_email_task

    send_board_pack_email_task.delay(run_id)


def send_board_pack_email(*, run_id: int) -> int:
    """Tell the partnership's board members a new pack is ready (no figures in the e-mail)."""
    run = ReportRun.objects.select_related("partnership").get(pk=run_id)
    emails = list(
        Membership.objects.filter(
            partnership=run.partnership, role=Role.BOARD_MEMBER, user__is_active=True
        ).values_list("user__email", flat=True)
    )
    if not emails:
        return 0
    subject = f"Board pack for {run.period:%B %Y} is ready"
    body = (
        f"The {run.partnership.name} board pack for {run.period:%B %Y} (version {run.version}) "
        "is ready. Sign in to tcp-register and open Reports to download it."
    )
    for email in emails:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [email])
    return len(emails)


def mark_submitted(*, run: ReportRun, by: User) -> ReportRun:
    """Record that the commissioner has keyed/uploaded this AT return to the national platform."""
    if run.kind != ReportKind.AT_RETURN:
        raise ValidationError("Only an AT return can be marked as submitted.")
    with transaction.atomic():
        run = ReportRun.objects.select_for_update().get(pk=run.pk)
        if not run.is_current or run.status != RunStatus.SUCCEEDED:
            raise ValidationError("Only the current, finished version can be marked as submitted.")
        if run.summary.get("errors"):
            raise ValidationError(
                f"This return has {run.summary['errors']} errors. Correct the records and "
                "generate a new version before marking it as submitted."
            )
        if run.is_submitted:
            return run
        run.is_submitted = True
        run.submitted_at = timezone.now()
        run.save(update_fields=["is_submitted", "submitted_at"])
        record_event(
            actor=by,
            action=AuditAction.UPDATE,
            target=run,
            partnership=run.partnership_id,
            summary={"submitted": True, "version": run.version},
        )
    return run


def record_download(*, run: ReportRun, by: User) -> None:
    with transaction.atomic():
        record_event(
            actor=by,
            action=AuditAction.DOWNLOAD,
            target=run,
            partnership=run.partnership_id,
            summary={"file": file_name(run), "sha256": run.checksum},
        )
