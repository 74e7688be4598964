"""Sections that higher apps add to the register's person page.

The register must not import the apps above it (ARCHITECTURE.md), so they register a section here
when they start: a template to include and a function that builds its context from the request
and the person (already fetched through the user's scoping). The person page calls
`person_sections(request, person)` and includes each section's template with its context.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest

SectionContext = Callable[[HttpRequest, Any], dict[str, Any] | None]
PERSON_SECTIONS: list[tuple[str, str, SectionContext]] = []


def register_person_section(name: str, template: str, context: SectionContext) -> None:
    if not any(existing == name for existing, _, _ in PERSON_SECTIONS):
        PERSON_SECTIONS.append((name, template, context))


def person_sections(request: HttpRequest, person: Any) -> list[dict[str, Any]]:
    """[{"template": ..., **context}] for every section the user may see (None = not shown)."""
    sections = []
    for _, template, build in PERSON_SECTIONS:
        context = build(request, person)
        if context is not None:
            sections.append({"template": template, **context})
    return sections
