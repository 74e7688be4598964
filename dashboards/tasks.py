"""Celery tasks of the dashboards app: thin, by id, safe to replay (STYLE.md 10).

The beat schedule (wired elsewhere) runs take_all_month_end_snapshots_task early on the 1st of
each month; each partnership's snapshot is its own task, so one failure does not stop the rest.
"""

from __future__ import annotations

from datetime import date

from celery import shared_task
from django.db import OperationalError
from django.utils import timezone
from redis.exceptions import RedisError

from accounts.models import Partnership

from .metrics.periods import add_months, month_start
from .services import take_month_end_snapshot

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
