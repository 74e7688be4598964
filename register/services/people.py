"""Adding and changing people: NHS number and date rules, duplicates, moves between
partnerships, deaths and care coordinators (DOMAIN.md sections 3 and 9)."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from django.apps import apps
from django.contrib.postgres.search import TrigramSimilarity
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Value
from django.db.models.functions import Concat

from accounts.audit import audit_snapshot, record_event
from accounts.models import AuditAction, Membership, Organisation, Partnership, User

from ..models import (
    CareCoordinatorAssignment,
    Cohort,
    DsrClosedReason,
    DsrEntry,
    DsrStatus,
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
from .spells import close_open_spell

# What create_person / update_person accept; date_of_death and partnership have their own services.
PERSON_FIELDS = frozenset(
    {
        "nhs_number", "nhs_number_absent_reason", "local_identifier", "given_name", "family_name",
        "preferred_name", "date_of_birth", "sex", "ethnicity", "has_learning_disability",
        "has_autism", "has_mental_health_condition", "home_postcode", "home_local_authority",
        "gp_practice_code", "responsible_commissioner", "has_ehc_plan", "cohorts", "support_level",
        "objects_to_at", "consent_date", "consent_basis",
    }
)
# Checked with their own messages above, or foreign keys (the caller passes rows).
NOT_SHAPE_CHECKED = ("nhs_number", "cohorts", "partnership", "home_local_authority",
                     "responsible_commissioner")
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


def transfer_partnership(*, person: Person, by: User, to_partnership: Partnership, on: date) -> Person:
    """Move responsibility for a person to another partnership, with every row that belongs to
    them; audited on both sides. The current care coordinator's assignment ends on `on`."""
    errors = Errors()
    if to_partnership.pk == person.partnership_id:
        errors.add("to_partnership", "Choose a different partnership from the current one")
    check_date(errors, "on", on, "transfer date", not_before=(person.date_of_birth, "the date of birth"))
    errors.raise_if_any()
    with transaction.atomic():
        person = Person.objects.select_for_update().get(pk=person.pk)
        from_partnership_id = person.partnership_id
        _end_current_coordinator(person, by, on)
        moved = {
            model._meta.label: model._base_manager.filter(**{field: person}).update(
                partnership=to_partnership
            )
            for model, field in _rows_belonging_to_a_person()
        }
        Person.objects.filter(pk=person.pk).update(partnership=to_partnership)
        person.refresh_from_db()
        summary = {
            "transfer": {"from": from_partnership_id, "to": to_partnership.pk, "on": on.isoformat()},
            "rows_moved": {label: count for label, count in moved.items() if count},
        }
        for side in (from_partnership_id, to_partnership.pk):
            record_event(
                actor=by, action=AuditAction.UPDATE, target=person, partnership=side, summary=summary
            )
        announce_change(person.pk)
    return person


def record_death(*, person: Person, by: User, date_of_death: date) -> Person:
    """A death closes the DSR entry and any open spell (destination DIED) on the date of death."""
    errors = Errors()
    check_date(errors, "date_of_death", date_of_death, "date of death",
               not_before=(person.date_of_birth, "the date of birth"))
    errors.raise_if_any()
    with transaction.atomic():
        person = Person.objects.select_for_update().get(pk=person.pk)
        if person.date_of_death:
            raise ValidationError(
                {"date_of_death": f"A date of death ({long_date(person.date_of_death)}) is already recorded"}
            )
        _refuse_death_before_recorded_events(person, date_of_death)
        spell = HospitalSpell.objects.filter(person=person, discharge_date__isnull=True).first()
        if spell:
            close_open_spell(spell, by=by, discharge_date=date_of_death, destination="DIED")
        entry = DsrEntry.objects.filter(person=person, status=DsrStatus.ACTIVE).first()
        if entry:
            before = audit_snapshot(entry)
            entry.status, entry.closed_on = DsrStatus.CLOSED, date_of_death
            entry.closed_reason = DsrClosedReason.DIED
            entry.save(update_fields=["status", "closed_on", "closed_reason", "updated_at"])
            audit_update(by, entry, before)
        before = audit_snapshot(person)
        person.date_of_death = date_of_death
        person.save(update_fields=["date_of_death", "updated_at"])
        audit_update(by, person, before)
        announce_change(person.pk)
    return person


def assign_coordinator(
    *,
    person: Person,
    by: User,
    start_date: date,
    user: User | None = None,
    external_name: str = "",
    organisation: Organisation | None = None,
    is_cpa: bool = False,
) -> CareCoordinatorAssignment:
    """Name a new care coordinator (a user here, or someone outside the system); the current
    assignment ends the day the new one starts. One current coordinator per person."""
    external_name = (external_name or "").strip()
    errors = Errors()
    if user is None and not external_name:
        errors.add("user", "Choose a care coordinator, or enter the name of one outside this system")
    elif user is not None and external_name:
        errors.add("external_name", "Either choose a user or enter a name, not both")
    elif user is not None and not Membership.objects.filter(
        user=user, partnership_id=person.partnership_id
    ).exists():
        errors.add("user", "This user is not a member of the person's partnership")
    check_date(errors, "start_date", start_date, "start date",
               not_before=(person.date_of_birth, "the date of birth"))
    errors.raise_if_any()
    messages = {"coordinator_one_current_per_person": {"start_date": "The coordinator changed while you were "
                "typing. Check the current coordinator and try again."}}
    with constraint_messages(messages), transaction.atomic():
        person = Person.objects.select_for_update().get(pk=person.pk)
        if person.date_of_death:
            raise ValidationError("This person has died, so a coordinator cannot be assigned")
        current = CareCoordinatorAssignment.objects.filter(person=person, end_date__isnull=True).first()
        if current:
            _refuse_same_or_earlier(current, user, external_name, start_date)
            before = audit_snapshot(current)
            current.end_date = start_date
            current.save(update_fields=["end_date", "updated_at"])
            audit_update(by, current, before)
        assignment = CareCoordinatorAssignment.objects.create(
            partnership_id=person.partnership_id, person=person, user=user, external_name=external_name,
            organisation=organisation or (user.organisation if user else None), is_cpa=is_cpa,
            start_date=start_date, assigned_by=by,
        )
        audit_create(by, assignment)
        announce_change(person.pk)
    return assignment


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
            errors.add("local_identifier", "Enter a local identifier for a person without an NHS number")
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
        check_date(errors, "consent_date", person.consent_date, "consent date",
                   not_before=(person.date_of_birth, "the date of birth"))
    if any(c not in Cohort.values for c in person.cohorts or []):
        errors.add("cohorts", "Choose cohorts from the list")
    _check_field_shapes(person, errors)
    errors.raise_if_any()


def _check_field_shapes(person: Person, errors: Errors) -> None:
    """Choices and lengths of the fields not already checked above (API callers can send anything)."""
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
        Person.objects.filter(nhs_number=person.nhs_number).exclude(pk=person.pk)
        .values_list("pk", flat=True).first()
    )
    if holder is None:
        return
    if Person.objects.visible_to(by).filter(pk=holder).exists():
        error = ValidationError(NHS_NUMBER_TAKEN_VISIBLE, code="duplicate", params={"person_ids": [holder]})
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
        .annotate(similarity=TrigramSimilarity(Concat("given_name", Value(" "), "family_name"), full_name))
        .filter(similarity__gt=DUPLICATE_NAME_SIMILARITY)
    )


def _refuse_unconfirmed_similar_person(person: Person, by: User) -> None:
    matches = similar_people(person)
    if not matches.exists():
        return
    visible = list(matches.visible_to(by).order_by("pk").values_list("pk", flat=True))
    error = ValidationError(POSSIBLE_DUPLICATE, code="possible_duplicate", params={"person_ids": visible})
    raise ValidationError({"confirm_possible_duplicate": error})


def _refuse_admission_before_birth(person: Person) -> None:
    first = HospitalSpell.objects.filter(person=person).order_by("admission_date").first()
    if first and first.admission_date < person.date_of_birth:
        raise ValidationError(
            {"date_of_birth": f"Date of birth must be on or before the first admission "
                              f"({long_date(first.admission_date)})"}
        )


def _refuse_death_before_recorded_events(person: Person, day: date) -> None:
    last = HospitalSpell.objects.filter(person=person).order_by("-admission_date").first()
    if last and last.admission_date > day:
        raise ValidationError(
            {"date_of_death": f"Date of death must be on or after the last admission ({long_date(last.admission_date)})"}
        )
    if last and last.discharge_date and last.discharge_date > day:
        raise ValidationError(
            {"date_of_death": f"Date of death must be on or after the last discharge ({long_date(last.discharge_date)})"}
        )
    stay = last.ward_stays.order_by("-start_date").first() if last else None
    if stay and stay.start_date > day:
        raise ValidationError(
            {"date_of_death": f"Date of death must be on or after the last ward move ({long_date(stay.start_date)})"}
        )
    entry = DsrEntry.objects.filter(person=person, status=DsrStatus.ACTIVE).first()
    if entry and entry.added_on > day:
        raise ValidationError(
            {"date_of_death": f"Date of death must be on or after the date they joined the dynamic "
                              f"support register ({long_date(entry.added_on)})"}
        )


def _refuse_same_or_earlier(
    current: CareCoordinatorAssignment, user: User | None, external_name: str, start_date: date
) -> None:
    same = (user is not None and current.user_id == user.pk) or (
        user is None and current.user_id is None and current.external_name.lower() == external_name.lower()
    )
    if same:
        raise ValidationError({"user": "This is already the person's care coordinator"})
    if start_date < current.start_date:
        raise ValidationError(
            {"start_date": f"Start date must be on or after the current coordinator's start date "
                           f"({long_date(current.start_date)})"}
        )


def _end_current_coordinator(person: Person, by: User, on: date) -> None:
    current = CareCoordinatorAssignment.objects.filter(person=person, end_date__isnull=True).first()
    if current:
        before = audit_snapshot(current)
        current.end_date = max(on, current.start_date)
        current.save(update_fields=["end_date", "updated_at"])
        audit_update(by, current, before)


def _rows_belonging_to_a_person() -> list[tuple[type[models.Model], str]]:
    """Every model, in any app, with a foreign key to Person and its own partnership column:
    they all move with the person, including rows of apps that register cannot import."""
    found = []
    for model in apps.get_models():
        if model is Person:
            continue
        field_names = {f.name for f in model._meta.get_fields()}
        if "partnership" not in field_names:
            continue
        for field in model._meta.get_fields():
            if field.many_to_one and field.related_model is Person:
                found.append((model, field.name))
    return found
