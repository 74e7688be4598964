"""Reactions to the register's announcements (the register never imports reviews)."""

from __future__ import annotations

from typing import Any

from .tasks import recompute_schedule_task


def recompute_on_person_change(sender: Any, *, person_id: int, **kwargs: Any) -> None:
    """An admission, ward move, discharge, rating or contact changes what is due (DOMAIN.md 4).
    The register sends the signal after its transaction commits."""
    recompute_schedule_task.delay(person_id=person_id)
