"""Commit: only after a clean dry run; the whole file in one transaction through the register
services (their validation and audit); all or nothing; a second import of the same file, or a
second run of the task, changes nothing; who, when, the file's checksum and counts are kept."""

import hashlib
from datetime import date

import pytest
from django.core.exceptions import ValidationError

from accounts.models import AuditAction, AuditEvent
from register import services as register
from register.imports import services
from register.models import (
    ColumnMapping,
    HospitalSpell,
    ImportKind,
    ImportStatus,
    Person,
    RiskRating,
    RowOutcome,
)
from tests.factories import PartnershipFactory, PersonFactory

from .conftest import (
    PEOPLE_HEADER,
    RATINGS_HEADER,
    SPELLS_HEADER,
    csv_bytes,
    error_lines,
    person_row,
    row_for,
    table_counts,
    upload,
    xlsx_bytes,
)

pytestmark = pytest.mark.django_db

ADA, BEN = "943 476 5919", "401 023 2137"


def small_register() -> bytes:
    return xlsx_bytes(
        {
            "People": [PEOPLE_HEADER, person_row(**{"NHS number": ADA})],
            "Hospital spells": [
                SPELLS_HEADER,
                row_for(
                    SPELLS_HEADER,
                    **{
                        "NHS number": ADA,
                        "Admission date": "2024-01-10",
                        "Site ODS code": "RX1AA",
                        "Ward": "Willow",
                        "Commissioner ODS code": "QHG",
                        "Admission source": "COMMUNITY",
                        "Discharge date": "2024-02-01",
                        "Discharge destination": "FAMILY_HOME",
                    },
                ),
            ],
            "Risk ratings": [
                RATINGS_HEADER,
                row_for(
                    RATINGS_HEADER,
                    **{
                        "NHS number": ADA,
                        "Rating date": "2024-03-01",
                        "Rating": "GREEN",
                        "Rationale": "Settled",
                    },
                ),
            ],
        }
    )


def test_a_file_with_errors_cannot_be_committed(run_import, importer):
    record = run_import(csv_bytes([PEOPLE_HEADER, person_row(**{"Date of birth": "soon"})]))
    assert record.status == ImportStatus.HAS_ERRORS
    before = table_counts()
    with pytest.raises(ValidationError) as info:
        services.request_commit(record=record, by=importer)
    assert info.value.messages == ["Fix the errors in the file and upload it again first."]
    assert table_counts() == before


def test_the_commit_goes_through_the_services_and_keeps_a_record(
    run_import, partnership, importer, hospital, icb
):
    data = small_register()
    record = run_import(data, ImportKind.REGISTER, name="register.xlsx", commit=True)

    assert record.status == ImportStatus.COMMITTED, error_lines(record)
    assert (record.uploaded_by, record.committed_by) == (importer, importer)
    assert record.committed_at is not None
    assert record.sha256 == hashlib.sha256(data).hexdigest()
    assert record.counts["total"] == {"CREATED": 3, "UPDATED": 0, "UNCHANGED": 0, "ERROR": 0}
    person = Person.objects.get(partnership=partnership)
    spell = HospitalSpell.objects.get(person=person)
    assert (spell.admission_kind, spell.discharge_destination) == ("FIRST", "FAMILY_HOME")
    # The services' own derived rows: BLUE on admission, RED after discharge, then the rating.
    assert list(
        RiskRating.objects.filter(person=person)
        .order_by("effective_date")
        .values_list("rag", "is_automatic")
    ) == [("BLUE", True), ("RED", True), ("GREEN", False)]
    audited = set(
        AuditEvent.objects.filter(user=importer, action=AuditAction.CREATE).values_list(
            "object_type", flat=True
        )
    )
    assert {
        "register.Person",
        "register.HospitalSpell",
        "register.WardStay",
        "register.RiskRating",
        "register.DsrEntry",
        "register.ImportRecord",
    } <= audited
    commit_event = AuditEvent.objects.filter(object_type="register.ImportRecord").first()
    assert commit_event.summary["status"] == "COMMITTED"
    assert commit_event.summary["sha256"] == record.sha256
    assert "register.xlsx" not in str(commit_event.summary)  # file names may name people


def test_the_commit_is_all_or_nothing_when_the_register_changed_since_the_check(
    run_import, partnership, importer, django_capture_on_commit_callbacks
):
    rows = [
        PEOPLE_HEADER,
        person_row(**{"NHS number": ADA}),
        person_row(**{"NHS number": BEN, "Given name": "Ben", "Family name": "Jonson"}),
    ]
    record = run_import(csv_bytes(rows))
    assert record.status == ImportStatus.READY
    PersonFactory(partnership=PartnershipFactory(code="ELSE"), nhs_number="4010232137")
    before = table_counts()

    services.request_commit(record=record, by=importer)
    with django_capture_on_commit_callbacks() as callbacks:
        record = services.commit_import(import_id=record.pk)

    assert record.status == ImportStatus.HAS_ERRORS
    assert error_lines(record) == [
        "PEOPLE row 3, NHS number: This NHS number is already on the register. Check you typed "
        "it correctly. If you did, ask your partnership administrator to find out who holds the "
        "record"
    ]
    assert not Person.objects.filter(partnership=partnership).exists()  # not even Ada
    after = table_counts()
    assert {k: v for k, v in after.items() if k not in ("register.ImportRow", "audit")} == {
        k: v for k, v in before.items() if k not in ("register.ImportRow", "audit")
    }
    assert after["audit"] == before["audit"] + 1  # the request to commit, nothing else
    assert callbacks == []


def test_importing_the_same_file_again_changes_nothing(
    run_import, partnership, importer, hospital, icb
):
    data = small_register()
    first = run_import(data, ImportKind.REGISTER, name="register.xlsx", commit=True)
    register_events = AuditEvent.objects.exclude(object_type="register.ImportRecord").count()
    before = table_counts()

    again = run_import(data, ImportKind.REGISTER, name="register.xlsx", commit=True)

    assert again.counts["total"] == {"CREATED": 0, "UPDATED": 0, "UNCHANGED": 3, "ERROR": 0}
    assert services.earlier_import_of_same_file(again) == first
    assert (
        AuditEvent.objects.exclude(object_type="register.ImportRecord").count() == register_events
    )
    after = table_counts()
    for label in (
        "register.Person",
        "register.HospitalSpell",
        "register.WardStay",
        "register.RiskRating",
        "register.DsrEntry",
    ):
        assert after[label] == before[label]


def test_running_the_commit_twice_imports_once(run_import, importer):
    record = run_import(csv_bytes([PEOPLE_HEADER, person_row(**{"NHS number": ADA})]))
    services.request_commit(record=record, by=importer)
    services.commit_import(import_id=record.pk)
    before = table_counts()
    record = services.commit_import(import_id=record.pk)
    assert record.status == ImportStatus.COMMITTED
    assert table_counts() == before
    assert services.check_import(import_id=record.pk).status == ImportStatus.COMMITTED


def test_changes_to_people_and_spells_on_the_register_are_imported(
    run_import, partnership, importer, hospital, icb
):
    ada = register.create_person(
        partnership=partnership,
        by=importer,
        nhs_number=ADA,
        given_name="Alex",
        family_name="Example",
        date_of_birth=date(1990, 5, 1),
        has_learning_disability=True,
        consent_basis="CONSENT",
        consent_date=date(2020, 1, 1),
    )
    spell = register.admit_person(
        person=ada,
        by=importer,
        admission_date=date(2024, 1, 10),
        ward=hospital["willow"],
        commissioner=icb,
        admission_source="COMMUNITY",
    )
    spell_row = {
        "NHS number": ADA,
        "Admission date": "10/01/2024",
        "Site ODS code": "RX1AA",
        "Commissioner ODS code": "QHG",
        "Admission source": "COMMUNITY",
    }
    workbook = xlsx_bytes(
        {
            "People": [
                PEOPLE_HEADER,
                person_row(**{"NHS number": ADA, "Home postcode": "MK40 1AA", "Sex": "Female"}),
            ],
            "Hospital spells": [
                SPELLS_HEADER,
                row_for(SPELLS_HEADER, **spell_row, Ward="Willow", **{"Legal status": "S3"}),
                row_for(
                    SPELLS_HEADER,
                    **spell_row,
                    Ward="Oak",
                    **{
                        "Ward stay start": "2024-03-01",
                        "Discharge date": "2024-04-01",
                        "Discharge destination": "SUPPORTED_LIVING",
                        "Legal status": "S3",
                    },
                ),
            ],
        }
    )
    record = run_import(workbook, ImportKind.REGISTER, name="r.xlsx", commit=True)
    assert record.counts["total"] == {"CREATED": 1, "UPDATED": 2, "UNCHANGED": 0, "ERROR": 0}
    ada.refresh_from_db()
    spell.refresh_from_db()
    assert (ada.home_postcode, ada.sex) == ("MK40 1AA", "2")
    assert (spell.discharge_date, spell.legal_status) == (date(2024, 4, 1), "S3")
    assert list(spell.ward_stays.order_by("start_date").values_list("ward__name", "end_date")) == [
        ("Willow", date(2024, 3, 1)),
        ("Oak", date(2024, 4, 1)),
    ]


def test_an_ended_spell_is_compared_never_rewritten(
    run_import, partnership, importer, hospital, icb
):
    ada = register.create_person(
        partnership=partnership,
        by=importer,
        nhs_number=ADA,
        given_name="Alex",
        family_name="Example",
        date_of_birth=date(1990, 5, 1),
        has_learning_disability=True,
    )
    spell = register.admit_person(
        person=ada,
        by=importer,
        admission_date=date(2024, 1, 10),
        ward=hospital["willow"],
        commissioner=icb,
        admission_source="COMMUNITY",
    )
    register.discharge_spell(
        spell=spell, by=importer, discharge_date=date(2024, 2, 1), destination="FAMILY_HOME"
    )
    rows = [
        SPELLS_HEADER,
        row_for(
            SPELLS_HEADER,
            **{
                "NHS number": ADA,
                "Admission date": "2024-01-10",
                "Site ODS code": "RX1AA",
                "Ward": "Willow",
                "Commissioner ODS code": "QHG",
                "Admission source": "COMMUNITY",
                "Discharge date": "2024-02-05",
                "Discharge destination": "FAMILY_HOME",
            },
        ),
    ]
    record = run_import(csv_bytes(rows), ImportKind.SPELLS)
    assert error_lines(record) == [
        "SPELLS row 2, Discharge date: This spell ended on 1 February 2024 and the register "
        "holds a different value here. An import cannot change a spell that has ended"
    ]


def test_column_choices_are_remembered_for_the_partnership(run_import, partnership, importer):
    header = [
        "Client NHS",
        "Forename",
        "Surname",
        "DOB",
        "LD?",
        "Autism",
        "Consent basis",
        "Consent date",
    ]
    data = csv_bytes(
        [header, [ADA, "Alex", "Example", "01/05/1990", "Y", "N", "CONSENT", "01/01/2020"]]
    )
    first = services.start_import(
        partnership=partnership, by=importer, kind=ImportKind.PEOPLE, upload=upload(data)
    )
    assert "nhs_number" not in first.mapping["PEOPLE"]  # "Client NHS" is not a known name
    chosen = first.mapping["PEOPLE"] | {
        "nhs_number": "Client NHS",
        "has_learning_disability": "LD?",
    }
    services.save_mapping(record=first, by=importer, mapping={"PEOPLE": chosen})
    assert (
        ColumnMapping.objects.get(partnership=partnership, kind="PEOPLE").columns["nhs_number"]
        == "Client NHS"
    )

    second = run_import(data)
    assert second.mapping["PEOPLE"]["nhs_number"] == "Client NHS"
    assert second.status == ImportStatus.READY, error_lines(second)
    assert second.counts["total"][RowOutcome.CREATED] == 1

    elsewhere = services.start_import(
        partnership=PartnershipFactory(code="ELSE"),
        by=importer,
        kind=ImportKind.PEOPLE,
        upload=upload(data),
    )
    assert "nhs_number" not in elsewhere.mapping["PEOPLE"]


def test_each_imported_person_is_announced_once_after_commit(
    run_import, importer, hospital, icb, django_capture_on_commit_callbacks
):
    """Higher apps (reviews recomputes the schedule) hear of each person once, not once for
    each of the many service calls that replayed their history."""
    from register.signals import person_changed

    heard = []

    def listen(sender, person_id, **kwargs):
        heard.append(person_id)

    person_changed.connect(listen, dispatch_uid="import-test")
    try:
        record = run_import(small_register(), ImportKind.REGISTER, name="register.xlsx")
        services.request_commit(record=record, by=importer)
        with django_capture_on_commit_callbacks(execute=True):
            services.commit_import(import_id=record.pk)
    finally:
        person_changed.disconnect(dispatch_uid="import-test")
    assert heard == [Person.objects.get().pk]
