"""Reference figures a metric needs besides the register: footprint, population, plans and
externally sourced figures. One query each."""

from __future__ import annotations

from datetime import date
from typing import Any

from accounts.models import Organisation, Partnership, PartnershipPopulation

from ...models import ExternalFigure, TrajectoryPlan
from ..periods import financial_year_start, quarter_start


def footprint_districts(partnership: Partnership) -> list[str]:
    """Postcode districts covered by the partnership's member organisations (in/out of area)."""
    rows = Organisation.objects.filter(partnerships=partnership).values_list(
        "postcode_districts", flat=True
    )
    return sorted({d.strip().upper() for row in rows for d in row.split() if d.strip()})


def population(partnership: Partnership, day: date) -> PartnershipPopulation | None:
    return PartnershipPopulation.objects.filter(
        partnership=partnership, financial_year_start=financial_year_start(day)
    ).first()


def trajectory_plans(partnership: Partnership, day: date) -> dict[str, int]:
    """Planned inpatients per commissioner type for the financial quarter containing `day`."""
    rows = TrajectoryPlan.objects.for_partnership(partnership).filter(
        quarter_start=quarter_start(day)
    )
    return {row.commissioner_type: row.planned_inpatients for row in rows}


def external_figures(partnership: Partnership, day: date) -> dict[str, dict[str, Any]]:
    """The latest figure of each key whose period starts on or before `day`."""
    rows = (
        ExternalFigure.objects.for_partnership(partnership)
        .filter(period__lte=day)
        .order_by("key", "-period")
        .distinct("key")
    )
    return {
        row.key: {"value": float(row.value), "period": row.period.isoformat(), "source": row.source}
        for row in rows
    }
