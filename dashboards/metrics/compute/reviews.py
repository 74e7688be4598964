"""5.3 C(E)TR and oversight timeliness, C1-C7 (C8 is with the community measures)."""

from __future__ import annotations

from ..context import MetricContext
from ..core import MetricResult, rate


def _share(numerator: int, denominator: int, **stats: object) -> MetricResult:
    part = rate(numerator, denominator)
    return MetricResult(
        value=part["value"], numerator=numerator, denominator=denominator, stats=dict(stats)
    )


def c1(ctx: MetricContext) -> MetricResult:
    census = ctx.review_census
    return _share(census["review_in_date"], census["settled"])


def c2(ctx: MetricContext) -> MetricResult:
    census = ctx.review_census
    return _share(census["not_reviewed_6m"], census["open"])


def c3(ctx: MetricContext) -> MetricResult:
    items = ctx.post_admission_reviews
    return _share(items["on_time"], items["due"], declined_but_offered=items["declined"])


def c4(ctx: MetricContext) -> MetricResult:
    admissions = ctx.admissions_with_prior_review
    return _share(admissions["with_review"], admissions["admissions"])


def c5(ctx: MetricContext) -> MetricResult:
    reviews = ctx.community_review_outcomes
    return _share(
        reviews["avoided"], reviews["held"], review_month=ctx.community_review_month.isoformat()
    )


def c6(ctx: MetricContext) -> MetricResult:
    census = ctx.review_census
    return _share(census["visit_in_date"], census["open"])


def c7(ctx: MetricContext) -> MetricResult:
    actions = ctx.review_actions
    return _share(actions["overdue"], actions["open"])
