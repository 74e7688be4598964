"""One JSON error shape for every refusal, and no 500 for bad input."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from rest_framework import exceptions
from rest_framework.test import APIClient

from accounts.models import Role
from tcp.api import exception_handler

pytestmark = pytest.mark.django_db

SHAPE = {"status", "code", "detail", "errors"}


def test_a_service_validation_error_becomes_a_400_keyed_by_the_forms_fields():
    error = ValidationError(
        {
            "discharge_date": "Discharge date must be on or after the admission date",
            "__all__": "This spell is already closed.",
        }
    )
    response = exception_handler(error, {})
    assert response.status_code == 400
    assert response.data == {
        "status": 400,
        "code": "invalid",
        "detail": "There is a problem with the data sent. See errors for each field.",
        "errors": {
            "discharge_date": ["Discharge date must be on or after the admission date"],
            "non_field_errors": ["This spell is already closed."],
        },
    }


def test_a_service_error_about_the_whole_request_is_the_detail():
    response = exception_handler(
        ValidationError("This person has died, so they cannot be rated"), {}
    )
    assert response.status_code == 400
    assert response.data["detail"] == "This person has died, so they cannot be rated"
    assert response.data["errors"] == {
        "non_field_errors": ["This person has died, so they cannot be rated"]
    }


def test_nested_errors_are_flattened_to_dotted_field_names():
    error = exceptions.ValidationError({"actions": [{}, {"due_date": ["Enter a due date"]}]})
    response = exception_handler(error, {})
    assert response.data["errors"] == {"actions.1.due_date": ["Enter a due date"]}


def test_a_real_fault_is_not_dressed_up_as_an_api_error():
    assert exception_handler(RuntimeError("bug"), {}) is None


def test_a_bad_filter_value_is_a_400_with_the_field(api_as):
    response = api_as(Role.COMMISSIONER).get(reverse("api:person_list"), {"rag": "PURPLE"})
    assert response.status_code == 400
    body = response.json()
    assert set(body) == SHAPE
    assert body["code"] == "invalid"
    assert list(body["errors"]) == ["rag"]


@pytest.mark.parametrize(
    "query",
    [
        {"person": "1.5"},
        {"person": "99999999999999999999999"},
        {"admitted_from": "2026-02-30"},
        {"is_open": "perhaps"},
        {"page_size": "-1"},
        {"person": "\x00"},
    ],
)
def test_odd_filter_values_never_cause_a_server_error(api_as, query):
    response = api_as(Role.COMMISSIONER).get(reverse("api:spell_list"), query)
    assert response.status_code in {200, 400}
    assert set(response.json()) >= {"count"} or set(response.json()) == SHAPE


def test_an_unknown_record_is_a_404_in_the_shape(api_as):
    response = api_as(Role.COMMISSIONER).get(reverse("api:person_detail", args=[10**20]))
    assert response.status_code == 404
    assert response.json() == {
        "status": 404,
        "code": "not_found",
        "detail": "Not found.",
        "errors": {},
    }


def test_a_page_past_the_end_is_a_404_in_the_shape(api_as):
    response = api_as(Role.COMMISSIONER).get(reverse("api:person_list"), {"page": 9})
    assert response.status_code == 404
    assert set(response.json()) == SHAPE


def test_a_wrong_method_is_a_405_in_the_shape(api_as):
    response = api_as(Role.COMMISSIONER).delete(reverse("api:person_list"))
    assert response.status_code == 405
    assert response.json()["code"] == "method_not_allowed"


def test_a_missing_token_is_a_401_in_the_shape():
    response = APIClient().get(reverse("api:spell_list"))
    assert response.status_code == 401
    assert response.json() == {
        "status": 401,
        "code": "not_authenticated",
        "detail": "Authentication credentials were not provided.",
        "errors": {},
    }


def test_an_api_address_that_matches_nothing_is_a_json_404(api_as):
    response = api_as(Role.COMMISSIONER).get("/api/v1/people/-5/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "status": 404,
        "code": "not_found",
        "detail": "Not found.",
        "errors": {},
    }
