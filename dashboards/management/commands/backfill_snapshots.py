"""Take month-end snapshots for past months: `manage.py backfill_snapshots --months 24`.

Months that already have a final snapshot are left alone unless --regenerate is given."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from accounts.models import Partnership
from dashboards.metrics.periods import add_months, month_start
from dashboards.models import MonthlySnapshot, SnapshotStatus
from dashboards.services import take_month_end_snapshot


class Command(BaseCommand):
    help = "Take month-end snapshots for the last N complete months (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--months", type=int, default=24)
        parser.add_argument("--partnership", help="Partnership code; default: every partnership")
        parser.add_argument(
            "--regenerate",
            action="store_true",
            help="Make a new version even where a final snapshot exists.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["months"] < 1:
            raise CommandError("--months must be 1 or more.")
        partnerships = Partnership.objects.order_by("code")
        if options["partnership"]:
            partnerships = partnerships.filter(code=options["partnership"])
            if not partnerships.exists():
                raise CommandError(f"No partnership has the code {options['partnership']!r}.")
        today = timezone.localdate()
        last = add_months(month_start(today), -1)
        months = [add_months(last, -n) for n in range(options["months"] - 1, -1, -1)]
        for partnership in partnerships:
            taken = 0
            for month in months:
                already = (
                    MonthlySnapshot.objects.for_partnership(partnership)
                    .filter(month=month, status=SnapshotStatus.FINAL)
                    .exists()
                )
                if already and not options["regenerate"]:
                    continue
                take_month_end_snapshot(
                    partnership=partnership,
                    month=month,
                    today=today,
                    regenerate=options["regenerate"],
                )
                taken += 1
            self.stdout.write(
                f"{partnership.code}: {taken} snapshot(s) taken, "
                f"{len(months) - taken} already final."
            )
