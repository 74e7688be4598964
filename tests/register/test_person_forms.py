"""Forms that add and change people: server-side validation with the NHS.UK error summary,
what was typed kept, POST-redirect-GET with a success banner, and the duplicate paths."""

import datetime as dt

import pytest
from django.urls import reverse

from accounts.models import AuditAction, AuditEvent, Role
from register.models import CareCoordinatorAssignment, DsrEntry, Person, RiskRating
from tests.factories import PartnershipFactory, PersonFactory, RiskRatingFactory

pytestmark = pytest.mark.django_db

ADD = reverse("register:person_add")
VALID = {
    "nhs_number": "943 476 5919",
    "given_name": "Alex",
    "family_name": "Morgan",
    "date_of_birth": "1990-05-01",
    "sex": "X",
    "ethnicity": "99",
    "has_learning_disability": "on",
}


@pytest.fixture
def client(login_as):
    return login_as(Role.COMMISSIONER)


def test_adding_a_person_redirects_to_their_page_with_a_success_banner(client, partnership):
    response = client.post(ADD, VALID, follow=True)
    person = Person.objects.get()
    assert response.redirect_chain[-1][0] == reverse("register:person_detail", args=[person.pk])
    assert "Person added to the register" in response.content.decode()
    assert person.partnership == partnership
    assert person.nhs_number == "9434765919"
    assert AuditEvent.objects.filter(action=AuditAction.CREATE, person_id=person.pk).exists()


def test_an_invalid_nhs_number_shows_the_error_summary_and_keeps_what_was_typed(client):
    response = client.post(ADD, VALID | {"nhs_number": "943 476 5918", "given_name": "Kept"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: Add a person" in body
    assert "There is a problem" in body
    assert "the check digit is wrong" in body
    assert 'href="#id_nhs_number"' in body
    assert 'value="943 476 5918"' in body
    assert 'value="Kept"' in body
    assert not Person.objects.exists()


def test_a_missing_diagnosis_and_a_future_birth_date_are_both_reported(client):
    response = client.post(
        ADD, VALID | {"has_learning_disability": "", "date_of_birth": "2999-01-01"}
    )
    body = response.content.decode()
    assert "Select learning disability, autism or both" in body
    assert "Date of birth must be today or in the past" in body


def test_a_duplicate_nhs_number_visible_to_the_user_links_to_the_record(client, partnership):
    existing = PersonFactory(partnership=partnership, nhs_number="9434765919")
    body = client.post(ADD, VALID).content.decode()
    assert "Open the existing record" in body
    assert reverse("register:person_detail", args=[existing.pk]) in body


def test_a_duplicate_nhs_number_elsewhere_gives_no_link_and_no_name(client):
    hidden = PersonFactory(
        partnership=PartnershipFactory(code="ELS", name="Elsewhere TCP"),
        nhs_number="9434765919",
        family_name="Concealed",
    )
    body = client.post(ADD, VALID).content.decode()
    assert "Check you typed it correctly" in body
    assert reverse("register:person_detail", args=[hidden.pk]) not in body
    assert "Concealed" not in body
    assert "Elsewhere TCP" not in body


def test_a_possible_duplicate_must_be_confirmed(client, partnership):
    existing = PersonFactory(
        partnership=partnership,
        given_name="Alexander",
        family_name="Morgan",
        date_of_birth=dt.date(1990, 5, 1),
    )
    first = client.post(ADD, VALID | {"nhs_number": "401 023 2137"}).content.decode()
    assert "similar name" in first
    assert "I have checked: this is a different person" in first
    assert reverse("register:person_detail", args=[existing.pk]) in first
    response = client.post(
        ADD, VALID | {"nhs_number": "401 023 2137", "confirm_possible_duplicate": "on"}
    )
    assert response.status_code == 302
    assert Person.objects.count() == 2


def test_editing_saves_and_audits_the_change(client, partnership):
    person = PersonFactory(partnership=partnership, family_name="Old", nhs_number="9434765919")
    url = reverse("register:person_edit", args=[person.pk])
    form = client.get(url).content.decode()
    assert 'value="943 476 5919"' in form
    assert 'value="Old"' in form
    data = VALID | {"family_name": "New", "given_name": person.given_name}
    response = client.post(url, data, follow=True)
    assert "Details saved" in response.content.decode()
    person.refresh_from_db()
    assert person.family_name == "New"
    assert (
        AuditEvent.objects.get(action=AuditAction.UPDATE).summary["changed"]["family_name"]["to"]
        == "New"
    )


def test_rating_risk_adds_to_the_dsr(client, partnership):
    person = PersonFactory(partnership=partnership)
    url = reverse("register:person_rate", args=[person.pk])
    refused = client.post(url, {"rag": "RED", "effective_date": "2026-02-01"})
    assert "Choose the basis for adding the person" in refused.content.decode()
    response = client.post(
        url,
        {
            "rag": "RED",
            "effective_date": "2026-02-01",
            "consent_basis": "CONSENT",
            "rationale": "Placement breaking down",
        },
        follow=True,
    )
    assert "Risk rating recorded" in response.content.decode()
    assert RiskRating.objects.get(person=person).rag == "RED"


def test_taking_someone_off_the_dsr(client, partnership):
    rating = RiskRatingFactory(
        dsr_entry__person__partnership=partnership, effective_date=dt.date(2026, 1, 5)
    )
    url = reverse("register:person_dsr_close", args=[rating.person_id])
    response = client.post(url, {"closed_on": "2026-03-01", "reason": "RISK_REDUCED"})
    assert response.status_code == 302
    assert DsrEntry.objects.get().status == "CLOSED"


def test_changing_the_coordinator(client, partnership, make_member):
    coordinator = make_member(Role.CARE_COORDINATOR, partnership, full_name="Casey Coordinator")
    person = PersonFactory(partnership=partnership)
    url = reverse("register:person_coordinator", args=[person.pk])
    assert "Casey Coordinator" in client.get(url).content.decode()
    assert (
        "Choose a care coordinator"
        in client.post(url, {"start_date": "2026-01-01"}).content.decode()
    )
    response = client.post(url, {"user": coordinator.pk, "start_date": "2026-01-01"})
    assert response.status_code == 302
    assert CareCoordinatorAssignment.objects.get(person=person).user == coordinator


def test_moving_a_person_to_another_partnership(client, partnership, other_partnership):
    person = PersonFactory(partnership=partnership)
    url = reverse("register:person_transfer", args=[person.pk])
    response = client.post(
        url, {"to_partnership": other_partnership.pk, "on": "2026-06-01"}, follow=True
    )
    assert "no longer on your register" in response.content.decode()
    person.refresh_from_db()
    assert person.partnership == other_partnership
    assert client.get(reverse("register:person_detail", args=[person.pk])).status_code == 404


def test_recording_a_death(client, partnership):
    person = PersonFactory(partnership=partnership)
    url = reverse("register:person_death", args=[person.pk])
    assert (
        "today or in the past" in client.post(url, {"date_of_death": "2999-01-01"}).content.decode()
    )
    assert client.post(url, {"date_of_death": "2026-05-01"}).status_code == 302
    person.refresh_from_db()
    assert person.date_of_death == dt.date(2026, 5, 1)


def test_a_board_member_cannot_post_to_a_form(login_as, partnership):
    person = PersonFactory(partnership=partnership)
    board = login_as(Role.BOARD_MEMBER)
    response = board.post(
        reverse("register:person_death", args=[person.pk]), {"date_of_death": "2026-05-01"}
    )
    assert response.status_code == 403
    person.refresh_from_db()
    assert person.date_of_death is None
