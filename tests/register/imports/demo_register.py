"""A demo-like register built through the register services (so every derived value is what the
services make): admissions with ward moves, delays and legal status changes, a transfer between
providers, a readmission, deaths in hospital and at home, DSR ratings (several on one day, one on
an admission day), people who left the DSR, someone without an NHS number, text that starts like
a formula, and a crowd of simpler histories."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from accounts.models import OrganisationType, Partnership, User
from register import services
from register.models import (
    DsrClosedReason,
    DsrEntry,
    HospitalSpell,
    LegalStatus,
    Person,
    RiskRating,
    Ward,
    WardStay,
)
from tests.factories import OrganisationFactory, synthetic_nhs_numbers

D = date.fromisoformat


def build_demo_register(
    partnership: Partnership, by: User, wards: dict[str, Ward], icb: Any, *, crowd: int = 30
) -> None:
    nhse = OrganisationFactory(ods_code="13R", type=OrganisationType.NHSE_SPEC)
    council = OrganisationFactory(ods_code="E06000055", type=OrganisationType.LOCAL_AUTHORITY)
    numbers = iter(synthetic_nhs_numbers(crowd + 20))
    willow, oak, beech = wards["willow"], wards["oak"], wards["beech"]

    def person(**fields: Any) -> Person:
        defaults: dict[str, Any] = {
            "nhs_number": next(numbers),
            "given_name": "Sam",
            "family_name": f"Person{len(fields)}",
            "date_of_birth": D("1990-05-01"),
            "has_learning_disability": True,
            "consent_basis": "CONSENT",
            "consent_date": D("2020-01-01"),
        }
        return services.create_person(
            partnership=partnership, by=by, confirm_possible_duplicate=True, **(defaults | fields)
        )

    def admit(who: Person, on: str, ward: Ward, **extra: Any) -> HospitalSpell:
        return services.admit_person(
            person=who,
            by=by,
            admission_date=D(on),
            ward=ward,
            commissioner=extra.pop("commissioner", icb),
            admission_source=extra.pop("admission_source", "COMMUNITY"),
            **extra,
        )

    def rate(who: Person, on: str, rag: str, rationale: str = "") -> None:
        services.rate_risk(person=who, by=by, rag=rag, effective_date=D(on), rationale=rationale)

    # Moves, legal status, planned discharge and a delay; then rated and off the DSR.
    first = person(given_name="Ada", family_name="Moves", sex="2", ethnicity="A")
    spell = admit(
        first,
        "2024-01-10",
        willow,
        legal_status=LegalStatus.S2,
        planned_discharge_date=D("2024-06-01"),
        reason_for_admission="Crisis",
    )
    services.move_ward(spell=spell, by=by, ward=oak, move_date=D("2024-03-01"))
    services.set_legal_status(
        spell=spell, by=by, legal_status=LegalStatus.S3, effective_date=D("2024-03-05")
    )
    services.record_discharge_delay(
        spell=spell,
        by=by,
        clinically_ready_date=D("2024-05-01"),
        delay_reason="HOUSING",
        effective_date=D("2024-05-01"),
    )
    services.discharge_spell(
        spell=spell,
        by=by,
        discharge_date=D("2024-07-01"),
        destination="SUPPORTED_LIVING",
        returned_to_previous_home=True,
    )
    rate(first, "2024-07-20", "AMBER", "Settling in")
    rate(first, "2024-10-01", "GREEN")
    services.close_dsr_entry(
        person=first, by=by, closed_on=D("2025-01-15"), reason=DsrClosedReason.RISK_REDUCED
    )

    # A transfer to another provider, still in hospital, commissioned by NHS England.
    moved = person(given_name="Ben", family_name="Transfer", has_autism=True)
    spell = admit(moved, "2024-02-01", willow, commissioner=nhse, legal_status=LegalStatus.S37)
    services.transfer_to_provider(spell=spell, by=by, transfer_date=D("2024-04-01"), ward=beech)

    # Discharged, readmitted within 12 months, discharged again, then rated red.
    back = person(given_name="Cal", family_name="Readmitted")
    spell = admit(back, "2023-01-05", willow)
    services.discharge_spell(
        spell=spell,
        by=by,
        discharge_date=D("2023-03-01"),
        destination="FAMILY_HOME",
        returned_to_previous_home=False,
    )
    spell = admit(back, "2023-10-01", oak, is_planned=True)
    services.discharge_spell(
        spell=spell, by=by, discharge_date=D("2024-01-01"), destination="OWN_HOME_TENANCY"
    )
    rate(back, "2024-01-20", "RED", "Housing at risk")

    # No NHS number yet; names and notes that a spreadsheet would read as formulas.
    untraced = person(
        nhs_number="",
        nhs_number_absent_reason="PENDING_TRACE",
        local_identifier="LOC-0001",
        given_name="Dee",
        preferred_name="+Dee",
        family_name="Untraced",
        has_learning_disability=False,
        has_autism=True,
    )
    rate(untraced, "2024-06-01", "GREEN", '=HYPERLINK("http://example.invalid")')

    # Died in hospital; died at home after being rated.
    in_hospital = person(given_name="Eli", family_name="Died")
    admit(in_hospital, "2024-03-01", willow)
    services.record_death(person=in_hospital, by=by, date_of_death=D("2024-08-01"))
    at_home = person(given_name="Fay", family_name="Died")
    rate(at_home, "2024-02-01", "RED")
    services.record_death(person=at_home, by=by, date_of_death=D("2024-09-01"))

    # Two ratings on one day, then a rating and an admission on the same day (still in).
    busy = person(
        given_name="Gus",
        family_name="Busy",
        home_postcode="MK40 1AA",
        home_local_authority=council,
        responsible_commissioner=icb,
        gp_practice_code="E81001",
        cohorts=["2", "3"],
        has_ehc_plan=True,
        has_mental_health_condition=True,
        support_level="3a",
        objects_to_at=True,
        date_of_birth=D("2008-02-29"),
    )
    rate(busy, "2024-01-01", "AMBER")
    rate(busy, "2024-02-01", "RED", "Escalating")
    rate(busy, "2024-02-01", "AMBER", "Reviewed the same day")
    rate(busy, "2024-05-10", "RED")
    admit(
        busy,
        "2024-05-10",
        oak,
        admission_source="CRIMINAL_JUSTICE",
        planned_discharge_date=D("2027-01-01"),
    )

    # No consent basis: admitted without joining the DSR.
    no_consent = person(
        given_name="Hal", family_name="NoConsent", consent_basis="", consent_date=None
    )
    spell = admit(no_consent, "2024-04-04", willow)
    services.discharge_spell(
        spell=spell, by=by, discharge_date=D("2024-04-20"), destination="RESIDENTIAL_CARE"
    )

    # C(E)TRs: held in hospital (one on a transfer day, for the spell that ended), in the
    # community, urgent; declined, cancelled and still planned.
    add_reviews(by, first, moved, back, busy, untraced, at_home)

    # A crowd of simpler histories.
    start = D("2022-01-03")
    for index in range(crowd):
        someone = person(
            given_name=f"Crowd{index}",
            family_name=f"Member{index:03d}",
            date_of_birth=D("1980-01-01") + timedelta(days=97 * index),
        )
        day = start + timedelta(days=13 * index)
        if index % 3 == 0:
            spell = admit(someone, day.isoformat(), willow if index % 2 else oak)
            if index % 6 == 0:
                services.discharge_spell(
                    spell=spell,
                    by=by,
                    discharge_date=day + timedelta(days=40),
                    destination="SUPPORTED_LIVING",
                )
                rate(someone, (day + timedelta(days=60)).isoformat(), "GREEN")
        else:
            rate(someone, day.isoformat(), ["RED", "AMBER", "GREEN"][index % 3])


def add_reviews(by: User, first, moved, back, busy, untraced, at_home) -> None:
    from reviews.services import (
        PanelSeat,
        cancel_review,
        decline_review,
        plan_review,
        record_review,
    )

    panel = [
        PanelSeat("CHAIR_COMMISSIONER", "Chris Chair"),
        PanelSeat("EXPERT_BY_EXPERIENCE", "Eve Expert"),
        PanelSeat("CLINICAL_EXPERT", "Dr Clare Clinic"),
    ]
    answers = {
        "is_safe": True,
        "is_good_care_now": True,
        "has_plans_for_future": False,
        "could_care_be_in_community": True,
    }
    record_review(
        person=first,
        by=by,
        review_type="POST_ADMISSION",
        held_date=D("2024-02-05"),
        spell=HospitalSpell.objects.get(person=first),
        panel=[*panel, PanelSeat("OTHER", "Olly Other"), PanelSeat("OTHER", "=Sum")],
        outcome="SAFE_AND_APPROPRIATELY_PLACED",
        setting="HOSPITAL",
        person_attended=True,
        advocate_attended=True,
        is_in_right_place=True,
        report_issued_date=D("2024-02-20"),
        **answers,
    )
    ended = HospitalSpell.objects.get(person=moved, discharge_date=D("2024-04-01"))
    record_review(
        person=moved,
        by=by,
        review_type="POST_ADMISSION",
        held_date=D("2024-04-01"),
        spell=ended,
        panel=panel,
        outcome="NOT_SAFE_OR_NOT_APPROPRIATE",
        **answers,
    )
    record_review(
        person=back,
        by=by,
        review_type="COMMUNITY",
        held_date=D("2024-02-10"),
        panel=panel,
        outcome="ADMISSION_AVOIDED",
        setting="PERSON_HOME",
        family_or_carer_attended=True,
    )
    from datetime import datetime

    from django.utils import timezone

    record_review(
        person=busy,
        by=by,
        review_type="URGENT_COMMUNITY",
        held_date=D("2024-05-09"),
        requested_at=timezone.make_aware(datetime(2024, 5, 9, 10, 30)),
        panel=panel,
        outcome="ADMISSION_RECOMMENDED",
    )
    declined = plan_review(
        person=untraced, by=by, review_type="COMMUNITY", offered_date=D("2024-07-01")
    )
    decline_review(review=declined, by=by, reason="Did not want a review", today=D("2024-07-02"))
    cancelled = plan_review(
        person=at_home, by=by, review_type="COMMUNITY", offered_date=D("2024-03-01")
    )
    cancel_review(review=cancelled, by=by, reason="Moved the date", today=D("2024-02-20"))
    plan_review(person=untraced, by=by, review_type="COMMUNITY", offered_date=D("2024-09-01"))


def delete_register(partnership: Partnership) -> None:
    """Remove every row of the partnership that belongs to a person, in any app, then the
    people: what an import rebuilds (and what it does not, such as review schedules)."""
    from django.apps import apps
    from django.db import IntegrityError, transaction
    from django.db.models import ProtectedError

    pending = [
        model
        for model in apps.get_models()
        if model not in (Person, HospitalSpell)
        and any(
            getattr(f, "related_model", None) is Person
            for f in model._meta.get_fields()
            if f.many_to_one
        )
        and any(f.name == "partnership" for f in model._meta.get_fields())
    ]
    for _ in range(len(pending) + 1):  # rows protected by others go once those have gone
        left = []
        for model in pending:
            try:
                with transaction.atomic():
                    model._base_manager.filter(partnership=partnership).delete()
            except (ProtectedError, IntegrityError):
                left.append(model)
        pending = left
    assert not pending, pending
    spells = HospitalSpell._base_manager.filter(partnership=partnership)
    spells.update(transferred_from=None)
    spells.delete()
    Person._base_manager.filter(partnership=partnership).delete()


def register_snapshot(partnership: Partnership) -> dict[str, Any]:
    """Everything an import rebuilds, field by field, keyed by person (NHS number or local id)
    rather than by database ids (which a rebuild changes)."""

    def key(person: Person) -> str:
        return person.nhs_number or f"local:{person.local_identifier}"

    skip = {"id", "created_at", "updated_at"}
    people = {
        key(p): {
            f.name: getattr(p, f.attname)
            for f in Person._meta.concrete_fields
            if f.name not in skip
        }
        for p in Person.objects.for_partnership(partnership)
    }
    spells = sorted(
        (
            key(s.person),
            s.admission_date,
            {
                f.name: getattr(s, f.attname)
                for f in HospitalSpell._meta.concrete_fields
                if f.name not in skip | {"person", "transferred_from"}
            },
            s.transferred_from.admission_date if s.transferred_from else None,
        )
        for s in HospitalSpell.objects.for_partnership(partnership).select_related(
            "person", "transferred_from"
        )
    )
    stays = sorted(
        (key(w.person), w.spell.admission_date, w.start_date, w.end_date, w.ward_id)
        for w in WardStay.objects.for_partnership(partnership).select_related("person", "spell")
    )
    ratings = sorted(
        (
            key(r.person),
            r.effective_date,
            r.rag,
            r.rationale,
            r.next_review_due,
            r.is_automatic,
            r.dsr_entry.added_on,
        )
        for r in RiskRating.objects.for_partnership(partnership).select_related(
            "person", "dsr_entry"
        )
    )
    entries = sorted(
        (key(e.person), e.added_on, e.consent_basis, e.status, e.closed_on, e.closed_reason)
        for e in DsrEntry.objects.for_partnership(partnership).select_related("person")
    )
    from reviews.models import CareReview

    review_skip = skip | {"person", "spell", "created_by"}
    reviews = sorted(
        (
            key(r.person),
            r.review_type,
            r.status,
            str(r.held_date),
            str(r.offered_date),
            r.spell.admission_date if r.spell else None,
            {
                f.name: getattr(r, f.attname)
                for f in CareReview._meta.concrete_fields
                if f.name not in review_skip
            },
            sorted((m.role, m.name) for m in r.panel.all()),
        )
        for r in CareReview.objects.for_partnership(partnership)
        .select_related("person", "spell")
        .prefetch_related("panel")
    )
    return {
        "people": people,
        "spells": spells,
        "ward_stays": stays,
        "ratings": ratings,
        "dsr_entries": entries,
        "reviews": reviews,
    }
