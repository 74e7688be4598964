"""The AT reconciliation extract against a hand-built cohort (DOMAIN.md 7, E11)."""

import csv
import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dashboards.models import ReportKind, RunStatus
from dashboards.reports.at_return import COLUMNS, build_at_return
from dashboards.services import request_run, run_report
from register.models import Person
from tests.dashboards.conftest import set_delay, set_legal_status, set_planned_discharge
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

MARCH = dt.date(2026, 3, 1)
TODAY = dt.date(2026, 4, 10)


def rows_of(content: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(content.decode("utf-8"))))


@pytest.fixture
def e11(partnership, admit):
    """E11 plus one spell closed before March and one admitted after it (both left out)."""
    p1 = PersonFactory(
        partnership=partnership, nhs_number="9434765919", sex="1", ethnicity="A", has_autism=True
    )
    p2 = PersonFactory(partnership=partnership, nhs_number="4010232137", sex="2", ethnicity="")
    p3 = PersonFactory(
        partnership=partnership,
        nhs_number="9876543210",
        objects_to_at=True,
        date_of_birth=dt.date(1985, 1, 2),
    )
    s1 = admit(dt.date(2026, 1, 5), person=p1, legal_status="S37")
    set_legal_status(s1, dt.date(2026, 1, 5), "S2")
    set_legal_status(s1, dt.date(2026, 2, 1), "S3")
    set_legal_status(s1, dt.date(2026, 4, 2), "S37")  # after the cut: not in March's return
    set_planned_discharge(s1, dt.date(2026, 3, 15), dt.date(2026, 6, 30))
    set_delay(s1, dt.date(2026, 3, 20), dt.date(2026, 3, 20), "")  # ready, no reason: V14
    s2 = admit(
        dt.date(2026, 3, 10),
        person=p2,
        discharged=dt.date(2026, 3, 31),
        destination="SUPPORTED_LIVING",
        legal_status="INFORMAL",
    )
    s3 = admit(dt.date(2026, 3, 31), person=p3, legal_status="S2")
    gone = admit(dt.date(2025, 12, 1), discharged=dt.date(2026, 2, 27))
    later = admit(dt.date(2026, 4, 1), person=gone.person)
    return s1, s2, s3, gone, later


def test_e11_three_rows_each_as_at_the_cut(partnership, e11):
    s1, s2, s3, _gone, _later = e11
    result = build_at_return(partnership=partnership, month=MARCH)
    common = {
        "commissioner_ods": s1.commissioner.ods_code,
        "commissioner_type": "ICB",
        "provider_ods": s1.provider.ods_code,
        "site_ods": s1.site.ods_code,
        "ward_type": "AT_UNIT",
        "security_level": "NONE",
        "admission_kind": "FIRST",
        "on_dsr_before_admission": "N",
        "home_area": "",
        "distance_from_home_km": "",
        "last_cetr_date": "",
        "last_cetr_outcome": "",
        "ehc_plan": "N",
    }
    expected = [
        {
            **common,
            "spell_id": str(s1.pk),
            "nhs_number": "9434765919",
            "date_of_birth": "1990-05-01",
            "gender": "1",
            "ethnicity": "A",
            "patient_category": "LD_AND_AUTISM",
            "admission_date": "2026-01-05",
            "total_length_of_stay_days": "85",
            "legal_status": "S3",
            "planned_discharge_date": "2026-06-30",
            "discharge_date": "",
            "discharge_destination_group": "",
            "clinically_ready_date": "2026-03-20",
            "delay_reason": "",
            "patient_objection": "N",
            "open_at_month_end": "Y",
            "admitted_in_month": "N",
            "discharged_in_month": "N",
        },
        {
            **common,
            "spell_id": str(s2.pk),
            "nhs_number": "4010232137",
            "date_of_birth": "1990-05-01",
            "gender": "2",
            "ethnicity": "99",
            "patient_category": "LD",
            "admission_date": "2026-03-10",
            "total_length_of_stay_days": "21",
            "legal_status": "INFORMAL",
            "planned_discharge_date": "",
            "discharge_date": "2026-03-31",
            "discharge_destination_group": "COMMUNITY",
            "clinically_ready_date": "",
            "delay_reason": "",
            "patient_objection": "N",
            "open_at_month_end": "N",
            "admitted_in_month": "Y",
            "discharged_in_month": "Y",
        },
        {
            **common,
            "spell_id": str(s3.pk),
            "nhs_number": "",
            "date_of_birth": "",
            "gender": "X",
            "ethnicity": "99",
            "patient_category": "LD",
            "admission_date": "2026-03-31",
            "total_length_of_stay_days": "0",
            "legal_status": "S2",
            "planned_discharge_date": "",
            "discharge_date": "",
            "discharge_destination_group": "",
            "clinically_ready_date": "",
            "delay_reason": "",
            "patient_objection": "Y",
            "open_at_month_end": "Y",
            "admitted_in_month": "Y",
            "discharged_in_month": "N",
        },
    ]
    for row in expected:
        row["commissioner_ods"] = common["commissioner_ods"]
    rows = rows_of(result.to_csv())
    assert list(rows[0].keys()) == COLUMNS
    # Each spell's own provider/site (the factory makes one site per ward kind, shared here).
    for got, spell in zip(rows, (s1, s2, s3), strict=True):
        assert got["provider_ods"] == spell.provider.ods_code
        assert got["site_ods"] == spell.site.ods_code
    assert rows == expected
    assert sum(r["open_at_month_end"] == "Y" for r in rows) == 2  # H1 = 2
    assert sum(r["admitted_in_month"] == "Y" for r in rows) == 2
    assert sum(r["discharged_in_month"] == "Y" for r in rows) == 1


def test_validation_names_person_and_field(partnership, e11):
    s1, s2, s3, _gone, _later = e11
    result = build_at_return(partnership=partnership, month=MARCH)
    found = {(f.code, f.spell_id, f.field, f.level) for f in result.findings}
    assert ("V14", s1.pk, "delay_reason", "ERROR") in found
    assert ("V13", s2.pk, "ethnicity", "WARNING") in found
    assert ("V15", s3.pk, "nhs_number, date_of_birth", "INFO") in found
    v14 = next(f for f in result.findings if f.code == "V14")
    assert v14.person == Person.objects.get(pk=s1.person_id).nhs_number
    assert "delay reason" in v14.message


def test_invalid_nhs_number_is_an_error(partnership, admit):
    person = PersonFactory(partnership=partnership, nhs_number="9434765918")
    spell = admit(dt.date(2026, 3, 2), person=person, legal_status="S2")
    result = build_at_return(partnership=partnership, month=MARCH)
    assert [(f.code, f.spell_id, f.field) for f in result.errors] == [
        ("V01", spell.pk, "nhs_number")
    ]


def test_resubmission_shows_diff_and_errors_block_submission(partnership, e11, make_member):
    from django.core.exceptions import ValidationError

    from dashboards.services import mark_submitted

    s1, s2, _s3, _gone, _later = e11
    user = make_member("COMMISSIONER", partnership)
    first = request_run(
        partnership=partnership, kind=ReportKind.AT_RETURN, month=MARCH, by=user, today=TODAY
    )
    first = run_report(run_id=first.pk, today=TODAY)
    assert first.status == RunStatus.SUCCEEDED
    assert first.file.name.endswith("AT_TST_2026-03_v1.csv")
    assert first.summary["errors"] == 1  # V14 on s1
    with pytest.raises(ValidationError, match="1 errors"):
        mark_submitted(run=first, by=user)

    set_delay(s1, dt.date(2026, 3, 25), dt.date(2026, 3, 20), "HOUSING")
    s2.person.ethnicity = "B"
    s2.person.save()
    second = request_run(
        partnership=partnership, kind=ReportKind.AT_RETURN, month=MARCH, by=user, today=TODAY
    )
    second = run_report(run_id=second.pk, today=TODAY)
    first.refresh_from_db()
    assert (first.is_current, second.is_current, second.version) == (False, True, 2)
    assert second.summary["errors"] == 0
    assert second.summary["diff"] == {
        "added": [],
        "removed": [],
        "changed": [
            {
                "spell_id": str(s1.pk),
                "fields": [{"field": "delay_reason", "old": "", "new": "HOUSING"}],
            },
            {"spell_id": str(s2.pk), "fields": [{"field": "ethnicity", "old": "99", "new": "B"}]},
        ],
    }
    submitted = mark_submitted(run=second, by=user)
    assert submitted.is_submitted
    assert submitted.submitted_at is not None


def test_last_cetr_is_the_latest_held_by_the_cut(partnership, admit):
    from reviews.models import CareReview

    spell = admit(dt.date(2026, 1, 5), legal_status="S3")

    def review(held, outcome):
        return CareReview.objects.create(
            partnership=partnership,
            person=spell.person,
            spell=spell,
            review_type="POST_ADMISSION",
            status="HELD",
            held_date=held,
            outcome=outcome,
            is_safe=True,
            is_good_care_now=True,
            has_plans_for_future=True,
            could_care_be_in_community=True,
        )

    review(dt.date(2026, 2, 1), "SAFE_AND_APPROPRIATELY_PLACED")
    review(dt.date(2026, 3, 30), "READY_FOR_DISCHARGE")
    review(dt.date(2026, 4, 2), "NOT_SAFE_OR_NOT_APPROPRIATE")  # after the cut
    [row] = build_at_return(partnership=partnership, month=MARCH).rows
    assert (row["last_cetr_date"], row["last_cetr_outcome"]) == (
        "2026-03-30",
        "READY_FOR_DISCHARGE",
    )


def _held(spell, held, review_type="POST_ADMISSION"):
    from reviews.models import CareReview

    return CareReview.objects.create(
        partnership=spell.partnership,
        person=spell.person,
        spell=spell,
        review_type=review_type,
        status="HELD",
        held_date=held,
        outcome="SAFE_AND_APPROPRIATELY_PLACED",
        is_safe=True,
        is_good_care_now=True,
        has_plans_for_future=True,
        could_care_be_in_community=True,
    )


def test_v12_warns_for_an_inpatient_past_the_post_admission_due_date_with_no_review(
    partnership, admit
):
    # Adult admitted 2 February: R3 due 2 March (28 days); nothing held by 31 March -> V12.
    overdue = admit(
        dt.date(2026, 2, 2),
        person=PersonFactory(partnership=partnership, local_identifier="ESX-0042"),
        legal_status="S3",
    )
    # Same admission date, post-admission CTR held on 20 February -> no warning.
    reviewed = admit(dt.date(2026, 2, 2), legal_status="S3")
    _held(reviewed, dt.date(2026, 2, 20))
    # Admitted 20 March: R3 due 17 April, after the cut -> not yet due, no warning.
    not_due = admit(dt.date(2026, 3, 20), legal_status="S2")
    # Held late but before the cut (due 2 March, held 25 March): a review is recorded -> none.
    late = admit(dt.date(2026, 2, 2), legal_status="S3")
    _held(late, dt.date(2026, 3, 25))
    # Held after the cut (2 April): as at the cut there was none -> V12.
    after_cut = admit(dt.date(2026, 2, 2), legal_status="S3")
    _held(after_cut, dt.date(2026, 4, 2))
    # Child (15) admitted Monday 2 March: R4 due 16 March (10 working days) -> V12.
    child = admit(dt.date(2026, 3, 2), dob=dt.date(2010, 6, 1), legal_status="S2")

    result = build_at_return(partnership=partnership, month=MARCH)
    v12 = {f.spell_id: f for f in result.findings if f.code == "V12"}
    assert set(v12) == {overdue.pk, after_cut.pk, child.pk}
    for quiet in (reviewed, not_due, late):
        assert quiet.pk not in v12
    finding = v12[overdue.pk]
    assert (finding.level, finding.person, finding.field) == (
        "WARNING",
        "ESX-0042",
        "last_cetr_date",
    )
    assert "(R3) was due by 02 March 2026" in finding.message
    assert "(R4) was due by 16 March 2026" in v12[child.pk].message
    assert not [f for f in result.errors if f.code == "V12"]  # a warning: does not block


def test_v12_ignores_a_spell_discharged_in_the_month(partnership, admit):
    admit(dt.date(2026, 1, 5), discharged=dt.date(2026, 3, 10), legal_status="S3")
    result = build_at_return(partnership=partnership, month=MARCH)
    assert [f for f in result.findings if f.code == "V12"] == []


def test_distance_from_home_is_between_postcode_district_centres(partnership, admit, ward_of):
    nottingham = ward_of(postcode="NG1 5AA")
    far = admit(
        dt.date(2026, 2, 2),
        person=PersonFactory(partnership=partnership, home_postcode="MK40 2AB"),
        ward=nottingham,
        legal_status="S3",
    )
    near = admit(
        dt.date(2026, 2, 2),
        person=PersonFactory(partnership=partnership, home_postcode="mk41 7xy"),
        legal_status="S3",
    )  # site MK40 1AA
    unknown = admit(dt.date(2026, 2, 2), legal_status="S3")  # no home postcode
    rows = {r["spell_id"]: r for r in build_at_return(partnership=partnership, month=MARCH).rows}
    assert rows[str(far.pk)]["distance_from_home_km"] == "102"  # Bedford to Nottingham
    assert int(rows[str(near.pk)]["distance_from_home_km"]) <= 5  # neighbouring districts
    assert rows[str(unknown.pk)]["distance_from_home_km"] == ""


def test_the_return_costs_the_same_queries_for_3_or_12_inpatients(partnership, admit):
    """V12 asks the schedule engine about every inpatient: their facts are read for all of them
    at once (reviews.services.schedule_facts_for), not person by person."""

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            build_at_return(partnership=partnership, month=MARCH)
        return len(captured)

    for _ in range(3):
        _held(admit(dt.date(2026, 2, 2), legal_status="S3"), dt.date(2026, 2, 20))
    few = queries()
    for _ in range(9):
        _held(admit(dt.date(2026, 2, 2), legal_status="S3"), dt.date(2026, 2, 20))
    assert queries() == few
