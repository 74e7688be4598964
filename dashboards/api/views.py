"""Metrics over the API: the registry's definitions, and the figures of the token's partnership
for a month, computed by the same registry as the dashboard. Board members get the suppressed
figures the board pack shows (DOMAIN.md 8); they see no person-level data anywhere."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import Role
from dashboards.metrics import METRICS, Period, PeriodType, Section, Unit, suppress_result
from dashboards.metrics.periods import month_start
from dashboards.selectors import live_figures
from tcp.api import ALL_ROLES

MONTH = re.compile(r"^(\d{4})-(\d{2})$")
FIRST_MONTH = date(2015, 4, 1)  # Transforming Care began in April 2015 (the 2015 baseline)


class MetricSerializer(serializers.Serializer):
    id = serializers.CharField(help_text="Registry id, such as H1.")
    title = serializers.CharField()
    description = serializers.CharField()
    numerator = serializers.CharField()
    denominator = serializers.CharField()
    unit = serializers.ChoiceField(Unit.choices)
    period_type = serializers.ChoiceField(PeriodType.choices)
    section = serializers.ChoiceField(Section.choices)
    target = serializers.CharField(allow_blank=True)
    suppressible = serializers.BooleanField(
        help_text="Counts of people, shown to board members with small numbers suppressed."
    )

    class Meta:
        ref_name = "Metric"


class FigureSerializer(serializers.Serializer):
    metric = serializers.CharField(help_text="Registry id, such as H1.")
    title = serializers.CharField()
    unit = serializers.ChoiceField(Unit.choices)
    value = serializers.JSONField(
        help_text='The headline figure: a number, "*" when suppressed, or null when it cannot '
        "be computed (see note)."
    )
    numerator = serializers.JSONField()
    denominator = serializers.JSONField()
    splits = serializers.JSONField(help_text="Breakdowns: split name -> category -> count.")
    tables = serializers.JSONField(help_text="Two-way tables: name -> row -> column -> count.")
    rates = serializers.JSONField(help_text="Sub-rates with their numerator and denominator.")
    stats = serializers.JSONField(help_text="Other figures, such as medians in days.")
    note = serializers.CharField(allow_blank=True)
    available = serializers.BooleanField()

    class Meta:
        ref_name = "Figure"


class PeriodSerializer(serializers.Serializer):
    month = serializers.CharField(help_text="YYYY-MM")
    label = serializers.CharField()
    start = serializers.DateField()
    end = serializers.DateField()
    as_at = serializers.DateField(help_text="Month end, or today while the month is running.")
    is_complete = serializers.BooleanField()

    class Meta:
        ref_name = "MetricPeriod"


class FiguresSerializer(serializers.Serializer):
    partnership = serializers.CharField(help_text="The partnership's code.")
    period = PeriodSerializer()
    is_suppressed = serializers.BooleanField(
        help_text="True for board members: counts of 1 to 7 are shown as * (DOMAIN.md 8)."
    )
    figures = FigureSerializer(many=True)

    class Meta:
        ref_name = "Figures"


def _metric_row(metric: Any) -> dict[str, Any]:
    return {
        "id": metric.id,
        "title": metric.title,
        "description": metric.description,
        "numerator": metric.numerator,
        "denominator": metric.denominator,
        "unit": metric.unit,
        "period_type": metric.period_type,
        "section": metric.section,
        "target": metric.target,
        "suppressible": metric.suppressible,
    }


H1_EXAMPLE = {
    "id": "H1",
    "title": "Inpatients",
    "description": "People with a learning disability and/or autism in hospital at month end.",
    "numerator": "People with an open hospital spell at the month end",
    "denominator": "",
    "unit": "count",
    "period_type": "as_at",
    "section": "inpatients",
    "target": "",
    "suppressible": True,
}


@extend_schema(
    tags=["metrics"],
    summary="List the metrics",
    responses={200: MetricSerializer(many=True)},
    examples=[OpenApiExample("One metric", value=[H1_EXAMPLE], response_only=True)],
)
class MetricListApi(APIView):
    """Every metric the dashboard, the board pack and the Assuring Transformation return read:
    what it counts, over what, and for which period (the registry, defined once)."""

    allowed_roles = ALL_ROLES

    def get(self, request: Request) -> Response:
        return Response(MetricSerializer([_metric_row(m) for m in METRICS], many=True).data)


class MonthQuery(serializers.Serializer):
    month = serializers.CharField(required=False, help_text="YYYY-MM; this month if left out.")
    metric = serializers.ChoiceField(
        [(m.id, m.id) for m in METRICS], required=False, help_text="Only this metric."
    )

    def validate_month(self, text: str) -> date:
        match = MONTH.match(text)
        if not match or not 1 <= int(match.group(2)) <= 12:
            raise serializers.ValidationError("Enter a month as YYYY-MM, such as 2026-11")
        month = date(int(match.group(1)), int(match.group(2)), 1)
        if month < FIRST_MONTH:
            raise serializers.ValidationError("Choose April 2015 or a later month")
        if month > month_start(timezone.localdate()):
            raise serializers.ValidationError("Choose this month or an earlier one")
        return month


@extend_schema(
    tags=["metrics"],
    summary="Read a month's figures",
    parameters=[
        OpenApiParameter(
            "month",
            OpenApiTypes.STR,
            pattern=r"^\d{4}-\d{2}$",
            description="The month, YYYY-MM (April 2015 to this month); this month if left out.",
        ),
        OpenApiParameter(
            "metric",
            OpenApiTypes.STR,
            enum=[m.id for m in METRICS],
            description="Only this metric.",
        ),
    ],
    responses={200: FiguresSerializer},
    examples=[
        OpenApiExample(
            "This month's inpatients",
            value={
                "partnership": "BLMK",
                "period": {
                    "month": "2026-11",
                    "label": "November 2026",
                    "start": "2026-11-01",
                    "end": "2026-11-30",
                    "as_at": "2026-11-24",
                    "is_complete": False,
                },
                "is_suppressed": False,
                "figures": [
                    {
                        "metric": "H1",
                        "title": "Inpatients",
                        "unit": "count",
                        "value": 23,
                        "numerator": 23,
                        "denominator": None,
                        "splits": {"commissioner_type": {"ICB": 17, "NHSE_SPEC": 6}},
                        "tables": {},
                        "rates": {},
                        "stats": {},
                        "note": "",
                        "available": True,
                    }
                ],
            },
            response_only=True,
        )
    ],
)
class FiguresApi(APIView):
    """The figures of your token's partnership for a month, as the dashboard computes them:
    month-end counts are as at the month's last day, or as at today while the month is running.
    Board members get small numbers suppressed, as in the board pack."""

    allowed_roles = ALL_ROLES

    def get(self, request: Request) -> Response:
        query = MonthQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        today = timezone.localdate()
        month = query.validated_data.get("month") or month_start(today)
        period = Period.month(month, today=today)
        partnership = request.user.active_partnership  # type: ignore[union-attr]
        board = request.user.active_role == Role.BOARD_MEMBER  # type: ignore[union-attr]
        wanted = query.validated_data.get("metric")
        figures = []
        for metric_id, result in live_figures(partnership, period).items():
            if wanted and metric_id != wanted:
                continue
            metric = next(m for m in METRICS if m.id == metric_id)
            shown = suppress_result(metric, result) if board else result
            figures.append(
                {"metric": metric.id, "title": metric.title, "unit": metric.unit} | shown.to_json()
            )
        body = {
            "partnership": partnership.code,
            "period": {
                "month": period.key,
                "label": period.label,
                "start": period.start,
                "end": period.end,
                "as_at": period.as_at,
                "is_complete": period.is_complete,
            },
            "is_suppressed": board,
            "figures": figures,
        }
        return Response(FiguresSerializer(body).data)
