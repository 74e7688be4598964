"""DSR ratings: RED/AMBER/GREEN by people, BLUE and post-discharge RED by the system
(DOMAIN.md 2.2)."""

import datetime as dt

import pytest
from django.utils import timezone

from accounts.models import AuditAction, AuditEvent
from register import services
from register.models import DsrEntry, Rag, RiskRating
from tests.factories import (
    DsrEntryFactory,
    HospitalSpellFactory,
    PersonFactory,
    RiskRatingFactory,
    WardFactory,
)

from .conftest import refused

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def test_rating_someone_not_on_the_dsr_adds_them_with_the_basis_given(partnership, commissioner):
    person = PersonFactory(partnership=partnership)
    rating = services.rate_risk(
        person=person,
        by=commissioner,
        rag=Rag.AMBER,
        effective_date=dt.date(2026, 2, 1),
        rationale="Placement at risk",
        consent_basis="BEST_INTEREST",
    )
    entry = DsrEntry.objects.get(person=person)
    assert (entry.consent_basis, entry.added_on, entry.status) == (
        "BEST_INTEREST",
        dt.date(2026, 2, 1),
        "ACTIVE",
    )
    assert (rating.rag, rating.rated_by, rating.is_automatic) == (Rag.AMBER, commissioner, False)
    assert rating.next_review_due == dt.date(2026, 3, 1)  # AMBER: 28 days (R14)
    assert AuditEvent.objects.filter(
        action=AuditAction.CREATE, object_type="register.RiskRating", person_id=person.pk
    ).exists()


@pytest.mark.parametrize(("rag", "days"), [(Rag.RED, 14), (Rag.AMBER, 28), (Rag.GREEN, 90)])
def test_next_dsr_review_is_due_by_rating(partnership, commissioner, rag, days):
    person = PersonFactory(
        partnership=partnership, consent_basis="CONSENT", consent_date=dt.date(2025, 1, 1)
    )
    rating = services.rate_risk(
        person=person, by=commissioner, rag=rag, effective_date=dt.date(2026, 2, 1)
    )
    assert rating.next_review_due == dt.date(2026, 2, 1) + dt.timedelta(days=days)


def test_adding_to_the_dsr_needs_a_consent_basis(partnership, commissioner):
    person = PersonFactory(partnership=partnership)
    with refused("consent_basis", "consent, a best-interests decision or parental responsibility"):
        services.rate_risk(
            person=person, by=commissioner, rag=Rag.RED, effective_date=dt.date(2026, 2, 1)
        )


def test_blue_cannot_be_chosen_by_hand(partnership, commissioner):
    person = PersonFactory(partnership=partnership, consent_basis="CONSENT")
    with refused("rag", "Blue is set automatically"):
        services.rate_risk(
            person=person, by=commissioner, rag=Rag.BLUE, effective_date=dt.date(2026, 2, 1)
        )


def test_an_inpatient_stays_blue_until_discharge(partnership, commissioner):
    spell = HospitalSpellFactory(person__partnership=partnership)
    with refused("rag", "in hospital, so their rating stays blue"):
        services.rate_risk(
            person=spell.person,
            by=commissioner,
            rag=Rag.GREEN,
            effective_date=dt.date(2026, 4, 1),
            consent_basis="CONSENT",
        )


def test_a_rating_cannot_be_back_dated_before_the_current_one(partnership, commissioner):
    rating = RiskRatingFactory(
        dsr_entry__person__partnership=partnership, effective_date=dt.date(2026, 3, 1)
    )
    with refused("effective_date", "the current rating (1 March 2026)"):
        services.rate_risk(
            person=rating.person, by=commissioner, rag=Rag.RED, effective_date=dt.date(2026, 2, 1)
        )
    with refused("effective_date", "today or in the past"):
        services.rate_risk(
            person=rating.person,
            by=commissioner,
            rag=Rag.RED,
            effective_date=TODAY + dt.timedelta(days=1),
        )


def test_dsr_green_amber_red_then_admission_blue_then_discharge_red(partnership, commissioner, icb):
    """DOMAIN.md E19 and 2.2: GREEN -> AMBER -> RED -> BLUE on admission -> RED after discharge."""
    person = PersonFactory(
        partnership=partnership, consent_basis="CONSENT", consent_date=dt.date(2025, 1, 1)
    )
    for rag, day in [
        (Rag.GREEN, dt.date(2026, 1, 5)),
        (Rag.AMBER, dt.date(2026, 2, 1)),
        (Rag.RED, dt.date(2026, 3, 1)),
    ]:
        services.rate_risk(person=person, by=commissioner, rag=rag, effective_date=day)
    spell = services.admit_person(
        person=person,
        by=commissioner,
        admission_date=dt.date(2026, 3, 5),
        ward=WardFactory(),
        commissioner=icb,
        admission_source="COMMUNITY",
    )
    assert spell.was_on_dsr_before_admission is True
    services.discharge_spell(
        spell=spell, by=commissioner, discharge_date=dt.date(2026, 6, 1), destination="FAMILY_HOME"
    )
    history = list(
        RiskRating.objects.filter(person=person)
        .order_by("effective_date", "pk")
        .values_list("rag", "effective_date", "is_automatic")
    )
    assert history == [
        (Rag.GREEN, dt.date(2026, 1, 5), False),
        (Rag.AMBER, dt.date(2026, 2, 1), False),
        (Rag.RED, dt.date(2026, 3, 1), False),
        (Rag.BLUE, dt.date(2026, 3, 5), True),
        (Rag.RED, dt.date(2026, 6, 1), True),
    ]
    assert DsrEntry.objects.filter(person=person).count() == 1
    # after discharge the person can be re-rated by hand
    services.rate_risk(
        person=person, by=commissioner, rag=Rag.AMBER, effective_date=dt.date(2026, 6, 15)
    )


def test_leaving_the_dsr_closes_the_entry_with_a_reason(partnership, commissioner):
    rating = RiskRatingFactory(
        dsr_entry__person__partnership=partnership, effective_date=dt.date(2026, 3, 1)
    )
    with refused("closed_on", "the latest rating (1 March 2026)"):
        services.close_dsr_entry(
            person=rating.person,
            by=commissioner,
            closed_on=dt.date(2026, 2, 1),
            reason="RISK_REDUCED",
        )
    with refused("reason", "Choose why"):
        services.close_dsr_entry(
            person=rating.person, by=commissioner, closed_on=dt.date(2026, 4, 1), reason=""
        )
    entry = services.close_dsr_entry(
        person=rating.person, by=commissioner, closed_on=dt.date(2026, 4, 1), reason="RISK_REDUCED"
    )
    assert (entry.status, entry.closed_on, entry.closed_reason) == (
        "CLOSED",
        dt.date(2026, 4, 1),
        "RISK_REDUCED",
    )
    with refused(None, "not on the dynamic support register"):
        services.close_dsr_entry(
            person=rating.person, by=commissioner, closed_on=dt.date(2026, 4, 2), reason="OTHER"
        )


def test_a_race_to_a_second_active_entry_becomes_a_plain_message(
    partnership, commissioner, monkeypatch
):
    from register.services import dsr

    entry = DsrEntryFactory(person__partnership=partnership)
    monkeypatch.setattr(dsr, "_active_entry", lambda person: None)
    with refused(None, "added to the dynamic support register by someone else"):
        services.rate_risk(
            person=entry.person,
            by=commissioner,
            rag=Rag.RED,
            effective_date=dt.date(2026, 2, 1),
            consent_basis="CONSENT",
        )
