"""manage.py recompute_schedules [--person ID] [--partnership CODE] [--today YYYY-MM-DD]

The same service as the nightly `recompute_all_schedules_task`; safe to run again."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from reviews.services import recompute_all_schedules, recompute_schedule

from ._options import add_common_arguments, parse_common


class Command(BaseCommand):
    help = "Rebuild the stored review and visit schedule from the policy rules."

    def add_arguments(self, parser: CommandParser) -> None:
        add_common_arguments(parser)
        parser.add_argument("--person", type=int, help="Only this person (record number).")

    def handle(self, *args: Any, **options: Any) -> None:
        today, partnership = parse_common(options)
        if options["person"]:
            result = recompute_schedule(person_id=options["person"], today=today)
        else:
            result = recompute_all_schedules(today=today, partnership=partnership)
        self.stdout.write(
            f"Schedule as at {today.isoformat()}: {result.inserted} added, {result.updated} "
            f"updated, {result.cancelled} cancelled, {result.unchanged} unchanged."
        )
