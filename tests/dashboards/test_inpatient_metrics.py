"""H1-H12, L1-L3, D1-D3 on hand-built cohorts (DOMAIN.md 5.1, 5.2, E10, E11, E12, E18).

Each expected figure is counted by hand from the cohort built in the test."""

import datetime as dt

import pytest

from register.models import (
    BedType,
    CommissionerType,
    DelayReason,
    LegalStatus,
    SecurityLevel,
)
from tests.factories import PersonFactory

from .conftest import (
    OUT_OF_AREA_POSTCODE,
    move,
    set_delay,
    set_legal_status,
    set_planned_discharge,
)

pytestmark = pytest.mark.django_db
MARCH = dt.date(2026, 3, 1)
NHSE = CommissionerType.NHSE_SPEC


def test_e11_month_end_counts_admissions_and_discharges(admit, figures):
    admit(dt.date(2026, 1, 5))  # P1 open
    admit(dt.date(2026, 3, 10), discharged=dt.date(2026, 3, 31))  # P2: out on the 31st
    admit(dt.date(2026, 3, 31))  # P3 admitted on the last day
    got = figures(MARCH, "H1", "H7", "H8")
    assert got["H1"].value == 2
    assert got["H7"].value == 2
    assert got["H7"].splits["admission_kind"] == {"FIRST": 2, "READMISSION_12M": 0, "TRANSFER": 0}
    assert got["H8"].value == 1
    assert got["H8"].splits["destination_group"] == {
        "COMMUNITY": 1,
        "OTHER_HOSPITAL": 0,
        "OTHER": 0,
    }


@pytest.fixture
def six_inpatients(admit, ward_of):
    """Six people in hospital at 31 March 2026 (and one discharged on the 31st)."""
    at_unit = ward_of(BedType.AT_UNIT, SecurityLevel.NONE)
    rehab_out = ward_of(BedType.LOCKED_REHAB, SecurityLevel.LOCKED, OUT_OF_AREA_POSTCODE)
    low_in = ward_of(BedType.SECURE_LOW, SecurityLevel.LOW)
    camhs_out = ward_of(BedType.CAMHS_T4, SecurityLevel.NONE, OUT_OF_AREA_POSTCODE)
    medium_in = ward_of(BedType.SECURE_MEDIUM, SecurityLevel.MEDIUM)
    low_out = ward_of(BedType.SECURE_LOW, SecurityLevel.LOW, OUT_OF_AREA_POSTCODE)
    admit(dt.date(2026, 1, 5), ward=at_unit)  # S1 ICB adult in area, <3m
    admit(dt.date(2023, 6, 1), ward=rehab_out)  # S2 ICB adult out of area, 2-5y
    admit(dt.date(2013, 11, 4), ward=low_in, commissioner_type=NHSE)  # S3 original cohort
    admit(
        dt.date(2026, 2, 1), ward=camhs_out, commissioner_type=NHSE, dob=dt.date(2010, 1, 1)
    )  # S4 NHSE child out of area
    s5 = admit(dt.date(2025, 5, 1), ward=medium_in)  # S5 ICB; moves to A&T only in April
    move(s5, at_unit, dt.date(2026, 4, 10))
    s6 = admit(dt.date(2024, 1, 10), ward=low_out)  # S6 ICB; moved to locked rehab in March
    move(s6, rehab_out, dt.date(2026, 3, 15))
    admit(dt.date(2026, 3, 1), discharged=dt.date(2026, 3, 31), ward=low_in)  # not counted


def test_h1_splits_by_every_dimension_as_at_month_end(six_inpatients, figures):
    h1 = figures(MARCH, "H1")["H1"]
    assert h1.value == 6
    assert h1.splits["commissioner_type"] == {"ICB": 4, "NHSE_SPEC": 2}
    # S5's move to A&T in April and S6's move to locked rehab in March are both respected.
    assert h1.splits["bed_type"] == {
        "AT_UNIT": 1,
        "LOCKED_REHAB": 2,
        "SECURE_LOW": 1,
        "CAMHS_T4": 1,
        "SECURE_MEDIUM": 1,
    }
    assert h1.splits["age_group"] == {"ADULT": 5, "CYP": 1}
    assert h1.splits["area"] == {"IN_AREA": 3, "OUT_OF_AREA": 3}
    assert h1.splits["los_band"] == {"LT_3M": 2, "2_5Y": 2, "6_12M": 1, "10Y_PLUS": 1}
    assert h1.splits["cohort"] == {"ORIGINAL_WINTERBOURNE": 1, "LATER": 5}
    assert h1.tables["commissioner_type__bed_type"] == {
        "ICB": {"AT_UNIT": 1, "LOCKED_REHAB": 2, "SECURE_MEDIUM": 1},
        "NHSE_SPEC": {"SECURE_LOW": 1, "CAMHS_T4": 1},
    }
    assert h1.tables["commissioner_type__area"] == {
        "ICB": {"IN_AREA": 2, "OUT_OF_AREA": 2},
        "NHSE_SPEC": {"IN_AREA": 1, "OUT_OF_AREA": 1},
    }


def test_the_same_cohort_a_month_earlier_uses_the_wards_of_that_day(six_inpatients, figures):
    h1 = figures(dt.date(2026, 2, 1), "H1")["H1"]
    assert h1.value == 6  # the seventh person was admitted on 1 March
    # On 28 February S6 was still on the low secure ward.
    assert h1.splits["bed_type"] == {
        "AT_UNIT": 1,
        "LOCKED_REHAB": 1,
        "SECURE_LOW": 2,
        "CAMHS_T4": 1,
        "SECURE_MEDIUM": 1,
    }


def test_secure_out_of_area_and_long_stays(six_inpatients, figures):
    got = figures(MARCH, "H10", "H12", "L1", "L2", "W4")
    assert (got["H10"].numerator, got["H10"].denominator) == (2, 6)  # S3 low, S5 medium
    assert got["H10"].splits["security_level"] == {"LOW": 1, "MEDIUM": 1, "HIGH": 0}
    assert (got["H12"].numerator, got["H12"].denominator) == (3, 6)  # S2, S4, S6
    assert got["H12"].value == pytest.approx(50.0)
    assert got["H12"].splits["commissioner_type"] == {"ICB": 2, "NHSE_SPEC": 1}
    assert got["L1"].denominator == 6
    assert got["L2"].value == 1  # S3 only: 5 years or more
    assert got["L2"].splits["long_stay"] == {"5Y_PLUS": 1, "2_5Y": 2}  # S2, S6
    assert got["L2"].tables["long_stay__commissioner_type"] == {
        "5Y_PLUS": {"NHSE_SPEC": 1},
        "2_5Y": {"ICB": 2},
    }
    assert got["W4"].splits["setting"] == {"AT_OR_CRISIS": 1, "OTHER_INPATIENT": 5}


def test_e18_continuous_stay_from_2013_is_original_cohort_and_ten_years_plus(admit, figures):
    first = admit(
        dt.date(2013, 11, 4), discharged=dt.date(2019, 6, 1), destination="OTHER_HOSPITAL"
    )
    admit(
        dt.date(2019, 6, 1),
        person=first.person,
        kind="TRANSFER",
        continuous_stay_start=dt.date(2013, 11, 4),
    )
    got = figures(MARCH, "H1", "L2")
    assert got["H1"].value == 1
    assert got["H1"].splits["cohort"] == {"ORIGINAL_WINTERBOURNE": 1}
    assert got["H1"].splits["los_band"] == {"10Y_PLUS": 1}
    assert got["L2"].value == 1


def test_e12_per_million_rates_against_planning_ranges(
    admit, partnership, population, figures, ward_of
):
    population(adults=1_450_000, children=300_000, year=2025)  # FY 2025-26 holds 31 March 2026
    partnership.baseline_inpatients_2015 = 100
    partnership.save()
    for _ in range(38):
        admit(dt.date(2025, 6, 1))
    secure = ward_of(BedType.SECURE_MEDIUM, SecurityLevel.MEDIUM)
    for _ in range(31):
        admit(dt.date(2025, 6, 1), commissioner_type=NHSE, ward=secure)
    got = figures(MARCH, "H2", "H3", "H4", "H5", "H6")
    assert (got["H2"].numerator, got["H2"].denominator) == (38, 1_450_000)
    assert round(got["H2"].value, 1) == 26.2
    assert got["H2"].stats["position"] == "above"  # the 10-15 range
    assert (got["H3"].numerator, got["H3"].denominator) == (31, 1_450_000)
    assert round(got["H3"].value, 1) == 21.4
    assert got["H3"].stats["position"] == "within"  # the 20-25 range
    assert round(got["H4"].value, 1) == 47.6  # 69 adults
    assert (got["H5"].numerator, got["H5"].value) == (0, 0.0)
    assert (got["H6"].numerator, got["H6"].denominator) == (31, 100)  # 100 - 69


def test_per_million_rates_are_not_available_without_a_population(admit, figures):
    admit(dt.date(2026, 1, 5))
    h2 = figures(MARCH, "H2")["H2"]
    assert h2.value is None
    assert h2.note == "n/a: enter the GP-registered population for 2025-26."


def test_planned_discharge_and_legal_status_come_from_history_as_at_month_end(admit, figures):
    later = admit(dt.date(2026, 1, 5))
    set_planned_discharge(later, dt.date(2026, 4, 5), dt.date(2026, 6, 1))  # entered in April
    known = admit(dt.date(2026, 1, 5))
    set_planned_discharge(known, dt.date(2026, 3, 10), dt.date(2026, 5, 1))
    cleared = admit(dt.date(2026, 1, 5))
    set_planned_discharge(cleared, dt.date(2026, 2, 1), dt.date(2026, 6, 1))
    set_planned_discharge(cleared, dt.date(2026, 3, 20), None)
    set_legal_status(later, dt.date(2026, 1, 5), LegalStatus.S3)
    set_legal_status(later, dt.date(2026, 4, 2), LegalStatus.INFORMAL)  # after month end
    set_legal_status(known, dt.date(2026, 1, 5), LegalStatus.INFORMAL)
    got = figures(MARCH, "H9", "H1")
    assert (got["H9"].numerator, got["H9"].denominator) == (1, 3)
    assert got["H1"].splits["legal_status"] == {"DETAINED": 1, "INFORMAL": 1, "NOT_KNOWN": 1}


def test_delays_count_people_ready_by_month_end_from_the_delay_history(admit, figures):
    housing = admit(dt.date(2025, 6, 1))
    set_delay(housing, dt.date(2026, 3, 1), dt.date(2026, 3, 1), DelayReason.HOUSING)
    funding = admit(dt.date(2025, 6, 1), commissioner_type=NHSE)
    set_delay(funding, dt.date(2026, 3, 25), dt.date(2026, 3, 21), DelayReason.FUNDING_DISPUTE)
    recorded_late = admit(dt.date(2025, 6, 1))
    set_delay(recorded_late, dt.date(2026, 4, 2), dt.date(2026, 3, 30), DelayReason.HOUSING)
    resolved = admit(dt.date(2025, 6, 1))
    set_delay(resolved, dt.date(2026, 2, 1), dt.date(2026, 2, 10), DelayReason.HOUSING)
    set_delay(resolved, dt.date(2026, 3, 5), None, "")
    got = figures(MARCH, "D1", "D2", "D3")
    assert got["D1"].value == 2
    assert got["D1"].splits["commissioner_type"] == {"ICB": 1, "NHSE_SPEC": 1}
    assert got["D2"].value == 30 + 10  # 31 Mar - 1 Mar, 31 Mar - 21 Mar
    assert got["D3"].splits["delay_reason"] == {"HOUSING": 1, "FUNDING_DISPUTE": 1}
    assert got["D3"].denominator == 2


def test_e10_transfer_is_an_admission_of_kind_transfer_and_a_discharge_to_hospital(admit, figures):
    first = admit(
        dt.date(2025, 11, 1), discharged=dt.date(2026, 2, 5), destination="OTHER_HOSPITAL"
    )
    admit(
        dt.date(2026, 2, 5),
        person=first.person,
        kind="TRANSFER",
        continuous_stay_start=dt.date(2025, 11, 1),
    )
    admit(dt.date(2026, 2, 10), is_planned=True)
    admit(dt.date(2026, 2, 12), kind="READMISSION_12M")
    got = figures(dt.date(2026, 2, 1), "H7", "H8", "Q13", "H1", "L1")
    assert got["H7"].splits["admission_kind"] == {"FIRST": 1, "READMISSION_12M": 1, "TRANSFER": 1}
    assert got["H8"].splits["destination_group"] == {
        "COMMUNITY": 0,
        "OTHER_HOSPITAL": 1,
        "OTHER": 0,
    }
    # Q13: new admissions exclude the transfer; one of the two was planned.
    assert (got["Q13"].numerator, got["Q13"].denominator) == (1, 2)
    assert got["H1"].value == 3
    # Total LOS continues from the original admission: 1 Nov 2025 to 28 Feb 2026 is 3-6 months.
    assert got["L1"].splits["los_band"] == {"3_6M": 1, "LT_3M": 2}


def test_l3_mean_and_median_length_of_stay_of_discharges(admit, figures):
    admit(dt.date(2026, 1, 1), discharged=dt.date(2026, 3, 2))  # 60 days
    admit(dt.date(2025, 3, 31), discharged=dt.date(2026, 3, 31))  # 365 days
    admit(
        dt.date(2026, 2, 1),
        discharged=dt.date(2026, 3, 11),
        kind="TRANSFER",
        continuous_stay_start=dt.date(2025, 12, 1),
    )  # 100 days from the continuous stay
    admit(dt.date(2026, 1, 1), discharged=dt.date(2026, 4, 1))  # April: not counted
    l3 = figures(MARCH, "L3")["L3"]
    assert (l3.numerator, l3.denominator) == (525, 3)
    assert l3.value == pytest.approx(175.0)
    assert l3.stats["median_days"] == pytest.approx(100.0)


def test_w1_moves_to_less_restrictive_settings(admit, ward_of, figures):
    low = ward_of(BedType.SECURE_LOW, SecurityLevel.LOW)
    rehab = ward_of(BedType.LOCKED_REHAB, SecurityLevel.LOCKED)
    stepped_down = admit(dt.date(2025, 1, 1), ward=low)
    move(stepped_down, rehab, dt.date(2026, 3, 10))  # LOW -> LOCKED: counted
    stepped_up = admit(dt.date(2025, 1, 1), ward=rehab)
    move(stepped_up, low, dt.date(2026, 3, 12))  # LOCKED -> LOW: not counted
    transferred = admit(
        dt.date(2025, 1, 1), ward=low, discharged=dt.date(2026, 3, 20), destination="OTHER_HOSPITAL"
    )
    admit(
        dt.date(2026, 3, 20),
        person=transferred.person,
        ward=rehab,
        kind="TRANSFER",
        continuous_stay_start=dt.date(2025, 1, 1),
    )  # transfer to a less secure ward: counted
    admit(dt.date(2025, 1, 1), discharged=dt.date(2026, 3, 25), destination="SUPPORTED_LIVING")
    w1 = figures(MARCH, "W1")["W1"]
    assert w1.splits["move"] == {"WARD_STEP_DOWN": 2, "DISCHARGED_TO_COMMUNITY": 1}
    assert w1.value == 3


def test_h11_bands_inpatients_by_distance_between_postcode_district_centres(
    admit, figures, ward_of, partnership
):
    """Bedford (MK40) homes; hospitals in Bedford, Luton (LU1), Nottingham (NG1) and Penzance
    (TR18). Between the district centres: 0, 30, 102 and 419 km (as the crow flies Bedford to
    Luton is about 30 km, to Nottingham about 100 km, to Penzance about 420 km)."""
    home = {"home_postcode": "MK40 2AB"}
    beds = {
        "MK40 3CD": 2,  # same district: 0 km, band 0-10
        "LU1 1AA": 1,  # 30 km: 21-50
        "NG1 5AA": 3,  # 102 km: over 100
        "TR18 4AA": 1,  # 419 km: over 100
    }
    for site_postcode, count in beds.items():
        for _ in range(count):
            person = PersonFactory(partnership=partnership, **home)
            admit(dt.date(2026, 1, 5), person=person, ward=ward_of(postcode=site_postcode))
    unknown = PersonFactory(partnership=partnership, home_postcode="")  # no home postcode
    admit(dt.date(2026, 1, 5), person=unknown)
    admit(
        dt.date(2026, 1, 5),
        discharged=dt.date(2026, 2, 1),
        person=PersonFactory(partnership=partnership, **home),
        ward=ward_of(postcode="NG1 5AA"),
    )  # not open at month end
    h11 = figures(MARCH, "H11")["H11"]
    assert h11.splits["distance_band"] == {
        "0_10": 2,
        "11_20": 0,
        "21_50": 1,
        "51_100": 0,
        "OVER_100": 4,
        "NOT_KNOWN": 1,
    }
    assert (h11.numerator, h11.denominator) == (4, 7)
    assert round(h11.value, 1) == 57.1
    assert "not known are left out" in h11.note


def test_distance_uses_district_centroids_whatever_the_spacing():
    from register.geography import distance_band, distance_from_home_km, outcode

    assert outcode("mk401aa") == outcode("MK40 1AA") == "MK40"
    assert outcode("SW1A 1AA") == "SW1A"
    assert distance_from_home_km("MK40 1AA", "mk40 9zz") == 0
    assert distance_from_home_km("MK40 1AA", "NG1 5AA") == 102
    assert distance_from_home_km("BT1 1AA", "MK40 1AA") is None  # not in Code-Point Open
    assert distance_from_home_km("", "MK40 1AA") is None
    assert [distance_band(km) for km in (0, 10, 11, 20, 21, 50, 51, 100, 101, None)] == [
        "0_10",
        "0_10",
        "11_20",
        "11_20",
        "21_50",
        "21_50",
        "51_100",
        "51_100",
        "OVER_100",
        "NOT_KNOWN",
    ]
