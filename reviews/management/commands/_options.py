"""Options shared by the reviews commands: which day and which partnership."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils import timezone

from accounts.models import Partnership


def add_common_arguments(parser: CommandParser) -> None:
    parser.add_argument("--today", help="Run as on this date (YYYY-MM-DD); default today.")
    parser.add_argument("--partnership", help="Partnership code; default every partnership.")


def parse_common(options: dict[str, Any]) -> tuple[date, Partnership | None]:
    try:
        today = date.fromisoformat(options["today"]) if options["today"] else timezone.localdate()
    except ValueError as error:
        raise CommandError("--today must be a date as YYYY-MM-DD.") from error
    partnership = None
    if options["partnership"]:
        partnership = Partnership.objects.filter(code=options["partnership"]).first()
        if partnership is None:
            raise CommandError(f"No partnership with code {options['partnership']}.")
    return today, partnership
