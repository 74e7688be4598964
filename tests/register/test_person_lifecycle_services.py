"""Death, transfer between partnerships, care coordinators and community records."""

import datetime as dt

import pytest
from django.utils import timezone

from accounts.models import AuditAction, AuditEvent, Role
from register import services
from register.models import (
    CareCoordinatorAssignment,
    CoordinatorContact,
    DsrEntry,
    HospitalSpell,
    Person,
    RiskRating,
    WardStay,
)
from tests.factories import (
    CoordinatorAssignmentFactory,
    HospitalSpellFactory,
    PersonFactory,
    RiskRatingFactory,
    WardFactory,
)

from .conftest import refused

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def test_death_closes_the_open_spell_and_the_dsr_entry(partnership, commissioner):
    spell = HospitalSpellFactory(person__partnership=partnership)
    RiskRatingFactory(
        dsr_entry__person=spell.person, rag="BLUE", effective_date=dt.date(2026, 3, 2)
    )
    services.record_death(person=spell.person, by=commissioner, date_of_death=dt.date(2026, 5, 1))
    spell.refresh_from_db()
    assert (spell.discharge_date, spell.discharge_destination) == (dt.date(2026, 5, 1), "DIED")
    assert WardStay.objects.get(spell=spell).end_date == dt.date(2026, 5, 1)
    entry = DsrEntry.objects.get(person=spell.person)
    assert (entry.status, entry.closed_on, entry.closed_reason) == (
        "CLOSED",
        dt.date(2026, 5, 1),
        "DIED",
    )
    assert Person.objects.get(pk=spell.person_id).date_of_death == dt.date(2026, 5, 1)
    assert not RiskRating.objects.filter(
        rag="RED"
    ).exists()  # no post-discharge rating after a death
    assert AuditEvent.objects.filter(
        action=AuditAction.UPDATE, object_type="register.Person"
    ).exists()


def test_death_dates_are_checked(partnership, commissioner):
    spell = HospitalSpellFactory(person__partnership=partnership)
    with refused("date_of_death", "on or after the last admission (2 March 2026)"):
        services.record_death(
            person=spell.person, by=commissioner, date_of_death=dt.date(2026, 3, 1)
        )
    with refused("date_of_death", "today or in the past"):
        services.record_death(
            person=spell.person, by=commissioner, date_of_death=TODAY + dt.timedelta(days=1)
        )
    services.record_death(person=spell.person, by=commissioner, date_of_death=dt.date(2026, 5, 1))
    with refused("date_of_death", "already recorded"):
        services.record_death(
            person=spell.person, by=commissioner, date_of_death=dt.date(2026, 5, 2)
        )


def test_no_admission_after_death(partnership, commissioner, icb):
    person = PersonFactory(partnership=partnership)
    services.record_death(person=person, by=commissioner, date_of_death=dt.date(2026, 1, 1))
    ward = WardFactory()
    with refused("admission_date", "on or before the date of death (1 January 2026)"):
        services.admit_person(
            person=person,
            by=commissioner,
            admission_date=dt.date(2026, 2, 1),
            ward=ward,
            commissioner=icb,
            admission_source="COMMUNITY",
        )


def test_transfer_between_partnerships_moves_every_row_and_audits_both_sides(
    partnership, other_partnership, commissioner
):
    spell = HospitalSpellFactory(person__partnership=partnership)
    person = spell.person
    RiskRatingFactory(dsr_entry__person=person, rag="BLUE", effective_date=dt.date(2026, 3, 2))
    assignment = CoordinatorAssignmentFactory(person=person)
    services.transfer_partnership(
        person=person, by=commissioner, to_partnership=other_partnership, on=dt.date(2026, 6, 1)
    )
    for model in (Person, HospitalSpell, WardStay, DsrEntry, RiskRating, CareCoordinatorAssignment):
        assert set(model.objects.values_list("partnership", flat=True)) == {other_partnership.pk}, (
            model
        )
    assignment.refresh_from_db()
    assert assignment.end_date == dt.date(2026, 6, 1)
    sides = AuditEvent.objects.filter(object_type="register.Person", summary__has_key="transfer")
    assert set(sides.values_list("partnership_id", flat=True)) == {
        partnership.pk,
        other_partnership.pk,
    }
    assert not Person.objects.visible_to(commissioner).exists()


def test_transfer_to_the_same_partnership_is_refused(partnership, commissioner):
    person = PersonFactory(partnership=partnership)
    with refused("to_partnership", "different partnership"):
        services.transfer_partnership(
            person=person, by=commissioner, to_partnership=partnership, on=dt.date(2026, 6, 1)
        )


def test_a_new_coordinator_ends_the_current_assignment(partnership, commissioner, make_member):
    coordinator = make_member(Role.CARE_COORDINATOR, partnership)
    current = CoordinatorAssignmentFactory(
        person__partnership=partnership, start_date=dt.date(2025, 1, 1)
    )
    new = services.assign_coordinator(
        person=current.person,
        by=commissioner,
        start_date=dt.date(2026, 2, 1),
        user=coordinator,
        is_cpa=True,
    )
    current.refresh_from_db()
    assert current.end_date == dt.date(2026, 2, 1)
    assert (new.user, new.is_cpa, new.assigned_by, new.end_date) == (
        coordinator,
        True,
        commissioner,
        None,
    )
    assert Person.objects.visible_to(coordinator).get() == current.person


def test_coordinator_rules(partnership, other_partnership, commissioner, make_member):
    current = CoordinatorAssignmentFactory(
        person__partnership=partnership, start_date=dt.date(2026, 1, 1)
    )
    outsider = make_member(Role.CARE_COORDINATOR, other_partnership)
    with refused("user", "Choose a care coordinator"):
        services.assign_coordinator(
            person=current.person, by=commissioner, start_date=dt.date(2026, 2, 1)
        )
    with refused("user", "not a member of the person's partnership"):
        services.assign_coordinator(
            person=current.person, by=commissioner, start_date=dt.date(2026, 2, 1), user=outsider
        )
    with refused("user", "already the person's care coordinator"):
        services.assign_coordinator(
            person=current.person,
            by=commissioner,
            start_date=dt.date(2026, 2, 1),
            external_name="jo keyworker",
        )
    with refused("start_date", "on or after the current coordinator's start date (1 January 2026)"):
        services.assign_coordinator(
            person=current.person,
            by=commissioner,
            start_date=dt.date(2025, 12, 1),
            external_name="Sam Lead",
        )


def test_community_records_are_dated_facts(partnership, commissioner):
    person = PersonFactory(partnership=partnership)
    contact = services.record_coordinator_contact(
        person=person, by=commissioner, contact_date=dt.date(2026, 3, 1), mode="FACE_TO_FACE"
    )
    assert CoordinatorContact.objects.get() == contact
    assert AuditEvent.objects.filter(
        object_type="register.CoordinatorContact", action=AuditAction.CREATE
    ).exists()
    with refused("end_date", "on or after the start date"):
        services.record_accommodation(
            person=person,
            by=commissioner,
            type="SUPPORTED_LIVING",
            start_date=dt.date(2026, 3, 1),
            end_date=dt.date(2026, 2, 1),
        )
    with refused("mode", "not a valid choice"):
        services.record_coordinator_contact(
            person=person, by=commissioner, contact_date=dt.date(2026, 3, 1), mode="CARRIER_PIGEON"
        )
    with refused("referral_date", "today or in the past"):
        services.record_psychiatric_referral(
            person=person, by=commissioner, referral_date=TODAY + dt.timedelta(days=1)
        )
