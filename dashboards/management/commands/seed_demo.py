"""Loads realistic demo data. Idempotent: running it twice changes nothing."""

import random
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils import timezone

from accounts.demo import DEMO_PASSWORD, seed_partnerships
from accounts.models import Partnership
from register.demo import DEMO_SEED, seed_register_demo
from reviews.demo import seed_review_demo
from reviews.services import recompute_all_schedules


class Command(BaseCommand):
    help = "Create the demo partnerships, users, people, reviews and figures (idempotent)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--without-derived",
            action="store_true",
            help="Skip building review schedules and month-end snapshots (fast, for tests).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        logins = seed_partnerships()
        written = seed_register_demo()
        for code, rows in written.items():
            people, total = rows.get("Person", 0), sum(rows.values())
            self.stdout.write(f"{code}: {people} people with their histories ({total} rows).")
        if not written:
            self.stdout.write("The demo register was already there: nothing added.")
        today = timezone.localdate()
        for code in written:
            # Reviews are demo data, not derived figures: written even with --without-derived.
            partnership = Partnership.objects.get(code=code)
            rng = random.Random(f"{DEMO_SEED}-reviews-{code}")
            reviews = seed_review_demo(partnership, today=today, rng=rng)
            self.stdout.write(
                f"{code}: {reviews.get('CareReview', 0)} reviews, "
                f"{reviews.get('Action', 0)} actions, "
                f"{reviews.get('OversightVisit', 0)} oversight visits."
            )
        derived = not options["without_derived"]
        for code in written if derived else []:
            # The demo rows are bulk-written without the services' signals, so build each new
            # partnership's review schedule and its 24 months of frozen month-end figures here.
            partnership = Partnership.objects.get(code=code)
            result = recompute_all_schedules(today=today, partnership=partnership)
            self.stdout.write(f"{code}: review schedule built ({result.inserted} items).")
        if written and derived:
            call_command("backfill_snapshots", months=24, stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo data is ready."))
        if getattr(settings, "DEMO_LOGINS_VISIBLE", False):
            self.stdout.write(f"\nDemo sign-ins (password for all: {DEMO_PASSWORD}):")
            for email, role, code in logins:
                self.stdout.write(f"  {code:5} {role:26} {email}")
