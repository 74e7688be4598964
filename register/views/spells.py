"""Forms that change a hospital spell: ward moves, transfers, discharge, delays, planned
discharge dates and legal status."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from accounts.access import get_visible_or_404, role_required

from .. import services
from ..forms import (
    DischargeDelayForm,
    DischargeForm,
    LegalStatusForm,
    MoveWardForm,
    PlannedDischargeForm,
    TransferProviderForm,
)
from ..models import HospitalSpell
from .common import CHANGE_REGISTER, PLAN_DISCHARGE, form_page
from .people import _about, _detail_url


def _spell_page(
    request: HttpRequest,
    spell_id: int,
    build: Any,
    *,
    act: Any,
    title: str,
    button: str,
    success: str,
) -> HttpResponse:
    spell = get_visible_or_404(HospitalSpell.objects, request.user, pk=spell_id)  # type: ignore[arg-type]
    person = spell.person
    if spell.discharge_date is not None:
        messages.info(request, "That hospital spell has ended, so it can no longer be changed.")
        return redirect(_detail_url(person))
    form = build(spell, request.POST or None)
    return form_page(
        request,
        form,
        save=lambda data: act(spell=spell, by=request.user, **data),
        success=success,
        next_url=_detail_url(person),
        context=_about(person, title, button),
    )


def _today() -> dict[str, Any]:
    return {"effective_date": timezone.localdate()}


@require_http_methods(["GET", "POST"])
@role_required(*CHANGE_REGISTER)
def spell_move(request: HttpRequest, spell_id: int) -> HttpResponse:
    return _spell_page(
        request,
        spell_id,
        lambda spell, data: MoveWardForm(data, spell=spell),
        act=services.move_ward,
        title="Move to another ward in the same hospital",
        button="Record move",
        success="Ward move recorded",
    )


@require_http_methods(["GET", "POST"])
@role_required(*CHANGE_REGISTER)
def spell_transfer(request: HttpRequest, spell_id: int) -> HttpResponse:
    return _spell_page(
        request,
        spell_id,
        lambda spell, data: TransferProviderForm(data, spell=spell),
        act=services.transfer_to_provider,
        title="Transfer to another hospital provider",
        button="Record transfer",
        success="Transfer recorded",
    )


@require_http_methods(["GET", "POST"])
@role_required(*CHANGE_REGISTER)
def spell_discharge(request: HttpRequest, spell_id: int) -> HttpResponse:
    return _spell_page(
        request,
        spell_id,
        lambda spell, data: DischargeForm(data),
        act=services.discharge_spell,
        title="Record a discharge",
        button="Record discharge",
        success="Discharge recorded",
    )


@require_http_methods(["GET", "POST"])
@role_required(*PLAN_DISCHARGE)
def spell_delay(request: HttpRequest, spell_id: int) -> HttpResponse:
    return _spell_page(
        request,
        spell_id,
        lambda spell, data: DischargeDelayForm(data, initial=_today()),
        act=services.record_discharge_delay,
        title="Record a delayed discharge",
        button="Save",
        success="Delayed discharge recorded",
    )


@require_http_methods(["GET", "POST"])
@role_required(*PLAN_DISCHARGE)
def spell_planned_discharge(request: HttpRequest, spell_id: int) -> HttpResponse:
    return _spell_page(
        request,
        spell_id,
        lambda spell, data: PlannedDischargeForm(
            data, initial=_today() | {"planned_discharge_date": spell.planned_discharge_date}
        ),
        act=services.set_planned_discharge_date,
        title="Set the planned discharge date",
        button="Save",
        success="Planned discharge date saved",
    )


@require_http_methods(["GET", "POST"])
@role_required(*CHANGE_REGISTER)
def spell_legal_status(request: HttpRequest, spell_id: int) -> HttpResponse:
    return _spell_page(
        request,
        spell_id,
        lambda spell, data: LegalStatusForm(data, initial=_today()),
        act=services.set_legal_status,
        title="Change legal status",
        button="Save",
        success="Legal status saved",
    )
