"""Q1-Q14, C8, W2, W3, W6, W8 on a hand-built register (DOMAIN.md 5.3-5.5).

The register at 31 March 2026 (every figure below is counted by hand from it):
  inpatient  admitted 5 Jan 2026, adult; AHC with HAP Jun 2025; care plan review 1 Apr 2025;
             coordinator since 2025; crisis plan since Oct 2025; PHB; DSR BLUE
  c1         adult in own tenancy, paid work, CJS contact 15 Mar, HEF Dec 2025, AHC 30 Mar 2025
             (just over 12 months), coordinator ended Feb, crisis plan withdrawn 1 Mar; DP budget;
             DSR AMBER; 52-week residential school out of area for lack of local provision
  c2         aged 12, with family; care plan review and coordinator from 31 Mar; DSR RED with
             a crisis plan; integrated managed budget; nursing placement out of area since 1 Mar
  c3         adult in residential care, voluntary work; commissioned-only budget; DSR closed
             1 Mar; residential care placement since 31 Mar 2025; a placement broke down 20 Mar
  died       died 1 Feb 2026 (not on the register at month end)
  later      recorded on 1 Jun 2026 (not on the register in March)
"""

import datetime as dt

import pytest

from dashboards.models import ExternalFigure
from register.models import (
    Accommodation,
    AnnualHealthCheck,
    CareCoordinatorAssignment,
    CarePlanReview,
    CriminalJusticeContact,
    CrisisPlan,
    Employment,
    HealthEqualityAssessment,
    PersonalBudget,
    Placement,
)
from tests.factories import PersonFactory

from .conftest import OUT_OF_AREA_POSTCODE, dsr_entry, record

pytestmark = pytest.mark.django_db
MARCH = dt.date(2026, 3, 1)


def _coordinator(person, start, end=None):
    return CareCoordinatorAssignment.objects.create(
        partnership=person.partnership,
        person=person,
        external_name="Jo",
        start_date=start,
        end_date=end,
    )


@pytest.fixture
def register(admit, resident, other_partnership):
    inpatient = admit(dt.date(2026, 1, 5)).person
    record(
        AnnualHealthCheck, inpatient, check_date=dt.date(2025, 6, 1), has_health_action_plan=True
    )
    record(HealthEqualityAssessment, inpatient, assessed_on=dt.date(2024, 1, 1))
    record(CarePlanReview, inpatient, reviewed_on=dt.date(2025, 4, 1))
    _coordinator(inpatient, dt.date(2025, 1, 1))
    record(CrisisPlan, inpatient, created_on=dt.date(2025, 10, 1))
    record(PersonalBudget, inpatient, kind="PHB", deployment="DP", start_date=dt.date(2025, 1, 1))
    dsr_entry(
        inpatient,
        dt.date(2025, 11, 1),
        (dt.date(2025, 11, 1), "GREEN"),
        (dt.date(2026, 1, 5), "BLUE"),
    )

    c1 = resident(dob=dt.date(2000, 1, 1))
    record(AnnualHealthCheck, c1, check_date=dt.date(2025, 3, 30))
    record(HealthEqualityAssessment, c1, assessed_on=dt.date(2025, 12, 1))
    _coordinator(c1, dt.date(2024, 1, 1), dt.date(2026, 2, 1))
    record(Accommodation, c1, type="OWN_TENANCY", start_date=dt.date(2024, 1, 1))
    record(Employment, c1, status="PAID", start_date=dt.date(2025, 9, 1))
    record(CriminalJusticeContact, c1, contact_date=dt.date(2026, 3, 15))
    record(CrisisPlan, c1, created_on=dt.date(2025, 1, 1), withdrawn_on=dt.date(2026, 3, 1))
    record(PersonalBudget, c1, kind="PB", deployment="DP", start_date=dt.date(2025, 1, 1))
    record(
        PersonalBudget,
        c1,
        kind="PHB",
        deployment="DP",
        start_date=dt.date(2024, 1, 1),
        end_date=dt.date(2026, 1, 1),
    )
    dsr_entry(
        c1, dt.date(2026, 1, 5), (dt.date(2026, 1, 5), "AMBER"), (dt.date(2026, 4, 3), "RED")
    )  # re-rated after month end: still AMBER in March
    record(
        Placement,
        c1,
        type="RESIDENTIAL_SCHOOL_52WK",
        is_out_of_area=True,
        is_for_lack_of_local_provision=True,
        start_date=dt.date(2025, 9, 1),
    )

    c2 = resident(dob=dt.date(2013, 5, 1))
    record(AnnualHealthCheck, c2, check_date=dt.date(2026, 1, 1))
    record(Accommodation, c2, type="FAMILY_HOME", start_date=dt.date(2013, 5, 1))
    record(CarePlanReview, c2, reviewed_on=dt.date(2026, 3, 31))
    _coordinator(c2, dt.date(2026, 3, 31))
    record(CrisisPlan, c2, created_on=dt.date(2026, 2, 1))
    record(
        PersonalBudget, c2, kind="INTEGRATED", deployment="MANAGED", start_date=dt.date(2025, 6, 1)
    )
    dsr_entry(c2, dt.date(2026, 1, 5), (dt.date(2026, 1, 5), "GREEN"), (dt.date(2026, 3, 2), "RED"))
    record(Placement, c2, type="NURSING_CARE", is_out_of_area=True, start_date=dt.date(2026, 3, 1))
    record(
        Placement,
        c2,
        type="OTHER",
        start_date=dt.date(2025, 1, 1),
        end_date=dt.date(2026, 3, 20),
        ended_by_breakdown=True,
    )

    c3 = resident(dob=dt.date(1980, 1, 1))
    record(Accommodation, c3, type="RESIDENTIAL_CARE", start_date=dt.date(2020, 1, 1))
    record(Employment, c3, status="VOLUNTARY", start_date=dt.date(2025, 1, 1))
    record(
        PersonalBudget,
        c3,
        kind="PB",
        deployment="COMMISSIONED_ONLY",
        start_date=dt.date(2025, 1, 1),
    )
    dsr_entry(c3, dt.date(2025, 2, 1), (dt.date(2025, 2, 1), "GREEN"), closed=dt.date(2026, 3, 1))
    record(Placement, c3, type="RESIDENTIAL_CARE", start_date=dt.date(2025, 3, 31))

    died = resident(date_of_death=dt.date(2026, 2, 1), dob=dt.date(1970, 1, 1))
    record(CarePlanReview, died, reviewed_on=dt.date(2026, 1, 1))
    later = resident(since=dt.date(2026, 6, 1))
    record(CarePlanReview, later, reviewed_on=dt.date(2026, 1, 1))
    elsewhere = PersonFactory(partnership=other_partnership)
    record(CarePlanReview, elsewhere, reviewed_on=dt.date(2026, 1, 1))


def _nd(result):
    return (result.numerator, result.denominator)


def _rate(result, name):
    return (result.rates[name]["numerator"], result.rates[name]["denominator"])


def test_health_checks_count_people_aged_14_plus_in_the_last_12_months(register, figures):
    q1 = figures(MARCH, "Q1")["Q1"]
    assert _nd(q1) == (1, 3)  # the inpatient; c2 is 12; c1's check is 366 days old
    assert _rate(q1, "with_health_action_plan") == (1, 3)
    assert _rate(q1, "inpatient") == (1, 1)
    assert _rate(q1, "community") == (0, 2)


def test_register_shares(register, figures):
    got = figures(MARCH, "Q2", "Q3", "Q4", "Q9", "Q10", "Q12")
    assert _nd(got["Q2"]) == (1, 4)  # c1's HEF; the inpatient's is from 2024
    assert _rate(got["Q2"], "community") == (1, 3)
    assert _nd(got["Q3"]) == (2, 4)  # inpatient (1 Apr 2025) and c2 (31 Mar 2026)
    assert _nd(got["Q4"]) == (2, 4)  # c1's coordinator ended in February
    assert _nd(got["Q9"]) == (1, 4)  # c1 paid; c3's work is voluntary
    assert _nd(got["Q10"]) == (1, 4)
    assert _nd(got["Q12"]) == (2, 4)  # inpatient and c2; c1's plan was withdrawn 1 March
    assert _rate(got["Q12"], "dsr") == (2, 3)  # DSR: inpatient, c1, c2


def test_settled_accommodation_counts_community_people_only(register, figures):
    q7 = figures(MARCH, "Q7")["Q7"]
    assert _nd(q7) == (2, 3)  # own tenancy (c1) and family (c2) of c1, c2, c3
    assert _rate(q7, "residential") == (1, 3)
    assert _rate(q7, "family") == (1, 3)
    assert _rate(q7, "supported_or_shared_lives") == (0, 3)


def test_budgets_by_kind_and_deployment(register, figures, partnership, make_member):
    admin = make_member("PARTNERSHIP_ADMIN", partnership)
    ExternalFigure.objects.create(
        partnership=partnership,
        key="HEALTH_SUPPORT_CLIENTS",
        period=dt.date(2026, 1, 1),
        value=20,
        source="ICB CHC team",
        entered_by=admin,
    )
    got = figures(MARCH, "Q5", "Q6", "W6")
    assert _nd(got["Q5"]) == (2, 3)  # DP (c1) and managed (c2) of c1, c2, c3
    assert _rate(got["Q5"], "DP") == (1, 3)
    assert _rate(got["Q5"], "ISF") == (0, 3)
    assert _rate(got["Q5"], "MANAGED") == (1, 3)
    assert _rate(got["Q5"], "COMMISSIONED_ONLY") == (1, 3)
    assert got["W6"].value == 1  # the inpatient's PHB; c1's ended in January
    assert got["Q6"].splits["budget_kind"] == {"PHB": 1, "INTEGRATED": 1}
    assert _rate(got["Q6"], "phb_of_health_support") == (1, 20.0)
    assert got["Q6"].stats["sources"]["HEALTH_SUPPORT_CLIENTS"]["source"] == "ICB CHC team"


def test_dsr_by_rag_on_the_day_with_age_groups_and_crisis_plans(register, figures):
    c8 = figures(MARCH, "C8")["C8"]
    assert c8.value == 3  # c3's entry closed on 1 March
    assert c8.splits["rag"] == {"BLUE": 1, "AMBER": 1, "RED": 1}
    assert c8.splits["age_group"] == {"ADULT": 2, "CYP": 1}
    assert c8.tables["rag__age_group"] == {
        "BLUE": {"ADULT": 1},
        "AMBER": {"ADULT": 1},
        "RED": {"CYP": 1},
    }
    assert _rate(c8, "red_with_crisis_plan") == (1, 1)
    april = figures(dt.date(2026, 4, 1), "C8")["C8"]
    assert april.splits["rag"] == {"BLUE": 1, "RED": 2}  # c1 re-rated RED on 3 April


def test_placements(register, figures):
    got = figures(MARCH, "W2", "W8", "Q11", "W3")
    assert got["W2"].denominator == 2  # c3 residential (365 days) and c2 nursing (30 days)
    assert got["W2"].value == pytest.approx(197.5)
    assert got["W2"].stats["median_days"] == pytest.approx(197.5)
    assert got["W8"].value == 2
    assert got["W8"].splits["placement"] == {"RESIDENTIAL_SCHOOL": 1, "OUT_OF_AREA": 2}
    assert got["Q11"].value == 1
    assert got["W3"].value == 1  # c1 (lack of local provision); c2's was not for that reason


def test_w3_counts_out_of_area_inpatients_too(admit, ward_of, figures):
    admit(dt.date(2026, 1, 5), ward=ward_of(postcode=OUT_OF_AREA_POSTCODE))
    admit(dt.date(2026, 1, 5))  # in area
    assert figures(MARCH, "W3")["W3"].value == 1


def test_crisis_or_temporary_accommodation(resident, figures):
    returned, moved, staying, earlier = (resident() for _ in range(4))
    record(
        Accommodation,
        returned,
        type="FAMILY_HOME",
        start_date=dt.date(2020, 1, 1),
        end_date=dt.date(2026, 3, 1),
    )
    record(
        Accommodation,
        returned,
        type="TEMPORARY_CRISIS",
        start_date=dt.date(2026, 3, 1),
        end_date=dt.date(2026, 3, 11),
    )
    record(Accommodation, returned, type="FAMILY_HOME", start_date=dt.date(2026, 3, 11))
    record(
        Accommodation,
        moved,
        type="OWN_TENANCY",
        start_date=dt.date(2020, 1, 1),
        end_date=dt.date(2026, 2, 20),
    )
    record(
        Accommodation,
        moved,
        type="TEMPORARY_CRISIS",
        start_date=dt.date(2026, 2, 20),
        end_date=dt.date(2026, 3, 22),
    )
    record(Accommodation, moved, type="SUPPORTED_LIVING", start_date=dt.date(2026, 3, 22))
    record(Accommodation, staying, type="TEMPORARY_CRISIS", start_date=dt.date(2026, 3, 25))
    record(
        Accommodation,
        earlier,
        type="TEMPORARY_CRISIS",
        start_date=dt.date(2026, 1, 1),
        end_date=dt.date(2026, 2, 15),
    )
    q14 = figures(MARCH, "Q14")["Q14"]
    assert q14.value == 3
    assert q14.stats["mean_stay_days"] == pytest.approx(20.0)  # 10 and 30 days
    assert _rate(q14, "returned_to_previous_kind_of_home") == (1, 2)
    assert _rate(q14, "moved_to_a_different_home") == (1, 2)


def test_returned_home_after_admission(admit, figures):
    admit(
        dt.date(2025, 1, 1),
        discharged=dt.date(2026, 3, 5),
        destination="FAMILY_HOME",
        returned_to_previous_home=True,
    )
    admit(
        dt.date(2025, 1, 1),
        discharged=dt.date(2026, 3, 6),
        destination="SUPPORTED_LIVING",
        returned_to_previous_home=False,
    )
    admit(dt.date(2025, 1, 1), discharged=dt.date(2026, 3, 7), destination="OTHER_HOSPITAL")
    assert _nd(figures(MARCH, "Q8")["Q8"]) == (1, 2)
