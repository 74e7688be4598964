"""Month-end snapshots: the figures of every metric, frozen (DOMAIN.md 3, ARCHITECTURE.md)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone

from accounts.audit import record_event
from accounts.models import AuditAction, Partnership, User

from ..metrics import MetricContext, Period, compute_all
from ..metrics.periods import month_start
from ..models import MonthlySnapshot, SnapshotStatus


def compute_figures(*, partnership: Partnership, period: Period) -> dict[str, Any]:
    """Every metric's figures as JSON-safe data (what a snapshot stores)."""
    ctx = MetricContext(partnership=partnership, period=period)
    return {metric_id: result.to_json() for metric_id, result in compute_all(ctx).items()}


def take_month_end_snapshot(
    *,
    partnership: Partnership,
    month: date,
    today: date,
    regenerate: bool = False,
    by: User | None = None,
) -> MonthlySnapshot:
    """Freeze the month's figures as at its last day. Safe to replay: if a final snapshot exists
    it is returned unchanged, unless `regenerate` asks for a new version (the old one is kept,
    marked superseded). Two takers of the same month wait for each other on an advisory lock.
    """
    period = Period.month(month_start(month), today=today)
    if today <= period.end:
        first_day = period.end + timedelta(days=1)
        raise ValidationError(
            {
                "month": f"{period.label} has not ended yet. Its snapshot can be taken from "
                f"{first_day.day} {first_day:%B %Y}."
            }
        )
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_advisory_xact_lock(hashtext(%s))",
                [f"dashboards.snapshot:{partnership.pk}:{period.start.isoformat()}"],
            )
        existing = MonthlySnapshot.objects.for_partnership(partnership).filter(month=period.start)
        current = existing.filter(status=SnapshotStatus.FINAL).first()
        if current is not None and not regenerate:
            return current
        figures = compute_figures(partnership=partnership, period=period)
        version = (existing.aggregate(latest=Max("version"))["latest"] or 0) + 1
        if current is not None:
            existing.filter(pk=current.pk).update(status=SnapshotStatus.SUPERSEDED)
        snapshot = MonthlySnapshot.objects.create(
            partnership=partnership,
            month=period.start,
            version=version,
            as_at=period.as_at,
            computed_at=timezone.now(),
            figures=figures,
            taken_by=by,
        )
        record_event(
            actor=by,
            action=AuditAction.CREATE,
            target=snapshot,
            summary={
                "month": period.start.isoformat(),
                "version": version,
                "by": "user" if by else "system: month-end snapshot",
            },
        )
    return snapshot
