"""The shape of a metric definition and of its computed figures."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from django.db import models

if TYPE_CHECKING:
    from .context import MetricContext


class Unit(models.TextChoices):
    COUNT = "count", "Number of people"
    EVENTS = "events", "Number of events"
    RATE_PER_MILLION = "per_million", "Rate per million population"
    PERCENT = "percent", "Percentage"
    DAYS = "days", "Days"
    POUNDS = "pounds", "Pounds"
    REPORTED = "reported", "Figure as reported"
    RAG = "rag", "Red, amber or green"


class PeriodType(models.TextChoices):
    AS_AT = "as_at", "As at month end"
    MONTH = "month", "In the month"
    QUARTER = "quarter", "Financial quarter"
    YEAR = "year", "Financial year"


class Section(models.TextChoices):
    INPATIENTS = "inpatients", "Inpatients"
    FLOW = "flow", "Admissions and discharges"
    REVIEWS = "reviews", "Reviews and oversight"
    COMMUNITY = "community", "Community and dynamic support register"
    QUALITY = "quality", "Quality indicators"
    TRAJECTORY = "trajectory", "Trajectory"
    WINTERBOURNE = "winterbourne", "Winterbourne View measures"


Number = int | float


@dataclass
class MetricResult:
    """Computed figures for one metric, partnership and period. JSON-safe (snapshots store it).

    splits and tables hold counts of people (suppressed for board members when the metric is
    suppressible); rates hold sub-figures with their own numerator and denominator; stats hold
    other numbers (medians, days) that are hidden when the headline's denominator is.
    """

    value: Number | str | None = None
    numerator: Number | None = None
    denominator: Number | None = None
    splits: dict[str, dict[str, Number]] = field(default_factory=dict)
    tables: dict[str, dict[str, dict[str, Number]]] = field(default_factory=dict)
    rates: dict[str, dict[str, Any]] = field(default_factory=dict)
    stats: dict[str, Any] = field(default_factory=dict)
    note: str = ""
    available: bool = True

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> MetricResult:
        known = {name: data[name] for name in cls.__dataclass_fields__ if name in data}
        return cls(**known)


def pct(numerator: Number | None, denominator: Number | None) -> float | None:
    if numerator is None or not denominator:
        return None
    return 100.0 * numerator / denominator


def rate(numerator: Number | None, denominator: Number | None, **extra: Any) -> dict[str, Any]:
    return {
        "numerator": numerator,
        "denominator": denominator,
        "value": pct(numerator, denominator),
        **extra,
    }


@dataclass(frozen=True)
class Metric:
    """One registry entry (DOMAIN.md 5): what is counted, over what, for which period."""

    id: str
    title: str
    description: str
    numerator: str
    denominator: str
    unit: Unit
    period_type: PeriodType
    source: str
    section: Section
    compute: Callable[[MetricContext], MetricResult]
    suppressible: bool = True  # numerator, splits and tables count people
    denominator_is_count: bool = True  # the denominator counts people (suppressible too)
    target: str = ""
    drill: dict[str, str] | None = None  # register filters for the headline count
    drill_splits: dict[str, str] = field(default_factory=dict)  # split name -> filter name
    needs: str = ""  # what must exist before the metric can be computed (C1-C7: reviews)
