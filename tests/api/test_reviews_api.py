"""Reviews over the API: recording a held review with its actions calls the same service as the
page (all or nothing, audited); actions and the schedule are listed with their filters."""

import pytest
from django.urls import reverse

from accounts.models import AuditAction, AuditEvent, Role
from reviews.models import Action, ActionStatus, CareReview
from tests.factories import HospitalSpellFactory

from .conftest import visible_person
from .endpoints import PANEL, community_review_body, days_ago, held_review

pytestmark = pytest.mark.django_db


def test_a_held_review_is_recorded_with_its_actions(api_as, partnership):
    client = api_as(Role.CARE_COORDINATOR)
    person = visible_person(partnership, client.user)
    url = reverse("api:review_record", args=[person.pk])
    response = client.post(url, community_review_body(), format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    review = CareReview.objects.get(pk=body["id"])
    assert review.status == "HELD"
    assert {seat["role"] for seat in body["panel"]} == {seat["role"] for seat in PANEL}
    assert body["actions"][0]["current_status"] == ActionStatus.OPEN
    assert AuditEvent.objects.filter(
        action=AuditAction.CREATE, object_type="reviews.CareReview", object_id=str(review.pk)
    ).exists()


def test_a_review_without_the_full_panel_leaves_nothing_behind(api_as, partnership):
    client = api_as(Role.COMMISSIONER)
    person = visible_person(partnership)
    body = community_review_body(panel=PANEL[:2])
    response = client.post(reverse("api:review_record", args=[person.pk]), body, format="json")
    assert response.status_code == 400
    assert "panel" in response.json()["errors"]
    assert not CareReview.objects.exists()
    assert not Action.objects.exists()


def test_an_action_without_an_owner_is_reported_by_its_number(api_as, partnership):
    client = api_as(Role.COMMISSIONER)
    person = visible_person(partnership)
    body = community_review_body(
        actions=[{"recommendation": "Call the family", "due_date": days_ago(-5)}]
    )
    response = client.post(reverse("api:review_record", args=[person.pk]), body, format="json")
    assert response.status_code == 400
    assert any("owns the action" in m for ms in response.json()["errors"].values() for m in ms)
    assert not CareReview.objects.exists()


def test_a_badly_shaped_action_gets_a_dotted_field_name(api_as, partnership):
    client = api_as(Role.COMMISSIONER)
    person = visible_person(partnership)
    body = community_review_body()
    body["actions"][0]["due_date"] = "soon"
    response = client.post(reverse("api:review_record", args=[person.pk]), body, format="json")
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["actions.0.due_date"]


def test_a_spell_of_another_partnership_cannot_be_named(api_as, partnership, other_partnership):
    client = api_as(Role.COMMISSIONER)
    person = visible_person(partnership)
    theirs = HospitalSpellFactory(person=visible_person(other_partnership))
    body = community_review_body(spell=theirs.pk)
    response = client.post(reverse("api:review_record", args=[person.pk]), body, format="json")
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["spell"]


def test_an_action_moves_on_and_its_history_is_kept(api_as, partnership):
    client = api_as(Role.COMMISSIONER)
    action = held_review(visible_person(partnership)).actions.get()
    url = reverse("api:action_status", args=[action.pk])
    response = client.post(url, {"status": "DONE"}, format="json")
    assert response.status_code == 200
    assert response.json()["current_status"] == "DONE"
    assert action.status_changes.count() == 2
    again = client.post(url, {"status": "DONE"}, format="json")
    assert again.status_code == 400
    assert list(again.json()["errors"]) == ["status"]


def test_actions_and_reviews_are_listed_with_filters(api_as, partnership):
    client = api_as(Role.PARTNERSHIP_ADMIN)
    first = held_review(visible_person(partnership))
    held_review(visible_person(partnership))
    reviews = client.get(reverse("api:review_list"), {"person": first.person_id}).json()
    assert [row["id"] for row in reviews["results"]] == [first.pk]
    actions = client.get(reverse("api:action_list"), {"status": "OPEN"}).json()
    assert actions["count"] == 2
    assert client.get(reverse("api:action_list"), {"is_overdue": "true"}).json()["count"] == 0
    detail = client.get(reverse("api:review_detail", args=[first.pk]))
    assert detail.status_code == 200
    assert AuditEvent.objects.filter(
        action=AuditAction.VIEW, object_type="reviews.CareReview", object_id=str(first.pk)
    ).exists()


def test_the_schedule_is_listed_for_the_people_you_can_see(api_as, partnership):
    client = api_as(Role.COMMISSIONER)
    held_review(visible_person(partnership))
    response = client.get(reverse("api:scheduled_item_list"), {"status": "DUE"})
    assert response.status_code == 200
    assert response.json()["count"] >= 1
    for row in response.json()["results"]:
        assert row["status"] == "DUE"
