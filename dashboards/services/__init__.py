"""Every write of the dashboards app. Keyword-only, atomic, audited (STYLE.md 2)."""

from .figures import record_external_figure
from .plans import set_population, set_trajectory_plan
from .programme import create_milestone, create_risk, update_milestone, update_risk
from .snapshots import compute_figures, take_month_end_snapshot

__all__ = [
    "compute_figures",
    "create_milestone",
    "create_risk",
    "record_external_figure",
    "set_population",
    "set_trajectory_plan",
    "take_month_end_snapshot",
    "update_milestone",
    "update_risk",
]
