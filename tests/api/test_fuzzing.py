"""Property-based fuzzing of the API from the committed schema (schemathesis), against a live
server on 127.0.0.1 authenticated with a real token: no 500s, and every answer (status code,
content type, headers, body) is what docs/openapi.yaml says, for valid and for invalid input.

Bounded and repeatable: EXAMPLES_PER_OPERATION examples per operation and generation mode,
derandomised, in one test so that the database is set up once."""

from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from hypothesis.strategies import booleans
from schemathesis.checks import not_a_server_error
from schemathesis.generation.modes import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from accounts.models import Role
from accounts.tokens import create_api_token
from tests.factories import HospitalSpellFactory, MembershipFactory, RiskRatingFactory, UserFactory

from .conftest import visible_person
from .endpoints import finished_run, held_review

SCHEMA_FILE = Path(__file__).resolve().parent.parent.parent / "docs" / "openapi.yaml"
EXAMPLES_PER_OPERATION = 6
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
RUN = settings(
    max_examples=EXAMPLES_PER_OPERATION,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)

schema = schemathesis.openapi.from_path(SCHEMA_FILE)


def _records(partnership) -> tuple[str, dict[str, int]]:
    """A commissioner's token and a few records, so that generated ids can be real."""
    user = UserFactory()
    MembershipFactory(user=user, partnership=partnership, role=Role.COMMISSIONER)
    _, secret = create_api_token(user=user, partnership=partnership, name="fuzz", lifetime_days=1)
    people = [visible_person(partnership) for _ in range(3)]
    spell = HospitalSpellFactory(person=people[0])
    rating = RiskRatingFactory(dsr_entry__person=people[1])
    review = held_review(people[2])
    run = finished_run(partnership, "AT_RETURN", content=b"spell_id\n")
    real_ids = {
        "run_id": run.pk,
        "review_id": review.pk,
        "action_id": review.actions.get().pk,
        "person_id": people[2].pk,
        "spell_id": spell.pk,
        "ward_stay_id": spell.ward_stays.get().pk,
        "rating_id": rating.pk,
    }
    return secret, real_ids


@pytest.mark.django_db(transaction=True)
def test_the_api_answers_as_its_schema_says(live_server, partnership):
    secret, real_ids = _records(partnership)
    headers = {"Authorization": f"Token {secret}"}
    failures: list[str] = []
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 10
    for operation in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

            @RUN
            @given(case=operation.as_strategy(generation_mode=mode), aim_at_a_record=booleans())
            def answers_as_documented(case, aim_at_a_record: bool) -> None:
                if case.path_parameters and aim_at_a_record:
                    for name in case.path_parameters:
                        if name in real_ids:
                            case.path_parameters[name] = real_ids[name]
                case.call_and_validate(base_url=live_server.url, headers=headers, checks=CHECKS)

            try:
                answers_as_documented()
            except Unsatisfiable:
                # An operation without parameters or body has no invalid input to send.
                if mode is not GenerationMode.NEGATIVE:
                    failures.append(f"{operation.label} ({mode.value}): no case generated")
            except Exception as failure:
                failures.append(f"{operation.label} ({mode.value}): {failure}")
    assert not failures, "\n\n".join(failures)
