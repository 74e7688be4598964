"""The benchmark's figure helpers (bench/stats.py): percentiles, ratios and goal verdicts."""

import pytest

from bench.stats import median, percentile, ratio, verdict


def test_percentile_interpolates_between_closest_ranks():
    values = [10.0, 20.0, 30.0, 40.0]
    assert percentile(values, 0) == 10.0
    assert percentile(values, 100) == 40.0
    assert percentile(values, 50) == 25.0
    assert percentile(values, 95) == pytest.approx(38.5)


def test_median_ignores_input_order():
    assert median([5.0, 1.0, 3.0]) == 3.0


def test_percentile_of_nothing_is_an_error():
    with pytest.raises(ValueError, match="no values"):
        percentile([], 50)


def test_ratio_rounds_and_is_unknown_without_a_floor():
    assert ratio(3.0, 2.0) == 1.5
    assert ratio(1.0, 3.0) == 0.33
    assert ratio(1.0, None) is None
    assert ratio(None, 2.0) is None
    assert ratio(1.0, 0.0) is None


def test_verdict_says_missed_plainly():
    assert verdict(1.5, 1.5) == "met"
    assert verdict(1.51, 1.5) == "MISSED"
    assert verdict(None, 1.5) == "not measured"
