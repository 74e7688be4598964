"""The C(E)TR and oversight schedule (DOMAIN.md section 4) as one pure function.

    items = compute_schedule(facts, today=date(2026, 3, 31), settings=PolicySettings())

`facts` (`reviews.facts.ScheduleFacts`) describes one person; the result lists every item due
under R1-R15 with its anchor, due date and status on `today` (DUE, DUE_SOON, OVERDUE, COMPLETED,
CANCELLED), history included. The rules and their numbers come from `reviews.policy` (ADR 0003).

Conventions the engine applies everywhere: satisfied = qualifying record dated on or before the
due date (a later one completes the item late); overdue when today is after the due date; due
soon from DUE_SOON_DAYS before it; a DECLINED review offered by the due date is compliant but
flagged `is_declined`; age and ward security are read on the day an item is judged (the day it
closed, or `today`), so an 18th birthday or a ward move recomputes the due date from the same
anchor and may make it overdue at once (E5, E8); discharge (not a transfer) cancels open inpatient
items; the repeat cycle (R5-R7) counts from the latest held C(E)TR of the continuous stay or the
community review that preceded it, and while none is held the outstanding item is the
post-admission review (R3/R4), i.e. the first repeat review is anchored on the post-admission due
date.

Each rule and the tests that prove it. Quoted names are table rows in tests/reviews/: rows of
`test_worked_example` (test_schedule_worked_examples.py: DOMAIN.md's examples and edge cases) or
of `test_rule` (test_schedule_rules.py: the rules the examples leave out). "engine tests" are in
test_schedule_engine.py, "policy tests" in test_policy.py; test_schedule_engine.py checks that
every name below exists.

| Rule | Due | Proved by |
|------|-----|-----------|
| R1  | community C(E)TR by planned admission / RED + 14 d | "E19 R1 satisfied by the community CTR", "R1 RED with no community CTR: overdue after 14 days", "R1 planned admission date rules over the RED date", "R1 planned admission, CTR in the lookback", "R1 cancelled by re-rating out of RED", "R1 cancelled by admission without a CTR; R3 applies", "R1 declined in time: compliant, flagged"; engine tests: test_setting_a_planned_admission_date_keeps_the_r1_item_key; the date is recorded on the DSR entry from the person page (tests/register, planned admission and transition module) |
| R2  | urgent review within 72 h | "R2 urgent review held within 72 hours", "R2 72 elapsed hours across the clock change", "R2 cancelled by admission before it was held"; policy tests: test_urgent_review_hours_from_a_naive_datetime_are_london_time |
| R3  | adult post-admission CTR, admission + 28 d | "E1 R3 due 28 days after admission", "E1 R3 overdue by 1 day on 31 March", "E10 transfer adds no R3 and keeps the running one", "E19 no R3: repeat cycle from the community CTR", "admitted on the 31st: R3 28 days later", "turns 18 three days in: R3 from the same admission", "readmitted 3 days after discharge: old items cancelled, new R3", "declined, offered by the due date: compliant, flagged", "declined, offered late: closes the item late", "death cancels open items"; test_e1_post_admission_reviews_due_in_march_on_time_is_0_of_1; test_lookback_is_the_28_days_before_admission_and_the_day_itself |
| R4  | child post-admission CETR, admission + 10 WD (5 interim) | "E2 R4 due 10 working days after admission", "E2 R4 with the interim 5 working days", "E3 R4 skips Good Friday and Easter Monday", "interim 5 working days across Easter", "child admitted Friday 30th: R4 over the weekends", "aged 17 on admission: R4" |
| R5  | adult non-secure, last C(E)TR + 6 m | "E5 locked rehab: R5 six months on", "E5 move to locked rehab: recomputed to R5, overdue at once", "E6 R5 from 31 August clamps to 28 February", "E8 18th birthday: R5 from the same CETR", "E17 adult rules on 2027-06-10", "review held early: on time, next cycle from it", "CTR on 29 August: R5 clamps to 28 February" |
| R6  | adult secure, last C(E)TR + 12 m | "E5 secure: R6 twelve months on", "E5 still in low secure the day before the move", "secure CTR on 29 February: R6 clamps to 28 February" |
| R7  | child, last C(E)TR + 3 m | "E4 R7 three months after the last CETR", "E8 aged 17: R7 from the last CETR", "E17 child rules on 2027-06-09", "CETR on 31 January: R7 clamps to 30 April" |
| R8  | adult oversight visit every 56 d | "E7 R8 visit 56 days after the last visit", "readmitted: visits restart from the new admission", "OVERSIGHT_SCOPE out of area: in-area inpatient needs no visit", "OVERSIGHT_SCOPE out of area: out-of-area inpatient does" |
| R9  | child oversight visit every 42 d | "E4 R9 visit 42 days after the last visit" |
| R10 | report within 14 d of a held C(E)TR | "R10 report issued within 14 days", "discharge cancels inpatient items, not the report" |
| R11 | action by its own due date | "R11 actions by their own due dates" |
| R12 | face-to-face coordinator contact every 28 d | "R12 face-to-face contact every 28 days (phone calls do not count)", "discharge cancels inpatient items, not the report" |
| R13 | care plan review every 12 m | "R13 care plan reviewed every 12 months", "R13 no care plan within 12 months of registration" |
| R14 | DSR review RED 14 / AMBER 28 / GREEN 90 d | "E19 R14 DSR reviews by RAG; BLUE cancels", "R14 AMBER 28 days, RED 14 days"; policy tests: test_dsr_review_interval_by_rag |
| R15 | transition planning by 18th birthday - 6 m | "E17 not flagged before the 14th birthday", "E17 flagged from the 14th birthday", "E17 overdue the day after 18th birthday - 6 months", "E17 adult rules from 2027-06-10: item closes", "E17 started in time", "R15 not for a person known only as an adult", "R15 for a 17-year-old inpatient, overdue", "R15 closes on the 18th birthday"; the start date is recorded on the person page (tests/register, planned admission and transition module) |

Admission kind (E9, E10) is `reviews.stays.admission_kind` (test_admission_kind). The calendar
(month clamp, working days, bank holidays, age) is proved in tests/reviews/test_calendar.py.
"""  # noqa: E501

from ..facts import (
    ActionFacts,
    ActionStatus,
    BedType,
    CarePlanReviewFacts,
    CommissionerType,
    ContactFacts,
    DsrFacts,
    PersonFacts,
    Rag,
    RatingFacts,
    ReviewFacts,
    ReviewStatus,
    ReviewType,
    ScheduleFacts,
    SecurityLevel,
    SpellFacts,
    VisitFacts,
    WardStayFacts,
)
from .engine import compute_schedule
from .items import DueItem, ItemStatus, Ref, RefKind

__all__ = [
    "ActionFacts",
    "ActionStatus",
    "BedType",
    "CarePlanReviewFacts",
    "CommissionerType",
    "ContactFacts",
    "DsrFacts",
    "DueItem",
    "ItemStatus",
    "PersonFacts",
    "Rag",
    "RatingFacts",
    "Ref",
    "RefKind",
    "ReviewFacts",
    "ReviewStatus",
    "ReviewType",
    "ScheduleFacts",
    "SecurityLevel",
    "SpellFacts",
    "VisitFacts",
    "WardStayFacts",
    "compute_schedule",
]
