"""Commissioner oversight visits (rules R8 and R9)."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from accounts.audit import record_event
from accounts.models import AuditAction, Organisation, User
from register.models import HospitalSpell

from ..models import OversightVisit
from ._common import date_problem, recompute_after_commit, spell_problem, today_or


def record_oversight_visit(
    *,
    spell: HospitalSpell,
    by: User,
    visit_date: date | None,
    organisation: Organisation | None = None,
    is_host_commissioner: bool = False,
    has_concerns: bool = False,
    concerns: str = "",
    visitor: User | None = None,
    today: date | None = None,
) -> OversightVisit:
    """A visit is dated inside the hospital stay it belongs to (DOMAIN.md 3); it resets the
    clock of the next oversight visit (R8 every 8 weeks, R9 every 6 weeks for under-18s)."""
    today = today_or(today)
    problems = {}
    if visit_date is None:
        problems["visit_date"] = "Enter the date of the visit."
    else:
        problem = date_problem(
            person=spell.person, day=visit_date, today=today, what="visit date"
        ) or spell_problem(spell=spell, day=visit_date, what="visit date")
        if problem:
            problems["visit_date"] = problem
    if has_concerns and not concerns.strip():
        problems["concerns"] = "Describe the concerns raised during the visit."
    if problems or visit_date is None:
        raise ValidationError(problems)
    with transaction.atomic():
        visit = OversightVisit.objects.create(
            partnership_id=spell.partnership_id,
            person_id=spell.person_id,
            spell=spell,
            visit_date=visit_date,
            visitor=visitor or by,
            organisation=organisation,
            is_host_commissioner=is_host_commissioner,
            has_concerns=has_concerns,
            concerns=concerns.strip() if has_concerns else "",
            recorded_by=by,
        )
        record_event(actor=by, action=AuditAction.CREATE, target=visit)
        recompute_after_commit(spell.person_id)
    return visit
