"""Items of a continuous stay in hospital: C(E)TRs (R3-R7), oversight visits (R8, R9) and care
coordinator face-to-face contact (R12). All of them end when the stay ends (discharge, other than a
transfer) or the person dies: an open item is then CANCELLED."""

from __future__ import annotations

from datetime import date

from ..calendar import completed_years
from ..facts import ReviewFacts, ReviewStatus, ScheduleFacts
from ..policy import (
    AgeGroup,
    ItemKind,
    OversightScope,
    Place,
    PolicySettings,
    RuleContext,
    Setting,
    due_date,
    select_rule,
)
from ..stays import Stay, preceding_community_review
from .items import Closure, DueItem, Ref, RefKind, chain, make_item


def stay_items(
    facts: ScheduleFacts, stay: Stay, *, today: date, settings: PolicySettings
) -> list[DueItem]:
    end = _stay_end(facts, stay)
    return [
        *_review_items(facts, stay, end=end, today=today, settings=settings),
        *_visit_items(facts, stay, end=end, today=today, settings=settings),
        *_contact_items(facts, stay, end=end, today=today, settings=settings),
    ]


def age_group_on(facts: ScheduleFacts, day: date, settings: PolicySettings) -> AgeGroup:
    """CYP = under ADULT_AGE in completed years on `day`."""
    age = completed_years(facts.person.date_of_birth, day)
    return AgeGroup.CYP if age < settings.ADULT_AGE else AgeGroup.ADULT


def _context(facts: ScheduleFacts, stay: Stay, day: date, settings: PolicySettings) -> RuleContext:
    is_secure = stay.security_on(day).is_secure
    return RuleContext(
        age_group=age_group_on(facts, day, settings),
        setting=Setting.SECURE if is_secure else Setting.NON_SECURE,
        place=Place.INPATIENT,
        commissioner=stay.spell_on(day).commissioner_type,
    )


def _stay_end(facts: ScheduleFacts, stay: Stay) -> Closure | None:
    ends = []
    if stay.end is not None:
        ends.append(Closure.cancelled(stay.end, "Discharged: inpatient items end."))
    if facts.person.date_of_death is not None:
        ends.append(Closure.cancelled(facts.person.date_of_death, "The person died."))
    return min(ends, key=lambda end: end.on, default=None)


def review_event(review: ReviewFacts) -> Closure | None:
    """A held C(E)TR satisfies on its held date; a declined one on the date it was offered."""
    ref = Ref(RefKind.REVIEW, review.id)
    if review.status == ReviewStatus.HELD and review.held_date is not None:
        return Closure(on=review.held_date, satisfied_by=ref)
    if review.status == ReviewStatus.DECLINED and review.offered_date is not None:
        return Closure(on=review.offered_date, satisfied_by=ref, is_declined=True)
    return None


def _review_items(
    facts: ScheduleFacts, stay: Stay, *, end: Closure | None, today: date, settings: PolicySettings
) -> list[DueItem]:
    """R3/R4 then R5-R7, one chain per continuous stay.

    A new stay with a community or urgent review held in the lookback needs no post-admission
    review: its repeat cycle counts from that review. Otherwise the first item is the
    post-admission review (R3 adult, R4 child) counted from the admission date, and the repeat
    cycle counts from whichever review satisfies it. While no review has been held in the stay,
    the post-admission item is the outstanding one and no repeat item exists yet: in effect the
    repeat rules are anchored on the post-admission due date, with the first review due then.
    A transfer belongs to the stay it continues, so it adds no post-admission item (E10).
    """
    community = preceding_community_review(stay.start, facts.reviews, settings)
    in_stay = [review for review in facts.reviews if review.spell_id in stay.spell_ids]
    events = [event for event in map(review_event, in_stay) if event is not None]

    def build(position: int, anchor: date, closure: Closure | None, day: date) -> DueItem:
        is_first_review = community is None and position == 0
        kind = ItemKind.POST_ADMISSION_REVIEW if is_first_review else ItemKind.REPEAT_REVIEW
        rule = select_rule(kind, _context(facts, stay, day, settings))
        return make_item(
            rule=rule,
            person_id=facts.person.id,
            anchor_date=anchor,
            due=due_date(rule, anchor, settings),
            closure=closure,
            today=today,
            settings=settings,
            stay_spell_id=stay.first_spell_id,
            spell_id=stay.spell_on(day).id,
        )

    first_anchor = community.held_date if community and community.held_date else stay.start
    return chain(first_anchor=first_anchor, events=events, end=end, today=today, build=build)


def _visit_items(
    facts: ScheduleFacts, stay: Stay, *, end: Closure | None, today: date, settings: PolicySettings
) -> list[DueItem]:
    """R8/R9: a visit within the adult/child interval of the last one, the first counted from
    admission. With OVERSIGHT_SCOPE = OUT_OF_AREA only days spent out of area need visits."""
    events = [
        Closure(on=visit.visit_date, satisfied_by=Ref(RefKind.VISIT, visit.id))
        for visit in facts.visits
        if visit.spell_id in stay.spell_ids
    ]

    def build(position: int, anchor: date, closure: Closure | None, day: date) -> DueItem | None:
        spell = stay.spell_on(day)
        if settings.OVERSIGHT_SCOPE is OversightScope.OUT_OF_AREA and not spell.is_out_of_area:
            return None
        rule = select_rule(ItemKind.OVERSIGHT_VISIT, _context(facts, stay, day, settings))
        return make_item(
            rule=rule,
            person_id=facts.person.id,
            anchor_date=anchor,
            due=due_date(rule, anchor, settings),
            closure=closure,
            today=today,
            settings=settings,
            stay_spell_id=stay.first_spell_id,
            spell_id=spell.id,
        )

    return chain(first_anchor=stay.start, events=events, end=end, today=today, build=build)


def _contact_items(
    facts: ScheduleFacts, stay: Stay, *, end: Closure | None, today: date, settings: PolicySettings
) -> list[DueItem]:
    """R12: a face-to-face care coordinator contact within the interval of the last one during the
    stay; the first is counted from admission (contacts before admission are not carried in)."""
    events = [
        Closure(on=contact.contact_date, satisfied_by=Ref(RefKind.CONTACT, contact.id))
        for contact in facts.contacts
        if contact.is_face_to_face
    ]

    def build(position: int, anchor: date, closure: Closure | None, day: date) -> DueItem:
        rule = select_rule(ItemKind.COORDINATOR_CONTACT, _context(facts, stay, day, settings))
        return make_item(
            rule=rule,
            person_id=facts.person.id,
            anchor_date=anchor,
            due=due_date(rule, anchor, settings),
            closure=closure,
            today=today,
            settings=settings,
            stay_spell_id=stay.first_spell_id,
            spell_id=stay.spell_on(day).id,
        )

    return chain(first_anchor=stay.start, events=events, end=end, today=today, build=build)
