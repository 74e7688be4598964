"""Labels, number formats and RAG tags shared by the dashboard presenters."""

from __future__ import annotations

from typing import Any

from register.models import (
    AdmissionKind,
    BedType,
    BudgetDeployment,
    CommissionerType,
    DelayReason,
    DestinationGroup,
    Rag,
    SecurityLevel,
)

from ..metrics import Metric, Unit
from ..metrics.sql import LOS_BAND_LABELS, LOS_BANDS
from ..metrics.suppression import SUPPRESSED

RAG_TAG_CLASSES = {
    Rag.RED: "nhsuk-tag--red",
    Rag.AMBER: "nhsuk-tag--orange",
    Rag.GREEN: "nhsuk-tag--green",
    Rag.BLUE: "nhsuk-tag--blue",
}

CATEGORY_LABELS: dict[str, dict[str, str]] = {
    "commissioner_type": dict(CommissionerType.choices),
    "bed_type": dict(BedType.choices),
    "security_level": dict(SecurityLevel.choices),
    "age_group": {"ADULT": "18 and over", "CYP": "Under 18"},
    "area": {"IN_AREA": "In area", "OUT_OF_AREA": "Out of area"},
    "los_band": LOS_BAND_LABELS,
    "cohort": {
        "ORIGINAL_WINTERBOURNE": "Original Winterbourne cohort (in hospital since "
        "before March 2014)",
        "LATER": "Admitted since March 2014",
    },
    "legal_status": {
        "DETAINED": "Detained under the Mental Health Act",
        "INFORMAL": "Informal",
        "NOT_KNOWN": "Not recorded",
    },
    "delay_reason": dict(DelayReason.choices),
    "admission_kind": dict(AdmissionKind.choices),
    "destination_group": dict(DestinationGroup.choices),
    "rag": {**dict(Rag.choices), "NOT_RATED": "Not rated yet"},
    "long_stay": {"5Y_PLUS": "5 years or more", "2_5Y": "2 to 5 years"},
    "move": {
        "WARD_STEP_DOWN": "Moved to a less secure ward",
        "DISCHARGED_TO_COMMUNITY": "Discharged to the community",
    },
    "setting": {
        "AT_OR_CRISIS": "Assessment and treatment or crisis unit",
        "OTHER_INPATIENT": "Other inpatient settings",
    },
    "placement": {
        "RESIDENTIAL_SCHOOL": "Residential school (38 or 52 week)",
        "OUT_OF_AREA": "Out-of-area placement",
    },
    "budget_kind": {"PHB": "Personal health budget", "INTEGRATED": "Integrated budget"},
    "distance_band": {
        "0_10": "0 to 10 km",
        "11_20": "11 to 20 km",
        "21_50": "21 to 50 km",
        "51_100": "51 to 100 km",
        "OVER_100": "Over 100 km",
        "NOT_KNOWN": "Postcode district not known",
    },
}
SPLIT_TITLES = {
    "commissioner_type": "Commissioner",
    "bed_type": "Bed type",
    "security_level": "Security",
    "age_group": "Age group",
    "area": "Area",
    "los_band": "Length of stay",
    "cohort": "Cohort",
    "legal_status": "Legal status",
    "delay_reason": "Delay reason",
    "admission_kind": "Admission kind",
    "destination_group": "Discharged to",
    "rag": "RAG",
    "long_stay": "Length of stay",
    "move": "Move",
    "setting": "Setting",
    "placement": "Placement",
    "budget_kind": "Budget",
    "distance_band": "Distance from home",
}
RATE_LABELS = {
    "inpatient": "Inpatients",
    "community": "People in the community",
    "with_health_action_plan": "With a health action plan",
    "dsr": "People on the DSR",
    "residential": "Residential or nursing care",
    "supported_or_shared_lives": "Supported living or Shared Lives",
    "family": "Living with family",
    "red_with_crisis_plan": "Red-rated with a crisis plan",
    "phb_of_health_support": "Of people receiving NHS-funded support",
    "returned_to_previous_kind_of_home": "Returned to the same kind of home",
    "moved_to_a_different_home": "Moved to a different home",
    "on_health_check_register": "On the LD health-check register",
    "28": "Within 28 days",
    "90": "Within 90 days",
    "365": "Within 12 months",
    **{d.value: f"{d.label}" for d in BudgetDeployment},
    "ICB": "ICB",
    "NHSE_SPEC": "NHS England specialised",
    "TOTAL": "All inpatients",
}
STAT_LABELS = {
    "median_days": "Median (days)",
    "mean_stay_days": "Mean stay (days)",
    "inpatient_mean_days_of_discharges": "Inpatient mean length of stay of discharges (days)",
    "variance": "Over (+) or under (-) budget (£)",
    "spent_pct": "Budget spent (%)",
    "target_pct": "Target reduction (%)",
    "declined_but_offered": "Of which declined by the person (offered in time)",
    "threshold_pct": "Threshold (%)",
}
UNIT_SUFFIX = {Unit.RATE_PER_MILLION: " per million", Unit.DAYS: " days"}
SUPPRESSION_TEXT = (
    "Small numbers are hidden to protect people's privacy: 1 to {max} is shown as *, other "
    "counts are rounded to the nearest {round}, and a rate whose count is hidden is *."
)


def rag_tag(rag: str | None, *, label: str | None = None) -> dict[str, str] | None:
    if not rag:
        return None
    return {"text": label or Rag(rag).label, "classes": RAG_TAG_CLASSES.get(Rag(rag), "")}


def fmt_number(value: Any, *, decimals: int = 0) -> str:
    if value is None:
        return "n/a"
    if value == SUPPRESSED:
        return SUPPRESSED
    if isinstance(value, int) or (decimals == 0 and float(value).is_integer()):
        return f"{int(value):,}"
    return f"{float(value):,.{decimals}f}"


def format_value(metric: Metric, value: Any) -> str:
    if value is None:
        return "n/a"
    if value == SUPPRESSED:
        return SUPPRESSED
    if metric.unit == Unit.PERCENT:
        return f"{float(value):.1f}%"
    if metric.unit == Unit.RATE_PER_MILLION:
        return f"{float(value):.1f} per million"
    if metric.unit == Unit.DAYS:
        return f"{float(value):,.0f} days"
    if metric.unit == Unit.POUNDS:
        return f"£{float(value):,.0f}"
    if metric.unit == Unit.RAG:
        return Rag(value).label
    if metric.unit == Unit.REPORTED:
        return f"{fmt_number(value)} figures reported"
    return fmt_number(value)


def label_of(dimension: str, category: str) -> str:
    return CATEGORY_LABELS.get(dimension, {}).get(category, category.replace("_", " ").title())


def ordered(dimension: str, cells: dict[str, Any]) -> list[str]:
    known = list(CATEGORY_LABELS.get(dimension, {}))
    if dimension == "los_band":
        known = [code for code, _, _ in LOS_BANDS]
    return sorted(cells, key=lambda c: (known.index(c) if c in known else len(known), c))
