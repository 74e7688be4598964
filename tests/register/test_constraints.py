"""Database constraints hold even when a caller bypasses the services (DOMAIN.md 3)."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from accounts.models import Role
from register.models import HospitalSpell, Person, WardStay
from tests.factories import (
    CoordinatorAssignmentFactory,
    HospitalSpellFactory,
    PersonFactory,
    WardFactory,
)

pytestmark = pytest.mark.django_db


def _refused(constraint: str):
    return pytest.raises(IntegrityError, match=constraint)


def test_nhs_number_is_unique_across_partnerships(partnership, other_partnership):
    person = PersonFactory(partnership=partnership)
    with _refused("person_nhs_number_unique"), transaction.atomic():
        PersonFactory(partnership=other_partnership, nhs_number=person.nhs_number)


def test_a_person_without_nhs_number_needs_a_reason_and_local_id(partnership):
    with _refused("person_nhs_number_or_reason_and_local_id"), transaction.atomic():
        PersonFactory(partnership=partnership, nhs_number=None)
    PersonFactory(
        partnership=partnership,
        nhs_number=None,
        nhs_number_absent_reason="PENDING_TRACE",
        local_identifier="LOCAL-1",
    )
    assert Person.objects.filter(nhs_number__isnull=True).count() == 1


def test_a_person_needs_ld_or_autism(partnership):
    with _refused("person_has_ld_or_autism"), transaction.atomic():
        PersonFactory(partnership=partnership, has_learning_disability=False, has_autism=False)


def test_discharge_cannot_precede_admission(partnership):
    spell = HospitalSpellFactory(person__partnership=partnership)
    with (
        _refused("spell_discharge_not_before_admission|wardstay_inside_spell"),
        transaction.atomic(),
    ):
        HospitalSpell.objects.filter(pk=spell.pk).update(
            discharge_date=dt.date(2026, 3, 1), discharge_destination="FAMILY_HOME"
        )


def test_admission_cannot_precede_birth(partnership):
    person = PersonFactory(partnership=partnership, date_of_birth=dt.date(2000, 1, 1))
    with _refused("spell_admission_not_before_birth"), transaction.atomic():
        HospitalSpellFactory(person=person, admission_date=dt.date(1999, 12, 31))


def test_only_one_open_spell_per_person(partnership):
    spell = HospitalSpellFactory(person__partnership=partnership)
    with _refused("spell_one_open_per_person|spell_no_overlap_per_person"), transaction.atomic():
        HospitalSpellFactory(person=spell.person, admission_date=dt.date(2026, 4, 1))


def test_spells_of_a_person_never_overlap(partnership):
    first = HospitalSpellFactory(
        person__partnership=partnership,
        admission_date=dt.date(2025, 1, 1),
        discharge_date=dt.date(2025, 6, 1),
        discharge_destination="FAMILY_HOME",
    )
    with _refused("spell_no_overlap_per_person"), transaction.atomic():
        HospitalSpellFactory(
            person=first.person,
            admission_date=dt.date(2025, 5, 1),
            discharge_date=dt.date(2025, 7, 1),
            discharge_destination="FAMILY_HOME",
        )
    # Discharged from one hospital and admitted to another the same day is not an overlap.
    HospitalSpellFactory(person=first.person, admission_date=dt.date(2025, 6, 1))
    assert HospitalSpell.objects.filter(person=first.person).count() == 2


def test_a_ward_stay_must_lie_inside_its_spell(partnership):
    spell = HospitalSpellFactory(person__partnership=partnership)
    with _refused("wardstay_inside_spell"), transaction.atomic():
        WardStay.objects.create(
            partnership=partnership,
            person=spell.person,
            spell=spell,
            ward=WardFactory(),
            start_date=dt.date(2026, 2, 1),
            end_date=dt.date(2026, 2, 5),
        )


def test_ward_stays_do_not_overlap(partnership):
    spell = HospitalSpellFactory(person__partnership=partnership)
    with (
        _refused("wardstay_one_open_per_spell|wardstay_no_overlap_per_spell"),
        transaction.atomic(),
    ):
        WardStay.objects.create(
            partnership=partnership,
            person=spell.person,
            spell=spell,
            ward=WardFactory(),
            start_date=dt.date(2026, 3, 10),
        )


def test_discharge_needs_a_destination(partnership):
    spell = HospitalSpellFactory(person__partnership=partnership)
    WardStay.objects.filter(spell=spell).update(end_date=dt.date(2026, 4, 1))
    with _refused("spell_destination_iff_discharged"), transaction.atomic():
        HospitalSpell.objects.filter(pk=spell.pk).update(discharge_date=dt.date(2026, 4, 1))


def test_a_delay_needs_a_reason(partnership):
    spell = HospitalSpellFactory(person__partnership=partnership)
    with _refused("spell_delay_needs_reason"), transaction.atomic():
        HospitalSpell.objects.filter(pk=spell.pk).update(clinically_ready_date=dt.date(2026, 4, 1))


def test_one_current_coordinator_per_person(partnership):
    assignment = CoordinatorAssignmentFactory(person__partnership=partnership)
    with _refused("coordinator_one_current_per_person"), transaction.atomic():
        CoordinatorAssignmentFactory(person=assignment.person)


def test_coordinators_see_only_their_caseload(partnership, make_member):
    coordinator = make_member(Role.CARE_COORDINATOR, partnership)
    mine = CoordinatorAssignmentFactory(person__partnership=partnership, user=coordinator).person
    PersonFactory(partnership=partnership)
    commissioner = make_member(Role.COMMISSIONER, partnership)
    assert list(Person.objects.visible_to(coordinator)) == [mine]
    assert Person.objects.visible_to(commissioner).count() == 2


def test_people_of_another_partnership_are_invisible(partnership, other_partnership, make_member):
    PersonFactory(partnership=other_partnership)
    commissioner = make_member(Role.COMMISSIONER, partnership)
    assert not Person.objects.visible_to(commissioner).exists()
