"""Each list endpoint runs the same number of queries for a page of 2 rows as for 40 (no N+1)."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from accounts.models import Role
from dashboards.metrics.periods import add_months
from tests.factories import HospitalSpellFactory, RiskRatingFactory

from .conftest import visible_person
from .endpoints import finished_run, held_review

pytestmark = pytest.mark.django_db

# Per request: the token (1), knox's sweep of the user's expired tokens (1), the membership (1),
# the page count (1), the page (1) and the audit row of the ids shown (1).
PERSON_LEVEL_LIST = 6
# The register list also reads the partnership's postcode districts (in/out of area) and the
# coordinators its filter offers, as the register page does.
REGISTER_LIST = PERSON_LEVEL_LIST + 2
REFERENCE_LIST = 5  # no audit row: wards and organisations are not personal data

LISTS = {
    "api:person_list": REGISTER_LIST,
    "api:spell_list": PERSON_LEVEL_LIST,
    "api:ward_stay_list": PERSON_LEVEL_LIST,
    "api:risk_rating_list": PERSON_LEVEL_LIST,
    # The panel and the actions of the reviews on the page come in one query each.
    "api:review_list": PERSON_LEVEL_LIST + 2,
    "api:action_list": PERSON_LEVEL_LIST,
    "api:scheduled_item_list": PERSON_LEVEL_LIST,
    "api:ward_list": REFERENCE_LIST,
    "api:organisation_list": REFERENCE_LIST,
}


def _register_rows(partnership, coordinator, count: int) -> None:
    for number in range(count):
        person = visible_person(partnership, coordinator)
        RiskRatingFactory(dsr_entry__person=person)
        held_review(person)  # a community review, its panel, an action and a schedule
        HospitalSpellFactory(person=person, admission_date=date(2026, 3, 2) + timedelta(number))


@pytest.mark.parametrize("name", sorted(LISTS))
@pytest.mark.parametrize("rows", [2, 40])
def test_a_list_page_costs_the_same_queries_whatever_its_size(
    name, rows, api_as, partnership, django_assert_num_queries
):
    client = api_as(Role.CARE_COORDINATOR)  # the costliest scoping: partnership and caseload
    _register_rows(partnership, client.user, rows)
    url = reverse(name)
    client.get(url)  # the first call records when the token was last used
    with django_assert_num_queries(LISTS[name]):
        response = client.get(url, {"page_size": 50})
    assert response.status_code == 200
    assert len(response.json()["results"]) >= rows


# Report runs are not personal data (no audit row of a list), and the partnership's code comes
# with each run in the page's query: the token, knox's sweep, the membership, count and page.
REPORT_RUN_LIST = 5


@pytest.mark.parametrize("role", [Role.COMMISSIONER, Role.BOARD_MEMBER])
@pytest.mark.parametrize("rows", [2, 40])
def test_a_page_of_report_runs_costs_the_same_queries_whatever_its_size(
    role, rows, api_as, partnership, django_assert_num_queries
):
    for number in range(rows):
        finished_run(partnership, "BOARD_PACK", period=add_months(date(2022, 1, 1), number))
        finished_run(partnership, "AT_RETURN", period=add_months(date(2022, 1, 1), number))
    client = api_as(role)
    url = reverse("api:report_run_list")
    client.get(url)  # the first call records when the token was last used
    with django_assert_num_queries(REPORT_RUN_LIST):
        response = client.get(url, {"page_size": 100})
    assert response.status_code == 200
    results = response.json()["results"]
    assert len(results) == (rows if role == Role.BOARD_MEMBER else 2 * rows)
    assert all(row["download_url"] for row in results)


def test_the_people_total_is_the_same_from_the_plain_count_and_through_the_filters(
    api_as, partnership, other_partnership
):
    """Unfiltered, the people list counts people without the register joins (a cheaper query):
    its total matches the rows, and a filtered list (which counts through the joins) agrees."""
    client = api_as(Role.COMMISSIONER)
    _register_rows(partnership, None, 3)  # in hospital, with a DSR rating and a review
    visible_person(partnership)  # in the community
    visible_person(other_partnership)  # not theirs
    everyone = client.get(reverse("api:person_list")).json()
    assert everyone["count"] == len(everyone["results"]) == 4
    inpatients = client.get(reverse("api:person_list"), {"status": "INPATIENT"}).json()
    assert inpatients["count"] == len(inpatients["results"]) == 3
    by_name = client.get(reverse("api:person_list"), {"sort": "name"}).json()
    assert by_name["count"] == 4
