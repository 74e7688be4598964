"""Planned trajectories and GP-registered populations, entered by partnership administrators."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from accounts.audit import audit_snapshot, record_event
from accounts.models import AuditAction, Partnership, PartnershipPopulation, User
from register.models import CommissionerType

from ..metrics.periods import quarter_start
from ..models import TrajectoryPlan


def set_trajectory_plan(
    *,
    partnership: Partnership,
    by: User,
    quarter: date,
    commissioner_type: str,
    planned_inpatients: int,
) -> TrajectoryPlan:
    """Planned inpatients at the end of the financial quarter containing `quarter`."""
    if commissioner_type not in CommissionerType.values:
        raise ValidationError({"commissioner_type": "Choose ICB or NHS England specialised."})
    if planned_inpatients < 0:
        raise ValidationError({"planned_inpatients": "Planned inpatients must be 0 or more."})
    start = quarter_start(quarter)
    with transaction.atomic():
        plan = (
            TrajectoryPlan.objects.select_for_update()
            .for_partnership(partnership)
            .filter(quarter_start=start, commissioner_type=commissioner_type)
            .first()
        )
        if plan is None:
            plan = TrajectoryPlan.objects.create(
                partnership=partnership,
                quarter_start=start,
                commissioner_type=commissioner_type,
                planned_inpatients=planned_inpatients,
                entered_by=by,
            )
            record_event(actor=by, action=AuditAction.CREATE, target=plan)
        else:
            before = audit_snapshot(plan)
            plan.planned_inpatients, plan.entered_by = planned_inpatients, by
            plan.save(update_fields=["planned_inpatients", "entered_by", "updated_at"])
            record_event(actor=by, action=AuditAction.UPDATE, target=plan, before=before)
    return plan


def set_population(
    *,
    partnership: Partnership,
    by: User,
    financial_year_start: int,
    adults_18_plus: int,
    children_under_18: int,
) -> PartnershipPopulation:
    """GP-registered population for a financial year: the denominator of H2-H5."""
    if not 2000 <= financial_year_start <= 2100:
        raise ValidationError({"financial_year_start": "Enter a year between 2000 and 2100."})
    if adults_18_plus <= 0:
        raise ValidationError({"adults_18_plus": "Enter the number of adults, more than 0."})
    if children_under_18 <= 0:
        raise ValidationError({"children_under_18": "Enter the number of children, more than 0."})
    with transaction.atomic():
        row = (
            PartnershipPopulation.objects.select_for_update()
            .filter(partnership=partnership, financial_year_start=financial_year_start)
            .first()
        )
        if row is None:
            row = PartnershipPopulation.objects.create(
                partnership=partnership,
                financial_year_start=financial_year_start,
                adults_18_plus=adults_18_plus,
                children_under_18=children_under_18,
            )
            record_event(actor=by, action=AuditAction.CREATE, target=row)
        else:
            before = audit_snapshot(row)
            row.adults_18_plus, row.children_under_18 = adults_18_plus, children_under_18
            row.save(update_fields=["adults_18_plus", "children_under_18", "updated_at"])
            record_event(actor=by, action=AuditAction.UPDATE, target=row, before=before)
    return row
