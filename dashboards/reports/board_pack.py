"""The monthly board pack (DOMAIN.md 8): aggregates only, from the month's final snapshot, with
small-number suppression applied to every count (the dashboard presenter in board mode).

No names, NHS numbers, dates of birth, postcodes, ward names or free text about individuals: the
pack reads nothing but the snapshot's figures, the plans and the programme's milestones and risks.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string

from accounts.models import Partnership

from .. import selectors
from ..metrics import Period
from ..metrics.core import MetricResult
from ..metrics.periods import add_months, month_start
from ..metrics.registry import METRICS
from ..models import MonthlySnapshot
from ..presenters.dashboard import DashboardPresenter

SVG_OPEN = re.compile(r"<svg\b[^>]*>")
CSS_FILE = Path(settings.BASE_DIR) / "static" / "css" / "app.css"


def chart_css() -> str:
    lines = CSS_FILE.read_text(encoding="utf-8").splitlines()
    return "\n".join(line for line in lines if line.startswith(".app-chart"))


def pack_presenter(*, snapshot: MonthlySnapshot, today: date) -> DashboardPresenter:
    partnership = snapshot.partnership
    period = Period.month(snapshot.month, today=today)
    frozen = {key: MetricResult.from_json(value) for key, value in snapshot.figures.items()}
    return DashboardPresenter(
        period=period,
        today=today,
        live=frozen,
        differences=[],
        snapshot_taken=snapshot.computed_at.date(),
        trend=selectors.trend_rows(partnership, last=period.start, months=24),
        plans=selectors.plans_between(partnership, add_months(period.start, -12), period.start),
        milestone_counts=selectors.milestone_rag_counts(partnership, today=today),
        risks=selectors.top_risks(partnership),
        board=True,
        can_drill=False,
        baseline=partnership.baseline_inpatients_2015,
    )


def render_board_pack_html(
    *, partnership: Partnership, snapshot: MonthlySnapshot, version: int, today: date
) -> str:
    presenter = pack_presenter(snapshot=snapshot, today=today)
    previous_month = add_months(month_start(snapshot.month), -1)
    before = selectors.frozen_figures(partnership, previous_month)
    previous = (
        {f.id: f for f in pack_presenter(snapshot=before, today=today).headline()}
        if before is not None
        else {}
    )
    return render_to_string(
        "reports/board_pack.jinja",
        {
            "p": presenter,
            "partnership": partnership,
            "month": month_start(snapshot.month),
            "version": version,
            "previous_month": previous_month,
            "previous": previous,
            "snapshot": snapshot,
            "glossary": [m for m in METRICS if m.id in snapshot.figures],
            "chart_css": chart_css(),
            "generated_on": today,
        },
    )


def render_board_pack_pdf(
    *, partnership: Partnership, snapshot: MonthlySnapshot, version: int, today: date
) -> bytes:
    from weasyprint import HTML  # heavy import, only where a pack is made

    html = render_board_pack_html(
        partnership=partnership, snapshot=snapshot, version=version, today=today
    )
    # WeasyPrint draws inline SVG on its own: give each chart its stylesheet inside the <svg>.
    styled = SVG_OPEN.sub(lambda m: f"{m.group(0)}<style>{chart_css()}</style>", html)
    return HTML(string=styled, base_url=str(settings.BASE_DIR)).write_pdf(pdf_variant="pdf/ua-1")
