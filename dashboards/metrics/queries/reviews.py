"""C(E)TR and oversight timeliness (DOMAIN.md 5.3, C1-C7), read from the reviews app: the
stored schedule (ScheduledItem), held reviews (CareReview) and actions with their status history.
Everything is taken as at the period's day, so past months are right as far as the records allow
(the schedule is rebuilt nightly; its due, satisfied and cancelled dates are what is read)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.db.models import Count, Exists, F, OuterRef, Q, Subquery
from django.utils import timezone

from accounts.models import Partnership
from register.models import AdmissionKind, HospitalSpell
from reviews.calendar import CalendarNotCoveredError, add_working_days
from reviews.models import (
    CLOSED_ACTION_STATUSES,
    COMMUNITY_REVIEW_TYPES,
    Action,
    ActionStatusChange,
    CareReview,
    ReviewOutcome,
    ReviewStatus,
    ScheduledItem,
)
from reviews.services import policy_settings

from ..periods import Period, add_months, month_end, years_before
from ..sql import open_on_q

NO_LIMIT = 2**62  # a LIMIT that never limits: PostgreSQL then runs each EXISTS once per row
# C1: an inpatient is "in date" with no overdue inpatient review: the post-admission review
# (R3, R4) until one is held, then the repeat review (R5, R6, R7).
INPATIENT_REVIEW_RULES = ["R3", "R4", "R5", "R6", "R7"]
VISIT_RULES = ["R8", "R9"]
POST_ADMISSION_RULES = ["R3", "R4"]


def overdue_on(day: date) -> Q:
    """DOMAIN.md 4: overdue on D when D is after the due date and the item was neither satisfied
    (a declined review offered in time also closes it) nor cancelled on or before D."""
    return (
        Q(due_date__lt=day)
        & (Q(satisfied_on__isnull=True) | Q(satisfied_on__gt=day))
        & (Q(cancelled_on__isnull=True) | Q(cancelled_on__gt=day))
    )


def admitted_by_for_working_days(day: date, working_days: int) -> date:
    """The latest admission date from which `working_days` working days have passed by `day`."""
    candidate = day - timedelta(days=working_days)
    try:
        while add_working_days(candidate, working_days) > day:
            candidate -= timedelta(days=1)
        while add_working_days(candidate + timedelta(days=1), working_days) <= day:
            candidate += timedelta(days=1)
    except CalendarNotCoveredError:  # outside the bank-holiday table: weekdays only
        candidate = day - timedelta(days=7 * working_days // 5)
    return candidate


def review_census(partnership: Partnership, period: Period) -> dict[str, int]:
    """C1, C2 and C6 over the spells open on the day, in one aggregate."""
    day = period.as_at
    policy = policy_settings()
    overdue = ScheduledItem.objects.filter(overdue_on(day), person=OuterRef("person"))
    recent = CareReview.objects.filter(
        person=OuterRef("person"),
        status=ReviewStatus.HELD,
        held_date__gt=add_months(day, -6),
        held_date__lte=day,
    )
    child = Q(person__date_of_birth__gt=years_before(day, policy.ADULT_AGE))
    adult_by = day - timedelta(days=policy.ADULT_POST_ADMISSION_DAYS)
    child_by = admitted_by_for_working_days(day, policy.CETR_POST_ADMISSION_WD)
    settled = (~child & Q(continuous_stay_start__lte=adult_by)) | (
        child & Q(continuous_stay_start__lte=child_by)
    )
    spells = (
        HospitalSpell.objects.for_partnership(partnership)
        .filter(open_on_q(day))
        .annotate(
            review_overdue=Exists(overdue.filter(rule_id__in=INPATIENT_REVIEW_RULES)),
            visit_overdue=Exists(overdue.filter(rule_id__in=VISIT_RULES)),
            reviewed_recently=Exists(recent),
        )
    )
    return spells[:NO_LIMIT].aggregate(
        open=Count("pk"),
        settled=Count("pk", filter=settled),
        review_in_date=Count("pk", filter=settled & Q(review_overdue=False)),
        not_reviewed_6m=Count("pk", filter=Q(reviewed_recently=False)),
        visit_in_date=Count("pk", filter=Q(visit_overdue=False)),
    )


def post_admission_reviews(partnership: Partnership, period: Period) -> dict[str, int]:
    """C3 (E1): post-admission items (R3, R4) due in the month whose due date has passed by the
    period's day, and those satisfied on or before it (declined-but-offered ones counted apart)."""
    # Month-end counts are taken at the end of the last day, so an item due that day is judged.
    last_due = period.as_at if period.is_complete else period.as_at - timedelta(days=1)
    due = (
        ScheduledItem.objects.for_partnership(partnership)
        .filter(rule_id__in=POST_ADMISSION_RULES, due_date__gte=period.start)
        .filter(due_date__lte=last_due)
        .exclude(cancelled_on__lte=period.as_at)
    )
    on_time = Q(satisfied_on__isnull=False, satisfied_on__lte=F("due_date"))
    return due.aggregate(
        due=Count("pk"),
        on_time=Count("pk", filter=on_time),
        declined=Count("pk", filter=on_time & Q(is_declined=True)),
    )


def admissions_with_prior_review(partnership: Partnership, period: Period) -> dict[str, int]:
    """C4 (E19): new admissions in the month (not transfers) with a community or urgent review
    held in the PRE_ADMISSION_LOOKBACK_DAYS before admission, the admission day included."""
    lookback = timedelta(days=policy_settings().PRE_ADMISSION_LOOKBACK_DAYS)
    prior = CareReview.objects.filter(
        person=OuterRef("person"),
        status=ReviewStatus.HELD,
        review_type__in=list(COMMUNITY_REVIEW_TYPES),
        held_date__lte=OuterRef("admission_date"),
        held_date__gte=OuterRef("admission_date") - lookback,
    )
    admissions = (
        HospitalSpell.objects.for_partnership(partnership)
        .filter(admission_date__gte=period.start, admission_date__lte=period.as_at)
        .exclude(admission_kind=AdmissionKind.TRANSFER)
        .annotate(had_review=Exists(prior))
    )
    return admissions[:NO_LIMIT].aggregate(
        admissions=Count("pk"), with_review=Count("pk", filter=Q(had_review=True))
    )


def community_review_outcomes(
    partnership: Partnership, month: date, *, followup_days: int
) -> dict[str, int]:
    """C5: community reviews held in `month` (a month whose follow-up has passed), and those that
    avoided admission: outcome ADMISSION_AVOIDED and no admission within the follow-up."""
    admitted = HospitalSpell.objects.filter(
        person=OuterRef("person"),
        admission_date__gte=OuterRef("held_date"),
        admission_date__lte=OuterRef("held_date") + timedelta(days=followup_days),
    )
    reviews = (
        CareReview.objects.for_partnership(partnership)
        .filter(status=ReviewStatus.HELD, review_type__in=list(COMMUNITY_REVIEW_TYPES))
        .filter(held_date__gte=month, held_date__lte=month_end(month))
        .annotate(admitted_after=Exists(admitted))
    )
    avoided = Q(outcome=ReviewOutcome.ADMISSION_AVOIDED, admitted_after=False)
    return reviews[:NO_LIMIT].aggregate(held=Count("pk"), avoided=Count("pk", filter=avoided))


def review_actions(partnership: Partnership, period: Period) -> dict[str, int]:
    """C7: actions open at the end of the day (their status then, from the status history, not
    DONE or CANCELLED), and those of them past their due date."""
    day = period.as_at
    end_of_day = timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))
    status_then = ActionStatusChange.objects.filter(
        action=OuterRef("pk"), changed_at__lt=end_of_day
    ).order_by("-changed_at", "-pk")
    open_then = (
        Action.objects.for_partnership(partnership)
        .filter(created_at__lt=end_of_day)
        .annotate(status_then=Subquery(status_then.values("status")[:1]))
        .filter(Q(status_then__isnull=True) | ~Q(status_then__in=list(CLOSED_ACTION_STATUSES)))
    )
    return open_then[:NO_LIMIT].aggregate(
        open=Count("pk"), overdue=Count("pk", filter=Q(due_date__lt=day))
    )
