"""Report runs over the API: the same role rules as the Reports pages (board members: ready board
packs only), the request through `request_run` (its month rule, its audit row), the download
(audited, the file's own type and name) and 409 while a run has no file."""

import datetime as dt
import hashlib

import pytest
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditAction, AuditEvent, Role
from dashboards.metrics.periods import add_months, month_start
from dashboards.models import ReportKind, ReportRun, RunStatus
from tests.factories import HospitalSpellFactory, PersonFactory

from .endpoints import finished_run

pytestmark = pytest.mark.django_db

LIST = reverse("api:report_run_list")
REQUEST = reverse("api:report_run_request")


def last_month() -> dt.date:
    return add_months(month_start(timezone.localdate()), -1)


def queued_run(partnership, kind="AT_RETURN", **fields) -> ReportRun:
    latest = ReportRun.objects.filter(partnership=partnership, kind=kind).count()
    return ReportRun.objects.create(
        partnership=partnership,
        kind=kind,
        period=fields.pop("period", dt.date(2026, 3, 1)),
        version=latest + 1,
        **fields,
    )


def download(client, run):
    return client.get(reverse("api:report_run_download", args=[run.pk]))


# --- who sees what -------------------------------------------------------------------------


def test_board_members_see_only_the_board_packs_that_are_ready(api_as, partnership):
    pack = finished_run(partnership, "BOARD_PACK")
    at_return = finished_run(partnership, "AT_RETURN", content=b"spell_id\n")
    queued_pack = queued_run(partnership, "BOARD_PACK")
    board = api_as(Role.BOARD_MEMBER)

    listed = board.get(LIST).json()
    assert [row["id"] for row in listed["results"]] == [pack.pk]

    assert board.get(reverse("api:report_run_detail", args=[pack.pk])).status_code == 200
    for hidden in (at_return, queued_pack):
        assert board.get(reverse("api:report_run_detail", args=[hidden.pk])).status_code == 404
        assert download(board, hidden).status_code == 404
    assert download(board, pack).status_code == 200
    assert (
        board.post(REQUEST, {"kind": "BOARD_PACK", "month": "2026-03"}, "json").status_code == 403
    )


def test_commissioners_see_every_return_and_pack_but_no_snapshot(api_as, partnership):
    pack = finished_run(partnership, "BOARD_PACK")
    at_return = finished_run(partnership, "AT_RETURN", content=b"spell_id\n")
    queued = queued_run(partnership, "AT_RETURN", period=dt.date(2026, 4, 1))
    finished_run(partnership, "SNAPSHOT")
    listed = api_as(Role.COMMISSIONER).get(LIST).json()["results"]
    # Newest month first, then by kind, newest version first (as the Reports page).
    assert [row["id"] for row in listed] == [queued.pk, at_return.pk, pack.pk]


def test_a_run_reads_as_documented(api_as, partnership):
    run = finished_run(partnership, "AT_RETURN", content=b"spell_id\n1\n")
    run.summary = {"rows": 1, "errors": 0, "warnings": 2, "findings": []}
    run.save()
    body = api_as(Role.COMMISSIONER).get(reverse("api:report_run_detail", args=[run.pk])).json()
    assert body["partnership"] == "TST"
    assert (body["kind"], body["month"], body["period"]) == ("AT_RETURN", "2026-03", "2026-03-01")
    assert (body["status"], body["version"], body["is_current"]) == (
        "SUCCEEDED",
        run.version,
        False,
    )
    assert body["checksum"] == hashlib.sha256(b"spell_id\n1\n").hexdigest()
    assert body["file_name"] == f"AT_TST_2026-03_v{run.version}.csv"
    assert body["download_url"] == f"http://testserver/api/v1/report-runs/{run.pk}/download/"
    assert body["validation"] == {"rows": 1, "errors": 0, "warnings": 2}
    assert body["error"] == ""


def test_a_run_without_a_file_has_no_download_url(api_as, partnership):
    run = queued_run(partnership, status=RunStatus.FAILED, error="The report could not be made.")
    body = api_as(Role.COMMISSIONER).get(reverse("api:report_run_detail", args=[run.pk])).json()
    assert (body["status"], body["error"]) == ("FAILED", "The report could not be made.")
    assert body["download_url"] is None
    assert body["file_name"] is None
    assert body["validation"] is None


def test_the_list_filters(api_as, partnership):
    march_pack = finished_run(partnership, "BOARD_PACK")
    march_return = finished_run(partnership, "AT_RETURN", content=b"x")
    april_return = finished_run(partnership, "AT_RETURN", content=b"y", period=dt.date(2026, 4, 1))
    queued = queued_run(partnership, "AT_RETURN", period=dt.date(2026, 4, 1))
    ReportRun.objects.filter(pk=april_return.pk).update(is_current=True)
    client = api_as(Role.COMMISSIONER)

    def ids(**params):
        response = client.get(LIST, params)
        assert response.status_code == 200, response.content
        return {row["id"] for row in response.json()["results"]}

    assert ids(kind="BOARD_PACK") == {march_pack.pk}
    assert ids(month="2026-04") == {april_return.pk, queued.pk}
    assert ids(month="2026-03", kind="AT_RETURN") == {march_return.pk}
    assert ids(status="QUEUED") == {queued.pk}
    assert ids(is_current="true") == {april_return.pk}
    assert ids(partnership="tst") == {march_pack.pk, march_return.pk, april_return.pk, queued.pk}
    assert ids(partnership="OTH") == set()


@pytest.mark.parametrize("month", ["2026-13", "2026-3", "March", "2014-12", "2101-01", "2026-03x"])
def test_a_month_filter_that_is_not_a_month_is_a_400(api_as, month):
    response = api_as(Role.COMMISSIONER).get(LIST, {"month": month})
    assert response.status_code == 400
    assert response.json()["errors"] == {
        "month": ["Enter a month as YYYY-MM between 2015-04 and 2100-12, such as 2026-10"]
    }


def test_another_partnerships_runs_are_not_listed(api_as, partnership, other_partnership):
    finished_run(other_partnership, "BOARD_PACK")
    for role in (Role.COMMISSIONER, Role.BOARD_MEMBER):
        assert api_as(role).get(LIST).json()["count"] == 0


# --- requesting a run ----------------------------------------------------------------------


def test_a_commissioner_requests_last_months_return(api_as, partnership):
    client = api_as(Role.COMMISSIONER)
    month = last_month()
    response = client.post(REQUEST, {"kind": "AT_RETURN", "month": f"{month:%Y-%m}"}, "json")
    assert response.status_code == 202, response.content
    body = response.json()
    run = ReportRun.objects.get(pk=body["id"])
    assert (run.kind, run.period, run.version, run.requested_by) == (
        "AT_RETURN",
        month,
        1,
        client.user,
    )
    assert body["status"] == "QUEUED"  # made after commit, by the worker
    assert response["Location"] == f"http://testserver/api/v1/report-runs/{run.pk}/"
    created = AuditEvent.objects.get(object_id=str(run.pk), action=AuditAction.CREATE)
    assert created.user == client.user
    assert created.summary == {"kind": "AT_RETURN", "period": month.isoformat(), "version": 1}
    again = client.post(REQUEST, {"kind": "AT_RETURN", "month": f"{month:%Y-%m}"}, "json")
    assert again.json()["version"] == 2


def test_the_request_queues_the_run_which_the_worker_makes(api_as, partnership):
    """Celery runs eagerly in tests: the task runs when the request's transaction commits."""
    person = PersonFactory(partnership=partnership, local_identifier="LOCAL-7")
    HospitalSpellFactory(person=person, admission_date=add_months(last_month(), -2))
    client = api_as(Role.COMMISSIONER)
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(
            REQUEST, {"kind": "AT_RETURN", "month": f"{last_month():%Y-%m}"}, "json"
        )
    run = ReportRun.objects.get(pk=response.json()["id"])
    assert run.status == RunStatus.SUCCEEDED
    body = client.get(response["Location"]).json()
    assert body["status"] == "SUCCEEDED"
    assert body["validation"]["rows"] == 1
    file = download(client, run)
    assert file["Content-Type"] == "text/csv"
    assert b"".join(file.streaming_content).decode().splitlines()[0].startswith("spell_id,")


def test_a_month_that_has_not_ended_is_refused_by_the_service(api_as):
    this_month = month_start(timezone.localdate())
    response = api_as(Role.COMMISSIONER).post(
        REQUEST, {"kind": "AT_RETURN", "month": f"{this_month:%Y-%m}"}, "json"
    )
    assert response.status_code == 400
    first = add_months(this_month, 1)
    assert response.json() == {
        "status": 400,
        "code": "invalid",
        "detail": "There is a problem with the data sent. See errors for each field.",
        "errors": {
            "month": [
                f"{this_month:%B %Y} has not ended yet. Its reports can be made from "
                f"{first.day} {first:%B %Y}."
            ]
        },
    }
    assert not ReportRun.objects.exists()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"kind": "SNAPSHOT", "month": "2026-03"}, "kind"),
        ({"kind": "AT_RETURN", "month": "2026-3"}, "month"),
        ({"kind": "AT_RETURN", "month": "0001-01"}, "month"),
        ({"kind": "AT_RETURN", "month": "9999-12"}, "month"),
        ({"kind": "AT_RETURN"}, "month"),
    ],
)
def test_a_request_in_the_wrong_shape_is_a_400_on_its_field(api_as, body, field):
    response = api_as(Role.COMMISSIONER).post(REQUEST, body, "json")
    assert response.status_code == 400
    assert list(response.json()["errors"]) == [field]


def test_a_request_for_another_partnership_is_refused(api_as, other_partnership):
    client = api_as(Role.COMMISSIONER)
    month = f"{last_month():%Y-%m}"
    response = client.post(
        REQUEST, {"kind": "AT_RETURN", "month": month, "partnership": "OTH"}, "json"
    )
    assert response.status_code == 400
    assert "acts for partnership TST only" in response.json()["errors"]["partnership"][0]
    assert not ReportRun.objects.exists()
    mine = client.post(REQUEST, {"kind": "AT_RETURN", "month": month, "partnership": "tst"}, "json")
    assert mine.status_code == 202
    assert mine.json()["partnership"] == "TST"


# --- downloading ---------------------------------------------------------------------------


def test_a_download_is_the_file_under_its_name_and_is_audited(api_as, partnership):
    run = finished_run(partnership, "AT_RETURN", content=b"spell_id,nhs_number\n55,\n")
    client = api_as(Role.COMMISSIONER)
    response = download(client, run)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv"
    name = f"AT_TST_2026-03_v{run.version}.csv"
    assert response["Content-Disposition"] == f'attachment; filename="{name}"'
    assert b"".join(response.streaming_content) == b"spell_id,nhs_number\n55,\n"
    event = AuditEvent.objects.get(action=AuditAction.DOWNLOAD)
    assert (event.user, event.role, event.partnership_id) == (
        client.user,
        Role.COMMISSIONER,
        partnership.pk,
    )
    assert (event.object_type, event.object_id) == ("dashboards.ReportRun", str(run.pk))
    assert event.summary == {"file": name, "sha256": run.checksum}


def test_a_board_member_downloads_a_pack_as_pdf(api_as, partnership):
    run = finished_run(partnership, "BOARD_PACK", content=b"%PDF-1.7 test")
    board = api_as(Role.BOARD_MEMBER)
    response = download(board, run)
    assert response["Content-Type"] == "application/pdf"
    assert AuditEvent.objects.get(action=AuditAction.DOWNLOAD).user == board.user


@pytest.mark.parametrize("state", [RunStatus.QUEUED, RunStatus.RUNNING, RunStatus.FAILED])
def test_a_run_without_a_file_is_a_409_and_nothing_is_audited(api_as, partnership, state):
    run = queued_run(partnership, status=state, error="Broken." if state == "FAILED" else "")
    response = download(api_as(Role.COMMISSIONER), run)
    assert response.status_code == 409
    body = response.json()
    assert (body["status"], body["code"], body["errors"]) == (409, "not_ready", {})
    assert state in body["detail"]
    assert not AuditEvent.objects.filter(action=AuditAction.DOWNLOAD).exists()


def test_asking_for_csv_still_gets_errors_as_json(api_as, partnership):
    run = queued_run(partnership)
    response = api_as(Role.COMMISSIONER).get(
        reverse("api:report_run_download", args=[run.pk]), HTTP_ACCEPT="text/csv"
    )
    assert response.status_code == 409
    assert response["Content-Type"] == "application/json"


def test_a_snapshot_is_never_downloaded(api_as, partnership):
    snapshot = finished_run(partnership, ReportKind.SNAPSHOT)
    assert download(api_as(Role.COMMISSIONER), snapshot).status_code == 404
