"""Adding and changing people: NHS number and date rules, duplicates, moves between
partnerships, deaths and care coordinators (DOMAIN.md sections 3 and 9)."""

from __future__ import annotations

import re
from typing import Any

from django.contrib.postgres.search import TrigramSimilarity
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Value
from django.db.models.functions import Concat

from accounts.audit import audit_snapshot
from accounts.models import Partnership, User

from ..models import (
    Cohort,
    HospitalSpell,
    Person,
)
from ..nhs_numbers import nhs_number_problem, normalise_nhs_number
from ..rules import DUPLICATE_NAME_SIMILARITY, MAX_AGE_YEARS, add_years
from .base import (
    Errors,
    announce_change,
    audit_create,
    audit_update,
    check_date,
    constraint_messages,
    long_date,
    today,
)

# What create_person / update_person accept; date_of_death and partnership have their own services.
PERSON_FIELDS = frozenset(
    {
        "nhs_number",
        "nhs_number_absent_reason",
        "local_identifier",
        "given_name",
        "family_name",
        "preferred_name",
        "date_of_birth",
        "sex",
        "ethnicity",
        "has_learning_disability",
        "has_autism",
        "has_mental_health_condition",
        "home_postcode",
        "home_local_authority",
        "gp_practice_code",
        "responsible_commissioner",
        "has_ehc_plan",
        "cohorts",
        "support_level",
        "objects_to_at",
        "consent_date",
        "consent_basis",
    }
)
# Checked with their own messages above, or foreign keys (the caller passes rows).
NOT_SHAPE_CHECKED = (
    "nhs_number",
    "cohorts",
    "partnership",
    "home_local_authority",
    "responsible_commissioner",
)
POSTCODE = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}$")
NHS_NUMBER_TAKEN = (
    "This NHS number is already on the register. Check you typed it correctly. If you did, "
    "ask your partnership administrator to find out who holds the record."
)
NHS_NUMBER_TAKEN_VISIBLE = "This NHS number is already on the register. Open the existing record."
POSSIBLE_DUPLICATE = (
    "Someone with the same date of birth and a similar name is already on the register. "
    "Check it is not the same person. If it is a different person, confirm and save again."
)
PERSON_CONSTRAINTS = {"person_nhs_number_unique": {"nhs_number": NHS_NUMBER_TAKEN}}


def create_person(
    *, partnership: Partnership, by: User, confirm_possible_duplicate: bool = False, **fields: Any
) -> Person:
    """Add a person. The same NHS number anywhere on the instance is refused; the same date of
    birth with a similar name in this partnership needs `confirm_possible_duplicate=True`."""
    person = Person(partnership=partnership)
    _apply(person, fields)
    _validate(person)
    with constraint_messages(PERSON_CONSTRAINTS), transaction.atomic():
        _refuse_taken_nhs_number(person, by)
        if not confirm_possible_duplicate:
            _refuse_unconfirmed_similar_person(person, by)
        person.save()
        audit_create(by, person)
        announce_change(person.pk)
    return person


def update_person(*, person: Person, by: User, **fields: Any) -> Person:
    """Change a person's details; only the fields given change."""
    with constraint_messages(PERSON_CONSTRAINTS), transaction.atomic():
        person = Person.objects.select_for_update().get(pk=person.pk)
        before = audit_snapshot(person)
        _apply(person, fields)
        _validate(person)
        if "date_of_birth" in fields:
            _refuse_admission_before_birth(person)
        if "nhs_number" in fields:
            _refuse_taken_nhs_number(person, by)
        person.save()
        audit_update(by, person, before)
        announce_change(person.pk)
    return person


def duplicate_person_ids(error: ValidationError) -> list[int]:
    """Ids of existing people a duplicate refusal or warning points at (already limited to those
    the user may see), so a page can link to them."""
    found: list[int] = []
    for errors in getattr(error, "error_dict", {}).values():
        for item in errors:
            found.extend((item.params or {}).get("person_ids", []))
    return found


# --- helpers ------------------------------------------------------------------------------------


def _apply(person: Person, fields: dict[str, Any]) -> None:
    unknown = set(fields) - PERSON_FIELDS
    if unknown:
        raise TypeError(f"Unexpected person fields: {', '.join(sorted(unknown))}")
    for name, value in fields.items():
        if isinstance(value, str) and name != "nhs_number":
            value = value.strip()
        setattr(person, name, value)
    person.home_postcode = (person.home_postcode or "").upper()
    typed = person.nhs_number or ""
    if typed.strip():
        person.nhs_number_absent_reason = ""
    else:
        person.nhs_number = None


def _validate(person: Person) -> None:
    errors = Errors()
    if person.nhs_number is not None:
        problem = nhs_number_problem(person.nhs_number)
        if problem:
            errors.add("nhs_number", problem)
        else:
            person.nhs_number = normalise_nhs_number(person.nhs_number)
    else:
        if not person.nhs_number_absent_reason:
            errors.add("nhs_number", "Enter the NHS number, or choose why there is none")
        if not person.local_identifier:
            errors.add(
                "local_identifier", "Enter a local identifier for a person without an NHS number"
            )
    if not person.given_name:
        errors.add("given_name", "Enter the given name")
    if not person.family_name:
        errors.add("family_name", "Enter the family name")
    check_date(errors, "date_of_birth", person.date_of_birth, "date of birth")
    if person.date_of_birth and person.date_of_birth < add_years(today(), -MAX_AGE_YEARS):
        errors.add("date_of_birth", f"Date of birth must be within the last {MAX_AGE_YEARS} years")
    if not (person.has_learning_disability or person.has_autism):
        errors.add("has_learning_disability", "Select learning disability, autism or both")
    if person.home_postcode and not POSTCODE.match(person.home_postcode):
        errors.add("home_postcode", "Enter a full UK postcode, like MK40 1AA")
    if person.consent_basis and not person.consent_date:
        errors.add("consent_date", "Enter the date consent was given or the decision was made")
    elif person.consent_date and not person.consent_basis:
        errors.add("consent_basis", "Choose the basis for holding the person on the register")
    elif person.consent_date and person.date_of_birth:
        check_date(
            errors,
            "consent_date",
            person.consent_date,
            "consent date",
            not_before=(person.date_of_birth, "the date of birth"),
        )
    if any(c not in Cohort.values for c in person.cohorts or []):
        errors.add("cohorts", "Choose cohorts from the list")
    _check_field_shapes(person, errors)
    errors.raise_if_any()


def _check_field_shapes(person: Person, errors: Errors) -> None:
    """Choices and lengths of the fields not checked above (API callers can send anything)."""
    try:
        person.clean_fields(exclude=[*errors.by_field, *NOT_SHAPE_CHECKED])
    except ValidationError as problem:
        for field, messages in problem.message_dict.items():
            for message in messages:
                errors.add(field, message)


def _refuse_taken_nhs_number(person: Person, by: User) -> None:
    """Unique across the instance. Name the holder only to someone allowed to see them."""
    if not person.nhs_number:
        return
    holder = (
        Person.objects.filter(nhs_number=person.nhs_number)
        .exclude(pk=person.pk)
        .values_list("pk", flat=True)
        .first()
    )
    if holder is None:
        return
    if Person.objects.visible_to(by).filter(pk=holder).exists():
        error = ValidationError(
            NHS_NUMBER_TAKEN_VISIBLE, code="duplicate", params={"person_ids": [holder]}
        )
    else:
        error = ValidationError(NHS_NUMBER_TAKEN, code="duplicate")
    raise ValidationError({"nhs_number": error})


def similar_people(person: Person) -> models.QuerySet[Person]:
    """Same date of birth and a similar full name (pg_trgm), in the person's partnership."""
    full_name = f"{person.given_name} {person.family_name}"
    return (
        Person.objects.for_partnership(person.partnership_id)
        .filter(date_of_birth=person.date_of_birth)
        .exclude(pk=person.pk)
        .annotate(
            similarity=TrigramSimilarity(Concat("given_name", Value(" "), "family_name"), full_name)
        )
        .filter(similarity__gt=DUPLICATE_NAME_SIMILARITY)
    )


def _refuse_unconfirmed_similar_person(person: Person, by: User) -> None:
    matches = similar_people(person)
    if not matches.exists():
        return
    visible = list(matches.visible_to(by).order_by("pk").values_list("pk", flat=True))
    error = ValidationError(
        POSSIBLE_DUPLICATE, code="possible_duplicate", params={"person_ids": visible}
    )
    raise ValidationError({"confirm_possible_duplicate": error})


def _refuse_admission_before_birth(person: Person) -> None:
    first = HospitalSpell.objects.filter(person=person).order_by("admission_date").first()
    if first and first.admission_date < person.date_of_birth:
        raise ValidationError(
            {
                "date_of_birth": f"Date of birth must be on or before the first admission "
                f"({long_date(first.admission_date)})"
            }
        )
