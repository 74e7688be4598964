"""Fixtures for register tests: a commissioner, commissioning organisations, and `refused`, which
proves a refused write left nothing behind (no register row and no audit row)."""

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError

from accounts.models import AuditEvent, OrganisationType, Role
from tests.factories import OrganisationFactory


def _row_counts() -> dict[str, int]:
    counts = {
        m._meta.label: m._base_manager.count() for m in apps.get_app_config("register").get_models()
    }
    return counts | {"audit": AuditEvent.objects.count()}


@contextmanager
def refused(
    field: str | None = None, match: str = ""
) -> Iterator[pytest.ExceptionInfo[ValidationError]]:
    """The block must raise a ValidationError (on `field`, containing `match`) and write nothing."""
    before = _row_counts()
    with pytest.raises(ValidationError) as info:
        yield info
    assert _row_counts() == before, "a refused write left rows behind"
    messages = info.value.message_dict.get(field, []) if field else info.value.messages
    assert messages, f"no error on {field!r}: {info.value}"
    assert any(match in message for message in messages), messages


@pytest.fixture(autouse=True)
def jinja_context_in_responses(monkeypatch):
    """Let `response.context` work for Jinja2 pages, as Django's test runner does for its own
    templates (the Jinja2 backend sends no template_rendered signal)."""
    from django.template.backends.jinja2 import Template
    from django.test.signals import template_rendered

    original = Template.render

    def render(self, context=None, request=None):
        template_rendered.send(sender=self, template=self, context=dict(context or {}))
        return original(self, context, request)

    monkeypatch.setattr(Template, "render", render)


@pytest.fixture
def commissioner(make_member, partnership):
    return make_member(Role.COMMISSIONER, partnership)


@pytest.fixture
def icb(db):
    return OrganisationFactory(type=OrganisationType.ICB, name="Test ICB")


@pytest.fixture
def nhse(db):
    return OrganisationFactory(type=OrganisationType.NHSE_SPEC, name="NHS England specialised")
