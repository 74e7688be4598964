"""A person's life on the register after they are added: care coordinators, moving between
partnerships, and death (DOMAIN.md sections 3 and 9)."""

from __future__ import annotations

from datetime import date

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models, transaction

from accounts.audit import audit_snapshot, record_event
from accounts.models import AuditAction, Membership, Organisation, Partnership, User

from ..models import (
    CareCoordinatorAssignment,
    DsrClosedReason,
    DsrEntry,
    DsrStatus,
    HospitalSpell,
    Person,
)
from ..rules import ADULT_AGE, add_years
from .base import (
    Errors,
    announce_change,
    audit_create,
    audit_update,
    check_date,
    constraint_messages,
    long_date,
    refuse_if_before,
)
from .spells import close_open_spell


def transfer_partnership(
    *, person: Person, by: User, to_partnership: Partnership, on: date
) -> Person:
    """Move responsibility for a person to another partnership, with every row that belongs to
    them; audited on both sides. The current care coordinator's assignment ends on `on`."""
    errors = Errors()
    if to_partnership.pk == person.partnership_id:
        errors.add("to_partnership", "Choose a different partnership from the current one")
    check_date(
        errors, "on", on, "transfer date", not_before=(person.date_of_birth, "the date of birth")
    )
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
            "transfer": {
                "from": from_partnership_id,
                "to": to_partnership.pk,
                "on": on.isoformat(),
            },
            "rows_moved": {label: count for label, count in moved.items() if count},
        }
        for side in (from_partnership_id, to_partnership.pk):
            record_event(
                actor=by,
                action=AuditAction.UPDATE,
                target=person,
                partnership=side,
                summary=summary,
            )
        announce_change(person.pk)
    return person


def set_transition_plan_started(
    *, person: Person, by: User, transition_plan_started_on: date | None
) -> Person:
    """Record (or clear) the day transition planning for adulthood started (R15: by six months
    before the 18th birthday). It must have started while the person was a child."""
    errors = Errors()
    check_date(
        errors,
        "transition_plan_started_on",
        transition_plan_started_on,
        "date transition planning started",
        required=False,
        not_before=(person.date_of_birth, "the date of birth"),
    )
    eighteenth = add_years(person.date_of_birth, ADULT_AGE)
    if transition_plan_started_on and transition_plan_started_on >= eighteenth and not errors:
        errors.add(
            "transition_plan_started_on",
            f"Transition planning must start before the person's 18th birthday "
            f"({long_date(eighteenth)})",
        )
    errors.raise_if_any()
    with transaction.atomic():
        person = Person.objects.select_for_update().get(pk=person.pk)
        before = audit_snapshot(person)
        person.transition_plan_started_on = transition_plan_started_on
        person.save(update_fields=["transition_plan_started_on", "updated_at"])
        audit_update(by, person, before)
        announce_change(person.pk)
    return person


def record_death(*, person: Person, by: User, date_of_death: date) -> Person:
    """A death closes the DSR entry and any open spell (destination DIED) on the date of death."""
    errors = Errors()
    check_date(
        errors,
        "date_of_death",
        date_of_death,
        "date of death",
        not_before=(person.date_of_birth, "the date of birth"),
    )
    errors.raise_if_any()
    with transaction.atomic():
        person = Person.objects.select_for_update().get(pk=person.pk)
        if person.date_of_death:
            recorded = long_date(person.date_of_death)
            raise ValidationError(
                {"date_of_death": f"A date of death ({recorded}) is already recorded"}
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
        errors.add(
            "user", "Choose a care coordinator, or enter the name of one outside this system"
        )
    elif user is not None and external_name:
        errors.add("external_name", "Either choose a user or enter a name, not both")
    elif (
        user is not None
        and not Membership.objects.filter(user=user, partnership_id=person.partnership_id).exists()
    ):
        errors.add("user", "This user is not a member of the person's partnership")
    check_date(
        errors,
        "start_date",
        start_date,
        "start date",
        not_before=(person.date_of_birth, "the date of birth"),
    )
    errors.raise_if_any()
    messages = {
        "coordinator_one_current_per_person": {
            "start_date": "The coordinator changed while you were "
            "typing. Check the current coordinator and try again."
        }
    }
    with constraint_messages(messages), transaction.atomic():
        person = Person.objects.select_for_update().get(pk=person.pk)
        if person.date_of_death:
            raise ValidationError("This person has died, so a coordinator cannot be assigned")
        current = CareCoordinatorAssignment.objects.filter(
            person=person, end_date__isnull=True
        ).first()
        if current:
            _refuse_same_or_earlier(current, user, external_name, start_date)
            before = audit_snapshot(current)
            current.end_date = start_date
            current.save(update_fields=["end_date", "updated_at"])
            audit_update(by, current, before)
        assignment = CareCoordinatorAssignment.objects.create(
            partnership_id=person.partnership_id,
            person=person,
            user=user,
            external_name=external_name,
            organisation=organisation or (user.organisation if user else None),
            is_cpa=is_cpa,
            start_date=start_date,
            assigned_by=by,
        )
        audit_create(by, assignment)
        announce_change(person.pk)
    return assignment


def _refuse_death_before_recorded_events(person: Person, day: date) -> None:
    last = HospitalSpell.objects.filter(person=person).order_by("-admission_date").first()
    if last:
        refuse_if_before(
            "date_of_death", "Date of death", day, last.admission_date, "the last admission"
        )
        if last.discharge_date:
            refuse_if_before(
                "date_of_death", "Date of death", day, last.discharge_date, "the last discharge"
            )
        stay = last.ward_stays.order_by("-start_date").first()
        if stay:
            refuse_if_before(
                "date_of_death", "Date of death", day, stay.start_date, "the last ward move"
            )
    entry = DsrEntry.objects.filter(person=person, status=DsrStatus.ACTIVE).first()
    if entry:
        refuse_if_before(
            "date_of_death",
            "Date of death",
            day,
            entry.added_on,
            "the date they joined the dynamic support register",
        )


def _refuse_same_or_earlier(
    current: CareCoordinatorAssignment, user: User | None, external_name: str, start_date: date
) -> None:
    same = (user is not None and current.user_id == user.pk) or (
        user is None
        and current.user_id is None
        and current.external_name.lower() == external_name.lower()
    )
    if same:
        raise ValidationError({"user": "This is already the person's care coordinator"})
    refuse_if_before(
        "start_date",
        "Start date",
        start_date,
        current.start_date,
        "the current coordinator's start date",
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
