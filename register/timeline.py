"""One timeline of a person's record: spells, ward moves, DSR ratings, legal status, planned
discharge dates, delays and coordinators, newest first (DOMAIN.md 3: histories are rows).

Higher apps add their own events (reviews adds C(E)TRs and visits) with `add_timeline_source`,
so register never imports them."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date

from .models import (
    CareCoordinatorAssignment,
    DelayReason,
    DischargeDelayRecord,
    DsrClosedReason,
    DsrEntry,
    HospitalSpell,
    LegalStatus,
    LegalStatusRecord,
    Person,
    PlannedDischargeRecord,
    RiskRating,
    WardStay,
)


@dataclass(frozen=True)
class TimelineEvent:
    day: date
    kind: str  # spell, ward, rating, dsr, legal, plan, delay, coordinator, death, or a higher app's
    title: str
    lines: list[str] = field(default_factory=list)
    rag: str = ""  # set on rating events, for the tag colour


TimelineSource = Callable[[Person], Iterable[TimelineEvent]]
TIMELINE_SOURCES: list[TimelineSource] = []


def add_timeline_source(source: TimelineSource) -> None:
    """Called by a higher app's AppConfig.ready() to add its events to the person timeline."""
    if source not in TIMELINE_SOURCES:
        TIMELINE_SOURCES.append(source)


def person_timeline(person: Person) -> list[TimelineEvent]:
    sources: list[Iterable[TimelineEvent]] = [
        _spells(person),
        _ward_moves(person),
        _dsr(person),
        _ratings(person),
        _legal(person),
        _plans(person),
        _delays(person),
        _coordinators(person),
    ]
    sources.extend(source(person) for source in TIMELINE_SOURCES)
    events = [event for source in sources for event in source]
    if person.date_of_death:
        events.append(TimelineEvent(person.date_of_death, "death", "Died"))
    # Newest first; on one day, the order of the sources above (admission before ward moves...).
    indexed = list(enumerate(events))
    indexed.sort(key=lambda pair: (pair[1].day, pair[0]), reverse=True)
    return [event for _, event in indexed]


def _d(day: date | None) -> str:
    return f"{day.day} {day:%B %Y}" if day else ""


def _spells(person: Person) -> Iterator[TimelineEvent]:
    spells = (
        HospitalSpell.objects.filter(person=person)
        .select_related("provider", "site", "commissioner")
        .prefetch_related("ward_stays__ward")
        .order_by("admission_date", "pk")
    )
    for spell in spells:
        stays = sorted(spell.ward_stays.all(), key=lambda s: (s.start_date, s.pk))
        first_ward = stays[0].ward if stays else None
        lines = [
            f"{spell.get_admission_kind_display()}, "
            f"from {spell.get_admission_source_display().lower()}",
            f"Hospital: {spell.site.name} ({spell.provider.name})",
            f"Commissioner: {spell.commissioner.name} ({spell.get_commissioner_type_display()})",
        ]
        if first_ward:
            lines.append(f"Ward: {first_ward.name} ({first_ward.get_bed_type_display()})")
        if spell.continuous_stay_start != spell.admission_date:
            lines.append(f"Continuous stay since {_d(spell.continuous_stay_start)}")
        title = (
            "Transferred in from another hospital"
            if spell.transferred_from_id
            else "Admitted to hospital"
        )
        yield TimelineEvent(spell.admission_date, "spell", title, lines)
        if spell.discharge_date and spell.discharge_destination != "DIED":
            yield TimelineEvent(
                spell.discharge_date,
                "spell",
                f"Discharged: {spell.get_discharge_destination_display().lower()}",
                [f"Length of stay {(spell.discharge_date - spell.admission_date).days} days"],
            )


def _ward_moves(person: Person) -> Iterator[TimelineEvent]:
    stays = (
        WardStay.objects.filter(person=person).select_related("ward").order_by("start_date", "pk")
    )
    seen_spells: set[int] = set()
    for stay in stays:
        if stay.spell_id not in seen_spells:
            seen_spells.add(stay.spell_id)
            continue  # a spell's first ward is named by the admission event
        yield TimelineEvent(
            stay.start_date,
            "ward",
            f"Moved to {stay.ward.name}",
            [
                f"{stay.ward.get_bed_type_display()}, "
                f"{stay.ward.get_security_level_display().lower()}"
            ],
        )


def _dsr(person: Person) -> Iterator[TimelineEvent]:
    for entry in DsrEntry.objects.filter(person=person).order_by("added_on", "pk"):
        yield TimelineEvent(
            entry.added_on,
            "dsr",
            "Added to the dynamic support register",
            [f"Basis: {entry.get_consent_basis_display() or 'not recorded'}"],
        )
        if entry.closed_on:
            reason = (
                DsrClosedReason(entry.closed_reason).label if entry.closed_reason else "no reason"
            )
            yield TimelineEvent(
                entry.closed_on, "dsr", "Left the dynamic support register", [reason]
            )


def _ratings(person: Person) -> Iterator[TimelineEvent]:
    ratings = (
        RiskRating.objects.filter(person=person)
        .select_related("rated_by")
        .order_by("effective_date", "recorded_at", "pk")
    )
    for rating in ratings:
        who = "Set automatically" if rating.is_automatic else f"Rated by {_name(rating.rated_by)}"
        lines = [who]
        if rating.next_review_due:
            lines.append(f"Next review due {_d(rating.next_review_due)}")
        if rating.rationale and not rating.is_automatic:
            lines.append(rating.rationale)
        yield TimelineEvent(
            rating.effective_date,
            "rating",
            f"DSR rating: {rating.get_rag_display()}",
            lines,
            rag=rating.rag,
        )


def _legal(person: Person) -> Iterator[TimelineEvent]:
    for row in LegalStatusRecord.objects.filter(person=person).order_by(
        "effective_date", "recorded_at"
    ):
        yield TimelineEvent(
            row.effective_date, "legal", f"Legal status: {LegalStatus(row.legal_status).label}"
        )


def _plans(person: Person) -> Iterator[TimelineEvent]:
    for row in PlannedDischargeRecord.objects.filter(person=person).order_by(
        "effective_date", "recorded_at"
    ):
        title = (
            f"Planned discharge date: {_d(row.planned_discharge_date)}"
            if row.planned_discharge_date
            else "Planned discharge date removed"
        )
        yield TimelineEvent(row.effective_date, "plan", title)


def _delays(person: Person) -> Iterator[TimelineEvent]:
    for row in DischargeDelayRecord.objects.filter(person=person).order_by(
        "effective_date", "recorded_at"
    ):
        if row.clinically_ready_date:
            yield TimelineEvent(
                row.effective_date,
                "delay",
                f"Clinically ready for discharge from {_d(row.clinically_ready_date)}",
                [f"Delay reason: {DelayReason(row.delay_reason).label}"],
            )
        else:
            yield TimelineEvent(row.effective_date, "delay", "Discharge no longer delayed")


def _coordinators(person: Person) -> Iterator[TimelineEvent]:
    rows = CareCoordinatorAssignment.objects.filter(person=person).select_related(
        "user", "organisation"
    )
    for row in rows.order_by("start_date", "pk"):
        name = row.user.full_name if row.user else row.external_name
        lines = [row.organisation.name] if row.organisation else []
        if row.is_cpa:
            lines.append("Care Programme Approach")
        yield TimelineEvent(row.start_date, "coordinator", f"Care coordinator: {name}", lines)


def _name(user: object) -> str:
    return getattr(user, "full_name", "") or "a former user"
