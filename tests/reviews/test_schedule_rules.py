"""Rules the worked examples leave out (R1, R2, R10-R14 and more R15), one table row each."""

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from reviews.policy import ItemKind
from reviews.schedule import (
    ActionFacts,
    ActionStatus,
    CarePlanReviewFacts,
    ContactFacts,
    DsrFacts,
    Rag,
    ReviewFacts,
    ReviewStatus,
    ReviewType,
    compute_schedule,
)

from .builders import (
    ADULT_DOB,
    CTR,
    R1,
    Expect,
    Row,
    d,
    facts,
    held,
    ratings,
    seen,
    spell,
    urgent,
)

RED_ONLY = facts(
    "1995-04-04",
    dsr=DsrFacts(added_date=d("2026-01-05")),
    ratings=ratings(("2026-01-05", Rag.AMBER), ("2026-03-01", Rag.RED)),
)

# --- the remaining rules -------------------------------------------------------------------------

PLANNED_WHILE_RED = replace(
    RED_ONLY, dsr=DsrFacts(added_date=d("2026-01-05"), planned_admission_date=d("2026-04-10"))
)
PLANNED_WHILE_AMBER = facts(
    "1995-04-04",
    dsr=DsrFacts(added_date=d("2026-01-05"), planned_admission_date=d("2026-04-10")),
    ratings=ratings(("2026-01-05", Rag.AMBER)),
    reviews=(held(1, "2026-03-20", spell_id=None),),
)
RED_THEN_AMBER = replace(
    RED_ONLY,
    ratings=ratings(("2026-01-05", Rag.AMBER), ("2026-03-01", Rag.RED), ("2026-03-08", Rag.AMBER)),
)
RED_THEN_ADMITTED = replace(
    RED_ONLY,
    ratings=ratings(("2026-01-05", Rag.AMBER), ("2026-03-01", Rag.RED), ("2026-03-10", Rag.BLUE)),
    spells=(spell(10, "2026-03-10"),),
)
RED_DECLINED = replace(
    RED_ONLY,
    reviews=(
        ReviewFacts(2, ReviewType.COMMUNITY, ReviewStatus.DECLINED, offered_date=d("2026-03-10")),
    ),
)
WINTER = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
URGENT_HELD = facts(ADULT_DOB, reviews=(urgent(5, WINTER, ReviewStatus.HELD, "2026-03-04"),))
URGENT_OVER_CLOCK_CHANGE = facts(
    ADULT_DOB, reviews=(urgent(5, datetime(2026, 3, 27, 23, 30, tzinfo=UTC), ReviewStatus.PLANNED),)
)
URGENT_THEN_ADMITTED = facts(
    ADULT_DOB,
    reviews=(urgent(5, WINTER, ReviewStatus.PLANNED),),
    spells=(spell(10, "2026-03-03"),),
)
REPORTED = facts(
    ADULT_DOB,
    spells=(spell(10, "2026-03-02"),),
    reviews=(held(1, "2026-03-10", report="2026-03-20"),),
)
ACTIONS = facts(
    ADULT_DOB,
    actions=(
        ActionFacts(1, 9, d("2026-03-10"), d("2026-04-01"), ActionStatus.OPEN),
        ActionFacts(2, 9, d("2026-03-10"), d("2026-04-02"), ActionStatus.DONE, d("2026-03-25")),
        ActionFacts(
            3, 9, d("2026-03-10"), d("2026-04-05"), ActionStatus.CANCELLED, d("2026-03-20")
        ),
        ActionFacts(4, 9, d("2026-03-10"), d("2026-03-31"), ActionStatus.NOT_DONE_ESCALATED),
    ),
)
CONTACTS = facts(
    ADULT_DOB,
    spells=(spell(10, "2026-03-02"),),
    contacts=(ContactFacts(1, d("2026-03-10"), True), ContactFacts(2, d("2026-03-20"), False)),
)
CARE_PLAN = facts(
    ADULT_DOB,
    registered_on="2025-01-10",
    care_plan_reviews=(
        CarePlanReviewFacts(2, d("2026-01-15")),
        CarePlanReviewFacts(1, d("2025-02-01")),
    ),
)
NO_CARE_PLAN = facts(ADULT_DOB, registered_on="2024-06-01")

RULE_ROWS = [
    Row("R1 RED with no community CTR: overdue after 14 days", RED_ONLY, "2026-03-20", R1,
        (Expect("R1", "2026-03-01", "2026-03-15", "OVERDUE", 5),)),
    Row("R1 planned admission date rules over the RED date", PLANNED_WHILE_RED, "2026-03-20", R1,
        (Expect("R1", "2026-04-10", "2026-04-10", "DUE"),)),
    Row("R1 planned admission, CTR in the lookback", PLANNED_WHILE_AMBER, "2026-03-25", R1,
        (Expect("R1", "2026-04-10", "2026-04-10", "COMPLETED", closed_on="2026-03-20"),)),
    Row("R1 cancelled by re-rating out of RED", RED_THEN_AMBER, "2026-03-20", R1,
        (Expect("R1", "2026-03-01", "2026-03-15", "CANCELLED", closed_on="2026-03-08"),)),
    Row("R1 cancelled by admission without a CTR; R3 applies", RED_THEN_ADMITTED, "2026-03-20",
        (*R1, *CTR), (
        Expect("R1", "2026-03-01", "2026-03-15", "CANCELLED", closed_on="2026-03-10"),
        Expect("R3", "2026-03-10", "2026-04-07", "DUE"),
    )),
    Row("R1 declined in time: compliant, flagged", RED_DECLINED, "2026-03-20", R1,
        (Expect("R1", "2026-03-01", "2026-03-15", "COMPLETED", 0, "2026-03-10", declined=True),)),
    Row("R2 urgent review held within 72 hours", URGENT_HELD, "2026-03-20",
        (ItemKind.URGENT_REVIEW,),
        (Expect("R2", "2026-03-02", "2026-03-05", "COMPLETED", closed_on="2026-03-04"),)),
    Row("R2 72 elapsed hours across the clock change", URGENT_OVER_CLOCK_CHANGE, "2026-03-30",
        (ItemKind.URGENT_REVIEW,), (Expect("R2", "2026-03-27", "2026-03-31", "DUE_SOON"),)),
    Row("R2 cancelled by admission before it was held", URGENT_THEN_ADMITTED, "2026-03-20",
        (ItemKind.URGENT_REVIEW,),
        (Expect("R2", "2026-03-02", "2026-03-05", "CANCELLED", closed_on="2026-03-03"),)),
    Row("R10 report issued within 14 days", REPORTED, "2026-03-25", (ItemKind.REVIEW_REPORT,),
        (Expect("R10", "2026-03-10", "2026-03-24", "COMPLETED", closed_on="2026-03-20"),)),
    Row("R11 actions by their own due dates", ACTIONS, "2026-04-03", (ItemKind.ACTION,), (
        Expect("R11", "2026-03-10", "2026-03-31", "OVERDUE", 3),
        Expect("R11", "2026-03-10", "2026-04-01", "OVERDUE", 2),
        Expect("R11", "2026-03-10", "2026-04-02", "COMPLETED", closed_on="2026-03-25"),
        Expect("R11", "2026-03-10", "2026-04-05", "CANCELLED", closed_on="2026-03-20"),
    )),
    Row("R12 face-to-face contact every 28 days (phone calls do not count)", CONTACTS,
        "2026-03-25", (ItemKind.COORDINATOR_CONTACT,), (
        Expect("R12", "2026-03-02", "2026-03-30", "COMPLETED", closed_on="2026-03-10"),
        Expect("R12", "2026-03-10", "2026-04-07", "DUE_SOON"),
    )),
    Row("R13 care plan reviewed every 12 months", CARE_PLAN, "2026-03-01",
        (ItemKind.CARE_PLAN_REVIEW,), (
        Expect("R13", "2025-01-10", "2026-01-10", "COMPLETED", closed_on="2025-02-01"),
        Expect("R13", "2025-02-01", "2026-02-01", "COMPLETED", closed_on="2026-01-15"),
        Expect("R13", "2026-01-15", "2027-01-15", "DUE"),
    )),
    Row("R13 no care plan within 12 months of registration", NO_CARE_PLAN, "2025-06-05",
        (ItemKind.CARE_PLAN_REVIEW,), (Expect("R13", "2024-06-01", "2025-06-01", "OVERDUE", 4),)),
    Row("R14 AMBER 28 days, RED 14 days", RED_ONLY, "2026-03-20", (ItemKind.DSR_REVIEW,), (
        Expect("R14", "2026-01-05", "2026-02-02", "COMPLETED", 27, closed_on="2026-03-01"),
        Expect("R14", "2026-03-01", "2026-03-15", "OVERDUE", 5),
    )),
]  # fmt: skip


@pytest.mark.parametrize("row", RULE_ROWS, ids=[row.name for row in RULE_ROWS])
def test_rule(row: Row) -> None:
    items = compute_schedule(row.facts, today=d(row.today), settings=row.settings)
    assert [seen(item) for item in items if item.kind in row.kinds] == list(row.expected)
