"""Display logic for account pages and the audit export."""

import json
from typing import Any

from django.conf import settings
from django.utils import timezone

from .models import AuditEvent

AUDIT_CSV_HEADER = (
    "When",
    "User",
    "Role",
    "Action",
    "Record type",
    "Record id",
    "Person record number",
    "IP address",
    "Request id",
    "Details",
)


def audit_csv_row(event: AuditEvent) -> tuple[Any, ...]:
    return (
        timezone.localtime(event.at).isoformat(timespec="seconds"),
        event.user_email,
        event.role,
        event.get_action_display(),
        event.object_type,
        event.object_id,
        event.person_id or "",
        event.ip_address or "",
        event.request_id,
        json.dumps(event.summary, sort_keys=True, ensure_ascii=False) if event.summary else "",
    )


def lockout_minutes() -> int:
    return int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
