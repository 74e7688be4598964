"""Display logic for account pages, the audit export and API tokens on the profile page."""

import json
from typing import Any

from django.conf import settings
from django.utils import timezone

from .models import ApiToken, AuditEvent

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


DATE_TIME = "%d %b %Y %H:%M"


class ApiTokenPresenter:
    def __init__(self, token: ApiToken) -> None:
        self.public_id = token.public_id
        self.name = token.name
        self.starts_with = f"{token.token_key}…"
        self.partnership = token.partnership.name
        self.created = timezone.localtime(token.created).strftime(DATE_TIME)
        self.expires = timezone.localtime(token.expiry).strftime("%d %b %Y") if token.expiry else ""
        self.last_used = (
            timezone.localtime(token.last_used_at).strftime(DATE_TIME)
            if token.last_used_at
            else "Never"
        )
