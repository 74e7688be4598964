"""One metric's figures for one viewer: suppressed for board members, with drill-down links."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any
from urllib.parse import urlencode

from django.urls import reverse

from register.models import (
    Rag,
)

from ..metrics import Metric, MetricResult, Period, Unit
from ..metrics.registry import DRILL_VALUES
from ..metrics.suppression import SUPPRESSED, suppress_count, suppress_result
from ..models import ExternalFigureKey
from ..selectors import Difference
from .labels import (
    RATE_LABELS,
    SPLIT_TITLES,
    STAT_LABELS,
    fmt_number,
    format_value,
    label_of,
    ordered,
    rag_tag,
)


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
    target: str = ""

    @property
    def id(self) -> str:
        return self.metric.id


class FigurePresenter:
    """One metric's figures for one viewer: suppressed for board members, with drill-down links
    for people who may see the named list behind a count."""

    def __init__(
        self,
        metric: Metric,
        result: MetricResult,
        *,
        period: Period,
        board: bool,
        can_drill: bool,
        frozen: Difference | None = None,
    ) -> None:
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
        if self.metric.id == "H6":
            return f"Against {fmt_number(r.denominator)} inpatients in March 2015"
        if unit == Unit.PERCENT:
            return f"{fmt_number(r.numerator)} of {fmt_number(r.denominator)}"
        if unit == Unit.RATE_PER_MILLION:
            return (
                f"{fmt_number(r.numerator)} people; GP-registered population "
                f"{fmt_number(r.denominator)}"
            )
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
            rows = [
                Row(
                    label_of(name, category),
                    fmt_number(cells[category]),
                    self.drill_href(name, category) if cells[category] not in (0, "*") else None,
                )
                for category in ordered(name, cells)
            ]
            result.append(Split(SPLIT_TITLES.get(name, name), rows))
        return result

    def tables(self) -> list[Table]:
        result = []
        for name, table in self.result.tables.items():
            rows_dim, cols_dim = name.split("__")
            columns = ordered(cols_dim, {c: 0 for row in table.values() for c in row})
            head = [SPLIT_TITLES.get(rows_dim, rows_dim), *(label_of(cols_dim, c) for c in columns)]
            body = [
                [label_of(rows_dim, r), *(fmt_number(table[r].get(c, 0)) for c in columns)]
                for r in ordered(rows_dim, table)
            ]
            result.append(
                Table(
                    f"{SPLIT_TITLES.get(rows_dim, rows_dim)} by "
                    f"{SPLIT_TITLES.get(cols_dim, cols_dim).lower()}",
                    head,
                    body,
                )
            )
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
                shown = (
                    f"{fmt_number(part.get('actual', SUPPRESSED))} against a plan of "
                    f"{fmt_number(part.get('plan', SUPPRESSED))}"
                )
                rows.append(Row(label, shown))
                continue
            display = (
                "n/a"
                if value is None
                else (SUPPRESSED if value == SUPPRESSED else f"{float(value):.1f}%")
            )
            detail = f"{fmt_number(part.get('numerator'))} of {fmt_number(part.get('denominator'))}"
            rows.append(Row(label, f"{display} ({detail})"))
        return rows

    def stats(self) -> list[Row]:
        rows = []
        for name, value in self.result.stats.items():
            if name in {"sources", "range_low", "range_high", "position", "discharge_month"}:
                continue
            if name == "review_month":
                month = date.fromisoformat(value)
                rows.append(Row("Reviews held in", f"{month:%B %Y}"))
                continue
            if self.metric.id == "T2":
                rows.append(Row(RATE_LABELS.get(name, name), Rag(value).label))
                continue
            rows.append(Row(STAT_LABELS.get(name, name), fmt_number(value, decimals=1)))
        return rows

    def sources(self) -> list[dict[str, str]]:
        found = self.result.stats.get("sources") or {}
        return [
            {
                "label": str(ExternalFigureKey(key).label),
                "value": fmt_number(info["value"]),
                "period": info["period"],
                "source": info["source"],
                "latest": "Latest available: not for this period"
                if info.get("is_latest_available")
                else "",
            }
            for key, info in found.items()
        ]

    def target_text(self) -> str:
        stats = self.result.stats
        position = stats.get("position")
        if not position or not self.metric.target:
            return self.metric.target
        if stats.get("range_low") is None:  # a ceiling, not a range (H4)
            verdict = "above the target" if position == "above" else "meets the target"
        else:
            verdict = f"{position} the range"
        return f"{self.metric.target}: {verdict}"

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
            target=self.target_text(),
            frozen_display=(format_value(metric, self._frozen_value()) if self.frozen else None),
        )

    def _frozen_value(self) -> Any:
        assert self.frozen is not None  # noqa: S101 - only called when there is one
        value = self.frozen.frozen
        if self.board and self.metric.suppressible and isinstance(value, int):
            return suppress_count(value)
        return value
