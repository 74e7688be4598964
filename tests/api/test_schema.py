"""The committed OpenAPI schema (docs/openapi.yaml) is the one the code generates; every
operation documents a description, examples and its error responses."""

from io import StringIO
from pathlib import Path

import pytest
import yaml
from django.core.management import call_command
from django.urls import reverse

from accounts.models import Role

ROOT = Path(__file__).resolve().parent.parent.parent
COMMITTED = ROOT / "docs" / "openapi.yaml"


def generated_schema() -> str:
    out = StringIO()
    call_command("spectacular", "--validate", "--fail-on-warn", stdout=out)
    return out.getvalue()


def test_the_committed_schema_matches_the_generated_one():
    assert COMMITTED.read_text() == generated_schema(), (
        "docs/openapi.yaml is out of date: run `make schema` and commit it"
    )


def _operations():
    schema = yaml.safe_load(COMMITTED.read_text())
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            yield f"{method.upper()} {path}", operation


@pytest.mark.parametrize(("name", "operation"), list(_operations()))
def test_every_operation_is_described_with_examples_and_errors(name, operation):
    assert operation.get("description", "").strip(), f"{name} has no description"
    assert operation.get("summary"), f"{name} has no summary"
    responses = operation["responses"]
    assert {"401", "403", "429"} <= set(responses), f"{name} lacks the standard errors"
    for code in ("401", "403", "429"):
        assert "Error" in str(responses[code]["content"]["application/json"]["schema"])
    examples = [
        example
        for response in responses.values()
        for media in response.get("content", {}).values()
        for example in media.get("examples", {}).values()
    ]
    success = [code for code in responses if code.startswith("2")]
    assert success, f"{name} documents no success response"
    # JSON, or a file (a report run's download: text/csv or application/pdf), each with examples
    for media_type, ok in responses[success[0]]["content"].items():
        assert ok.get("examples"), f"{name} has no example of its {media_type} answer"
    assert examples
    if "requestBody" in operation:
        body = operation["requestBody"]["content"]["application/json"]
        assert body.get("examples"), f"{name} has no example request"
        assert "400" in responses


@pytest.mark.django_db
def test_the_schema_and_docs_are_served_to_signed_in_users(login_as):
    client = login_as(Role.BOARD_MEMBER)
    schema = client.get(reverse("api:schema"))
    assert schema.status_code == 200
    assert b"openapi: 3.0.3" in schema.content
    docs = client.get(reverse("api:docs"))
    assert docs.status_code == 200
    html = docs.content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    assert "<script>" not in html  # CSP: no inline code
    assert "style=" not in html
    assert "http" not in html.split("<body>")[1]  # nothing from a CDN
    policy = docs["Content-Security-Policy"]
    assert "img-src 'self' data:" in policy
    assert "script-src 'self' 'nonce-" in policy  # no 'unsafe-inline', no CDN
    script = client.get(reverse("api:docs"), {"script": ""})
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
