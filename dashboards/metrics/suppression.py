"""Small-number suppression for board members and the board pack (DOMAIN.md 8, E14).

A count of people in 1..SUPPRESS_MAX is shown as "*", zero as 0, any other count rounded to the
nearest ROUND_TO. A rate whose numerator or denominator is suppressed is "*". Secondary
suppression: where exactly one cell of a row or column with a published total is suppressed,
the next smallest cell is suppressed too, so the hidden value cannot be worked out by subtraction.
Commissioners, who may see named data, get unsuppressed figures.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from copy import deepcopy
from typing import Any

from django.conf import settings

from .core import Metric, MetricResult, Unit

SUPPRESSED = "*"


def suppress_count(value: int | float | None) -> int | str | None:
    if value is None:
        return None
    count = int(value)
    if count == 0:
        return 0
    if 0 < count <= settings.SUPPRESS_MAX:
        return SUPPRESSED
    step = settings.ROUND_TO
    return int(math.floor(count / step + 0.5) * step)


def _is_hidden(value: Any) -> bool:
    return value == SUPPRESSED


def _hide_next_smallest(cells: dict[Any, Any], raw: Mapping[Any, int]) -> bool:
    """If exactly one cell is hidden, hide the smallest other non-zero cell. True if changed."""
    hidden = [key for key, value in cells.items() if _is_hidden(value)]
    if len(hidden) != 1:
        return False
    candidates = [key for key, value in cells.items() if not _is_hidden(value) and raw[key] > 0]
    if not candidates:
        return False
    smallest = min(candidates, key=lambda key: (raw[key], str(key)))
    cells[smallest] = SUPPRESSED
    return True


def suppress_split(cells: Mapping[str, int]) -> dict[str, int | str | None]:
    """One row of counts with a published total: primary, then secondary suppression."""
    shown = {key: suppress_count(value) for key, value in cells.items()}
    _hide_next_smallest(shown, cells)
    return shown


def suppress_table(table: Mapping[str, Mapping[str, int]]) -> dict[str, dict[str, Any]]:
    """A two-way table whose rows and columns have totals: secondary suppression is repeated
    across rows and columns until no row or column has exactly one hidden cell."""
    raw = {(r, c): value for r, row in table.items() for c, value in row.items()}
    shown: dict[tuple[str, str], Any] = {key: suppress_count(value) for key, value in raw.items()}
    rows = {r for r, _ in raw}
    columns = {c for _, c in raw}
    changed = True
    while changed:
        changed = False
        for line in [[k for k in raw if k[0] == r] for r in rows] + [
            [k for k in raw if k[1] == c] for c in columns
        ]:
            cells = {key: shown[key] for key in line}
            if _hide_next_smallest(cells, raw):
                shown.update(cells)
                changed = True
    result: dict[str, dict[str, Any]] = {}
    for (r, c), value in shown.items():
        result.setdefault(r, {})[c] = value
    return result


def _suppress_rate(part: dict[str, Any], *, numerator: bool, denominator: bool) -> dict[str, Any]:
    shown = dict(part)
    if numerator and "numerator" in part:
        shown["numerator"] = suppress_count(part["numerator"])
    if denominator and "denominator" in part:
        shown["denominator"] = suppress_count(part["denominator"])
    if _is_hidden(shown.get("numerator")) or _is_hidden(shown.get("denominator")):
        shown["value"] = SUPPRESSED
        for key in ("actual", "plan"):
            shown.pop(key, None)
    return shown


def _suppress_trajectory(result: MetricResult) -> MetricResult:
    """T1: the inpatients compared with the plan are counts of people, so each category's actual
    is suppressed, and its variance is taken from the figure shown (never finer than it)."""
    shown = deepcopy(result)
    for part in shown.rates.values():
        actual = suppress_count(part.get("actual"))
        part["actual"] = actual
        if actual == SUPPRESSED or not isinstance(actual, int):
            part["numerator"] = part["value"] = SUPPRESSED
        else:
            part["numerator"] = actual - part["plan"]
            part["value"] = 100.0 * part["numerator"] / part["plan"] if part["plan"] else None
    total = shown.rates.get("TOTAL")
    if total is not None:
        shown.value = shown.numerator = total["numerator"]
    return shown


def suppress_result(metric: Metric, result: MetricResult) -> MetricResult:
    """The board-member view of a metric's figures."""
    if metric.id == "T1":
        return _suppress_trajectory(result)
    shown = deepcopy(result)
    if metric.suppressible:
        shown.numerator = suppress_count(result.numerator)  # type: ignore[assignment]
        shown.splits = {name: suppress_split(cells) for name, cells in result.splits.items()}
        shown.tables = {name: suppress_table(table) for name, table in result.tables.items()}
        shown.rates = {
            name: _suppress_rate(part, numerator=True, denominator=True)
            for name, part in result.rates.items()
        }
    if metric.denominator_is_count:
        shown.denominator = suppress_count(result.denominator)  # type: ignore[assignment]
    if metric.suppressible and metric.unit == Unit.COUNT and isinstance(result.value, int):
        shown.value = suppress_count(result.value)
    if _is_hidden(shown.numerator) or _is_hidden(shown.denominator):
        shown.value = SUPPRESSED
        shown.stats = {
            key: SUPPRESSED if isinstance(value, int | float) else value
            for key, value in result.stats.items()
        }
    return shown
