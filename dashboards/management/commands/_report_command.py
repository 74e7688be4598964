"""Shared body of build_at_return and build_board_pack: the same service the task runs, now."""

from __future__ import annotations

import time
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from accounts.models import Partnership
from dashboards.metrics.periods import add_months, month_start, parse_month
from dashboards.models import RunStatus
from dashboards.services import request_run, run_report


class ReportCommand(BaseCommand):
    kind: str = ""

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--partnership", help="Partnership code (e.g. ESX); default: every one")
        parser.add_argument("--month", help="YYYY-MM; default: last month")

    def handle(self, *args: Any, **options: Any) -> None:
        today = timezone.localdate()
        try:
            month = (
                parse_month(options["month"])
                if options["month"]
                else add_months(month_start(today), -1)
            )
        except (ValueError, ValidationError) as exc:
            raise CommandError(f"--month must look like 2026-10 ({exc}).") from exc
        partnerships = Partnership.objects.order_by("code")
        if options["partnership"]:
            partnerships = partnerships.filter(code=options["partnership"])
            if not partnerships.exists():
                raise CommandError(f"No partnership has the code {options['partnership']!r}.")
        failed = 0
        started_all = time.monotonic()
        for partnership in partnerships:
            started = time.monotonic()
            try:
                run = request_run(
                    partnership=partnership, kind=self.kind, month=month, by=None, today=today
                )
            except ValidationError as exc:
                raise CommandError(" ".join(exc.messages)) from exc
            run = run_report(run_id=run.pk, today=today)
            took = time.monotonic() - started
            if run.status == RunStatus.SUCCEEDED:
                extra = ""
                if "rows" in run.summary:
                    extra = (
                        f", {run.summary['rows']} rows, {run.summary['errors']} errors, "
                        f"{run.summary['warnings']} warnings"
                    )
                self.stdout.write(
                    f"{partnership.code} {month:%Y-%m} v{run.version}: {run.file.name}"
                    f"{extra} ({took:.2f} s)"
                )
            else:
                failed += 1
                self.stderr.write(f"{partnership.code} {month:%Y-%m}: FAILED: {run.error}")
        self.stdout.write(f"Total {time.monotonic() - started_all:.2f} s")
        if failed:
            raise CommandError(f"{failed} report(s) failed.")
