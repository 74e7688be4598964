"""Figures from other datasets, entered by partnership administrators with their source."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from accounts.audit import audit_snapshot, record_event
from accounts.models import AuditAction, Partnership, User

from ..metrics.periods import financial_year_start, quarter_start
from ..models import EXTERNAL_FIGURES, ExternalFigure, ExternalFigureKey, FigurePeriod


def period_start_for(key: str, day: date) -> date:
    """The start of the month, financial quarter or financial year the key is reported for."""
    kind = EXTERNAL_FIGURES[key].period
    if kind == FigurePeriod.MONTH:
        return day.replace(day=1)
    if kind == FigurePeriod.QUARTER:
        return quarter_start(day)
    return date(financial_year_start(day), 4, 1)


def record_external_figure(
    *,
    partnership: Partnership,
    by: User,
    key: str,
    period: date,
    value: Decimal,
    source: str,
) -> ExternalFigure:
    """Enter (or correct) the figure for a key and period. The period is moved to the start of
    the key's month, quarter or financial year, so each period has one figure."""
    if key not in EXTERNAL_FIGURES:
        raise ValidationError({"key": "Choose which figure you are entering."})
    if value < 0:
        raise ValidationError({"value": "The figure must be 0 or more."})
    source = source.strip()
    if not source:
        raise ValidationError(
            {"source": "Enter where the figure comes from, for example 'QOF LD register 2025-26'."}
        )
    start = period_start_for(key, period)
    with transaction.atomic():
        figure = (
            ExternalFigure.objects.select_for_update()
            .for_partnership(partnership)
            .filter(key=key, period=start)
            .first()
        )
        if figure is None:
            figure = ExternalFigure.objects.create(
                partnership=partnership,
                key=key,
                period=start,
                value=value,
                source=source,
                entered_by=by,
            )
            record_event(actor=by, action=AuditAction.CREATE, target=figure)
        else:
            before = audit_snapshot(figure)
            figure.value, figure.source, figure.entered_by = value, source, by
            figure.save(update_fields=["value", "source", "entered_by", "updated_at"])
            record_event(actor=by, action=AuditAction.UPDATE, target=figure, before=before)
    return figure


__all__ = ["ExternalFigureKey", "period_start_for", "record_external_figure"]
