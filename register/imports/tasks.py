"""Celery tasks for imports: thin, by id, safe to run twice (the services claim the import)."""

from __future__ import annotations

from celery import shared_task
from django.db import OperationalError
from redis.exceptions import RedisError

from .services import check_import, commit_import

RETRY_ON = (OperationalError, RedisError)  # transient: the database or the broker blinked


@shared_task(acks_late=True, autoretry_for=RETRY_ON, retry_backoff=True, max_retries=3)
def check_import_task(import_id: int) -> None:
    check_import(import_id=import_id)


@shared_task(acks_late=True, autoretry_for=RETRY_ON, retry_backoff=True, max_retries=3)
def commit_import_task(import_id: int) -> None:
    commit_import(import_id=import_id)
