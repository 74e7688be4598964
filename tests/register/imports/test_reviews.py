"""The Reviews sheet: C(E)TRs imported through the reviews services (added by the reviews app,
which the register cannot import), checked on the person's timeline with the same messages."""

import pytest

from register.models import ImportKind, ImportStatus, RowOutcome
from reviews.imports import REVIEWS
from reviews.models import CareReview

from .conftest import (
    PEOPLE_HEADER,
    SPELLS_HEADER,
    csv_bytes,
    error_lines,
    person_row,
    row_for,
    xlsx_bytes,
)

pytestmark = pytest.mark.django_db

ADA = "943 476 5919"
REVIEWS_HEADER = [column.header for column in REVIEWS.columns]
PANEL = {"Chair": "Chris Chair", "Expert by experience": "Eve", "Clinical expert": "Dr Clare"}
ANSWERS = {
    "Is the person safe": "Yes",
    "Is the person getting good care now": "Yes",
    "Are there plans for the future": "No",
    "Could care be provided in the community": "Yes",
}


def review(**values):
    return row_for(REVIEWS_HEADER, **({"NHS number": ADA} | values))


def workbook(reviews):
    spell = row_for(
        SPELLS_HEADER,
        **{
            "NHS number": ADA,
            "Admission date": "2024-01-10",
            "Site ODS code": "RX1AA",
            "Ward": "Willow",
            "Commissioner ODS code": "QHG",
            "Admission source": "COMMUNITY",
            "Discharge date": "2024-03-01",
            "Discharge destination": "FAMILY_HOME",
        },
    )
    return xlsx_bytes(
        {
            "People": [PEOPLE_HEADER, person_row(**{"NHS number": ADA})],
            "Hospital spells": [SPELLS_HEADER, spell],
            "Reviews": [REVIEWS_HEADER, *reviews],
        }
    )


def test_held_and_declined_reviews_are_imported_once(run_import, hospital, icb):
    data = workbook(
        [
            review(
                **{
                    "Review type": "POST_ADMISSION",
                    "Held date": "2024-02-01",
                    "Outcome": "READY_FOR_DISCHARGE",
                    **PANEL,
                    **ANSWERS,
                }
            ),
            review(
                **{
                    "Review type": "COMMUNITY",
                    "Status": "DECLINED",
                    "Date offered": "2024-04-01",
                    "Reason declined or cancelled": "Not now",
                    "Declined or cancelled on": "2024-04-02",
                }
            ),
        ]
    )
    record = run_import(data, ImportKind.REGISTER, name="r.xlsx", commit=True)
    assert record.status == ImportStatus.COMMITTED, error_lines(record)
    held, declined = CareReview.objects.order_by("pk")
    assert (held.status, held.spell.admission_date.isoformat(), held.outcome) == (
        "HELD",
        "2024-01-10",
        "READY_FOR_DISCHARGE",
    )
    assert sorted(held.panel.values_list("role", flat=True)) == [
        "CHAIR_COMMISSIONER",
        "CLINICAL_EXPERT",
        "EXPERT_BY_EXPERIENCE",
    ]
    assert (declined.status, declined.closed_on.isoformat()) == ("DECLINED", "2024-04-02")

    again = run_import(data, ImportKind.REGISTER, name="r.xlsx", commit=True)
    assert again.counts["REVIEWS"][RowOutcome.UNCHANGED] == 2
    assert CareReview.objects.count() == 2


@pytest.mark.parametrize(
    ("values", "error"),
    [
        (
            {
                "Review type": "POST_ADMISSION",
                "Held date": "2024-02-01",
                "Outcome": "READY_FOR_DISCHARGE",
                "Chair": "Chris Chair",
                **ANSWERS,
            },
            "REVIEWS row 2, Chair: Add the clinical expert and the expert by experience before "
            "marking the review as held",
        ),
        (
            {"Review type": "POST_ADMISSION", "Held date": "2024-02-01", **PANEL, **ANSWERS},
            "REVIEWS row 2, Outcome: Choose the outcome of the review",
        ),
        (
            {
                "Review type": "COMMUNITY",
                "Held date": "2024-02-01",
                "Outcome": "ADMISSION_AVOIDED",
                "Spell admission date": "2024-01-10",
                **PANEL,
            },
            None,  # a community review has no spell: the date is ignored, not an error
        ),
        (
            {
                "Review type": "POST_ADMISSION",
                "Held date": "2024-02-01",
                "Spell admission date": "2023-01-01",
                "Outcome": "READY_FOR_DISCHARGE",
                **PANEL,
                **ANSWERS,
            },
            "REVIEWS row 2, Spell admission date: This person has no hospital spell with that "
            "admission date",
        ),
        (
            {"Review type": "AFTERCARE", "Held date": "2024-05-01"},
            "REVIEWS row 2, Review type: Unknown review type 'AFTERCARE'. Use a code from the "
            "Codes sheet of the template (for example COMMUNITY)",
        ),
    ],
)
def test_review_rows_are_judged_by_the_reviews_services(run_import, hospital, icb, values, error):
    record = run_import(workbook([review(**values)]), ImportKind.REGISTER, name="r.xlsx")
    assert error_lines(record) == ([error] if error else [])
    assert not CareReview.objects.exists()


def test_an_inpatient_review_outside_the_hospital_stay_is_refused(run_import, hospital, icb):
    values = {
        "Review type": "POST_ADMISSION",
        "Held date": "2024-05-01",
        "Outcome": "READY_FOR_DISCHARGE",
        **PANEL,
        **ANSWERS,
    }
    record = run_import(workbook([review(**values)]), ImportKind.REGISTER, name="r.xlsx")
    assert error_lines(record) == [
        "REVIEWS row 2, Review type: This person is not in hospital: choose a community or "
        "urgent community review"
    ]


def test_a_reviews_csv_on_its_own(run_import, partnership, importer, hospital, icb):
    from datetime import date

    from register import services as register

    register.create_person(
        partnership=partnership,
        by=importer,
        nhs_number=ADA,
        given_name="Alex",
        family_name="Example",
        date_of_birth=date(1990, 5, 1),
        has_learning_disability=True,
    )
    rows = [
        REVIEWS_HEADER,
        review(
            **{
                "Review type": "URGENT_COMMUNITY",
                "Held date": "2024-02-01",
                "Requested at": "01/02/2024 09:15",
                "Outcome": "ADMISSION_AVOIDED",
                **PANEL,
            }
        ),
    ]
    record = run_import(csv_bytes(rows), ImportKind.REVIEWS, commit=True)
    assert record.status == ImportStatus.COMMITTED, error_lines(record)
    urgent = CareReview.objects.get()
    assert urgent.requested_at.isoformat() == "2024-02-01T09:15:00+00:00"
