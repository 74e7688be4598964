"""T1 and T2: actual inpatients against the planned trajectory (DOMAIN.md 5.2, ADR 0004)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from accounts.models import AuditEvent, PartnershipPopulation
from dashboards.metrics.compute import trajectory_rag
from dashboards.models import TrajectoryPlan
from dashboards.services import set_population, set_trajectory_plan
from register.models import CommissionerType

pytestmark = pytest.mark.django_db
MARCH = dt.date(2026, 3, 1)


@pytest.mark.parametrize(
    ("actual", "plan", "rag"),
    [
        (10, 10, "GREEN"),
        (9, 10, "GREEN"),
        (11, 10, "AMBER"),
        (12, 10, "RED"),
        (110, 100, "AMBER"),
        (111, 100, "RED"),
        (0, 0, "GREEN"),
        (1, 0, "RED"),
    ],
)
def test_t2_thresholds(actual, plan, rag):
    assert trajectory_rag(actual, plan) == rag


@pytest.fixture
def admin(make_member, partnership):
    return make_member("PARTNERSHIP_ADMIN", partnership)


def test_t1_and_t2_compare_each_commissioner_type_with_the_quarter_plan(
    admit, partnership, admin, figures
):
    for _ in range(11):
        admit(dt.date(2025, 6, 1))
    for _ in range(10):
        admit(dt.date(2025, 6, 1), commissioner_type=CommissionerType.NHSE_SPEC)
    # Plans are per financial quarter; 17 February falls in Q4 2025-26 (January to March).
    set_trajectory_plan(
        partnership=partnership,
        by=admin,
        quarter=dt.date(2026, 2, 17),
        commissioner_type="ICB",
        planned_inpatients=10,
    )
    set_trajectory_plan(
        partnership=partnership,
        by=admin,
        quarter=dt.date(2026, 1, 1),
        commissioner_type="NHSE_SPEC",
        planned_inpatients=10,
    )
    got = figures(MARCH, "T1", "T2")
    assert got["T1"].rates["ICB"] | {} == {
        "numerator": 1,
        "denominator": 10,
        "value": 10.0,
        "actual": 11,
        "plan": 10,
        "rag": "AMBER",
    }
    assert got["T1"].rates["NHSE_SPEC"]["rag"] == "GREEN"
    assert (got["T1"].numerator, got["T1"].denominator) == (1, 20)
    assert got["T2"].value == "AMBER"  # 21 against 20 is 5% over
    assert got["T2"].stats == {"ICB": "AMBER", "NHSE_SPEC": "GREEN", "TOTAL": "AMBER"}
    april = figures(dt.date(2026, 4, 1), "T2")["T2"]
    assert april.value is None
    assert april.note == "n/a: no planned trajectory entered for Q1 2026-27."


def test_a_plan_is_replaced_not_duplicated_and_each_change_is_audited(partnership, admin):
    set_trajectory_plan(
        partnership=partnership,
        by=admin,
        quarter=dt.date(2026, 4, 1),
        commissioner_type="ICB",
        planned_inpatients=12,
    )
    plan = set_trajectory_plan(
        partnership=partnership,
        by=admin,
        quarter=dt.date(2026, 6, 30),
        commissioner_type="ICB",
        planned_inpatients=11,
    )
    assert TrajectoryPlan.objects.get().planned_inpatients == 11
    assert plan.quarter_start == dt.date(2026, 4, 1)
    actions = list(
        AuditEvent.objects.filter(object_type="dashboards.TrajectoryPlan")
        .values_list("action", flat=True)
        .order_by("at")
    )
    assert actions == ["create", "update"]


def test_a_negative_plan_is_refused_and_nothing_is_written(partnership, admin):
    with pytest.raises(ValidationError) as refused:
        set_trajectory_plan(
            partnership=partnership,
            by=admin,
            quarter=dt.date(2026, 4, 1),
            commissioner_type="ICB",
            planned_inpatients=-1,
        )
    assert refused.value.message_dict == {
        "planned_inpatients": ["Planned inpatients must be 0 or more."]
    }
    assert not TrajectoryPlan.objects.exists()
    assert not AuditEvent.objects.exists()


def test_population_is_entered_per_financial_year(partnership, admin):
    set_population(
        partnership=partnership,
        by=admin,
        financial_year_start=2026,
        adults_18_plus=734_000,
        children_under_18=228_000,
    )
    set_population(
        partnership=partnership,
        by=admin,
        financial_year_start=2026,
        adults_18_plus=735_000,
        children_under_18=228_000,
    )
    row = PartnershipPopulation.objects.get()
    assert (row.financial_year_start, row.adults_18_plus) == (2026, 735_000)
    with pytest.raises(ValidationError):
        set_population(
            partnership=partnership,
            by=admin,
            financial_year_start=2026,
            adults_18_plus=0,
            children_under_18=1,
        )
