"""The register facts behind two schedule rules: a planned admission date on the DSR entry (R1:
the community C(E)TR is due by it) and the day transition planning started (R15)."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditAction, AuditEvent, Role
from register import services
from register.models import DsrEntry, Person, Rag
from reviews.models import ScheduledItem, ScheduledItemStatus
from reviews.services import recompute_schedule
from tests.factories import PersonFactory, WardFactory

from .conftest import refused

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def _red_in_community(partnership, commissioner, *, rated_on):
    person = PersonFactory(partnership=partnership, consent_basis="CONSENT")
    services.rate_risk(person=person, by=commissioner, rag=Rag.RED, effective_date=rated_on)
    return person


def _r1(person):
    recompute_schedule(person_id=person.pk, today=TODAY)
    return ScheduledItem.objects.get(person=person, rule_id="R1")


def test_a_planned_admission_date_sets_when_the_community_review_is_due(partnership, commissioner):
    person = _red_in_community(partnership, commissioner, rated_on=TODAY - dt.timedelta(days=3))
    assert _r1(person).due_date == TODAY + dt.timedelta(days=11)  # RED + 14 days without a date

    planned = TODAY + dt.timedelta(days=30)
    services.set_planned_admission(person=person, by=commissioner, planned_admission_date=planned)

    item = _r1(person)
    assert (item.due_date, item.status) == (planned, ScheduledItemStatus.DUE)
    assert AuditEvent.objects.filter(
        action=AuditAction.UPDATE, object_type="register.DsrEntry", person_id=person.pk
    ).exists()


def test_clearing_the_planned_admission_date_goes_back_to_fourteen_days_after_red(
    partnership, commissioner
):
    person = _red_in_community(partnership, commissioner, rated_on=TODAY - dt.timedelta(days=3))
    services.set_planned_admission(
        person=person, by=commissioner, planned_admission_date=TODAY + dt.timedelta(days=30)
    )
    services.set_planned_admission(person=person, by=commissioner, planned_admission_date=None)
    assert DsrEntry.objects.get(person=person).planned_admission_date is None
    assert _r1(person).due_date == TODAY + dt.timedelta(days=11)


def test_admission_clears_the_plan_so_it_cannot_rule_a_later_red_run(
    partnership, commissioner, icb
):
    person = _red_in_community(partnership, commissioner, rated_on=TODAY - dt.timedelta(days=20))
    services.set_planned_admission(
        person=person, by=commissioner, planned_admission_date=TODAY - dt.timedelta(days=10)
    )
    services.admit_person(
        person=person,
        by=commissioner,
        admission_date=TODAY - dt.timedelta(days=10),
        ward=WardFactory(),
        commissioner=icb,
        admission_source="COMMUNITY",
    )
    assert DsrEntry.objects.get(person=person).planned_admission_date is None


@pytest.mark.parametrize(
    ("days_ahead", "message"),
    [
        (-400, "on or after the date they were added to the register"),
        (400, "within a year from today"),
    ],
)
def test_a_planned_admission_date_out_of_range_is_refused(
    partnership, commissioner, days_ahead, message
):
    person = _red_in_community(partnership, commissioner, rated_on=TODAY - dt.timedelta(days=3))
    with refused("planned_admission_date", message):
        services.set_planned_admission(
            person=person,
            by=commissioner,
            planned_admission_date=TODAY + dt.timedelta(days=days_ahead),
        )
    assert DsrEntry.objects.get(person=person).planned_admission_date is None


def test_a_planned_admission_needs_the_person_on_the_dsr(partnership, commissioner):
    person = PersonFactory(partnership=partnership)
    with refused(match="Add the person to the dynamic support register"):
        services.set_planned_admission(person=person, by=commissioner, planned_admission_date=TODAY)


def test_transition_planning_started_closes_the_transition_item(partnership, commissioner):
    person = PersonFactory(
        partnership=partnership, date_of_birth=TODAY.replace(year=TODAY.year - 17)
    )
    recompute_schedule(person_id=person.pk, today=TODAY)
    item = ScheduledItem.objects.get(person=person, rule_id="R15")
    assert item.status != ScheduledItemStatus.COMPLETED

    started = TODAY - dt.timedelta(days=7)
    services.set_transition_plan_started(
        person=person, by=commissioner, transition_plan_started_on=started
    )

    recompute_schedule(person_id=person.pk, today=TODAY)
    item.refresh_from_db()
    assert (item.status, item.satisfied_on) == (ScheduledItemStatus.COMPLETED, started)
    assert AuditEvent.objects.filter(
        action=AuditAction.UPDATE, object_type="register.Person", person_id=person.pk
    ).exists()


@pytest.mark.parametrize(
    ("started", "message"),
    [
        (TODAY + dt.timedelta(days=1), "today or in the past"),
        (dt.date(2000, 1, 1), "before the person's 18th birthday"),
        (dt.date(1980, 1, 1), "on or after the date of birth"),
    ],
)
def test_impossible_transition_planning_dates_are_refused(
    partnership, commissioner, started, message
):
    person = PersonFactory(partnership=partnership, date_of_birth=dt.date(1981, 6, 1))
    with refused("transition_plan_started_on", message):
        services.set_transition_plan_started(
            person=person, by=commissioner, transition_plan_started_on=started
        )
    assert Person.objects.get(pk=person.pk).transition_plan_started_on is None


def test_the_person_page_offers_both_forms_and_shows_the_dates(partnership, commissioner, login_as):
    person = _red_in_community(partnership, commissioner, rated_on=TODAY - dt.timedelta(days=3))
    Person.objects.filter(pk=person.pk).update(date_of_birth=TODAY.replace(year=TODAY.year - 16))
    client = login_as(Role.COMMISSIONER)
    planned = TODAY + dt.timedelta(days=20)

    response = client.post(
        reverse("register:person_planned_admission", args=[person.pk]),
        {"planned_admission_date": planned.isoformat()},
    )
    assert response.status_code == 302
    form = client.get(reverse("register:person_planned_admission", args=[person.pk]))
    assert planned.isoformat() in form.content.decode()  # the form starts from the saved date
    response = client.post(
        reverse("register:person_transition_plan", args=[person.pk]),
        {"transition_plan_started_on": TODAY.isoformat()},
    )
    assert response.status_code == 302

    page = client.get(reverse("register:person_detail", args=[person.pk])).content.decode()
    assert "Record a planned admission" in page
    assert "Record transition planning" in page
    assert f"{planned.day} {planned:%B %Y}" in page
    assert "Transition planning started" in page


def test_a_bad_planned_admission_date_keeps_the_form_with_the_error(
    partnership, commissioner, login_as
):
    person = _red_in_community(partnership, commissioner, rated_on=TODAY - dt.timedelta(days=3))
    client = login_as(Role.COMMISSIONER)
    too_far = TODAY + dt.timedelta(days=500)
    response = client.post(
        reverse("register:person_planned_admission", args=[person.pk]),
        {"planned_admission_date": too_far.isoformat()},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Planned admission date must be within a year from today" in body
    assert too_far.isoformat() in body
