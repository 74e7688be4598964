"""5.1 headline measures and 5.2 length of stay, delays and trajectory."""

from __future__ import annotations

from typing import Any

from django.conf import settings

from register.geography import DISTANCE_BANDS, NOT_KNOWN, OVER_100
from register.models import (
    AdmissionKind,
    CommissionerType,
    DestinationGroup,
    Rag,
)

from ..context import MetricContext
from ..core import MetricResult, pct
from ..periods import financial_quarter_label, financial_year_start, quarter_start
from .common import H1_SPLITS, H1_TABLES, SECURE, table_key

# --- 5.1 headline measures -------------------------------------------------------------------


def h1(ctx: MetricContext) -> MetricResult:
    total = ctx.census_total()
    return MetricResult(
        value=total,
        numerator=total,
        splits={name: ctx.census_split(name) for name in H1_SPLITS},
        tables={table_key(r, c): ctx.census_table(r, c) for r, c in H1_TABLES},
    )


def _population(ctx: MetricContext, field: str) -> tuple[int | None, str]:
    population = ctx.population
    fy = financial_year_start(ctx.as_at)
    if population is None:
        return None, f"n/a: enter the GP-registered population for {fy}-{str(fy + 1)[-2:]}."
    return getattr(population, field), ""


def _per_million(
    ctx: MetricContext, count: int, field: str, low: float | None, high: float | None
) -> MetricResult:
    people, note = _population(ctx, field)
    if not people:
        return MetricResult(numerator=count, note=note)
    value = count * 1_000_000 / people
    stats: dict[str, Any] = {"range_low": low, "range_high": high}
    if high is not None:
        stats["position"] = (
            "above" if value > high else "below" if low is not None and value < low else "within"
        )
    return MetricResult(value=value, numerator=count, denominator=people, stats=stats)


def h2(ctx: MetricContext) -> MetricResult:
    count = ctx.census_total(commissioner_type=CommissionerType.ICB, age_group="ADULT")
    return _per_million(ctx, count, "adults_18_plus", 10, 15)


def h3(ctx: MetricContext) -> MetricResult:
    count = ctx.census_total(commissioner_type=CommissionerType.NHSE_SPEC)
    return _per_million(ctx, count, "adults_18_plus", 20, 25)


def h4(ctx: MetricContext) -> MetricResult:
    return _per_million(ctx, ctx.census_total(age_group="ADULT"), "adults_18_plus", None, 30)


def h5(ctx: MetricContext) -> MetricResult:
    return _per_million(ctx, ctx.census_total(age_group="CYP"), "children_under_18", 12, 15)


def h6(ctx: MetricContext) -> MetricResult:
    baseline = ctx.partnership.baseline_inpatients_2015
    current = ctx.census_total()
    if not baseline:
        return MetricResult(note="n/a: the partnership's March 2015 baseline is not recorded.")
    reduction = baseline - current
    return MetricResult(
        value=pct(reduction, baseline),
        numerator=reduction,
        denominator=baseline,
        stats={"target_pct": 50},
    )


def h7(ctx: MetricContext) -> MetricResult:
    flow = ctx.flow
    return MetricResult(
        value=flow["admissions"],
        numerator=flow["admissions"],
        splits={"admission_kind": {kind.value: flow[f"kind_{kind}"] for kind in AdmissionKind}},
    )


def h8(ctx: MetricContext) -> MetricResult:
    flow = ctx.flow
    return MetricResult(
        value=flow["discharges"],
        numerator=flow["discharges"],
        splits={
            "destination_group": {
                DestinationGroup.COMMUNITY.value: flow["to_community"],
                DestinationGroup.OTHER_HOSPITAL.value: flow["to_other_hospital"],
                DestinationGroup.OTHER.value: flow["discharges_other"],
            }
        },
    )


def _share_of_census(ctx: MetricContext, numerator: int, **splits: dict[str, int]) -> MetricResult:
    total = ctx.census_total()
    return MetricResult(
        value=pct(numerator, total), numerator=numerator, denominator=total, splits=dict(splits)
    )


def h9(ctx: MetricContext) -> MetricResult:
    return _share_of_census(
        ctx,
        ctx.census_sum("planned"),
        commissioner_type=ctx.census_split("commissioner_type", "planned"),
    )


def h10(ctx: MetricContext) -> MetricResult:
    levels = ctx.census_split("security_level")
    secure = {level: levels.get(level, 0) for level in SECURE}
    return _share_of_census(ctx, sum(secure.values()), security_level=secure)


def h11(ctx: MetricContext) -> MetricResult:
    """Share of inpatients more than 50 km from home, of those whose distance is known. The
    split gives every AT band, and the spells whose home or hospital district is not known."""
    found = ctx.distance_bands
    bands = {band: found.get(band, 0) for band, _ in DISTANCE_BANDS}
    bands[OVER_100] = found.get(OVER_100, 0)
    known = sum(bands.values())
    far = bands["51_100"] + bands[OVER_100]
    bands[NOT_KNOWN] = found.get(NOT_KNOWN, 0)
    return MetricResult(
        value=pct(far, known),
        numerator=far,
        denominator=known,
        splits={"distance_band": bands},
        note="Inpatients whose home or hospital postcode district is not known are left out."
        if bands[NOT_KNOWN]
        else "",
    )


def h12(ctx: MetricContext) -> MetricResult:
    out = ctx.census_total(area="OUT_OF_AREA")
    return _share_of_census(
        ctx, out, commissioner_type=ctx.census_split("commissioner_type", area="OUT_OF_AREA")
    )


# --- 5.2 length of stay, delays, trajectory --------------------------------------------------


def l1(ctx: MetricContext) -> MetricResult:
    total = ctx.census_total()
    return MetricResult(
        value=total,
        numerator=total,
        denominator=total,
        splits={"los_band": ctx.census_split("los_band")},
    )


def l2(ctx: MetricContext) -> MetricResult:
    five_plus = ctx.census_total(los_band=("5_10Y", "10Y_PLUS"))
    two_to_five = ctx.census_total(los_band="2_5Y")
    by_type = {
        "5Y_PLUS": ctx.census_split("commissioner_type", los_band=("5_10Y", "10Y_PLUS")),
        "2_5Y": ctx.census_split("commissioner_type", los_band="2_5Y"),
    }
    return MetricResult(
        value=five_plus,
        numerator=five_plus,
        splits={"long_stay": {"5Y_PLUS": five_plus, "2_5Y": two_to_five}},
        tables={table_key("long_stay", "commissioner_type"): by_type},
    )


def l3(ctx: MetricContext) -> MetricResult:
    flow = ctx.flow
    return MetricResult(
        value=flow["los_mean"],
        numerator=flow["los_total"],
        denominator=flow["discharges"],
        stats={"median_days": flow["los_median"]},
    )


def d1(ctx: MetricContext) -> MetricResult:
    delayed = ctx.census_sum("delayed")
    return MetricResult(
        value=delayed,
        numerator=delayed,
        splits={"commissioner_type": ctx.census_split("commissioner_type", "delayed")},
    )


def d2(ctx: MetricContext) -> MetricResult:
    days = ctx.census_sum("delayed_days")
    return MetricResult(value=days, numerator=days)


def d3(ctx: MetricContext) -> MetricResult:
    by_reason = ctx.census_split("delay_reason", "delayed")
    by_reason.pop("", None)
    delayed = ctx.census_sum("delayed")
    return MetricResult(
        value=delayed, numerator=delayed, denominator=delayed, splits={"delay_reason": by_reason}
    )


def trajectory_rag(actual: int, plan: int) -> Rag:
    """T2 (ADR 0004): GREEN at or under plan; AMBER up to TRAJECTORY_AMBER_PCT over; RED above.

    Integer arithmetic, so that exactly plan x 1.10 is AMBER with no float rounding."""
    if actual <= plan:
        return Rag.GREEN
    if actual * 100 <= plan * (100 + settings.TRAJECTORY_AMBER_PCT):
        return Rag.AMBER
    return Rag.RED


def _trajectory_rows(ctx: MetricContext) -> dict[str, dict[str, Any]]:
    rows = {}
    for kind, plan in sorted(ctx.plans.items()):
        actual = ctx.census_total(commissioner_type=kind)
        rows[kind] = {
            "numerator": actual - plan,
            "denominator": plan,
            "value": pct(actual - plan, plan),
            "actual": actual,
            "plan": plan,
            "rag": trajectory_rag(actual, plan).value,
        }
    if rows:
        actual = sum(row["actual"] for row in rows.values())
        plan = sum(row["plan"] for row in rows.values())
        rows["TOTAL"] = {
            "numerator": actual - plan,
            "denominator": plan,
            "value": pct(actual - plan, plan),
            "actual": actual,
            "plan": plan,
            "rag": trajectory_rag(actual, plan).value,
        }
    return rows


def _no_plan_note(ctx: MetricContext) -> str:
    quarter = financial_quarter_label(quarter_start(ctx.as_at))
    return f"n/a: no planned trajectory entered for {quarter}."


def t1(ctx: MetricContext) -> MetricResult:
    rows = _trajectory_rows(ctx)
    if not rows:
        return MetricResult(note=_no_plan_note(ctx))
    total = rows["TOTAL"]
    return MetricResult(
        value=total["numerator"],
        numerator=total["numerator"],
        denominator=total["plan"],
        rates=rows,
    )


def t2(ctx: MetricContext) -> MetricResult:
    rows = _trajectory_rows(ctx)
    if not rows:
        return MetricResult(note=_no_plan_note(ctx))
    return MetricResult(
        value=rows["TOTAL"]["rag"], stats={kind: row["rag"] for kind, row in rows.items()}
    )
