"""Admission, ward moves, transfers, delays, planned discharge, legal status and discharge."""

import datetime as dt

import pytest
from django.utils import timezone

from accounts.models import AuditAction, AuditEvent, OrganisationType
from register import services
from register.models import (
    AdmissionKind,
    DischargeDelayRecord,
    DsrEntry,
    HospitalSpell,
    LegalStatusRecord,
    PlannedDischargeRecord,
    Rag,
    RiskRating,
    WardStay,
)
from register.services import spells as spell_services
from tests.factories import (
    DsrEntryFactory,
    HospitalSpellFactory,
    OrganisationFactory,
    PersonFactory,
    RiskRatingFactory,
    SiteFactory,
    WardFactory,
)

from .conftest import refused

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture
def person(partnership):
    return PersonFactory(
        partnership=partnership,
        date_of_birth=dt.date(1990, 5, 1),
        consent_basis="CONSENT",
        consent_date=dt.date(2025, 1, 1),
    )


@pytest.fixture
def ward(db):
    return WardFactory()


def admit(person, by, commissioner, ward, day=dt.date(2026, 3, 2), **extra):
    return services.admit_person(
        person=person,
        by=by,
        admission_date=day,
        ward=ward,
        commissioner=commissioner,
        admission_source="COMMUNITY",
        **extra,
    )


def test_admission_opens_a_spell_with_its_ward_stay_histories_and_audit(
    person, commissioner, icb, ward
):
    spell = admit(
        person,
        commissioner,
        icb,
        ward,
        legal_status="S3",
        planned_discharge_date=dt.date(2026, 9, 1),
    )
    assert (spell.provider, spell.site, spell.commissioner_type) == (
        ward.site.provider,
        ward.site,
        "ICB",
    )
    assert spell.admission_kind == AdmissionKind.FIRST
    assert spell.continuous_stay_start == spell.admission_date
    stay = WardStay.objects.get(spell=spell)
    assert (stay.ward, stay.start_date, stay.end_date) == (ward, spell.admission_date, None)
    assert LegalStatusRecord.objects.get(spell=spell).legal_status == "S3"
    assert PlannedDischargeRecord.objects.get(spell=spell).planned_discharge_date == dt.date(
        2026, 9, 1
    )
    audited = set(
        AuditEvent.objects.filter(action=AuditAction.CREATE).values_list("object_type", flat=True)
    )
    assert {
        "register.HospitalSpell",
        "register.WardStay",
        "register.LegalStatusRecord",
        "register.RiskRating",
    } <= audited


@pytest.mark.parametrize(
    ("org_type", "expected"),
    [
        (OrganisationType.ICB, "ICB"),
        (OrganisationType.CCG_HISTORIC, "ICB"),
        (OrganisationType.NHSE_SPEC, "NHSE_SPEC"),
    ],
)
def test_commissioner_type_comes_from_the_commissioning_organisation(
    person, commissioner, ward, org_type, expected
):
    spell = admit(person, commissioner, OrganisationFactory(type=org_type), ward)
    assert spell.commissioner_type == expected


def test_a_provider_cannot_be_the_commissioner(person, commissioner, ward):
    with refused("commissioner", "Choose the commissioner"):
        admit(person, commissioner, ward.site.provider, ward)


def test_admission_rates_blue_and_adds_the_person_to_the_dsr_with_their_consent_basis(
    person, commissioner, icb, ward
):
    spell = admit(person, commissioner, icb, ward)
    entry = DsrEntry.objects.get(person=person)
    assert (entry.status, entry.consent_basis, entry.added_on) == (
        "ACTIVE",
        "CONSENT",
        spell.admission_date,
    )
    rating = RiskRating.objects.get(dsr_entry=entry)
    assert (rating.rag, rating.is_automatic, rating.rated_by, rating.effective_date) == (
        Rag.BLUE,
        True,
        None,
        spell.admission_date,
    )
    assert spell.was_on_dsr_before_admission is False


def test_admission_of_someone_already_on_the_dsr_turns_their_rating_blue(
    person, commissioner, icb, ward
):
    RiskRatingFactory(
        dsr_entry=DsrEntryFactory(person=person, added_on=dt.date(2026, 1, 5)),
        rag=Rag.RED,
        effective_date=dt.date(2026, 3, 1),
    )
    spell = admit(person, commissioner, icb, ward)
    assert spell.was_on_dsr_before_admission is True
    assert RiskRating.objects.filter(person=person).first().rag == Rag.BLUE  # latest first
    assert DsrEntry.objects.filter(person=person).count() == 1


def test_without_a_consent_basis_admission_does_not_add_to_the_dsr(
    partnership, commissioner, icb, ward
):
    person = PersonFactory(partnership=partnership)
    admit(person, commissioner, icb, ward)
    assert not DsrEntry.objects.filter(person=person).exists()


def test_admission_cannot_be_before_birth_or_in_the_future(person, commissioner, icb, ward):
    with refused("admission_date", "on or after the date of birth (1 May 1990)"):
        admit(person, commissioner, icb, ward, day=dt.date(1990, 4, 30))
    with refused("admission_date", "today or in the past"):
        admit(person, commissioner, icb, ward, day=TODAY + dt.timedelta(days=1))


def test_a_second_open_spell_is_refused(person, commissioner, icb, ward):
    admit(person, commissioner, icb, ward)
    other_ward = WardFactory()
    with refused("admission_date", "already in hospital (admitted 2 March 2026)"):
        admit(person, commissioner, icb, other_ward, day=dt.date(2026, 4, 1))


def test_an_admission_inside_an_earlier_spell_is_refused(person, commissioner, icb, ward):
    HospitalSpellFactory(
        person=person,
        admission_date=dt.date(2025, 1, 1),
        discharge_date=dt.date(2025, 6, 1),
        discharge_destination="FAMILY_HOME",
    )
    with refused("admission_date", "on or after 1 June 2025"):
        admit(person, commissioner, icb, ward, day=dt.date(2025, 5, 1))


def test_a_race_to_a_second_open_spell_becomes_a_plain_message(
    person, commissioner, icb, ward, monkeypatch
):
    admit(person, commissioner, icb, ward)
    monkeypatch.setattr(spell_services, "_refuse_admission_clash", lambda person, day: None)
    other_ward = WardFactory()
    with refused(None, "admitted by someone else while you were typing"):
        admit(person, commissioner, icb, other_ward, day=dt.date(2026, 4, 1))


def test_a_race_to_an_overlapping_spell_becomes_a_plain_message(
    person, commissioner, icb, ward, monkeypatch
):
    HospitalSpellFactory(
        person=person,
        admission_date=dt.date(2025, 1, 1),
        discharge_date=dt.date(2025, 6, 1),
        discharge_destination="FAMILY_HOME",
    )
    monkeypatch.setattr(spell_services, "_refuse_admission_clash", lambda person, day: None)
    with refused(None, "overlap another hospital spell"):
        admit(person, commissioner, icb, ward, day=dt.date(2025, 5, 1))


def test_e9_an_admission_69_days_after_discharge_is_a_readmission(person, commissioner, icb, ward):
    HospitalSpellFactory(
        person=person,
        admission_date=dt.date(2025, 11, 1),
        discharge_date=dt.date(2026, 1, 10),
        discharge_destination="SUPPORTED_LIVING",
    )
    spell = admit(person, commissioner, icb, ward, day=dt.date(2026, 3, 20))
    assert spell.admission_kind == AdmissionKind.READMISSION_12M
    assert spell.continuous_stay_start == dt.date(2026, 3, 20)


def test_an_admission_over_365_days_after_discharge_is_a_first_admission(
    person, commissioner, icb, ward
):
    HospitalSpellFactory(
        person=person,
        admission_date=dt.date(2024, 1, 1),
        discharge_date=dt.date(2025, 3, 1),
        discharge_destination="FAMILY_HOME",
    )
    assert (
        admit(person, commissioner, icb, ward, day=dt.date(2026, 3, 2)).admission_kind
        == AdmissionKind.FIRST
    )
    # 365 days exactly is still a readmission
    other = PersonFactory(partnership=person.partnership)
    HospitalSpellFactory(
        person=other,
        admission_date=dt.date(2024, 1, 1),
        discharge_date=dt.date(2025, 3, 2),
        discharge_destination="FAMILY_HOME",
    )
    assert (
        admit(other, commissioner, icb, WardFactory()).admission_kind
        == AdmissionKind.READMISSION_12M
    )


def test_e10_same_day_admission_after_discharge_to_another_hospital_is_a_transfer(
    person, commissioner, icb, ward
):
    first = HospitalSpellFactory(
        person=person,
        admission_date=dt.date(2025, 10, 1),
        discharge_date=dt.date(2026, 2, 5),
        discharge_destination="OTHER_HOSPITAL",
    )
    spell = admit(person, commissioner, icb, ward, day=dt.date(2026, 2, 5))
    assert spell.admission_kind == AdmissionKind.TRANSFER
    assert spell.transferred_from == first
    assert spell.admission_source == "OTHER_HOSPITAL"
    assert spell.continuous_stay_start == dt.date(2025, 10, 1)  # total LOS continues
    assert (
        spell.length_of_stay(dt.date(2026, 3, 1))
        == (dt.date(2026, 3, 1) - dt.date(2025, 10, 1)).days
    )


def test_transfer_to_another_provider_closes_the_spell_and_opens_a_transfer(
    person, commissioner, icb, ward
):
    spell = admit(person, commissioner, icb, ward, legal_status="S3")
    other_ward = WardFactory(bed_type="SECURE_LOW", security_level="LOW")
    new = services.transfer_to_provider(
        spell=spell, by=commissioner, transfer_date=dt.date(2026, 4, 1), ward=other_ward
    )
    spell.refresh_from_db()
    assert (spell.discharge_date, spell.discharge_destination) == (
        dt.date(2026, 4, 1),
        "OTHER_HOSPITAL",
    )
    assert WardStay.objects.get(spell=spell).end_date == dt.date(2026, 4, 1)
    assert (new.admission_kind, new.admission_source, new.transferred_from) == (
        "TRANSFER",
        "OTHER_HOSPITAL",
        spell,
    )
    assert new.continuous_stay_start == spell.admission_date
    assert new.provider == other_ward.site.provider
    assert new.legal_status == "S3"
    assert LegalStatusRecord.objects.filter(spell=new).exists()
    assert WardStay.objects.get(spell=new).ward == other_ward
    assert list(RiskRating.objects.filter(person=person).values_list("rag", flat=True)) == [
        Rag.BLUE
    ]


def test_transfer_to_the_same_provider_is_refused(person, commissioner, icb, ward):
    spell = admit(person, commissioner, icb, ward)
    same_site_ward = WardFactory(site=ward.site)
    with refused("ward", "same provider. Record a ward move"):
        services.transfer_to_provider(
            spell=spell, by=commissioner, transfer_date=dt.date(2026, 4, 1), ward=same_site_ward
        )


def test_move_ward_within_the_provider_keeps_the_history(person, commissioner, icb, ward):
    spell = admit(person, commissioner, icb, ward)
    second_site = SiteFactory(provider=ward.site.provider)
    picu = WardFactory(site=second_site, bed_type="PICU")
    stay = services.move_ward(
        spell=spell, by=commissioner, ward=picu, move_date=dt.date(2026, 3, 10)
    )
    stays = list(
        WardStay.objects.filter(spell=spell)
        .order_by("start_date")
        .values_list("ward", "start_date", "end_date")
    )
    assert stays == [
        (ward.pk, dt.date(2026, 3, 2), dt.date(2026, 3, 10)),
        (picu.pk, dt.date(2026, 3, 10), None),
    ]
    spell.refresh_from_db()
    assert spell.site == second_site
    assert stay.ward == picu


def test_move_to_another_providers_ward_is_a_transfer(person, commissioner, icb, ward):
    spell = admit(person, commissioner, icb, ward)
    elsewhere = WardFactory()
    with refused("ward", "different provider. Record a transfer"):
        services.move_ward(
            spell=spell, by=commissioner, ward=elsewhere, move_date=dt.date(2026, 3, 10)
        )


def test_a_ward_move_stays_inside_the_spell(person, commissioner, icb, ward):
    spell = admit(person, commissioner, icb, ward)
    next_ward = WardFactory(site=ward.site)
    with refused("move_date", "on or after the start of the current ward stay (2 March 2026)"):
        services.move_ward(
            spell=spell, by=commissioner, ward=next_ward, move_date=dt.date(2026, 3, 1)
        )
    with refused("move_date", "today or in the past"):
        services.move_ward(
            spell=spell, by=commissioner, ward=next_ward, move_date=TODAY + dt.timedelta(days=1)
        )


def test_a_ward_move_on_a_closed_spell_is_refused(person, commissioner, icb, ward):
    spell = admit(person, commissioner, icb, ward)
    services.discharge_spell(
        spell=spell, by=commissioner, discharge_date=dt.date(2026, 4, 1), destination="FAMILY_HOME"
    )
    next_ward = WardFactory(site=ward.site)
    with refused(None, "Changes can only be recorded for a current spell"):
        services.move_ward(
            spell=spell, by=commissioner, ward=next_ward, move_date=dt.date(2026, 3, 10)
        )


def test_discharge_rerates_red_automatically_for_14_days(person, commissioner, icb, ward):
    spell = admit(person, commissioner, icb, ward)
    services.discharge_spell(
        spell=spell,
        by=commissioner,
        discharge_date=dt.date(2026, 4, 1),
        destination="SUPPORTED_LIVING",
        returned_to_previous_home=False,
    )
    spell.refresh_from_db()
    assert (spell.discharge_date, spell.discharge_destination, spell.returned_to_previous_home) == (
        dt.date(2026, 4, 1),
        "SUPPORTED_LIVING",
        False,
    )
    assert WardStay.objects.get(spell=spell).end_date == dt.date(2026, 4, 1)
    red = RiskRating.objects.filter(person=person).first()
    assert (red.rag, red.is_automatic, red.rated_by, red.effective_date, red.next_review_due) == (
        Rag.RED,
        True,
        None,
        dt.date(2026, 4, 1),
        dt.date(2026, 4, 15),
    )
    assert AuditEvent.objects.filter(
        action=AuditAction.UPDATE, object_type="register.HospitalSpell", object_id=str(spell.pk)
    ).exists()


def test_discharge_cannot_precede_admission_or_be_in_the_future(person, commissioner, icb, ward):
    spell = admit(person, commissioner, icb, ward)
    with refused("discharge_date", "on or after the admission date (2 March 2026)"):
        services.discharge_spell(
            spell=spell,
            by=commissioner,
            discharge_date=dt.date(2026, 3, 1),
            destination="FAMILY_HOME",
        )
    with refused("discharge_date", "today or in the past"):
        services.discharge_spell(
            spell=spell,
            by=commissioner,
            discharge_date=TODAY + dt.timedelta(days=1),
            destination="FAMILY_HOME",
        )


def test_discharge_before_the_last_ward_move_is_refused(person, commissioner, icb, ward):
    spell = admit(person, commissioner, icb, ward)
    services.move_ward(
        spell=spell,
        by=commissioner,
        ward=WardFactory(site=ward.site),
        move_date=dt.date(2026, 3, 10),
    )
    with refused("discharge_date", "start of the current ward stay (10 March 2026)"):
        services.discharge_spell(
            spell=spell,
            by=commissioner,
            discharge_date=dt.date(2026, 3, 5),
            destination="FAMILY_HOME",
        )


def test_discharge_needs_a_destination_and_death_has_its_own_form(person, commissioner, icb, ward):
    spell = admit(person, commissioner, icb, ward)
    with refused("destination", "Choose where the person was discharged to"):
        services.discharge_spell(
            spell=spell, by=commissioner, discharge_date=dt.date(2026, 4, 1), destination=""
        )
    with refused("destination", "Record death"):
        services.discharge_spell(
            spell=spell, by=commissioner, discharge_date=dt.date(2026, 4, 1), destination="DIED"
        )


def test_a_delayed_discharge_needs_a_reason_and_keeps_history(person, commissioner, icb, ward):
    spell = admit(person, commissioner, icb, ward)
    with refused("delay_reason", "Choose the reason"):
        services.record_discharge_delay(
            spell=spell,
            by=commissioner,
            clinically_ready_date=dt.date(2026, 5, 1),
            delay_reason="",
            effective_date=dt.date(2026, 5, 1),
        )
    services.record_discharge_delay(
        spell=spell,
        by=commissioner,
        clinically_ready_date=dt.date(2026, 5, 1),
        delay_reason="HOUSING",
        effective_date=dt.date(2026, 5, 1),
    )
    services.record_discharge_delay(
        spell=spell,
        by=commissioner,
        clinically_ready_date=None,
        delay_reason="HOUSING",
        effective_date=dt.date(2026, 6, 1),
    )
    spell.refresh_from_db()
    assert (spell.clinically_ready_date, spell.delay_reason) == (None, "")
    history = list(
        DischargeDelayRecord.objects.filter(spell=spell).values_list(
            "clinically_ready_date", "delay_reason"
        )
    )
    assert history == [(dt.date(2026, 5, 1), "HOUSING"), (None, "")]


def test_clinically_ready_date_is_inside_the_spell(person, commissioner, icb, ward):
    spell = admit(person, commissioner, icb, ward)
    with refused("clinically_ready_date", "on or after the admission date"):
        services.record_discharge_delay(
            spell=spell,
            by=commissioner,
            clinically_ready_date=dt.date(2026, 3, 1),
            delay_reason="HOUSING",
            effective_date=dt.date(2026, 3, 5),
        )


def test_planned_discharge_date_keeps_history_and_cannot_precede_admission(
    person, commissioner, icb, ward
):
    spell = admit(person, commissioner, icb, ward)
    with refused("planned_discharge_date", "on or after the admission date"):
        services.set_planned_discharge_date(
            spell=spell,
            by=commissioner,
            planned_discharge_date=dt.date(2026, 1, 1),
            effective_date=dt.date(2026, 3, 5),
        )
    future = TODAY + dt.timedelta(days=60)
    services.set_planned_discharge_date(
        spell=spell,
        by=commissioner,
        planned_discharge_date=future,
        effective_date=dt.date(2026, 3, 5),
    )
    spell.refresh_from_db()
    assert spell.planned_discharge_date == future
    assert PlannedDischargeRecord.objects.get(spell=spell).planned_discharge_date == future
    event = AuditEvent.objects.filter(
        action=AuditAction.UPDATE, object_type="register.HospitalSpell"
    ).get()
    assert event.summary["changed"]["planned_discharge_date"]["to"] == future.isoformat()


def test_legal_status_changes_are_appended(person, commissioner, icb, ward):
    spell = admit(person, commissioner, icb, ward, legal_status="S2")
    services.set_legal_status(
        spell=spell, by=commissioner, legal_status="S3", effective_date=dt.date(2026, 3, 30)
    )
    assert list(
        LegalStatusRecord.objects.filter(spell=spell).values_list("legal_status", flat=True)
    ) == ["S2", "S3"]
    spell.refresh_from_db()
    assert spell.legal_status == "S3"
    with refused("legal_status", "Choose the legal status"):
        services.set_legal_status(
            spell=spell, by=commissioner, legal_status="S99", effective_date=dt.date(2026, 4, 1)
        )


def test_history_cannot_be_recorded_on_a_closed_spell(person, commissioner, icb, ward):
    spell = admit(person, commissioner, icb, ward)
    services.discharge_spell(
        spell=spell, by=commissioner, discharge_date=dt.date(2026, 4, 1), destination="FAMILY_HOME"
    )
    with refused(None, "ended on 1 April 2026"):
        services.set_legal_status(
            spell=spell, by=commissioner, legal_status="S3", effective_date=dt.date(2026, 3, 5)
        )
    assert HospitalSpell.objects.get(pk=spell.pk).legal_status == ""


def test_discharge_to_another_hospital_then_same_day_admission_stays_blue(
    person, commissioner, icb, ward
):
    """DOMAIN.md E10 recorded as two steps: still an inpatient throughout, so no RED between."""
    spell = admit(person, commissioner, icb, ward)
    services.discharge_spell(
        spell=spell,
        by=commissioner,
        discharge_date=dt.date(2026, 4, 1),
        destination="OTHER_HOSPITAL",
    )
    new = admit(person, commissioner, icb, WardFactory(), day=dt.date(2026, 4, 1))
    assert new.admission_kind == AdmissionKind.TRANSFER
    assert new.continuous_stay_start == dt.date(2026, 3, 2)
    assert list(RiskRating.objects.filter(person=person).values_list("rag", flat=True)) == [
        Rag.BLUE
    ]
