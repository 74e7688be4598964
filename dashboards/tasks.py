"""Celery tasks of the dashboards app: thin, by id, safe to replay (STYLE.md 10).

The beat schedule (CELERY_BEAT_SCHEDULE in tcp/settings/base.py) runs, early on the 1st of each
month for the month just ended: take_all_month_end_snapshots_task, then build_all_at_returns_task
and build_all_board_packs_task. Each partnership's work is its own task, so one failure does not
stop the rest; each task takes ids and is safe to replay.
"""

from __future__ import annotations

from datetime import date

from celery import shared_task
from django.db import OperationalError
from django.utils import timezone
from redis.exceptions import RedisError

from accounts.models import Partnership

from .metrics.periods import add_months, month_start
from .models import ReportKind
from .services import request_run, run_report, send_board_pack_email, take_month_end_snapshot

RETRY_ON = (OperationalError, RedisError)  # transient: the database or the broker blinked


@shared_task(acks_late=True, autoretry_for=RETRY_ON, retry_backoff=True, max_retries=5)
def take_month_end_snapshot_task(partnership_id: int, month: str) -> int:
    """Freeze `month` (YYYY-MM-DD, any day of it) for one partnership; a replay returns the
    snapshot already taken."""
    snapshot = take_month_end_snapshot(
        partnership=Partnership.objects.get(pk=partnership_id),
        month=date.fromisoformat(month),
        today=timezone.localdate(),
    )
    return snapshot.pk


@shared_task(acks_late=True, autoretry_for=RETRY_ON, retry_backoff=True, max_retries=5)
def take_all_month_end_snapshots_task(month: str | None = None) -> int:
    """Queue last month's snapshot (or `month`'s) for every partnership."""
    wanted = month or add_months(month_start(timezone.localdate()), -1).isoformat()
    partnership_ids = list(Partnership.objects.order_by("pk").values_list("pk", flat=True))
    for partnership_id in partnership_ids:
        take_month_end_snapshot_task.delay(partnership_id, wanted)
    return len(partnership_ids)


@shared_task(acks_late=True, autoretry_for=RETRY_ON, retry_backoff=True, max_retries=5)
def run_report_task(run_id: int) -> str:
    """Make one report run's file; a replay of a finished run does nothing."""
    return run_report(run_id=run_id).status


@shared_task(acks_late=True, autoretry_for=RETRY_ON, retry_backoff=True, max_retries=5)
def send_board_pack_email_task(run_id: int) -> int:
    return send_board_pack_email(run_id=run_id)


def _build_all(kind: str, month: str | None) -> int:
    today = timezone.localdate()
    wanted = date.fromisoformat(month) if month else add_months(month_start(today), -1)
    count = 0
    for partnership in Partnership.objects.order_by("pk"):
        run = request_run(
            partnership=partnership,
            kind=kind,
            month=wanted,
            by=None,
            today=today,
            only_if_missing=True,
        )
        if not run.is_current:
            run_report_task.delay(run.pk)
            count += 1
    return count


@shared_task(acks_late=True, autoretry_for=RETRY_ON, retry_backoff=True, max_retries=5)
def build_all_at_returns_task(month: str | None = None) -> int:
    """Queue last month's AT return (or `month`'s) for every partnership that has none yet."""
    return _build_all(ReportKind.AT_RETURN, month)


@shared_task(acks_late=True, autoretry_for=RETRY_ON, retry_backoff=True, max_retries=5)
def build_all_board_packs_task(month: str | None = None) -> int:
    """Queue last month's board pack (or `month`'s) for every partnership that has none yet."""
    return _build_all(ReportKind.BOARD_PACK, month)
