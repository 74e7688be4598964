"""Small-number suppression for board members (DOMAIN.md 8, E14)."""

import pytest

from dashboards.metrics import REGISTRY, MetricResult, suppress_count, suppress_result
from dashboards.metrics.suppression import suppress_split, suppress_table


def test_e14_counts_are_suppressed_or_rounded():
    assert [suppress_count(n) for n in (0, 3, 7, 8, 12, 38)] == [0, "*", "*", 10, 10, 40]


def test_the_thresholds_come_from_settings(settings):
    settings.SUPPRESS_MAX = 4
    settings.ROUND_TO = 10
    assert [suppress_count(n) for n in (4, 5, 14, 15)] == ["*", 10, 10, 20]


def test_secondary_suppression_hides_the_next_smallest_cell_of_a_row():
    # Total 45 is published: with only the 3 hidden, 3 = 45 - 12 - 30 could be worked out.
    assert suppress_split({"ICB": 12, "NHSE_SPEC": 3, "OTHER": 30}) == {
        "ICB": "*",
        "NHSE_SPEC": "*",
        "OTHER": 30,
    }
    # Two cells already hidden: nothing more to do. Zeros are shown and never chosen.
    assert suppress_split({"a": 2, "b": 5, "c": 0, "d": 20}) == {
        "a": "*",
        "b": "*",
        "c": 0,
        "d": 20,
    }
    assert suppress_split({"a": 2, "b": 0, "c": 9}) == {"a": "*", "b": 0, "c": "*"}


def test_secondary_suppression_in_a_table_reaches_rows_and_columns():
    table = {
        "ICB": {"AT_UNIT": 20, "SECURE_LOW": 3, "LOCKED_REHAB": 15},
        "NHSE_SPEC": {"AT_UNIT": 0, "SECURE_LOW": 25, "LOCKED_REHAB": 12},
    }
    # Row ICB: 3 hidden -> hide 15 (next smallest). Column LOCKED_REHAB now has one hidden
    # cell (15) -> hide 12. Row NHSE_SPEC then has one hidden (12) -> hide 25. Column
    # SECURE_LOW has 3 and 25 hidden: done.
    assert suppress_table(table) == {
        "ICB": {"AT_UNIT": 20, "SECURE_LOW": "*", "LOCKED_REHAB": "*"},
        "NHSE_SPEC": {"AT_UNIT": 0, "SECURE_LOW": "*", "LOCKED_REHAB": "*"},
    }


def test_a_rate_with_a_suppressed_numerator_or_denominator_is_suppressed():
    h9 = REGISTRY["H9"]
    shown = suppress_result(h9, MetricResult(value=30.0, numerator=3, denominator=10))
    assert (shown.value, shown.numerator, shown.denominator) == ("*", "*", 10)
    shown = suppress_result(h9, MetricResult(value=40.0, numerator=12, denominator=30))
    assert (shown.value, shown.numerator, shown.denominator) == (40.0, 10, 30)
    q1 = REGISTRY["Q1"]
    shown = suppress_result(
        q1,
        MetricResult(
            value=50.0,
            numerator=10,
            denominator=20,
            rates={
                "inpatient": {"numerator": 2, "denominator": 4, "value": 50.0},
                "community": {"numerator": 8, "denominator": 16, "value": 50.0},
            },
        ),
    )
    assert shown.rates["inpatient"] == {"numerator": "*", "denominator": "*", "value": "*"}
    assert shown.rates["community"] == {"numerator": 10, "denominator": 15, "value": 50.0}


def test_counts_and_their_splits_are_suppressed_for_the_board():
    h1 = REGISTRY["H1"]
    result = MetricResult(
        value=23,
        numerator=23,
        splits={"commissioner_type": {"ICB": 17, "NHSE_SPEC": 6}},
        tables={"commissioner_type__area": {"ICB": {"IN_AREA": 17}, "NHSE_SPEC": {"IN_AREA": 6}}},
    )
    shown = suppress_result(h1, result)
    assert shown.value == 25
    assert shown.splits["commissioner_type"] == {"ICB": "*", "NHSE_SPEC": "*"}
    assert shown.tables["commissioner_type__area"] == {
        "ICB": {"IN_AREA": "*"},
        "NHSE_SPEC": {"IN_AREA": "*"},
    }
    assert result.value == 23  # the commissioner's figures are untouched


def test_a_mean_whose_denominator_is_suppressed_is_hidden_with_its_median():
    l3 = REGISTRY["L3"]
    shown = suppress_result(
        l3, MetricResult(value=175.0, numerator=525, denominator=3, stats={"median_days": 100.0})
    )
    assert (shown.value, shown.numerator, shown.stats["median_days"]) == ("*", 525, "*")


@pytest.mark.parametrize("metric_id", ["H2", "H3", "H4", "H5"])
def test_per_million_rates_suppress_the_count_not_the_population(metric_id):
    shown = suppress_result(
        REGISTRY[metric_id], MetricResult(value=4.1, numerator=6, denominator=1_450_000)
    )
    assert (shown.value, shown.numerator, shown.denominator) == ("*", "*", 1_450_000)


def test_trajectory_actuals_are_suppressed_and_variance_taken_from_the_shown_figure():
    from dashboards.metrics import REGISTRY, MetricResult
    from dashboards.metrics.suppression import suppress_result

    def part(actual, plan):
        return {
            "actual": actual,
            "plan": plan,
            "numerator": actual - plan,
            "denominator": plan,
            "value": 100.0 * (actual - plan) / plan,
            "rag": "RED",
        }

    raw = MetricResult(
        value=4,
        numerator=4,
        denominator=25,
        rates={"ICB": part(17, 15), "NHSE_SPEC": part(3, 1), "TOTAL": part(20, 16)},
    )
    shown = suppress_result(REGISTRY["T1"], raw)
    assert shown.rates["ICB"]["actual"] == 15  # 17 rounded to the nearest 5
    assert (shown.rates["ICB"]["numerator"], shown.rates["ICB"]["value"]) == (0, 0.0)
    assert shown.rates["NHSE_SPEC"]["actual"] == "*"  # 3 people: hidden, and so its variance
    assert shown.rates["NHSE_SPEC"]["value"] == "*"
    assert (shown.value, shown.rates["TOTAL"]["actual"]) == (4, 20)
