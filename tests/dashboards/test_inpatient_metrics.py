"""H1-H12, L1-L3, D1-D3 on hand-built cohorts (DOMAIN.md 5.1, 5.2, E11, E12, E18)."""

import datetime as dt

import pytest

from register.models import BedType, CommissionerType, SecurityLevel

from .conftest import (
    OUT_OF_AREA_POSTCODE,
    move,
    set_delay,
    set_legal_status,
    set_planned_discharge,
)

pytestmark = pytest.mark.django_db
MARCH = dt.date(2026, 3, 1)


def test_e11_month_end_counts_admissions_and_discharges(admit, figures):
    admit(dt.date(2026, 1, 5))  # P1 open
    admit(dt.date(2026, 3, 10), discharged=dt.date(2026, 3, 31))  # P2: not in at month end
    admit(dt.date(2026, 3, 31))  # P3 admitted on the last day
    got = figures(MARCH, "H1", "H7", "H8")
    assert got["H1"].value == 2
    assert got["H7"].value == 2
    assert got["H7"].splits["admission_kind"] == {"FIRST": 2, "READMISSION_12M": 0, "TRANSFER": 0}
    assert got["H8"].value == 1
    assert got["H8"].splits["destination_group"] == {"COMMUNITY": 1, "OTHER_HOSPITAL": 0,
                                                     "OTHER": 0}
