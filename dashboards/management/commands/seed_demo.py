"""Loads realistic demo data. Idempotent: running it twice changes nothing."""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from accounts.demo import DEMO_PASSWORD, seed_partnerships
from register.demo import seed_register_demo


class Command(BaseCommand):
    help = "Create the demo partnerships, users, people, reviews and figures (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        logins = seed_partnerships()
        written = seed_register_demo()
        for code, rows in written.items():
            people, total = rows.get("Person", 0), sum(rows.values())
            self.stdout.write(f"{code}: {people} people with their histories ({total} rows).")
        if not written:
            self.stdout.write("The demo register was already there: nothing added.")
        self.stdout.write(self.style.SUCCESS("Demo data is ready."))
        if getattr(settings, "DEMO_LOGINS_VISIBLE", False):
            self.stdout.write(f"\nDemo sign-ins (password for all: {DEMO_PASSWORD}):")
            for email, role, code in logins:
                self.stdout.write(f"  {code:5} {role:26} {email}")
