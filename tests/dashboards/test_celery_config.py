"""The Celery set-up the month-end jobs rely on (issue 7)."""

from django.conf import settings

from tcp.celery import app


def test_month_end_jobs_run_early_on_the_first_in_london_time():
    schedule = settings.CELERY_BEAT_SCHEDULE
    month_end = {
        "month-end-snapshots": "dashboards.tasks.take_all_month_end_snapshots_task",
        "month-end-at-returns": "dashboards.tasks.build_all_at_returns_task",
        "month-end-board-packs": "dashboards.tasks.build_all_board_packs_task",
    }
    for name, task in month_end.items():
        assert schedule[name]["task"] == task
        assert schedule[name]["schedule"].day_of_month == {1}
        assert max(schedule[name]["schedule"].hour) < 6
    # The snapshot is taken before the pack that reads it.
    hours = [min(schedule[name]["schedule"].hour) for name in month_end]
    assert hours == sorted(hours)
    assert schedule["recompute-review-schedules"]["task"] == (
        "reviews.tasks.recompute_all_schedules_task"
    )
    assert schedule["coordinator-digests"]["task"] == "reviews.tasks.send_coordinator_digests_task"
    app.loader.import_default_modules()
    for entry in schedule.values():
        assert entry["task"] in app.tasks
    assert settings.CELERY_TIMEZONE == "Europe/London"


def test_workers_take_one_json_task_at_a_time_and_ack_late():
    assert settings.CELERY_TASK_SERIALIZER == "json"
    assert settings.CELERY_ACCEPT_CONTENT == ["json"]
    assert settings.CELERY_TASK_ACKS_LATE is True
    assert settings.CELERY_WORKER_PREFETCH_MULTIPLIER == 1
    assert settings.CELERY_TASK_SOFT_TIME_LIMIT < settings.CELERY_TASK_TIME_LIMIT
    # Redis re-delivers an unacknowledged task only after the visibility timeout, which must
    # outlast the longest task.
    assert (
        settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]
        > settings.CELERY_TASK_TIME_LIMIT
    )
