"""A person's page and the forms that change the person (not a particular spell)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from accounts.access import get_visible_or_404, role_required
from accounts.audit import record_read
from accounts.models import Role
from accounts.selectors import recent_views_of_person
from tcp.person_sections import person_sections

from .. import services
from ..forms import (
    AddPersonForm,
    AdmitForm,
    CloseDsrForm,
    CoordinatorForm,
    DeathForm,
    PersonForm,
    PlannedAdmissionForm,
    RateRiskForm,
    TransferPartnershipForm,
    TransitionPlanForm,
    person_initial,
)
from ..models import Person
from ..nhs_numbers import format_nhs_number
from ..presenters import PersonPresenter
from ..selectors import person_page, register_queryset
from .common import CHANGE_REGISTER, PLAN_DISCHARGE, SEE_PEOPLE, can, form_page


def _person(request: HttpRequest, person_id: int) -> Person:
    return get_visible_or_404(Person.objects, request.user, pk=person_id)  # type: ignore[arg-type]


def _detail_url(person: Person | int) -> str:
    return reverse("register:person_detail", args=[getattr(person, "pk", person)])


def _about(person: Person, title: str, button: str, **extra: Any) -> dict[str, Any]:
    """Context naming whose record a form changes (name and NHS number, as on NHS forms)."""
    caption = f"{person.given_name} {person.family_name}"
    if person.nhs_number:
        caption += f", NHS number {format_nhs_number(person.nhs_number)}"
    return {
        "title": title,
        "caption": caption,
        "button": button,
        "back_url": _detail_url(person),
        **extra,
    }


# Commissioners and administrators may see who has opened a record (issue 10).
SEE_WHO_VIEWED = (Role.COMMISSIONER, Role.PARTNERSHIP_ADMIN)


@require_GET
@role_required(*SEE_PEOPLE)
def person_detail(request: HttpRequest, person_id: int) -> HttpResponse:
    person = get_visible_or_404(register_queryset(request.user), request.user, pk=person_id)  # type: ignore[arg-type]
    record_read(request, person)
    presenter = PersonPresenter(person_page(person), today=timezone.localdate())
    context = {
        "person": presenter,
        "can_change": can(request, CHANGE_REGISTER),
        "can_plan_discharge": can(request, PLAN_DISCHARGE),
        "sections": person_sections(request, person),
        "recent_views": recent_views_of_person(
            partnership_id=person.partnership_id, person_id=person.pk
        )
        if can(request, SEE_WHO_VIEWED)
        else None,
    }
    return render(request, "register/person_detail.jinja", context)


@require_http_methods(["GET", "POST"])
@role_required(*CHANGE_REGISTER)
def person_add(request: HttpRequest) -> HttpResponse:
    form = AddPersonForm(request.POST or None)
    partnership = request.user.active_partnership  # type: ignore[union-attr]
    return form_page(
        request,
        form,
        save=lambda data: services.create_person(partnership=partnership, by=request.user, **data),
        success="Person added to the register",
        next_url=_detail_url,
        template="register/person_form.jinja",
        context={
            "title": "Add a person",
            "button": "Add person",
            "back_url": reverse("register:person_list"),
        },
    )


@require_http_methods(["GET", "POST"])
@role_required(*CHANGE_REGISTER)
def person_edit(request: HttpRequest, person_id: int) -> HttpResponse:
    person = _person(request, person_id)
    form = PersonForm(request.POST or None, initial=person_initial(person))
    return form_page(
        request,
        form,
        save=lambda data: services.update_person(person=person, by=request.user, **data),
        success="Details saved",
        next_url=_detail_url(person),
        template="register/person_form.jinja",
        context=_about(person, "Edit details", "Save details"),
    )


@require_http_methods(["GET", "POST"])
@role_required(*CHANGE_REGISTER)
def person_admit(request: HttpRequest, person_id: int) -> HttpResponse:
    person = _person(request, person_id)
    return form_page(
        request,
        AdmitForm(request.POST or None),
        save=lambda data: services.admit_person(person=person, by=request.user, **data),
        success="Admission recorded",
        next_url=_detail_url(person),
        context=_about(person, "Record an admission", "Record admission"),
    )


@require_http_methods(["GET", "POST"])
@role_required(*CHANGE_REGISTER)
def person_rate(request: HttpRequest, person_id: int) -> HttpResponse:
    person = _person(request, person_id)

    def save(data: dict[str, Any]) -> Any:
        return services.rate_risk(
            person=person,
            by=request.user,
            **(data | {"consent_basis": data["consent_basis"] or None}),
        )

    return form_page(
        request,
        RateRiskForm(request.POST or None, initial={"effective_date": timezone.localdate()}),
        save=save,
        success="Risk rating recorded",
        next_url=_detail_url(person),
        context=_about(person, "Rate risk of admission (dynamic support register)", "Save rating"),
    )


@require_http_methods(["GET", "POST"])
@role_required(*CHANGE_REGISTER)
def person_dsr_close(request: HttpRequest, person_id: int) -> HttpResponse:
    person = _person(request, person_id)
    return form_page(
        request,
        CloseDsrForm(request.POST or None),
        save=lambda data: services.close_dsr_entry(person=person, by=request.user, **data),
        success="Removed from the dynamic support register",
        next_url=_detail_url(person),
        context=_about(person, "Take off the dynamic support register", "Take off the register"),
    )


@require_http_methods(["GET", "POST"])
@role_required(*CHANGE_REGISTER)
def person_planned_admission(request: HttpRequest, person_id: int) -> HttpResponse:
    person = _person(request, person_id)
    entry = person.dsr_entries.active().first()  # person is already scoped to the user
    initial = {"planned_admission_date": entry.planned_admission_date} if entry else {}
    return form_page(
        request,
        PlannedAdmissionForm(request.POST or None, initial=initial),
        save=lambda data: services.set_planned_admission(person=person, by=request.user, **data),
        success="Planned admission date saved",
        next_url=_detail_url(person),
        context=_about(person, "Planned admission", "Save planned admission date"),
    )


@require_http_methods(["GET", "POST"])
@role_required(*CHANGE_REGISTER)
def person_transition_plan(request: HttpRequest, person_id: int) -> HttpResponse:
    person = _person(request, person_id)
    return form_page(
        request,
        TransitionPlanForm(
            request.POST or None,
            initial={"transition_plan_started_on": person.transition_plan_started_on},
        ),
        save=lambda data: services.set_transition_plan_started(
            person=person, by=request.user, **data
        ),
        success="Transition planning date saved",
        next_url=_detail_url(person),
        context=_about(person, "Transition planning for adulthood", "Save date"),
    )


@require_http_methods(["GET", "POST"])
@role_required(*CHANGE_REGISTER)
def person_coordinator(request: HttpRequest, person_id: int) -> HttpResponse:
    person = _person(request, person_id)
    form = CoordinatorForm(request.POST or None, partnership_id=person.partnership_id)
    return form_page(
        request,
        form,
        save=lambda data: services.assign_coordinator(person=person, by=request.user, **data),
        success="Care coordinator changed",
        next_url=_detail_url(person),
        context=_about(person, "Change care coordinator", "Save coordinator"),
    )


@require_http_methods(["GET", "POST"])
@role_required(*CHANGE_REGISTER)
def person_transfer(request: HttpRequest, person_id: int) -> HttpResponse:
    person = _person(request, person_id)
    form = TransferPartnershipForm(
        request.POST or None, current_partnership_id=person.partnership_id
    )
    return form_page(
        request,
        form,
        save=lambda data: services.transfer_partnership(person=person, by=request.user, **data),
        success="Responsibility moved to the other partnership. "
        "The record is no longer on your register.",
        next_url=reverse("register:person_list"),
        context=_about(person, "Move to another partnership", "Move responsibility"),
    )


@require_http_methods(["GET", "POST"])
@role_required(*CHANGE_REGISTER)
def person_death(request: HttpRequest, person_id: int) -> HttpResponse:
    person = _person(request, person_id)
    return form_page(
        request,
        DeathForm(request.POST or None),
        save=lambda data: services.record_death(person=person, by=request.user, **data),
        success="Death recorded",
        next_url=_detail_url(person),
        context=_about(
            person,
            "Record a death",
            "Record death",
            warning=(
                "This closes any hospital spell and their dynamic support register entry "
                "on the date of death."
            ),
        ),
    )
