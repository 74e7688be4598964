"""The stored schedule: rebuilt from the engine, idempotent, following discharges, ward moves and
the register's announcements (DOMAIN.md 4)."""

import datetime as dt

import pytest
from django.core.management import call_command

from register.models import DischargeDestination, WardStay
from register.signals import person_changed
from reviews.models import ReviewOutcome, ReviewType, ScheduledItem, ScheduledItemStatus
from reviews.services import recompute_all_schedules, recompute_schedule, record_review
from reviews.services.schedule import NO_LONGER_DUE
from reviews.tasks import recompute_all_schedules_task
from tests.factories import HospitalSpellFactory, PersonFactory

from .conftest import FULL_PANEL, TODAY, YES_TO_KEY_QUESTIONS

pytestmark = pytest.mark.django_db

FIELDS = (
    "pk", "rule_id", "kind", "anchor_date", "due_date", "status", "satisfied_on",
    "satisfied_by_review_id", "satisfied_by_visit_id", "cancelled_on", "spell_id",
    "source_kind", "source_id", "updated_at",
)  # fmt: skip


def _rows(person):
    return list(ScheduledItem.objects.filter(person=person).order_by("pk").values_list(*FIELDS))


def _held_review(person, by, spell, held_date):
    return record_review(
        person=person,
        by=by,
        review_type=ReviewType.INPATIENT_REPEAT,
        spell=spell,
        held_date=held_date,
        panel=FULL_PANEL,
        outcome=ReviewOutcome.SAFE_AND_APPROPRIATELY_PLACED,
        today=TODAY,
        **YES_TO_KEY_QUESTIONS,
    )


def test_e1_post_admission_ctr_due_after_28_days_and_overdue_the_day_after(spell):
    recompute_schedule(person_id=spell.person_id, today=TODAY)
    item = ScheduledItem.objects.get(person=spell.person, rule_id="R3")
    assert item.due_date == dt.date(2026, 3, 30)
    assert item.status == ScheduledItemStatus.DUE
    assert list(ScheduledItem.objects.overdue(dt.date(2026, 3, 31)).filter(rule_id="R3")) == [item]
    assert not ScheduledItem.objects.overdue(dt.date(2026, 3, 30)).filter(rule_id="R3").exists()
    assert ScheduledItem.objects.due_soon(dt.date(2026, 3, 16), days=14).filter(pk=item.pk).exists()
    assert (
        not ScheduledItem.objects.due_soon(dt.date(2026, 3, 15), days=14)
        .filter(pk=item.pk)
        .exists()
    )


def test_recompute_twice_changes_nothing(spell, commissioner):
    _held_review(spell.person, commissioner, spell, dt.date(2026, 3, 20))
    first = recompute_schedule(person_id=spell.person_id, today=TODAY)
    rows = _rows(spell.person)
    second = recompute_schedule(person_id=spell.person_id, today=TODAY)
    assert _rows(spell.person) == rows
    assert second.inserted == second.updated == second.cancelled == 0
    assert second.unchanged == len(rows) == first.inserted + first.unchanged + first.updated


def test_held_review_completes_the_post_admission_item_and_anchors_the_repeat(spell, commissioner):
    review = _held_review(spell.person, commissioner, spell, dt.date(2026, 3, 20))
    recompute_schedule(person_id=spell.person_id, today=TODAY)
    post_admission = ScheduledItem.objects.get(person=spell.person, rule_id="R3")
    assert post_admission.status == ScheduledItemStatus.COMPLETED
    assert post_admission.satisfied_on == dt.date(2026, 3, 20)
    assert post_admission.satisfied_by_review == review
    repeat = ScheduledItem.objects.get(person=spell.person, kind="REPEAT_REVIEW")
    assert (repeat.rule_id, repeat.anchor_date, repeat.due_date) == (
        "R5",
        dt.date(2026, 3, 20),
        dt.date(2026, 9, 20),
    )
    report = ScheduledItem.objects.get(person=spell.person, rule_id="R10")
    assert (report.source_kind, report.source_id, report.due_date) == (
        "REVIEW",
        review.pk,
        dt.date(2026, 4, 3),
    )


def test_discharge_cancels_due_items(spell, commissioner):
    recompute_schedule(person_id=spell.person_id, today=TODAY)
    due_before = set(
        ScheduledItem.objects.filter(person=spell.person, spell__isnull=False)
        .outstanding()
        .values_list("rule_id", flat=True)
    )
    assert {"R3", "R8", "R12"} <= due_before
    discharge_on = dt.date(2026, 3, 20)
    WardStay.objects.filter(spell=spell).update(end_date=discharge_on)
    spell.discharge_date = discharge_on
    spell.discharge_destination = DischargeDestination.SUPPORTED_LIVING
    spell.save()
    result = recompute_schedule(person_id=spell.person_id, today=TODAY)
    assert result.updated >= len(due_before)
    for rule_id in due_before:
        item = ScheduledItem.objects.get(person=spell.person, rule_id=rule_id)
        assert item.status == ScheduledItemStatus.CANCELLED
        assert item.cancelled_on == discharge_on
        assert item.cancelled_reason.startswith("Discharged")
    assert not ScheduledItem.objects.filter(person=spell.person, spell__isnull=False).outstanding()


def test_transfer_to_a_secure_ward_changes_r5_to_r6(
    person, non_secure_ward, secure_ward, commissioner
):
    """E5: last CTR 20 Nov 2025; non-secure due 20 May 2026, secure due 20 Nov 2026. The same
    stored row is updated, from the same anchor, with the new rule and due date."""
    spell = HospitalSpellFactory(
        person=person, ward=non_secure_ward, admission_date=dt.date(2025, 10, 1)
    )
    record_review(
        person=person,
        by=commissioner,
        review_type=ReviewType.POST_ADMISSION,
        spell=spell,
        held_date=dt.date(2025, 11, 20),
        panel=FULL_PANEL,
        outcome=ReviewOutcome.SAFE_AND_APPROPRIATELY_PLACED,
        today=TODAY,
        **YES_TO_KEY_QUESTIONS,
    )
    recompute_schedule(person_id=person.pk, today=TODAY)
    before = ScheduledItem.objects.get(person=person, kind="REPEAT_REVIEW", status="DUE")
    assert (before.rule_id, before.due_date) == ("R5", dt.date(2026, 5, 20))
    moved_on = dt.date(2026, 3, 15)
    WardStay.objects.filter(spell=spell).update(end_date=moved_on)
    WardStay.objects.create(
        partnership=person.partnership,
        person=person,
        spell=spell,
        ward=secure_ward,
        start_date=moved_on,
    )
    recompute_schedule(person_id=person.pk, today=TODAY)
    after = ScheduledItem.objects.get(pk=before.pk)
    assert (after.rule_id, after.anchor_date, after.due_date) == (
        "R6",
        dt.date(2025, 11, 20),
        dt.date(2026, 11, 20),
    )
    assert ScheduledItem.objects.filter(person=person, kind="REPEAT_REVIEW").count() == 1


def test_item_the_engine_no_longer_gives_is_cancelled(spell):
    recompute_schedule(person_id=spell.person_id, today=TODAY)
    stray = ScheduledItem.objects.create(
        partnership=spell.partnership,
        person=spell.person,
        rule_id="R1",
        kind="COMMUNITY_REVIEW",
        anchor_date=dt.date(2026, 1, 1),
        due_date=dt.date(2026, 1, 15),
    )
    result = recompute_schedule(person_id=spell.person_id, today=TODAY)
    stray.refresh_from_db()
    assert result.cancelled == 1
    assert (stray.status, stray.cancelled_on, stray.cancelled_reason) == (
        ScheduledItemStatus.CANCELLED,
        TODAY,
        NO_LONGER_DUE,
    )


def test_register_change_signal_recomputes_the_persons_schedule(spell):
    assert not ScheduledItem.objects.filter(person=spell.person).exists()
    person_changed.send(sender=type(spell.person), person_id=spell.person_id)
    assert ScheduledItem.objects.filter(person=spell.person, rule_id="R3").exists()


def test_nightly_task_recomputes_everyone_and_is_idempotent(spell, partnership):
    community = PersonFactory(partnership=partnership)
    recompute_all_schedules_task.delay()
    assert ScheduledItem.objects.filter(person=spell.person).exists()
    assert ScheduledItem.objects.filter(person=community, rule_id="R13").exists()
    rows = _rows(spell.person) + _rows(community)
    recompute_all_schedules_task.delay()
    assert _rows(spell.person) + _rows(community) == rows


def test_recompute_all_for_one_partnership(spell, other_partnership):
    outsider = PersonFactory(partnership=other_partnership)
    recompute_all_schedules(today=TODAY, partnership=spell.partnership)
    assert ScheduledItem.objects.filter(person=spell.person).exists()
    assert not ScheduledItem.objects.filter(person=outsider).exists()


def test_recompute_schedules_command(spell, capsys):
    call_command("recompute_schedules", "--today", "2026-03-31", "--partnership", "TST")
    first = capsys.readouterr().out
    call_command("recompute_schedules", "--today", "2026-03-31", "--person", str(spell.person_id))
    second = capsys.readouterr().out
    assert "4 added" in first
    assert "0 added, 0 updated, 0 cancelled, 4 unchanged" in second


def test_two_actions_of_one_day_are_two_items_named_by_their_action(spell, commissioner):
    from reviews.services import NewAction

    review = record_review(
        person=spell.person, by=commissioner, review_type=ReviewType.POST_ADMISSION,
        spell=spell, held_date=dt.date(2026, 3, 20), panel=FULL_PANEL,
        outcome=ReviewOutcome.SAFE_AND_APPROPRIATELY_PLACED, today=TODAY,
        actions=[NewAction("One", dt.date(2026, 4, 1), owner_user=commissioner),
                 NewAction("Two", dt.date(2026, 5, 1), owner_user=commissioner)],
        **YES_TO_KEY_QUESTIONS,
    )  # fmt: skip
    recompute_schedule(person_id=spell.person_id, today=TODAY)
    items = ScheduledItem.objects.filter(person=spell.person, rule_id="R11").order_by("due_date")
    assert [(i.source_kind, i.source_id, i.due_date) for i in items] == [
        ("ACTION", action.pk, action.due_date) for action in review.actions.order_by("due_date")
    ]


def test_register_ward_move_and_discharge_recompute_through_the_signal(
    person, non_secure_ward, commissioner, django_capture_on_commit_callbacks
):
    """The register's own services announce the change; the schedule follows (real today)."""
    from django.utils import timezone

    from register.models import BedType, SecurityLevel
    from register.services import discharge_spell, move_ward
    from tests.factories import WardFactory

    today = timezone.localdate()
    spell = HospitalSpellFactory(
        person=person, ward=non_secure_ward, admission_date=today - dt.timedelta(days=100)
    )
    review = record_review(
        person=person, by=commissioner, review_type=ReviewType.POST_ADMISSION, spell=spell,
        held_date=today - dt.timedelta(days=80), panel=FULL_PANEL,
        outcome=ReviewOutcome.SAFE_AND_APPROPRIATELY_PLACED, **YES_TO_KEY_QUESTIONS,
    )  # fmt: skip
    recompute_schedule(person_id=person.pk, today=today)
    repeat = ScheduledItem.objects.get(person=person, kind="REPEAT_REVIEW")
    assert repeat.rule_id == "R5"
    secure = WardFactory(site=spell.site, bed_type=BedType.SECURE_LOW,
                         security_level=SecurityLevel.LOW)  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        move_ward(spell=spell, by=commissioner, ward=secure, move_date=today - dt.timedelta(days=5))
    repeat.refresh_from_db()
    assert (repeat.rule_id, repeat.anchor_date) == ("R6", review.held_date)
    with django_capture_on_commit_callbacks(execute=True):
        discharge_spell(spell=spell, by=commissioner, discharge_date=today,
                        destination=DischargeDestination.SUPPORTED_LIVING)  # fmt: skip
    repeat.refresh_from_db()
    assert (repeat.status, repeat.cancelled_on) == (ScheduledItemStatus.CANCELLED, today)
    still_due = ScheduledItem.objects.filter(person=person, spell__isnull=False).outstanding()
    assert list(still_due.values_list("rule_id", flat=True)) == ["R10"]  # the report follows
