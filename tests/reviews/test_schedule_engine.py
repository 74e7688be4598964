"""Properties of compute_schedule that the stored schedule and its adapter rely on."""

import re
from dataclasses import replace
from datetime import date

import reviews.schedule
from reviews.policy import ItemKind, PolicySettings, RuleId
from reviews.schedule import (
    ItemStatus,
    PersonFacts,
    Ref,
    RefKind,
    ScheduleFacts,
    compute_schedule,
)

from .builders import d, held
from .test_schedule_rules import PLANNED_WHILE_RED, RED_ONLY, RULE_ROWS
from .test_schedule_worked_examples import DISCHARGED, E8, E10, E19, HELD_EARLY, ROWS

DEFAULTS = PolicySettings()


def test_same_facts_and_day_give_the_same_items_whatever_the_input_order() -> None:
    shuffled = replace(
        E19, ratings=tuple(reversed(E19.ratings)), reviews=tuple(reversed(E19.reviews))
    )
    first = compute_schedule(E19, today=d("2026-03-20"), settings=DEFAULTS)
    assert first == compute_schedule(E19, today=d("2026-03-20"), settings=DEFAULTS)
    assert first == compute_schedule(shuffled, today=d("2026-03-20"), settings=DEFAULTS)


def test_a_rule_change_on_the_18th_birthday_keeps_the_item_key() -> None:
    before = compute_schedule(E8, today=d("2026-09-14"), settings=DEFAULTS)
    after = compute_schedule(E8, today=d("2026-09-15"), settings=DEFAULTS)
    assert {item.key for item in before} == {item.key for item in after}
    repeat_before, repeat_after = (
        next(item for item in items if item.kind == ItemKind.REPEAT_REVIEW)
        for items in (before, after)
    )
    assert (repeat_before.rule_id, repeat_after.rule_id) == ("R7", "R5")


def test_items_name_the_record_that_satisfied_them() -> None:
    items = compute_schedule(HELD_EARLY, today=d("2026-04-10"), settings=DEFAULTS)
    satisfied = [(item.rule_id, item.satisfied_by) for item in items if item.satisfied_by]
    assert satisfied == [("R3", Ref(RefKind.REVIEW, 1)), ("R5", Ref(RefKind.REVIEW, 2))]


def test_a_transferred_stays_items_belong_to_the_current_spell_and_name_the_first() -> None:
    [item] = [
        item
        for item in compute_schedule(E10, today=d("2026-02-20"), settings=DEFAULTS)
        if item.kind == ItemKind.POST_ADMISSION_REVIEW
    ]
    assert (item.stay_spell_id, item.spell_id) == (10, 11)


def test_discharge_gives_the_reason_for_cancelling() -> None:
    cancelled = [
        item
        for item in compute_schedule(DISCHARGED, today=d("2026-03-01"), settings=DEFAULTS)
        if item.status == ItemStatus.CANCELLED
    ]
    assert cancelled
    assert {item.reason for item in cancelled} == {"Discharged: inpatient items end."}


def test_a_review_dated_after_today_is_not_yet_known() -> None:
    future = replace(HELD_EARLY, reviews=(*HELD_EARLY.reviews, held(3, "2026-05-01")))
    on_day = compute_schedule(future, today=d("2026-04-10"), settings=DEFAULTS)
    assert on_day == compute_schedule(HELD_EARLY, today=d("2026-04-10"), settings=DEFAULTS)


def test_an_adult_with_nothing_on_record_has_nothing_due() -> None:
    nobody = ScheduleFacts(person=PersonFacts(id=5, date_of_birth=date(1980, 1, 1)))
    assert compute_schedule(nobody, today=d("2026-03-01"), settings=DEFAULTS) == []


def test_open_items_are_open_and_judged_by_days_overdue() -> None:
    items = compute_schedule(DISCHARGED, today=d("2026-03-01"), settings=DEFAULTS)
    [report] = [item for item in items if item.kind == ItemKind.REVIEW_REPORT]
    assert report.is_open
    assert (report.status, report.days_overdue, report.is_on_time) == (
        ItemStatus.OVERDUE,
        5,
        False,
    )


def test_setting_a_planned_admission_date_keeps_the_r1_item_key() -> None:
    red = compute_schedule(RED_ONLY, today=d("2026-03-20"), settings=DEFAULTS)
    planned = compute_schedule(PLANNED_WHILE_RED, today=d("2026-03-20"), settings=DEFAULTS)
    [before] = [item for item in red if item.kind == ItemKind.COMMUNITY_REVIEW]
    [after] = [item for item in planned if item.kind == ItemKind.COMMUNITY_REVIEW]
    assert before.key == after.key
    assert (before.due_date, after.due_date) == (d("2026-03-15"), d("2026-04-10"))


def test_the_rule_table_in_the_docstring_names_real_tests_for_every_rule() -> None:
    doc = reviews.schedule.__doc__ or ""
    table = [line for line in doc.splitlines() if re.match(r"\| R\d+ ", line)]
    assert [line.split("|")[1].strip() for line in table] == [rule.value for rule in RuleId]
    named_rows = {name for line in table for name in re.findall(r'"([^"]+)"', line)}
    assert named_rows <= {row.name for row in ROWS + RULE_ROWS}
    named_functions = {name for line in table for name in re.findall(r"\b(test_\w+)", line)}
    module_tests = {
        name
        for module in (
            "test_schedule_worked_examples",
            "test_schedule_rules",
            "test_schedule_engine",
            "test_policy",
        )
        for name in dir(__import__(f"tests.reviews.{module}", fromlist=["_"]))
        if name.startswith("test_")
    }
    assert named_functions <= module_tests
