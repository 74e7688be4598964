from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Max, QuerySet, Sum
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import AuditEvent, Membership


def filtered_audit_events(
    events: QuerySet[AuditEvent],
    *,
    user_email: str = "",
    person_id: int | None = None,
    action: str = "",
    date_from: date | None = None,
    date_to: date | None = None,
) -> QuerySet[AuditEvent]:
    if user_email:
        events = events.filter(user_email__iexact=user_email.strip())
    if person_id:
        events = events.filter(person_id=person_id)
    if action:
        events = events.filter(action=action)
    if date_from:
        events = events.filter(at__gte=timezone.make_aware(datetime.combine(date_from, time.min)))
    if date_to:
        events = events.filter(at__lte=timezone.make_aware(datetime.combine(date_to, time.max)))
    return events


@dataclass(frozen=True)
class MemberSecurity:
    user_id: int
    email: str
    full_name: str
    role: str
    has_two_factor: bool
    locked_until: datetime | None


def locked_accounts(emails: Iterable[str], *, now: datetime | None = None) -> dict[str, datetime]:
    """Accounts django-axes is refusing now, with when the refusal ends.

    Mirrors axes' own rule for AXES_LOCKOUT_PARAMETERS = ["username"]: the failures recorded for
    the address within the cool-off, summed over every address and browser they came from.
    """
    now = now or timezone.now()
    cool_off: timedelta = settings.AXES_COOLOFF_TIME
    rows = (
        AccessAttempt.objects.filter(username__in=list(emails), attempt_time__gte=now - cool_off)
        .values("username")
        .annotate(failures=Sum("failures_since_start"), last_failure=Max("attempt_time"))
        .filter(failures__gte=settings.AXES_FAILURE_LIMIT)
    )
    return {row["username"]: timezone.localtime(row["last_failure"] + cool_off) for row in rows}


def partnership_members(memberships: QuerySet[Membership]) -> list[MemberSecurity]:
    """Members of one partnership with their two-factor and lockout state, in three queries."""
    rows = list(memberships.select_related("user").order_by("user__email"))
    user_ids = [row.user_id for row in rows]
    with_two_factor = set(
        TOTPDevice.objects.filter(user_id__in=user_ids, confirmed=True).values_list(
            "user_id", flat=True
        )
    )
    locked = locked_accounts(row.user.email for row in rows)
    return [
        MemberSecurity(
            user_id=row.user_id,
            email=row.user.email,
            full_name=row.user.full_name,
            role=row.get_role_display(),
            has_two_factor=row.user_id in with_two_factor,
            locked_until=locked.get(row.user.email),
        )
        for row in rows
    ]


def recent_views_of_person(
    *, partnership_id: int, person_id: int, limit: int = 10
) -> list[AuditEvent]:
    """Who has opened a person's record, newest first: for commissioners to spot access that
    does not look right (DOMAIN.md 9). One query, read from the append-only trail."""
    events = list(
        AuditEvent.objects.for_partnership(partnership_id)
        .filter(person_id=person_id, action="view")
        .only("at", "user_email", "role")
        .order_by("-at", "-pk")[:limit]
    )
    for event in events:
        event.at = timezone.localtime(event.at)
    return events
