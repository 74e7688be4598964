"""The access matrix of every reviews URL (ADR 0002): anonymous users sign in, board members get
403, administrators read only, coordinators see their caseload, other partnerships get 404."""

import datetime as dt

import pytest
from django.urls import reverse

from accounts.models import Role
from reviews.models import ReviewOutcome, ReviewType
from reviews.services import NewAction, plan_review, record_review

from .conftest import FULL_PANEL, TODAY, YES_TO_KEY_QUESTIONS

pytestmark = pytest.mark.django_db

READ = "read"
EDIT = "edit"
VISIT = "visit"

# (url name, which object's id it takes, kind of page)
PAGES = [
    ("reviews:worklist", None, READ),
    ("reviews:calendar", None, READ),
    ("reviews:my_actions", None, READ),
    ("reviews:person_reviews", "person", READ),
    ("reviews:review_detail", "review", READ),
    ("reviews:review_plan", "person", EDIT),
    ("reviews:review_record", "person", EDIT),
    ("reviews:review_held", "planned", EDIT),
    ("reviews:review_close", "planned", EDIT),
    ("reviews:review_edit", "review", EDIT),
    ("reviews:action_add", "review", EDIT),
    ("reviews:action_status", "action", EDIT),
    ("reviews:visit_record", "spell", VISIT),
]
ALLOWED = {
    READ: {Role.COMMISSIONER, Role.CARE_COORDINATOR, Role.PARTNERSHIP_ADMIN},
    EDIT: {Role.COMMISSIONER, Role.CARE_COORDINATOR},
    VISIT: {Role.COMMISSIONER},
}
KWARG = {
    "person": "person_id",
    "review": "review_id",
    "planned": "review_id",
    "action": "action_id",
    "spell": "spell_id",
}


@pytest.fixture
def records(spell, commissioner):
    review = record_review(
        person=spell.person, by=commissioner, review_type=ReviewType.POST_ADMISSION, spell=spell,
        held_date=dt.date(2026, 3, 20), panel=FULL_PANEL,
        outcome=ReviewOutcome.SAFE_AND_APPROPRIATELY_PLACED, today=TODAY,
        actions=[NewAction("Plan discharge", dt.date(2026, 5, 1), owner_user=commissioner)],
        **YES_TO_KEY_QUESTIONS,
    )  # fmt: skip
    planned = plan_review(
        person=spell.person, by=commissioner, review_type=ReviewType.INPATIENT_REPEAT, today=TODAY
    )
    return {
        "person": spell.person.pk,
        "spell": spell.pk,
        "review": review.pk,
        "planned": planned.pk,
        "action": review.actions.get().pk,
    }


def _url(name, needs, records):
    return reverse(name, kwargs={KWARG[needs]: records[needs]} if needs else None)


@pytest.mark.parametrize(("name", "needs", "kind"), PAGES)
def test_anonymous_users_are_sent_to_sign_in(client, records, name, needs, kind):
    response = client.get(_url(name, needs, records))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


@pytest.mark.parametrize(("name", "needs", "kind"), PAGES)
@pytest.mark.parametrize("role", list(Role))
def test_each_role_gets_what_adr_0002_says(
    login_as, records, assign, spell, name, needs, kind, role
):
    client = login_as(role)
    if role == Role.CARE_COORDINATOR:
        assign(spell.person, client.user)
    response = client.get(_url(name, needs, records))
    assert response.status_code == (200 if role in ALLOWED[kind] else 403)


@pytest.mark.parametrize(("name", "needs", "kind"), [p for p in PAGES if p[1]])
def test_another_partnerships_record_is_not_found(
    login_as, other_partnership, records, name, needs, kind
):
    outsider = login_as(Role.COMMISSIONER, partnership=other_partnership)
    assert outsider.get(_url(name, needs, records)).status_code == 404


@pytest.mark.parametrize(("name", "needs", "kind"), [p for p in PAGES if p[1] and p[2] != VISIT])
def test_coordinator_outside_the_caseload_gets_not_found(login_as, records, name, needs, kind):
    response = login_as(Role.CARE_COORDINATOR).get(_url(name, needs, records))
    assert response.status_code == 404


def test_coordinator_sees_people_whose_coordinator_is_in_their_organisation(
    login_as, make_member, records, spell, coordinator, coordinator_org, assign
):
    assign(spell.person, coordinator)
    colleague = make_member(Role.CARE_COORDINATOR, spell.partnership, organisation=coordinator_org)
    response = login_as(Role.CARE_COORDINATOR, user=colleague).get(
        _url("reviews:review_detail", "review", records)
    )
    assert response.status_code == 200


def test_lists_of_another_partnership_show_none_of_ours(login_as, other_partnership, records):
    outsider = login_as(Role.COMMISSIONER, partnership=other_partnership)
    for name in ("reviews:worklist", "reviews:calendar", "reviews:my_actions"):
        body = outsider.get(reverse(name)).content.decode()
        assert f"Record {records['person']}" not in body


def test_refused_write_by_a_board_member_leaves_nothing(login_as, records):
    from reviews.models import CareReview, ReviewStatus

    response = login_as(Role.BOARD_MEMBER).post(
        _url("reviews:review_close", "planned", records),
        {"status": "CANCELLED", "reason": "Not needed"},
    )
    assert response.status_code == 403
    assert CareReview.objects.get(pk=records["planned"]).status == ReviewStatus.PLANNED
