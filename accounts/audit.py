"""Writing the audit trail. Services call record_event inside their transaction; views call
record_read for detail pages, exports and downloads. Nothing in the product reads the trail back
except the audit viewer for partnership administrators."""

from __future__ import annotations

import contextvars
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db import models
from django.http import HttpRequest

from .models import AuditAction, AuditEvent, Partnership, User


@dataclass(frozen=True)
class RequestContext:
    request_id: str = ""
    ip_address: str | None = None


_request_context: contextvars.ContextVar[RequestContext] = contextvars.ContextVar(
    "audit_request_context", default=RequestContext()  # noqa: B039 - a frozen dataclass
)


def bind_request(request: HttpRequest) -> contextvars.Token[RequestContext]:
    """Called by the request-id middleware so that services need no request to audit."""
    ip = request.META.get("REMOTE_ADDR") or None
    return _request_context.set(RequestContext(getattr(request, "request_id", ""), ip))


def unbind_request(token: contextvars.Token[RequestContext]) -> None:
    _request_context.reset(token)


# Free-text fields never enter the trail (DOMAIN.md 9: no clinical free text in summaries).
FREE_TEXT_FIELD_TYPES = (models.TextField,)


def audit_snapshot(instance: models.Model) -> dict[str, Any]:
    """The auditable field values of a row, to compare before and after a change."""
    values: dict[str, Any] = {}
    for field in instance._meta.concrete_fields:
        if field.name in {"created_at", "updated_at"}:
            continue
        if isinstance(field, FREE_TEXT_FIELD_TYPES):
            values[field.name] = "(text)" if getattr(instance, field.attname) else ""
            continue
        values[field.name] = _plain(getattr(instance, field.attname))
    return values


def changed_fields(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    return {
        name: {"from": before.get(name), "to": value}
        for name, value in after.items()
        if before.get(name) != value
    }


def _plain(value: Any) -> Any:
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def record_event(
    *,
    actor: User | None,
    action: AuditAction | str,
    target: models.Model | None = None,
    partnership: Partnership | int | None = None,
    person_id: int | None = None,
    summary: dict[str, Any] | None = None,
    before: dict[str, Any] | None = None,
    object_type: str = "",
    object_id: str = "",
) -> AuditEvent:
    """Append one audit row. Call it inside the same transaction as the write it describes."""
    context = _request_context.get()
    if summary is None and before is not None and target is not None:
        summary = {"changed": changed_fields(before, audit_snapshot(target))}
    elif summary is None and target is not None and action == AuditAction.CREATE:
        summary = {"created": audit_snapshot(target)}
    if partnership is None and target is not None:
        partnership = getattr(target, "partnership_id", None)
    if person_id is None and target is not None:
        person_id = _person_id_of(target)
    membership = actor.active_membership if actor and actor.is_authenticated else None
    if partnership is None and membership is not None:
        partnership = membership.partnership_id
    return AuditEvent.objects.create(
        user=actor if actor and actor.pk else None,
        user_email=actor.email if actor and actor.pk else "",
        role=membership.role if membership else "",
        partnership_id=partnership.pk if isinstance(partnership, Partnership) else partnership,
        action=str(action),
        object_type=object_type or (target._meta.label if target is not None else ""),
        object_id=object_id or (str(target.pk) if target is not None else ""),
        person_id=person_id,
        summary=summary or {},
        ip_address=context.ip_address,
        request_id=context.request_id,
    )


def record_read(
    request: HttpRequest,
    target: models.Model,
    *,
    action: AuditAction = AuditAction.VIEW,
    summary: dict[str, Any] | None = None,
) -> AuditEvent:
    """Audit a read of a named record, an export or a download (called by views and APIs)."""
    return record_event(actor=request.user, action=action, target=target, summary=summary)  # type: ignore[arg-type]


def record_list(
    request: HttpRequest, *, object_type: str, ids: Iterable[int], action: AuditAction
) -> AuditEvent:
    """Lists and exports record the ids they showed (DOMAIN.md 9)."""
    user = request.user
    membership = user.active_membership if user.is_authenticated else None  # type: ignore[union-attr]
    return record_event(
        actor=user,  # type: ignore[arg-type]
        action=action,
        partnership=membership.partnership_id if membership else None,
        object_type=object_type,
        summary={"ids": list(ids)},
    )


def _person_id_of(target: models.Model) -> int | None:
    if target._meta.model_name == "person":
        return target.pk  # type: ignore[return-value]
    return getattr(target, "person_id", None)
