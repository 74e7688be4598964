"""What every register service shares: collecting errors, auditing, the after-commit signal, and
turning a database constraint that a race slipped past into a plain-English ValidationError."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date
from functools import partial
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from accounts.audit import audit_snapshot, record_event
from accounts.models import AuditAction, User

from ..models import Person
from ..signals import person_changed


def today() -> date:
    return timezone.localdate()


def long_date(day: date) -> str:
    """NHS style: 5 March 2026."""
    return f"{day.day} {day:%B %Y}"


class Errors:
    """Collects every field problem so the user sees them all at once, then raises once."""

    def __init__(self) -> None:
        self.by_field: dict[str, list[str]] = {}

    def add(self, field: str, message: str) -> None:
        self.by_field.setdefault(field, []).append(message)

    def __bool__(self) -> bool:
        return bool(self.by_field)

    def raise_if_any(self) -> None:
        if self.by_field:
            raise ValidationError(self.by_field)


def check_date(
    errors: Errors,
    field: str,
    day: date | None,
    label: str,
    *,
    required: bool = True,
    not_future: bool = True,
    not_before: tuple[date, str] | None = None,
) -> None:
    """The date rules most forms share: present, not in the future, not before another date."""
    if day is None:
        if required:
            errors.add(field, f"Enter the {label}")
        return
    if not_future and day > today():
        errors.add(field, f"{label.capitalize()} must be today or in the past")
    elif not_before and day < not_before[0]:
        errors.add(field, f"{label.capitalize()} must be on or after {not_before[1]}")


def audit_create(by: User | None, obj: models.Model, **summary: Any) -> None:
    extra = {"created": audit_snapshot(obj)} | summary if summary else None
    record_event(actor=by, action=AuditAction.CREATE, target=obj, summary=extra)


def audit_update(by: User | None, obj: models.Model, before: dict[str, Any]) -> None:
    record_event(actor=by, action=AuditAction.UPDATE, target=obj, before=before)


# Inside `announcing_once_per_person()` (a bulk job such as an import): the people changed so far.
_batched_people: ContextVar[dict[int, None] | None] = ContextVar("batched_people", default=None)


def announce_change(person_id: int) -> None:
    """Tell higher apps (reviews) once the change is committed; a rollback sends nothing."""
    batched = _batched_people.get()
    if batched is not None:
        batched[person_id] = None
        return
    transaction.on_commit(
        partial(person_changed.send, sender=Person, person_id=person_id), robust=True
    )


@contextmanager
def announcing_once_per_person() -> Iterator[None]:
    """For a job that calls many services for the same people (an import replays each person's
    whole history): each changed person is announced once, after commit, instead of once per
    change. Use it inside the job's transaction; a rollback still sends nothing."""
    batched: dict[int, None] = {}
    token = _batched_people.set(batched)
    try:
        yield
    finally:
        _batched_people.reset(token)
    for person_id in batched:
        transaction.on_commit(
            partial(person_changed.send, sender=Person, person_id=person_id), robust=True
        )


def constraint_name(error: IntegrityError) -> str:
    diag = getattr(error.__cause__, "diag", None)
    return getattr(diag, "constraint_name", "") or ""


@contextmanager
def constraint_messages(messages: Mapping[str, dict[str, str] | str]) -> Iterator[None]:
    """Translate the named constraints a concurrent request can violate after our checks passed.

    Wrap the whole `transaction.atomic()` block, so the failed write is rolled back (with its audit
    row) before the user reads the message. Constraints not listed are programming errors and
    propagate unchanged.
    """
    try:
        yield
    except IntegrityError as error:
        name = constraint_name(error)
        if name in messages:
            raise ValidationError(messages[name]) from error
        raise


def refuse_if_before(field: str, label: str, day: date, floor: date, what: str) -> None:
    """Refuse `day` before `floor`: "<label> must be on or after <what> (<floor>)"."""
    if day < floor:
        raise ValidationError({field: f"{label} must be on or after {what} ({long_date(floor)})"})
