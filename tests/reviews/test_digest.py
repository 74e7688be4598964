"""The daily coordinator digest: items due in 14 days and overdue, actions owned, no names."""

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import override_settings

from accounts.models import AuditAction, AuditEvent, Role
from reviews.models import CoordinatorDigest, ReviewOutcome, ReviewType
from reviews.services import (
    NewAction,
    recompute_schedule,
    record_review,
    send_coordinator_digests,
)
from reviews.tasks import send_coordinator_digests_task
from tests.factories import HospitalSpellFactory, PersonFactory

from .conftest import FULL_PANEL, TODAY, YES_TO_KEY_QUESTIONS

pytestmark = pytest.mark.django_db


@pytest.fixture
def caseload(partnership, coordinator, commissioner, make_member, assign, non_secure_ward):
    """Mine: admitted 2 March 2026, reviewed 3 March with one action due 2 April: on 31 March the
    report (R10, due 17 March) and the coordinator's visit (R12, due 30 March) are overdue, the
    oversight visit (R8) is due on 27 April. Someone else's: another coordinator's person."""
    mine = HospitalSpellFactory(
        person=PersonFactory(partnership=partnership, given_name="Zelda", family_name="Quayle"),
        ward=non_secure_ward,
        admission_date=dt.date(2026, 3, 2),
    )
    assign(mine.person)
    review = record_review(
        person=mine.person, by=commissioner, review_type=ReviewType.INPATIENT_REPEAT,
        spell=mine, held_date=dt.date(2026, 3, 3), panel=FULL_PANEL,
        outcome=ReviewOutcome.SAFE_AND_APPROPRIATELY_PLACED, today=TODAY,
        actions=[NewAction("Arrange housing", dt.date(2026, 4, 2), owner_user=coordinator)],
        **YES_TO_KEY_QUESTIONS,
    )  # fmt: skip
    colleague = make_member(Role.CARE_COORDINATOR, partnership)
    theirs = HospitalSpellFactory(
        person=PersonFactory(partnership=partnership), admission_date=dt.date(2026, 3, 2)
    )
    assign(theirs.person, colleague)
    for spell in (mine, theirs):
        recompute_schedule(person_id=spell.person_id, today=TODAY)
    return {"mine": mine.person, "theirs": theirs.person, "review": review}


@override_settings(SITE_URL="https://tcp.example.nhs.uk")
def test_digest_lists_due_and_overdue_items_by_record_number_and_initials(caseload, coordinator):
    result = send_coordinator_digests(today=TODAY)
    assert (result.sent, result.skipped_empty) == (2, 0)
    message = next(m for m in mail.outbox if m.to == [coordinator.email])
    body = message.body
    mine = caseload["mine"]
    assert message.subject == "Transforming Care register: 2 overdue, 0 due in the next 14 days"
    assert (
        f"- Record {mine.pk} (Z.Q.): R12: Care coordinator face-to-face contact, "
        "due 30 March 2026 (overdue by 1 day)"
    ) in body
    assert (
        f"- Record {mine.pk} (Z.Q.): R10: C(E)TR report issued, due 17 March 2026 "
        "(overdue by 14 days)"
    ) in body
    assert "R8" not in body  # due in 27 days
    assert "R11" not in body  # the action is listed once, in its own section
    assert f"https://tcp.example.nhs.uk/reviews/?person={mine.pk}" in body
    action = caseload["review"].actions.get()
    assert (
        f"- Action {action.pk} for record {mine.pk} (Z.Q.), due 2 April 2026 (due in 2 days)"
    ) in body
    assert f"https://tcp.example.nhs.uk/reviews/{caseload['review'].pk}/" in body
    assert f"Record {caseload['theirs'].pk} " not in body
    for identifier in ("Zelda", "Quayle", mine.nhs_number, "1990"):
        assert identifier not in body
        assert identifier not in message.subject


def test_digest_is_sent_once_a_day_however_often_the_task_runs(caseload, coordinator):
    send_coordinator_digests(today=TODAY)
    again = send_coordinator_digests(today=TODAY)
    assert (again.sent, again.already_sent) == (0, 2)
    assert len(mail.outbox) == 2
    digest = CoordinatorDigest.objects.get(user=coordinator, digest_date=TODAY)
    assert digest.action_count == 1
    event = AuditEvent.objects.get(action=AuditAction.EXPORT, object_id=str(digest.pk))
    assert event.summary["person_ids"] == [caseload["mine"].pk]


def test_coordinator_with_nothing_due_gets_no_email(partnership, make_member):
    make_member(Role.CARE_COORDINATOR, partnership)
    result = send_coordinator_digests(today=TODAY)
    assert (result.sent, result.skipped_empty) == (0, 1)
    assert mail.outbox == []


def test_digest_leaves_out_items_beyond_14_days(caseload, coordinator):
    send_coordinator_digests(today=dt.date(2026, 3, 10))
    body = next(m for m in mail.outbox if m.to == [coordinator.email]).body
    assert "R10: C(E)TR report issued, due 17 March 2026 (due in 7 days)" in body
    assert "R12" not in body  # due 30 March: 20 days ahead
    assert "Recommendation actions for your people or owned by you (0)" in body


def test_digest_task_and_command_send_through_the_email_backend(caseload, coordinator):
    send_coordinator_digests_task.delay()
    assert {tuple(m.to) for m in mail.outbox} >= {(coordinator.email,)}
    sent = len(mail.outbox)
    call_command("send_coordinator_digests")  # same day: nothing more
    assert len(mail.outbox) == sent
