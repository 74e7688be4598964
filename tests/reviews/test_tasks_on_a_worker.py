"""Each reviews task once through a real Celery worker on Redis (the rest run eagerly)."""

import time

import pytest
from django.core import mail
from django.utils import timezone

from accounts.models import Role
from reviews.models import ScheduledItem
from reviews.services import recompute_schedule
from reviews.tasks import (
    recompute_all_schedules_task,
    recompute_schedule_task,
    send_coordinator_digests_task,
)
from tests.factories import CoordinatorAssignmentFactory, HospitalSpellFactory, PersonFactory


@pytest.fixture
def celery_worker(redis_available):
    """A real worker thread on the Redis broker; tests using it need transaction=True."""
    from celery.contrib.testing.worker import start_worker

    from tcp.celery import app

    app.conf.task_always_eager = False
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
            yield app
    finally:
        app.conf.task_always_eager = True


def _wait_for(condition, seconds=10.0):
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.05)
    return condition()


@pytest.mark.django_db(transaction=True)
def test_schedule_tasks_run_on_a_worker(celery_worker, partnership):
    spell = HospitalSpellFactory(person=PersonFactory(partnership=partnership))
    other = PersonFactory(partnership=partnership)
    recompute_schedule_task.delay(person_id=spell.person_id)
    assert _wait_for(lambda: ScheduledItem.objects.filter(person=spell.person).exists())
    recompute_all_schedules_task.delay()
    assert _wait_for(lambda: ScheduledItem.objects.filter(person=other).exists())


@pytest.mark.django_db(transaction=True)
def test_digest_task_runs_on_a_worker(celery_worker, partnership, make_member):
    coordinator = make_member(Role.CARE_COORDINATOR, partnership)
    spell = HospitalSpellFactory(person=PersonFactory(partnership=partnership))
    CoordinatorAssignmentFactory(person=spell.person, user=coordinator, external_name="")
    recompute_schedule(person_id=spell.person_id, today=timezone.localdate())
    send_coordinator_digests_task.delay()
    assert _wait_for(lambda: len(mail.outbox) == 1)
    assert mail.outbox[0].to == [coordinator.email]
