"""manage.py send_coordinator_digests [--partnership CODE] [--today YYYY-MM-DD]

The same service as the daily `send_coordinator_digests_task`: one e-mail per coordinator per
day, so running it twice sends nothing more."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from reviews.services import send_coordinator_digests

from ._options import add_common_arguments, parse_common


class Command(BaseCommand):
    help = "E-mail each care coordinator their items due in the next 14 days and overdue."

    def add_arguments(self, parser: CommandParser) -> None:
        add_common_arguments(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        today, partnership = parse_common(options)
        result = send_coordinator_digests(today=today, partnership=partnership)
        self.stdout.write(
            f"Digests for {today.isoformat()}: {result.sent} sent, {result.skipped_empty} with "
            f"nothing due, {result.already_sent} already sent today."
        )
