"""5.3 C8, 5.4 Winterbourne measures and 5.5 "things we can count"."""

from __future__ import annotations

from register.models import (
    BudgetDeployment,
    Rag,
)

from ...models import ExternalFigureKey
from ..context import MetricContext
from ..core import MetricResult, pct, rate
from .common import entered_figures, external, register_share, table_key

# --- 5.3 C8 (C1-C7 read the reviews app) -----------------------------------------------------


def c8(ctx: MetricContext) -> MetricResult:
    by_rag: dict[str, int] = {}
    by_age: dict[str, int] = {}
    table: dict[str, dict[str, int]] = {}
    red_with_plan = 0
    for row in ctx.dsr:
        by_rag[row["rag"]] = by_rag.get(row["rag"], 0) + row["n"]
        by_age[row["age_group"]] = by_age.get(row["age_group"], 0) + row["n"]
        table.setdefault(row["rag"], {})[row["age_group"]] = row["n"]
        if row["rag"] == Rag.RED:
            red_with_plan += row["with_crisis_plan"]
    total = sum(by_rag.values())
    return MetricResult(
        value=total,
        numerator=total,
        splits={"rag": by_rag, "age_group": by_age},
        tables={table_key("rag", "age_group"): table},
        rates={"red_with_crisis_plan": rate(red_with_plan, by_rag.get(Rag.RED, 0))},
    )


# --- 5.4 Winterbourne measures ---------------------------------------------------------------


def w1(ctx: MetricContext) -> MetricResult:
    step_downs, to_community = ctx.step_downs, ctx.flow["to_community"]
    return MetricResult(
        value=step_downs + to_community,
        numerator=step_downs + to_community,
        splits={"move": {"WARD_STEP_DOWN": step_downs, "DISCHARGED_TO_COMMUNITY": to_community}},
    )


def w2(ctx: MetricContext) -> MetricResult:
    placements = ctx.placements
    return MetricResult(
        value=placements["care_home_days_mean"],
        denominator=placements["care_home"],
        stats={
            "median_days": placements["care_home_days_median"],
            "inpatient_mean_days_of_discharges": ctx.flow["los_mean"],
        },
    )


def w3(ctx: MetricContext) -> MetricResult:
    return MetricResult(value=ctx.out_of_area_people, numerator=ctx.out_of_area_people)


def w4(ctx: MetricContext) -> MetricResult:
    total = ctx.census_total()
    at_units = ctx.census_total(bed_type=("AT_UNIT", "CRISIS"))
    return MetricResult(
        value=total,
        numerator=total,
        splits={
            "bed_type": ctx.census_split("bed_type"),
            "setting": {"AT_OR_CRISIS": at_units, "OTHER_INPATIENT": total - at_units},
        },
    )


def w5(ctx: MetricContext) -> MetricResult:
    sources, note = entered_figures(ctx, ExternalFigureKey.EXPENDITURE, ExternalFigureKey.BUDGET)
    if note:
        return MetricResult(note=note, stats={"sources": sources})
    spent = sources[ExternalFigureKey.EXPENDITURE]["value"]
    budget = sources[ExternalFigureKey.BUDGET]["value"]
    return MetricResult(
        value=spent,
        numerator=spent,
        denominator=budget,
        stats={"variance": spent - budget, "spent_pct": pct(spent, budget), "sources": sources},
    )


def w6(ctx: MetricContext) -> MetricResult:
    return MetricResult(value=ctx.budgets["phb"], numerator=ctx.budgets["phb"])


SURVEY_KEYS = (
    ExternalFigureKey.SATISFACTION,
    ExternalFigureKey.QUALITY_OF_LIFE,
    ExternalFigureKey.HEALTH_INEQUALITIES,
    ExternalFigureKey.CHALLENGING_BEHAVIOUR,
    ExternalFigureKey.GREEN_LIGHT_TOOLKIT,
)


def w7(ctx: MetricContext) -> MetricResult:
    reported = {}
    for key in SURVEY_KEYS:
        _, info = external(ctx, key)
        if info is not None:
            reported[key.value] = info
    note = "" if reported else "n/a: no survey or audit figures entered yet."
    return MetricResult(value=len(reported) or None, stats={"sources": reported}, note=note)


def w8(ctx: MetricContext) -> MetricResult:
    placements = ctx.placements
    total = placements["school_or_out_of_area"]
    return MetricResult(
        value=total,
        numerator=total,
        splits={
            "placement": {
                "RESIDENTIAL_SCHOOL": placements["residential_school"],
                "OUT_OF_AREA": placements["out_of_area"],
            }
        },
    )


# --- 5.5 things we can count -----------------------------------------------------------------


def q1(ctx: MetricContext) -> MetricResult:
    result = register_share(ctx, "ahc_14", "aged_14")
    c = ctx.community
    result.rates["with_health_action_plan"] = rate(c["all__ahc_hap_14"], c["all__aged_14"])
    return result


def q5(ctx: MetricContext) -> MetricResult:
    b = ctx.budgets
    return MetricResult(
        value=pct(b["social_care_personal"], b["social_care"]),
        numerator=b["social_care_personal"],
        denominator=b["social_care"],
        rates={d.value: rate(b[f"social_care_{d}"], b["social_care"]) for d in BudgetDeployment},
    )


def q6(ctx: MetricContext) -> MetricResult:
    b = ctx.budgets
    result = MetricResult(
        value=b["phb"],
        numerator=b["phb"],
        splits={"budget_kind": {"PHB": b["phb"], "INTEGRATED": b["integrated"]}},
    )
    clients, info = external(ctx, ExternalFigureKey.HEALTH_SUPPORT_CLIENTS)
    if info is None:
        result.note = "Rate n/a: enter the number of people receiving NHS-funded support."
    else:
        result.rates["phb_of_health_support"] = rate(b["phb"], clients)
        result.stats["sources"] = {ExternalFigureKey.HEALTH_SUPPORT_CLIENTS.value: info}
    return result


def q7(ctx: MetricContext) -> MetricResult:
    c = ctx.community
    people = c["community__people"]
    return MetricResult(
        value=pct(c["community__accommodation_settled"], people),
        numerator=c["community__accommodation_settled"],
        denominator=people,
        rates={
            name: rate(c[f"community__accommodation_{name}"], people)
            for name in ("residential", "supported_or_shared_lives", "family")
        },
    )


def q8(ctx: MetricContext) -> MetricResult:
    flow = ctx.flow
    return MetricResult(
        value=pct(flow["returned_home"], flow["to_community"]),
        numerator=flow["returned_home"],
        denominator=flow["to_community"],
    )


def q11(ctx: MetricContext) -> MetricResult:
    breakdowns = ctx.placements["breakdowns"]
    return MetricResult(value=breakdowns, numerator=breakdowns)


def q12(ctx: MetricContext) -> MetricResult:
    result = register_share(ctx, "crisis_plan")
    c = ctx.community
    result.rates["dsr"] = rate(c["dsr__crisis_plan"], c["dsr__people"])
    return result


def q13(ctx: MetricContext) -> MetricResult:
    flow = ctx.flow
    return MetricResult(
        value=pct(flow["unplanned"], flow["new_admissions"]),
        numerator=flow["unplanned"],
        denominator=flow["new_admissions"],
    )


def q14(ctx: MetricContext) -> MetricResult:
    t = ctx.temporary_accommodation
    return MetricResult(
        value=t["people"],
        numerator=t["people"],
        stats={"mean_stay_days": t["days_mean"]},
        rates={
            "returned_to_previous_kind_of_home": rate(t["returned"], t["ended"]),
            "moved_to_a_different_home": rate(t["new_home"], t["ended"]),
        },
    )
