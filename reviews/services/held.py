"""Recording a held C(E)TR: panel, outcome, the four key questions and recommendations
(DOMAIN.md section 3), as one step or by marking a planned review held."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from accounts.audit import audit_snapshot, changed_fields, record_event
from accounts.models import AuditAction, User
from register.models import HospitalSpell, Person

from ..models import (
    COMMUNITY_OUTCOMES,
    COMMUNITY_REVIEW_TYPES,
    INPATIENT_OUTCOMES,
    INPATIENT_REVIEW_TYPES,
    KEY_QUESTIONS,
    REQUIRED_PANEL_ROLES,
    CareReview,
    PanelMember,
    PanelRole,
    ReviewStatus,
    ReviewType,
)
from ._common import date_problem, recompute_after_commit, spell_problem, today_or
from .actions import NewAction, action_problems, create_action
from .care_reviews import is_under_18, plan_problems, spell_for


@dataclass(frozen=True)
class PanelSeat:
    role: str
    name: str
    organisation: str = ""
    is_independent_of_provider: bool = True


def _panel_problems(panel: Sequence[PanelSeat]) -> list[str]:
    roles = [seat.role for seat in panel]
    problems = []
    if any(role not in PanelRole.values for role in roles):
        problems.append("Choose a role for every panel member.")
    if any(not seat.name.strip() for seat in panel):
        problems.append("Enter the name of every panel member.")
    if PanelRole.CHAIR_COMMISSIONER not in roles:
        problems.append("A panel needs a chair: add the responsible commissioner as chair.")
    elif roles.count(PanelRole.CHAIR_COMMISSIONER) > 1:
        problems.append("A panel has one chair: choose another role for the others.")
    missing = REQUIRED_PANEL_ROLES - {PanelRole.CHAIR_COMMISSIONER} - set(roles)
    if missing:
        names = " and the ".join(sorted(PanelRole(role).label.lower() for role in missing))
        problems.append(f"Add the {names} before marking the review as held.")
    return problems


def _held_problems(
    *,
    review_type: str,
    person: Person,
    spell: HospitalSpell | None,
    held_date: date | None,
    panel: Sequence[PanelSeat],
    outcome: str,
    answers: dict[str, bool | None],
    report_issued_date: date | None,
    actions: Sequence[NewAction],
    partnership_id: int,
    today: date,
) -> dict[str, Any]:
    problems: dict[str, Any] = {}
    if held_date is None:
        problems["held_date"] = "Enter the date the review was held."
    else:
        problem = date_problem(person=person, day=held_date, today=today, what="review date")
        if problem is None and spell is not None:
            problem = spell_problem(spell=spell, day=held_date, what="review date")
        if problem:
            problems["held_date"] = problem
    panel_problems = _panel_problems(panel)
    if panel_problems:
        problems["panel"] = panel_problems
    if not outcome:
        problems["outcome"] = "Choose the outcome of the review."
    elif review_type in COMMUNITY_REVIEW_TYPES and outcome not in COMMUNITY_OUTCOMES:
        problems["outcome"] = (
            "Choose a community outcome: admission avoided, admission recommended "
            "or already admitted."
        )
    elif review_type in INPATIENT_REVIEW_TYPES and outcome not in INPATIENT_OUTCOMES:
        problems["outcome"] = (
            "Choose an inpatient outcome: safe and appropriately placed, not safe or not "
            "appropriate, or ready for discharge."
        )
    if review_type in INPATIENT_REVIEW_TYPES:
        for field, question in KEY_QUESTIONS:
            if answers.get(field) is None:
                problems[field] = f"Answer the key question: {question}"
    if report_issued_date is not None:
        if held_date is not None and report_issued_date < held_date:
            problems["report_issued_date"] = (
                "The report issue date must be on or after the date the review was held."
            )
        elif report_issued_date > today:
            problems["report_issued_date"] = "The report issue date cannot be in the future."
    action_list = [
        message
        for number, new in enumerate(actions, start=1)
        for message in action_problems(
            new, number=number, not_before=held_date, partnership_id=partnership_id
        )
    ]
    if action_list:
        problems["actions"] = action_list
    return problems


def _write_panel(review: CareReview, panel: Sequence[PanelSeat]) -> None:
    PanelMember.objects.bulk_create(
        PanelMember(
            partnership_id=review.partnership_id,
            person_id=review.person_id,
            review=review,
            role=seat.role,
            name=seat.name.strip(),
            organisation=seat.organisation.strip(),
            is_independent_of_provider=seat.is_independent_of_provider,
        )
        for seat in panel
    )


def _hold(
    *,
    review: CareReview,
    by: User,
    held_date: date,
    panel: Sequence[PanelSeat],
    outcome: str,
    answers: dict[str, bool | None],
    fields: dict[str, Any],
    actions: Sequence[NewAction],
) -> None:
    """Write a held review: status, outcome, panel rows and recommended actions."""
    before = audit_snapshot(review)
    review.status = ReviewStatus.HELD
    review.held_date = held_date
    review.outcome = outcome
    review.is_cetr = is_under_18(review.person, held_date)
    for name, value in {**answers, **fields}.items():
        setattr(review, name, value)
    review.save()
    _write_panel(review, panel)
    record_event(
        actor=by,
        action=AuditAction.UPDATE,
        target=review,
        summary={
            "changed": changed_fields(before, audit_snapshot(review)),
            "panel_roles": sorted(seat.role for seat in panel),
        },
    )
    for new in actions:
        create_action(review=review, by=by, new=new)
    recompute_after_commit(review.person_id)


def _answers(
    review_type: str,
    is_safe: bool | None,
    is_good_care_now: bool | None,
    has_plans_for_future: bool | None,
    could_care_be_in_community: bool | None,
) -> dict[str, bool | None]:
    if review_type in COMMUNITY_REVIEW_TYPES:
        return {field: None for field, _ in KEY_QUESTIONS}
    return {
        "is_safe": is_safe,
        "is_good_care_now": is_good_care_now,
        "has_plans_for_future": has_plans_for_future,
        "could_care_be_in_community": could_care_be_in_community,
    }


def _problems_of(
    review: CareReview,
    held_date: date | None,
    panel: Sequence[PanelSeat],
    outcome: str,
    answers: dict[str, bool | None],
    report_issued_date: date | None,
    actions: Sequence[NewAction],
    today: date,
) -> dict[str, Any]:
    """The held-review rules for a review already on the register (marking held, correcting)."""
    return _held_problems(
        review_type=review.review_type,
        person=review.person,
        spell=review.spell,
        held_date=held_date,
        panel=panel,
        outcome=outcome,
        answers=answers,
        report_issued_date=report_issued_date,
        actions=actions,
        partnership_id=review.partnership_id,
        today=today,
    )


def mark_review_held(
    *,
    review: CareReview,
    by: User,
    held_date: date | None,
    panel: Sequence[PanelSeat],
    outcome: str,
    is_safe: bool | None = None,
    is_good_care_now: bool | None = None,
    has_plans_for_future: bool | None = None,
    could_care_be_in_community: bool | None = None,
    is_in_right_place: bool | None = None,
    person_attended: bool = False,
    family_or_carer_attended: bool = False,
    advocate_attended: bool = False,
    setting: str = "",
    report_issued_date: date | None = None,
    actions: Sequence[NewAction] = (),
    today: date | None = None,
) -> CareReview:
    """A C(E)TR counts as held only with a held date, the chair, the expert by experience and
    the clinical expert, and an outcome; an inpatient review also answers the four key
    questions, on a date inside its hospital stay (DOMAIN.md 3).

    Holding a review moves the anchor of rules R5-R7 and starts R10, so the schedule is
    recomputed after commit.
    """
    today = today_or(today)
    answers = _answers(
        review.review_type,
        is_safe,
        is_good_care_now,
        has_plans_for_future,
        could_care_be_in_community,
    )
    problems = _problems_of(
        review, held_date, panel, outcome, answers, report_issued_date, actions, today
    )
    if problems or held_date is None:
        raise ValidationError(problems)
    with transaction.atomic():
        review = CareReview.objects.select_for_update().select_related("person").get(pk=review.pk)
        if review.status != ReviewStatus.PLANNED:
            raise ValidationError(
                f"This review is already {review.get_status_display().lower()}: "
                "it cannot be marked as held."
            )
        _hold(
            review=review,
            by=by,
            held_date=held_date,
            panel=panel,
            outcome=outcome,
            answers=answers,
            fields={
                "is_in_right_place": is_in_right_place,
                "person_attended": person_attended,
                "family_or_carer_attended": family_or_carer_attended,
                "advocate_attended": advocate_attended,
                "setting": setting or review.setting,
                "report_issued_date": report_issued_date,
            },
            actions=actions,
        )
    return review


def record_review(
    *,
    person: Person,
    by: User,
    review_type: str,
    held_date: date | None,
    panel: Sequence[PanelSeat],
    outcome: str,
    spell: HospitalSpell | None = None,
    requested_at: datetime | None = None,
    offered_date: date | None = None,
    is_safe: bool | None = None,
    is_good_care_now: bool | None = None,
    has_plans_for_future: bool | None = None,
    could_care_be_in_community: bool | None = None,
    is_in_right_place: bool | None = None,
    person_attended: bool = False,
    family_or_carer_attended: bool = False,
    advocate_attended: bool = False,
    setting: str = "",
    report_issued_date: date | None = None,
    actions: Sequence[NewAction] = (),
    today: date | None = None,
) -> CareReview:
    """Record a review that has already been held, with its panel, outcome and actions, in one
    step: the same rules as planning it and then marking it held, all or nothing."""
    today = today_or(today)
    spell = spell_for(person, review_type, spell)
    problems: dict[str, Any] = plan_problems(
        person=person,
        review_type=review_type,
        spell=spell,
        requested_at=requested_at,
        offered_date=offered_date,
        today=today,
    )
    answers = _answers(
        review_type, is_safe, is_good_care_now, has_plans_for_future, could_care_be_in_community
    )
    if "review_type" not in problems:
        held = _held_problems(
            review_type=review_type,
            person=person,
            spell=spell,
            held_date=held_date,
            panel=panel,
            outcome=outcome,
            answers=answers,
            report_issued_date=report_issued_date,
            actions=actions,
            partnership_id=person.partnership_id,
            today=today,
        )
        problems = {**held, **problems}
    if problems or held_date is None:
        raise ValidationError(problems)
    with transaction.atomic():
        review = CareReview.objects.create(
            partnership_id=person.partnership_id,
            person=person,
            spell=spell,
            review_type=review_type,
            is_cetr=is_under_18(person, held_date),
            requested_at=requested_at if review_type == ReviewType.URGENT_COMMUNITY else None,
            offered_date=offered_date,
            setting=setting,
            created_by=by,
        )
        record_event(actor=by, action=AuditAction.CREATE, target=review)
        _hold(
            review=review,
            by=by,
            held_date=held_date,
            panel=panel,
            outcome=outcome,
            answers=answers,
            fields={
                "is_in_right_place": is_in_right_place,
                "person_attended": person_attended,
                "family_or_carer_attended": family_or_carer_attended,
                "advocate_attended": advocate_attended,
                "report_issued_date": report_issued_date,
            },
            actions=actions,
        )
    return review


def panel_rows(review: CareReview) -> list[dict[str, Any]]:
    """The review's panel as plain rows (the correction form starts from them, the audit keeps
    them)."""
    return [
        {
            "role": member.role,
            "name": member.name,
            "organisation": member.organisation,
            "is_independent_of_provider": member.is_independent_of_provider,
        }
        for member in review.panel.order_by("pk")
    ]


def correct_held_review(
    *,
    review: CareReview,
    by: User,
    reason: str,
    held_date: date | None,
    panel: Sequence[PanelSeat],
    outcome: str,
    is_safe: bool | None = None,
    is_good_care_now: bool | None = None,
    has_plans_for_future: bool | None = None,
    could_care_be_in_community: bool | None = None,
    today: date | None = None,
) -> CareReview:
    """Put right a held review's date, panel, outcome or key answers, with the reason. The same
    rules as holding it apply; the audit row keeps what it said before (panel included), so a
    correction never loses what was first recorded."""
    today = today_or(today)
    answers = _answers(
        review.review_type,
        is_safe,
        is_good_care_now,
        has_plans_for_future,
        could_care_be_in_community,
    )
    problems = _problems_of(
        review, held_date, panel, outcome, answers, review.report_issued_date, (), today
    )
    if not reason.strip():
        problems["reason"] = "Say why the review is being corrected."
    if problems or held_date is None:
        raise ValidationError(problems)
    with transaction.atomic():
        review = CareReview.objects.select_for_update().select_related("person").get(pk=review.pk)
        if review.status != ReviewStatus.HELD:
            raise ValidationError(
                "Only a held review can be corrected. Mark this review as held instead."
            )
        before, panel_before = audit_snapshot(review), panel_rows(review)
        review.held_date = held_date
        review.outcome = outcome
        review.is_cetr = is_under_18(review.person, held_date)
        for name, value in answers.items():
            setattr(review, name, value)
        review.save()
        review.panel.all().delete()
        _write_panel(review, panel)
        record_event(
            actor=by,
            action=AuditAction.UPDATE,
            target=review,
            summary={
                "correction": reason.strip(),
                "changed": changed_fields(before, audit_snapshot(review)),
                "panel_before": panel_before,
                "panel_after": panel_rows(review),
            },
        )
        recompute_after_commit(review.person_id)
    return review


__all__ = [
    "PanelSeat",
    "correct_held_review",
    "mark_review_held",
    "panel_rows",
    "record_review",
]
