from datetime import date, datetime, time

from django.db.models import QuerySet
from django.utils import timezone

from .models import AuditEvent


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
