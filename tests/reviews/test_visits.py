"""Commissioner oversight visits: dated inside the spell, concerns described (R8, R9)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from accounts.models import AuditAction, AuditEvent
from register.models import DischargeDestination
from reviews.models import OversightVisit, ScheduledItem
from reviews.services import record_oversight_visit
from tests.factories import HospitalSpellFactory

from .conftest import TODAY

pytestmark = pytest.mark.django_db


def test_visit_is_recorded_audited_and_moves_the_next_visit(
    spell, commissioner, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        visit = record_oversight_visit(
            spell=spell,
            by=commissioner,
            visit_date=dt.date(2026, 3, 10),
            is_host_commissioner=True,
            has_concerns=True,
            concerns="Restrictive practice on the ward",
            today=TODAY,
        )
    assert visit.visitor == commissioner
    assert AuditEvent.objects.filter(
        action=AuditAction.CREATE, object_type="reviews.OversightVisit"
    ).exists()
    # E7: the next adult visit is due 56 days after the last one.
    next_visit = ScheduledItem.objects.get(
        person=spell.person, rule_id="R8", anchor_date=dt.date(2026, 3, 10)
    )
    assert next_visit.due_date == dt.date(2026, 5, 5)
    first = ScheduledItem.objects.get(
        person=spell.person, rule_id="R8", anchor_date=spell.admission_date
    )
    assert first.satisfied_by_visit == visit


def test_visit_date_must_fall_inside_the_spell(spell, commissioner, nothing_written):
    with nothing_written(), pytest.raises(ValidationError) as error:
        record_oversight_visit(
            spell=spell, by=commissioner, visit_date=dt.date(2026, 2, 28), today=TODAY
        )
    assert error.value.message_dict["visit_date"] == [
        "The visit date must fall inside the hospital stay, between 2 March 2026 and today."
    ]


def test_visit_after_discharge_is_refused(person, non_secure_ward, commissioner, nothing_written):
    spell = HospitalSpellFactory(
        person=person,
        ward=non_secure_ward,
        admission_date=dt.date(2026, 1, 5),
        discharge_date=dt.date(2026, 2, 10),
        discharge_destination=DischargeDestination.FAMILY_HOME,
    )
    with nothing_written(), pytest.raises(ValidationError) as error:
        record_oversight_visit(
            spell=spell, by=commissioner, visit_date=dt.date(2026, 2, 11), today=TODAY
        )
    assert "10 February 2026" in error.value.message_dict["visit_date"][0]


def test_visit_cannot_be_in_the_future(spell, commissioner, nothing_written):
    with nothing_written(), pytest.raises(ValidationError) as error:
        record_oversight_visit(
            spell=spell, by=commissioner, visit_date=TODAY + dt.timedelta(days=1), today=TODAY
        )
    assert error.value.message_dict["visit_date"] == ["The visit date cannot be in the future."]


def test_concerns_raised_need_describing(spell, commissioner, nothing_written):
    with nothing_written(), pytest.raises(ValidationError) as error:
        record_oversight_visit(
            spell=spell,
            by=commissioner,
            visit_date=dt.date(2026, 3, 10),
            has_concerns=True,
            today=TODAY,
        )
    assert error.value.message_dict["concerns"] == [
        "Describe the concerns raised during the visit."
    ]
    assert not OversightVisit.objects.exists()
