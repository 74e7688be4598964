"""Display logic for the dashboard: labels, number formats, suppression for board members,
drill-down links and charts. Templates print what these give them and never query."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any
from urllib.parse import urlencode

from django.urls import reverse

from register.models import (
    AdmissionKind,
    BedType,
    BudgetDeployment,
    CommissionerType,
    DelayReason,
    DestinationGroup,
    Rag,
    SecurityLevel,
)

from .charts import Chart, bar_chart, line_chart
from .metrics import METRICS, REGISTRY, Metric, MetricResult, Period, Section, Unit
from .metrics.periods import add_months, financial_quarter_label, quarter_start
from .metrics.registry import DRILL_VALUES, trajectory_rag
from .metrics.sql import LOS_BAND_LABELS, LOS_BANDS
from .metrics.suppression import SUPPRESSED, suppress_count, suppress_result
from .models import ExternalFigureKey, Milestone, ProgrammeRisk
from .selectors import Difference

RAG_TAG_CLASSES = {
    Rag.RED: "nhsuk-tag--red",
    Rag.AMBER: "nhsuk-tag--orange",
    Rag.GREEN: "nhsuk-tag--green",
    Rag.BLUE: "nhsuk-tag--blue",
}

CATEGORY_LABELS: dict[str, dict[str, str]] = {
    "commissioner_type": dict(CommissionerType.choices),
    "bed_type": dict(BedType.choices),
    "security_level": dict(SecurityLevel.choices),
    "age_group": {"ADULT": "18 and over", "CYP": "Under 18"},
    "area": {"IN_AREA": "In area", "OUT_OF_AREA": "Out of area"},
    "los_band": LOS_BAND_LABELS,
    "cohort": {"ORIGINAL_WINTERBOURNE": "Original Winterbourne cohort (in hospital since "
                                        "before March 2014)",
               "LATER": "Admitted since March 2014"},
    "legal_status": {"DETAINED": "Detained under the Mental Health Act",
                     "INFORMAL": "Informal", "NOT_KNOWN": "Not recorded"},
    "delay_reason": dict(DelayReason.choices),
    "admission_kind": dict(AdmissionKind.choices),
    "destination_group": dict(DestinationGroup.choices),
    "rag": {**dict(Rag.choices), "NOT_RATED": "Not rated yet"},
    "long_stay": {"5Y_PLUS": "5 years or more", "2_5Y": "2 to 5 years"},
    "move": {"WARD_STEP_DOWN": "Moved to a less secure ward",
             "DISCHARGED_TO_COMMUNITY": "Discharged to the community"},
    "setting": {"AT_OR_CRISIS": "Assessment and treatment or crisis unit",
                "OTHER_INPATIENT": "Other inpatient settings"},
    "placement": {"RESIDENTIAL_SCHOOL": "Residential school (38 or 52 week)",
                  "OUT_OF_AREA": "Out-of-area placement"},
    "budget_kind": {"PHB": "Personal health budget", "INTEGRATED": "Integrated budget"},
}
SPLIT_TITLES = {
    "commissioner_type": "Commissioner", "bed_type": "Bed type", "security_level": "Security",
    "age_group": "Age group", "area": "Area", "los_band": "Length of stay", "cohort": "Cohort",
    "legal_status": "Legal status", "delay_reason": "Delay reason",
    "admission_kind": "Admission kind", "destination_group": "Discharged to", "rag": "RAG",
    "long_stay": "Length of stay", "move": "Move", "setting": "Setting",
    "placement": "Placement", "budget_kind": "Budget",
}
RATE_LABELS = {
    "inpatient": "Inpatients", "community": "People in the community",
    "with_health_action_plan": "With a health action plan", "dsr": "People on the DSR",
    "residential": "Residential or nursing care",
    "supported_or_shared_lives": "Supported living or Shared Lives",
    "family": "Living with family", "red_with_crisis_plan": "Red-rated with a crisis plan",
    "phb_of_health_support": "Of people receiving NHS-funded support",
    "returned_to_previous_kind_of_home": "Returned to the same kind of home",
    "moved_to_a_different_home": "Moved to a different home",
    "on_health_check_register": "On the LD health-check register",
    "28": "Within 28 days", "90": "Within 90 days", "365": "Within 12 months",
    **{d.value: f"{d.label}" for d in BudgetDeployment},
    "ICB": "ICB", "NHSE_SPEC": "NHS England specialised", "TOTAL": "All inpatients",
}
STAT_LABELS = {
    "median_days": "Median (days)", "mean_stay_days": "Mean stay (days)",
    "inpatient_mean_days_of_discharges": "Inpatient mean length of stay of discharges (days)",
    "variance": "Over (+) or under (-) budget (£)", "spent_pct": "Budget spent (%)",
    "target_pct": "Target reduction (%)", "threshold_pct": "Threshold (%)",
}
UNIT_SUFFIX = {Unit.RATE_PER_MILLION: " per million", Unit.DAYS: " days"}
SUPPRESSION_TEXT = (
    "Small numbers are hidden to protect people's privacy: 1 to {max} is shown as *, other "
    "counts are rounded to the nearest {round}, and a rate whose count is hidden is *."
)


def rag_tag(rag: str | None, *, label: str | None = None) -> dict[str, str] | None:
    if not rag:
        return None
    return {"text": label or Rag(rag).label, "classes": RAG_TAG_CLASSES.get(Rag(rag), "")}


def fmt_number(value: Any, *, decimals: int = 0) -> str:
    if value is None:
        return "n/a"
    if value == SUPPRESSED:
        return SUPPRESSED
    if isinstance(value, int) or (decimals == 0 and float(value).is_integer()):
        return f"{int(value):,}"
    return f"{float(value):,.{decimals}f}"


def format_value(metric: Metric, value: Any) -> str:
    if value is None:
        return "n/a"
    if value == SUPPRESSED:
        return SUPPRESSED
    if metric.unit == Unit.PERCENT:
        return f"{float(value):.1f}%"
    if metric.unit == Unit.RATE_PER_MILLION:
        return f"{float(value):.1f} per million"
    if metric.unit == Unit.DAYS:
        return f"{float(value):,.0f} days"
    if metric.unit == Unit.POUNDS:
        return f"£{float(value):,.0f}"
    if metric.unit == Unit.RAG:
        return Rag(value).label
    if metric.unit == Unit.REPORTED:
        return f"{fmt_number(value)} figures reported"
    return fmt_number(value)


def _label(dimension: str, category: str) -> str:
    return CATEGORY_LABELS.get(dimension, {}).get(category, category.replace("_", " ").title())


def _ordered(dimension: str, cells: dict[str, Any]) -> list[str]:
    known = list(CATEGORY_LABELS.get(dimension, {}))
    if dimension == "los_band":
        known = [code for code, _, _ in LOS_BANDS]
    return sorted(cells, key=lambda c: (known.index(c) if c in known else len(known), c))


@dataclass
class Row:
    label: str
    display: str
    href: str | None = None


@dataclass
class Split:
    title: str
    rows: list[Row]


@dataclass
class Table:
    title: str
    head: list[str]
    rows: list[list[str]]


@dataclass
class FigureView:
    metric: Metric
    display: str
    detail: str
    note: str
    available: bool
    period_text: str
    href: str | None = None
    tag: dict[str, str] | None = None
    splits: list[Split] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    rates: list[Row] = field(default_factory=list)
    stats: list[Row] = field(default_factory=list)
    sources: list[dict[str, str]] = field(default_factory=list)
    frozen_display: str | None = None

    @property
    def id(self) -> str:
        return self.metric.id


class FigurePresenter:
    """One metric's figures for one viewer: suppressed for board members, with drill-down links
    for people who may see the named list behind a count."""

    def __init__(self, metric: Metric, result: MetricResult, *, period: Period, board: bool,
                 can_drill: bool, frozen: Difference | None = None) -> None:
        """`can_drill`: the viewer may open named lists and the month is the current one (the
        register list shows today's register, so past months' counts would not match it)."""
        self.metric = metric
        self.result = suppress_result(metric, result) if board else result
        self.period = period
        self.can_drill = can_drill
        self.board = board
        self.frozen = frozen

    def drill_href(self, split: str | None = None, category: str | None = None) -> str | None:
        metric = self.metric
        if not self.can_drill or (metric.drill is None and not metric.drill_splits):
            return None
        query = {"month": self.period.key}
        if split is not None:
            param = metric.drill_splits.get(split)
            if param is None or category is None:
                return None
            values = DRILL_VALUES.get(param)
            if values is not None and category not in values:
                return None
            query |= {"split": split, "value": category}
        elif metric.drill is None:
            return None
        return f"{reverse('dashboards:drill_down', args=[metric.id])}?{urlencode(query)}"

    def period_text(self) -> str:
        metric, period = self.metric, self.period
        if metric.period_type == "as_at":
            return f"As at {period.as_at.day} {period.as_at:%B %Y}"
        if metric.period_type == "quarter":
            return f"Latest financial quarter to {period.label}"
        if metric.period_type == "year":
            return f"Latest financial year to {period.label}"
        if period.is_complete:
            return period.label
        return f"{period.label} to {period.as_at.day} {period.as_at:%B}"

    def detail(self) -> str:
        r, unit = self.result, self.metric.unit
        if r.numerator is None or r.denominator is None:
            return ""
        if unit == Unit.PERCENT:
            return f"{fmt_number(r.numerator)} of {fmt_number(r.denominator)}"
        if unit == Unit.RATE_PER_MILLION:
            return (f"{fmt_number(r.numerator)} people; GP-registered population "
                    f"{fmt_number(r.denominator)}")
        if unit == Unit.DAYS:
            return f"Over {fmt_number(r.denominator)}"
        if unit == Unit.POUNDS:
            return f"Budget £{fmt_number(r.denominator)}"
        if unit == Unit.COUNT and self.metric.id in {"T1"}:
            return f"Against a plan of {fmt_number(r.denominator)}"
        return ""

    def splits(self) -> list[Split]:
        result = []
        for name, cells in self.result.splits.items():
            rows = [Row(_label(name, category), fmt_number(cells[category]),
                        self.drill_href(name, category) if cells[category] not in (0, "*")
                        else None)
                    for category in _ordered(name, cells)]
            result.append(Split(SPLIT_TITLES.get(name, name), rows))
        return result

    def tables(self) -> list[Table]:
        result = []
        for name, table in self.result.tables.items():
            rows_dim, cols_dim = name.split("__")
            columns = _ordered(cols_dim, {c: 0 for row in table.values() for c in row})
            head = [SPLIT_TITLES.get(rows_dim, rows_dim),
                    *(_label(cols_dim, c) for c in columns)]
            body = [[_label(rows_dim, r), *(fmt_number(table[r].get(c, 0)) for c in columns)]
                    for r in _ordered(rows_dim, table)]
            result.append(Table(f"{SPLIT_TITLES.get(rows_dim, rows_dim)} by "
                                f"{SPLIT_TITLES.get(cols_dim, cols_dim).lower()}", head, body))
        return result

    def rates(self) -> list[Row]:
        rows = []
        for name, part in self.result.rates.items():
            label = RATE_LABELS.get(name, name)
            if "discharge_month" in part:
                month = date.fromisoformat(part["discharge_month"])
                label = f"{label} (discharges in {month:%B %Y})"
            value = part.get("value")
            if self.metric.id == "T1":
                shown = (f"{fmt_number(part.get('actual', SUPPRESSED))} against a plan of "
                         f"{fmt_number(part.get('plan', SUPPRESSED))}")
                rows.append(Row(label, shown))
                continue
            display = "n/a" if value is None else (
                SUPPRESSED if value == SUPPRESSED else f"{float(value):.1f}%")
            detail = f"{fmt_number(part.get('numerator'))} of {fmt_number(part.get('denominator'))}"
            rows.append(Row(label, f"{display} ({detail})"))
        return rows

    def stats(self) -> list[Row]:
        rows = []
        for name, value in self.result.stats.items():
            if name in {"sources", "range_low", "range_high", "position", "discharge_month"}:
                continue
            if self.metric.id == "T2":
                rows.append(Row(RATE_LABELS.get(name, name), Rag(value).label))
                continue
            rows.append(Row(STAT_LABELS.get(name, name), fmt_number(value, decimals=1)))
        return rows

    def sources(self) -> list[dict[str, str]]:
        found = self.result.stats.get("sources") or {}
        return [
            {"label": str(ExternalFigureKey(key).label), "value": fmt_number(info["value"]),
             "period": info["period"], "source": info["source"],
             "latest": "Latest available: not for this period" if info.get(
                 "is_latest_available") else ""}
            for key, info in found.items()
        ]

    def target_text(self) -> str:
        stats = self.result.stats
        position = stats.get("position")
        if position and self.metric.target:
            return f"{self.metric.target}: {position} the range"
        return self.metric.target

    def view(self) -> FigureView:
        metric, result = self.metric, self.result
        tag = None
        if metric.unit == Unit.RAG and result.value:
            tag = rag_tag(str(result.value))
        return FigureView(
            metric=metric,
            display=format_value(metric, result.value),
            detail=self.detail(),
            note=result.note,
            available=result.available,
            period_text=self.period_text(),
            href=self.drill_href() if isinstance(result.value, int) and result.value else None,
            tag=tag,
            splits=self.splits(),
            tables=self.tables(),
            rates=self.rates(),
            stats=self.stats(),
            sources=self.sources(),
            frozen_display=(format_value(metric, self._frozen_value()) if self.frozen else None),
        )

    def _frozen_value(self) -> Any:
        assert self.frozen is not None  # noqa: S101 - only called when there is one
        value = self.frozen.frozen
        if self.board and self.metric.suppressible and isinstance(value, int):
            return suppress_count(value)
        return value


SECTION_ORDER = [Section.INPATIENTS, Section.FLOW, Section.REVIEWS, Section.COMMUNITY,
                 Section.QUALITY, Section.WINTERBOURNE, Section.TRAJECTORY]
HEADLINE_IDS = ["H1", "H2", "H3", "T2", "D1", "C8"]


@dataclass
class SectionView:
    id: str
    title: str
    figures: list[FigureView]
    charts: list[Chart]


class DashboardPresenter:
    def __init__(self, *, period: Period, today: date, live: dict[str, MetricResult],
                 differences: list[Difference], snapshot_taken: date | None,
                 trend: list[dict[str, Any]], plans: dict[tuple[date, str], int],
                 milestone_counts: dict[str, int], risks: list[ProgrammeRisk],
                 board: bool, can_drill: bool, baseline: int | None) -> None:
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
            metric.id: FigurePresenter(metric, live[metric.id], period=period, board=board,
                                       can_drill=can_drill,
                                       frozen=changed.get(metric.id)).view()
            for metric in METRICS
        }
        self.milestone_counts = milestone_counts
        self.risks = risks
        self.baseline = baseline

    # Suppression of chart and trend counts for board members.
    def _count(self, value: Any) -> Any:
        return suppress_count(value) if self.board and isinstance(value, int) else value

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
            Section.INPATIENTS: [self.inpatient_trend_chart(), self.bed_type_chart(),
                                 self.los_chart()],
            Section.FLOW: [self.flow_chart()],
            Section.COMMUNITY: [self.dsr_chart()],
            Section.TRAJECTORY: [self.trajectory_chart()],
        }
        return [
            SectionView(
                id=section.value, title=section.label,
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
            return {"H1": self.live["H1"].value, "H7": self.live["H7"].value,
                    "H8": self.live["H8"].value}.get(key)
        row = next((row for row in self.trend if row["month"] == month), None)
        return None if row is None else row.get(key)

    def inpatient_trend_chart(self) -> Chart:
        months = self._months(24)
        labels = [f"{m:%b %Y}" for m in months]
        totals = [self._count(self._series_value(m, "H1")) for m in months]
        by_type: dict[str, list[Any]] = {"ICB": [], "NHSE_SPEC": []}
        for month in months:
            split = (self.live["H1"].splits.get("commissioner_type", {})
                     if month == self.period.start else
                     next((row["H1_by_type"] or {} for row in self.trend
                           if row["month"] == month), None))
            for kind, values in by_type.items():
                values.append(None if split is None else self._count(split.get(kind, 0)))
        known = [(label, v) for label, v in zip(labels, totals, strict=True) if v is not None]
        summary = ("No month-end figures frozen yet." if len(known) < 2 else
                   f"Inpatients at month end: {fmt_number(known[0][1])} in {known[0][0]} and "
                   f"{fmt_number(known[-1][1])} in {known[-1][0]}.")
        return line_chart(
            id="chart-inpatients", title="Inpatients at month end, last 24 months",
            x_labels=labels, summary=summary,
            series=[("All inpatients", "app-chart__line--total", totals),
                    ("ICB", "app-chart__line--icb", by_type["ICB"]),
                    ("NHS England", "app-chart__line--nhse", by_type["NHSE_SPEC"])],
        )

    def _split_chart(self, *, id: str, title: str, metric_id: str, split: str,
                     noun: str) -> Chart:
        values = self.live[metric_id].splits.get(split, {})
        items = [(_label(split, c), self._count(values[c])) for c in _ordered(split, values)]
        if not items:
            summary = f"No {noun} at this date."
        else:
            numeric = [(label, v) for label, v in items if isinstance(v, int)]
            biggest = max(numeric, key=lambda item: item[1], default=None)
            summary = (f"Largest group: {biggest[0]} ({fmt_number(biggest[1])})."
                       if biggest else "All groups are small and hidden.")
        return bar_chart(id=id, title=title, items=items, summary=summary)

    def bed_type_chart(self) -> Chart:
        return self._split_chart(id="chart-bed-type", title="Inpatients by bed type",
                                 metric_id="H1", split="bed_type", noun="inpatients")

    def los_chart(self) -> Chart:
        return self._split_chart(id="chart-los", title="Inpatients by length of stay",
                                 metric_id="L1", split="los_band", noun="inpatients")

    def dsr_chart(self) -> Chart:
        return self._split_chart(id="chart-dsr", title="Dynamic support register by RAG",
                                 metric_id="C8", split="rag", noun="people on the DSR")

    def flow_chart(self) -> Chart:
        months = self._months(13)
        labels = [f"{m:%b %Y}" for m in months]
        admissions = [self._count(self._series_value(m, "H7")) for m in months]
        discharges = [self._count(self._series_value(m, "H8")) for m in months]
        return line_chart(
            id="chart-flow", title="Admissions and discharges, last 13 months",
            x_labels=labels,
            summary=(f"In {self.period.label}: {fmt_number(admissions[-1])} admissions and "
                     f"{fmt_number(discharges[-1])} discharges."),
            series=[("Admissions", "app-chart__line--icb", admissions),
                    ("Discharges", "app-chart__line--nhse", discharges)],
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
        latest = next(((m, a, p) for m, a, p in zip(reversed(months), reversed(actual),
                                                    reversed(planned), strict=True)
                       if isinstance(a, int) and p is not None), None)
        if latest is None:
            summary = "No planned trajectory to compare with yet."
        else:
            month, a, p = latest
            rag = trajectory_rag(a, p).label if not self.board else ""
            summary = (f"In {month:%B %Y}: {fmt_number(a)} inpatients against a plan of "
                       f"{fmt_number(p)} for {financial_quarter_label(quarter_start(month))}"
                       + (f" ({rag})." if rag else "."))
        return line_chart(id="chart-trajectory", title="Inpatients against the planned "
                          "trajectory, last 13 months", x_labels=labels, summary=summary,
                          series=[("Actual", "app-chart__line--total", actual),
                                  ("Plan", "app-chart__line--plan", planned)])

    # --- programme ---------------------------------------------------------------------
    def milestone_summary(self) -> list[Row]:
        return [Row(Rag(rag).label, fmt_number(self.milestone_counts.get(rag, 0)))
                for rag in (Rag.RED, Rag.AMBER, Rag.GREEN)]

    def risk_rows(self) -> list[dict[str, Any]]:
        return [
            {"risk": risk.risk, "owner": risk.owner,
             "inherent": rag_tag(risk.inherent_rag, label=f"{risk.inherent_rag.label} "
                                 f"({risk.inherent_score})"),
             "residual": rag_tag(risk.residual_rag, label=f"{risk.residual_rag.label} "
                                 f"({risk.residual_score})"),
             "review_date": risk.review_date}
            for risk in self.risks
        ]


def milestone_rag_tag(milestone: Milestone) -> dict[str, str] | None:
    """E15: a completed milestone shows GREEN with the label "Complete"."""
    rag = getattr(milestone, "rag", None)
    if milestone.completed_on and not milestone.rag_override:
        return rag_tag(Rag.GREEN, label="Complete")
    return rag_tag(rag)


__all__ = ["REGISTRY", "DashboardPresenter", "FigurePresenter", "milestone_rag_tag"]


def dashboard_presenter(*, partnership: Any, month: date, today: date, board: bool,
                        can_drill: bool) -> DashboardPresenter:
    """Gather the page's data (a fixed number of queries) and wrap it for display."""
    from . import selectors
    from .metrics.periods import month_start

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
        period=period, today=today, live=live, differences=differences,
        snapshot_taken=snapshot_taken, trend=trend,
        plans=selectors.plans_between(partnership, first, period.start),
        milestone_counts=selectors.milestone_rag_counts(partnership, today=today),
        risks=selectors.top_risks(partnership),
        board=board,
        can_drill=can_drill and period.start == month_start(today),
        baseline=partnership.baseline_inpatients_2015,
    )
