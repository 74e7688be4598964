"""Celery tasks of the reviews app: thin, by id, safe to replay."""

from __future__ import annotations

from celery import shared_task
from django.db import OperationalError
from django.utils import timezone
from redis.exceptions import RedisError

from .services import recompute_all_schedules, recompute_schedule, send_coordinator_digests

RETRY_ON = (OperationalError, RedisError)  # transient: the database or the broker blinked


@shared_task(acks_late=True, autoretry_for=RETRY_ON, retry_backoff=True, max_retries=5)
def recompute_schedule_task(person_id: int) -> None:
    recompute_schedule(person_id=person_id, today=timezone.localdate())


@shared_task(acks_late=True, autoretry_for=RETRY_ON, retry_backoff=True, max_retries=5)
def recompute_all_schedules_task() -> None:
    """Nightly safety net: any schedule a missed signal left behind is brought up to date."""
    recompute_all_schedules(today=timezone.localdate())


@shared_task(acks_late=True, autoretry_for=RETRY_ON, retry_backoff=True, max_retries=5)
def send_coordinator_digests_task() -> None:
    """Daily: one digest per coordinator per day (a replay finds today's digests already sent)."""
    send_coordinator_digests(today=timezone.localdate())
