"""The reviews pages end to end: forms post to the services, errors reach the summary, lists
filter and show overdue and due-soon tags."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditAction, AuditEvent, Role
from reviews.models import (
    Action,
    ActionStatus,
    CareReview,
    OversightVisit,
    ReviewOutcome,
    ReviewStatus,
    ReviewType,
)
from reviews.services import (
    NewAction,
    decline_review,
    plan_review,
    recompute_schedule,
    record_review,
)
from tcp.person_sections import person_sections
from tests.factories import HospitalSpellFactory, PersonFactory

from .conftest import FULL_PANEL, YES_TO_KEY_QUESTIONS

pytestmark = pytest.mark.django_db


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def admitted(person, non_secure_ward, today):
    """An adult admitted 45 days ago: the post-admission CTR (28 days) is 17 days overdue and
    the first oversight visit (56 days) is due in 11 days."""
    from tests.factories import HospitalSpellFactory

    return HospitalSpellFactory(
        person=person, ward=non_secure_ward, admission_date=today - dt.timedelta(days=45)
    )


def _formset(prefix, rows, total):
    data = {f"{prefix}-TOTAL_FORMS": str(total), f"{prefix}-INITIAL_FORMS": "0"}
    for index, row in enumerate(rows):
        data.update({f"{prefix}-{index}-{key}": value for key, value in row.items()})
    return data


def _held_post(today, *, panel=3, **overrides):
    seats = [
        {"role": seat.role, "name": seat.name, "organisation": seat.organisation,
         "is_independent_of_provider": "on"}
        for seat in FULL_PANEL[:panel]
    ]  # fmt: skip
    data = {
        "held_date": (today - dt.timedelta(days=2)).isoformat(),
        "outcome": ReviewOutcome.SAFE_AND_APPROPRIATELY_PLACED,
        "is_safe": "yes",
        "is_good_care_now": "yes",
        "has_plans_for_future": "no",
        "could_care_be_in_community": "yes",
        "is_in_right_place": "no",
        "attendance": ["person_attended", "advocate_attended"],
        **_formset("panel", seats, 5),
        **_formset("actions", [], 3),
    }
    data.update(overrides)
    return data


def test_record_review_page_saves_review_panel_and_actions(login_as, admitted, today):
    client = login_as(Role.COMMISSIONER)
    data = _held_post(today, review_type=ReviewType.POST_ADMISSION)
    data.update(
        _formset(
            "actions",
            [
                {"recommendation": "Find a supported living provider",
                 "owner_user": str(client.user.pk),
                 "due_date": (today + dt.timedelta(days=30)).isoformat()},
                {"recommendation": "Review medication", "due_date": today.isoformat(),
                 "owner_user": str(client.user.pk)},
            ],
            3,
        )
    )  # fmt: skip
    response = client.post(reverse("reviews:review_record", args=[admitted.person_id]), data)
    review = CareReview.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("reviews:review_detail", args=[review.pk])
    assert review.status == ReviewStatus.HELD
    assert review.spell == admitted
    assert review.person_attended
    assert review.advocate_attended
    assert not review.family_or_carer_attended
    assert review.is_in_right_place is False
    assert review.panel.count() == 3
    assert list(review.actions.values_list("recommendation", flat=True)) == [
        "Review medication",
        "Find a supported living provider",
    ]
    detail = client.get(response.url).content.decode()
    assert "Find a supported living provider" in detail
    assert "Chair (responsible commissioner)" in detail


def test_missing_panel_roles_show_in_the_error_summary(login_as, admitted, today):
    client = login_as(Role.COMMISSIONER)
    data = _held_post(today, panel=1, review_type=ReviewType.POST_ADMISSION)
    response = client.post(reverse("reviews:review_record", args=[admitted.person_id]), data)
    body = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: Record a review" in body
    assert "There is a problem" in body
    assert (
        "Add the clinical expert and the expert by experience before marking the review as held."
        in body
    )
    assert not CareReview.objects.exists()


def test_form_level_errors_of_a_panel_row_reach_the_summary(login_as, admitted, today):
    client = login_as(Role.COMMISSIONER)
    data = _held_post(today, review_type=ReviewType.POST_ADMISSION)
    data["panel-3-name"] = "Someone without a role"
    response = client.post(reverse("reviews:review_record", args=[admitted.person_id]), data)
    assert "Panel member 4: Choose the role of this panel member." in response.content.decode()
    assert not CareReview.objects.exists()


def test_plan_then_mark_held_through_the_pages(login_as, admitted, today):
    client = login_as(Role.COMMISSIONER)
    response = client.post(
        reverse("reviews:review_plan", args=[admitted.person_id]),
        {"review_type": ReviewType.POST_ADMISSION, "offered_date": today.isoformat()},
    )
    review = CareReview.objects.get()
    assert response.url == reverse("reviews:review_detail", args=[review.pk])
    response = client.post(reverse("reviews:review_held", args=[review.pk]), _held_post(today))
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.status == ReviewStatus.HELD


def test_decline_page_records_the_offer(login_as, person, today):
    client = login_as(Role.COMMISSIONER)
    review = plan_review(person=person, by=client.user, review_type=ReviewType.COMMUNITY)
    response = client.post(
        reverse("reviews:review_close", args=[review.pk]),
        {"status": "DECLINED", "reason": "Did not want a review",
         "offered_date": today.isoformat()},
    )  # fmt: skip
    assert response.status_code == 302
    review.refresh_from_db()
    assert (review.status, review.offered_date) == (ReviewStatus.DECLINED, today)


def test_edit_page_records_the_report_issue_date(login_as, admitted, today):
    client = login_as(Role.COMMISSIONER)
    review = _held(admitted, client.user, today)
    response = client.post(
        reverse("reviews:review_edit", args=[review.pk]),
        {"report_issued_date": today.isoformat(), "setting": "HOSPITAL",
         "is_in_right_place": "yes", "attendance": ["family_or_carer_attended"]},
    )  # fmt: skip
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.report_issued_date == today
    assert review.family_or_carer_attended
    assert not review.person_attended


def _held(spell, by, today, actions=()):
    return record_review(
        person=spell.person, by=by, review_type=ReviewType.POST_ADMISSION, spell=spell,
        held_date=today - dt.timedelta(days=5), panel=FULL_PANEL,
        outcome=ReviewOutcome.SAFE_AND_APPROPRIATELY_PLACED, actions=actions,
        **YES_TO_KEY_QUESTIONS,
    )  # fmt: skip


def test_add_recommendation_page(login_as, admitted, today):
    client = login_as(Role.COMMISSIONER)
    review = _held(admitted, client.user, today)
    response = client.post(
        reverse("reviews:action_add", args=[review.pk]),
        {"recommendation": "Housing referral", "owner_user": str(client.user.pk),
         "due_date": (today + dt.timedelta(days=14)).isoformat()},
    )  # fmt: skip
    assert response.status_code == 302
    assert Action.objects.get().recommendation == "Housing referral"


def test_action_status_page_needs_a_reason_to_escalate(login_as, admitted, today):
    client = login_as(Role.COMMISSIONER)
    due = today + dt.timedelta(days=7)
    review = _held(
        admitted, client.user, today, [NewAction("Housing", due, owner_user=client.user)]
    )
    action = review.actions.get()
    url = reverse("reviews:action_status", args=[action.pk])
    refused = client.post(url, {"status": ActionStatus.NOT_DONE_ESCALATED, "reason": ""})
    assert "Enter why the action was not done" in refused.content.decode()
    accepted = client.post(
        url, {"status": ActionStatus.NOT_DONE_ESCALATED, "reason": "No housing; escalated"}
    )
    assert accepted.status_code == 302
    history = client.get(url).content.decode()
    assert "Not done (escalated)" in history
    assert "No housing; escalated" in history


def test_visit_page_records_the_visit(login_as, admitted, today):
    client = login_as(Role.COMMISSIONER)
    response = client.post(
        reverse("reviews:visit_record", args=[admitted.pk]),
        {"visit_date": today.isoformat(), "has_concerns": "no"},
    )
    assert response.url == reverse("reviews:person_reviews", args=[admitted.person_id])
    assert OversightVisit.objects.get().visit_date == today


def test_visit_page_shows_a_date_outside_the_stay(login_as, admitted, today):
    client = login_as(Role.COMMISSIONER)
    response = client.post(
        reverse("reviews:visit_record", args=[admitted.pk]),
        {"visit_date": (admitted.admission_date - dt.timedelta(days=1)).isoformat(),
         "has_concerns": "no"},
    )  # fmt: skip
    assert "must fall inside the hospital stay" in response.content.decode()
    assert not OversightVisit.objects.exists()


def test_worklist_tags_overdue_and_due_soon_and_audits_the_ids(login_as, admitted, today):
    recompute_schedule(person_id=admitted.person_id, today=today)
    client = login_as(Role.COMMISSIONER)
    body = client.get(reverse("reviews:worklist")).content.decode()
    assert "Post-admission C(E)TR" in body
    assert "Overdue by 17 days" in body
    assert "Commissioner oversight visit" in body
    assert "Due soon: due in 11 days" in body
    assert "nhsuk-tag--orange" in body
    assert "Due in 3" in body  # R13 care plan review a year ahead: neither
    listed = AuditEvent.objects.filter(action=AuditAction.VIEW, object_type="reviews.ScheduledItem")
    assert len(listed.get().summary["ids"]) == 4


def test_worklist_filters(login_as, admitted, partnership, secure_ward, coordinator, assign, today):
    from tests.factories import HospitalSpellFactory, PersonFactory

    secure = HospitalSpellFactory(
        person=PersonFactory(partnership=partnership), ward=secure_ward,
        admission_date=today - dt.timedelta(days=3),
    )  # fmt: skip
    community = PersonFactory(partnership=partnership)
    assign(secure.person)
    for person_id in (admitted.person_id, secure.person_id, community.pk):
        recompute_schedule(person_id=person_id, today=today)
    client = login_as(Role.COMMISSIONER)

    def people(**query):
        body = client.get(reverse("reviews:worklist"), query).content.decode()
        return {p for p in (admitted.person_id, secure.person_id, community.pk)
                if f"Record {p}<" in body}  # fmt: skip

    assert people() == {admitted.person_id, secure.person_id, community.pk}
    assert people(window="overdue") == {admitted.person_id}
    assert people(rule="R3") == {admitted.person_id, secure.person_id}
    assert people(rule="R13") == {admitted.person_id, secure.person_id, community.pk}
    assert people(setting="SECURE") == {secure.person_id}
    assert people(setting="NON_SECURE") == {admitted.person_id}
    assert people(setting="COMMUNITY") == {community.pk}  # where the person is now
    assert people(coordinator=str(coordinator.pk)) == {secure.person_id}
    assert people(person=str(community.pk)) == {community.pk}
    mine = login_as(Role.CARE_COORDINATOR, user=coordinator)
    body = mine.get(reverse("reviews:worklist"), {"coordinator": "me"}).content.decode()
    assert f"Record {secure.person_id}<" in body
    assert f"Record {admitted.person_id}<" not in body


def test_calendar_groups_the_coming_8_weeks_by_week(login_as, admitted, today):
    recompute_schedule(person_id=admitted.person_id, today=today)
    body = login_as(Role.COMMISSIONER).get(reverse("reviews:calendar")).content.decode()
    monday = today - dt.timedelta(days=today.weekday())
    headings = [f"Week beginning {(monday + dt.timedelta(weeks=n)).day} " for n in range(8)]
    assert all(heading in body for heading in headings)
    assert "Already overdue" in body
    # R8 is due 56 days after admission, 11 days from today: in the second or third week.
    r8_due = admitted.admission_date + dt.timedelta(days=56)
    week = (r8_due - monday).days // 7
    section = body.split(headings[week])[1].split("Week beginning")[0]
    assert "Commissioner oversight visit" in section


def test_my_actions_lists_only_the_users_actions(
    login_as, admitted, make_member, partnership, today
):
    client = login_as(Role.COMMISSIONER)
    someone_else = make_member(Role.COMMISSIONER, partnership)
    late = today - dt.timedelta(days=3)
    _held(admitted, client.user, today, [
        NewAction("Mine and late", late, owner_user=client.user),
        NewAction("Someone else's", late, owner_user=someone_else),
    ])  # fmt: skip
    body = client.get(reverse("reviews:my_actions")).content.decode()
    assert "Mine and late" in body
    assert "Overdue by 3 days" in body
    assert "Someone else&#39;s" not in body


def test_person_section_is_offered_to_person_level_roles_only(
    rf, admitted, commissioner, make_member, partnership
):
    request = rf.get("/")
    request.user = commissioner
    sections = person_sections(request, admitted.person)
    assert [s["template"] for s in sections] == ["reviews/_person_reviews.jinja"]
    assert sections[0]["reviews_section"].person_id == admitted.person_id
    request.user = make_member(Role.BOARD_MEMBER, partnership)
    assert person_sections(request, admitted.person) == []


def test_person_reviews_page_shows_reviews_actions_and_visits(login_as, admitted, today):
    client = login_as(Role.COMMISSIONER)
    _held(
        admitted, client.user, today, [NewAction("Housing referral", today, owner_user=client.user)]
    )
    body = client.get(reverse("reviews:person_reviews", args=[admitted.person_id])).content.decode()
    assert "Post-admission C(E)TR" in body
    assert "Housing referral" in body
    assert "Record an oversight visit" in body
    assert AuditEvent.objects.filter(action=AuditAction.VIEW, person_id=admitted.person_id).exists()


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        (Role.COMMISSIONER, {"Worklist", "My actions"}),
        (Role.CARE_COORDINATOR, {"Worklist", "My actions"}),
        (Role.PARTNERSHIP_ADMIN, {"Worklist"}),
        (Role.BOARD_MEMBER, set()),
    ],
)
def test_navigation_offers_the_reviews_pages_by_role(login_as, role, expected):
    body = login_as(role).get(reverse("home")).content.decode()
    shown = {label for label in ("Worklist", "My actions") if f">{label}<" in body}
    assert shown == expected


def test_beat_runs_the_nightly_recompute_and_the_daily_digest(settings):
    from tcp.celery import app

    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert {
        "reviews.tasks.recompute_all_schedules_task",
        "reviews.tasks.send_coordinator_digests_task",
    } <= scheduled
    app.loader.import_default_modules()
    assert scheduled <= set(app.tasks)


def test_an_empty_record_form_explains_what_is_missing(login_as, admitted):
    response = login_as(Role.COMMISSIONER).post(
        reverse("reviews:review_record", args=[admitted.person_id]),
        {**_formset("panel", [{"role": "CHAIR_COMMISSIONER"}], 5), **_formset("actions", [], 3)},
    )
    body = response.content.decode()
    assert "Choose the type of review." in body
    assert "This field is required" not in body
    assert "Enter the name of this panel member" not in body
    assert not CareReview.objects.exists()


def test_an_unnamed_panel_row_is_left_out_and_the_service_names_the_missing_role(
    login_as, admitted, today
):
    data = _held_post(today, review_type=ReviewType.POST_ADMISSION)
    data["panel-1-name"] = ""
    response = login_as(Role.COMMISSIONER).post(
        reverse("reviews:review_record", args=[admitted.person_id]), data
    )
    assert "Add the expert by experience before marking the review as held." in (
        response.content.decode()
    )


def test_person_section_renders_from_a_loop_over_the_registered_sections(
    rf, admitted, commissioner
):
    """How the register's person page includes it: a loop over person_sections()."""
    from django.template import engines

    request = rf.get("/")
    request.user = commissioner
    template = engines["jinja2"].from_string(
        "{% for section in sections %}{% include section.template %}{% endfor %}"
    )
    html = template.render({"sections": person_sections(request, admitted.person)}, request)
    assert "Care and Treatment Reviews" in html
    assert "Due and overdue (0)" in html  # nothing computed yet for this person
    assert f'href="/reviews/people/{admitted.person_id}/record/"' in html


def test_correct_page_changes_the_panel_and_outcome_of_a_held_review(login_as, admitted, today):
    client = login_as(Role.COMMISSIONER)
    review = _held(admitted, client.user, today)
    detail = client.get(reverse("reviews:review_detail", args=[review.pk])).content.decode()
    assert reverse("reviews:review_correct", args=[review.pk]) in detail

    page = client.get(reverse("reviews:review_correct", args=[review.pk])).content.decode()
    assert 'value="Clinical Person"' in page  # starts from the stored panel

    data = {
        "held_date": (today - dt.timedelta(days=6)).isoformat(),
        "outcome": ReviewOutcome.NOT_SAFE_OR_NOT_APPROPRIATE,
        "is_safe": "no", "is_good_care_now": "no", "has_plans_for_future": "no",
        "could_care_be_in_community": "yes",
        "reason": "Outcome recorded against the wrong review",
        "panel-TOTAL_FORMS": "4", "panel-INITIAL_FORMS": "0",
        "panel-0-role": "CHAIR_COMMISSIONER", "panel-0-name": "Chair Person",
        "panel-1-role": "EXPERT_BY_EXPERIENCE", "panel-1-name": "Expert Person",
        "panel-2-role": "CLINICAL_EXPERT", "panel-2-name": "Clinical Person",
        "panel-3-role": "OTHER", "panel-3-name": "Advocate Person",
    }  # fmt: skip
    response = client.post(reverse("reviews:review_correct", args=[review.pk]), data)
    assert response.status_code == 302
    review.refresh_from_db()
    assert (review.outcome, review.is_safe) == (ReviewOutcome.NOT_SAFE_OR_NOT_APPROPRIATE, False)
    assert review.panel.count() == 4


def test_correct_page_without_a_reason_shows_the_error_and_keeps_the_review(
    login_as, admitted, today
):
    client = login_as(Role.COMMISSIONER)
    review = _held(admitted, client.user, today)
    data = {
        "held_date": (today - dt.timedelta(days=6)).isoformat(),
        "outcome": ReviewOutcome.READY_FOR_DISCHARGE,
        "is_safe": "yes", "is_good_care_now": "yes", "has_plans_for_future": "yes",
        "could_care_be_in_community": "yes", "reason": "",
        "panel-TOTAL_FORMS": "3", "panel-INITIAL_FORMS": "0",
        "panel-0-role": "CHAIR_COMMISSIONER", "panel-0-name": "Chair Person",
        "panel-1-role": "EXPERT_BY_EXPERIENCE", "panel-1-name": "Expert Person",
        "panel-2-role": "CLINICAL_EXPERT", "panel-2-name": "Clinical Person",
    }  # fmt: skip
    response = client.post(reverse("reviews:review_correct", args=[review.pk]), data)
    assert response.status_code == 200
    assert "Say why the review is being corrected." in response.content.decode()
    review.refresh_from_db()
    assert review.outcome == ReviewOutcome.SAFE_AND_APPROPRIATELY_PLACED


def test_a_declined_review_is_reported_apart_from_the_outstanding_items(
    login_as, partnership, today
):
    client = login_as(Role.COMMISSIONER)
    spell = HospitalSpellFactory(
        person=PersonFactory(partnership=partnership, given_name="Dora", family_name="Declines"),
        admission_date=today - dt.timedelta(days=10),
    )
    review = plan_review(
        person=spell.person, by=client.user, review_type=ReviewType.POST_ADMISSION, spell=spell
    )
    decline_review(
        review=review,
        by=client.user,
        reason="Did not want a review",
        offered_date=today - dt.timedelta(days=2),
    )
    recompute_schedule(person_id=spell.person_id, today=today)

    body = client.get(reverse("reviews:worklist")).content.decode()
    outstanding, declined = body.split("<h2>Declined reviews</h2>")
    assert "Post-admission C(E)TR" not in outstanding.split("Outstanding items")[1]
    assert "Declines" in declined
    assert "Declined in the last 90 days, latest first (1)" in declined
    assert 'nhsuk-tag--grey">\n  Declined\n</strong>' in declined  # the row's tag
