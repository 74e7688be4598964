"""Display logic for the dashboard pages (STYLE.md 12): templates print what these give them."""

from .dashboard import DashboardPresenter, dashboard_presenter, milestone_rag_tag
from .figures import FigurePresenter, FigureView
from .labels import RAG_TAG_CLASSES, fmt_number, format_value, rag_tag

__all__ = [
    "RAG_TAG_CLASSES",
    "DashboardPresenter",
    "FigurePresenter",
    "FigureView",
    "dashboard_presenter",
    "fmt_number",
    "format_value",
    "milestone_rag_tag",
    "rag_tag",
]
