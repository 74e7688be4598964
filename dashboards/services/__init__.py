"""Every write of the dashboards app. Keyword-only, atomic, audited (STYLE.md 2)."""

from .figures import record_external_figure
from .plans import set_population, set_trajectory_plan
from .programme import create_milestone, create_risk, update_milestone, update_risk
from .reports import (
    mark_submitted,
    record_download,
    request_run,
    run_report,
    send_board_pack_email,
)
from .snapshots import compute_figures, take_month_end_snapshot

__all__ = [
    "compute_figures",
    "create_milestone",
    "create_risk",
    "mark_submitted",
    "record_download",
    "record_external_figure",
    "request_run",
    "run_report",
    "send_board_pack_email",
    "set_population",
    "set_trajectory_plan",
    "take_month_end_snapshot",
    "update_milestone",
    "update_risk",
]
