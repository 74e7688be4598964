"""Measure an import's dry run and commit on a generated file (issue 9: 10,000 rows).

    manage.py bench_import --rows 10000 --kind register   # people, spells and ratings
    manage.py bench_import --rows 10000 --kind people     # 10,000 new people

Works in its own partnership (code BENCHIMP) and removes that partnership's register rows before
and after (the import's audit events stay: the audit log is append-only). Run it on a scratch
database and a scratch Redis database, never live ones: the commit queues one review-schedule
recomputation per person (reviews listens to the register), and those tasks fail once the rows
are removed. Without Redis they run inline after the commit and are included in its time.
The services are called directly, as the Celery tasks call them.
"""

from __future__ import annotations

import csv
import io
import random
import time
from datetime import date, timedelta
from typing import Any

from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from accounts.models import Membership, Organisation, OrganisationType, Partnership, Role, User
from register.generators import (
    ensure_hospitals,
    generate_hospitals,
    generate_partnership_cohort,
    synthetic_nhs_numbers,
    write_cohorts,
)
from register.imports import services
from register.imports.mapping import SHEETS
from register.imports.workbooks import register_workbook
from register.models import (
    DsrEntry,
    HospitalSpell,
    ImportKind,
    ImportStatus,
    Person,
    RiskRating,
    WardStay,
)

CODE = "BENCHIMP"
ROWS_PER_COMMUNITY_PERSON = 12  # people, ward stays and ratings the generators give on average


class Command(BaseCommand):
    help = "Time the dry run and the commit of a generated import file in a scratch partnership."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--rows", type=int, default=10_000)
        parser.add_argument("--kind", choices=["register", "people"], default="register")
        parser.add_argument("--keep", action="store_true", help="Keep the imported rows.")

    def handle(self, *args: Any, **options: Any) -> None:
        partnership, user = _bench_partnership()
        _delete_register(partnership)
        if options["kind"] == "people":
            data, name, kind = _people_csv(options["rows"]), "people.csv", ImportKind.PEOPLE
        else:
            data, name, kind = (
                _register_workbook(partnership, options["rows"]),
                "register.xlsx",
                ImportKind.REGISTER,
            )
            _delete_register(partnership)
        self.stdout.write(f"File: {name}, {len(data) / 1024:.0f} KB")

        started = time.perf_counter()
        record = services.start_import(
            partnership=partnership, by=user, kind=kind, upload=SimpleUploadedFile(name, data)
        )
        record = services.save_mapping(record=record, by=user, mapping=record.mapping)
        uploaded = time.perf_counter()
        self.stdout.write(
            f"Rows: {record.rows_total:,} "
            + ", ".join(f"{sheet['name']} {sheet['rows']:,}" for sheet in record.sheets)
        )
        self.stdout.write(f"Upload, read and column matching: {uploaded - started:.1f} s")

        record = services.check_import(import_id=record.pk)
        checked = time.perf_counter()
        self.stdout.write(f"Dry run: {checked - uploaded:.1f} s -> {record.get_status_display()}")
        if record.status != ImportStatus.READY:
            raise CommandError(f"The dry run found errors: {record.counts}")

        services.request_commit(record=record, by=user)
        record = services.commit_import(import_id=record.pk)
        committed = time.perf_counter()
        self.stdout.write(f"Commit: {committed - checked:.1f} s -> {record.get_status_display()}")
        self.stdout.write(f"Counts: {record.counts['total']}")
        if not options["keep"]:
            _delete_register(partnership)


def _bench_partnership() -> tuple[Partnership, User]:
    partnership, _ = Partnership.objects.get_or_create(
        code=CODE, defaults={"name": "Import benchmark (scratch)"}
    )
    icb, _ = Organisation.objects.get_or_create(
        ods_code="BENCHICB",
        defaults={
            "name": "Benchmark ICB",
            "type": OrganisationType.ICB,
            "postcode_districts": "ZZ7 ZZ8 ZZ9",
        },
    )
    nhse = Organisation.objects.filter(type=OrganisationType.NHSE_SPEC).first()
    if nhse is None:
        nhse = Organisation.objects.create(
            ods_code="BENCHNHSE", name="Benchmark NHSE", type=OrganisationType.NHSE_SPEC
        )
    partnership.members.add(icb, nhse)
    user, _ = User.objects.get_or_create(
        email="bench-import@example.invalid", defaults={"full_name": "Import benchmark"}
    )
    Membership.objects.get_or_create(
        user=user, partnership=partnership, defaults={"role": Role.COMMISSIONER}
    )
    return partnership, user


def _people_csv(rows: int) -> bytes:
    rng = random.Random("bench-import")
    taken = set(Person.objects.exclude(nhs_number=None).values_list("nhs_number", flat=True))
    numbers = synthetic_nhs_numbers(rng, rows, avoid=taken)
    header = [column.header for column in SHEETS[ImportKind.PEOPLE].columns]
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    born = date(1950, 1, 1)
    for index, number in enumerate(numbers):
        values = {
            "NHS number": number,
            "Given name": f"Bench{index}",
            "Family name": f"Person{index:05d}",
            "Date of birth": (born + timedelta(days=(index * 7) % 20_000)).strftime("%d/%m/%Y"),
            "Sex": rng.choice("12"),
            "Learning disability": "Yes",
            "Autism": rng.choice(["Yes", "No"]),
            "Consent basis": "CONSENT",
            "Consent date": "2024-01-01",
            "Confirmed not a duplicate": "Yes",
        }
        writer.writerow([values.get(column, "") for column in header])
    return buffer.getvalue().encode()


def _register_workbook(partnership: Partnership, rows: int) -> bytes:
    """A generated cohort written to the database, exported in the import format."""
    districts = sorted({d for m in partnership.members.all() for d in m.postcode_districts.split()})
    hospitals = generate_hospitals(
        random.Random("bench-import"),
        footprints={CODE: districts},
        extra_sites_per_footprint=2,
        extra_outside_sites=3,
        ods_prefix="XBENCH",
    )
    ensure_hospitals(hospitals)
    cohort = generate_partnership_cohort(
        partnership,
        rng=random.Random("bench-import"),
        today=timezone.localdate(),
        community_people=int(rows / ROWS_PER_COMMUNITY_PERSON),
        inpatients=rows // 400,
    )
    write_cohorts([cohort])
    return register_workbook(Person.objects.for_partnership(partnership))


def _delete_register(partnership: Partnership) -> None:
    with transaction.atomic():
        first = (WardStay, RiskRating, DsrEntry)
        for model in apps.get_app_config("register").get_models():
            fields = {f.name for f in model._meta.get_fields()}
            if "person" in fields and model not in (Person, HospitalSpell, *first):
                model._base_manager.filter(partnership=partnership).delete()
        for model in first:
            model._base_manager.filter(partnership=partnership).delete()
        spells = HospitalSpell._base_manager.filter(partnership=partnership)
        spells.update(transferred_from=None)
        spells.delete()
        Person._base_manager.filter(partnership=partnership).delete()
