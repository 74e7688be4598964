"""Hospital spells: admission, ward moves, transfers between providers, delays, planned
discharge dates, legal status and discharge (DOMAIN.md sections 2.1-3, AT admission kinds)."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q

from accounts.audit import audit_snapshot
from accounts.models import COMMISSIONER_ORGANISATION_TYPES, Organisation, OrganisationType, User

from ..models import (
    COMMUNITY_DESTINATIONS,
    AdmissionKind,
    AdmissionSource,
    CommissionerType,
    DischargeDestination,
    DsrEntry,
    HospitalSpell,
    LegalStatus,
    LegalStatusRecord,
    Person,
    PlannedDischargeRecord,
    Ward,
    WardStay,
)
from ..rules import READMISSION_WINDOW_DAYS
from .base import (
    Errors,
    announce_change,
    audit_create,
    audit_update,
    check_date,
    constraint_messages,
    long_date,
    refuse_if_before,
)
from .dsr import rate_automatically_on_admission, rate_automatically_on_discharge

CHANGED_MEANWHILE = "The ward stays changed while you were typing. Reload the page."
STAY_START = "the start of the current ward stay"
SPELL_CONSTRAINTS = {
    "spell_one_open_per_person": "This person was admitted by someone else while you were typing. "
    "Reload the page to see the current spell.",
    "spell_no_overlap_per_person": "These dates overlap another hospital spell for this person.",
    "spell_admission_not_before_birth": {
        "admission_date": "Admission date must be on or after the date of birth"
    },
    "wardstay_inside_spell": "Ward stays must lie inside the hospital spell. Check the dates.",
    "wardstay_no_overlap_per_spell": CHANGED_MEANWHILE,
    "wardstay_one_open_per_spell": CHANGED_MEANWHILE,
    "spell_planned_discharge_not_before_admission": {
        "planned_discharge_date": "Planned discharge date must be on or after the admission date"
    },
}


def admit_person(
    *,
    person: Person,
    by: User,
    admission_date: date,
    ward: Ward,
    commissioner: Organisation,
    admission_source: str,
    is_planned: bool = False,
    legal_status: str = "",
    planned_discharge_date: date | None = None,
    reason_for_admission: str = "",
) -> HospitalSpell:
    """Open a hospital spell on `ward`. The admission kind (FIRST, READMISSION_12M within 365 days
    of the last discharge, or TRANSFER when the last spell ended the same day to another
    hospital) and the continuous stay are derived; the DSR rating becomes BLUE (DOMAIN.md 2.2)."""
    errors = Errors()
    check_date(
        errors,
        "admission_date",
        admission_date,
        "admission date",
        not_before=(person.date_of_birth, f"the date of birth ({long_date(person.date_of_birth)})"),
    )
    _check_ward(errors, "ward", ward)
    commissioner_type = _commissioner_type(errors, commissioner)
    if admission_source not in AdmissionSource.values:
        errors.add("admission_source", "Choose where the person was admitted from")
    if legal_status and legal_status not in LegalStatus.values:
        errors.add("legal_status", "Choose a legal status from the list")
    if planned_discharge_date and admission_date and planned_discharge_date < admission_date:
        errors.add(
            "planned_discharge_date",
            "Planned discharge date must be on or after the admission date",
        )
    if len(reason_for_admission or "") > 100:
        errors.add("reason_for_admission", "Reason for admission must be 100 characters or fewer")
    errors.raise_if_any()
    with constraint_messages(SPELL_CONSTRAINTS), transaction.atomic():
        person = Person.objects.select_for_update().get(pk=person.pk)
        _refuse_admission_clash(person, admission_date)
        previous = _previous_spell(person, admission_date)
        kind = _admission_kind(previous, admission_date)
        is_transfer = kind == AdmissionKind.TRANSFER
        spell = HospitalSpell.objects.create(
            partnership_id=person.partnership_id,
            person=person,
            admission_date=admission_date,
            provider=ward.site.provider,
            site=ward.site,
            commissioner=commissioner,
            commissioner_type=commissioner_type,
            admission_source=AdmissionSource.OTHER_HOSPITAL if is_transfer else admission_source,
            admission_kind=kind,
            is_planned=is_planned,
            was_on_dsr_before_admission=previous.was_on_dsr_before_admission
            if is_transfer
            else _was_on_dsr(person, admission_date),
            transferred_from=previous if is_transfer else None,
            continuous_stay_start=previous.continuous_stay_start if is_transfer else admission_date,
            reason_for_admission=reason_for_admission or "",
            legal_status=legal_status,
            planned_discharge_date=planned_discharge_date,
        )
        audit_create(by, spell)
        _open_ward_stay(spell, ward, admission_date, by)
        if legal_status:
            append_history(LegalStatusRecord, spell, by, admission_date, legal_status=legal_status)
        if planned_discharge_date:
            append_history(
                PlannedDischargeRecord,
                spell,
                by,
                admission_date,
                planned_discharge_date=planned_discharge_date,
            )
        rate_automatically_on_admission(person, by=by, admission_date=admission_date)
        announce_change(person.pk)
    return spell


def move_ward(*, spell: HospitalSpell, by: User, ward: Ward, move_date: date) -> WardStay:
    """A move to another ward of the same provider ends the open ward stay and opens a new one.
    A move to another provider is a transfer (transfer_to_provider)."""
    errors = Errors()
    _check_ward(errors, "ward", ward)
    if ward and ward.site.provider_id != spell.provider_id:
        errors.add(
            "ward",
            "This ward belongs to a different provider. "
            "Record a transfer to another hospital instead",
        )
    check_date(errors, "move_date", move_date, "move date")
    errors.raise_if_any()
    with constraint_messages(SPELL_CONSTRAINTS), transaction.atomic():
        spell, current = lock_open_spell(spell)
        if current.ward_id == ward.pk:
            raise ValidationError({"ward": "The person is already on this ward"})
        refuse_if_before("move_date", "Move date", move_date, current.start_date, STAY_START)
        _end_ward_stay(current, move_date, by)
        stay = _open_ward_stay(spell, ward, move_date, by)
        if spell.site_id != ward.site_id:
            before = audit_snapshot(spell)
            spell.site = ward.site
            spell.save(update_fields=["site", "updated_at"])
            audit_update(by, spell, before)
        announce_change(spell.person_id)
    return stay


def transfer_to_provider(
    *,
    spell: HospitalSpell,
    by: User,
    transfer_date: date,
    ward: Ward,
    commissioner: Organisation | None = None,
) -> HospitalSpell:
    """Moving to another provider closes this spell (destination OTHER_HOSPITAL) and opens a
    TRANSFER spell in the same continuous stay; the legal status carries over and the DSR
    rating stays BLUE."""
    errors = Errors()
    _check_ward(errors, "ward", ward)
    if ward and ward.site.provider_id == spell.provider_id:
        errors.add("ward", "This ward belongs to the same provider. Record a ward move instead")
    commissioner_type = (
        _commissioner_type(errors, commissioner) if commissioner else spell.commissioner_type
    )
    check_date(errors, "transfer_date", transfer_date, "transfer date")
    errors.raise_if_any()
    with constraint_messages(SPELL_CONSTRAINTS), transaction.atomic():
        spell, current = lock_open_spell(spell)
        refuse_if_before(
            "transfer_date", "Transfer date", transfer_date, current.start_date, STAY_START
        )
        close_open_spell(
            spell,
            by=by,
            discharge_date=transfer_date,
            destination=DischargeDestination.OTHER_HOSPITAL,
        )
        new = HospitalSpell.objects.create(
            partnership_id=spell.partnership_id,
            person_id=spell.person_id,
            admission_date=transfer_date,
            provider=ward.site.provider,
            site=ward.site,
            commissioner=commissioner or spell.commissioner,
            commissioner_type=commissioner_type,
            admission_source=AdmissionSource.OTHER_HOSPITAL,
            admission_kind=AdmissionKind.TRANSFER,
            is_planned=True,
            was_on_dsr_before_admission=spell.was_on_dsr_before_admission,
            transferred_from=spell,
            continuous_stay_start=spell.continuous_stay_start,
            reason_for_admission=spell.reason_for_admission,
            legal_status=spell.legal_status,
            has_section17_extended_leave=spell.has_section17_extended_leave,
        )
        audit_create(by, new)
        _open_ward_stay(new, ward, transfer_date, by)
        if new.legal_status:
            append_history(LegalStatusRecord, new, by, transfer_date, legal_status=new.legal_status)
        announce_change(spell.person_id)
    return new


def discharge_spell(
    *,
    spell: HospitalSpell,
    by: User,
    discharge_date: date,
    destination: str,
    returned_to_previous_home: bool | None = None,
) -> HospitalSpell:
    """End a spell. The DSR rating becomes RED automatically for DSR_POST_DISCHARGE_RED_DAYS
    (DOMAIN.md 2.2), after which the person must be re-rated. A discharge to another hospital
    leaves them BLUE: they are still an inpatient (the next spell is usually a TRANSFER)."""
    errors = Errors()
    if destination == DischargeDestination.DIED:
        errors.add("destination", "To record a death, use 'Record death' on the person's page")
    elif destination not in DischargeDestination.values:
        errors.add("destination", "Choose where the person was discharged to")
    check_date(
        errors,
        "discharge_date",
        discharge_date,
        "discharge date",
        not_before=(
            spell.admission_date,
            f"the admission date ({long_date(spell.admission_date)})",
        ),
    )
    errors.raise_if_any()
    with constraint_messages(SPELL_CONSTRAINTS), transaction.atomic():
        spell, current = lock_open_spell(spell)
        refuse_if_before(
            "discharge_date", "Discharge date", discharge_date, current.start_date, STAY_START
        )
        community = destination in COMMUNITY_DESTINATIONS
        close_open_spell(
            spell,
            by=by,
            discharge_date=discharge_date,
            destination=destination,
            returned_to_previous_home=returned_to_previous_home if community else None,
        )
        if destination != DischargeDestination.OTHER_HOSPITAL:
            rate_automatically_on_discharge(spell.person, by=by, discharge_date=discharge_date)
        announce_change(spell.person_id)
    return spell


def close_open_spell(
    spell: HospitalSpell,
    *,
    by: User | None,
    discharge_date: date,
    destination: str,
    returned_to_previous_home: bool | None = None,
) -> HospitalSpell:
    """End the open ward stay and the spell (the caller has locked the person and checked dates)."""
    current = WardStay.objects.filter(spell=spell, end_date__isnull=True).first()
    if current:
        _end_ward_stay(current, discharge_date, by)
    before = audit_snapshot(spell)
    spell.discharge_date, spell.discharge_destination = discharge_date, destination
    spell.returned_to_previous_home = returned_to_previous_home
    spell.save(
        update_fields=[
            "discharge_date",
            "discharge_destination",
            "returned_to_previous_home",
            "updated_at",
        ]
    )
    audit_update(by, spell, before)
    return spell


# --- helpers ------------------------------------------------------------------------------------


def _check_ward(errors: Errors, field: str, ward: Ward | None) -> None:
    if ward is None:
        errors.add(field, "Choose the ward")
    elif not ward.is_active:
        errors.add(field, "This ward is closed. Choose an open ward")


def _commissioner_type(errors: Errors, commissioner: Organisation | None) -> str:
    """ICB for ICBs and historic CCGs, NHSE_SPEC for NHS England specialised commissioning."""
    if commissioner is None or commissioner.type not in COMMISSIONER_ORGANISATION_TYPES:
        errors.add(
            "commissioner",
            "Choose the commissioner: an ICB, a CCG or NHS England specialised commissioning",
        )
        return ""
    if commissioner.type == OrganisationType.NHSE_SPEC:
        return CommissionerType.NHSE_SPEC
    return CommissionerType.ICB


def _refuse_admission_clash(person: Person, admission_date: date) -> None:
    if person.date_of_death and admission_date > person.date_of_death:
        raise ValidationError(
            {
                "admission_date": f"Admission date must be on or before the date of death "
                f"({long_date(person.date_of_death)})"
            }
        )
    open_spell = HospitalSpell.objects.filter(person=person, discharge_date__isnull=True).first()
    if open_spell:
        admitted = long_date(open_spell.admission_date)
        raise ValidationError(
            {
                "admission_date": f"This person is already in hospital (admitted {admitted}). "
                "Record their discharge or a transfer first"
            }
        )
    overlapping = (
        HospitalSpell.objects.filter(person=person, discharge_date__gt=admission_date)
        .order_by("-discharge_date")
        .first()
    )
    if overlapping:
        ended, admitted = (
            long_date(overlapping.discharge_date),
            long_date(overlapping.admission_date),
        )
        raise ValidationError(
            {
                "admission_date": f"Admission date must be on or after {ended}, when an earlier "
                f"hospital spell ended (admitted {admitted})"
            }
        )


def _previous_spell(person: Person, admission_date: date) -> HospitalSpell | None:
    return (
        HospitalSpell.objects.filter(person=person, discharge_date__lte=admission_date)
        .filter(Q(transferred_to__isnull=True))
        .order_by("-discharge_date", "-pk")
        .first()
    )


def _admission_kind(previous: HospitalSpell | None, admission_date: date) -> str:
    """AT split. A same-day admission after a discharge to another hospital continues that stay
    (TRANSFER, not a readmission: DOMAIN.md E10); otherwise a discharge within 365 days makes a
    READMISSION_12M (E9)."""
    if previous is None or previous.discharge_date is None:
        return AdmissionKind.FIRST
    gap = (admission_date - previous.discharge_date).days
    if gap == 0 and previous.discharge_destination == DischargeDestination.OTHER_HOSPITAL:
        return AdmissionKind.TRANSFER
    if gap <= READMISSION_WINDOW_DAYS:
        return AdmissionKind.READMISSION_12M
    return AdmissionKind.FIRST


def _was_on_dsr(person: Person, admission_date: date) -> bool:
    return (
        DsrEntry.objects.filter(person=person, added_on__lte=admission_date)
        .filter(Q(closed_on__isnull=True) | Q(closed_on__gte=admission_date))
        .exists()
    )


def lock_open_spell(spell: HospitalSpell) -> tuple[HospitalSpell, WardStay]:
    Person.objects.select_for_update().filter(pk=spell.person_id).first()
    spell = HospitalSpell.objects.select_for_update().select_related("person").get(pk=spell.pk)
    current = WardStay.objects.filter(spell=spell, end_date__isnull=True).first()
    if spell.discharge_date is not None or current is None:
        ended = long_date(spell.discharge_date or spell.admission_date)
        raise ValidationError(
            f"This hospital spell ended on {ended}. "
            "Changes can only be recorded for a current spell"
        )
    return spell, current


def _open_ward_stay(spell: HospitalSpell, ward: Ward, start: date, by: User | None) -> WardStay:
    stay = WardStay.objects.create(
        partnership_id=spell.partnership_id,
        person_id=spell.person_id,
        spell=spell,
        ward=ward,
        start_date=start,
    )
    audit_create(by, stay)
    return stay


def _end_ward_stay(stay: WardStay, end: date, by: User | None) -> None:
    before = audit_snapshot(stay)
    stay.end_date = end
    stay.save(update_fields=["end_date", "updated_at"])
    audit_update(by, stay, before)


def append_history(
    model: type, spell: HospitalSpell, by: User | None, effective_date: date, **values: object
) -> None:
    row = model.objects.create(
        partnership_id=spell.partnership_id,
        person_id=spell.person_id,
        spell=spell,
        effective_date=effective_date,
        recorded_by=by,
        **values,
    )
    audit_create(by, row)
