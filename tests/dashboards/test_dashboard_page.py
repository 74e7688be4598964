"""The dashboard page: every role, suppression for board members, drill-down, frozen vs live,
and a constant number of queries whatever the size of the register."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEvent, Role
from dashboards.metrics.periods import add_months, month_start
from dashboards.services import (
    create_milestone,
    create_risk,
    record_external_figure,
    set_trajectory_plan,
    take_month_end_snapshot,
)
from register.models import BedType, CarePlanReview, CoordinatorContact, SecurityLevel

from .conftest import dsr_entry, record

pytestmark = pytest.mark.django_db
URL = "/dashboard/"
DASHBOARD_QUERIES = 33  # constant: checked at two sizes of register below (H11 adds one)


def _today():
    return timezone.localdate()


def test_the_dashboard_needs_login(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


@pytest.mark.parametrize("role", list(Role))
def test_every_role_sees_the_dashboard(login_as, role, admit):
    admit(dt.date(2026, 1, 5))
    response = login_as(role).get(URL)
    assert response.status_code == 200
    assert b"Inpatients at month end" in response.content
    assert b'href="/dashboard/"' in response.content  # the "Dashboard" navigation entry


def _current_inpatients(admit, count, ward=None):
    start = month_start(_today()) - dt.timedelta(days=40)
    return [admit(start, ward=ward) for _ in range(count)]


def test_board_members_see_small_numbers_suppressed_and_no_drill_down(login_as, admit):
    _current_inpatients(admit, 3)
    board = login_as(Role.BOARD_MEMBER).get(URL).content.decode()
    commissioner = login_as(Role.COMMISSIONER).get(URL).content.decode()
    h1_board = re.search(r'id="metric-H1".*?class="app-figure">([^<]*)<', board, re.S).group(1)
    h1_comm = re.search(
        r'id="metric-H1".*?class="app-figure"[^>]*>([^<]*)<', commissioner, re.S
    ).group(1)
    assert (h1_board, h1_comm) == ("*", "3")
    assert "/dashboard/drill/" not in board
    assert "Small numbers are hidden to protect people&#39;s privacy" in board
    assert f"/dashboard/drill/H1/?month={_today():%Y-%m}" in commissioner


def test_past_months_have_no_drill_down_because_the_register_shows_today(login_as, admit):
    _current_inpatients(admit, 3)
    last_month = add_months(month_start(_today()), -1)
    page = login_as(Role.COMMISSIONER).get(URL, {"month": f"{last_month:%Y-%m}"})
    assert page.status_code == 200
    assert "/dashboard/drill/" not in page.content.decode()


def test_an_unknown_month_falls_back_to_the_current_one(login_as):
    page = login_as(Role.COMMISSIONER).get(URL, {"month": "1999-13"})
    assert page.status_code == 200
    assert f"{_today():%B %Y}" in page.content.decode()


def test_charts_are_svg_with_a_summary_and_a_table(login_as, admit):
    _current_inpatients(admit, 9)
    page = login_as(Role.COMMISSIONER).get(URL).content.decode().split("<main", 1)[1]
    assert page.count('<svg xmlns="http://www.w3.org/2000/svg" viewBox') == 6
    assert page.count('role="img"') == 6
    assert page.count("Show the data as a table") == 6
    assert "Largest group: Assessment and treatment unit (9)." in page
    assert "<script" not in page


def test_live_figures_that_differ_from_the_snapshot_are_flagged(login_as, admit, partnership):
    last_month = add_months(month_start(_today()), -1)
    admit(last_month - dt.timedelta(days=10))
    take_month_end_snapshot(partnership=partnership, month=last_month, today=_today())
    admit(last_month + dt.timedelta(days=3))  # entered after the snapshot, dated in the month
    page = login_as(Role.COMMISSIONER).get(URL, {"month": f"{last_month:%Y-%m}"})
    content = page.content.decode()
    assert "Figures have changed since the month-end snapshot" in content
    assert "Frozen at month end: 1" in content


def _grow_register(partnership, admit, ward_of, make_member, size):
    """A register with `size` inpatients and every kind of row the dashboard reads."""
    admin = make_member(Role.PARTNERSHIP_ADMIN, partnership)
    today = _today()
    start = month_start(today) - dt.timedelta(days=60)
    secure = ward_of(BedType.SECURE_LOW, SecurityLevel.LOW)
    for index in range(size):
        spell = admit(start, ward=secure if index % 2 else None)
        record(CoordinatorContact, spell.person, contact_date=start, mode="FACE_TO_FACE")
        record(CarePlanReview, spell.person, reviewed_on=start)
        dsr_entry(spell.person, start, (start, "BLUE"))
    for months_ago in range(1, 4):
        take_month_end_snapshot(
            partnership=partnership, month=add_months(start, -months_ago), today=today
        )
    set_trajectory_plan(
        partnership=partnership,
        by=admin,
        quarter=today,
        commissioner_type="ICB",
        planned_inpatients=size,
    )
    record_external_figure(
        partnership=partnership,
        by=admin,
        key="GP_LD_REGISTER",
        period=today,
        value=4000,
        source="QOF",
    )
    for index in range(size):
        create_milestone(
            partnership=partnership,
            by=admin,
            today=today,
            workstream="w",
            title=f"m{index}",
            owner="o",
            due_date=today,
        )
        create_risk(
            partnership=partnership,
            by=admin,
            cause="c",
            risk=f"r{index}",
            consequence="c",
            mitigation="m",
            inherent_likelihood="H",
            inherent_impact="H",
            residual_likelihood="M",
            residual_impact="M",
            owner="o",
            review_date=today,
        )


@pytest.mark.parametrize("size", [2, 25])
def test_the_dashboard_runs_a_constant_number_of_queries(
    login_as, partnership, admit, ward_of, make_member, size, django_assert_num_queries
):
    _grow_register(partnership, admit, ward_of, make_member, size)
    client = login_as(Role.COMMISSIONER)
    client.get(URL)  # warm the template cache; sessions are written on every request anyway
    with django_assert_num_queries(DASHBOARD_QUERIES):
        response = client.get(URL)
    assert response.status_code == 200


def test_drill_down_goes_to_the_register_list_and_is_audited(login_as, admit):
    _current_inpatients(admit, 3)
    client = login_as(Role.COMMISSIONER)
    response = client.get(
        "/dashboard/drill/H1/", {"month": f"{_today():%Y-%m}", "split": "area", "value": "IN_AREA"}
    )
    assert response.status_code == 302
    assert response.url == "/register/?status=INPATIENT&area=IN_AREA"
    event = AuditEvent.objects.get(object_type="dashboards.drill_down")
    assert (event.object_id, event.user, event.action) == ("H1", client.user, "view")
    assert event.summary["filters"] == {"status": "INPATIENT", "area": "IN_AREA"}


def test_drill_down_maps_age_groups_to_the_register_filter(login_as):
    response = login_as(Role.PARTNERSHIP_ADMIN).get(
        "/dashboard/drill/H1/", {"split": "age_group", "value": "CYP"}
    )
    assert response.url == "/register/?status=INPATIENT&age_band=CHILD"


@pytest.mark.parametrize(
    "query",
    [
        {"split": "los_band", "value": "LT_3M"},
        {"split": "area", "value": "x'; drop"},
        {"split": "rag", "value": "RED"},
    ],
)
def test_a_figure_with_no_list_behind_it_is_not_found(login_as, query):
    response = login_as(Role.COMMISSIONER).get("/dashboard/drill/H1/", query)
    assert response.status_code == 404
    assert login_as(Role.COMMISSIONER).get("/dashboard/drill/NOPE/").status_code == 404
    assert not AuditEvent.objects.filter(object_type="dashboards.drill_down").exists()


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (Role.COMMISSIONER, 302),
        (Role.PARTNERSHIP_ADMIN, 302),
        (Role.CARE_COORDINATOR, 403),
        (Role.BOARD_MEMBER, 403),
    ],
)
def test_drill_down_by_role(login_as, role, status):
    assert login_as(role).get("/dashboard/drill/H1/").status_code == status


def test_drill_down_needs_login(client):
    response = client.get("/dashboard/drill/H1/")
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_the_drill_down_list_holds_the_people_counted(login_as, admit, ward_of):
    from .conftest import OUT_OF_AREA_POSTCODE

    _current_inpatients(admit, 3)
    _current_inpatients(admit, 2, ward=ward_of(postcode=OUT_OF_AREA_POSTCODE))
    client = login_as(Role.COMMISSIONER)
    h12 = client.get(URL).content.decode()
    assert re.search(r'id="metric-H12".*?class="app-figure">([^<]*)<', h12, re.S).group(1) == (
        "40.0%"
    )
    listing = client.get(
        "/dashboard/drill/H1/", {"split": "area", "value": "OUT_OF_AREA"}, follow=True
    )
    assert listing.redirect_chain[-1][0] == "/register/?status=INPATIENT&area=OUT_OF_AREA"
    assert "2 people" in listing.content.decode()
