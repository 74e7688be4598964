"""Metrics over the API: the registry, and a month's figures for the token's partnership, with
small numbers suppressed for board members as in the board pack."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from dashboards.metrics import METRICS
from tests.factories import HospitalSpellFactory

from .conftest import visible_person

pytestmark = pytest.mark.django_db


def _h1(client, **query):
    response = client.get(reverse("api:metric_figures"), {"metric": "H1", **query})
    assert response.status_code == 200, response.json()
    return response.json()


def test_the_registry_lists_every_metric(api_as):
    response = api_as(Role.BOARD_MEMBER).get(reverse("api:metric_list"))
    assert response.status_code == 200
    assert [row["id"] for row in response.json()] == [m.id for m in METRICS]


def test_this_months_figures_count_the_partnerships_inpatients(
    api_as, partnership, other_partnership
):
    for _ in range(3):
        HospitalSpellFactory(person=visible_person(partnership))
    HospitalSpellFactory(person=visible_person(other_partnership))
    body = _h1(api_as(Role.COMMISSIONER))
    assert body["partnership"] == partnership.code
    assert body["period"]["month"] == timezone.localdate().strftime("%Y-%m")
    assert body["is_suppressed"] is False
    [figure] = body["figures"]
    assert figure["metric"] == "H1"
    assert figure["value"] == 3


def test_board_members_get_small_numbers_suppressed(api_as, partnership):
    for _ in range(3):
        HospitalSpellFactory(person=visible_person(partnership))
    body = _h1(api_as(Role.BOARD_MEMBER))
    assert body["is_suppressed"] is True
    assert body["figures"][0]["value"] == "*"


def test_a_past_month_is_counted_as_at_its_end(api_as, partnership):
    HospitalSpellFactory(person=visible_person(partnership), admission_date=date(2026, 3, 2))
    body = _h1(api_as(Role.COMMISSIONER), month="2026-02")
    assert body["period"]["as_at"] == "2026-02-28"
    assert body["period"]["is_complete"] is True
    assert body["figures"][0]["value"] == 0


@pytest.mark.parametrize(
    ("month", "message"),
    [
        ("2026-13", "Enter a month as YYYY-MM"),
        ("November", "Enter a month as YYYY-MM"),
        ("2014-01", "April 2015 or a later month"),
        ("2999-01", "this month or an earlier one"),
    ],
)
def test_a_month_that_cannot_be_reported_is_a_400(api_as, month, message):
    response = api_as(Role.BOARD_MEMBER).get(reverse("api:metric_figures"), {"month": month})
    assert response.status_code == 400
    assert message in response.json()["errors"]["month"][0]
