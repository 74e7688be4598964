"""The monthly board pack (DOMAIN.md 8): aggregates only, from the month's final snapshot, with
small-number suppression applied to every count (the dashboard presenter in board mode).

No names, NHS numbers, dates of birth, postcodes, ward names or free text about individuals: the
pack shows the snapshot's figures, the plans, the programme's milestones and risks, and counts
of data-quality findings (section 8: the AT validation's findings by rule and the records
waiting for an NHS number trace, all suppressed); nothing person-level reaches the template.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string

from accounts.models import Partnership
from register.models import NoNhsNumberReason, Person

from .. import selectors
from ..metrics import Period
from ..metrics.core import MetricResult
from ..metrics.periods import add_months, month_start
from ..metrics.registry import METRICS
from ..models import MonthlySnapshot, ReportKind, ReportRun, RunStatus
from ..presenters.board_pack import BoardPackPresenter, DataQuality
from ..presenters.dashboard import DashboardPresenter
from .at_return import RULES, build_at_return

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


def data_quality(*, partnership: Partnership, month: date) -> DataQuality:
    """Section 8: AT validation findings by rule, from the month's current AT return run when
    one has been made (the schedule makes it half an hour before the pack), else worked out now
    by the same validation code; and the people whose NHS number is waiting for a trace."""
    period = month_start(month)
    run = (
        ReportRun.objects.for_partnership(partnership)
        .filter(
            kind=ReportKind.AT_RETURN, period=period, is_current=True, status=RunStatus.SUCCEEDED
        )
        .first()
    )
    if run is not None and "by_rule" in run.summary:
        by_rule = dict(run.summary["by_rule"])
        made = run.finished_at or run.requested_at
        source = (
            f"From AT return version {run.version} for {period:%B %Y}, made "
            f"{made:%d %B %Y}{', marked as submitted' if run.is_submitted else ''}."
        )
    else:
        counts: dict[str, int] = {}
        for finding in build_at_return(partnership=partnership, month=period).findings:
            counts[finding.code] = counts.get(finding.code, 0) + 1
        by_rule = counts
        source = (
            f"No AT return had been made for {period:%B %Y} when this pack was made: the "
            "findings were worked out by the same validation, from the records as they were then."
        )
    pending = (
        Person.objects.for_partnership(partnership)
        .filter(nhs_number__isnull=True, nhs_number_absent_reason=NoNhsNumberReason.PENDING_TRACE)
        .count()
    )
    return DataQuality(source=source, by_rule=by_rule, rules=RULES, pending_nhs_number=pending)


def render_board_pack_html(
    *, partnership: Partnership, snapshot: MonthlySnapshot, version: int, today: date
) -> str:
    presenter = pack_presenter(snapshot=snapshot, today=today)
    previous_month = add_months(month_start(snapshot.month), -1)
    before = selectors.frozen_figures(partnership, previous_month)
    previous_h1 = before.figures.get("H1", {}).get("value") if before is not None else None
    pack = BoardPackPresenter(
        dashboard=presenter,
        previous_h1=previous_h1,
        previous_month=previous_month,
        data_quality=data_quality(partnership=partnership, month=snapshot.month),
    )
    return render_to_string(
        "reports/board_pack.jinja",
        {
            "p": presenter,
            "pack": pack,
            "partnership": partnership,
            "month": month_start(snapshot.month),
            "version": version,
            "previous_month": previous_month,
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
