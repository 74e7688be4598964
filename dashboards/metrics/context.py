"""MetricContext: one partnership and period, with each metric group's query run at most once."""

from __future__ import annotations

from datetime import date
from functools import cached_property
from typing import Any

from django.conf import settings

from accounts.models import Partnership, PartnershipPopulation

from .periods import Period, closed_window_month
from .queries import census_days, community, inpatients, reference, reviews


class MetricContext:
    def __init__(self, *, partnership: Partnership, period: Period) -> None:
        self.partnership = partnership
        self.period = period

    @property
    def as_at(self) -> date:
        return self.period.as_at

    # Reference data -----------------------------------------------------------------------
    @cached_property
    def districts(self) -> list[str]:
        return reference.footprint_districts(self.partnership)

    @cached_property
    def population(self) -> PartnershipPopulation | None:
        return reference.population(self.partnership, self.as_at)

    @cached_property
    def plans(self) -> dict[str, int]:
        return reference.trajectory_plans(self.partnership, self.as_at)

    @cached_property
    def external(self) -> dict[str, dict[str, Any]]:
        return reference.external_figures(self.partnership, self.as_at)

    # Register groups ----------------------------------------------------------------------
    @cached_property
    def census(self) -> list[dict[str, Any]]:
        return inpatients.census(self.partnership, self.period, self.districts)

    @cached_property
    def distance_bands(self) -> dict[str, int]:
        """Open spells per distance-from-home band (register.geography), NOT_KNOWN included."""
        from register.geography import distance_band, distance_from_home_km

        bands: dict[str, int] = {}
        for row in inpatients.postcode_pairs(self.partnership, self.period):
            band = distance_band(distance_from_home_km(row["home"], row["site_postcode"]))
            bands[band] = bands.get(band, 0) + row["n"]
        return bands

    @cached_property
    def flow(self) -> dict[str, Any]:
        return inpatients.flow(self.partnership, self.period)

    @cached_property
    def step_downs(self) -> int:
        return inpatients.step_downs(self.partnership, self.period)

    @cached_property
    def readmission_months(self) -> dict[int, date]:
        return {
            days: closed_window_month(month=self.period.start, window_days=days)
            for days in settings.READMISSION_WINDOWS_DAYS
        }

    @cached_property
    def readmissions(self) -> dict[int, dict[str, int]]:
        return inpatients.readmissions(self.partnership, self.readmission_months)

    @cached_property
    def community(self) -> dict[str, int]:
        return community.community(self.partnership, self.period)

    @cached_property
    def budgets(self) -> dict[str, int]:
        return community.budgets(self.partnership, self.period)

    @cached_property
    def placements(self) -> dict[str, Any]:
        return community.placements(self.partnership, self.period)

    @cached_property
    def out_of_area_people(self) -> int:
        return community.out_of_area_people(self.partnership, self.period, self.districts)

    @cached_property
    def temporary_accommodation(self) -> dict[str, Any]:
        return community.temporary_accommodation(self.partnership, self.period)

    @cached_property
    def dsr(self) -> list[dict[str, Any]]:
        return community.dsr(self.partnership, self.period)

    @cached_property
    def referral_waits(self) -> dict[str, int]:
        return community.referral_waits(self.partnership, self.period)

    # Reviews groups (C1-C7) ------------------------------------------------------------------
    @cached_property
    def review_census(self) -> dict[str, int]:
        return reviews.review_census(self.partnership, self.period)

    @cached_property
    def post_admission_reviews(self) -> dict[str, int]:
        return reviews.post_admission_reviews(self.partnership, self.period)

    @cached_property
    def admissions_with_prior_review(self) -> dict[str, int]:
        return reviews.admissions_with_prior_review(self.partnership, self.period)

    @cached_property
    def community_review_month(self) -> date:
        return closed_window_month(
            month=self.period.start, window_days=settings.AVOIDED_FOLLOWUP_DAYS
        )

    @cached_property
    def community_review_outcomes(self) -> dict[str, int]:
        return reviews.community_review_outcomes(
            self.partnership,
            self.community_review_month,
            followup_days=settings.AVOIDED_FOLLOWUP_DAYS,
        )

    @cached_property
    def review_actions(self) -> dict[str, int]:
        return reviews.review_actions(self.partnership, self.period)

    @cached_property
    def census_days(self) -> dict[str, Any]:
        return census_days.census_days(self.partnership, self.period)

    # Helpers on the census cube -------------------------------------------------------------
    def census_total(self, **where: str) -> int:
        return sum(row["n"] for row in self.census if _matches(row, where))

    def census_sum(self, column: str, **where: str) -> int:
        return sum(row[column] or 0 for row in self.census if _matches(row, where))

    def census_split(self, dimension: str, column: str = "n", **where: str) -> dict[str, int]:
        totals: dict[str, int] = {}
        for row in self.census:
            if _matches(row, where):
                key = row[dimension]
                totals[key] = totals.get(key, 0) + (row[column] or 0)
        return totals

    def census_table(self, rows: str, columns: str) -> dict[str, dict[str, int]]:
        table: dict[str, dict[str, int]] = {}
        for row in self.census:
            cells = table.setdefault(row[rows], {})
            cells[row[columns]] = cells.get(row[columns], 0) + row["n"]
        return table


def _matches(row: dict[str, Any], where: dict[str, Any]) -> bool:
    for key, wanted in where.items():
        if isinstance(wanted, list | tuple | set | frozenset):
            if row[key] not in wanted:
                return False
        elif row[key] != wanted:
            return False
    return True
