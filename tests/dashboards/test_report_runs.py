"""Report runs: a real Celery worker on Redis, replays, injected failures, the board pack's text."""

import datetime as dt
import hashlib
import subprocess
import time

import pytest
from django.core import mail

from accounts.models import AuditAction, AuditEvent, Role
from dashboards.models import ReportKind, ReportRun, RunStatus
from dashboards.reports import board_pack
from dashboards.services import request_run, run_report
from dashboards.tasks import build_all_at_returns_task, build_all_board_packs_task, run_report_task
from tcp.celery import app
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

MARCH = dt.date(2026, 3, 1)
TODAY = dt.date(2026, 4, 10)
BROKER = "redis://127.0.0.1:6379/13"


def pdf_text(run: ReportRun) -> str:
    path = run.file.path
    command = ["pdftotext", "-layout", path, "-"]  # poppler-utils, installed by .ci/run
    return subprocess.run(  # noqa: S603 - a fixed tool on a file the test made
        command, check=True, capture_output=True, text=True
    ).stdout


@pytest.fixture
def cohort(partnership, admit):
    """Nine inpatients open at the end of March (H1 = 9, shown to the board rounded to 10) and
    one discharged in March; the first person's name and NHS number must never reach the pack."""
    first = PersonFactory(
        partnership=partnership,
        given_name="Zebedee",
        family_name="Quartermain",
        nhs_number="9434765919",
    )
    spells = [admit(dt.date(2026, 1, 5), person=first, legal_status="S3")]
    spells += [
        admit(dt.date(2026, 2, 1) + dt.timedelta(days=n), legal_status="S2") for n in range(8)
    ]
    spells.append(admit(dt.date(2026, 3, 2), discharged=dt.date(2026, 3, 20)))
    return spells


@pytest.fixture
def real_worker_app(settings):
    """Point the Celery app at Redis DB 13 and stop running tasks eagerly, for one test."""
    saved = {key: app.conf[key] for key in ("broker_url", "task_always_eager")}
    app.conf.update(broker_url=BROKER, task_always_eager=False)
    # Forget the pools picked earlier in the session (kombu keeps one per broker URL and shares
    # them, so they are left open), so that messages go to DB 13 too.
    app._pool = None
    app.amqp._producer_pool = None
    settings.CELERY_TASK_ALWAYS_EAGER = False
    app.control.purge()
    yield app
    app.conf.update(**saved)
    app._pool = None
    app.amqp._producer_pool = None


@pytest.mark.django_db(transaction=True)
def test_real_worker_on_redis_builds_the_pack(
    redis_available, real_worker_app, partnership, cohort, make_member
):
    from celery.contrib.testing.worker import start_worker

    board = make_member(Role.BOARD_MEMBER, partnership)
    user = make_member(Role.COMMISSIONER, partnership)
    run = request_run(
        partnership=partnership, kind=ReportKind.BOARD_PACK, month=MARCH, by=user, today=TODAY
    )
    with start_worker(real_worker_app, pool="solo", perform_ping_check=False):
        run_report_task.delay(run.pk)
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            run.refresh_from_db()
            if run.status in (RunStatus.SUCCEEDED, RunStatus.FAILED):
                break
            time.sleep(0.5)
        while time.monotonic() < deadline and not mail.outbox:  # the on_commit e-mail task
            time.sleep(0.2)
    assert run.status == RunStatus.SUCCEEDED, run.error
    assert run.is_current
    assert run.version == 1
    assert run.file.name.endswith("BOARDPACK_TST_2026-03_v1.pdf")
    with run.file.open("rb") as handle:
        content = handle.read()
    assert content.startswith(b"%PDF")
    assert hashlib.sha256(content).hexdigest() == run.checksum
    assert run.started_at <= run.finished_at
    audit = AuditEvent.objects.filter(object_type__icontains="reportrun", object_id=str(run.pk))
    assert audit.filter(action=AuditAction.CREATE, summary__status="SUCCEEDED").count() == 1
    assert [m.to for m in mail.outbox] == [[board.email]]
    assert "March 2026" in mail.outbox[0].subject


def test_same_job_twice_makes_one_current_return_and_pack(partnership, cohort, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    month = MARCH.isoformat()
    for _ in range(2):
        build_all_at_returns_task(month)
        build_all_board_packs_task(month)
    runs = ReportRun.objects.for_partnership(partnership)
    assert runs.filter(kind=ReportKind.AT_RETURN).count() == 1
    assert runs.filter(kind=ReportKind.BOARD_PACK).count() == 1
    assert runs.filter(is_current=True, status=RunStatus.SUCCEEDED).count() == 2
    run = runs.get(kind=ReportKind.AT_RETURN)
    finished = run.finished_at
    assert run_report_task(run.pk) == RunStatus.SUCCEEDED  # a replay is harmless
    run.refresh_from_db()
    assert run.finished_at == finished
    assert run.version == 1


def test_failure_mid_generation_leaves_failed_run_and_no_current_file(
    partnership, cohort, monkeypatch
):
    good = run_report(
        run_id=request_run(
            partnership=partnership, kind=ReportKind.BOARD_PACK, month=MARCH, by=None, today=TODAY
        ).pk,
        today=TODAY,
    )
    assert good.is_current

    def broken_pdf(**kwargs):
        board_pack.render_board_pack_html(**kwargs)  # the HTML is made, then writing breaks
        raise OSError("disk full while writing the PDF")

    monkeypatch.setattr("dashboards.services.reports.render_board_pack_pdf", broken_pdf)
    second = request_run(
        partnership=partnership, kind=ReportKind.BOARD_PACK, month=MARCH, by=None, today=TODAY
    )
    second = run_report(run_id=second.pk, today=TODAY)
    assert second.status == RunStatus.FAILED
    assert "disk full while writing the PDF" in second.error
    assert "Nothing was published" in second.error
    assert not second.is_current
    assert not second.file
    assert second.checksum == ""
    good.refresh_from_db()
    assert good.is_current  # the previous version stays the one people download
    current = ReportRun.objects.for_partnership(partnership).filter(
        kind=ReportKind.BOARD_PACK, period=MARCH, is_current=True
    )
    assert list(current) == [good]


def test_pack_text_has_month_and_figures_but_no_identifiers(partnership, cohort):
    run = request_run(
        partnership=partnership, kind=ReportKind.BOARD_PACK, month=MARCH, by=None, today=TODAY
    )
    run = run_report(run_id=run.pk, today=TODAY)
    assert run.status == RunStatus.SUCCEEDED, run.error
    text = pdf_text(run)
    assert "March 2026" in text
    assert "Test TCP (TST)" in text
    # H1 = 9 inpatients at the end of March, rounded to the nearest 5 for the board: 10.
    # The summary's H1 table: March, then February with the change (9 open at both month ends).
    flat = " ".join(text.split())
    assert "At the end of March 2026 10 At the end of February 2026 10 no change" in flat
    assert "Glossary of definitions" in text
    person = cohort[0].person
    for secret in (
        person.given_name,
        person.family_name,
        person.nhs_number,
        "943 476 5919",
        person.date_of_birth.isoformat(),
        cohort[0].ward_stays.get().ward.name,
    ):
        assert secret not in text
