"""Reads for the dashboard: live figures, frozen snapshots, trends and the programme."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, F, Q, QuerySet

from accounts.models import Partnership, Role, User

from .metrics import REGISTRY, MetricContext, MetricResult, Period, compute_all
from .metrics.periods import add_months, quarter_start
from .models import (
    Milestone,
    MonthlySnapshot,
    ProgrammeRisk,
    ReportKind,
    ReportRun,
    RunStatus,
    SnapshotStatus,
    TrajectoryPlan,
)

TREND_PATHS = {
    "H1": "figures__H1__value",
    "H1_by_type": "figures__H1__splits__commissioner_type",
    "H7": "figures__H7__value",
    "H8": "figures__H8__value",
    "D1": "figures__D1__value",
    "C8_rag": "figures__C8__splits__rag",
}
COMPARED = ("value", "numerator", "denominator")


def report_runs_for(user: User, *, include_snapshots: bool = False) -> QuerySet[ReportRun]:
    """The report runs a user may list and download, on the Reports page and in the API:
    commissioners every AT return and board pack of their partnership (and, on the page, the
    month-end snapshots they may re-freeze; the API leaves those internal); board members only
    the board packs that are ready (DOMAIN.md 9: no person-level data)."""
    runs = ReportRun.objects.visible_to(user).select_related("partnership")
    if not include_snapshots:
        runs = runs.exclude(kind=ReportKind.SNAPSHOT)
    if user.active_role == Role.BOARD_MEMBER:
        runs = runs.filter(kind=ReportKind.BOARD_PACK, status=RunStatus.SUCCEEDED)
    return runs.order_by("-period", "kind", "-version", "pk")


def live_figures(partnership: Partnership, period: Period) -> dict[str, MetricResult]:
    return compute_all(MetricContext(partnership=partnership, period=period))


def trend_rows(partnership: Partnership, *, last: date, months: int) -> list[dict[str, Any]]:
    """One row per month with a final snapshot in the `months` up to `last`, oldest first,
    holding only the figures the charts need (JSON paths read by PostgreSQL). One query."""
    first = add_months(last, -(months - 1))
    return list(
        MonthlySnapshot.objects.for_partnership(partnership)
        .filter(status=SnapshotStatus.FINAL, month__gte=first, month__lte=last)
        .order_by("month")
        .values(
            "month",
            "version",
            "computed_at",
            **{alias: F(path) for alias, path in TREND_PATHS.items()},
        )
    )


def frozen_figures(partnership: Partnership, month: date) -> MonthlySnapshot | None:
    return (
        MonthlySnapshot.objects.for_partnership(partnership)
        .filter(status=SnapshotStatus.FINAL, month=month)
        .first()
    )


@dataclass(frozen=True)
class Difference:
    metric_id: str
    title: str
    frozen: Any
    live: Any


def differences(live: dict[str, MetricResult], snapshot: MonthlySnapshot) -> list[Difference]:
    """Metrics whose headline figures changed since the snapshot (records edited later)."""
    changed = []
    for metric_id, result in live.items():
        frozen = snapshot.figures.get(metric_id)
        if frozen is None:
            continue
        now = result.to_json()
        if any(_differs(frozen.get(key), now.get(key)) for key in COMPARED):
            changed.append(
                Difference(
                    metric_id, REGISTRY[metric_id].title, frozen.get("value"), now.get("value")
                )
            )
    return changed


def _differs(a: Any, b: Any) -> bool:
    if isinstance(a, int | float) and isinstance(b, int | float):
        return abs(a - b) > 1e-9
    return a != b


def plans_between(partnership: Partnership, first: date, last: date) -> dict[tuple[date, str], int]:
    rows = TrajectoryPlan.objects.for_partnership(partnership).filter(
        quarter_start__gte=quarter_start(first), quarter_start__lte=last
    )
    return {(row.quarter_start, row.commissioner_type): row.planned_inpatients for row in rows}


def milestones_with_rag(partnership: Partnership, *, today: date) -> list[Milestone]:
    return list(Milestone.objects.for_partnership(partnership).with_rag(today=today))


def milestone_rag_counts(partnership: Partnership, *, today: date) -> dict[str, int]:
    rows = (
        Milestone.objects.for_partnership(partnership)
        .with_rag(today=today)
        .values("rag")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {row["rag"]: row["n"] for row in rows}


def top_risks(partnership: Partnership, *, limit: int = 5) -> list[ProgrammeRisk]:
    return list(
        ProgrammeRisk.objects.for_partnership(partnership)
        .filter(Q(status="OPEN"))
        .with_scores()
        .order_by("-residual_score_db", "-inherent_score_db", "review_date", "pk")[:limit]
    )


def populations(partnership: Partnership) -> list[Any]:
    from accounts.models import PartnershipPopulation

    return list(
        PartnershipPopulation.objects.filter(partnership=partnership).order_by(
            "-financial_year_start"
        )
    )
