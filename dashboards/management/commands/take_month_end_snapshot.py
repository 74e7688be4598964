"""The month-end snapshot task as a command: `manage.py take_month_end_snapshot --partnership
ESX --month 2026-10` (add --regenerate for a new version)."""

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from accounts.models import Partnership
from dashboards.metrics.periods import parse_month
from dashboards.services import take_month_end_snapshot


class Command(BaseCommand):
    help = "Freeze one partnership's figures for one month."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--partnership", required=True, help="Partnership code")
        parser.add_argument("--month", required=True, help="YYYY-MM")
        parser.add_argument("--regenerate", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        partnership = Partnership.objects.filter(code=options["partnership"]).first()
        if partnership is None:
            raise CommandError(f"No partnership has the code {options['partnership']!r}.")
        try:
            month = parse_month(options["month"])
        except ValueError as error:
            raise CommandError("Give the month as YYYY-MM, for example 2026-10.") from error
        try:
            snapshot = take_month_end_snapshot(
                partnership=partnership,
                month=month,
                today=timezone.localdate(),
                regenerate=options["regenerate"],
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(
            f"{partnership.code} {options['month']}: snapshot version "
            f"{snapshot.version} ({snapshot.get_status_display()})."
        )
