"""Forms that change a hospital spell, through the same services."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from accounts.models import OrganisationType, Role
from register.models import HospitalSpell, WardStay
from tests.factories import (
    CoordinatorAssignmentFactory,
    HospitalSpellFactory,
    OrganisationFactory,
    PersonFactory,
    WardFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(login_as):
    return login_as(Role.COMMISSIONER)


@pytest.fixture
def spell(partnership):
    return HospitalSpellFactory(person__partnership=partnership)


def url(name, spell):
    return reverse(f"register:{name}", args=[spell.pk])


def test_admitting_through_the_form(client, partnership):
    person = PersonFactory(partnership=partnership)
    ward = WardFactory(name="Cedar")
    icb = OrganisationFactory(type=OrganisationType.ICB)
    admit = reverse("register:person_admit", args=[person.pk])
    assert "Cedar" in client.get(admit).content.decode()
    data = {
        "admission_date": "2026-03-02",
        "ward": ward.pk,
        "commissioner": icb.pk,
        "admission_source": "COMMUNITY",
        "legal_status": "S3",
    }
    response = client.post(admit, data, follow=True)
    assert "Admission recorded" in response.content.decode()
    spell = HospitalSpell.objects.get(person=person)
    assert (spell.legal_status, spell.commissioner_type) == ("S3", "ICB")
    again = client.post(admit, data | {"admission_date": "2026-04-01"})
    assert "already in hospital" in again.content.decode()


def test_moving_ward_offers_only_the_same_providers_wards(client, spell):
    same = WardFactory(site=spell.site, name="Same provider ward")
    WardFactory(name="Other provider ward")
    form = client.get(url("spell_move", spell)).content.decode()
    assert "Same provider ward" in form
    assert "Other provider ward" not in form
    response = client.post(url("spell_move", spell), {"ward": same.pk, "move_date": "2026-04-01"})
    assert response.status_code == 302
    assert WardStay.objects.get(spell=spell, end_date__isnull=True).ward == same


def test_transferring_to_another_provider(client, spell):
    elsewhere = WardFactory(name="Elsewhere")
    response = client.post(
        url("spell_transfer", spell), {"ward": elsewhere.pk, "transfer_date": "2026-04-01"}
    )
    assert response.status_code == 302
    new = HospitalSpell.objects.get(transferred_from=spell)
    assert new.admission_kind == "TRANSFER"


def test_discharging_and_then_the_spell_forms_redirect(client, spell):
    data = {
        "discharge_date": "2026-03-01",
        "destination": "FAMILY_HOME",
        "returned_to_previous_home": "yes",
    }
    body = client.post(url("spell_discharge", spell), data).content.decode()
    assert "Discharge date must be on or after the admission date (2 March 2026)" in body
    response = client.post(
        url("spell_discharge", spell), data | {"discharge_date": "2026-04-01"}, follow=True
    )
    assert "Discharge recorded" in response.content.decode()
    spell.refresh_from_db()
    assert (spell.discharge_date, spell.returned_to_previous_home) == (dt.date(2026, 4, 1), True)
    closed = client.get(url("spell_move", spell))
    assert closed.status_code == 302


def test_recording_a_delay_needs_a_reason(client, spell):
    body = client.post(
        url("spell_delay", spell),
        {"clinically_ready_date": "2026-05-01", "effective_date": "2026-05-01"},
    ).content.decode()
    assert "Choose the reason the discharge is delayed" in body
    client.post(
        url("spell_delay", spell),
        {
            "clinically_ready_date": "2026-05-01",
            "delay_reason": "HOUSING",
            "effective_date": "2026-05-01",
        },
    )
    spell.refresh_from_db()
    assert spell.delay_reason == "HOUSING"


def test_a_coordinator_sets_the_planned_discharge_date_for_their_caseload(login_as, spell):
    coordinator = login_as(Role.CARE_COORDINATOR)
    CoordinatorAssignmentFactory(person=spell.person, user=coordinator.user, external_name="")
    response = coordinator.post(
        url("spell_planned_discharge", spell),
        {"planned_discharge_date": "2026-12-01", "effective_date": "2026-06-01"},
    )
    assert response.status_code == 302
    spell.refresh_from_db()
    assert spell.planned_discharge_date == dt.date(2026, 12, 1)


def test_changing_legal_status(client, spell):
    response = client.post(
        url("spell_legal_status", spell), {"legal_status": "S37_41", "effective_date": "2026-04-01"}
    )
    assert response.status_code == 302
    spell.refresh_from_db()
    assert spell.legal_status == "S37_41"


@pytest.mark.parametrize(
    ("name", "button"),
    [
        ("spell_move", "Record move"),
        ("spell_discharge", "Record discharge"),
        ("spell_delay", "Save"),
    ],
)
def test_each_form_button_says_what_it_does(client, spell, name, button):
    """The page's `button` text reaches the button (the NHS.UK macro once shadowed it)."""
    page = client.get(url(name, spell)).content.decode()
    assert re.search(rf"<button[^>]*>\s*{button}\s*</button>", page), page
    assert "Macro" not in page
