"""The metric layer: registry, periods, query groups and suppression (DOMAIN.md 5, 8)."""

from .context import MetricContext
from .core import Metric, MetricResult, PeriodType, Section, Unit
from .periods import Period
from .registry import METRICS, REGISTRY, compute_all, compute_metric
from .suppression import suppress_count, suppress_result, suppress_split, suppress_table

__all__ = [
    "METRICS",
    "REGISTRY",
    "Metric",
    "MetricContext",
    "MetricResult",
    "Period",
    "PeriodType",
    "Section",
    "Unit",
    "compute_all",
    "compute_metric",
    "suppress_count",
    "suppress_result",
    "suppress_split",
    "suppress_table",
]
