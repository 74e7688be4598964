"""The dashboard page: sections, headline cards, charts and the programme summary."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from register.models import (
    Rag,
)

from ..charts import Chart, bar_chart, line_chart
from ..metrics import METRICS, MetricResult, Period, Section
from ..metrics.compute import trajectory_rag
from ..metrics.periods import add_months, financial_quarter_label, quarter_start
from ..metrics.suppression import suppress_count, suppress_split
from ..models import Milestone, ProgrammeRisk
from ..selectors import Difference
from .figures import FigurePresenter, FigureView, Row
from .labels import SUPPRESSION_TEXT, fmt_number, label_of, ordered, rag_tag

SECTION_ORDER = [
    Section.INPATIENTS,
    Section.FLOW,
    Section.REVIEWS,
    Section.COMMUNITY,
    Section.QUALITY,
    Section.WINTERBOURNE,
    Section.TRAJECTORY,
]
HEADLINE_IDS = ["H1", "H2", "H3", "T2", "D1", "C8"]


@dataclass
class SectionView:
    id: str
    title: str
    figures: list[FigureView]
    charts: list[Chart]


class DashboardPresenter:
    def __init__(
        self,
        *,
        period: Period,
        today: date,
        live: dict[str, MetricResult],
        differences: list[Difference],
        snapshot_taken: date | None,
        trend: list[dict[str, Any]],
        plans: dict[tuple[date, str], int],
        milestone_counts: dict[str, int],
        risks: list[ProgrammeRisk],
        board: bool,
        can_drill: bool,
        baseline: int | None,
    ) -> None:
        self.period = period
        self.today = today
        self.board = board
        self.live = live
        self.differences = differences
        self.snapshot_taken = snapshot_taken
        self.trend = trend
        self.plans = plans
        changed = {d.metric_id: d for d in differences}
        self.figures = {
            metric.id: FigurePresenter(
                metric,
                live[metric.id],
                period=period,
                board=board,
                can_drill=can_drill,
                frozen=changed.get(metric.id),
            ).view()
            for metric in METRICS
        }
        self.milestone_counts = milestone_counts
        self.risks = risks
        self.baseline = baseline

    # Suppression of chart and trend counts for board members.
    def _count(self, value: Any) -> Any:
        return suppress_count(value) if self.board and isinstance(value, int) else value

    def _cells(self, cells: dict[str, int]) -> dict[str, Any]:
        """A row of counts with a total: primary and secondary suppression for the board."""
        return suppress_split(cells) if self.board else dict(cells)

    @property
    def suppression_text(self) -> str:
        from django.conf import settings

        return SUPPRESSION_TEXT.format(max=settings.SUPPRESS_MAX, round=settings.ROUND_TO)

    @property
    def is_month_running(self) -> bool:
        return not self.period.is_complete

    def headline(self) -> list[FigureView]:
        return [self.figures[i] for i in HEADLINE_IDS]

    def h1_change(self) -> str:
        previous = self.period.previous().start
        before = next((row["H1"] for row in self.trend if row["month"] == previous), None)
        now = self.live["H1"].value
        if before is None or not isinstance(now, int):
            return ""
        if self.board:
            return f"{fmt_number(self._count(before))} at the end of {previous:%B %Y}"
        change = now - before
        word = "up" if change > 0 else "down" if change < 0 else "no change"
        amount = f" {abs(change)}" if change else ""
        return f"{word}{amount} since the end of {previous:%B %Y}"

    def sections(self) -> list[SectionView]:
        charts = {
            Section.INPATIENTS: [
                self.inpatient_trend_chart(),
                self.bed_type_chart(),
                self.los_chart(),
            ],
            Section.FLOW: [self.flow_chart()],
            Section.COMMUNITY: [self.dsr_chart()],
            Section.TRAJECTORY: [self.trajectory_chart()],
        }
        return [
            SectionView(
                id=section.value,
                title=section.label,
                figures=[self.figures[m.id] for m in METRICS if m.section == section],
                charts=[chart for chart in charts.get(section, []) if chart is not None],
            )
            for section in SECTION_ORDER
        ]

    # --- charts ---------------------------------------------------------------------------
    def _months(self, count: int) -> list[date]:
        return [add_months(self.period.start, -n) for n in range(count - 1, -1, -1)]

    def _series_value(self, month: date, key: str) -> Any:
        if month == self.period.start:
            return {
                "H1": self.live["H1"].value,
                "H7": self.live["H7"].value,
                "H8": self.live["H8"].value,
            }.get(key)
        row = next((row for row in self.trend if row["month"] == month), None)
        return None if row is None else row.get(key)

    def inpatient_trend_chart(self) -> Chart:
        months = self._months(24)
        labels = [f"{m:%b %Y}" for m in months]
        totals = [self._count(self._series_value(m, "H1")) for m in months]
        by_type: dict[str, list[Any]] = {"ICB": [], "NHSE_SPEC": []}
        for month in months:
            split = (
                self.live["H1"].splits.get("commissioner_type", {})
                if month == self.period.start
                else next(
                    (row["H1_by_type"] or {} for row in self.trend if row["month"] == month), None
                )
            )
            shown = None if split is None else self._cells({k: split.get(k, 0) for k in by_type})
            for kind, values in by_type.items():
                values.append(None if shown is None else shown[kind])
        known = [(label, v) for label, v in zip(labels, totals, strict=True) if v is not None]
        summary = (
            "No month-end figures frozen yet."
            if len(known) < 2
            else f"Inpatients at month end: {fmt_number(known[0][1])} in {known[0][0]} and "
            f"{fmt_number(known[-1][1])} in {known[-1][0]}."
        )
        return line_chart(
            id="chart-inpatients",
            title="Inpatients at month end, last 24 months",
            x_labels=labels,
            summary=summary,
            series=[
                ("All inpatients", "app-chart__line--total", totals),
                ("ICB", "app-chart__line--icb", by_type["ICB"]),
                ("NHS England", "app-chart__line--nhse", by_type["NHSE_SPEC"]),
            ],
        )

    def _split_chart(self, *, id: str, title: str, metric_id: str, split: str, noun: str) -> Chart:
        values = self._cells(self.live[metric_id].splits.get(split, {}))
        items = [(label_of(split, c), values[c]) for c in ordered(split, values)]
        if not items:
            summary = f"No {noun} at this date."
        else:
            numeric = [(label, v) for label, v in items if isinstance(v, int)]
            biggest = max(numeric, key=lambda item: item[1], default=None)
            summary = (
                f"Largest group: {biggest[0]} ({fmt_number(biggest[1])})."
                if biggest
                else "All groups are small and hidden."
            )
        return bar_chart(id=id, title=title, items=items, summary=summary)

    def bed_type_chart(self) -> Chart:
        return self._split_chart(
            id="chart-bed-type",
            title="Inpatients by bed type",
            metric_id="H1",
            split="bed_type",
            noun="inpatients",
        )

    def los_chart(self) -> Chart:
        return self._split_chart(
            id="chart-los",
            title="Inpatients by length of stay",
            metric_id="L1",
            split="los_band",
            noun="inpatients",
        )

    def dsr_chart(self) -> Chart:
        return self._split_chart(
            id="chart-dsr",
            title="Dynamic support register by RAG",
            metric_id="C8",
            split="rag",
            noun="people on the DSR",
        )

    def flow_chart(self) -> Chart:
        months = self._months(13)
        labels = [f"{m:%b %Y}" for m in months]
        admissions = [self._count(self._series_value(m, "H7")) for m in months]
        discharges = [self._count(self._series_value(m, "H8")) for m in months]
        return line_chart(
            id="chart-flow",
            title="Admissions and discharges, last 13 months",
            x_labels=labels,
            summary=(
                f"In {self.period.label}: {fmt_number(admissions[-1])} admissions and "
                f"{fmt_number(discharges[-1])} discharges."
            ),
            series=[
                ("Admissions", "app-chart__line--icb", admissions),
                ("Discharges", "app-chart__line--nhse", discharges),
            ],
        )

    def trajectory_chart(self) -> Chart:
        months = self._months(13)
        labels = [f"{m:%b %Y}" for m in months]
        actual = [self._count(self._series_value(m, "H1")) for m in months]
        planned: list[Any] = []
        for month in months:
            quarter = quarter_start(month)
            values = [v for (q, _), v in self.plans.items() if q == quarter]
            planned.append(sum(values) if values else None)
        latest = next(
            (
                (m, a, p)
                for m, a, p in zip(
                    reversed(months), reversed(actual), reversed(planned), strict=True
                )
                if isinstance(a, int) and p is not None
            ),
            None,
        )
        if latest is None:
            summary = "No planned trajectory to compare with yet."
        else:
            month, a, p = latest
            rag = trajectory_rag(a, p).label if not self.board else ""
            summary = (
                f"In {month:%B %Y}: {fmt_number(a)} inpatients against a plan of "
                f"{fmt_number(p)} for {financial_quarter_label(quarter_start(month))}"
                + (f" ({rag})." if rag else ".")
            )
        return line_chart(
            id="chart-trajectory",
            title="Inpatients against the planned trajectory, last 13 months",
            x_labels=labels,
            summary=summary,
            series=[
                ("Actual", "app-chart__line--total", actual),
                ("Plan", "app-chart__line--plan", planned),
            ],
        )

    # --- programme ---------------------------------------------------------------------
    def milestone_summary(self) -> list[Row]:
        return [
            Row(Rag(rag).label, fmt_number(self.milestone_counts.get(rag, 0)))
            for rag in (Rag.RED, Rag.AMBER, Rag.GREEN)
        ]

    def risk_rows(self) -> list[dict[str, Any]]:
        return [
            {
                "risk": risk.risk,
                "owner": risk.owner,
                "inherent": rag_tag(
                    risk.inherent_rag, label=f"{risk.inherent_rag.label} ({risk.inherent_score})"
                ),
                "residual": rag_tag(
                    risk.residual_rag, label=f"{risk.residual_rag.label} ({risk.residual_score})"
                ),
                "review_date": risk.review_date,
            }
            for risk in self.risks
        ]


def milestone_rag_tag(milestone: Milestone) -> dict[str, str] | None:
    """E15: a completed milestone shows GREEN with the label "Complete"."""
    rag = getattr(milestone, "rag", None)
    if milestone.completed_on and not milestone.rag_override:
        return rag_tag(Rag.GREEN, label="Complete")
    return rag_tag(rag)


def dashboard_presenter(
    *, partnership: Any, month: date, today: date, board: bool, can_drill: bool
) -> DashboardPresenter:
    """Gather the page's data (a fixed number of queries) and wrap it for display."""
    from .. import selectors
    from ..metrics.periods import month_start

    period = Period.month(month, today=today)
    live = selectors.live_figures(partnership, period)
    trend = selectors.trend_rows(partnership, last=period.start, months=24)
    frozen = next((row for row in trend if row["month"] == period.start), None)
    differences: list[Difference] = []
    snapshot_taken = None
    if frozen is not None:
        snapshot = selectors.frozen_figures(partnership, period.start)
        if snapshot is not None:
            differences = selectors.differences(live, snapshot)
            snapshot_taken = snapshot.computed_at.date()
    first = add_months(period.start, -12)
    return DashboardPresenter(
        period=period,
        today=today,
        live=live,
        differences=differences,
        snapshot_taken=snapshot_taken,
        trend=trend,
        plans=selectors.plans_between(partnership, first, period.start),
        milestone_counts=selectors.milestone_rag_counts(partnership, today=today),
        risks=selectors.top_risks(partnership),
        board=board,
        can_drill=can_drill and period.start == month_start(today),
        baseline=partnership.baseline_inpatients_2015,
    )
