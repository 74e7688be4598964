"""Annex A indicators 1-6 (DOMAIN.md 5.6, E9, E10, E13)."""

import datetime as dt

import pytest

from dashboards.models import ExternalFigure
from register.models import CarePlanReview, CoordinatorContact, CrisisPlan, PsychiatricReferral

from .conftest import record

pytestmark = pytest.mark.django_db
APRIL = dt.date(2026, 4, 1)


def _contact(person, day, mode="FACE_TO_FACE"):
    return record(CoordinatorContact, person, contact_date=day, mode=mode)


def _nd(result):
    return (result.numerator, result.denominator)


def test_e13_average_census_counts_qualifying_person_days(admit, figures):
    a = admit(dt.date(2026, 1, 5)).person
    _contact(a, dt.date(2026, 4, 1))
    _contact(a, dt.date(2026, 4, 25))
    record(CarePlanReview, a, reviewed_on=dt.date(2025, 10, 1))  # six months ago
    b = admit(dt.date(2026, 1, 5)).person
    _contact(b, dt.date(2026, 2, 20))  # 40 days before 1 April, none since
    _contact(b, dt.date(2026, 4, 5), mode="TELEPHONE")  # not face to face: does not count
    record(CarePlanReview, b, reviewed_on=dt.date(2026, 1, 1))  # three months ago
    a1 = figures(APRIL, "A1")["A1"]
    assert _nd(a1) == (30, 60)  # A on all 30 days, B on none
    assert a1.value == pytest.approx(50.0)


def test_average_census_counts_only_the_days_in_hospital(admit, figures):
    came_in = admit(dt.date(2026, 4, 11)).person  # in hospital 11-30 April: 20 days
    _contact(came_in, dt.date(2026, 4, 11))
    record(CarePlanReview, came_in, reviewed_on=dt.date(2026, 4, 11))
    went_out = admit(dt.date(2026, 3, 1), discharged=dt.date(2026, 4, 6)).person  # 1-5 April
    _contact(went_out, dt.date(2026, 3, 20))
    record(CarePlanReview, went_out, reviewed_on=dt.date(2025, 4, 3))  # 12 months before 3 Apr
    # went_out qualifies on 1-3 April only: the review is then within 12 months of the day.
    assert _nd(figures(APRIL, "A1")["A1"]) == (20 + 3, 20 + 5)


def test_a6_crisis_plan_person_days(admit, figures):
    a = admit(dt.date(2026, 1, 5)).person
    record(CrisisPlan, a, created_on=dt.date(2026, 4, 16))  # 16-30 April: 15 days
    b = admit(dt.date(2026, 1, 5)).person
    record(CrisisPlan, b, created_on=dt.date(2026, 1, 1), withdrawn_on=dt.date(2026, 4, 11))
    admit(dt.date(2026, 1, 5))  # no crisis plan
    a6 = figures(APRIL, "A6")["A6"]
    assert _nd(a6) == (15 + 10, 90)


def test_e9_readmission_counts_at_90_days_and_12_months_not_28(admit, figures):
    first = admit(
        dt.date(2025, 10, 1), discharged=dt.date(2026, 1, 10), destination="SUPPORTED_LIVING"
    )
    admit(dt.date(2026, 3, 20), person=first.person, kind="READMISSION_12M")  # 69 days later
    # Each window reports a fixed earlier discharge month: 28 days 1 month, 90 days 4 months,
    # 12 months 12 months later, so January 2026 is reported in Feb 2026, May 2026 and Jan 2027.
    february = figures(dt.date(2026, 2, 1), "A3")["A3"]
    assert february.rates["28"]["discharge_month"] == "2026-01-01"
    assert (february.rates["28"]["numerator"], february.rates["28"]["denominator"]) == (0, 1)
    may = figures(dt.date(2026, 5, 1), "A3")["A3"]
    assert may.stats["discharge_month"] == "2026-01-01"
    assert _nd(may) == (1, 1)
    january = figures(dt.date(2027, 1, 1), "A3")["A3"]
    assert january.rates["365"]["discharge_month"] == "2026-01-01"
    assert (january.rates["365"]["numerator"], january.rates["365"]["denominator"]) == (1, 1)


def test_e10_transfers_and_deaths_are_not_in_the_readmission_denominator(admit, figures):
    moved = admit(
        dt.date(2025, 10, 1), discharged=dt.date(2026, 1, 5), destination="OTHER_HOSPITAL"
    )
    admit(
        dt.date(2026, 1, 5),
        person=moved.person,
        kind="TRANSFER",
        continuous_stay_start=dt.date(2025, 10, 1),
    )
    admit(dt.date(2025, 10, 1), discharged=dt.date(2026, 1, 12), destination="DIED")
    admit(dt.date(2025, 10, 1), discharged=dt.date(2026, 1, 20), destination="FAMILY_HOME")
    a3 = figures(dt.date(2026, 5, 1), "A3")["A3"]
    assert _nd(a3) == (0, 1)


def test_a5_referrals_counted_when_their_outcome_is_known(resident, figures):
    person = resident()

    def referral(referred, contact=None):
        record(PsychiatricReferral, person, referral_date=referred, first_contact_date=contact)

    referral(dt.date(2026, 1, 10), dt.date(2026, 4, 2))  # seen in April after 82 days: met
    referral(dt.date(2025, 12, 5), dt.date(2026, 4, 10))  # 126 days exactly: met in April
    referral(dt.date(2025, 11, 30))  # 127th day is 6 April, never seen: breached in April
    referral(dt.date(2025, 12, 1), dt.date(2026, 4, 20))  # seen after 140 days: breached
    referral(dt.date(2026, 3, 1))  # still waiting, within 18 weeks: not yet known
    referral(dt.date(2026, 1, 2), dt.date(2026, 3, 30))  # seen in March: counted in March
    a5 = figures(APRIL, "A5")["A5"]
    assert _nd(a5) == (2, 4)


def test_entered_figures_give_a2_and_a4_with_their_source(partnership, make_member, figures):
    admin = make_member("PARTNERSHIP_ADMIN", partnership)

    def enter(key, period, value, source):
        ExternalFigure.objects.create(
            partnership=partnership,
            key=key,
            period=period,
            value=value,
            source=source,
            entered_by=admin,
        )

    enter("SC_DIRECT_PAYMENT", dt.date(2026, 4, 1), 120, "ASC-FR 2026 Q1")
    enter("SC_MANAGED_BUDGET", dt.date(2026, 4, 1), 60, "ASC-FR 2026 Q1")
    enter("SC_COMMISSIONED_ONLY", dt.date(2026, 4, 1), 120, "ASC-FR 2026 Q1")
    enter("SC_COMMISSIONED_ONLY", dt.date(2026, 1, 1), 999, "older quarter")
    enter("GP_LD_REGISTER", dt.date(2025, 4, 1), 4000, "QOF LD register 2025-26")
    enter("AHC_COMPLETED", dt.date(2025, 4, 1), 2900, "CQRS 2025-26")
    got = figures(dt.date(2026, 5, 1), "A2", "A4")
    assert _nd(got["A2"]) == (180.0, 300.0)
    assert got["A2"].value == pytest.approx(60.0)  # not above the > 60% threshold
    assert got["A2"].stats["sources"]["SC_DIRECT_PAYMENT"]["source"] == "ASC-FR 2026 Q1"
    assert got["A2"].stats["sources"]["SC_DIRECT_PAYMENT"]["is_latest_available"] is False
    assert _nd(got["A4"]) == (2900.0, 4000.0)
    # The 2025-26 register figures stand in for 2026-27 until those are entered, and say so.
    assert got["A4"].stats["sources"]["GP_LD_REGISTER"]["is_latest_available"] is True


def test_entered_figures_missing_make_the_indicator_not_available(figures):
    a2 = figures(APRIL, "A2")["A2"]
    assert a2.value is None
    assert a2.note.startswith("n/a: not entered yet: Social-care clients with LD: direct payment;")


def test_w5_and_w7_show_entered_figures_as_reported(partnership, make_member, figures):
    admin = make_member("PARTNERSHIP_ADMIN", partnership)

    def enter(key, period, value, source):
        ExternalFigure.objects.create(
            partnership=partnership,
            key=key,
            period=period,
            value=value,
            source=source,
            entered_by=admin,
        )

    enter("BUDGET", dt.date(2026, 4, 1), 250_000, "Pooled budget plan 2026-27")
    enter("EXPENDITURE", dt.date(2026, 4, 1), 262_500, "Finance ledger, April")
    enter("EXPENDITURE", dt.date(2026, 3, 1), 1, "March: another month")
    enter("SATISFACTION", dt.date(2026, 4, 1), 82, "Family survey Q1 2026-27")
    enter("GREEN_LIGHT_TOOLKIT", dt.date(2026, 1, 1), 64, "Audit Q4 2025-26")
    got = figures(APRIL, "W5", "W7")
    assert _nd(got["W5"]) == (262_500.0, 250_000.0)
    assert got["W5"].stats["variance"] == 12_500.0
    assert got["W5"].stats["spent_pct"] == pytest.approx(105.0)
    reported = got["W7"].stats["sources"]
    assert got["W7"].value == 2
    assert reported["SATISFACTION"]["value"] == 82.0
    assert reported["SATISFACTION"]["is_latest_available"] is False
    assert reported["GREEN_LIGHT_TOOLKIT"]["is_latest_available"] is True  # an older quarter
    assert figures(dt.date(2026, 5, 1), "W5")["W5"].note == (
        "n/a: not entered yet: Transforming Care expenditure in the month (£); "
        "Transforming Care budget for the month (£)."
    )
