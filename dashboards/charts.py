"""Server-side charts: Python works out the geometry, Jinja macros (templates/components/
charts.jinja) draw it as inline SVG (ADR 0016). No JavaScript, no dependency; the board pack
uses the same macros. Every chart carries a text summary and a table alternative.

Values may be "*" (suppressed for board members): such a bar or point is not drawn, and the
table says "*".
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

WIDTH = 640
HEIGHT = 260
LEFT, RIGHT, TOP, BOTTOM = 48, 16, 16, 56


@dataclass
class Bar:
    label: str
    display: str
    x: float
    y: float
    width: float
    height: float
    css: str = "app-chart__bar"


@dataclass
class Tick:
    value: float
    label: str
    y: float


@dataclass
class Series:
    name: str
    css: str
    path: str
    points: list[tuple[float, float, str]]  # x, y, display


@dataclass
class Chart:
    id: str
    title: str
    summary: str
    width: int = WIDTH
    height: int = HEIGHT
    bars: list[Bar] = field(default_factory=list)
    series: list[Series] = field(default_factory=list)
    ticks: list[Tick] = field(default_factory=list)
    x_labels: list[tuple[float, str]] = field(default_factory=list)
    table_head: list[str] = field(default_factory=list)
    table_rows: list[list[str]] = field(default_factory=list)
    baseline_y: float = HEIGHT - BOTTOM
    plot_left: float = LEFT
    plot_right: float = WIDTH - RIGHT
    orientation: str = "vertical"  # bars: "horizontal"; lines: "vertical" value axis


def _numeric(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) else None


def _display(value: Any) -> str:
    if value is None:
        return "n/a"
    if isinstance(value, float):
        return f"{value:,.1f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def _axis(values: list[float]) -> tuple[float, float]:
    """A round axis: (top, step) with step 1, 2 or 5 x 10^n and at most 5 steps."""
    biggest = max(values, default=0.0)
    if biggest <= 0:
        return 1.0, 1.0
    magnitude = 1.0
    while magnitude * 10 <= biggest:
        magnitude *= 10
    while magnitude > biggest and magnitude > 1:
        magnitude /= 10
    for step in (magnitude * m for m in (0.1, 0.2, 0.5, 1, 2, 5, 10)):
        if step < 1 and biggest >= 1:
            continue
        steps = math.ceil(biggest / step)
        if steps <= 5:
            return steps * step, step
    return biggest, biggest


def _ticks(top: float, step: float, *, to_y: Any) -> list[Tick]:
    count = round(top / step)
    return [
        Tick(value=i * step, label=_display(_round(i * step)), y=to_y(i * step))
        for i in range(count + 1)
    ]


def _round(value: float) -> int | float:
    return int(value) if float(value).is_integer() else round(value, 1)


BAR_ROW = 30
LABEL_WIDTH = 230


def bar_chart(
    *,
    id: str,
    title: str,
    items: list[tuple[str, Any]],
    summary: str,
    value_heading: str = "Number",
) -> Chart:
    """Horizontal bars, one row per (label, value): long category names stay readable."""
    numbers = [v for _, value in items if (v := _numeric(value)) is not None]
    top, step = _axis(numbers)
    left, right = LABEL_WIDTH, WIDTH - 56
    height = TOP + BAR_ROW * max(len(items), 1) + 28
    baseline = height - 28

    def to_x(value: float) -> float:
        return left + (right - left) * value / top

    chart = Chart(
        id=id,
        title=title,
        summary=summary,
        height=height,
        baseline_y=baseline,
        plot_left=left,
        plot_right=right,
        table_head=["Category", value_heading],
        orientation="horizontal",
    )
    chart.ticks = [
        Tick(value=t.value, label=t.label, y=to_x(t.value))
        for t in _ticks(top, step, to_y=lambda v: 0.0)
    ]
    for index, (label, value) in enumerate(items):
        number = _numeric(value)
        y = TOP + BAR_ROW * index + 5
        width = 0.0 if number is None else to_x(number) - left
        chart.bars.append(
            Bar(label=label, display=_display(value), x=left, y=y, width=width, height=BAR_ROW - 10)
        )
        chart.table_rows.append([label, _display(value)])
    return chart


def line_chart(
    *,
    id: str,
    title: str,
    x_labels: list[str],
    series: list[tuple[str, str, list[Any]]],
    summary: str,
) -> Chart:
    """Lines over months: series are (name, css class, values aligned with x_labels)."""
    plot_height = HEIGHT - TOP - BOTTOM
    plot_width = WIDTH - LEFT - RIGHT
    numbers = [
        v for _, _, values in series for value in values if (v := _numeric(value)) is not None
    ]
    top, tick_step = _axis(numbers)
    step = plot_width / max(len(x_labels) - 1, 1)
    chart = Chart(
        id=id,
        title=title,
        summary=summary,
        ticks=_ticks(top, tick_step, to_y=lambda v: TOP + plot_height - plot_height * v / top),
        table_head=["Month", *(name for name, _, _ in series)],
    )
    every = max(1, len(x_labels) // 8)
    for index, label in enumerate(x_labels):
        if index % every == 0 or index == len(x_labels) - 1:
            chart.x_labels.append((LEFT + step * index, label))
    for name, css, values in series:
        points = []
        commands = []
        pen_down = False
        for index, value in enumerate(values):
            number = _numeric(value)
            if number is None:
                pen_down = False
                continue
            x = LEFT + step * index
            y = TOP + plot_height - plot_height * number / top
            commands.append(f"{'L' if pen_down else 'M'}{x:.1f} {y:.1f}")
            pen_down = True
            points.append((round(x, 1), round(y, 1), _display(value)))
        chart.series.append(Series(name=name, css=css, path=" ".join(commands), points=points))
    for index, label in enumerate(x_labels):
        chart.table_rows.append([label, *(_display(values[index]) for _, _, values in series)])
    return chart
