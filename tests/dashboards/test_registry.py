"""The registry: every DOMAIN.md 5 id is defined once, described, and catalogued in the docs."""

from pathlib import Path

from dashboards.metrics import METRICS, REGISTRY

ROOT = Path(__file__).resolve().parents[2]
EXPECTED_IDS = (
    [f"H{n}" for n in range(1, 13)]
    + ["L1", "L2", "L3", "D1", "D2", "D3", "T1", "T2"]
    + [f"C{n}" for n in range(1, 9)]
    + [f"W{n}" for n in range(1, 9)]
    + [f"Q{n}" for n in (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14)]
    + [f"A{n}" for n in range(1, 7)]
)


def test_every_metric_of_domain_section_5_is_in_the_registry_once():
    ids = [metric.id for metric in METRICS]
    assert len(ids) == len(set(ids))
    assert set(ids) == set(EXPECTED_IDS)
    assert set(REGISTRY) == set(EXPECTED_IDS)


def test_every_metric_says_what_it_counts_and_where_it_comes_from():
    for metric in METRICS:
        for text in (
            metric.title,
            metric.description,
            metric.numerator,
            metric.denominator,
            metric.source,
        ):
            assert text.strip(), metric.id


def test_the_catalogue_in_the_docs_lists_every_metric():
    catalogue = (ROOT / "docs" / "metrics.md").read_text()
    for metric in METRICS:
        assert f"| {metric.id} | {metric.title}" in catalogue, metric.id
