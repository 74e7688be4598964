"""The metric registry: every figure the dashboard, snapshots, AT checks and board pack show,
defined once (DOMAIN.md 5). Each entry says what is counted, over what, for which period and from
which seed or policy; its compute function reads one of MetricContext's aggregate query groups.

Ids: H headline (5.1), L/D length of stay and delays (5.2), T trajectory (5.2), C reviews and
oversight (5.3), W Winterbourne measures (5.4), Q "things we can count" (5.5), A Annex A (5.6).
"""

from __future__ import annotations

import re

from django.conf import settings

from . import compute as c
from .compute import register_share_of
from .context import MetricContext
from .core import Metric, MetricResult, PeriodType, Section, Unit

# Drill-down goes to the register list (register.filters.RegisterFilter) with its own filter
# names and values; the list shows today's register, so links are offered for the current month.
INPATIENT_DRILL = {"status": "INPATIENT"}
H1_DRILL_SPLITS = {
    "commissioner_type": "commissioner_type",
    "bed_type": "bed_type",
    "age_group": "age_band",
    "area": "area",
}
DRILL_VALUES = {
    "age_band": {"CYP": "CHILD", "ADULT": "ADULT"},
    "rag": {"RED": "RED", "AMBER": "AMBER", "GREEN": "GREEN", "BLUE": "BLUE"},
}


# --- the registry ----------------------------------------------------------------------------

AS_AT, MONTH, QUARTER, YEAR = (
    PeriodType.AS_AT,
    PeriodType.MONTH,
    PeriodType.QUARTER,
    PeriodType.YEAR,
)

METRICS: list[Metric] = [
    # 5.1 National headline measures
    Metric(
        "H1",
        "Inpatients at month end",
        "People in a specialist learning disability or mental health hospital bed at the "
        "end of the month, split by commissioner, bed type, age group, area, length of stay "
        "and cohort.",
        "Open hospital spells (people) at month end",
        "None",
        Unit.COUNT,
        AS_AT,
        "Assuring Transformation (verified)",
        Section.INPATIENTS,
        c.h1,
        drill=INPATIENT_DRILL,
        drill_splits=H1_DRILL_SPLITS,
    ),
    Metric(
        "H2",
        "ICB-commissioned inpatients per million adults",
        "Adults in an ICB-commissioned bed per million GP-registered adults.",
        "Open spells of adults with commissioner type ICB",
        "GP-registered population aged 18+ ÷ 1,000,000",
        Unit.RATE_PER_MILLION,
        AS_AT,
        "Building the Right Support (seeds 003, 004)",
        Section.INPATIENTS,
        c.h2,
        denominator_is_count=False,
        target="Planning range 10 to 15 per million",
        drill={"status": "INPATIENT", "commissioner_type": "ICB", "age_band": "ADULT"},
    ),
    Metric(
        "H3",
        "NHS England-commissioned inpatients per million adults",
        "People in a bed commissioned by NHS England specialised commissioning (including "
        "CAMHS tier 4) per million GP-registered adults.",
        "Open spells with commissioner type NHSE_SPEC",
        "GP-registered population aged 18+ ÷ 1,000,000",
        Unit.RATE_PER_MILLION,
        AS_AT,
        "Building the Right Support (seeds 003, 004)",
        Section.INPATIENTS,
        c.h3,
        denominator_is_count=False,
        target="Planning range 20 to 25 per million",
        drill={"status": "INPATIENT", "commissioner_type": "NHSE_SPEC"},
    ),
    Metric(
        "H4",
        "Adult inpatients per million adults",
        "Adults in hospital, whoever commissions the bed, per million GP-registered adults.",
        "Open spells of adults (18+)",
        "GP-registered population aged 18+ ÷ 1,000,000",
        Unit.RATE_PER_MILLION,
        AS_AT,
        "NHS Long Term Plan (verified)",
        Section.INPATIENTS,
        c.h4,
        denominator_is_count=False,
        target="30 or fewer per million by March 2024",
        drill={"status": "INPATIENT", "age_band": "ADULT"},
    ),
    Metric(
        "H5",
        "Children and young people in hospital per million children",
        "Under-18s in hospital per million GP-registered children aged 0 to 17.",
        "Open spells of people under 18",
        "GP-registered population aged 0-17 ÷ 1,000,000",
        Unit.RATE_PER_MILLION,
        AS_AT,
        "NHS Long Term Plan (verified)",
        Section.INPATIENTS,
        c.h5,
        denominator_is_count=False,
        target="12 to 15 per million",
        drill={"status": "INPATIENT", "age_band": "CHILD"},
    ),
    Metric(
        "H6",
        "Reduction since the 2015 baseline",
        "How far the number of inpatients has fallen since the partnership's March 2015 count.",
        "2015 baseline minus inpatients at month end",
        "2015 baseline",
        Unit.PERCENT,
        AS_AT,
        "NHS Long Term Plan, Building the Right Support (verified)",
        Section.INPATIENTS,
        c.h6,
        target="Fewer than half the 2015 level by March 2024",
    ),
    Metric(
        "H7",
        "Admissions in the month",
        "Hospital spells that started in the month: first admissions, readmissions within 12 "
        "months, and transfers from another hospital.",
        "Admissions with admission date in the month",
        "None",
        Unit.COUNT,
        MONTH,
        "Assuring Transformation (verified)",
        Section.FLOW,
        c.h7,
    ),
    Metric(
        "H8",
        "Discharges in the month",
        "Hospital spells that ended in the month, by where the person went.",
        "Discharges with discharge date in the month (community, other hospital, other)",
        "None",
        Unit.COUNT,
        MONTH,
        "Assuring Transformation (verified)",
        Section.FLOW,
        c.h8,
    ),
    Metric(
        "H9",
        "Planned discharge date recorded",
        "Inpatients whose planned discharge or transfer date is known to the commissioner.",
        "Open spells with a planned discharge date on record at month end",
        "Open spells at month end",
        Unit.PERCENT,
        AS_AT,
        "Assuring Transformation (verified)",
        Section.INPATIENTS,
        c.h9,
    ),
    Metric(
        "H10",
        "Inpatients in a secure ward",
        "Inpatients on a low, medium or high secure ward at month end.",
        "Open spells whose ward at month end is low, medium or high secure",
        "Open spells at month end",
        Unit.PERCENT,
        AS_AT,
        "Assuring Transformation (verified)",
        Section.INPATIENTS,
        c.h10,
    ),
    Metric(
        "H11",
        "Distance from home",
        "Inpatients more than 50 km from home, and all inpatients by straight-line distance "
        "from home to hospital: 0-10, 11-20, 21-50, 51-100 and over 100 km. Estimated between "
        "the centres of the home and hospital postcode districts (OS Code-Point Open).",
        "Open spells more than 50 km from home (per distance band in the split)",
        "Open spells at month end whose home and hospital postcode districts are known",
        Unit.PERCENT,
        AS_AT,
        "Assuring Transformation (verified bands <=10, >50); district centroids assumed",
        Section.INPATIENTS,
        c.h11,
    ),
    Metric(
        "H12",
        "Out-of-area inpatients",
        "Inpatients in a hospital outside the partnership's footprint (the site's postcode "
        "district is not covered by any member organisation).",
        "Open spells at month end in a hospital out of area",
        "Open spells at month end",
        Unit.PERCENT,
        AS_AT,
        "Seeds 000, 004",
        Section.INPATIENTS,
        c.h12,
        drill={"status": "INPATIENT", "area": "OUT_OF_AREA"},
        drill_splits={"commissioner_type": "commissioner_type"},
    ),
    # 5.2 Length of stay, delays, trajectory
    Metric(
        "L1",
        "Length of stay",
        "Inpatients by total length of stay since the start of their continuous stay "
        "(transfers between hospitals do not restart it).",
        "Open spells per length-of-stay band",
        "Open spells at month end",
        Unit.COUNT,
        AS_AT,
        "Seed 004, Assuring Transformation",
        Section.INPATIENTS,
        c.l1,
    ),
    Metric(
        "L2",
        "Long stays",
        "Inpatients in hospital for 5 years or more (the dowry cohort), and for 2 to 5 years.",
        "Open spells with a continuous stay of 5 years or more (and 2 to 5 years)",
        "None",
        Unit.COUNT,
        AS_AT,
        "Seeds 003, 004",
        Section.INPATIENTS,
        c.l2,
    ),
    Metric(
        "L3",
        "Length of stay of people discharged",
        "Mean (and median) total length of stay, in days, of the discharges in the month.",
        "Sum of the lengths of stay of discharges in the month",
        "Discharges in the month",
        Unit.DAYS,
        MONTH,
        "Seeds 003, 004",
        Section.FLOW,
        c.l3,
        suppressible=False,
    ),
    Metric(
        "D1",
        "Delayed discharges",
        "Inpatients clinically ready for discharge on or before month end and still in hospital.",
        "Open spells with a clinically-ready date on or before month end",
        "None",
        Unit.COUNT,
        AS_AT,
        "Seed 004",
        Section.INPATIENTS,
        c.d1,
        drill={"status": "INPATIENT", "delayed": "yes"},
        drill_splits={"commissioner_type": "commissioner_type"},
    ),
    Metric(
        "D2",
        "Delayed days",
        "Days that the people delayed at month end have waited since they were clinically ready.",
        "Sum over D1 of (month end - clinically-ready date)",
        "None",
        Unit.DAYS,
        AS_AT,
        "Assumed (DOMAIN.md 5.2)",
        Section.INPATIENTS,
        c.d2,
        suppressible=False,
        denominator_is_count=False,
    ),
    Metric(
        "D3",
        "Delays by reason",
        "The delayed discharges of D1 by their delay reason at month end.",
        "D1 per delay reason",
        "D1",
        Unit.COUNT,
        AS_AT,
        "Seed 004",
        Section.INPATIENTS,
        c.d3,
        drill={"status": "INPATIENT", "delayed": "yes"},
    ),
    Metric(
        "T1",
        "Trajectory variance",
        "Inpatients at month end compared with the partnership's planned trajectory for the "
        "quarter, per commissioner type.",
        "Inpatients at month end minus planned inpatients (per commissioner type)",
        "Planned inpatients for the quarter",
        Unit.COUNT,
        AS_AT,
        "Seeds 003, 004",
        Section.TRAJECTORY,
        c.t1,
        suppressible=False,
        denominator_is_count=False,
    ),
    Metric(
        "T2",
        "Trajectory RAG",
        f"Green if inpatients are at or under plan; amber if no more than "
        f"{settings.TRAJECTORY_AMBER_PCT}% over; red otherwise (ADR 0004).",
        "Inpatients at month end against planned inpatients",
        "None",
        Unit.RAG,
        AS_AT,
        "Assumed (DOMAIN.md 5.2; seed 004 RAG wording)",
        Section.TRAJECTORY,
        c.t2,
        suppressible=False,
        denominator_is_count=False,
    ),
    # 5.3 Reviews and oversight
    Metric(
        "C1",
        "Inpatient C(E)TRs in date",
        "Inpatients whose C(E)TR is not overdue at month end: the repeat review (rules R5, R6, "
        "R7), or the post-admission review (R3, R4) while none has been held.",
        "Open spells with no overdue R3/R4/R5/R6/R7 item",
        "Open spells at least 28 days old (adults) or 10 working days (under 18)",
        Unit.PERCENT,
        AS_AT,
        "C(E)TR policy (verified)",
        Section.REVIEWS,
        c.c1,
    ),
    Metric(
        "C2",
        "Last review more than 6 months ago",
        "Inpatients whose latest held C(E)TR was more than 6 months before month end, or who "
        "have none.",
        "Open spells with no held C(E)TR in the 6 months to month end",
        "Open spells at month end",
        Unit.PERCENT,
        AS_AT,
        "Assuring Transformation (verified)",
        Section.REVIEWS,
        c.c2,
    ),
    Metric(
        "C3",
        "Post-admission reviews on time",
        "Admissions needing a post-admission CTR (R3) or CETR (R4) whose review was held by "
        "the due date, reported in the month the review fell due.",
        "Admissions with R3/R4 due in the month and satisfied on time",
        "Admissions with R3/R4 due in the month (due date passed)",
        Unit.PERCENT,
        MONTH,
        "C(E)TR policy (verified)",
        Section.REVIEWS,
        c.c3,
    ),
    Metric(
        "C4",
        "Admissions preceded by a community C(E)TR",
        "New admissions with a community or urgent (blue light) C(E)TR held in the 28 days "
        "before admission.",
        "New admissions with a community/urgent review in the lookback",
        "New admissions in the month (not transfers)",
        Unit.PERCENT,
        MONTH,
        "NHS England CYP standard 90% (verified)",
        Section.REVIEWS,
        c.c4,
        target="NHS England standard: 90%",
    ),
    Metric(
        "C5",
        "Community C(E)TRs that avoided admission",
        "Community and urgent reviews with outcome 'admission avoided' and no admission within "
        f"{settings.AVOIDED_FOLLOWUP_DAYS} days. Each month reports the reviews held in the "
        "month before, whose follow-up has then passed.",
        "Community reviews held in the reported month, admission avoided and not admitted "
        "within the follow-up",
        "Community reviews held in the reported month",
        Unit.PERCENT,
        MONTH,
        "Seed 004",
        Section.REVIEWS,
        c.c5,
    ),
    Metric(
        "C6",
        "Oversight visits in date",
        "Inpatients whose commissioner oversight visit (R8 adults 8-weekly, R9 under-18s "
        "6-weekly) is not overdue at month end.",
        "Open spells with R8/R9 not overdue",
        "Open spells at month end",
        Unit.PERCENT,
        AS_AT,
        "Commissioner oversight guidance (verified)",
        Section.REVIEWS,
        c.c6,
    ),
    Metric(
        "C7",
        "Overdue review actions",
        "Actions from C(E)TR recommendations that are past their due date and not done or "
        "cancelled at month end.",
        "Actions overdue at month end",
        "Actions open at month end",
        Unit.PERCENT,
        AS_AT,
        "CTR policy 2017 (verified)",
        Section.REVIEWS,
        c.c7,
    ),
    Metric(
        "C8",
        "Dynamic support register by RAG",
        "People with an active DSR entry at month end by their RAG rating on that day (Blue "
        "= in hospital), with age group and how many Red have a crisis plan.",
        "Active DSR entries per RAG",
        "Active DSR entries at month end",
        Unit.COUNT,
        AS_AT,
        "DSR policy 2023 (verified), seed 003",
        Section.COMMUNITY,
        c.c8,
        drill_splits={"rag": "rag"},
    ),
    # 5.4 Winterbourne View measures (seed 000)
    Metric(
        "W1",
        "Moves to less restrictive settings",
        "Moves in the month to a ward of lower security, plus discharges to the community.",
        "Ward moves or transfers to a lower security level + discharges to community",
        "None",
        Unit.COUNT,
        MONTH,
        "Seed 000",
        Section.WINTERBOURNE,
        c.w1,
    ),
    Metric(
        "W2",
        "Length of residential and nursing placements",
        "Mean and median days so far of active residential and nursing care placements at "
        "month end; inpatient lengths of stay are L1 and L3.",
        "Sum of days of active residential/nursing placements",
        "Active residential/nursing placements",
        Unit.DAYS,
        AS_AT,
        "Seed 000",
        Section.WINTERBOURNE,
        c.w2,
        suppressible=False,
    ),
    Metric(
        "W3",
        "Out of area for lack of local provision",
        "People in an out-of-area placement made for lack of local provision, or in an "
        "out-of-area hospital, at month end.",
        "People with an active out-of-area placement (lack of local provision) or "
        "out-of-area spell",
        "None",
        Unit.COUNT,
        AS_AT,
        "Seed 000",
        Section.WINTERBOURNE,
        c.w3,
    ),
    Metric(
        "W4",
        "Patients in inpatient and A&T settings",
        "Inpatients at month end by bed type, assessment and treatment (and crisis) units apart.",
        "Open spells per bed type",
        "Open spells at month end",
        Unit.COUNT,
        AS_AT,
        "Seed 000",
        Section.WINTERBOURNE,
        c.w4,
        drill=INPATIENT_DRILL,
        drill_splits={"bed_type": "bed_type"},
    ),
    Metric(
        "W5",
        "Expenditure against budget",
        "Transforming Care spending in the month against budget, as entered by the "
        "partnership with its source.",
        "Expenditure in the month (entered)",
        "Budget for the month (entered)",
        Unit.POUNDS,
        MONTH,
        "Seed 000 (entered figure)",
        Section.WINTERBOURNE,
        c.w5,
        suppressible=False,
        denominator_is_count=False,
    ),
    Metric(
        "W6",
        "People receiving a personal health budget",
        "People with an active personal health budget at month end.",
        "People with an active PHB",
        "None",
        Unit.COUNT,
        AS_AT,
        "Seed 000",
        Section.WINTERBOURNE,
        c.w6,
    ),
    Metric(
        "W7",
        "Satisfaction, quality of life, health inequalities, challenging behaviour, "
        "Green Light Toolkit",
        "Survey and audit results as reported by their source for the period; shown as "
        "reported, not derived.",
        "As reported",
        "As reported",
        Unit.REPORTED,
        QUARTER,
        "Seed 000 (entered figures)",
        Section.WINTERBOURNE,
        c.w7,
        suppressible=False,
        denominator_is_count=False,
    ),
    Metric(
        "W8",
        "Residential school and out-of-area placements",
        "Active residential school (38 or 52 week) and out-of-area placements at month end; "
        "the trend should fall.",
        "Active residential-school or out-of-area placements",
        "None",
        Unit.COUNT,
        AS_AT,
        "Seed 000",
        Section.WINTERBOURNE,
        c.w8,
    ),
    # 5.5 Things we can count (seed 003)
    Metric(
        "Q1",
        "Annual health check",
        "People on the register aged 14 or over with an annual health check in the last 12 "
        "months (and with a health action plan).",
        "People aged 14+ with an annual health check in the 12 months to month end",
        "People on the register aged 14+",
        Unit.PERCENT,
        AS_AT,
        "Seed 003",
        Section.QUALITY,
        c.q1,
    ),
    Metric(
        "Q2",
        "Current health equality framework assessment",
        "People with a HEF assessment in the last 12 months.",
        "People with a HEF assessment in the 12 months to month end",
        "People on the register",
        Unit.PERCENT,
        AS_AT,
        "Seed 003",
        Section.QUALITY,
        register_share_of("hef"),
    ),
    Metric(
        "Q3",
        "Support plan reviewed in the last 12 months",
        "People whose person-centred support (care) plan was reviewed in the last 12 months.",
        "People with a care plan review in the 12 months to month end",
        "People on the register",
        Unit.PERCENT,
        AS_AT,
        "Seed 003",
        Section.QUALITY,
        register_share_of("care_plan"),
    ),
    Metric(
        "Q4",
        "Named care coordinator",
        "People with a current named care coordinator (or keyworker).",
        "People with a current coordinator at month end",
        "People on the register",
        Unit.PERCENT,
        AS_AT,
        "Seed 003",
        Section.QUALITY,
        register_share_of("coordinator"),
    ),
    Metric(
        "Q5",
        "Personal budgets by deployment",
        "People with social-care support taking it as a direct payment, individual service "
        "fund or managed budget (each shown), rather than commissioned support only.",
        "People with an active social-care budget as DP, ISF or managed",
        "People with active social-care support",
        Unit.PERCENT,
        AS_AT,
        "Seed 003",
        Section.QUALITY,
        c.q5,
    ),
    Metric(
        "Q6",
        "Personal health budgets and integrated budgets",
        "People with an active personal health budget (and integrated budget); as a rate of "
        "people receiving NHS-funded support when that figure is entered.",
        "People with an active PHB",
        "People receiving NHS-funded support (entered)",
        Unit.COUNT,
        AS_AT,
        "Seed 003",
        Section.QUALITY,
        c.q6,
    ),
    Metric(
        "Q7",
        "Settled accommodation",
        "People living in the community in settled accommodation (own home, family, "
        "supported living, Shared Lives); also residential care, supported living or Shared "
        "Lives, and family.",
        "Community people in settled accommodation at month end",
        "People on the register not in hospital at month end",
        Unit.PERCENT,
        AS_AT,
        "Seed 003, ASCOF 1G",
        Section.QUALITY,
        c.q7,
    ),
    Metric(
        "Q8",
        "Returned to previous home after admission",
        "Discharges to the community in the month where the person went back to the home "
        "they lived in before admission.",
        "Discharges to the community, returned to the previous home",
        "Discharges to the community in the month",
        Unit.PERCENT,
        MONTH,
        "Seed 003",
        Section.QUALITY,
        c.q8,
    ),
    Metric(
        "Q9",
        "Paid employment",
        "People in paid employment at month end.",
        "People with current paid employment",
        "People on the register",
        Unit.PERCENT,
        AS_AT,
        "Seed 003",
        Section.QUALITY,
        register_share_of("paid_work"),
    ),
    Metric(
        "Q10",
        "Contact with the criminal justice system",
        "People with a criminal justice contact recorded in the month.",
        "People with a contact dated in the month",
        "People on the register",
        Unit.PERCENT,
        MONTH,
        "Seed 003",
        Section.QUALITY,
        register_share_of("justice"),
    ),
    Metric(
        "Q11",
        "Placement breakdowns",
        "Placements that ended in the month because they broke down.",
        "Placements ended by breakdown in the month",
        "None",
        Unit.COUNT,
        MONTH,
        "Seed 003",
        Section.QUALITY,
        c.q11,
    ),
    Metric(
        "Q12",
        "Crisis plan",
        "People with a current crisis plan at month end; also for people on the DSR.",
        "People with a current crisis plan",
        "People on the register",
        Unit.PERCENT,
        AS_AT,
        "Seed 003",
        Section.QUALITY,
        c.q12,
    ),
    Metric(
        "Q13",
        "Unplanned admissions",
        "New admissions in the month that were unplanned (crisis).",
        "New admissions flagged unplanned",
        "New admissions in the month (not transfers)",
        Unit.PERCENT,
        MONTH,
        "Seed 003",
        Section.QUALITY,
        c.q13,
    ),
    Metric(
        "Q14",
        "Crisis or temporary accommodation",
        "People using crisis or temporary accommodation in the month; mean stay of those who "
        "left; whether they went back to the same kind of home as before (the register holds "
        "types of home, not addresses) or moved to a different one.",
        "People with a crisis/temporary stay overlapping the month",
        "None",
        Unit.COUNT,
        MONTH,
        "Seed 003",
        Section.QUALITY,
        c.q14,
    ),
    # 5.6 Annex A (seed 004)
    Metric(
        "A1",
        "Care plan reviewed and care coordinator contact (average census)",
        "Of every inpatient day in the month, the share on which the person had a "
        "face-to-face care coordinator contact in the 28 days up to that day and a care plan "
        "review in the 12 months up to that day.",
        "Inpatient person-days with a face-to-face contact in the preceding 28 days and a "
        "care review in the preceding 12 months",
        "Inpatient person-days in the month",
        Unit.PERCENT,
        MONTH,
        "Seed 004 Annex A indicator 1",
        Section.QUALITY,
        c.a1,
        suppressible=False,
        denominator_is_count=False,
    ),
    Metric(
        "A2",
        "Social-care clients with a direct payment or managed budget",
        "Council social-care clients with a learning disability and long-term community "
        "support funded by direct payment or managed personal budget (autism-only excluded), "
        "as entered from the council's return.",
        "Clients with a direct payment (full or part) or managed personal budget",
        "Clients with long-term community support: direct payment, managed budget or "
        "commissioned support only",
        Unit.PERCENT,
        QUARTER,
        "Seed 004 Annex A indicator 2 (entered figures)",
        Section.QUALITY,
        c.a2,
        target="More than 60%",
    ),
    Metric(
        "A3",
        "Readmission within 90 days",
        "Discharges (not transfers or deaths) followed by a psychiatric admission within 90 "
        "days; also 28 days and 12 months. Each window reports the discharge month whose "
        "window has closed: 1 month earlier for 28 days, 4 for 90 days, 12 for 12 months.",
        "Discharges followed by an admission within the window",
        "Discharges in the month (excluding transfers and deaths)",
        Unit.PERCENT,
        MONTH,
        "Seed 004 Annex A indicator 3",
        Section.QUALITY,
        c.a3,
    ),
    Metric(
        "A4",
        "Annual health checks (GP learning disability register)",
        "People on GP learning disability registers who had an annual health check in the "
        "year, as entered from CQRS or practice data.",
        "People on the GP LD register with an annual health check in the year (entered)",
        "People on GP LD registers in the area (entered)",
        Unit.PERCENT,
        YEAR,
        "Seed 004 Annex A indicator 4 (entered figures)",
        Section.QUALITY,
        c.a4,
    ),
    Metric(
        "A5",
        "Psychiatric referrals seen within 18 weeks",
        "Referrals to specialist mental health services of people with a learning disability "
        "or autism, counted in the month their outcome became known: first contact within "
        f"{settings.REFERRAL_WAIT_DAYS} days (met) or that many days passed without one.",
        "Referrals with first contact within 18 weeks",
        "Referrals whose outcome became known in the month",
        Unit.PERCENT,
        MONTH,
        "Seed 004 Annex A indicator 5",
        Section.QUALITY,
        c.a5,
    ),
    Metric(
        "A6",
        "Crisis plan (average census)",
        "Of every inpatient day in the month, the share on which the person had a current "
        "crisis plan.",
        "Inpatient person-days with a current crisis plan",
        "Inpatient person-days in the month",
        Unit.PERCENT,
        MONTH,
        "Seed 004 Annex A indicator 6",
        Section.QUALITY,
        c.a6,
        suppressible=False,
        denominator_is_count=False,
    ),
]

REGISTRY: dict[str, Metric] = {metric.id: metric for metric in METRICS}


DRILL_VALUE = re.compile(r"^[A-Z0-9_]{1,40}$")


def drill_filters(
    metric: Metric, *, split: str | None = None, value: str | None = None
) -> dict[str, str] | None:
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
