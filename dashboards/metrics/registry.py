"""The metric registry: every figure the dashboard, snapshots, AT checks and board pack show,
defined once (DOMAIN.md 5). Each entry says what is counted, over what, for which period and from
which seed or policy; its compute function reads one of MetricContext's aggregate query groups.

Ids: H headline (5.1), L/D length of stay and delays (5.2), T trajectory (5.2), C reviews and
oversight (5.3), W Winterbourne measures (5.4), Q "things we can count" (5.5), A Annex A (5.6).
"""

from __future__ import annotations

import re
from typing import Any

from django.conf import settings

from register.models import (
    AdmissionKind,
    BudgetDeployment,
    CommissionerType,
    DestinationGroup,
    Rag,
)

from ..models import EXTERNAL_FIGURES, ExternalFigureKey
from .context import MetricContext
from .core import Metric, MetricResult, PeriodType, Section, Unit, pct, rate
from .periods import financial_quarter_label, financial_year_start, month_start, quarter_start

SECURE = ["LOW", "MEDIUM", "HIGH"]
H1_SPLITS = ("commissioner_type", "bed_type", "age_group", "area", "los_band", "cohort",
             "legal_status")
H1_TABLES = (
    ("commissioner_type", "bed_type"),
    ("area", "bed_type"),
    ("commissioner_type", "area"),
    ("commissioner_type", "cohort"),
    ("commissioner_type", "los_band"),
    ("commissioner_type", "age_group"),
)
# Drill-down goes to the register list (register.filters.RegisterFilter) with its own filter
# names and values; the list shows today's register, so links are offered for the current month.
INPATIENT_DRILL = {"status": "INPATIENT"}
H1_DRILL_SPLITS = {"commissioner_type": "commissioner_type", "bed_type": "bed_type",
                   "age_group": "age_band", "area": "area"}
DRILL_VALUES = {"age_band": {"CYP": "CHILD", "ADULT": "ADULT"},
                "rag": {"RED": "RED", "AMBER": "AMBER", "GREEN": "GREEN", "BLUE": "BLUE"}}
NEEDS_REVIEWS = "the reviews app (CareReview, ScheduledItem, Action, OversightVisit)"
NEEDS_DISTANCE = "a distance from home on each spell (register: home and site locations)"


def table_key(rows: str, columns: str) -> str:
    return f"{rows}__{columns}"


def _not_available(reason: str) -> Any:
    def compute(ctx: MetricContext) -> MetricResult:
        return MetricResult(available=False, note=f"Not yet available: needs {reason}.")

    return compute


# --- 5.1 headline measures -------------------------------------------------------------------


def _h1(ctx: MetricContext) -> MetricResult:
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


def _per_million(ctx: MetricContext, count: int, field: str, low: float | None,
                 high: float | None) -> MetricResult:
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


def _h2(ctx: MetricContext) -> MetricResult:
    count = ctx.census_total(commissioner_type=CommissionerType.ICB, age_group="ADULT")
    return _per_million(ctx, count, "adults_18_plus", 10, 15)


def _h3(ctx: MetricContext) -> MetricResult:
    count = ctx.census_total(commissioner_type=CommissionerType.NHSE_SPEC)
    return _per_million(ctx, count, "adults_18_plus", 20, 25)


def _h4(ctx: MetricContext) -> MetricResult:
    return _per_million(ctx, ctx.census_total(age_group="ADULT"), "adults_18_plus", None, 30)


def _h5(ctx: MetricContext) -> MetricResult:
    return _per_million(ctx, ctx.census_total(age_group="CYP"), "children_under_18", 12, 15)


def _h6(ctx: MetricContext) -> MetricResult:
    baseline = ctx.partnership.baseline_inpatients_2015
    current = ctx.census_total()
    if not baseline:
        return MetricResult(note="n/a: the partnership's March 2015 baseline is not recorded.")
    reduction = baseline - current
    return MetricResult(value=pct(reduction, baseline), numerator=reduction, denominator=baseline,
                        stats={"target_pct": 50})


def _h7(ctx: MetricContext) -> MetricResult:
    flow = ctx.flow
    return MetricResult(
        value=flow["admissions"], numerator=flow["admissions"],
        splits={"admission_kind": {kind.value: flow[f"kind_{kind}"] for kind in AdmissionKind}},
    )


def _h8(ctx: MetricContext) -> MetricResult:
    flow = ctx.flow
    return MetricResult(
        value=flow["discharges"], numerator=flow["discharges"],
        splits={"destination_group": {
            DestinationGroup.COMMUNITY.value: flow["to_community"],
            DestinationGroup.OTHER_HOSPITAL.value: flow["to_other_hospital"],
            DestinationGroup.OTHER.value: flow["discharges_other"],
        }},
    )


def _share_of_census(ctx: MetricContext, numerator: int, **splits: dict[str, int]) -> MetricResult:
    total = ctx.census_total()
    return MetricResult(value=pct(numerator, total), numerator=numerator, denominator=total,
                        splits=dict(splits))


def _h9(ctx: MetricContext) -> MetricResult:
    return _share_of_census(
        ctx, ctx.census_sum("planned"),
        commissioner_type=ctx.census_split("commissioner_type", "planned"),
    )


def _h10(ctx: MetricContext) -> MetricResult:
    levels = ctx.census_split("security_level")
    secure = {level: levels.get(level, 0) for level in SECURE}
    return _share_of_census(ctx, sum(secure.values()), security_level=secure)


def _h12(ctx: MetricContext) -> MetricResult:
    out = ctx.census_total(area="OUT_OF_AREA")
    return _share_of_census(
        ctx, out, commissioner_type=ctx.census_split("commissioner_type", area="OUT_OF_AREA")
    )


# --- 5.2 length of stay, delays, trajectory --------------------------------------------------


def _l1(ctx: MetricContext) -> MetricResult:
    total = ctx.census_total()
    return MetricResult(value=total, numerator=total, denominator=total,
                        splits={"los_band": ctx.census_split("los_band")})


def _l2(ctx: MetricContext) -> MetricResult:
    five_plus = ctx.census_total(los_band=("5_10Y", "10Y_PLUS"))
    two_to_five = ctx.census_total(los_band="2_5Y")
    by_type = {
        "5Y_PLUS": ctx.census_split("commissioner_type", los_band=("5_10Y", "10Y_PLUS")),
        "2_5Y": ctx.census_split("commissioner_type", los_band="2_5Y"),
    }
    return MetricResult(
        value=five_plus, numerator=five_plus,
        splits={"long_stay": {"5Y_PLUS": five_plus, "2_5Y": two_to_five}},
        tables={table_key("long_stay", "commissioner_type"): by_type},
    )


def _l3(ctx: MetricContext) -> MetricResult:
    flow = ctx.flow
    return MetricResult(
        value=flow["los_mean"], numerator=flow["los_total"], denominator=flow["discharges"],
        stats={"median_days": flow["los_median"]},
    )


def _d1(ctx: MetricContext) -> MetricResult:
    delayed = ctx.census_sum("delayed")
    return MetricResult(value=delayed, numerator=delayed,
                        splits={"commissioner_type": ctx.census_split("commissioner_type",
                                                                       "delayed")})


def _d2(ctx: MetricContext) -> MetricResult:
    days = ctx.census_sum("delayed_days")
    return MetricResult(value=days, numerator=days)


def _d3(ctx: MetricContext) -> MetricResult:
    by_reason = ctx.census_split("delay_reason", "delayed")
    by_reason.pop("", None)
    delayed = ctx.census_sum("delayed")
    return MetricResult(value=delayed, numerator=delayed, denominator=delayed,
                        splits={"delay_reason": by_reason})


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
        rows[kind] = {"numerator": actual - plan, "denominator": plan,
                      "value": pct(actual - plan, plan), "actual": actual, "plan": plan,
                      "rag": trajectory_rag(actual, plan).value}
    if rows:
        actual = sum(row["actual"] for row in rows.values())
        plan = sum(row["plan"] for row in rows.values())
        rows["TOTAL"] = {"numerator": actual - plan, "denominator": plan,
                         "value": pct(actual - plan, plan), "actual": actual, "plan": plan,
                         "rag": trajectory_rag(actual, plan).value}
    return rows


def _no_plan_note(ctx: MetricContext) -> str:
    quarter = financial_quarter_label(quarter_start(ctx.as_at))
    return f"n/a: no planned trajectory entered for {quarter}."


def _t1(ctx: MetricContext) -> MetricResult:
    rows = _trajectory_rows(ctx)
    if not rows:
        return MetricResult(note=_no_plan_note(ctx))
    total = rows["TOTAL"]
    return MetricResult(value=total["numerator"], numerator=total["numerator"],
                        denominator=total["plan"], rates=rows)


def _t2(ctx: MetricContext) -> MetricResult:
    rows = _trajectory_rows(ctx)
    if not rows:
        return MetricResult(note=_no_plan_note(ctx))
    return MetricResult(value=rows["TOTAL"]["rag"],
                        stats={kind: row["rag"] for kind, row in rows.items()})


# --- 5.3 C8 (C1-C7 read the reviews app) -----------------------------------------------------


def _c8(ctx: MetricContext) -> MetricResult:
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
        value=total, numerator=total,
        splits={"rag": by_rag, "age_group": by_age},
        tables={table_key("rag", "age_group"): table},
        rates={"red_with_crisis_plan": rate(red_with_plan, by_rag.get(Rag.RED, 0))},
    )


# --- 5.4 Winterbourne measures ---------------------------------------------------------------


def _w1(ctx: MetricContext) -> MetricResult:
    step_downs, to_community = ctx.step_downs, ctx.flow["to_community"]
    return MetricResult(value=step_downs + to_community, numerator=step_downs + to_community,
                        splits={"move": {"WARD_STEP_DOWN": step_downs,
                                         "DISCHARGED_TO_COMMUNITY": to_community}})


def _w2(ctx: MetricContext) -> MetricResult:
    placements = ctx.placements
    return MetricResult(
        value=placements["care_home_days_mean"], denominator=placements["care_home"],
        stats={"median_days": placements["care_home_days_median"],
               "inpatient_mean_days_of_discharges": ctx.flow["los_mean"]},
    )


def _w3(ctx: MetricContext) -> MetricResult:
    return MetricResult(value=ctx.out_of_area_people, numerator=ctx.out_of_area_people)


def _w4(ctx: MetricContext) -> MetricResult:
    total = ctx.census_total()
    at_units = ctx.census_total(bed_type=("AT_UNIT", "CRISIS"))
    return MetricResult(value=total, numerator=total,
                        splits={"bed_type": ctx.census_split("bed_type"),
                                "setting": {"AT_OR_CRISIS": at_units,
                                            "OTHER_INPATIENT": total - at_units}})


def _external(ctx: MetricContext, key: str) -> tuple[float | None, dict[str, Any] | None]:
    """An entered figure for the period containing the month, or the latest before it."""
    figure = ctx.external.get(key)
    if figure is None:
        return None, None
    kind = EXTERNAL_FIGURES[key].period
    month = month_start(ctx.as_at)
    covering = {
        "MONTH": month,
        "QUARTER": quarter_start(month),
        "YEAR": month.replace(month=4, day=1, year=financial_year_start(month)),
    }[kind]
    return figure["value"], {**figure, "is_latest_available": figure["period"] !=
                             covering.isoformat()}


def _sources(ctx: MetricContext, *keys: str) -> tuple[dict[str, Any], str]:
    sources = {}
    missing = []
    for key in keys:
        _, info = _external(ctx, key)
        if info is None:
            label = str(ExternalFigureKey(key).label)
            missing.append(label[0].lower() + label[1:])
        else:
            sources[key] = info
    note = f"n/a: enter {', '.join(missing)}." if missing else ""
    return sources, note


def _w5(ctx: MetricContext) -> MetricResult:
    sources, note = _sources(ctx, ExternalFigureKey.EXPENDITURE, ExternalFigureKey.BUDGET)
    if note:
        return MetricResult(note=note, stats={"sources": sources})
    spent = sources[ExternalFigureKey.EXPENDITURE]["value"]
    budget = sources[ExternalFigureKey.BUDGET]["value"]
    return MetricResult(value=spent, numerator=spent, denominator=budget,
                        stats={"variance": spent - budget, "spent_pct": pct(spent, budget),
                               "sources": sources})


def _w6(ctx: MetricContext) -> MetricResult:
    return MetricResult(value=ctx.budgets["phb"], numerator=ctx.budgets["phb"])


SURVEY_KEYS = (
    ExternalFigureKey.SATISFACTION,
    ExternalFigureKey.QUALITY_OF_LIFE,
    ExternalFigureKey.HEALTH_INEQUALITIES,
    ExternalFigureKey.CHALLENGING_BEHAVIOUR,
    ExternalFigureKey.GREEN_LIGHT_TOOLKIT,
)


def _w7(ctx: MetricContext) -> MetricResult:
    reported = {}
    for key in SURVEY_KEYS:
        _, info = _external(ctx, key)
        if info is not None:
            reported[key.value] = info
    note = "" if reported else "n/a: no survey or audit figures entered yet."
    return MetricResult(value=len(reported) or None, stats={"sources": reported}, note=note)


def _w8(ctx: MetricContext) -> MetricResult:
    placements = ctx.placements
    total = placements["school_or_out_of_area"]
    return MetricResult(value=total, numerator=total,
                        splits={"placement": {
                            "RESIDENTIAL_SCHOOL": placements["residential_school"],
                            "OUT_OF_AREA": placements["out_of_area"]}})


# --- 5.5 things we can count -----------------------------------------------------------------


def _register_share(ctx: MetricContext, flag: str, base: str = "people") -> MetricResult:
    """An indicator over people on the register, with inpatient and community rates."""
    c = ctx.community
    return MetricResult(
        value=pct(c[f"all__{flag}"], c[f"all__{base}"]),
        numerator=c[f"all__{flag}"], denominator=c[f"all__{base}"],
        rates={group: rate(c[f"{group}__{flag}"], c[f"{group}__{base}"])
               for group in ("inpatient", "community")},
    )


def _q1(ctx: MetricContext) -> MetricResult:
    result = _register_share(ctx, "ahc_14", "aged_14")
    c = ctx.community
    result.rates["with_health_action_plan"] = rate(c["all__ahc_hap_14"], c["all__aged_14"])
    return result


def _q5(ctx: MetricContext) -> MetricResult:
    b = ctx.budgets
    return MetricResult(
        value=pct(b["social_care_personal"], b["social_care"]),
        numerator=b["social_care_personal"], denominator=b["social_care"],
        rates={d.value: rate(b[f"social_care_{d}"], b["social_care"]) for d in BudgetDeployment},
    )


def _q6(ctx: MetricContext) -> MetricResult:
    b = ctx.budgets
    result = MetricResult(value=b["phb"], numerator=b["phb"],
                          splits={"budget_kind": {"PHB": b["phb"], "INTEGRATED": b["integrated"]}})
    clients, info = _external(ctx, ExternalFigureKey.HEALTH_SUPPORT_CLIENTS)
    if info is None:
        result.note = "Rate n/a: enter the number of people receiving NHS-funded support."
    else:
        result.rates["phb_of_health_support"] = rate(b["phb"], clients)
        result.stats["sources"] = {ExternalFigureKey.HEALTH_SUPPORT_CLIENTS.value: info}
    return result


def _q7(ctx: MetricContext) -> MetricResult:
    c = ctx.community
    people = c["community__people"]
    return MetricResult(
        value=pct(c["community__accommodation_settled"], people),
        numerator=c["community__accommodation_settled"], denominator=people,
        rates={name: rate(c[f"community__accommodation_{name}"], people)
               for name in ("residential", "supported_or_shared_lives", "family")},
    )


def _q8(ctx: MetricContext) -> MetricResult:
    flow = ctx.flow
    return MetricResult(value=pct(flow["returned_home"], flow["to_community"]),
                        numerator=flow["returned_home"], denominator=flow["to_community"])


def _q11(ctx: MetricContext) -> MetricResult:
    breakdowns = ctx.placements["breakdowns"]
    return MetricResult(value=breakdowns, numerator=breakdowns)


def _q12(ctx: MetricContext) -> MetricResult:
    result = _register_share(ctx, "crisis_plan")
    c = ctx.community
    result.rates["dsr"] = rate(c["dsr__crisis_plan"], c["dsr__people"])
    return result


def _q13(ctx: MetricContext) -> MetricResult:
    flow = ctx.flow
    return MetricResult(value=pct(flow["unplanned"], flow["new_admissions"]),
                        numerator=flow["unplanned"], denominator=flow["new_admissions"])


def _q14(ctx: MetricContext) -> MetricResult:
    t = ctx.temporary_accommodation
    return MetricResult(
        value=t["people"], numerator=t["people"],
        stats={"mean_stay_days": t["days_mean"]},
        rates={"returned_to_previous_kind_of_home": rate(t["returned"], t["ended"]),
               "moved_to_a_different_home": rate(t["new_home"], t["ended"])},
    )


# --- 5.6 Annex A -----------------------------------------------------------------------------


def _a1(ctx: MetricContext) -> MetricResult:
    days = ctx.census_days
    return MetricResult(value=pct(days["coordinated_days"], days["person_days"]),
                        numerator=days["coordinated_days"], denominator=days["person_days"])


def _a2(ctx: MetricContext) -> MetricResult:
    keys = (ExternalFigureKey.SC_DIRECT_PAYMENT, ExternalFigureKey.SC_MANAGED_BUDGET,
            ExternalFigureKey.SC_COMMISSIONED_ONLY)
    sources, note = _sources(ctx, *keys)
    if note:
        return MetricResult(note=note, stats={"sources": sources})
    direct, managed, commissioned = (sources[key]["value"] for key in keys)
    numerator = direct + managed
    denominator = numerator + commissioned
    return MetricResult(value=pct(numerator, denominator), numerator=numerator,
                        denominator=denominator, stats={"threshold_pct": 60, "sources": sources})


def _a3(ctx: MetricContext) -> MetricResult:
    rates = {}
    for days, figures in ctx.readmissions.items():
        month = ctx.readmission_months[days]
        rates[str(days)] = rate(figures["readmitted"], figures["discharges"],
                                discharge_month=month.isoformat())
    headline = rates["90"]
    return MetricResult(value=headline["value"], numerator=headline["numerator"],
                        denominator=headline["denominator"], rates=rates,
                        stats={"discharge_month": headline["discharge_month"]})


def _a4(ctx: MetricContext) -> MetricResult:
    sources, note = _sources(ctx, ExternalFigureKey.AHC_COMPLETED,
                             ExternalFigureKey.GP_LD_REGISTER)
    if note:
        return MetricResult(note=note, stats={"sources": sources})
    done = sources[ExternalFigureKey.AHC_COMPLETED]["value"]
    register = sources[ExternalFigureKey.GP_LD_REGISTER]["value"]
    result = MetricResult(value=pct(done, register), numerator=done, denominator=register,
                          stats={"sources": sources})
    hc_register, info = _external(ctx, ExternalFigureKey.HEALTH_CHECK_REGISTER)
    if info is not None:
        result.rates["on_health_check_register"] = rate(hc_register, register)
        result.stats["sources"][ExternalFigureKey.HEALTH_CHECK_REGISTER.value] = info
    return result


def _a5(ctx: MetricContext) -> MetricResult:
    waits = ctx.referral_waits
    evaluated = waits["met"] + waits["breached"]
    return MetricResult(value=pct(waits["met"], evaluated), numerator=waits["met"],
                        denominator=evaluated)


def _a6(ctx: MetricContext) -> MetricResult:
    days = ctx.census_days
    return MetricResult(value=pct(days["crisis_plan_days"], days["person_days"]),
                        numerator=days["crisis_plan_days"], denominator=days["person_days"])


# --- the registry ----------------------------------------------------------------------------

AS_AT, MONTH, QUARTER, YEAR = (PeriodType.AS_AT, PeriodType.MONTH, PeriodType.QUARTER,
                               PeriodType.YEAR)

METRICS: list[Metric] = [
    # 5.1 National headline measures
    Metric("H1", "Inpatients at month end",
           "People in a specialist learning disability or mental health hospital bed at the "
           "end of the month, split by commissioner, bed type, age group, area, length of stay "
           "and cohort.",
           "Open hospital spells (people) at month end", "None",
           Unit.COUNT, AS_AT, "Assuring Transformation (verified)", Section.INPATIENTS, _h1,
           drill=INPATIENT_DRILL, drill_splits=H1_DRILL_SPLITS),
    Metric("H2", "ICB-commissioned inpatients per million adults",
           "Adults in an ICB-commissioned bed per million GP-registered adults.",
           "Open spells of adults with commissioner type ICB",
           "GP-registered population aged 18+ ÷ 1,000,000",
           Unit.RATE_PER_MILLION, AS_AT, "Building the Right Support (seeds 003, 004)",
           Section.INPATIENTS, _h2, denominator_is_count=False,
           target="Planning range 10 to 15 per million",
           drill={"status": "INPATIENT", "commissioner_type": "ICB", "age_band": "ADULT"}),
    Metric("H3", "NHS England-commissioned inpatients per million adults",
           "People in a bed commissioned by NHS England specialised commissioning (including "
           "CAMHS tier 4) per million GP-registered adults.",
           "Open spells with commissioner type NHSE_SPEC", "GP-registered population aged 18+ "
           "÷ 1,000,000", Unit.RATE_PER_MILLION, AS_AT,
           "Building the Right Support (seeds 003, 004)", Section.INPATIENTS, _h3,
           denominator_is_count=False, target="Planning range 20 to 25 per million",
           drill={"status": "INPATIENT", "commissioner_type": "NHSE_SPEC"}),
    Metric("H4", "Adult inpatients per million adults",
           "Adults in hospital, whoever commissions the bed, per million GP-registered adults.",
           "Open spells of adults (18+)", "GP-registered population aged 18+ ÷ 1,000,000",
           Unit.RATE_PER_MILLION, AS_AT, "NHS Long Term Plan (verified)", Section.INPATIENTS,
           _h4, denominator_is_count=False, target="30 or fewer per million by March 2024",
           drill={"status": "INPATIENT", "age_band": "ADULT"}),
    Metric("H5", "Children and young people in hospital per million children",
           "Under-18s in hospital per million GP-registered children aged 0 to 17.",
           "Open spells of people under 18", "GP-registered population aged 0-17 ÷ 1,000,000",
           Unit.RATE_PER_MILLION, AS_AT, "NHS Long Term Plan (verified)", Section.INPATIENTS,
           _h5, denominator_is_count=False, target="12 to 15 per million",
           drill={"status": "INPATIENT", "age_band": "CHILD"}),
    Metric("H6", "Reduction since the 2015 baseline",
           "How far the number of inpatients has fallen since the partnership's March 2015 "
           "count.", "2015 baseline minus inpatients at month end", "2015 baseline",
           Unit.PERCENT, AS_AT, "NHS Long Term Plan, Building the Right Support (verified)",
           Section.INPATIENTS, _h6, target="Fewer than half the 2015 level by March 2024"),
    Metric("H7", "Admissions in the month",
           "Hospital spells that started in the month: first admissions, readmissions within 12 "
           "months, and transfers from another hospital.",
           "Admissions with admission date in the month", "None", Unit.COUNT, MONTH,
           "Assuring Transformation (verified)", Section.FLOW, _h7,
           ),
    Metric("H8", "Discharges in the month",
           "Hospital spells that ended in the month, by where the person went.",
           "Discharges with discharge date in the month (community, other hospital, other)",
           "None", Unit.COUNT, MONTH, "Assuring Transformation (verified)", Section.FLOW, _h8,
           ),
    Metric("H9", "Planned discharge date recorded",
           "Inpatients whose planned discharge or transfer date is known to the commissioner.",
           "Open spells with a planned discharge date on record at month end",
           "Open spells at month end", Unit.PERCENT, AS_AT,
           "Assuring Transformation (verified)", Section.INPATIENTS, _h9),
    Metric("H10", "Inpatients in a secure ward",
           "Inpatients on a low, medium or high secure ward at month end.",
           "Open spells whose ward at month end is low, medium or high secure",
           "Open spells at month end", Unit.PERCENT, AS_AT,
           "Assuring Transformation (verified)", Section.INPATIENTS, _h10),
    Metric("H11", "Distance from home",
           "Inpatients by straight-line distance from home to hospital: 0-10, 11-20, 21-50, "
           "51-100 and over 100 km.", "Open spells per distance band", "Open spells at month "
           "end", Unit.PERCENT, AS_AT, "Assuring Transformation (verified bands <=10, >50)",
           Section.INPATIENTS, _not_available(NEEDS_DISTANCE), needs=NEEDS_DISTANCE),
    Metric("H12", "Out-of-area inpatients",
           "Inpatients in a hospital outside the partnership's footprint (the site's postcode "
           "district is not covered by any member organisation).",
           "Open spells at month end in a hospital out of area", "Open spells at month end",
           Unit.PERCENT, AS_AT, "Seeds 000, 004", Section.INPATIENTS, _h12,
           drill={"status": "INPATIENT", "area": "OUT_OF_AREA"},
           drill_splits={"commissioner_type": "commissioner_type"}),
    # 5.2 Length of stay, delays, trajectory
    Metric("L1", "Length of stay",
           "Inpatients by total length of stay since the start of their continuous stay "
           "(transfers between hospitals do not restart it).",
           "Open spells per length-of-stay band", "Open spells at month end", Unit.COUNT, AS_AT,
           "Seed 004, Assuring Transformation", Section.INPATIENTS, _l1),
    Metric("L2", "Long stays",
           "Inpatients in hospital for 5 years or more (the dowry cohort), and for 2 to 5 years.",
           "Open spells with a continuous stay of 5 years or more (and 2 to 5 years)", "None",
           Unit.COUNT, AS_AT, "Seeds 003, 004", Section.INPATIENTS, _l2),
    Metric("L3", "Length of stay of people discharged",
           "Mean (and median) total length of stay, in days, of the discharges in the month.",
           "Sum of the lengths of stay of discharges in the month",
           "Discharges in the month", Unit.DAYS, MONTH, "Seeds 003, 004", Section.FLOW, _l3,
           suppressible=False),
    Metric("D1", "Delayed discharges",
           "Inpatients clinically ready for discharge on or before month end and still in "
           "hospital.", "Open spells with a clinically-ready date on or before month end",
           "None", Unit.COUNT, AS_AT, "Seed 004", Section.INPATIENTS, _d1,
           drill={"status": "INPATIENT", "delayed": "yes"},
           drill_splits={"commissioner_type": "commissioner_type"}),
    Metric("D2", "Delayed days",
           "Days that the people delayed at month end have waited since they were clinically "
           "ready.", "Sum over D1 of (month end - clinically-ready date)", "None", Unit.DAYS,
           AS_AT, "Assumed (DOMAIN.md 5.2)", Section.INPATIENTS, _d2, suppressible=False,
           denominator_is_count=False),
    Metric("D3", "Delays by reason",
           "The delayed discharges of D1 by their delay reason at month end.",
           "D1 per delay reason", "D1", Unit.COUNT, AS_AT, "Seed 004", Section.INPATIENTS, _d3,
           drill={"status": "INPATIENT", "delayed": "yes"}),
    Metric("T1", "Trajectory variance",
           "Inpatients at month end compared with the partnership's planned trajectory for the "
           "quarter, per commissioner type.",
           "Inpatients at month end minus planned inpatients (per commissioner type)",
           "Planned inpatients for the quarter", Unit.COUNT, AS_AT, "Seeds 003, 004",
           Section.TRAJECTORY, _t1, suppressible=False, denominator_is_count=False),
    Metric("T2", "Trajectory RAG",
           f"Green if inpatients are at or under plan; amber if no more than "
           f"{settings.TRAJECTORY_AMBER_PCT}% over; red otherwise (ADR 0004).",
           "Inpatients at month end against planned inpatients", "None", Unit.RAG, AS_AT,
           "Assumed (DOMAIN.md 5.2; seed 004 RAG wording)", Section.TRAJECTORY, _t2,
           suppressible=False, denominator_is_count=False),
    # 5.3 Reviews and oversight
    Metric("C1", "Inpatient C(E)TRs in date",
           "Inpatients whose repeat C(E)TR (rules R5, R6, R7) is not overdue at month end.",
           "Open spells whose R5/R6/R7 item is not overdue",
           "Open spells at least 28 days old (adults) or 10 working days (under 18)",
           Unit.PERCENT, AS_AT, "C(E)TR policy (verified)", Section.REVIEWS,
           _not_available(NEEDS_REVIEWS), needs=NEEDS_REVIEWS),
    Metric("C2", "Last review more than 6 months ago",
           "Inpatients whose latest held C(E)TR was more than 6 months before month end, or who "
           "have none.", "Open spells with no held C(E)TR in the 6 months to month end",
           "Open spells at month end", Unit.PERCENT, AS_AT, "Assuring Transformation (verified)",
           Section.REVIEWS, _not_available(NEEDS_REVIEWS), needs=NEEDS_REVIEWS),
    Metric("C3", "Post-admission reviews on time",
           "Admissions needing a post-admission CTR (R3) or CETR (R4) whose review was held by "
           "the due date, reported in the month the review fell due.",
           "Admissions with R3/R4 due in the month and satisfied on time",
           "Admissions with R3/R4 due in the month (due date passed)", Unit.PERCENT, MONTH,
           "C(E)TR policy (verified)", Section.REVIEWS, _not_available(NEEDS_REVIEWS),
           needs=NEEDS_REVIEWS),
    Metric("C4", "Admissions preceded by a community C(E)TR",
           "New admissions with a community or urgent (blue light) C(E)TR held in the 28 days "
           "before admission.", "New admissions with a community/urgent review in the lookback",
           "New admissions in the month (not transfers)", Unit.PERCENT, MONTH,
           "NHS England CYP standard 90% (verified)", Section.REVIEWS,
           _not_available(NEEDS_REVIEWS), target="90%", needs=NEEDS_REVIEWS),
    Metric("C5", "Community C(E)TRs that avoided admission",
           "Community reviews with outcome 'admission avoided' and no admission within "
           f"{settings.AVOIDED_FOLLOWUP_DAYS} days, reported once the follow-up has passed.",
           "Community reviews held in the month, admission avoided and not admitted within "
           "the follow-up", "Community reviews held in the month", Unit.PERCENT, MONTH,
           "Seed 004", Section.REVIEWS, _not_available(NEEDS_REVIEWS), needs=NEEDS_REVIEWS),
    Metric("C6", "Oversight visits in date",
           "Inpatients whose commissioner oversight visit (R8 adults 8-weekly, R9 under-18s "
           "6-weekly) is not overdue at month end.",
           "Open spells with R8/R9 not overdue", "Open spells at month end", Unit.PERCENT, AS_AT,
           "Commissioner oversight guidance (verified)", Section.REVIEWS,
           _not_available(NEEDS_REVIEWS), needs=NEEDS_REVIEWS),
    Metric("C7", "Overdue review actions",
           "Actions from C(E)TR recommendations that are past their due date and not done or "
           "cancelled at month end.", "Actions overdue at month end",
           "Actions open at month end", Unit.PERCENT, AS_AT, "CTR policy 2017 (verified)",
           Section.REVIEWS, _not_available(NEEDS_REVIEWS), needs=NEEDS_REVIEWS),
    Metric("C8", "Dynamic support register by RAG",
           "People with an active DSR entry at month end by their RAG rating on that day (Blue "
           "= in hospital), with age group and how many Red have a crisis plan.",
           "Active DSR entries per RAG", "Active DSR entries at month end", Unit.COUNT, AS_AT,
           "DSR policy 2023 (verified), seed 003", Section.COMMUNITY, _c8,
           drill_splits={"rag": "rag"}),
    # 5.4 Winterbourne View measures (seed 000)
    Metric("W1", "Moves to less restrictive settings",
           "Moves in the month to a ward of lower security, plus discharges to the community.",
           "Ward moves or transfers to a lower security level + discharges to community",
           "None", Unit.COUNT, MONTH, "Seed 000", Section.WINTERBOURNE, _w1),
    Metric("W2", "Length of residential and nursing placements",
           "Mean and median days so far of active residential and nursing care placements at "
           "month end; inpatient lengths of stay are L1 and L3.",
           "Sum of days of active residential/nursing placements",
           "Active residential/nursing placements", Unit.DAYS, AS_AT, "Seed 000",
           Section.WINTERBOURNE, _w2, suppressible=False),
    Metric("W3", "Out of area for lack of local provision",
           "People in an out-of-area placement made for lack of local provision, or in an "
           "out-of-area hospital, at month end.",
           "People with an active out-of-area placement (lack of local provision) or "
           "out-of-area spell", "None", Unit.COUNT, AS_AT, "Seed 000", Section.WINTERBOURNE,
           _w3),
    Metric("W4", "Patients in inpatient and A&T settings",
           "Inpatients at month end by bed type, assessment and treatment (and crisis) units "
           "apart.", "Open spells per bed type", "Open spells at month end", Unit.COUNT, AS_AT,
           "Seed 000", Section.WINTERBOURNE, _w4, drill=INPATIENT_DRILL,
           drill_splits={"bed_type": "bed_type"}),
    Metric("W5", "Expenditure against budget",
           "Transforming Care spending in the month against budget, as entered by the "
           "partnership with its source.", "Expenditure in the month (entered)",
           "Budget for the month (entered)", Unit.POUNDS, MONTH, "Seed 000 (entered figure)",
           Section.WINTERBOURNE, _w5, suppressible=False, denominator_is_count=False),
    Metric("W6", "People receiving a personal health budget",
           "People with an active personal health budget at month end.",
           "People with an active PHB", "None", Unit.COUNT, AS_AT, "Seed 000",
           Section.WINTERBOURNE, _w6),
    Metric("W7", "Satisfaction, quality of life, health inequalities, challenging behaviour, "
           "Green Light Toolkit",
           "Survey and audit results as reported by their source for the period; shown as "
           "reported, not derived.", "As reported", "As reported", Unit.REPORTED, QUARTER,
           "Seed 000 (entered figures)", Section.WINTERBOURNE, _w7, suppressible=False,
           denominator_is_count=False),
    Metric("W8", "Residential school and out-of-area placements",
           "Active residential school (38 or 52 week) and out-of-area placements at month end; "
           "the trend should fall.", "Active residential-school or out-of-area placements",
           "None", Unit.COUNT, AS_AT, "Seed 000", Section.WINTERBOURNE, _w8),
    # 5.5 Things we can count (seed 003)
    Metric("Q1", "Annual health check",
           "People on the register aged 14 or over with an annual health check in the last 12 "
           "months (and with a health action plan).",
           "People aged 14+ with an annual health check in the 12 months to month end",
           "People on the register aged 14+", Unit.PERCENT, AS_AT, "Seed 003",
           Section.QUALITY, lambda ctx: _q1(ctx)),
    Metric("Q2", "Current health equality framework assessment",
           "People with a HEF assessment in the last 12 months.",
           "People with a HEF assessment in the 12 months to month end",
           "People on the register", Unit.PERCENT, AS_AT, "Seed 003", Section.QUALITY,
           lambda ctx: _register_share(ctx, "hef")),
    Metric("Q3", "Support plan reviewed in the last 12 months",
           "People whose person-centred support (care) plan was reviewed in the last 12 months.",
           "People with a care plan review in the 12 months to month end",
           "People on the register", Unit.PERCENT, AS_AT, "Seed 003", Section.QUALITY,
           lambda ctx: _register_share(ctx, "care_plan")),
    Metric("Q4", "Named care coordinator",
           "People with a current named care coordinator (or keyworker).",
           "People with a current coordinator at month end", "People on the register",
           Unit.PERCENT, AS_AT, "Seed 003", Section.QUALITY,
           lambda ctx: _register_share(ctx, "coordinator")),
    Metric("Q5", "Personal budgets by deployment",
           "People with social-care support taking it as a direct payment, individual service "
           "fund or managed budget (each shown), rather than commissioned support only.",
           "People with an active social-care budget as DP, ISF or managed",
           "People with active social-care support", Unit.PERCENT, AS_AT, "Seed 003",
           Section.QUALITY, _q5),
    Metric("Q6", "Personal health budgets and integrated budgets",
           "People with an active personal health budget (and integrated budget); as a rate of "
           "people receiving NHS-funded support when that figure is entered.",
           "People with an active PHB", "People receiving NHS-funded support (entered)",
           Unit.COUNT, AS_AT, "Seed 003", Section.QUALITY, _q6),
    Metric("Q7", "Settled accommodation",
           "People living in the community in settled accommodation (own home, family, "
           "supported living, Shared Lives); also residential care, supported living or Shared "
           "Lives, and family.", "Community people in settled accommodation at month end",
           "People on the register not in hospital at month end", Unit.PERCENT, AS_AT,
           "Seed 003, ASCOF 1G", Section.QUALITY, _q7),
    Metric("Q8", "Returned to previous home after admission",
           "Discharges to the community in the month where the person went back to the home "
           "they lived in before admission.",
           "Discharges to the community, returned to the previous home",
           "Discharges to the community in the month", Unit.PERCENT, MONTH, "Seed 003",
           Section.QUALITY, _q8),
    Metric("Q9", "Paid employment", "People in paid employment at month end.",
           "People with current paid employment", "People on the register", Unit.PERCENT, AS_AT,
           "Seed 003", Section.QUALITY, lambda ctx: _register_share(ctx, "paid_work")),
    Metric("Q10", "Contact with the criminal justice system",
           "People with a criminal justice contact recorded in the month.",
           "People with a contact dated in the month", "People on the register", Unit.PERCENT,
           MONTH, "Seed 003", Section.QUALITY, lambda ctx: _register_share(ctx, "justice")),
    Metric("Q11", "Placement breakdowns",
           "Placements that ended in the month because they broke down.",
           "Placements ended by breakdown in the month", "None", Unit.COUNT, MONTH, "Seed 003",
           Section.QUALITY, _q11),
    Metric("Q12", "Crisis plan",
           "People with a current crisis plan at month end; also for people on the DSR.",
           "People with a current crisis plan", "People on the register", Unit.PERCENT, AS_AT,
           "Seed 003", Section.QUALITY, _q12),
    Metric("Q13", "Unplanned admissions",
           "New admissions in the month that were unplanned (crisis).",
           "New admissions flagged unplanned", "New admissions in the month (not transfers)",
           Unit.PERCENT, MONTH, "Seed 003", Section.QUALITY, _q13),
    Metric("Q14", "Crisis or temporary accommodation",
           "People using crisis or temporary accommodation in the month; mean stay of those who "
           "left; whether they went back to the same kind of home as before (the register holds "
           "types of home, not addresses) or moved to a different one.",
           "People with a crisis/temporary stay overlapping the month", "None", Unit.COUNT,
           MONTH, "Seed 003", Section.QUALITY, _q14),
    # 5.6 Annex A (seed 004)
    Metric("A1", "Care plan reviewed and care coordinator contact (average census)",
           "Of every inpatient day in the month, the share on which the person had a "
           "face-to-face care coordinator contact in the 28 days up to that day and a care plan "
           "review in the 12 months up to that day.",
           "Inpatient person-days with a face-to-face contact in the preceding 28 days and a "
           "care review in the preceding 12 months", "Inpatient person-days in the month",
           Unit.PERCENT, MONTH, "Seed 004 Annex A indicator 1", Section.QUALITY, _a1,
           suppressible=False, denominator_is_count=False),
    Metric("A2", "Social-care clients with a direct payment or managed budget",
           "Council social-care clients with a learning disability and long-term community "
           "support funded by direct payment or managed personal budget (autism-only excluded), "
           "as entered from the council's return.",
           "Clients with a direct payment (full or part) or managed personal budget",
           "Clients with long-term community support: direct payment, managed budget or "
           "commissioned support only", Unit.PERCENT, QUARTER,
           "Seed 004 Annex A indicator 2 (entered figures)", Section.QUALITY, _a2,
           target="More than 60%"),
    Metric("A3", "Readmission within 90 days",
           "Discharges (not transfers or deaths) followed by a psychiatric admission within 90 "
           "days; also 28 days and 12 months. Each window reports the discharge month whose "
           "window has closed: 1 month earlier for 28 days, 4 for 90 days, 12 for 12 months.",
           "Discharges followed by an admission within the window",
           "Discharges in the month (excluding transfers and deaths)", Unit.PERCENT, MONTH,
           "Seed 004 Annex A indicator 3", Section.QUALITY, _a3),
    Metric("A4", "Annual health checks (GP learning disability register)",
           "People on GP learning disability registers who had an annual health check in the "
           "year, as entered from CQRS or practice data.",
           "People on the GP LD register with an annual health check in the year (entered)",
           "People on GP LD registers in the area (entered)", Unit.PERCENT, YEAR,
           "Seed 004 Annex A indicator 4 (entered figures)", Section.QUALITY, _a4),
    Metric("A5", "Psychiatric referrals seen within 18 weeks",
           "Referrals to specialist mental health services of people with a learning disability "
           "or autism, counted in the month their outcome became known: first contact within "
           f"{settings.REFERRAL_WAIT_DAYS} days (met) or that many days passed without one.",
           "Referrals with first contact within 18 weeks", "Referrals whose outcome became "
           "known in the month", Unit.PERCENT, MONTH, "Seed 004 Annex A indicator 5",
           Section.QUALITY, _a5),
    Metric("A6", "Crisis plan (average census)",
           "Of every inpatient day in the month, the share on which the person had a current "
           "crisis plan.", "Inpatient person-days with a current crisis plan",
           "Inpatient person-days in the month", Unit.PERCENT, MONTH,
           "Seed 004 Annex A indicator 6", Section.QUALITY, _a6, suppressible=False,
           denominator_is_count=False),
]

REGISTRY: dict[str, Metric] = {metric.id: metric for metric in METRICS}


DRILL_VALUE = re.compile(r"^[A-Z0-9_]{1,40}$")


def drill_filters(metric: Metric, *, split: str | None = None,
                  value: str | None = None) -> dict[str, str] | None:
    """The register list filters behind a count: the metric's own, plus one split's category.
    None when the metric (or that split, or that category) has no register list behind it."""
    filters = dict(metric.drill or {})
    if split is None:
        return filters if metric.drill is not None else None
    param = metric.drill_splits.get(split)
    if param is None or value is None or not DRILL_VALUE.match(value):
        return None
    if param in DRILL_VALUES:
        if value not in DRILL_VALUES[param]:
            return None
        value = DRILL_VALUES[param][value]
    return filters | {param: value}


def compute_metric(metric_id: str, ctx: MetricContext) -> MetricResult:
    return REGISTRY[metric_id].compute(ctx)


def compute_all(ctx: MetricContext) -> dict[str, MetricResult]:
    """Every metric for the context's partnership and period (a constant number of queries)."""
    return {metric.id: metric.compute(ctx) for metric in METRICS}
