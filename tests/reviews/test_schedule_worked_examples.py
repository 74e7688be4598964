"""DOMAIN.md's worked examples and the schedule's edge cases, one table row each.

Each row gives a person's facts, the day the schedule is computed, and the items it must return
for the kinds named in the row, with every date written out. The engine is pure: no database.
The remaining rules have their own table in test_schedule_rules.py.
"""

from dataclasses import replace

import pytest

from reviews.policy import ItemKind
from reviews.schedule import (
    DsrFacts,
    Rag,
    SecurityLevel,
    SpellFacts,
    VisitFacts,
    compute_schedule,
)
from reviews.stays import AdmissionKind, admission_kind, preceding_community_review

from .builders import (
    ADULT_DOB,
    CHILD_DOB,
    CTR,
    DEFAULTS,
    INTERIM_5_WD,
    OUT_OF_AREA_ONLY,
    R1,
    VISIT,
    Expect,
    Row,
    d,
    declined,
    facts,
    held,
    ratings,
    seen,
    spell,
    ward,
)

# --- the people the rows share -----------------------------------------------------------------

E1 = facts(ADULT_DOB, spells=(spell(10, "2026-03-02"),))
E2 = facts(CHILD_DOB, spells=(spell(10, "2026-03-02"),))
E3 = facts(CHILD_DOB, spells=(spell(10, "2026-03-30"),))
E4 = facts(
    "2011-02-01",
    spells=(spell(10, "2026-01-05"),),
    reviews=(held(1, "2026-01-15"),),
    visits=(VisitFacts(1, d("2026-02-10"), 10),),
)
E5_SECURE = facts(
    "1985-01-01",
    spells=(spell(10, "2025-11-01", wards=(ward("2025-11-01", SecurityLevel.LOW),)),),
    reviews=(held(1, "2025-11-20"),),
)
E5_LOCKED_REHAB = facts(
    "1985-01-01",
    spells=(spell(10, "2025-11-01", wards=(ward("2025-11-01", SecurityLevel.LOCKED),)),),
    reviews=(held(1, "2025-11-20"),),
)
E5_MOVED = replace(
    E5_SECURE,
    spells=(
        spell(
            10,
            "2025-11-01",
            wards=(
                ward("2025-11-01", SecurityLevel.LOW, end="2026-06-01"),
                ward("2026-06-01", SecurityLevel.LOCKED),
            ),
        ),
    ),
)
E6 = facts("1985-01-01", spells=(spell(10, "2025-08-10"),), reviews=(held(1, "2025-08-31"),))
E7 = facts(
    "1985-01-01", spells=(spell(10, "2026-01-20"),), visits=(VisitFacts(1, d("2026-02-10"), 10),)
)
E8 = facts("2008-09-15", spells=(spell(10, "2026-06-15"),), reviews=(held(1, "2026-07-01"),))
E10 = facts(
    ADULT_DOB,
    spells=(
        spell(10, "2026-01-12", "2026-02-05", stay=7),
        spell(11, "2026-02-05", stay=7),
    ),
)
E17 = facts("2009-06-10", registered_on="2023-01-01")
E17_INPATIENT = facts(
    "2009-06-10", spells=(spell(10, "2027-05-03"),), reviews=(held(1, "2027-05-10"),)
)
E19 = facts(
    "1995-04-04",
    dsr=DsrFacts(added_date=d("2026-01-05")),
    ratings=ratings(
        ("2026-01-05", Rag.GREEN),
        ("2026-02-01", Rag.AMBER),
        ("2026-03-01", Rag.RED),
        ("2026-03-05", Rag.BLUE),
    ),
    spells=(spell(10, "2026-03-05"),),
    reviews=(held(1, "2026-03-03", spell_id=None),),
)
TURNS_18_ON_ADMISSION_WEEK = facts("2008-03-05", spells=(spell(10, "2026-03-02"),))
READMITTED = facts(
    ADULT_DOB,
    spells=(spell(10, "2026-01-05", "2026-03-10"), spell(20, "2026-03-13")),
    reviews=(held(1, "2026-01-20"),),
)
DISCHARGED = facts(
    ADULT_DOB,
    spells=(spell(10, "2026-01-05", "2026-02-20"),),
    reviews=(held(1, "2026-02-10", report=None),),
)
HELD_EARLY = facts(
    ADULT_DOB,
    spells=(spell(10, "2026-01-05"),),
    reviews=(held(1, "2026-01-20"), held(2, "2026-04-01")),
)


ROWS = [
    # E1: adult, no community CTR before admission: R3 = admission + 28 calendar days.
    Row("E1 R3 due 28 days after admission", E1, "2026-03-20", CTR,
        (Expect("R3", "2026-03-02", "2026-03-30", "DUE_SOON"),)),
    Row("E1 R3 overdue by 1 day on 31 March", E1, "2026-03-31", CTR,
        (Expect("R3", "2026-03-02", "2026-03-30", "OVERDUE", 1),)),
    # E2/E3: child: R4 = admission + 10 working days (interim 5), bank holidays skipped.
    Row("E2 R4 due 10 working days after admission", E2, "2026-03-03", CTR,
        (Expect("R4", "2026-03-02", "2026-03-16", "DUE_SOON"),)),
    Row("E2 R4 with the interim 5 working days", E2, "2026-03-03", CTR,
        (Expect("R4", "2026-03-02", "2026-03-09", "DUE_SOON"),), INTERIM_5_WD),
    Row("E3 R4 skips Good Friday and Easter Monday", E3, "2026-04-01", CTR,
        (Expect("R4", "2026-03-30", "2026-04-15", "DUE_SOON"),)),
    # E4: child in CAMHS tier 4: R7 every 3 months, R9 visits every 42 days.
    Row("E4 R7 three months after the last CETR", E4, "2026-03-01", CTR, (
        Expect("R4", "2026-01-05", "2026-01-19", "COMPLETED", closed_on="2026-01-15"),
        Expect("R7", "2026-01-15", "2026-04-15", "DUE"),
    )),
    Row("E4 R9 visit 42 days after the last visit", E4, "2026-03-01", VISIT, (
        Expect("R9", "2026-01-05", "2026-02-16", "COMPLETED", closed_on="2026-02-10"),
        Expect("R9", "2026-02-10", "2026-03-24", "DUE"),
    )),
    # E5: adult repeat CTR: 12 months in low secure, 6 months in locked rehab (not secure).
    Row("E5 secure: R6 twelve months on", E5_SECURE, "2026-03-01", CTR, (
        Expect("R3", "2025-11-01", "2025-11-29", "COMPLETED", closed_on="2025-11-20"),
        Expect("R6", "2025-11-20", "2026-11-20", "DUE"),
    )),
    Row("E5 locked rehab: R5 six months on", E5_LOCKED_REHAB, "2026-03-01", CTR, (
        Expect("R3", "2025-11-01", "2025-11-29", "COMPLETED", closed_on="2025-11-20"),
        Expect("R5", "2025-11-20", "2026-05-20", "DUE"),
    )),
    Row("E5 still in low secure the day before the move", E5_MOVED, "2026-05-31", CTR[1:],
        (Expect("R6", "2025-11-20", "2026-11-20", "DUE"),)),
    Row("E5 move to locked rehab: recomputed to R5, overdue at once", E5_MOVED, "2026-06-01",
        CTR[1:], (Expect("R5", "2025-11-20", "2026-05-20", "OVERDUE", 12),)),
    # E6: month clamp.
    Row("E6 R5 from 31 August clamps to 28 February", E6, "2026-02-01", CTR, (
        Expect("R3", "2025-08-10", "2025-09-07", "COMPLETED", closed_on="2025-08-31"),
        Expect("R5", "2025-08-31", "2026-02-28", "DUE"),
    )),
    # E7: adult visits every 56 days.
    Row("E7 R8 visit 56 days after the last visit", E7, "2026-03-01", VISIT, (
        Expect("R8", "2026-01-20", "2026-03-17", "COMPLETED", closed_on="2026-02-10"),
        Expect("R8", "2026-02-10", "2026-04-07", "DUE"),
    )),
    # E8: turning 18 mid-stay switches R7 to R5 from the same anchor.
    Row("E8 aged 17: R7 from the last CETR", E8, "2026-09-14", CTR, (
        Expect("R4", "2026-06-15", "2026-06-29", "COMPLETED", 2, closed_on="2026-07-01"),
        Expect("R7", "2026-07-01", "2026-10-01", "DUE"),
    )),
    Row("E8 18th birthday: R5 from the same CETR", E8, "2026-09-15", CTR, (
        Expect("R4", "2026-06-15", "2026-06-29", "COMPLETED", 2, closed_on="2026-07-01"),
        Expect("R5", "2026-07-01", "2027-01-01", "DUE"),
    )),
    # E10: a transfer continues the stay: one R3, from the first admission, not cancelled.
    Row("E10 transfer adds no R3 and keeps the running one", E10, "2026-02-20", CTR,
        (Expect("R3", "2026-01-12", "2026-02-09", "OVERDUE", 11),)),
    # E17: transition planning.
    Row("E17 not flagged before the 14th birthday", E17, "2023-06-09",
        (ItemKind.TRANSITION_PLAN,), ()),
    Row("E17 flagged from the 14th birthday", E17, "2023-06-10", (ItemKind.TRANSITION_PLAN,),
        (Expect("R15", "2027-06-10", "2026-12-10", "DUE"),)),
    Row("E17 overdue the day after 18th birthday - 6 months", E17, "2026-12-11",
        (ItemKind.TRANSITION_PLAN,), (Expect("R15", "2027-06-10", "2026-12-10", "OVERDUE", 1),)),
    Row("E17 adult rules from 2027-06-10: item closes", E17, "2027-06-10",
        (ItemKind.TRANSITION_PLAN,),
        (Expect("R15", "2027-06-10", "2026-12-10", "CANCELLED", closed_on="2027-06-10"),)),
    Row("E17 started in time", replace(E17, person=replace(
        E17.person, transition_plan_started_on=d("2026-11-02"))), "2027-01-01",
        (ItemKind.TRANSITION_PLAN,),
        (Expect("R15", "2027-06-10", "2026-12-10", "COMPLETED", closed_on="2026-11-02"),)),
    Row("R15 not for a person known only as an adult", E1, "2026-03-20",
        (ItemKind.TRANSITION_PLAN,), ()),
    Row("R15 for a 17-year-old inpatient, overdue", E8, "2026-09-14", (ItemKind.TRANSITION_PLAN,),
        (Expect("R15", "2026-09-15", "2026-03-15", "OVERDUE", 183),)),
    Row("R15 closes on the 18th birthday", E8, "2026-09-15", (ItemKind.TRANSITION_PLAN,),
        (Expect("R15", "2026-09-15", "2026-03-15", "CANCELLED", closed_on="2026-09-15"),)),
    Row("E17 child rules on 2027-06-09", E17_INPATIENT, "2027-06-09", CTR[1:],
        (Expect("R7", "2027-05-10", "2027-08-10", "DUE"),)),
    Row("E17 adult rules on 2027-06-10", E17_INPATIENT, "2027-06-10", CTR[1:],
        (Expect("R5", "2027-05-10", "2027-11-10", "DUE"),)),
    # E19: RED on the DSR, community CTR before admission: R1 satisfied, no R3.
    Row("E19 R1 satisfied by the community CTR", E19, "2026-03-20", R1,
        (Expect("R1", "2026-03-01", "2026-03-15", "COMPLETED", closed_on="2026-03-03"),)),
    Row("E19 no R3: repeat cycle from the community CTR", E19, "2026-03-20", CTR,
        (Expect("R5", "2026-03-03", "2026-09-03", "DUE"),)),
    Row("E19 R14 DSR reviews by RAG; BLUE cancels", E19, "2026-03-20", (ItemKind.DSR_REVIEW,), (
        Expect("R14", "2026-02-01", "2026-03-01", "COMPLETED", closed_on="2026-03-01"),
        Expect("R14", "2026-03-01", "2026-03-15", "CANCELLED", closed_on="2026-03-05"),
        Expect("R14", "2026-01-05", "2026-04-05", "COMPLETED", closed_on="2026-02-01"),
    )),
]  # fmt: skip


# --- edge cases ----------------------------------------------------------------------------------

ADMITTED_31ST = facts(ADULT_DOB, spells=(spell(10, "2026-01-31"),))
CHILD_ADMITTED_30TH = facts(CHILD_DOB, spells=(spell(10, "2026-01-30"),))
CHILD_CETR_31ST = facts(
    CHILD_DOB, spells=(spell(10, "2026-01-19"),), reviews=(held(1, "2026-01-31"),)
)
ADULT_CTR_29TH = facts(
    "1985-01-01", spells=(spell(10, "2025-08-10"),), reviews=(held(1, "2025-08-29"),)
)
SECURE_LEAP_DAY = facts(
    "1985-01-01",
    spells=(spell(10, "2028-02-01", wards=(ward("2028-02-01", SecurityLevel.MEDIUM),)),),
    reviews=(held(1, "2028-02-29"),),
)
DECLINED_ON_TIME = facts(
    ADULT_DOB, spells=(spell(10, "2026-03-02"),), reviews=(declined(1, "2026-03-25"),)
)
DECLINED_LATE = facts(
    ADULT_DOB, spells=(spell(10, "2026-03-02"),), reviews=(declined(1, "2026-04-05"),)
)
SAME_DAY_STAY = facts(ADULT_DOB, spells=(spell(10, "2026-03-02", "2026-03-02"),))
DIED_IN_HOSPITAL = facts(ADULT_DOB, spells=(spell(10, "2026-03-02"),), date_of_death="2026-03-10")
IN_AREA = facts(ADULT_DOB, spells=(spell(10, "2026-03-02"),))
OUT_OF_AREA = facts(ADULT_DOB, spells=(spell(10, "2026-03-02", out_of_area=True),))

EDGE_ROWS = [
    Row("admitted on the 31st: R3 28 days later", ADMITTED_31ST, "2026-02-01", CTR,
        (Expect("R3", "2026-01-31", "2026-02-28", "DUE"),)),
    Row("child admitted Friday 30th: R4 over the weekends", CHILD_ADMITTED_30TH, "2026-01-30", CTR,
        (Expect("R4", "2026-01-30", "2026-02-13", "DUE_SOON"),)),
    Row("CETR on 31 January: R7 clamps to 30 April", CHILD_CETR_31ST, "2026-03-01", CTR, (
        Expect("R4", "2026-01-19", "2026-02-02", "COMPLETED", closed_on="2026-01-31"),
        Expect("R7", "2026-01-31", "2026-04-30", "DUE"),
    )),
    Row("CTR on 29 August: R5 clamps to 28 February", ADULT_CTR_29TH, "2026-02-01", CTR, (
        Expect("R3", "2025-08-10", "2025-09-07", "COMPLETED", closed_on="2025-08-29"),
        Expect("R5", "2025-08-29", "2026-02-28", "DUE"),
    )),
    Row("secure CTR on 29 February: R6 clamps to 28 February", SECURE_LEAP_DAY, "2028-06-01", CTR, (
        Expect("R3", "2028-02-01", "2028-02-29", "COMPLETED", closed_on="2028-02-29"),
        Expect("R6", "2028-02-29", "2029-02-28", "DUE"),
    )),
    Row("aged 17 on admission: R4", TURNS_18_ON_ADMISSION_WEEK, "2026-03-04", CTR,
        (Expect("R4", "2026-03-02", "2026-03-16", "DUE_SOON"),)),
    Row("turns 18 three days in: R3 from the same admission", TURNS_18_ON_ADMISSION_WEEK,
        "2026-03-05", CTR, (Expect("R3", "2026-03-02", "2026-03-30", "DUE"),)),
    Row("review held early: on time, next cycle from it", HELD_EARLY, "2026-04-10", CTR, (
        Expect("R3", "2026-01-05", "2026-02-02", "COMPLETED", closed_on="2026-01-20"),
        Expect("R5", "2026-01-20", "2026-07-20", "COMPLETED", closed_on="2026-04-01"),
        Expect("R5", "2026-04-01", "2026-10-01", "DUE"),
    )),
    Row("readmitted 3 days after discharge: old items cancelled, new R3", READMITTED,
        "2026-03-20", CTR, (
        Expect("R3", "2026-01-05", "2026-02-02", "COMPLETED", closed_on="2026-01-20"),
        Expect("R3", "2026-03-13", "2026-04-10", "DUE"),
        Expect("R5", "2026-01-20", "2026-07-20", "CANCELLED", closed_on="2026-03-10"),
    )),
    Row("readmitted: visits restart from the new admission", READMITTED, "2026-03-20", VISIT, (
        Expect("R8", "2026-01-05", "2026-03-02", "CANCELLED", closed_on="2026-03-10"),
        Expect("R8", "2026-03-13", "2026-05-08", "DUE"),
    )),
    Row("discharge cancels inpatient items, not the report", DISCHARGED, "2026-03-01",
        (*CTR, *VISIT, ItemKind.COORDINATOR_CONTACT, ItemKind.REVIEW_REPORT), (
        Expect("R3", "2026-01-05", "2026-02-02", "COMPLETED", 8, closed_on="2026-02-10"),
        Expect("R12", "2026-01-05", "2026-02-02", "CANCELLED", closed_on="2026-02-20"),
        Expect("R10", "2026-02-10", "2026-02-24", "OVERDUE", 5),
        Expect("R8", "2026-01-05", "2026-03-02", "CANCELLED", closed_on="2026-02-20"),
        Expect("R5", "2026-02-10", "2026-08-10", "CANCELLED", closed_on="2026-02-20"),
    )),
    Row("admitted and discharged the same day: nothing due", SAME_DAY_STAY, "2026-03-20",
        (*CTR, *VISIT, ItemKind.COORDINATOR_CONTACT), ()),
    Row("death cancels open items", DIED_IN_HOSPITAL, "2026-03-20", CTR,
        (Expect("R3", "2026-03-02", "2026-03-30", "CANCELLED", closed_on="2026-03-10"),)),
    Row("declined, offered by the due date: compliant, flagged", DECLINED_ON_TIME, "2026-04-01",
        CTR, (
        Expect("R3", "2026-03-02", "2026-03-30", "COMPLETED", 0, "2026-03-25", declined=True),
        Expect("R5", "2026-03-25", "2026-09-25", "DUE"),
    )),
    Row("declined, offered late: closes the item late", DECLINED_LATE, "2026-04-10", CTR, (
        Expect("R3", "2026-03-02", "2026-03-30", "COMPLETED", 6, "2026-04-05", declined=True),
        Expect("R5", "2026-04-05", "2026-10-05", "DUE"),
    )),
    Row("interim 5 working days across Easter", E3, "2026-04-01", CTR,
        (Expect("R4", "2026-03-30", "2026-04-08", "DUE_SOON"),), INTERIM_5_WD),
    Row("OVERSIGHT_SCOPE out of area: in-area inpatient needs no visit", IN_AREA, "2026-03-20",
        VISIT, (), OUT_OF_AREA_ONLY),
    Row("OVERSIGHT_SCOPE out of area: out-of-area inpatient does", OUT_OF_AREA, "2026-03-20",
        VISIT, (Expect("R8", "2026-03-02", "2026-04-27", "DUE"),), OUT_OF_AREA_ONLY),
]  # fmt: skip


ROWS += EDGE_ROWS


@pytest.mark.parametrize("row", ROWS, ids=[row.name for row in ROWS])
def test_worked_example(row: Row) -> None:
    items = compute_schedule(row.facts, today=d(row.today), settings=row.settings)
    assert [seen(item) for item in items if item.kind in row.kinds] == list(row.expected)


@pytest.mark.parametrize(
    ("name", "spells", "expected"),
    [
        (
            "E9 readmitted 69 days after discharge",
            (spell(10, "2025-11-01", "2026-01-10"), spell(20, "2026-03-20")),
            AdmissionKind.READMISSION_12M,
        ),
        (
            "E10 transfer between providers the same day",
            (spell(10, "2026-01-12", "2026-02-05", stay=7), spell(11, "2026-02-05", stay=7)),
            AdmissionKind.TRANSFER,
        ),
        (
            "first admission: previous discharge more than 365 days before",
            (spell(10, "2024-11-01", "2025-03-19"), spell(20, "2026-03-20")),
            AdmissionKind.FIRST,
        ),
    ],
    ids=lambda value: value if isinstance(value, str) else "",
)
def test_admission_kind(name: str, spells: tuple[SpellFacts, ...], expected: AdmissionKind) -> None:
    assert admission_kind(spells[-1], spells, DEFAULTS) == expected


def test_e1_post_admission_reviews_due_in_march_on_time_is_0_of_1() -> None:
    items = compute_schedule(E1, today=d("2026-03-31"), settings=DEFAULTS)
    due_in_march = [
        item
        for item in items
        if item.kind == ItemKind.POST_ADMISSION_REVIEW and item.due_date.month == 3
    ]
    assert (sum(item.is_on_time for item in due_in_march), len(due_in_march)) == (0, 1)


def test_e19_admission_was_preceded_by_the_community_ctr() -> None:
    assert preceding_community_review(d("2026-03-05"), E19.reviews, DEFAULTS) == E19.reviews[0]


@pytest.mark.parametrize(
    ("held_on", "counts"),
    [("2026-02-05", True), ("2026-02-04", False), ("2026-03-05", True), ("2026-03-06", False)],
)
def test_lookback_is_the_28_days_before_admission_and_the_day_itself(
    held_on: str, counts: bool
) -> None:
    review = held(1, held_on, spell_id=None)
    found = preceding_community_review(d("2026-03-05"), (review,), DEFAULTS)
    assert (found == review) is counts
