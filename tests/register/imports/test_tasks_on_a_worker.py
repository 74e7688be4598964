"""The check and the commit as Celery tasks on a real worker (Redis broker): queued after the
upload's transaction commits, taking only the import's id, and harmless when delivered twice."""

import time

import pytest

from register.imports import services
from register.imports.tasks import check_import_task, commit_import_task
from register.models import ImportKind, ImportRecord, ImportStatus, Person

from .conftest import PEOPLE_HEADER, csv_bytes, person_row, upload

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def worker(redis_available):
    from celery.contrib.testing.worker import start_worker

    from tcp.celery import app

    app.conf.task_always_eager = False
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
            yield app
    finally:
        app.conf.task_always_eager = True


def wait_for(record, status, seconds=20.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        record.refresh_from_db()
        if record.status == status:
            return record
        time.sleep(0.05)
    raise AssertionError(f"import {record.pk} is {record.status}, not {status}")


def test_a_file_is_checked_and_imported_by_the_worker(worker, partnership, importer):
    rows = [PEOPLE_HEADER] + [
        person_row(**{"NHS number": number, "Given name": name, "Family name": name})
        for number, name in (("943 476 5919", "Ada"), ("401 023 2137", "Ben"))
    ]
    record = services.start_import(
        partnership=partnership,
        by=importer,
        kind=ImportKind.PEOPLE,
        upload=upload(csv_bytes(rows)),
    )
    services.save_mapping(record=record, by=importer, mapping=record.mapping)
    record = wait_for(record, ImportStatus.READY)
    assert not Person.objects.exists()

    check_import_task.delay(import_id=record.pk)  # delivered again: nothing changes
    services.request_commit(record=record, by=importer)
    record = wait_for(record, ImportStatus.COMMITTED)
    assert Person.objects.filter(partnership=partnership).count() == 2

    commit_import_task.delay(import_id=record.pk)  # a replay finds it done
    check_import_task.delay(import_id=record.pk)
    time.sleep(1)
    assert Person.objects.count() == 2
    assert ImportRecord.objects.get().status == ImportStatus.COMMITTED
