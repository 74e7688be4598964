"""A care coordinator records a post-admission C(E)TR in a real browser (issue 5).

They plan the review from the person's page, mark it held with its panel, outcome, key questions
and two recommendations, see the action that is past its due date tagged "Overdue" on "My
actions", mark it done and see the tag go. Every page reached is scanned by axe.
"""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from accounts.models import Organisation, Partnership, User
from register.models import AdmissionSource, BedType, Rag
from register.services import rate_risk
from register.services.lifecycle import assign_coordinator
from register.services.spells import admit_person
from reviews.models import (
    Action,
    ActionStatus,
    CareReview,
    PanelRole,
    ReviewOutcome,
    ReviewStatus,
    ReviewType,
    ScheduledItem,
)
from reviews.services import PanelSeat, decline_review, plan_review, record_review
from tests.factories import PersonFactory, SiteFactory, WardFactory

from .helpers import check_accessibility, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

ADMITTED_DAYS_AGO = 24  # the post-admission review (adults: 28 days) is due in 4 days
OVERDUE_TASK = "Arrange a sensory assessment with the occupational therapist."
LATER_TASK = "Agree a discharge plan with the community learning disability team."


def heading(page: Page):
    return page.get_by_role("heading", level=1)


@pytest.fixture
def inpatient_on_caseload(demo_logins):
    """An inpatient whose care coordinator is the demo coordinator, and one who is not theirs.

    Set up through the register's services, as a commissioner would have recorded them, so the
    review schedule (a post-admission C(E)TR due 28 days after admission) is computed for real.
    """
    blmk = Partnership.objects.get(code="BLMK")
    commissioner = User.objects.get(email=demo_logins[("commissioner", "BLMK")])
    coordinator = User.objects.get(email=demo_logins[("coordinator", "BLMK")])
    icb = Organisation.objects.get(ods_code="QHG")
    ward = WardFactory(
        site=SiteFactory(name="Larch House", provider__name="Larch Healthcare"),
        name="Birch ward",
        bed_type=BedType.AT_UNIT,
    )
    admitted = timezone.localdate() - timedelta(days=ADMITTED_DAYS_AGO)
    mine = PersonFactory(partnership=blmk, given_name="Ellis", family_name="Penrose")
    other = PersonFactory(partnership=blmk, given_name="Noel", family_name="Outhwaite")
    for person in (mine, other):
        admit_person(
            person=person,
            by=commissioner,
            admission_date=admitted,
            ward=ward,
            commissioner=icb,
            admission_source=AdmissionSource.COMMUNITY,
        )
    assign_coordinator(person=mine, by=commissioner, start_date=admitted, user=coordinator)
    # Coordinated by someone outside the coordinator's organisation: not on their caseload.
    assign_coordinator(
        person=other, by=commissioner, start_date=admitted, external_name="Pat Elsewhere"
    )
    due = ScheduledItem.objects.get(person=mine, kind="POST_ADMISSION_REVIEW")
    assert due.due_date == admitted + timedelta(days=28)
    return mine, coordinator


def test_care_coordinator_records_a_post_admission_review_and_closes_an_overdue_action(
    page, live_server, demo_logins, password, inpatient_on_caseload
):
    person, coordinator = inpatient_on_caseload
    today = timezone.localdate()
    held = today - timedelta(days=3)
    overdue_by_a_day = today - timedelta(days=1)
    in_four_weeks = today + timedelta(days=28)
    sign_in(page, live_server, demo_logins[("coordinator", "BLMK")], password)
    menu = page.get_by_role("navigation", name="Menu")

    # The worklist: their person's post-admission review is due; someone else's is not shown.
    menu.get_by_role("link", name="Worklist").click()
    expect(heading(page)).to_have_text("Due and overdue")
    items = page.get_by_role("table", name="Outstanding items")
    expect(items).not_to_contain_text("Outhwaite")
    due = items.get_by_role("row").filter(has_text="Post-admission C(E)TR")
    expect(due).to_have_count(1)
    expect(due).to_contain_text("Penrose")
    expect(due).to_contain_text("Due soon: due in 4 days")
    check_accessibility(page, "worklist (care coordinator)")

    # Its "Record" link opens the form for a review already held, with the type chosen.
    due.get_by_role("link", name=f"Record review for record {person.pk}").click()
    expect(heading(page)).to_have_text("Record a review that has been held")
    expect(page.get_by_role("radio", name="Post-admission C(E)TR")).to_be_checked()
    check_accessibility(page, "record review form (care coordinator)")

    # Not held yet: they go to the person's page and plan it instead.
    menu.get_by_role("link", name="Register").click()
    expect(page.get_by_role("main")).not_to_contain_text("Outhwaite")
    page.get_by_role("link", name="PENROSE, Ellis").click()
    expect(heading(page)).to_contain_text("Ellis Penrose")
    reviews = page.get_by_role("region", name="Care and Treatment Reviews")
    expect(reviews.get_by_role("table", name="Due and overdue (")).to_contain_text(
        "Post-admission C(E)TR"
    )
    check_accessibility(page, "person page (care coordinator)")

    reviews.get_by_role("link", name="Plan a review").click()
    expect(heading(page)).to_have_text("Plan a review")
    check_accessibility(page, "plan review form")
    page.get_by_role("radio", name="Post-admission C(E)TR").check()
    page.get_by_label("Date offered or planned").fill(held.isoformat())
    page.get_by_label("Where the review takes place").select_option(label="In hospital")
    page.get_by_role("button", name="Save planned review").click()
    expect(page.get_by_role("alert").filter(has_text="Review planned.")).to_be_visible()
    expect(heading(page)).to_have_text("Post-admission C(E)TR")
    check_accessibility(page, "review detail (planned)")
    review = CareReview.objects.get(person=person)
    assert review.status == ReviewStatus.PLANNED

    # The review was held: panel, outcome, the four key questions and two recommendations.
    page.get_by_role("button", name="Mark as held").click()
    expect(heading(page)).to_have_text("Mark the review as held")
    check_accessibility(page, "mark review held form")
    page.get_by_label("Date the review was held").fill(held.isoformat())
    page.get_by_role("checkbox", name="The person").check()
    page.get_by_role("checkbox", name="Advocate").check()
    page.get_by_role("radio", name="Safe and appropriately placed").check()
    for question, answer in [
        ("Is the person safe?", "Yes"),
        ("Is the person getting good care now?", "Yes"),
        ("Are there good plans in place for the person's future?", "No"),
        ("Could the person's care and treatment be provided in the community?", "Yes"),
        ("Is the person in the right place?", "Yes"),
    ]:
        page.get_by_role("group", name=question).get_by_role("radio", name=answer).check()
    panel = {
        1: ("Chair (responsible commissioner)", "Casey Commissioner", "BLMK ICB"),
        2: ("Expert by experience", "Jordan Reyes", "Experts by Experience East"),
        3: ("Clinical expert", "Dr Priya Nair", "Community LD team"),
    }
    for number, (role, name, organisation) in panel.items():
        member = page.get_by_role("group", name=f"Panel member {number}")
        # The form offers the three required roles already chosen.
        expect(member.get_by_label("Role").locator("option:checked")).to_have_text(role)
        member.get_by_label("Name").fill(name)
        member.get_by_label("Organisation").fill(organisation)
    for number, (task, due_date) in enumerate(
        [(OVERDUE_TASK, overdue_by_a_day), (LATER_TASK, in_four_weeks)], start=1
    ):
        recommendation = page.get_by_role("group", name=f"Recommendation {number}")
        recommendation.get_by_label("Recommendation").fill(task)
        recommendation.get_by_label("Named owner").select_option(label=coordinator.full_name)
        recommendation.get_by_label("Due date").fill(due_date.isoformat())
    page.get_by_role("button", name="Save review").click()

    expect(page.get_by_role("alert").filter(has_text="Review marked as held.")).to_be_visible()
    main = page.get_by_role("main")
    expect(main).to_contain_text("Safe and appropriately placed")
    panel_table = page.get_by_role("table", name="Panel members")
    for _role, name, _organisation in panel.values():
        expect(panel_table).to_contain_text(name)
    actions = page.get_by_role("table", name="Recommendations and actions (2)")
    overdue_row = actions.get_by_role("row").filter(has_text=OVERDUE_TASK)
    later_row = actions.get_by_role("row").filter(has_text=LATER_TASK)
    expect(overdue_row).to_contain_text("Overdue by 1 day")
    expect(later_row).not_to_contain_text("Overdue")
    check_accessibility(page, "review detail (held, with actions)")
    review.refresh_from_db()
    assert review.status == ReviewStatus.HELD
    assert review.held_date == held
    assert review.panel.count() == 3
    overdue_action = Action.objects.get(review=review, recommendation=OVERDUE_TASK)

    # "My actions": both are theirs; the one past its due date carries the red tag.
    menu.get_by_role("link", name="My actions").click()
    expect(heading(page)).to_have_text("My actions")
    mine = page.get_by_role("table", name="Open actions, earliest due first (2)")
    expect(mine.get_by_role("row").filter(has_text=OVERDUE_TASK)).to_contain_text(
        "Overdue by 1 day"
    )
    expect(mine.get_by_role("row").filter(has_text=LATER_TASK)).not_to_contain_text("Overdue")
    check_accessibility(page, "my actions (one overdue)")

    mine.get_by_role("link", name=f"Change status of action {overdue_action.pk}").click()
    expect(heading(page)).to_have_text("Change the status of an action")
    expect(page.get_by_role("main")).to_contain_text("Overdue by 1 day")
    check_accessibility(page, "action status form")
    page.get_by_role("radio", name="Done", exact=True).check()
    page.get_by_role("button", name="Save status").click()

    expect(page.get_by_role("alert").filter(has_text="Action status changed.")).to_be_visible()
    done_row = (
        page.get_by_role("table", name="Recommendations and actions (2)")
        .get_by_role("row")
        .filter(has_text=OVERDUE_TASK)
    )
    expect(done_row).to_contain_text("Done")
    expect(done_row).not_to_contain_text("Overdue")
    check_accessibility(page, "review detail (after an action is done)")
    assert overdue_action.status_changes.order_by("-changed_at", "-pk").first().status == (
        ActionStatus.DONE
    )

    # Back on "My actions": only the later action is open, and nothing is overdue any more.
    menu.get_by_role("link", name="My actions").click()
    mine = page.get_by_role("table", name="Open actions, earliest due first (1)")
    expect(mine).to_contain_text(LATER_TASK)
    expect(mine).not_to_contain_text(OVERDUE_TASK)
    expect(mine).not_to_contain_text("Overdue")
    check_accessibility(page, "my actions (after marking done)")
    page.get_by_role("link", name="Include done and cancelled actions").click()
    everything = page.get_by_role("table", name="All my actions (2)")
    done_row = everything.get_by_role("row").filter(has_text=OVERDUE_TASK)
    expect(done_row).to_contain_text("Done")
    expect(done_row).not_to_contain_text("Overdue")
    check_accessibility(page, "my actions (including done)")


def test_commissioner_corrects_a_held_review_and_plans_an_admission(
    page, live_server, demo_logins, password
):
    """A commissioner puts right a panel member's name on a held review (the reason is kept),
    records a planned admission for someone rated red (the community C(E)TR is then due by that
    date on the worklist) and sees a declined review reported apart from the outstanding items."""
    blmk = Partnership.objects.get(code="BLMK")
    commissioner = User.objects.get(email=demo_logins[("commissioner", "BLMK")])
    icb = Organisation.objects.get(ods_code="QHG")
    today = timezone.localdate()
    inpatient = PersonFactory(partnership=blmk, given_name="Rowan", family_name="Ashdown")
    admit_person(
        person=inpatient,
        by=commissioner,
        admission_date=today - timedelta(days=30),
        ward=WardFactory(bed_type=BedType.AT_UNIT),
        commissioner=icb,
        admission_source=AdmissionSource.COMMUNITY,
    )
    held = record_review(
        person=inpatient,
        by=commissioner,
        review_type=ReviewType.POST_ADMISSION,
        held_date=today - timedelta(days=3),
        panel=[
            PanelSeat(role=PanelRole.CHAIR_COMMISSIONER, name="Alex Chair"),
            PanelSeat(role=PanelRole.EXPERT_BY_EXPERIENCE, name="Sam Expert"),
            PanelSeat(role=PanelRole.CLINICAL_EXPERT, name="Dr Jo Wrongname"),
        ],
        outcome=ReviewOutcome.SAFE_AND_APPROPRIATELY_PLACED,
        is_safe=True,
        is_good_care_now=True,
        has_plans_for_future=True,
        could_care_be_in_community=False,
    )
    at_risk = PersonFactory(
        partnership=blmk, given_name="Morgan", family_name="Redfern", consent_basis="CONSENT"
    )
    rate_risk(person=at_risk, by=commissioner, rag=Rag.RED, effective_date=today)
    declining = PersonFactory(
        partnership=blmk, given_name="Dana", family_name="Declines", consent_basis="CONSENT"
    )
    rate_risk(person=declining, by=commissioner, rag=Rag.RED, effective_date=today)
    offered = plan_review(person=declining, by=commissioner, review_type=ReviewType.COMMUNITY)
    decline_review(
        review=offered, by=commissioner, reason="Did not want a review", offered_date=today
    )

    sign_in(page, live_server, demo_logins[("commissioner", "BLMK")], password)
    page.goto(f"{live_server.url}/reviews/{held.pk}/")
    page.get_by_role("button", name="Correct the review").click()
    expect(heading(page)).to_have_text("Correct the review")
    check_accessibility(page, "correct review form")
    page.get_by_label("Name").nth(2).fill("Dr Jo Rightname")
    page.get_by_label("Why are you correcting this review?").fill("Clinical expert's name mistyped")
    page.get_by_role("button", name="Save correction").click()
    expect(page.get_by_role("main")).to_contain_text("Review corrected")
    panel = page.get_by_role("table", name="Panel members")
    expect(panel).to_contain_text("Dr Jo Rightname")
    expect(panel).not_to_contain_text("Wrongname")
    check_accessibility(page, "review detail (corrected)")

    planned = today + timedelta(days=10)
    page.goto(f"{live_server.url}/register/people/{at_risk.pk}/")
    page.get_by_role("link", name="Record a planned admission").click()
    check_accessibility(page, "planned admission form")
    page.get_by_label("Planned admission date").fill(planned.isoformat())
    page.get_by_role("button", name="Save planned admission date").click()
    expect(page.get_by_role("main")).to_contain_text("Planned admission date saved")
    expect(page.get_by_role("main")).to_contain_text(f"{planned.day} {planned:%B %Y}")
    check_accessibility(page, "person page (planned admission)")

    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Worklist").click()
    outstanding = page.get_by_role("table", name=re.compile("^Outstanding items"))
    redfern = outstanding.get_by_role("row").filter(has_text="Redfern")
    redfern = redfern.filter(has_text="Community C(E)TR")
    expect(redfern).to_contain_text(f"{planned.day} {planned:%b %Y}")  # due by the planned date
    declines_review = outstanding.get_by_role("row").filter(has_text="Declines")
    expect(declines_review.filter(has_text="Community C(E)TR")).to_have_count(0)
    declined = page.get_by_role("table", name=re.compile("^Declined in the last 90 days"))
    expect(declined.get_by_role("row").filter(has_text="Declines")).to_contain_text("Declined")
    check_accessibility(page, "worklist (with a declined review)")
