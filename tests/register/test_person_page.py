"""The person page: summary card, current spell, key dates with overdue tags, one timeline;
each view is audited."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditAction, AuditEvent, OrganisationType, Role
from register import services
from register.rules import add_years
from tests.factories import (
    CoordinatorAssignmentFactory,
    OrganisationFactory,
    PersonFactory,
    SiteFactory,
    WardFactory,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def page(client, person):
    return client.get(reverse("register:person_detail", args=[person.pk]))


def test_viewing_a_person_is_audited(login_as, partnership):
    person = PersonFactory(partnership=partnership)
    client = login_as(Role.COMMISSIONER)
    assert page(client, person).status_code == 200
    event = AuditEvent.objects.get(action=AuditAction.VIEW, object_type="register.Person")
    assert (event.person_id, event.user, event.partnership_id) == (
        person.pk,
        client.user,
        partnership.pk,
    )


def test_the_summary_shows_nhs_number_3_3_4_age_and_community_status(login_as, partnership):
    person = PersonFactory(
        partnership=partnership,
        nhs_number="9434765919",
        given_name="Robin",
        family_name="Hale",
        date_of_birth=add_years(TODAY, -30),
    )
    body = page(login_as(Role.COMMISSIONER), person).content.decode()
    assert "943 476 5919" in body
    assert "9434765919" not in body
    assert "Robin Hale" in body
    assert "(age 30)" in body
    assert "Adult" in body
    assert "In the community" in body
    assert "Not on the DSR" in body
    assert "Care plan review due" in body
    assert "No review recorded" in body


def test_an_inpatient_page_shows_spell_ward_area_rag_coordinator_and_timeline(
    login_as, partnership, make_member
):
    commissioner = make_member(Role.COMMISSIONER, partnership)
    partnership.members.add(
        OrganisationFactory(type=OrganisationType.ICB, postcode_districts="MK40")
    )
    person = PersonFactory(
        partnership=partnership,
        date_of_birth=add_years(TODAY, -16),
        consent_basis="PARENTAL_RESPONSIBILITY",
        consent_date=dt.date(2026, 1, 1),
    )
    site = SiteFactory(name="Oak House", postcode="MK40 3XY")
    ward = WardFactory(site=site, name="Willow", bed_type="CAMHS_T4")
    nhse = OrganisationFactory(type=OrganisationType.NHSE_SPEC, name="NHSE Spec")
    spell = services.admit_person(
        person=person,
        by=commissioner,
        admission_date=dt.date(2026, 3, 2),
        ward=ward,
        commissioner=nhse,
        admission_source="COMMUNITY",
        legal_status="S2",
        planned_discharge_date=dt.date(2026, 6, 1),
    )
    services.move_ward(
        spell=spell,
        by=commissioner,
        ward=WardFactory(site=site, name="Birch"),
        move_date=dt.date(2026, 4, 1),
    )
    services.record_discharge_delay(
        spell=spell,
        by=commissioner,
        clinically_ready_date=dt.date(2026, 9, 1),
        delay_reason="HOUSING",
        effective_date=dt.date(2026, 9, 1),
    )
    CoordinatorAssignmentFactory(person=person, external_name="Jo Keyworker")
    body = page(login_as(Role.COMMISSIONER), person).content.decode()
    for text in [
        "Oak House",
        "Birch",
        "In area",
        "NHS England specialised",
        "MHA section 2",
        "Blue (inpatient)",
        "Jo Keyworker",
        "Transition (14 to 17)",
        "Young person (transition)",
        "Delayed",
        "Overdue",  # planned discharge date 1 June 2026 has passed
        "Admitted to hospital",
        "Moved to Birch",
        "DSR rating: Blue (inpatient)",
        "Legal status: MHA section 2",
        "Planned discharge date: 1 June 2026",
        "Clinically ready for discharge from 1 September 2026",
        "Transition planning starts by",
    ]:
        assert text in body, text


def test_out_of_area_is_derived_from_the_site_postcode(login_as, partnership, make_member):
    partnership.members.add(
        OrganisationFactory(type=OrganisationType.ICB, postcode_districts="MK40")
    )
    commissioner = make_member(Role.COMMISSIONER, partnership)
    person = PersonFactory(partnership=partnership)
    services.admit_person(
        person=person,
        by=commissioner,
        admission_date=dt.date(2026, 3, 2),
        ward=WardFactory(site=SiteFactory(postcode="NG7 2UH")),
        commissioner=OrganisationFactory(type=OrganisationType.ICB),
        admission_source="COMMUNITY",
    )
    assert "Out of area" in page(login_as(Role.COMMISSIONER), person).content.decode()


@pytest.mark.parametrize("spells", [1, 3])
def test_the_person_page_runs_a_fixed_number_of_queries(
    login_as, partnership, make_member, django_assert_num_queries, spells
):
    commissioner = make_member(Role.COMMISSIONER, partnership)
    person = PersonFactory(
        partnership=partnership, consent_basis="CONSENT", consent_date=dt.date(2025, 1, 1)
    )
    ward = WardFactory()
    icb = OrganisationFactory(type=OrganisationType.ICB)
    for year in (2023, 2024, 2025)[:spells]:
        spell = services.admit_person(
            person=person,
            by=commissioner,
            admission_date=dt.date(year, 1, 1),
            ward=ward,
            commissioner=icb,
            admission_source="COMMUNITY",
        )
        services.move_ward(
            spell=spell,
            by=commissioner,
            ward=WardFactory(site=ward.site),
            move_date=dt.date(year, 2, 1),
        )
        services.discharge_spell(
            spell=spell,
            by=commissioner,
            discharge_date=dt.date(year, 3, 1),
            destination="FAMILY_HOME",
        )
    client = login_as(Role.COMMISSIONER)
    # 27 reads (one of them django-otp's OTPMiddleware loading the session's verified device,
    # one the "who has looked" panel, five the reviews section), the audit row, the session save
    # (savepoint, update, release): the same for any number of spells
    with django_assert_num_queries(31):
        assert page(client, person).status_code == 200


def test_actions_follow_the_role(login_as, partnership):
    person = PersonFactory(partnership=partnership)
    commissioner_body = page(login_as(Role.COMMISSIONER), person).content.decode()
    admin_body = page(login_as(Role.PARTNERSHIP_ADMIN), person).content.decode()
    assert reverse("register:person_admit", args=[person.pk]) in commissioner_body
    assert reverse("register:person_admit", args=[person.pk]) not in admin_body


def test_commissioners_see_who_has_looked_at_the_record(login_as, partnership, make_member):
    person = PersonFactory(partnership=partnership)
    nosy = make_member(Role.CARE_COORDINATOR, partnership, email="nosy.reader@example.nhs.uk")
    CoordinatorAssignmentFactory(person=person, user=nosy)
    assert page(login_as(Role.CARE_COORDINATOR, user=nosy), person).status_code == 200
    body = page(login_as(Role.COMMISSIONER), person).content.decode()
    assert "Who has looked at this record" in body
    assert "nosy.reader@example.nhs.uk" in body


def test_care_coordinators_do_not_see_who_has_looked(login_as, partnership, make_member):
    coordinator = make_member(Role.CARE_COORDINATOR, partnership)
    person = PersonFactory(partnership=partnership)
    CoordinatorAssignmentFactory(person=person, user=coordinator)
    body = page(login_as(Role.CARE_COORDINATOR, user=coordinator), person).content.decode()
    assert "Who has looked at this record" not in body
