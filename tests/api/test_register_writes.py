"""Register writes through the API call the same services as the pages: outcome, audit event,
and nothing left behind by a refusal. Optimistic concurrency on person updates."""

import pytest
from django.urls import reverse

from accounts.models import AuditAction, AuditEvent, Role
from register.models import DsrEntry, HospitalSpell, Person, Rag, RiskRating, WardStay
from tests.factories import HospitalSpellFactory, RiskRatingFactory, WardFactory

from .conftest import visible_person
from .endpoints import admission_body, days_ago, new_person_body

pytestmark = pytest.mark.django_db


@pytest.fixture
def commissioner(api_as):
    return api_as(Role.COMMISSIONER)


def _events(action, object_type):
    return AuditEvent.objects.filter(action=action, object_type=object_type)


# --- people ----------------------------------------------------------------------------------


def test_adding_a_person_returns_them_with_an_etag_and_is_audited(commissioner, partnership):
    response = commissioner.post(reverse("api:person_create"), new_person_body(), format="json")
    assert response.status_code == 201
    body = response.json()
    person = Person.objects.get(pk=body["id"])
    assert person.partnership == partnership
    assert body["family_name"] == "Newcomer"
    assert body["current_spell"] is None
    assert response["ETag"].startswith('"')
    assert _events(AuditAction.CREATE, "register.Person").filter(object_id=str(person.pk)).exists()


def test_a_person_refused_by_the_service_gets_its_messages_by_field_and_nothing_is_kept(
    commissioner,
):
    body = new_person_body(nhs_number="943 476 5918", has_learning_disability=False)
    response = commissioner.post(reverse("api:person_create"), body, format="json")
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert set(errors) >= {"nhs_number", "has_learning_disability"}
    assert not Person.objects.exists()
    assert not _events(AuditAction.CREATE, "register.Person").exists()


def test_a_malformed_body_is_a_400_not_a_crash(commissioner):
    response = commissioner.generic(
        "POST", reverse("api:person_create"), "{not json", content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["code"] == "parse_error"


def test_a_wrongly_typed_field_is_refused_before_the_service(commissioner):
    body = new_person_body(date_of_birth="12/04/1996", cohorts=["9"])
    response = commissioner.post(reverse("api:person_create"), body, format="json")
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"date_of_birth", "cohorts.0"}


def test_reading_a_person_is_audited_and_gives_an_etag(api_as, partnership):
    client = api_as(Role.CARE_COORDINATOR)
    person = visible_person(partnership, client.user)
    response = client.get(reverse("api:person_detail", args=[person.pk]))
    assert response.status_code == 200
    assert response["ETag"]
    event = AuditEvent.objects.get(action=AuditAction.VIEW, object_id=str(person.pk))
    assert event.person_id == person.pk
    assert event.user == client.user


def test_a_list_records_the_ids_it_showed(commissioner, partnership):
    people = [visible_person(partnership) for _ in range(3)]
    commissioner.get(reverse("api:person_list"))
    event = AuditEvent.objects.get(action=AuditAction.VIEW, object_type="register.Person")
    assert sorted(event.summary["ids"]) == sorted(p.pk for p in people)


def _etag(client, person):
    return client.get(reverse("api:person_detail", args=[person.pk]))["ETag"]


def test_a_person_is_changed_with_the_etag_of_the_version_read(commissioner, partnership):
    person = visible_person(partnership)
    etag = _etag(commissioner, person)
    response = commissioner.patch(
        reverse("api:person_update", args=[person.pk]),
        {"home_postcode": "MK41 7AB"},
        format="json",
        HTTP_IF_MATCH=etag,
    )
    assert response.status_code == 200
    assert response.json()["home_postcode"] == "MK41 7AB"
    assert response["ETag"] != etag
    assert _events(AuditAction.UPDATE, "register.Person").filter(person_id=person.pk).exists()


def test_a_lost_update_is_refused_with_409(api_as, partnership):
    person = visible_person(partnership)
    alice, bob = api_as(Role.COMMISSIONER), api_as(Role.COMMISSIONER)
    read_by_both = _etag(alice, person)
    assert _etag(bob, person) == read_by_both
    url = reverse("api:person_update", args=[person.pk])
    first = alice.patch(url, {"preferred_name": "Sammy"}, format="json", HTTP_IF_MATCH=read_by_both)
    assert first.status_code == 200
    second = bob.patch(url, {"preferred_name": "Sam B"}, format="json", HTTP_IF_MATCH=read_by_both)
    assert second.status_code == 409
    assert second.json()["code"] == "conflict"
    person.refresh_from_db()
    assert person.preferred_name == "Sammy"
    assert _events(AuditAction.UPDATE, "register.Person").count() == 1


def test_a_change_without_if_match_is_refused_with_428(commissioner, partnership):
    person = visible_person(partnership)
    response = commissioner.patch(
        reverse("api:person_update", args=[person.pk]), {"preferred_name": "X"}, format="json"
    )
    assert response.status_code == 428
    assert response.json()["code"] == "precondition_required"
    person.refresh_from_db()
    assert person.preferred_name == ""


def test_searching_by_nhs_number_is_a_post_and_is_audited(api_as, partnership):
    client = api_as(Role.PARTNERSHIP_ADMIN)
    person = visible_person(partnership, nhs_number="9434765919")
    visible_person(partnership)
    response = client.post(reverse("api:person_search"), {"search": "943 476 5919"}, format="json")
    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == [person.pk]
    event = AuditEvent.objects.get(action=AuditAction.VIEW, object_type="register.Person")
    assert event.summary["ids"] == [person.pk]


def test_the_register_list_takes_the_pages_filters_but_no_search(commissioner, partnership):
    inpatient = HospitalSpellFactory(person=visible_person(partnership)).person
    visible_person(partnership)
    url = reverse("api:person_list")
    rows = commissioner.get(url, {"status": "INPATIENT"}).json()["results"]
    assert [row["id"] for row in rows] == [inpatient.pk]
    assert rows[0]["current_spell"] == inpatient.spells.get().pk
    everyone = commissioner.get(url, {"search": inpatient.family_name}).json()
    assert everyone["count"] == 2  # `search` is not a query parameter of the API


# --- spells and ratings ----------------------------------------------------------------------


def test_admitting_opens_a_spell_and_rates_blue(commissioner, partnership):
    person = visible_person(partnership)
    RiskRatingFactory(dsr_entry__person=person, rag=Rag.GREEN)  # on the DSR before admission
    response = commissioner.post(
        reverse("api:person_admit", args=[person.pk]), admission_body(), format="json"
    )
    assert response.status_code == 201
    spell = HospitalSpell.objects.get(person=person)
    assert response.json()["id"] == spell.pk
    assert response.json()["current_ward"] == spell.ward_stays.get().ward_id
    assert RiskRating.objects.filter(person=person).latest("recorded_at").rag == Rag.BLUE
    assert _events(AuditAction.CREATE, "register.HospitalSpell").exists()


def test_an_admission_the_service_refuses_leaves_nothing(commissioner, partnership):
    person = HospitalSpellFactory(person=visible_person(partnership)).person
    response = commissioner.post(
        reverse("api:person_admit", args=[person.pk]), admission_body(), format="json"
    )
    assert response.status_code == 400
    assert response.json()["errors"]
    assert HospitalSpell.objects.filter(person=person).count() == 1
    assert not _events(AuditAction.CREATE, "register.HospitalSpell").exists()


def test_an_unknown_ward_is_named_in_the_error(commissioner, partnership):
    person = visible_person(partnership)
    body = admission_body() | {"ward": 10**12}
    response = commissioner.post(reverse("api:person_admit", args=[person.pk]), body, format="json")
    assert response.status_code == 400
    assert "GET /api/v1/wards/" in response.json()["errors"]["ward"][0]


def test_discharging_closes_the_spell(commissioner, partnership):
    spell = HospitalSpellFactory(person=visible_person(partnership))
    body = {"discharge_date": days_ago(1), "destination": "SUPPORTED_LIVING"}
    response = commissioner.post(reverse("api:spell_discharge", args=[spell.pk]), body, "json")
    assert response.status_code == 200
    assert response.json()["discharge_date"] == days_ago(1)
    assert response.json()["current_ward"] is None
    spell.refresh_from_db()
    assert spell.discharge_destination == "SUPPORTED_LIVING"


def test_a_discharge_before_admission_is_a_400_on_the_date_field(commissioner, partnership):
    spell = HospitalSpellFactory(person=visible_person(partnership))
    body = {"discharge_date": "2020-01-01", "destination": "SUPPORTED_LIVING"}
    response = commissioner.post(reverse("api:spell_discharge", args=[spell.pk]), body, "json")
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["discharge_date"]
    spell.refresh_from_db()
    assert spell.discharge_date is None


def test_a_ward_move_adds_a_ward_stay(commissioner, partnership):
    spell = HospitalSpellFactory(person=visible_person(partnership))
    ward = WardFactory(site=spell.site)
    body = {"ward": ward.pk, "move_date": days_ago(2)}
    response = commissioner.post(reverse("api:spell_move_ward", args=[spell.pk]), body, "json")
    assert response.status_code == 201
    assert WardStay.objects.get(spell=spell, end_date__isnull=True).ward == ward


def test_rating_risk_adds_a_rating_and_a_dsr_entry(commissioner, partnership):
    person = visible_person(partnership)
    body = {"rag": "AMBER", "effective_date": days_ago(3), "consent_basis": "CONSENT"}
    response = commissioner.post(reverse("api:person_rate_risk", args=[person.pk]), body, "json")
    assert response.status_code == 201
    assert response.json()["rag"] == "AMBER"
    assert DsrEntry.objects.filter(person=person).exists()


def test_blue_cannot_be_given_by_hand(commissioner, partnership):
    person = visible_person(partnership)
    body = {"rag": "BLUE", "effective_date": days_ago(3), "consent_basis": "CONSENT"}
    response = commissioner.post(reverse("api:person_rate_risk", args=[person.pk]), body, "json")
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["rag"]
    assert not RiskRating.objects.exists()


def test_dates_outside_1900_to_2100_are_refused_as_input(commissioner, partnership):
    person = visible_person(partnership)
    body = {"rag": "AMBER", "effective_date": "9999-12-31", "consent_basis": "CONSENT"}
    response = commissioner.post(reverse("api:person_rate_risk", args=[person.pk]), body, "json")
    assert response.status_code == 400
    assert "between 1 January 1900" in response.json()["errors"]["effective_date"][0]


def test_a_transfer_closes_the_spell_and_opens_a_transfer_spell(commissioner, partnership):
    spell = HospitalSpellFactory(person=visible_person(partnership))
    body = {"transfer_date": days_ago(1), "ward": WardFactory().pk}
    response = commissioner.post(reverse("api:spell_transfer", args=[spell.pk]), body, "json")
    assert response.status_code == 201
    new = HospitalSpell.objects.get(pk=response.json()["id"])
    assert new.admission_kind == "TRANSFER"
    assert new.transferred_from == spell
    spell.refresh_from_db()
    assert spell.discharge_destination == "OTHER_HOSPITAL"


def test_a_care_coordinator_records_a_delayed_discharge_for_their_caseload(api_as, partnership):
    client = api_as(Role.CARE_COORDINATOR)
    spell = HospitalSpellFactory(person=visible_person(partnership, client.user))
    body = {
        "clinically_ready_date": days_ago(5),
        "delay_reason": "HOUSING",
        "effective_date": days_ago(1),
    }
    response = client.post(reverse("api:spell_delay", args=[spell.pk]), body, "json")
    assert response.status_code == 200
    assert response.json()["delay_reason"] == "HOUSING"
    assert _events(AuditAction.UPDATE, "register.HospitalSpell").exists()


def test_a_delay_without_a_reason_is_refused_by_the_service(commissioner, partnership):
    spell = HospitalSpellFactory(person=visible_person(partnership))
    body = {"clinically_ready_date": days_ago(5), "effective_date": days_ago(1)}
    response = commissioner.post(reverse("api:spell_delay", args=[spell.pk]), body, "json")
    assert response.status_code == 400
    assert "delay_reason" in response.json()["errors"]
    spell.refresh_from_db()
    assert spell.clinically_ready_date is None


def test_planned_discharge_and_legal_status_are_kept_on_the_spell(commissioner, partnership):
    spell = HospitalSpellFactory(person=visible_person(partnership))
    planned = {"planned_discharge_date": days_ago(-30), "effective_date": days_ago(1)}
    url = reverse("api:spell_planned_discharge", args=[spell.pk])
    assert commissioner.post(url, planned, "json").json()["planned_discharge_date"] == days_ago(-30)
    legal = {"legal_status": "S3", "effective_date": days_ago(1)}
    url = reverse("api:spell_legal_status", args=[spell.pk])
    assert commissioner.post(url, legal, "json").json()["legal_status"] == "S3"
