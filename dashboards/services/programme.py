"""Programme risks and milestones (DOMAIN.md 6): every change is a revision row and an audit
event, so the history can be shown and investigated."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from accounts.audit import audit_snapshot, changed_fields, record_event
from accounts.models import AuditAction, Partnership, User

from ..models import Milestone, MilestoneRevision, ProgrammeRisk, RiskRevision

RISK_FIELDS = (
    "cause",
    "risk",
    "consequence",
    "inherent_likelihood",
    "inherent_impact",
    "mitigation",
    "residual_likelihood",
    "residual_impact",
    "owner",
    "review_date",
    "status",
)
MILESTONE_FIELDS = (
    "workstream",
    "title",
    "owner",
    "due_date",
    "forecast_date",
    "completed_on",
    "is_at_risk",
    "rag_override",
    "override_reason",
)


def _values(instance: Any, names: tuple[str, ...]) -> dict[str, Any]:
    return {name: getattr(instance, name) for name in names}


def _plain(values: dict[str, Any]) -> dict[str, Any]:
    return {k: v.isoformat() if isinstance(v, date) else v for k, v in values.items()}


def _check_risk(fields: dict[str, Any]) -> None:
    errors = {}
    for name in ("cause", "risk", "consequence", "mitigation", "owner"):
        if name in fields and not str(fields[name]).strip():
            errors[name] = {
                "cause": "Enter what the risk arises from ('as a result of').",
                "risk": "Enter the risk ('there is a risk that').",
                "consequence": "Enter the consequence ('which may lead to').",
                "mitigation": "Enter the mitigation.",
                "owner": "Enter who owns the risk.",
            }[name]
    if errors:
        raise ValidationError(errors)


def create_risk(*, partnership: Partnership, by: User, **fields: Any) -> ProgrammeRisk:
    unknown = set(fields) - set(RISK_FIELDS)
    if unknown:
        raise TypeError(f"Unknown risk fields: {sorted(unknown)}")
    _check_risk(fields)
    with transaction.atomic():
        risk = ProgrammeRisk.objects.create(partnership=partnership, **fields)
        RiskRevision.objects.create(
            partnership=partnership,
            risk=risk,
            changed_by=by,
            changes={"created": _plain(_values(risk, RISK_FIELDS))},
        )
        record_event(actor=by, action=AuditAction.CREATE, target=risk)
    return risk


def update_risk(*, programme_risk: ProgrammeRisk, by: User, **fields: Any) -> ProgrammeRisk:
    """Change a risk (its text field `risk` is why the row is called programme_risk here)."""
    unknown = set(fields) - set(RISK_FIELDS)
    if unknown:
        raise TypeError(f"Unknown risk fields: {sorted(unknown)}")
    _check_risk(fields)
    with transaction.atomic():
        risk = ProgrammeRisk.objects.select_for_update().get(pk=programme_risk.pk)
        before_values = _plain(_values(risk, RISK_FIELDS))
        before = audit_snapshot(risk)
        for name, value in fields.items():
            setattr(risk, name, value)
        changes = changed_fields(before_values, _plain(_values(risk, RISK_FIELDS)))
        if not changes:
            return risk
        risk.save()
        RiskRevision.objects.create(
            partnership=risk.partnership, risk=risk, changed_by=by, changes=changes
        )
        record_event(actor=by, action=AuditAction.UPDATE, target=risk, before=before)
    return risk


def _check_milestone(values: dict[str, Any]) -> None:
    errors: dict[str, str] = {}
    if values.get("rag_override") and not str(values.get("override_reason", "")).strip():
        errors["override_reason"] = "Enter why the RAG rating is being overridden."
    if not values.get("rag_override") and str(values.get("override_reason", "")).strip():
        errors["rag_override"] = "Choose the rating to override to, or remove the reason."
    for name, message in (
        ("title", "Enter the milestone."),
        ("owner", "Enter the owner."),
        ("workstream", "Enter the workstream."),
    ):
        if name in values and not str(values[name]).strip():
            errors[name] = message
    if errors:
        raise ValidationError(errors)


def create_milestone(
    *, partnership: Partnership, by: User, today: date, **fields: Any
) -> Milestone:
    """A milestone. An override of its RAG needs a reason (DOMAIN.md 6), audited."""
    unknown = set(fields) - set(MILESTONE_FIELDS)
    if unknown:
        raise TypeError(f"Unknown milestone fields: {sorted(unknown)}")
    _check_milestone(fields)
    with transaction.atomic():
        milestone = Milestone.objects.create(
            partnership=partnership, last_update_on=today, **fields
        )
        MilestoneRevision.objects.create(
            partnership=partnership,
            milestone=milestone,
            changed_by=by,
            changes={"created": _plain(_values(milestone, MILESTONE_FIELDS))},
        )
        record_event(actor=by, action=AuditAction.CREATE, target=milestone)
    return milestone


def update_milestone(*, milestone: Milestone, by: User, today: date, **fields: Any) -> Milestone:
    unknown = set(fields) - set(MILESTONE_FIELDS)
    if unknown:
        raise TypeError(f"Unknown milestone fields: {sorted(unknown)}")
    with transaction.atomic():
        milestone = Milestone.objects.select_for_update().get(pk=milestone.pk)
        before_values = _plain(_values(milestone, MILESTONE_FIELDS))
        before = audit_snapshot(milestone)
        for name, value in fields.items():
            setattr(milestone, name, value)
        _check_milestone(_values(milestone, MILESTONE_FIELDS))
        changes = changed_fields(before_values, _plain(_values(milestone, MILESTONE_FIELDS)))
        if not changes:
            return milestone
        milestone.last_update_on = today
        milestone.save()
        MilestoneRevision.objects.create(
            partnership=milestone.partnership, milestone=milestone, changed_by=by, changes=changes
        )
        record_event(actor=by, action=AuditAction.UPDATE, target=milestone, before=before)
    return milestone
