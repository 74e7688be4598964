"""Month-end snapshots freeze the figures; replays are harmless; the backfill command and the
task call the same service (STYLE.md 10)."""

import datetime as dt
import time

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError

from accounts.models import AuditEvent
from dashboards.metrics import Period
from dashboards.models import MonthlySnapshot
from dashboards.selectors import differences, live_figures, trend_rows
from dashboards.services import take_month_end_snapshot
from dashboards.tasks import take_all_month_end_snapshots_task, take_month_end_snapshot_task

pytestmark = pytest.mark.django_db
MARCH = dt.date(2026, 3, 1)
APRIL_2 = dt.date(2026, 4, 2)


def test_a_snapshot_freezes_the_figures_and_live_figures_move_on(admit, partnership):
    spell = admit(dt.date(2026, 1, 5))
    snapshot = take_month_end_snapshot(partnership=partnership, month=MARCH, today=APRIL_2)
    assert snapshot.figures["H1"]["value"] == 1
    assert (snapshot.version, snapshot.status, snapshot.as_at) == (1, "FINAL", dt.date(2026, 3, 31))
    # Records edited after the snapshot: a late-entered admission and a backdated discharge.
    admit(dt.date(2026, 2, 1))
    admit(dt.date(2026, 2, 10))
    spell.discharge_date, spell.discharge_destination = dt.date(2026, 3, 20), "FAMILY_HOME"
    spell.ward_stays.update(end_date=dt.date(2026, 3, 20))
    spell.save()
    snapshot.refresh_from_db()
    assert snapshot.figures["H1"]["value"] == 1  # frozen
    live = live_figures(partnership, Period.month(MARCH, today=APRIL_2))
    assert live["H1"].value == 2  # live
    changed = {d.metric_id: (d.frozen, d.live) for d in differences(live, snapshot)}
    assert changed["H1"] == (1, 2)
    assert changed["H8"] == (0, 1)
    assert "C8" not in changed


def test_taking_a_snapshot_twice_returns_the_first(admit, partnership):
    admit(dt.date(2026, 1, 5))
    first = take_month_end_snapshot(partnership=partnership, month=MARCH, today=APRIL_2)
    admit(dt.date(2026, 2, 1))
    again = take_month_end_snapshot(
        partnership=partnership, month=dt.date(2026, 3, 17), today=APRIL_2
    )
    assert again.pk == first.pk
    assert again.figures["H1"]["value"] == 1
    assert MonthlySnapshot.objects.count() == 1
    assert AuditEvent.objects.filter(object_type="dashboards.MonthlySnapshot").count() == 1


def test_regenerating_makes_a_new_version_and_keeps_the_old(admit, partnership, make_member):
    admit(dt.date(2026, 1, 5))
    first = take_month_end_snapshot(partnership=partnership, month=MARCH, today=APRIL_2)
    admit(dt.date(2026, 2, 1))
    admin = make_member("PARTNERSHIP_ADMIN", partnership)
    second = take_month_end_snapshot(
        partnership=partnership, month=MARCH, today=APRIL_2, regenerate=True, by=admin
    )
    first.refresh_from_db()
    assert (first.status, first.figures["H1"]["value"]) == ("SUPERSEDED", 1)
    assert (second.version, second.status, second.figures["H1"]["value"]) == (2, "FINAL", 2)
    event = AuditEvent.objects.get(object_id=str(second.pk))
    assert event.user == admin
    assert event.summary["version"] == 2


def test_a_month_that_has_not_ended_cannot_be_frozen(partnership):
    with pytest.raises(ValidationError) as refused:
        take_month_end_snapshot(partnership=partnership, month=MARCH, today=dt.date(2026, 3, 31))
    assert refused.value.message_dict["month"] == [
        "March 2026 has not ended yet. Its snapshot can be taken from 1 April 2026."
    ]
    assert not MonthlySnapshot.objects.exists()
    assert not AuditEvent.objects.exists()


def test_trends_read_the_snapshots_in_one_query(admit, partnership, django_assert_num_queries):
    admit(dt.date(2026, 1, 5))
    for month in (dt.date(2026, 1, 1), dt.date(2026, 2, 1), MARCH):
        take_month_end_snapshot(partnership=partnership, month=month, today=APRIL_2)
    with django_assert_num_queries(1):
        rows = trend_rows(partnership, last=MARCH, months=24)
    assert [(row["month"], row["H1"]) for row in rows] == [
        (dt.date(2026, 1, 1), 1),
        (dt.date(2026, 2, 1), 1),
        (MARCH, 1),
    ]
    assert rows[-1]["H1_by_type"] == {"ICB": 1}


def test_backfill_command_takes_each_missing_month_once(
    admit, partnership, other_partnership, capsys
):
    admit(dt.date(2025, 1, 5))
    call_command("backfill_snapshots", "--months", "3")
    # today is real: the last three complete months, for both partnerships
    assert MonthlySnapshot.objects.filter(partnership=partnership).count() == 3
    assert MonthlySnapshot.objects.filter(partnership=other_partnership).count() == 3
    call_command("backfill_snapshots", "--months", "3", "--partnership", partnership.code)
    assert "0 snapshot(s) taken, 3 already final" in capsys.readouterr().out
    assert MonthlySnapshot.objects.count() == 6
    with pytest.raises(CommandError, match="No partnership has the code 'NOPE'"):
        call_command("backfill_snapshots", "--partnership", "NOPE")


def test_single_month_command_refuses_a_running_month(partnership):
    with pytest.raises(CommandError, match="has not ended yet"):
        call_command(
            "take_month_end_snapshot", "--partnership", partnership.code, "--month", "2099-01"
        )
    call_command("take_month_end_snapshot", "--partnership", partnership.code, "--month", "2026-03")
    assert MonthlySnapshot.objects.get().month == MARCH


def test_the_task_calls_the_service_and_replays_harmlessly(partnership):
    first = take_month_end_snapshot_task(partnership.pk, "2026-03-01")
    second = take_month_end_snapshot_task(partnership.pk, "2026-03-15")
    assert first == second
    assert take_all_month_end_snapshots_task("2026-02-01") == 1
    assert MonthlySnapshot.objects.filter(month=dt.date(2026, 2, 1)).count() == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.needs_redis
def test_the_task_runs_on_a_real_worker(celery_worker, partnership):
    take_month_end_snapshot_task.delay(partnership.pk, "2026-03-01")
    deadline = time.monotonic() + 30
    while not MonthlySnapshot.objects.filter(partnership=partnership).exists():
        assert time.monotonic() < deadline, "the worker did not take the snapshot"
        time.sleep(0.1)
    assert MonthlySnapshot.objects.get(partnership=partnership).month == MARCH
