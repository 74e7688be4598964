"""Planning, recording, holding, declining and cancelling C(E)TRs (DOMAIN.md 3, issue 5)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from accounts.models import AuditAction, AuditEvent
from reviews.models import (
    CareReview,
    PanelMember,
    PanelRole,
    ReviewOutcome,
    ReviewStatus,
    ReviewType,
    ScheduledItem,
)
from reviews.services import (
    NewAction,
    PanelSeat,
    cancel_review,
    correct_held_review,
    decline_review,
    mark_review_held,
    plan_review,
    record_review,
    update_review,
)
from tests.factories import HospitalSpellFactory, PersonFactory

from .conftest import FULL_PANEL, TODAY, YES_TO_KEY_QUESTIONS

pytestmark = pytest.mark.django_db


def _planned(person, by, spell=None, review_type=ReviewType.POST_ADMISSION, **extra):
    return plan_review(
        person=person,
        by=by,
        review_type=review_type,
        spell=spell,
        offered_date=dt.date(2026, 3, 20),
        today=TODAY,
        **extra,
    )


def _hold(review, by, **overrides):
    values = {
        "held_date": dt.date(2026, 3, 25),
        "panel": FULL_PANEL,
        "outcome": ReviewOutcome.SAFE_AND_APPROPRIATELY_PLACED,
        "today": TODAY,
        **YES_TO_KEY_QUESTIONS,
    }
    values.update(overrides)
    return mark_review_held(review=review, by=by, **values)


def test_plan_review_is_audited_and_recomputes_the_schedule_after_commit(
    spell, commissioner, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        review = _planned(spell.person, commissioner, spell)
    assert review.status == ReviewStatus.PLANNED
    assert review.is_cetr is False
    assert len(callbacks) == 1
    assert ScheduledItem.objects.filter(person=spell.person, rule_id="R3").exists()
    event = AuditEvent.objects.get(action=AuditAction.CREATE, object_type="reviews.CareReview")
    assert event.person_id == spell.person_id


def test_inpatient_review_defaults_to_the_open_spell(spell, commissioner):
    review = plan_review(
        person=spell.person, by=commissioner, review_type=ReviewType.INPATIENT_REPEAT, today=TODAY
    )
    assert review.spell == spell


def test_inpatient_review_needs_a_spell(person, commissioner, nothing_written):
    with nothing_written(), pytest.raises(ValidationError) as error:
        plan_review(
            person=person, by=commissioner, review_type=ReviewType.POST_ADMISSION, today=TODAY
        )
    assert "not in hospital" in error.value.message_dict["review_type"][0]


def test_urgent_review_needs_the_time_of_the_request(person, commissioner, nothing_written):
    with nothing_written(), pytest.raises(ValidationError) as error:
        plan_review(
            person=person, by=commissioner, review_type=ReviewType.URGENT_COMMUNITY, today=TODAY
        )
    assert "requested" in error.value.message_dict["requested_at"][0]


def test_review_of_a_child_is_a_cetr(partnership, commissioner):
    child = PersonFactory(partnership=partnership, date_of_birth=dt.date(2011, 1, 1))
    review = plan_review(
        person=child,
        by=commissioner,
        review_type=ReviewType.COMMUNITY,
        offered_date=dt.date(2026, 3, 1),
        today=TODAY,
    )
    assert review.is_cetr is True


def test_cetr_flag_follows_age_on_the_held_date(partnership, commissioner):
    """Offered at 17, held on the 18th birthday: a CTR, not a CETR."""
    person = PersonFactory(partnership=partnership, date_of_birth=dt.date(2008, 3, 25))
    review = plan_review(
        person=person,
        by=commissioner,
        review_type=ReviewType.COMMUNITY,
        offered_date=dt.date(2026, 3, 20),
        today=TODAY,
    )
    assert review.is_cetr is True
    _hold(review, commissioner, outcome=ReviewOutcome.ADMISSION_AVOIDED)
    review.refresh_from_db()
    assert review.is_cetr is False


def test_held_review_records_panel_outcome_and_actions(spell, commissioner):
    review = _planned(spell.person, commissioner, spell)
    action = NewAction("Find a community provider", dt.date(2026, 5, 1), owner_user=commissioner)
    _hold(
        review,
        commissioner,
        actions=[action],
        person_attended=True,
        family_or_carer_attended=True,
        is_in_right_place=False,
    )
    review.refresh_from_db()
    assert review.status == ReviewStatus.HELD
    assert review.held_date == dt.date(2026, 3, 25)
    assert review.person_attended
    assert review.family_or_carer_attended
    assert not review.advocate_attended
    assert review.is_in_right_place is False
    assert sorted(review.panel.values_list("role", flat=True)) == sorted(
        [PanelRole.CHAIR_COMMISSIONER, PanelRole.CLINICAL_EXPERT, PanelRole.EXPERT_BY_EXPERIENCE]
    )
    assert review.actions.get().recommendation == "Find a community provider"
    update = AuditEvent.objects.get(action=AuditAction.UPDATE, object_type="reviews.CareReview")
    assert update.summary["changed"]["status"] == {"from": "PLANNED", "to": "HELD"}
    assert update.summary["panel_roles"] == sorted(seat.role for seat in FULL_PANEL)


def test_held_review_needs_all_three_panel_roles(spell, commissioner, nothing_written):
    review = _planned(spell.person, commissioner, spell)
    with nothing_written(), pytest.raises(ValidationError) as error:
        _hold(review, commissioner, panel=FULL_PANEL[:1])
    assert error.value.message_dict["panel"] == [
        "Add the clinical expert and the expert by experience before marking the review as held."
    ]
    review.refresh_from_db()
    assert review.status == ReviewStatus.PLANNED


def test_a_panel_needs_a_chair(spell, commissioner, nothing_written):
    review = _planned(spell.person, commissioner, spell)
    with nothing_written(), pytest.raises(ValidationError) as error:
        _hold(review, commissioner, panel=FULL_PANEL[1:])
    assert error.value.message_dict["panel"][0].startswith("A panel needs a chair")


def test_a_panel_has_one_chair(spell, commissioner, nothing_written):
    review = _planned(spell.person, commissioner, spell)
    second_chair = PanelSeat(role=PanelRole.CHAIR_COMMISSIONER, name="Another Chair")
    with nothing_written(), pytest.raises(ValidationError) as error:
        _hold(review, commissioner, panel=(*FULL_PANEL, second_chair))
    assert "one chair" in error.value.message_dict["panel"][0]


def test_held_review_needs_a_held_date(spell, commissioner, nothing_written):
    review = _planned(spell.person, commissioner, spell)
    with nothing_written(), pytest.raises(ValidationError) as error:
        _hold(review, commissioner, held_date=None)
    assert error.value.message_dict["held_date"] == ["Enter the date the review was held."]


def test_held_date_cannot_be_in_the_future(spell, commissioner, nothing_written):
    review = _planned(spell.person, commissioner, spell)
    with nothing_written(), pytest.raises(ValidationError) as error:
        _hold(review, commissioner, held_date=TODAY + dt.timedelta(days=1))
    assert error.value.message_dict["held_date"] == ["The review date cannot be in the future."]


def test_held_date_cannot_precede_the_date_of_birth(person, commissioner, nothing_written):
    review = plan_review(
        person=person, by=commissioner, review_type=ReviewType.COMMUNITY, today=TODAY
    )
    with nothing_written(), pytest.raises(ValidationError) as error:
        _hold(
            review,
            commissioner,
            held_date=dt.date(1989, 12, 31),
            outcome=ReviewOutcome.ADMISSION_AVOIDED,
        )
    assert error.value.message_dict["held_date"] == [
        "The review date must be on or after the person's date of birth."
    ]


def test_post_admission_review_must_fall_inside_its_spell(spell, commissioner, nothing_written):
    review = _planned(spell.person, commissioner, spell)
    with nothing_written(), pytest.raises(ValidationError) as error:
        _hold(review, commissioner, held_date=dt.date(2026, 3, 1))
    assert error.value.message_dict["held_date"] == [
        "The review date must fall inside the hospital stay, between 2 March 2026 and today."
    ]


def test_inpatient_review_after_discharge_is_refused(
    person, commissioner, non_secure_ward, nothing_written
):
    from register.models import DischargeDestination

    spell = HospitalSpellFactory(
        person=person,
        ward=non_secure_ward,
        admission_date=dt.date(2026, 1, 5),
        discharge_date=dt.date(2026, 2, 10),
        discharge_destination=DischargeDestination.FAMILY_HOME,
    )
    with nothing_written(), pytest.raises(ValidationError) as error:
        record_review(
            person=person,
            by=commissioner,
            review_type=ReviewType.INPATIENT_REPEAT,
            spell=spell,
            held_date=dt.date(2026, 2, 20),
            panel=FULL_PANEL,
            outcome=ReviewOutcome.READY_FOR_DISCHARGE,
            today=TODAY,
            **YES_TO_KEY_QUESTIONS,
        )
    assert "between 5 January 2026 and 10 February 2026" in error.value.message_dict["held_date"][0]


def test_outcome_required_once_held(spell, commissioner, nothing_written):
    review = _planned(spell.person, commissioner, spell)
    with nothing_written(), pytest.raises(ValidationError) as error:
        _hold(review, commissioner, outcome="")
    assert error.value.message_dict["outcome"] == ["Choose the outcome of the review."]


def test_outcome_must_suit_the_type_of_review(spell, commissioner, nothing_written):
    review = _planned(spell.person, commissioner, spell)
    with nothing_written(), pytest.raises(ValidationError) as error:
        _hold(review, commissioner, outcome=ReviewOutcome.ADMISSION_AVOIDED)
    assert error.value.message_dict["outcome"][0].startswith("Choose an inpatient outcome")


def test_inpatient_review_answers_the_four_key_questions(spell, commissioner, nothing_written):
    review = _planned(spell.person, commissioner, spell)
    with nothing_written(), pytest.raises(ValidationError) as error:
        _hold(review, commissioner, is_safe=None, could_care_be_in_community=None)
    assert set(error.value.message_dict) == {"is_safe", "could_care_be_in_community"}
    assert error.value.message_dict["is_safe"] == ["Answer the key question: Is the person safe?"]


def test_report_cannot_be_issued_before_the_review(spell, commissioner, nothing_written):
    review = _planned(spell.person, commissioner, spell)
    with nothing_written(), pytest.raises(ValidationError) as error:
        _hold(review, commissioner, report_issued_date=dt.date(2026, 3, 24))
    assert (
        "on or after the date the review was held"
        in error.value.message_dict["report_issued_date"][0]
    )


def test_each_recommendation_needs_an_owner_and_a_due_date(spell, commissioner, nothing_written):
    review = _planned(spell.person, commissioner, spell)
    ownerless = NewAction("Plan discharge", dt.date(2026, 5, 1))
    undated = NewAction("Review medication", None, owner_user=commissioner)
    with nothing_written(), pytest.raises(ValidationError) as error:
        _hold(review, commissioner, actions=[ownerless, undated])
    assert error.value.message_dict["actions"] == [
        "Recommendation 1: Choose who owns the action: an organisation, a named person or both.",
        "Recommendation 2: Enter the date the action is due.",
    ]


def test_action_owner_must_belong_to_the_partnership(
    spell, commissioner, make_member, other_partnership, nothing_written
):
    from accounts.models import Role

    outsider = make_member(Role.COMMISSIONER, other_partnership)
    review = _planned(spell.person, commissioner, spell)
    with nothing_written(), pytest.raises(ValidationError) as error:
        _hold(
            review,
            commissioner,
            actions=[NewAction("Plan discharge", dt.date(2026, 5, 1), owner_user=outsider)],
        )
    assert "must be a user of this partnership" in error.value.message_dict["actions"][0]


def test_a_review_is_held_only_once(spell, commissioner, nothing_written):
    review = _planned(spell.person, commissioner, spell)
    _hold(review, commissioner)
    with nothing_written(), pytest.raises(ValidationError, match="already held"):
        _hold(review, commissioner)
    assert PanelMember.objects.filter(review=review).count() == 3


def test_record_review_writes_a_held_review_in_one_step(person, commissioner):
    review = record_review(
        person=person,
        by=commissioner,
        review_type=ReviewType.URGENT_COMMUNITY,
        requested_at=dt.datetime(2026, 3, 20, 9, 30, tzinfo=dt.UTC),
        held_date=dt.date(2026, 3, 21),
        panel=FULL_PANEL,
        outcome=ReviewOutcome.ADMISSION_AVOIDED,
        advocate_attended=True,
        today=TODAY,
        actions=[NewAction("Crisis plan", dt.date(2026, 4, 1), owner_user=commissioner)],
    )
    assert review.status == ReviewStatus.HELD
    assert review.spell is None
    assert review.is_safe is None  # the key questions belong to inpatient reviews
    assert review.panel.count() == 3
    assert review.actions.count() == 1


def test_refused_record_review_writes_nothing(person, commissioner, nothing_written):
    with nothing_written(), pytest.raises(ValidationError) as error:
        record_review(
            person=person,
            by=commissioner,
            review_type=ReviewType.COMMUNITY,
            held_date=dt.date(2026, 3, 21),
            panel=FULL_PANEL[:2],
            outcome="",
            today=TODAY,
        )
    assert set(error.value.message_dict) == {"panel", "outcome"}


def test_decline_needs_the_offer_date_and_a_reason(person, commissioner, nothing_written):
    review = plan_review(
        person=person, by=commissioner, review_type=ReviewType.COMMUNITY, today=TODAY
    )
    with nothing_written(), pytest.raises(ValidationError) as error:
        decline_review(review=review, by=commissioner, reason="", today=TODAY)
    assert error.value.message_dict["reason"] == ["Enter why the review was declined."]
    with nothing_written(), pytest.raises(ValidationError) as error:
        decline_review(review=review, by=commissioner, reason="Did not want it", today=TODAY)
    assert "offered" in error.value.message_dict["offered_date"][0]


def test_declined_review_keeps_offer_date_and_reason(person, commissioner):
    review = plan_review(
        person=person, by=commissioner, review_type=ReviewType.COMMUNITY, today=TODAY
    )
    decline_review(
        review=review,
        by=commissioner,
        reason="Did not want it",
        offered_date=dt.date(2026, 3, 10),
        today=TODAY,
    )
    review.refresh_from_db()
    assert (review.status, review.offered_date, review.closed_on) == (
        ReviewStatus.DECLINED,
        dt.date(2026, 3, 10),
        TODAY,
    )
    assert review.status_reason == "Did not want it"


def test_cancel_needs_a_reason_and_a_planned_review(spell, commissioner, nothing_written):
    review = _planned(spell.person, commissioner, spell)
    with nothing_written(), pytest.raises(ValidationError):
        cancel_review(review=review, by=commissioner, reason=" ")
    cancel_review(review=review, by=commissioner, reason="Discharged before the date", today=TODAY)
    assert CareReview.objects.get(pk=review.pk).status == ReviewStatus.CANCELLED
    with nothing_written(), pytest.raises(ValidationError, match="already cancelled"):
        _hold(review, commissioner)


def test_update_review_records_report_issue(spell, commissioner, nothing_written):
    review = _planned(spell.person, commissioner, spell)
    _hold(review, commissioner)
    fields = {
        "setting": "",
        "is_in_right_place": True,
        "person_attended": True,
        "family_or_carer_attended": False,
        "advocate_attended": False,
        "today": TODAY,
    }
    with nothing_written(), pytest.raises(ValidationError):
        update_review(
            review=review, by=commissioner, report_issued_date=dt.date(2026, 3, 1), **fields
        )
    update_review(review=review, by=commissioner, report_issued_date=dt.date(2026, 3, 30), **fields)
    review.refresh_from_db()
    assert review.report_issued_date == dt.date(2026, 3, 30)
    assert review.is_in_right_place is True


def _held_once(spell, by):
    return _hold(_planned(spell.person, by, spell=spell), by)


def test_a_held_review_can_be_corrected_and_the_audit_keeps_what_it_said(spell, commissioner):
    review = _held_once(spell, commissioner)
    corrected_panel = (
        *FULL_PANEL[:2],
        PanelSeat(role=PanelRole.CLINICAL_EXPERT, name="Dr Right Person", organisation="Trust"),
    )
    correct_held_review(
        review=review,
        by=commissioner,
        reason="The clinical expert's name was typed wrongly",
        held_date=dt.date(2026, 3, 24),
        panel=corrected_panel,
        outcome=ReviewOutcome.READY_FOR_DISCHARGE,
        today=TODAY,
        **YES_TO_KEY_QUESTIONS,
    )
    review.refresh_from_db()
    assert (review.held_date, review.outcome) == (
        dt.date(2026, 3, 24),
        ReviewOutcome.READY_FOR_DISCHARGE,
    )
    assert sorted(review.panel.values_list("name", flat=True)) == [
        "Chair Person",
        "Dr Right Person",
        "Expert Person",
    ]
    event = AuditEvent.objects.filter(
        action=AuditAction.UPDATE, object_type="reviews.CareReview", object_id=str(review.pk)
    ).latest("pk")
    assert event.summary["correction"] == "The clinical expert's name was typed wrongly"
    assert "Clinical Person" in [seat["name"] for seat in event.summary["panel_before"]]
    assert event.summary["changed"]["held_date"]["from"] == "2026-03-25"


def test_a_correction_needs_a_reason_and_keeps_the_held_rules(spell, commissioner, nothing_written):
    review = _held_once(spell, commissioner)
    with nothing_written(), pytest.raises(ValidationError) as refused:
        correct_held_review(
            review=review,
            by=commissioner,
            reason=" ",
            held_date=TODAY + dt.timedelta(days=1),
            panel=FULL_PANEL[1:],
            outcome=ReviewOutcome.SAFE_AND_APPROPRIATELY_PLACED,
            today=TODAY,
            **YES_TO_KEY_QUESTIONS,
        )
    problems = refused.value.message_dict
    assert problems["reason"] == ["Say why the review is being corrected."]
    assert "held_date" in problems
    assert any("needs a chair" in message for message in problems["panel"])
    review.refresh_from_db()
    assert review.held_date == dt.date(2026, 3, 25)
    assert review.panel.count() == 3


def test_only_a_held_review_can_be_corrected(spell, commissioner, nothing_written):
    review = _planned(spell.person, commissioner, spell=spell)
    with nothing_written(), pytest.raises(ValidationError, match="Only a held review"):
        correct_held_review(
            review=review,
            by=commissioner,
            reason="Typo",
            held_date=dt.date(2026, 3, 24),
            panel=FULL_PANEL,
            outcome=ReviewOutcome.SAFE_AND_APPROPRIATELY_PLACED,
            today=TODAY,
            **YES_TO_KEY_QUESTIONS,
        )
