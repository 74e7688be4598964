"""Dated community facts the metrics read "as at" a day (DOMAIN.md 3 and 5): one service each,
all sharing the same checks (dates not in the future nor before birth, periods in order)."""

from __future__ import annotations

from datetime import date
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models, transaction

from accounts.models import User

from ..models import (
    Accommodation,
    AnnualHealthCheck,
    CarePlanReview,
    CoordinatorContact,
    CriminalJusticeContact,
    CrisisPlan,
    Employment,
    HealthEqualityAssessment,
    Person,
    PersonalBudget,
    Placement,
    PsychiatricReferral,
)
from .base import Errors, announce_change, audit_create, check_date

R = TypeVar("R", bound=models.Model)
DATE_LABELS = {
    "contact_date": "contact date",
    "reviewed_on": "review date",
    "created_on": "date the plan was made",
    "updated_on": "date the plan was updated",
    "withdrawn_on": "date the plan was withdrawn",
    "check_date": "date of the health check",
    "assessed_on": "assessment date",
    "start_date": "start date",
    "end_date": "end date",
    "referral_date": "referral date",
    "first_contact_date": "first contact date",
}
# (later date, earlier date it must not precede)
ORDER = {
    "end_date": "start_date",
    "updated_on": "created_on",
    "withdrawn_on": "created_on",
    "first_contact_date": "referral_date",
}


def record_coordinator_contact(
    *, person: Person, by: User, contact_date: date, mode: str, by_name: str = ""
) -> CoordinatorContact:
    return _record(
        CoordinatorContact, person, by, contact_date=contact_date, mode=mode, by_name=by_name
    )


def record_care_plan_review(
    *, person: Person, by: User, reviewed_on: date, is_cpa: bool = False
) -> CarePlanReview:
    return _record(CarePlanReview, person, by, reviewed_on=reviewed_on, is_cpa=is_cpa)


def record_crisis_plan(
    *,
    person: Person,
    by: User,
    created_on: date,
    updated_on: date | None = None,
    withdrawn_on: date | None = None,
) -> CrisisPlan:
    return _record(
        CrisisPlan,
        person,
        by,
        created_on=created_on,
        updated_on=updated_on,
        withdrawn_on=withdrawn_on,
    )


def record_annual_health_check(
    *, person: Person, by: User, check_date: date, has_health_action_plan: bool = False
) -> AnnualHealthCheck:
    return _record(
        AnnualHealthCheck,
        person,
        by,
        check_date=check_date,
        has_health_action_plan=has_health_action_plan,
    )


def record_health_equality_assessment(
    *, person: Person, by: User, assessed_on: date
) -> HealthEqualityAssessment:
    return _record(HealthEqualityAssessment, person, by, assessed_on=assessed_on)


def record_personal_budget(
    *,
    person: Person,
    by: User,
    kind: str,
    deployment: str,
    start_date: date,
    end_date: date | None = None,
) -> PersonalBudget:
    return _record(
        PersonalBudget,
        person,
        by,
        kind=kind,
        deployment=deployment,
        start_date=start_date,
        end_date=end_date,
    )


def record_accommodation(
    *,
    person: Person,
    by: User,
    type: str,
    start_date: date,
    end_date: date | None = None,
) -> Accommodation:
    return _record(Accommodation, person, by, type=type, start_date=start_date, end_date=end_date)


def record_employment(
    *, person: Person, by: User, status: str, start_date: date, end_date: date | None = None
) -> Employment:
    return _record(Employment, person, by, status=status, start_date=start_date, end_date=end_date)


def record_criminal_justice_contact(
    *, person: Person, by: User, contact_date: date, description: str = ""
) -> CriminalJusticeContact:
    return _record(
        CriminalJusticeContact, person, by, contact_date=contact_date, description=description
    )


def record_psychiatric_referral(
    *, person: Person, by: User, referral_date: date, first_contact_date: date | None = None
) -> PsychiatricReferral:
    return _record(
        PsychiatricReferral,
        person,
        by,
        referral_date=referral_date,
        first_contact_date=first_contact_date,
    )


def record_placement(
    *,
    person: Person,
    by: User,
    type: str,
    start_date: date,
    end_date: date | None = None,
    provider_name: str = "",
    is_out_of_area: bool = False,
    is_for_lack_of_local_provision: bool = False,
    ended_by_breakdown: bool = False,
) -> Placement:
    return _record(
        Placement,
        person,
        by,
        type=type,
        start_date=start_date,
        end_date=end_date,
        provider_name=provider_name,
        is_out_of_area=is_out_of_area,
        is_for_lack_of_local_provision=is_for_lack_of_local_provision,
        ended_by_breakdown=ended_by_breakdown,
    )


def _record(model: type[R], person: Person, by: User, **values: Any) -> R:
    errors = Errors()
    born = (person.date_of_birth, "the date of birth")
    for name, label in DATE_LABELS.items():
        if name in values:  # the first date of each record is required; later ones are optional
            check_date(
                errors, name, values[name], label, required=name not in ORDER, not_before=born
            )
    for later, earlier in ORDER.items():
        if values.get(later) and values.get(earlier) and values[later] < values[earlier]:
            errors.add(
                later,
                f"{DATE_LABELS[later].capitalize()} must be on or after the {DATE_LABELS[earlier]}",
            )
    row = model(partnership_id=person.partnership_id, person=person, recorded_by=by, **values)
    try:
        row.clean_fields(exclude=[*errors.by_field, "partnership", "person", "recorded_by"])
    except ValidationError as problem:
        for field, messages in problem.message_dict.items():
            for message in messages:
                errors.add(field, message)
    errors.raise_if_any()
    with transaction.atomic():
        if Person.objects.select_for_update().get(pk=person.pk).date_of_death:
            raise ValidationError("This person has died, so new records cannot be added")
        row.save()
        audit_create(by, row)
        announce_change(person.pk)
    return row
