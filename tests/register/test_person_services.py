"""create_person / update_person: NHS number, dates, duplicates, audit, nothing half-written."""

import datetime as dt

import pytest
from django.utils import timezone

from accounts.models import AuditAction, AuditEvent, Role
from register import services
from register.models import Person
from register.services import people as people_services
from register.signals import person_changed
from tests.factories import HospitalSpellFactory, PersonFactory, synthetic_nhs_numbers

from .conftest import refused

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def person_fields(**overrides):
    return {
        "nhs_number": "943 476 5919",
        "given_name": "Alex",
        "family_name": "Morgan",
        "date_of_birth": dt.date(1990, 5, 1),
        "has_learning_disability": True,
    } | overrides


def test_a_person_is_added_with_the_nhs_number_stored_as_ten_digits_and_audited(
    partnership, commissioner, django_capture_on_commit_callbacks
):
    heard = []
    person_changed.connect(
        lambda sender, person_id, **kw: heard.append(person_id),
        weak=False,
        dispatch_uid="test-heard",
    )
    try:
        with django_capture_on_commit_callbacks(execute=True):
            person = services.create_person(
                partnership=partnership, by=commissioner, **person_fields()
            )
    finally:
        person_changed.disconnect(dispatch_uid="test-heard")
    assert person.nhs_number == "9434765919"
    event = AuditEvent.objects.get(action=AuditAction.CREATE, object_type="register.Person")
    assert event.person_id == person.pk
    assert event.user == commissioner
    assert event.partnership_id == partnership.pk
    assert event.summary["created"]["family_name"] == "Morgan"
    assert heard == [person.pk]


@pytest.mark.parametrize(
    ("typed", "why"),
    [
        ("943 476 591", "must be 10 digits (you entered 9)"),
        ("943 476 59190", "must be 10 digits (you entered 11)"),
        ("943 476 591X", "must contain only numbers"),
        ("943 476 5918", "the check digit is wrong"),  # DOMAIN.md E16
    ],
)
def test_an_invalid_nhs_number_is_refused_saying_why(partnership, commissioner, typed, why):
    with refused("nhs_number", why):
        services.create_person(
            partnership=partnership, by=commissioner, **person_fields(nhs_number=typed)
        )


def test_nhs_number_examples_of_domain_e16_are_accepted(partnership, commissioner):
    for typed in ("9434765919", "401 023 2137"):
        services.create_person(
            partnership=partnership,
            by=commissioner,
            **person_fields(nhs_number=typed, given_name=f"G{typed[:3]}"),
            confirm_possible_duplicate=True,
        )
    assert set(Person.objects.values_list("nhs_number", flat=True)) == {"9434765919", "4010232137"}


def test_without_an_nhs_number_a_reason_and_a_local_identifier_are_needed(
    partnership, commissioner
):
    with refused("nhs_number", "choose why there is none"):
        services.create_person(
            partnership=partnership, by=commissioner, **person_fields(nhs_number="")
        )
    with refused("local_identifier", "Enter a local identifier"):
        services.create_person(
            partnership=partnership,
            by=commissioner,
            **person_fields(nhs_number="", nhs_number_absent_reason="PENDING_TRACE"),
        )
    person = services.create_person(
        partnership=partnership,
        by=commissioner,
        **person_fields(
            nhs_number="", nhs_number_absent_reason="PENDING_TRACE", local_identifier="L-1"
        ),
    )
    assert person.nhs_number is None


def test_date_of_birth_cannot_be_in_the_future(partnership, commissioner):
    with refused("date_of_birth", "must be today or in the past"):
        services.create_person(
            partnership=partnership,
            by=commissioner,
            **person_fields(date_of_birth=TODAY + dt.timedelta(days=1)),
        )


def test_date_of_birth_cannot_be_over_110_years_ago(partnership, commissioner):
    with refused("date_of_birth", "within the last 110 years"):
        services.create_person(
            partnership=partnership,
            by=commissioner,
            **person_fields(date_of_birth=TODAY.replace(year=TODAY.year - 111)),
        )


def test_a_person_needs_learning_disability_or_autism(partnership, commissioner):
    with refused("has_learning_disability", "learning disability, autism or both"):
        services.create_person(
            partnership=partnership, by=commissioner, **person_fields(has_learning_disability=False)
        )


def test_names_postcode_and_consent_are_checked(partnership, commissioner):
    with refused("given_name", "Enter the given name"):
        services.create_person(
            partnership=partnership, by=commissioner, **person_fields(given_name=" ")
        )
    with refused("home_postcode", "full UK postcode"):
        services.create_person(
            partnership=partnership, by=commissioner, **person_fields(home_postcode="MK40")
        )
    with refused("consent_date", "Enter the date consent"):
        services.create_person(
            partnership=partnership, by=commissioner, **person_fields(consent_basis="CONSENT")
        )


def test_a_taken_nhs_number_visible_to_the_user_links_to_the_existing_person(
    partnership, commissioner
):
    existing = PersonFactory(partnership=partnership, nhs_number="9434765919")
    with refused("nhs_number", "Open the existing record") as info:
        services.create_person(
            partnership=partnership, by=commissioner, **person_fields(given_name="Other")
        )
    assert services.duplicate_person_ids(info.value) == [existing.pk]


def test_a_taken_nhs_number_in_another_partnership_gives_a_neutral_message(
    partnership, other_partnership, commissioner
):
    PersonFactory(partnership=other_partnership, nhs_number="9434765919", family_name="Hidden")
    with refused("nhs_number", "already on the register. Check you typed it correctly") as info:
        services.create_person(partnership=partnership, by=commissioner, **person_fields())
    assert services.duplicate_person_ids(info.value) == []
    text = " ".join(info.value.messages)
    assert "Hidden" not in text
    assert other_partnership.name not in text


def test_a_taken_nhs_number_outside_a_coordinators_caseload_gives_the_neutral_message(
    partnership, make_member
):
    coordinator = make_member(Role.CARE_COORDINATOR, partnership)
    PersonFactory(partnership=partnership, nhs_number="9434765919")
    with refused("nhs_number", "Check you typed it correctly") as info:
        services.create_person(partnership=partnership, by=coordinator, **person_fields())
    assert services.duplicate_person_ids(info.value) == []


def test_same_birth_date_and_similar_name_needs_confirmation(partnership, commissioner):
    existing = PersonFactory(
        partnership=partnership,
        given_name="Alexander",
        family_name="Morgan",
        date_of_birth=dt.date(1990, 5, 1),
    )
    with refused("confirm_possible_duplicate", "similar name") as info:
        services.create_person(
            partnership=partnership, by=commissioner, **person_fields(given_name="Alex")
        )
    assert services.duplicate_person_ids(info.value) == [existing.pk]
    person = services.create_person(
        partnership=partnership,
        by=commissioner,
        confirm_possible_duplicate=True,
        **person_fields(given_name="Alex"),
    )
    assert person.pk != existing.pk


def test_a_similar_name_with_another_birth_date_or_in_another_partnership_is_no_warning(
    partnership, other_partnership, commissioner
):
    PersonFactory(
        partnership=partnership,
        given_name="Alex",
        family_name="Morgan",
        date_of_birth=dt.date(1991, 5, 1),
    )
    PersonFactory(
        partnership=other_partnership,
        given_name="Alex",
        family_name="Morgan",
        date_of_birth=dt.date(1990, 5, 1),
    )
    PersonFactory(
        partnership=partnership,
        given_name="Sam",
        family_name="Okafor",
        date_of_birth=dt.date(1990, 5, 1),
    )
    services.create_person(partnership=partnership, by=commissioner, **person_fields())


def test_a_race_past_the_nhs_number_check_becomes_a_plain_message(
    partnership, commissioner, monkeypatch
):
    PersonFactory(partnership=partnership, nhs_number="9434765919")
    monkeypatch.setattr(people_services, "_refuse_taken_nhs_number", lambda person, by: None)
    with refused("nhs_number", "already on the register"):
        services.create_person(
            partnership=partnership,
            by=commissioner,
            confirm_possible_duplicate=True,
            **person_fields(),
        )


def test_update_changes_only_the_given_fields_and_audits_before_and_after(
    partnership, commissioner
):
    person = PersonFactory(partnership=partnership, family_name="Old")
    services.update_person(
        person=person, by=commissioner, family_name="New", home_postcode="mk40 1aa"
    )
    person.refresh_from_db()
    assert (person.family_name, person.home_postcode) == ("New", "MK40 1AA")
    event = AuditEvent.objects.get(action=AuditAction.UPDATE)
    assert event.summary["changed"]["family_name"] == {"from": "Old", "to": "New"}
    assert "given_name" not in event.summary["changed"]


def test_update_refuses_a_birth_date_after_an_admission(partnership, commissioner):
    spell = HospitalSpellFactory(
        person__partnership=partnership, admission_date=dt.date(2020, 1, 1)
    )
    with refused("date_of_birth", "on or before the first admission (1 January 2020)"):
        services.update_person(
            person=spell.person, by=commissioner, date_of_birth=dt.date(2021, 1, 1)
        )


def test_update_refuses_an_nhs_number_already_held(partnership, commissioner):
    first, second = PersonFactory.create_batch(2, partnership=partnership)
    with refused("nhs_number", "already on the register"):
        services.update_person(person=second, by=commissioner, nhs_number=first.nhs_number)


def test_unknown_fields_are_a_programming_error(partnership, commissioner):
    with pytest.raises(TypeError, match="date_of_death"):
        services.create_person(
            partnership=partnership, by=commissioner, **person_fields(date_of_death=TODAY)
        )


def test_synthetic_numbers_from_the_factory_are_valid():
    assert all(people_services.nhs_number_problem(n) is None for n in synthetic_nhs_numbers(20))
