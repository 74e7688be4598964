"""The rule table is complete, unambiguous and holds no number; the settings refuse bad values."""

import ast
import itertools
from dataclasses import fields, replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from reviews.facts import CommissionerType, Rag
from reviews.policy import (
    RULES,
    AgeGroup,
    Anchor,
    ItemKind,
    OversightScope,
    Place,
    PolicySettings,
    RuleContext,
    RuleId,
    RuleNotFoundError,
    Setting,
    Unit,
    due_date,
    select_rule,
)

ENGINE = Path(__file__).resolve().parents[2] / "reviews"


def test_every_rule_of_domain_md_is_in_the_table() -> None:
    assert {rule.id for rule in RULES} == set(RuleId)
    assert len(RuleId) == 15


def test_every_interval_names_a_policy_setting() -> None:
    names = {setting.name for setting in fields(PolicySettings)}
    for rule in RULES:
        if rule.due_by.unit in {Unit.ON_ANCHOR, Unit.OWN_DUE_DATE}:
            assert rule.due_by.setting is None, rule
        else:
            assert rule.due_by.setting in names, rule


def test_every_rule_cites_its_source() -> None:
    assert all(rule.source.strip() for rule in RULES)


INPATIENT_KINDS = (
    ItemKind.POST_ADMISSION_REVIEW,
    ItemKind.REPEAT_REVIEW,
    ItemKind.OVERSIGHT_VISIT,
    ItemKind.COORDINATOR_CONTACT,
)


@pytest.mark.parametrize(
    ("kind", "age_group", "setting", "commissioner"),
    list(
        itertools.product(
            INPATIENT_KINDS,
            (AgeGroup.ADULT, AgeGroup.CYP),
            (Setting.SECURE, Setting.NON_SECURE),
            (CommissionerType.ICB, CommissionerType.NHSE_SPEC, None),
        )
    ),
)
def test_exactly_one_inpatient_rule_applies_to_any_inpatient(
    kind: ItemKind, age_group: AgeGroup, setting: Setting, commissioner: CommissionerType | None
) -> None:
    context = RuleContext(
        age_group=age_group, setting=setting, place=Place.INPATIENT, commissioner=commissioner
    )
    assert select_rule(kind, context).kind == kind


@pytest.mark.parametrize(
    ("age_group", "setting", "rule_id"),
    [
        (AgeGroup.ADULT, Setting.NON_SECURE, RuleId.R5),
        (AgeGroup.ADULT, Setting.SECURE, RuleId.R6),
        (AgeGroup.CYP, Setting.NON_SECURE, RuleId.R7),
        (AgeGroup.CYP, Setting.SECURE, RuleId.R7),
    ],
)
def test_repeat_review_rule_by_age_and_setting(
    age_group: AgeGroup, setting: Setting, rule_id: RuleId
) -> None:
    context = RuleContext(age_group=age_group, setting=setting, place=Place.INPATIENT)
    assert select_rule(ItemKind.REPEAT_REVIEW, context).id == rule_id


@pytest.mark.parametrize(
    ("rag", "days"),
    [(Rag.RED, 14), (Rag.AMBER, 28), (Rag.GREEN, 90)],
)
def test_dsr_review_interval_by_rag(rag: Rag, days: int) -> None:
    rule = select_rule(ItemKind.DSR_REVIEW, RuleContext(age_group=AgeGroup.ANY, rag=rag))
    assert due_date(rule, date(2026, 1, 1), PolicySettings()) == date(2026, 1, 1) + timedelta(days)


def test_no_rule_for_a_blue_rating_is_reported_as_a_table_fault() -> None:
    with pytest.raises(RuleNotFoundError, match="exactly one"):
        select_rule(ItemKind.DSR_REVIEW, RuleContext(age_group=AgeGroup.ANY, rag=Rag.BLUE))


def test_r1_has_a_planned_admission_and_a_red_rating_row() -> None:
    context = RuleContext(age_group=AgeGroup.ADULT, place=Place.COMMUNITY, rag=Rag.RED)
    planned = select_rule(ItemKind.COMMUNITY_REVIEW, context, anchor=Anchor.PLANNED_ADMISSION)
    red = select_rule(ItemKind.COMMUNITY_REVIEW, context, anchor=Anchor.RED_RATING)
    assert (planned.id, red.id) == (RuleId.R1, RuleId.R1)
    assert due_date(planned, date(2026, 4, 10), PolicySettings()) == date(2026, 4, 10)
    assert due_date(red, date(2026, 3, 1), PolicySettings()) == date(2026, 3, 15)


def test_settings_change_due_dates_without_touching_the_rules() -> None:
    rule = select_rule(
        ItemKind.REPEAT_REVIEW,
        RuleContext(age_group=AgeGroup.ADULT, setting=Setting.NON_SECURE, place=Place.INPATIENT),
    )
    stricter = replace(PolicySettings(), REPEAT_CTR_ADULT_NON_SECURE_MONTHS=4)
    assert due_date(rule, date(2025, 11, 20), stricter) == date(2026, 3, 20)


def test_urgent_review_hours_from_a_naive_datetime_are_london_time() -> None:
    context = RuleContext(age_group=AgeGroup.ADULT, place=Place.COMMUNITY)
    rule = select_rule(ItemKind.URGENT_REVIEW, context)
    requested = datetime(2026, 10, 23, 23, 30)  # BST; clocks go back on 25 October
    assert due_date(rule, requested, PolicySettings()) == date(2026, 10, 26)
    aware = datetime(2026, 10, 23, 22, 30, tzinfo=UTC)  # the same moment
    assert due_date(rule, aware, PolicySettings()) == date(2026, 10, 26)


def test_section_11_defaults() -> None:
    settings = PolicySettings()
    assert (
        settings.PRE_ADMISSION_LOOKBACK_DAYS,
        settings.CETR_POST_ADMISSION_WD,
        settings.COMMUNITY_CTR_RED_DAYS,
        settings.URGENT_REVIEW_HOURS,
        settings.CTR_REPORT_DAYS,
        (settings.DSR_REVIEW_DAYS_RED, settings.DSR_REVIEW_DAYS_AMBER),
        settings.DSR_REVIEW_DAYS_GREEN,
        settings.DUE_SOON_DAYS,
        settings.OVERSIGHT_SCOPE,
    ) == (28, 10, 14, 72, 14, (14, 28), 90, 14, OversightScope.ALL)


def test_interim_five_working_days_is_selectable_and_other_values_are_refused() -> None:
    assert PolicySettings(CETR_POST_ADMISSION_WD=5).CETR_POST_ADMISSION_WD == 5
    with pytest.raises(ValueError, match="CETR_POST_ADMISSION_WD must be 10"):
        PolicySettings(CETR_POST_ADMISSION_WD=7)


@pytest.mark.parametrize("bad", [0, -3, True, "14"])
def test_settings_refuse_values_that_are_not_positive_whole_numbers(bad: object) -> None:
    with pytest.raises(ValueError, match="DUE_SOON_DAYS must be a whole number"):
        PolicySettings(DUE_SOON_DAYS=bad)  # type: ignore[arg-type]


def test_settings_from_an_admin_table_by_domain_names() -> None:
    settings = PolicySettings.from_table({"OVERSIGHT_SCOPE": "OUT_OF_AREA", "DUE_SOON_DAYS": 7})
    assert (settings.OVERSIGHT_SCOPE, settings.DUE_SOON_DAYS) == (OversightScope.OUT_OF_AREA, 7)
    with pytest.raises(ValueError, match="Unknown policy setting: DUE_SOONER_DAYS"):
        PolicySettings.from_table({"DUE_SOONER_DAYS": 7})
    with pytest.raises(ValueError, match="OVERSIGHT_SCOPE must be one of"):
        PolicySettings.from_table({"OVERSIGHT_SCOPE": "SOME"})


@pytest.mark.parametrize(
    "module",
    sorted(
        path.relative_to(ENGINE).as_posix()
        for path in [ENGINE / "stays.py", *(ENGINE / "schedule").glob("*.py")]
    ),
)
def test_no_policy_number_is_written_outside_the_policy_module(module: str) -> None:
    tree = ast.parse((ENGINE / module).read_text())
    numbers = [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, int | float)
        and not isinstance(node.value, bool)
        and node.value not in {0, 1}
    ]
    assert numbers == []
