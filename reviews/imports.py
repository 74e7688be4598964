"""The 'Reviews' sheet of a spreadsheet import: C(E)TRs recorded through the reviews services
(`record_review` for held reviews; `plan_review`, then `decline_review` or `cancel_review`),
on the person's timeline after their admissions and discharges that day. Added to the register's
import when the app starts (apps.py), because the register never imports reviews.

A review already recorded (same type, status and date) is left as it is. Recommended actions and
panel members' organisations are not part of the sheet.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Hashable, Iterator
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch, Q
from django.utils import timezone

from accounts.models import Partnership
from register.imports.extra import ExtraSheet, add_sheet
from register.imports.mapping import LOCAL_ID, NHS, Column, Parse, SheetSpec
from register.imports.plan import StepContext
from register.imports.rows import ParsedRow
from register.models import HospitalSpell, ImportKind, Person

from .models import (
    INPATIENT_REVIEW_TYPES,
    CareReview,
    PanelMember,
    PanelRole,
    ReviewOutcome,
    ReviewSetting,
    ReviewStatus,
    ReviewType,
)
from .services import (
    PanelSeat,
    cancel_review,
    decline_review,
    plan_review,
    record_review,
)

YES_NO_BLANK = "Yes, No, or blank if not answered."
REVIEWS = SheetSpec(
    ImportKind.REVIEWS,
    "Reviews",
    (
        NHS,
        LOCAL_ID,
        Column(
            "review_type",
            "Review type",
            Parse.CODE,
            required=True,
            choices=ReviewType,
            aliases=("Type",),
        ),
        Column(
            "status",
            "Status",
            Parse.CODE,
            choices=ReviewStatus,
            help="Blank means HELD. PLANNED, DECLINED and CANCELLED reviews need the date "
            "offered; DECLINED and CANCELLED ones a reason.",
        ),
        Column("held_date", "Held date", Parse.DATE, aliases=("Date held", "Review date")),
        Column("offered_date", "Date offered", Parse.DATE, aliases=("Offered date",)),
        Column(
            "requested_at",
            "Requested at",
            Parse.DATETIME,
            help="Urgent community reviews only: when the review was asked for.",
        ),
        Column(
            "spell_admission_date",
            "Spell admission date",
            Parse.DATE,
            help="Inpatient reviews: the admission date of the hospital spell the review was "
            "part of. Blank means the spell the person was in on the review date.",
        ),
        Column("outcome", "Outcome", Parse.CODE, choices=ReviewOutcome),
        Column("chair", "Chair", help="Name of the chair (the responsible commissioner)."),
        Column("expert_by_experience", "Expert by experience", help="Name."),
        Column("clinical_expert", "Clinical expert", help="Name."),
        Column(
            "other_panel",
            "Other panel members",
            help="Names of other attendees, separated by semicolons.",
        ),
        Column("setting", "Setting", Parse.CODE, choices=ReviewSetting),
        Column("person_attended", "Person attended", Parse.YES_NO),
        Column("family_or_carer_attended", "Family or carer attended", Parse.YES_NO),
        Column("advocate_attended", "Advocate attended", Parse.YES_NO),
        Column("is_safe", "Is the person safe", Parse.YES_NO_UNKNOWN, help=YES_NO_BLANK),
        Column(
            "is_good_care_now",
            "Is the person getting good care now",
            Parse.YES_NO_UNKNOWN,
            help=YES_NO_BLANK,
        ),
        Column(
            "has_plans_for_future",
            "Are there plans for the future",
            Parse.YES_NO_UNKNOWN,
            help=YES_NO_BLANK,
        ),
        Column(
            "could_care_be_in_community",
            "Could care be provided in the community",
            Parse.YES_NO_UNKNOWN,
            help=YES_NO_BLANK,
        ),
        Column("is_in_right_place", "In the right place", Parse.YES_NO_UNKNOWN, help=YES_NO_BLANK),
        Column("report_issued_date", "Report issued", Parse.DATE),
        Column("reason", "Reason declined or cancelled"),
        Column("closed_on", "Declined or cancelled on", Parse.DATE),
    ),
    "One row per C(E)TR.",
)
ANSWERS = (
    "is_safe",
    "is_good_care_now",
    "has_plans_for_future",
    "could_care_be_in_community",
    "is_in_right_place",
)
ATTENDANCE = ("person_attended", "family_or_carer_attended", "advocate_attended")
PANEL_COLUMNS = (
    (PanelRole.CHAIR_COMMISSIONER, "chair"),
    (PanelRole.EXPERT_BY_EXPERIENCE, "expert_by_experience"),
    (PanelRole.CLINICAL_EXPERT, "clinical_expert"),
)
# The services' field names -> the sheet's columns.
FIELDS = {"panel": "chair", "person": "nhs_number", "spell": "spell_admission_date"}


def review_key(values: dict[str, Any]) -> tuple[str, str, date | None]:
    status = values.get("status") or ReviewStatus.HELD
    requested = values.get("requested_at")
    day = (
        values.get("held_date")
        or values.get("offered_date")
        or (timezone.localdate(requested) if requested else None)
    )
    return (values.get("review_type", ""), status, day)


def _row_key(row: ParsedRow) -> Hashable:
    return review_key(row.values)


def _recorded(partnership: Partnership, person_ids: list[int]) -> dict[int, Counter[Hashable]]:
    found: dict[int, Counter[Hashable]] = defaultdict(Counter)
    reviews = CareReview.objects.for_partnership(partnership).filter(person_id__in=person_ids)
    for review in reviews.only(
        "person_id", "review_type", "status", "held_date", "offered_date", "requested_at"
    ):
        found[review.person_id][
            review_key(
                {
                    "review_type": review.review_type,
                    "status": review.status,
                    "held_date": review.held_date,
                    "offered_date": review.offered_date,
                    "requested_at": review.requested_at,
                }
            )
        ] += 1
    return found


def _add_steps(context: StepContext, rows: list[ParsedRow]) -> None:
    for row in rows:
        day = review_key(row.values)[2] or context.today
        context.add(day, row, "New review", _action(context, row), FIELDS)


def _action(context: StepContext, row: ParsedRow) -> Any:
    values, by, today = row.values, context.by, context.today
    status = values.get("status") or ReviewStatus.HELD

    def run() -> None:
        person: Person = context.plan.person  # type: ignore[assignment]
        spell = _spell(person, values)
        if status == ReviewStatus.HELD:
            record_review(
                person=person,
                by=by,
                review_type=values["review_type"],
                held_date=values.get("held_date"),
                panel=_panel(values),
                outcome=values.get("outcome", ""),
                spell=spell,
                requested_at=values.get("requested_at"),
                offered_date=values.get("offered_date"),
                setting=values.get("setting", ""),
                report_issued_date=values.get("report_issued_date"),
                today=today,
                **{name: values.get(name) for name in ANSWERS},
                **{name: bool(values.get(name)) for name in ATTENDANCE},
            )
            return
        with transaction.atomic():
            review = plan_review(
                person=person,
                by=by,
                review_type=values["review_type"],
                spell=spell,
                offered_date=values.get("offered_date"),
                requested_at=values.get("requested_at"),
                setting=values.get("setting", ""),
                today=today,
            )
            closed_on = values.get("closed_on") or today
            if status == ReviewStatus.DECLINED:
                decline_review(
                    review=review, by=by, reason=values.get("reason", ""), today=closed_on
                )
            elif status == ReviewStatus.CANCELLED:
                cancel_review(
                    review=review, by=by, reason=values.get("reason", ""), today=closed_on
                )

    return run


def _spell(person: Person, values: dict[str, Any]) -> HospitalSpell | None:
    """The spell an inpatient review belongs to: the one named by its admission date, else the
    one the person was in on the review date (the later one on a transfer day)."""
    if values.get("review_type") not in INPATIENT_REVIEW_TYPES:
        return None
    spells = HospitalSpell.objects.filter(person=person)
    admitted = values.get("spell_admission_date")
    if admitted:
        spell = spells.filter(admission_date=admitted).first()
        if spell is None:
            raise ValidationError(
                {"spell": "This person has no hospital spell with that admission date"}
            )
        return spell
    day = values.get("held_date") or values.get("offered_date")
    if day is None:
        return None
    return (
        spells.filter(admission_date__lte=day)
        .filter(Q(discharge_date__isnull=True) | Q(discharge_date__gte=day))
        .order_by("-admission_date")
        .first()
    )


def _panel(values: dict[str, Any]) -> list[PanelSeat]:
    seats = [
        PanelSeat(role=role, name=values[key]) for role, key in PANEL_COLUMNS if values.get(key)
    ]
    others = [name.strip() for name in (values.get("other_panel") or "").split(";")]
    return seats + [PanelSeat(role=PanelRole.OTHER, name=name) for name in others if name]


def _export_rows(person_ids: list[int]) -> Iterator[list[Any]]:
    reviews = (
        CareReview.objects.filter(person_id__in=person_ids)
        .select_related("person", "spell")
        .prefetch_related(Prefetch("panel", PanelMember.objects.order_by("pk")))
        .order_by("person_id", "pk")
    )
    for review in reviews.iterator(chunk_size=2000):
        panel: dict[str, list[str]] = defaultdict(list)
        for member in review.panel.all():
            panel[member.role].append(member.name)
        requested = (
            timezone.localtime(review.requested_at).replace(tzinfo=None)
            if review.requested_at
            else None
        )
        yield [
            review.person.nhs_number or "",
            review.person.local_identifier,
            review.review_type,
            review.status,
            review.held_date,
            review.offered_date,
            requested,
            review.spell.admission_date if review.spell else None,
            review.outcome,
            *(";".join(panel[role]) for role, _ in PANEL_COLUMNS),
            ";".join(panel[PanelRole.OTHER]),
            review.setting,
            *(_yes_no(getattr(review, name)) for name in ATTENDANCE),
            *(_yes_no(getattr(review, name)) for name in ANSWERS),
            review.report_issued_date,
            review.status_reason,
            review.closed_on,
        ]


def _yes_no(value: bool | None) -> str:
    return "" if value is None else ("Yes" if value else "No")


def add_reviews_sheet() -> None:
    add_sheet(
        ExtraSheet(
            spec=REVIEWS,
            row_key=_row_key,
            recorded=_recorded,
            add_steps=_add_steps,
            export_rows=_export_rows,
        )
    )
