"""Helpers shared by the compute functions: entered figures, register shares."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ...models import EXTERNAL_FIGURES, ExternalFigureKey
from ..context import MetricContext
from ..core import MetricResult, pct, rate
from ..periods import financial_year_start, month_start, quarter_start

SECURE = ["LOW", "MEDIUM", "HIGH"]
H1_SPLITS = (
    "commissioner_type",
    "bed_type",
    "age_group",
    "area",
    "los_band",
    "cohort",
    "legal_status",
)
H1_TABLES = (
    ("commissioner_type", "bed_type"),
    ("area", "bed_type"),
    ("commissioner_type", "area"),
    ("commissioner_type", "cohort"),
    ("commissioner_type", "los_band"),
    ("commissioner_type", "age_group"),
)


def table_key(rows: str, columns: str) -> str:
    return f"{rows}__{columns}"


def not_available(reason: str) -> Callable[[MetricContext], MetricResult]:
    def compute(ctx: MetricContext) -> MetricResult:
        return MetricResult(available=False, note=f"Not yet available: needs {reason}.")

    return compute


def register_share_of(flag: str) -> Callable[[MetricContext], MetricResult]:
    def compute(ctx: MetricContext) -> MetricResult:
        return register_share(ctx, flag)

    return compute


def external(ctx: MetricContext, key: str) -> tuple[float | None, dict[str, Any] | None]:
    """An entered figure for the period containing the month, or for a quarter or year the latest
    before it (a register size stands until the next is entered). A monthly figure (budget,
    expenditure) belongs to its own month only."""
    figure = ctx.external.get(key)
    if figure is None:
        return None, None
    kind = EXTERNAL_FIGURES[key].period
    month = month_start(ctx.as_at)
    covering = {
        "MONTH": month,
        "QUARTER": quarter_start(month),
        "YEAR": month.replace(month=4, day=1, year=financial_year_start(month)),
    }[kind]
    if kind == "MONTH" and figure["period"] != covering.isoformat():
        return None, None
    return figure["value"], {
        **figure,
        "is_latest_available": figure["period"] != covering.isoformat(),
    }


def entered_figures(ctx: MetricContext, *keys: str) -> tuple[dict[str, Any], str]:
    sources = {}
    missing = []
    for key in keys:
        _, info = external(ctx, key)
        if info is None:
            missing.append(str(ExternalFigureKey(key).label))
        else:
            sources[key] = info
    note = f"n/a: not entered yet: {'; '.join(missing)}." if missing else ""
    return sources, note


def register_share(ctx: MetricContext, flag: str, base: str = "people") -> MetricResult:
    """An indicator over people on the register, with inpatient and community rates."""
    c = ctx.community
    return MetricResult(
        value=pct(c[f"all__{flag}"], c[f"all__{base}"]),
        numerator=c[f"all__{flag}"],
        denominator=c[f"all__{base}"],
        rates={
            group: rate(c[f"{group}__{flag}"], c[f"{group}__{base}"])
            for group in ("inpatient", "community")
        },
    )
