"""5.6 Annex A quality-of-care indicators."""

from __future__ import annotations

from ...models import ExternalFigureKey
from ..context import MetricContext
from ..core import MetricResult, pct, rate
from .common import entered_figures, external

# --- 5.6 Annex A -----------------------------------------------------------------------------


def a1(ctx: MetricContext) -> MetricResult:
    days = ctx.census_days
    return MetricResult(
        value=pct(days["coordinated_days"], days["person_days"]),
        numerator=days["coordinated_days"],
        denominator=days["person_days"],
    )


def a2(ctx: MetricContext) -> MetricResult:
    keys = (
        ExternalFigureKey.SC_DIRECT_PAYMENT,
        ExternalFigureKey.SC_MANAGED_BUDGET,
        ExternalFigureKey.SC_COMMISSIONED_ONLY,
    )
    sources, note = entered_figures(ctx, *keys)
    if note:
        return MetricResult(note=note, stats={"sources": sources})
    direct, managed, commissioned = (sources[key]["value"] for key in keys)
    numerator = direct + managed
    denominator = numerator + commissioned
    return MetricResult(
        value=pct(numerator, denominator),
        numerator=numerator,
        denominator=denominator,
        stats={"threshold_pct": 60, "sources": sources},
    )


def a3(ctx: MetricContext) -> MetricResult:
    rates = {}
    for days, figures in ctx.readmissions.items():
        month = ctx.readmission_months[days]
        rates[str(days)] = rate(
            figures["readmitted"], figures["discharges"], discharge_month=month.isoformat()
        )
    headline = rates["90"]
    return MetricResult(
        value=headline["value"],
        numerator=headline["numerator"],
        denominator=headline["denominator"],
        rates=rates,
        stats={"discharge_month": headline["discharge_month"]},
    )


def a4(ctx: MetricContext) -> MetricResult:
    sources, note = entered_figures(
        ctx, ExternalFigureKey.AHC_COMPLETED, ExternalFigureKey.GP_LD_REGISTER
    )
    if note:
        return MetricResult(note=note, stats={"sources": sources})
    done = sources[ExternalFigureKey.AHC_COMPLETED]["value"]
    register = sources[ExternalFigureKey.GP_LD_REGISTER]["value"]
    result = MetricResult(
        value=pct(done, register), numerator=done, denominator=register, stats={"sources": sources}
    )
    hc_register, info = external(ctx, ExternalFigureKey.HEALTH_CHECK_REGISTER)
    if info is not None:
        result.rates["on_health_check_register"] = rate(hc_register, register)
        result.stats["sources"][ExternalFigureKey.HEALTH_CHECK_REGISTER.value] = info
    return result


def a5(ctx: MetricContext) -> MetricResult:
    waits = ctx.referral_waits
    evaluated = waits["met"] + waits["breached"]
    return MetricResult(
        value=pct(waits["met"], evaluated), numerator=waits["met"], denominator=evaluated
    )


def a6(ctx: MetricContext) -> MetricResult:
    days = ctx.census_days
    return MetricResult(
        value=pct(days["crisis_plan_days"], days["person_days"]),
        numerator=days["crisis_plan_days"],
        denominator=days["person_days"],
    )
