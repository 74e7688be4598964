from .calendar import CalendarDay
from .figures import EXTERNAL_FIGURES, ExternalFigure, ExternalFigureKey, FigurePeriod
from .programme import (
    Level,
    Milestone,
    MilestoneRevision,
    ProgrammeRisk,
    RiskRevision,
    RiskStatus,
    TrajectoryPlan,
)
from .reports import ReportKind, ReportRun, RunStatus
from .snapshots import MonthlySnapshot, SnapshotStatus

__all__ = [
    "EXTERNAL_FIGURES",
    "CalendarDay",
    "ExternalFigure",
    "ExternalFigureKey",
    "FigurePeriod",
    "Level",
    "Milestone",
    "MilestoneRevision",
    "MonthlySnapshot",
    "ProgrammeRisk",
    "ReportKind",
    "ReportRun",
    "RiskRevision",
    "RiskStatus",
    "RunStatus",
    "SnapshotStatus",
    "TrajectoryPlan",
]
