"""The board pack's sections (DOMAIN.md 8, sections 1 to 8) on top of the dashboard presenter in
board mode: every count of people shown here has been through the suppression rule."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from register.models import CommissionerType, Rag

from ..charts import Chart
from ..metrics.compute import trajectory_rag
from ..metrics.periods import financial_quarter_label, quarter_start
from ..metrics.suppression import SUPPRESSED, suppress_count, suppress_split
from .dashboard import DashboardPresenter
from .figures import FigureView, Table
from .labels import fmt_number

CATEGORIES = (CommissionerType.ICB.value, CommissionerType.NHSE_SPEC.value)
SHORT_NAMES = {"ICB": "ICB", "NHSE_SPEC": "NHS England"}
SUMMARY_RATES = ("H2", "H3", "H4", "H5")
SECTION_METRICS = {
    "inpatients": ["H1", "H6", "H9", "H10", "H11", "H12", "L1", "L2"],
    "flow": ["H7", "H8", "L3", "A3", "W1"],
    "delays": ["D1", "D2", "D3"],
    "reviews": ["C1", "C2", "C3", "C4", "C5", "C6", "C7"],
    "dsr": ["C8"],
    "quality": [
        "A1",
        "A2",
        "A4",
        "A5",
        "A6",
        *(f"Q{n}" for n in range(1, 15)),
        *(f"W{n}" for n in range(2, 9)),
    ],
    "trajectory": ["T1", "T2"],
}


@dataclass
class GroupedTable(Table):
    """A table whose columns come in groups (a first header row spanning each group)."""

    groups: list[tuple[str, int]] = field(default_factory=list)


@dataclass
class DataQuality:
    """What the pack's section 8 is given (raw counts; the presenter suppresses them)."""

    source: str
    by_rule: dict[str, int]
    rules: dict[str, tuple[str, str]]
    pending_nhs_number: int


@dataclass
class PackSection:
    number: int
    title: str
    intro: str = ""
    figures: list[FigureView] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)


@dataclass
class Change:
    label: str
    shown: str
    change: str


def _difference(now: Any, before: Any) -> str:
    """The change between two published (suppressed) counts: never finer than what is shown."""
    if not isinstance(now, int) or not isinstance(before, int):
        return SUPPRESSED if SUPPRESSED in (now, before) else "n/a"
    change = now - before
    if change == 0:
        return "no change"
    return f"{'up' if change > 0 else 'down'} {abs(change):,}"


class BoardPackPresenter:
    def __init__(
        self,
        *,
        dashboard: DashboardPresenter,
        previous_h1: int | None,
        previous_month: date,
        data_quality: DataQuality,
    ) -> None:
        assert dashboard.board  # noqa: S101 - the pack is for board members: suppressed only
        self.p = dashboard
        self.previous_h1 = previous_h1
        self.previous_month = previous_month
        self.data_quality = data_quality

    # --- 1 Summary ---------------------------------------------------------------------------
    def h1_changes(self) -> list[Change]:
        """H1 now, against last month and against the 2015 baseline (both suppressed first)."""
        now = suppress_count(self.p.live["H1"].value)
        rows = [Change(f"At the end of {self.p.period.start:%B %Y}", fmt_number(now), "")]
        if self.previous_h1 is None:
            rows.append(Change(f"At the end of {self.previous_month:%B %Y}", "No snapshot", "n/a"))
        else:
            before = suppress_count(self.previous_h1)
            rows.append(
                Change(
                    f"At the end of {self.previous_month:%B %Y}",
                    fmt_number(before),
                    _difference(now, before),
                )
            )
        if self.p.baseline is None:
            rows.append(Change("2015 baseline (March 2015)", "Not recorded", "n/a"))
        else:
            baseline = suppress_count(self.p.baseline)
            change = _difference(now, baseline)
            # H6 from the published figures, not the raw counts: a percentage of the exact
            # count would undo the rounding to 5 (the board could work the count back out).
            if isinstance(now, int) and isinstance(baseline, int) and baseline > 0:
                reduction = (baseline - now) / baseline * 100
                change += (
                    f" ({reduction:.1f}% reduction)"
                    if reduction >= 0
                    else f" ({-reduction:.1f}% more than in 2015)"
                )
            rows.append(Change("2015 baseline (March 2015)", fmt_number(baseline), change))
        return rows

    def summary_rates(self) -> list[FigureView]:
        return [self.p.figures[i] for i in SUMMARY_RATES]

    @property
    def trajectory(self) -> FigureView:
        return self.p.figures["T2"]

    # --- 2 to 6 ------------------------------------------------------------------------------
    def _figures(self, key: str) -> list[FigureView]:
        return [self.p.figures[i] for i in SECTION_METRICS[key]]

    def sections(self) -> list[PackSection]:
        p = self.p
        return [
            PackSection(
                2,
                "Inpatients",
                figures=self._figures("inpatients"),
                charts=[p.inpatient_trend_chart(), p.bed_type_chart(), p.los_chart()],
                tables=[
                    t for f in self._figures("inpatients") for t in f.tables if len(t.head) > 1
                ],
            ),
            PackSection(
                3,
                "Flow: admissions, discharges and delays",
                figures=self._figures("flow"),
                charts=[p.flow_chart()],
                tables=[self.delays_table()],
            ),
            PackSection(
                4,
                "Reviews, oversight and the dynamic support register",
                figures=self._figures("reviews"),
                charts=[p.dsr_chart()],
                tables=self.dsr_tables(),
            ),
            PackSection(5, "Quality of care and life", figures=self._figures("quality")),
            PackSection(
                6,
                "Trajectory",
                figures=self._figures("trajectory"),
                charts=[p.trajectory_chart()],
                tables=[self.trajectory_table()],
            ),
        ]

    def delays_table(self) -> Table:
        """D1-D3: delayed discharges by reason, with the total and the days waited."""
        d1, d2, d3 = (self.p.figures[i] for i in SECTION_METRICS["delays"])
        rows = [[row.label, row.display] for split in d3.splits for row in split.rows]
        rows.append(["All delayed discharges (D1)", d1.display])
        rows.append(["Days waited since clinically ready, all delays (D2)", d2.display])
        return Table(
            f"Delayed discharges by reason at the end of {self.p.period.start:%B %Y} (D1-D3)",
            ["Delay reason", "People"],
            rows,
        )

    def dsr_tables(self) -> list[Table]:
        """C8: people on the dynamic support register by RAG (and by age group)."""
        c8 = self.p.figures["C8"]
        by_rag = next((s for s in c8.splits if s.rows and s.title == "RAG"), None)
        rows = [[row.label, row.display] for row in (by_rag.rows if by_rag else [])]
        rows.append(["All people on the DSR", c8.display])
        rows += [[rate.label, rate.display] for rate in c8.rates]
        tables = [Table("Dynamic support register by RAG (C8)", ["RAG", "People"], rows)]
        return tables + c8.tables

    def trajectory_table(self) -> Table:
        """13 months of inpatients against the plan, per commissioner type and in total, with
        the month's RAG (T2's rule). A RAG is hidden wherever the count it rests on is."""
        p = self.p
        head = ["Month"]
        groups = [("", 1)]
        for category in (*CATEGORIES, "TOTAL"):
            name = "All inpatients" if category == "TOTAL" else SHORT_NAMES[category]
            groups.append((name, 3))
            head += ["Actual", "Plan", "RAG"]
        body = []
        for month in p._months(13):
            actual = self._actual_by_type(month)
            quarter = quarter_start(month)
            plans = {c: p.plans.get((quarter, c)) for c in CATEGORIES}
            row = [f"{month:%b %Y}"]
            if actual is None:
                shown: dict[str, Any] = {}
            else:
                shown = dict(suppress_split({c: actual.get(c, 0) for c in CATEGORIES}))
                shown["TOTAL"] = suppress_count(sum(actual.get(c, 0) for c in CATEGORIES))
            planned = [v for v in plans.values() if v is not None]
            plans_all = {**plans, "TOTAL": sum(planned) if planned else None}
            for category in (*CATEGORIES, "TOTAL"):
                plan = plans_all[category]
                if actual is None:
                    row += ["No snapshot", fmt_number(plan) if plan is not None else "No plan", ""]
                    continue
                raw = (
                    sum(actual.get(c, 0) for c in CATEGORIES)
                    if category == "TOTAL"
                    else actual.get(category, 0)
                )
                rag = ""
                if plan is not None:
                    rag = (
                        SUPPRESSED
                        if shown[category] == SUPPRESSED
                        else Rag(trajectory_rag(raw, plan)).label
                    )
                row += [
                    fmt_number(shown[category]),
                    fmt_number(plan) if plan is not None else "No plan",
                    rag,
                ]
            body.append(row)
        last = p.period.start
        return GroupedTable(
            f"Inpatients against the planned trajectory by month, {p._months(13)[0]:%B %Y} to "
            f"{last:%B %Y}. Plan: the planned inpatients for the month's financial quarter "
            f"(for {last:%B %Y}, {financial_quarter_label(quarter_start(last))}).",
            head,
            body,
            groups=groups,
        )

    def _actual_by_type(self, month: date) -> dict[str, int] | None:
        p = self.p
        if month == p.period.start:
            return dict(p.live["H1"].splits.get("commissioner_type", {}))
        row = next((r for r in p.trend if r["month"] == month), None)
        if row is None or row.get("H1_by_type") is None:
            return None
        return dict(row["H1_by_type"])

    # --- 8 Data quality ----------------------------------------------------------------------
    def data_quality_table(self) -> Table:
        dq = self.data_quality
        rows = [
            [code, level.capitalize(), text, fmt_number(suppress_count(dq.by_rule.get(code, 0)))]
            for code, (level, text) in dq.rules.items()
        ]
        return Table(
            "AT return validation findings by rule",
            ["Rule", "Level", "What is checked", "Findings"],
            rows,
        )

    @property
    def pending_nhs_number(self) -> str:
        return fmt_number(suppress_count(self.data_quality.pending_nhs_number))
