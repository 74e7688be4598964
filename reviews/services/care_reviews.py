"""Planning C(E)TRs, declining and cancelling them, and editing their details."""

from __future__ import annotations

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.audit import audit_snapshot, record_event
from accounts.models import AuditAction, User
from register.models import HospitalSpell, Person

from ..models import (
    COMMUNITY_REVIEW_TYPES,
    INPATIENT_REVIEW_TYPES,
    CareReview,
    ReviewSetting,
    ReviewStatus,
    ReviewType,
)
from ._common import date_problem, recompute_after_commit, today_or
from .schedule import policy_settings


def is_under_18(person: Person, day: date) -> bool:
    """A C(E)TR is a CETR when the person is a child or young person on the review date."""
    return person.age_on(day) < policy_settings().ADULT_AGE


def plan_problems(
    *,
    person: Person,
    review_type: str,
    spell: HospitalSpell | None,
    requested_at: datetime | None,
    offered_date: date | None,
    today: date,
) -> dict[str, str]:
    problems: dict[str, str] = {}
    if review_type not in ReviewType.values:
        problems["review_type"] = "Choose the type of review."
    if person.date_of_death and (offered_date is None or offered_date > person.date_of_death):
        problems["person"] = "This person has died: a review can no longer be planned."
    if review_type in INPATIENT_REVIEW_TYPES and spell is None:
        problems["review_type"] = (
            "This person is not in hospital: choose a community or urgent community review."
        )
    if spell is not None and spell.person_id != person.pk:
        problems["spell"] = "Choose a hospital stay of this person."
    if review_type == ReviewType.URGENT_COMMUNITY:
        if requested_at is None:
            problems["requested_at"] = "Enter the date and time the urgent review was requested."
        elif timezone.localdate(requested_at) > today:
            problems["requested_at"] = "The time of the request cannot be in the future."
        elif timezone.localdate(requested_at) < person.date_of_birth:
            problems["requested_at"] = "The request must be after the person's date of birth."
    if offered_date is not None and offered_date < person.date_of_birth:
        problems["offered_date"] = "The date offered must be on or after the date of birth."
    return problems


def spell_for(
    person: Person, review_type: str, spell: HospitalSpell | None
) -> HospitalSpell | None:
    """Community reviews have no spell; an inpatient review defaults to the open spell."""
    if review_type in COMMUNITY_REVIEW_TYPES:
        return None
    if spell is not None:
        return spell
    return HospitalSpell.objects.filter(person=person, discharge_date__isnull=True).first()


def plan_review(
    *,
    person: Person,
    by: User,
    review_type: str,
    spell: HospitalSpell | None = None,
    offered_date: date | None = None,
    requested_at: datetime | None = None,
    setting: str = "",
    today: date | None = None,
) -> CareReview:
    """Record that a C(E)TR is planned. Urgent reviews (R2) need the time they were requested."""
    today = today_or(today)
    spell = spell_for(person, review_type, spell)
    problems = plan_problems(
        person=person,
        review_type=review_type,
        spell=spell,
        requested_at=requested_at,
        offered_date=offered_date,
        today=today,
    )
    if problems:
        raise ValidationError(problems)
    with transaction.atomic():
        review = CareReview.objects.create(
            partnership_id=person.partnership_id,
            person=person,
            spell=spell,
            review_type=review_type,
            is_cetr=is_under_18(person, offered_date or today),
            requested_at=requested_at if review_type == ReviewType.URGENT_COMMUNITY else None,
            offered_date=offered_date,
            setting=setting,
            created_by=by,
        )
        record_event(actor=by, action=AuditAction.CREATE, target=review)
        recompute_after_commit(person.pk)
    return review


def _close(
    *,
    review: CareReview,
    by: User,
    status: ReviewStatus,
    reason: str,
    offered_date: date | None,
    today: date,
) -> CareReview:
    with transaction.atomic():
        review = CareReview.objects.select_for_update().get(pk=review.pk)
        if review.status != ReviewStatus.PLANNED:
            raise ValidationError(
                f"This review is already {review.get_status_display().lower()}: "
                f"only a planned review can be {status.label.lower()}."
            )
        if status == ReviewStatus.DECLINED and (offered_date or review.offered_date) is None:
            raise ValidationError(
                {"offered_date": "Enter the date the review was offered to the person."}
            )
        before = audit_snapshot(review)
        review.status = status
        review.status_reason = reason.strip()
        review.closed_on = today
        if offered_date is not None:
            review.offered_date = offered_date
        review.save(
            update_fields=["status", "status_reason", "closed_on", "offered_date", "updated_at"]
        )
        record_event(actor=by, action=AuditAction.UPDATE, target=review, before=before)
        recompute_after_commit(review.person_id)
    return review


def decline_review(
    *,
    review: CareReview,
    by: User,
    reason: str,
    offered_date: date | None = None,
    today: date | None = None,
) -> CareReview:
    """The person declined the review. It counts as compliant if it was offered on or before
    the due date, but is reported separately (DOMAIN.md 4), so the offer date is required."""
    today = today_or(today)
    problems = {}
    if not reason.strip():
        problems["reason"] = "Enter why the review was declined."
    if offered_date is not None:
        problem = date_problem(
            person=review.person, day=offered_date, today=today, what="date offered"
        )
        if problem:
            problems["offered_date"] = problem
    if problems:
        raise ValidationError(problems)
    return _close(
        review=review,
        by=by,
        status=ReviewStatus.DECLINED,
        reason=reason,
        offered_date=offered_date,
        today=today,
    )


def cancel_review(
    *, review: CareReview, by: User, reason: str, today: date | None = None
) -> CareReview:
    """A planned review that will not happen (for example, the person was discharged)."""
    if not reason.strip():
        raise ValidationError({"reason": "Enter why the review was cancelled."})
    return _close(
        review=review,
        by=by,
        status=ReviewStatus.CANCELLED,
        reason=reason,
        offered_date=None,
        today=today_or(today),
    )


def update_review(
    *,
    review: CareReview,
    by: User,
    report_issued_date: date | None,
    setting: str,
    is_in_right_place: bool | None,
    person_attended: bool,
    family_or_carer_attended: bool,
    advocate_attended: bool,
    today: date | None = None,
) -> CareReview:
    """Edit the details of a review that do not change its status (rule R10 reads the report
    issue date, so the schedule is recomputed)."""
    today = today_or(today)
    if setting and setting not in ReviewSetting.values:
        raise ValidationError({"setting": "Choose where the review took place."})
    with transaction.atomic():
        review = CareReview.objects.select_for_update().get(pk=review.pk)
        if report_issued_date is not None:
            if review.held_date is None:
                raise ValidationError(
                    {"report_issued_date": "A report is issued only after the review is held."}
                )
            if report_issued_date < review.held_date:
                raise ValidationError(
                    {
                        "report_issued_date": "The report issue date must be on or after the "
                        "date the review was held."
                    }
                )
            if report_issued_date > today:
                raise ValidationError(
                    {"report_issued_date": "The report issue date cannot be in the future."}
                )
        before = audit_snapshot(review)
        review.report_issued_date = report_issued_date
        review.setting = setting
        review.is_in_right_place = is_in_right_place
        review.person_attended = person_attended
        review.family_or_carer_attended = family_or_carer_attended
        review.advocate_attended = advocate_attended
        review.save()
        record_event(actor=by, action=AuditAction.UPDATE, target=review, before=before)
        recompute_after_commit(review.person_id)
    return review


__all__ = ["cancel_review", "decline_review", "plan_review", "update_review"]
