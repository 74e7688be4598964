"""Reports pages: commissioners make and check returns; board members download packs only."""

import datetime as dt

import pytest
from django.urls import reverse

from accounts.models import AuditAction, AuditEvent, Role
from dashboards.models import ReportKind, ReportRun, RunStatus
from dashboards.services import request_run, run_report
from tests.dashboards.conftest import set_delay

pytestmark = pytest.mark.django_db

MARCH = dt.date(2026, 3, 1)
TODAY = dt.date(2026, 4, 10)


def _made(partnership, kind):
    run = request_run(partnership=partnership, kind=kind, month=MARCH, by=None, today=TODAY)
    return run_report(run_id=run.pk, today=TODAY)


def test_commissioner_makes_a_return_and_sees_its_validation(
    partnership, admit, login_as, django_capture_on_commit_callbacks
):
    spell = admit(dt.date(2026, 3, 2), legal_status="S2")
    set_delay(spell, dt.date(2026, 3, 20), dt.date(2026, 3, 20), "")
    client = login_as(Role.COMMISSIONER)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("reports:run_request"), {"kind": "AT_RETURN", "month": "2026-03-01"}
        )
    assert response.status_code == 302
    run = ReportRun.objects.get(partnership=partnership, kind=ReportKind.AT_RETURN)
    assert run.status == RunStatus.SUCCEEDED  # the task ran (eagerly) after the commit
    page = client.get(reverse("reports:run_detail", args=[run.pk])).content.decode()
    assert 'http-equiv="refresh"' not in page
    assert "V14" in page
    assert "delay_reason" in page
    assert "Mark as submitted" not in page  # an error blocks submission
    refused = client.post(reverse("reports:run_submit", args=[run.pk]), follow=True)
    assert "1 errors" in refused.content.decode()
    assert not ReportRun.objects.get(pk=run.pk).is_submitted


def test_pending_run_refreshes_itself_and_a_failure_shows_its_reason(partnership, login_as):
    run = request_run(
        partnership=partnership, kind=ReportKind.BOARD_PACK, month=MARCH, by=None, today=TODAY
    )
    client = login_as(Role.COMMISSIONER)
    page = client.get(reverse("reports:run_detail", args=[run.pk])).content.decode()
    head = page.split("</head>")[0]
    assert '<meta http-equiv="refresh" content="3">' in head
    ReportRun.objects.filter(pk=run.pk).update(status=RunStatus.FAILED, error="No snapshot: boom")
    page = client.get(reverse("reports:run_detail", args=[run.pk])).content.decode()
    assert 'http-equiv="refresh"' not in page
    assert "No snapshot: boom" in page


def test_board_member_lists_and_downloads_packs_only(partnership, admit, login_as):
    admit(dt.date(2026, 3, 2), legal_status="S2")
    pack = _made(partnership, ReportKind.BOARD_PACK)
    at_return = _made(partnership, ReportKind.AT_RETURN)
    client = login_as(Role.BOARD_MEMBER)
    listing = client.get(reverse("reports:run_list")).content.decode()
    assert "Board pack" in listing
    assert "Assuring Transformation return" not in listing
    response = client.get(reverse("reports:run_download", args=[pack.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        'attachment; filename="BOARDPACK_TST_2026-03_v1.pdf"'
    )
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    downloads = AuditEvent.objects.filter(action=AuditAction.DOWNLOAD, object_id=str(pack.pk))
    assert downloads.count() == 1
    assert client.get(reverse("reports:run_download", args=[at_return.pk])).status_code == 404


def test_commissioner_regenerates_a_snapshot_and_board_members_never_see_it(
    partnership, admit, login_as, django_capture_on_commit_callbacks
):
    from dashboards.models import MonthlySnapshot, SnapshotStatus
    from dashboards.services import take_month_end_snapshot

    admit(dt.date(2026, 3, 2), legal_status="S2")
    first = take_month_end_snapshot(partnership=partnership, month=MARCH, today=TODAY)
    admit(dt.date(2026, 3, 5), legal_status="S2")  # a late correction: H1 for March is now 2
    client = login_as(Role.COMMISSIONER)
    listing = client.get(reverse("reports:run_list")).content.decode()
    assert 'value="SNAPSHOT"' in listing  # offered beside the AT return and the board pack
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("reports:run_request"), {"kind": "SNAPSHOT", "month": "2026-03-01"}
        )
    run = ReportRun.objects.get(partnership=partnership, kind=ReportKind.SNAPSHOT)
    assert response.url == reverse("reports:run_detail", args=[run.pk])
    assert (run.status, run.summary["snapshot_version"]) == (RunStatus.SUCCEEDED, 2)
    first.refresh_from_db()
    assert first.status == SnapshotStatus.SUPERSEDED
    current = MonthlySnapshot.objects.get(
        partnership=partnership, month=MARCH, status=SnapshotStatus.FINAL
    )
    assert (current.version, current.figures["H1"]["value"]) == (2, 2)
    page = client.get(reverse("reports:run_detail", args=[run.pk])).content.decode()
    assert "Month-end snapshot version 2 of March 2026" in page
    assert "Month-end snapshot" in client.get(reverse("reports:run_list")).content.decode()
    download = client.get(reverse("reports:run_download", args=[run.pk]))
    assert download["Content-Type"] == "application/json"

    board = login_as(Role.BOARD_MEMBER)
    assert "Month-end snapshot" not in board.get(reverse("reports:run_list")).content.decode()
    assert board.get(reverse("reports:run_download", args=[run.pk])).status_code == 404
