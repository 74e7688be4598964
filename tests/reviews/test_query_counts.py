"""Worklists read stored rows: the number of queries per page does not grow with the rows."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from reviews.services import NewAction, recompute_schedule, record_review
from tests.factories import CoordinatorAssignmentFactory, HospitalSpellFactory, PersonFactory

from .conftest import FULL_PANEL, YES_TO_KEY_QUESTIONS

pytestmark = pytest.mark.django_db


def _people(partnership, owner, coordinator, count, today):
    """`count` inpatients, each with a coordinator, a held review and an action owned by `owner`."""
    for _ in range(count):
        person = PersonFactory(partnership=partnership)
        CoordinatorAssignmentFactory(person=person, user=coordinator, external_name="")
        spell = HospitalSpellFactory(person=person, admission_date=today - dt.timedelta(days=40))
        record_review(
            person=person, by=owner, review_type="POST_ADMISSION", spell=spell,
            held_date=today - dt.timedelta(days=10), panel=FULL_PANEL,
            outcome="SAFE_AND_APPROPRIATELY_PLACED", **YES_TO_KEY_QUESTIONS,
            actions=[NewAction("Plan discharge", today - dt.timedelta(days=1), owner_user=owner)],
        )  # fmt: skip
        recompute_schedule(person_id=person.pk, today=today)


PAGES = ["reviews:worklist", "reviews:calendar", "reviews:my_actions"]


def _queries(client, name, query=None):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse(name), query or {})
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("name", PAGES)
def test_list_pages_cost_the_same_with_3_or_30_people(
    login_as, partnership, coordinator, name, django_assert_num_queries
):
    today = timezone.localdate()
    client = login_as(Role.COMMISSIONER)
    _people(partnership, client.user, coordinator, 3, today)
    small = _queries(client, name)
    _people(partnership, client.user, coordinator, 27, today)
    with django_assert_num_queries(small):
        response = client.get(reverse(name))
    rows = response.content.decode().count('<tr class="nhsuk-table__row">')
    assert rows >= 30


def test_worklist_with_every_filter_costs_the_same(login_as, partnership, coordinator):
    today = timezone.localdate()
    client = login_as(Role.COMMISSIONER)
    query = {"rule": "R8", "window": "56", "coordinator": str(coordinator.pk),
             "setting": "NON_SECURE"}  # fmt: skip
    _people(partnership, client.user, coordinator, 2, today)
    small = _queries(client, "reviews:worklist", query)
    _people(partnership, client.user, coordinator, 20, today)
    assert _queries(client, "reviews:worklist", query) == small


def test_worklist_costs_five_queries_more_than_the_home_page(login_as, partnership, coordinator):
    """Beyond what every signed-in page costs (session, user, second factor, membership, session
    save): the coordinator filter's choices, the count, the page of rows, the recently declined
    rows, the audit of the ids."""
    today = timezone.localdate()
    client = login_as(Role.COMMISSIONER)
    _people(partnership, client.user, coordinator, 5, today)
    assert _queries(client, "reviews:worklist") == _queries(client, "home") + 5


def test_person_section_costs_the_same_with_more_reviews(login_as, partnership, coordinator):
    today = timezone.localdate()
    client = login_as(Role.COMMISSIONER)
    person = PersonFactory(partnership=partnership)
    spell = HospitalSpellFactory(person=person, admission_date=today - dt.timedelta(days=200))

    def add_review(days_ago):
        record_review(
            person=person, by=client.user, review_type="INPATIENT_REPEAT", spell=spell,
            held_date=today - dt.timedelta(days=days_ago), panel=FULL_PANEL,
            outcome="SAFE_AND_APPROPRIATELY_PLACED", **YES_TO_KEY_QUESTIONS,
            actions=[NewAction("Act", today, owner_user=client.user)],
        )  # fmt: skip
        recompute_schedule(person_id=person.pk, today=today)

    url = reverse("reviews:person_reviews", args=[person.pk])
    add_review(150)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for days_ago in (120, 90, 60, 30):
        add_review(days_ago)
    with CaptureQueriesContext(connection) as five:
        client.get(url)
    assert len(five) == len(one)
