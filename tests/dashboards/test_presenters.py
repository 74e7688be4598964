"""Display rules the page relies on: board charts suppressed like the tables, formats, E15."""

import datetime as dt

from dashboards.metrics import METRICS, REGISTRY, MetricResult, Period
from dashboards.models import Milestone
from dashboards.presenters import DashboardPresenter, FigurePresenter, milestone_rag_tag

PERIOD = Period.month(dt.date(2026, 3, 1), today=dt.date(2026, 4, 2))


def _page(board, h1):
    live = {metric.id: MetricResult() for metric in METRICS} | {"H1": h1}
    return DashboardPresenter(
        period=PERIOD,
        today=dt.date(2026, 4, 2),
        live=live,
        differences=[],
        snapshot_taken=None,
        trend=[],
        plans={},
        milestone_counts={},
        risks=[],
        board=board,
        can_drill=False,
        baseline=None,
    )


def test_board_charts_apply_secondary_suppression_like_the_tables():
    h1 = MetricResult(
        value=45,
        numerator=45,
        splits={"bed_type": {"AT_UNIT": 3, "LOCKED_REHAB": 12, "ACUTE_MH": 30}},
    )
    board = _page(True, h1).bed_type_chart()
    assert [row[1] for row in board.table_rows] == ["*", "30", "*"]
    assert board.summary == "Largest group: Mainstream mental health ward (30)."
    commissioner = _page(False, h1).bed_type_chart()
    assert [row[1] for row in commissioner.table_rows] == ["3", "30", "12"]


def test_formats_per_unit():
    def shown(metric_id, **fields):
        return FigurePresenter(
            REGISTRY[metric_id], MetricResult(**fields), period=PERIOD, board=False, can_drill=False
        ).view()

    h2 = shown(
        "H2",
        value=26.2068,
        numerator=38,
        denominator=1_450_000,
        stats={"range_low": 10, "range_high": 15, "position": "above"},
    )
    assert (h2.display, h2.detail) == (
        "26.2 per million",
        "38 people; GP-registered population 1,450,000",
    )
    assert h2.target == "Planning range 10 to 15 per million: above the range"
    assert shown("A1", value=50.0, numerator=30, denominator=60).detail == "30 of 60"
    assert shown("L3", value=175.0, numerator=525, denominator=3).display == "175 days"
    assert shown("T2", value="AMBER").tag == {"text": "Amber", "classes": "nhsuk-tag--orange"}
    assert shown("H2", note="n/a: enter the population").display == "n/a"


def test_e15_a_completed_milestone_is_green_labelled_complete():
    done = Milestone(completed_on=dt.date(2026, 6, 20), due_date=dt.date(2026, 6, 30))
    done.rag = "GREEN"
    assert milestone_rag_tag(done) == {"text": "Complete", "classes": "nhsuk-tag--green"}
    late = Milestone(due_date=dt.date(2026, 6, 30), forecast_date=dt.date(2026, 7, 15))
    late.rag = "RED"
    assert milestone_rag_tag(late) == {"text": "Red", "classes": "nhsuk-tag--red"}
