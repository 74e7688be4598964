"""Hand-built cohorts for metric tests: every expected figure is written in the test itself."""

import datetime as dt

import pytest

from accounts.models import Organisation, OrganisationType, PartnershipPopulation
from dashboards.metrics import MetricContext, Period, compute_metric
from register.models import (
    BedType,
    CommissionerType,
    DischargeDelayRecord,
    LegalStatusRecord,
    PlannedDischargeRecord,
    SecurityLevel,
    WardStay,
)
from tests.factories import HospitalSpellFactory, PersonFactory, SiteFactory, WardFactory

IN_AREA_POSTCODE = "MK40 1AA"
OUT_OF_AREA_POSTCODE = "NG1 5AA"


@pytest.fixture
def footprint(partnership):
    """The test partnership's members cover MK40 and MK41 (plus NHS England, no districts)."""
    icb = Organisation.objects.create(
        ods_code="QHG", name="Test ICB", type=OrganisationType.ICB, postcode_districts="MK40 MK41"
    )
    nhse = Organisation.objects.create(
        ods_code="13Q", name="NHSE spec", type=OrganisationType.NHSE_SPEC
    )
    partnership.members.add(icb, nhse)
    return {"ICB": icb, "NHSE_SPEC": nhse}


@pytest.fixture
def ward_of():
    """ward_of(bed_type, security, postcode) -> a ward on its own site."""
    made = {}

    def make(bed_type=BedType.AT_UNIT, security=SecurityLevel.NONE, postcode=IN_AREA_POSTCODE):
        key = (bed_type, security, postcode)
        if key not in made:
            site = SiteFactory(postcode=postcode)
            made[key] = WardFactory(site=site, bed_type=bed_type, security_level=security)
        return made[key]

    return make


@pytest.fixture
def admit(partnership, footprint, ward_of):
    """admit(admitted=date, ...) -> HospitalSpell for a new (or given) person."""

    def make(
        admitted,
        *,
        person=None,
        discharged=None,
        destination="",
        ward=None,
        commissioner_type=CommissionerType.ICB,
        dob=dt.date(1990, 5, 1),
        kind="FIRST",
        continuous_stay_start=None,
        **extra,
    ):
        person = person or PersonFactory(partnership=partnership, date_of_birth=dob)
        if discharged and not destination:
            destination = "FAMILY_HOME"
        return HospitalSpellFactory(
            person=person,
            admission_date=admitted,
            discharge_date=discharged,
            discharge_destination=destination,
            ward=ward or ward_of(),
            commissioner=footprint[commissioner_type],
            commissioner_type=commissioner_type,
            admission_kind=kind,
            continuous_stay_start=continuous_stay_start or admitted,
            **extra,
        )

    return make


def move(spell, ward, on):
    """A ward move inside a spell: end the open stay, open a new one."""
    WardStay.objects.filter(spell=spell, end_date__isnull=True).update(end_date=on)
    return WardStay.objects.create(
        partnership=spell.partnership, person=spell.person, spell=spell, ward=ward, start_date=on
    )


def history(model, spell, effective, **values):
    return model.objects.create(
        partnership=spell.partnership,
        person=spell.person,
        spell=spell,
        effective_date=effective,
        **values,
    )


def set_planned_discharge(spell, effective, planned):
    return history(PlannedDischargeRecord, spell, effective, planned_discharge_date=planned)


def set_delay(spell, effective, ready, reason):
    return history(
        DischargeDelayRecord, spell, effective, clinically_ready_date=ready, delay_reason=reason
    )


def set_legal_status(spell, effective, status):
    return history(LegalStatusRecord, spell, effective, legal_status=status)


@pytest.fixture
def population(partnership):
    def make(adults, children, year=2025):
        return PartnershipPopulation.objects.create(
            partnership=partnership,
            financial_year_start=year,
            adults_18_plus=adults,
            children_under_18=children,
        )

    return make


@pytest.fixture
def figures(partnership):
    """figures(month, *ids) -> {id: MetricResult} for a month (today = the day after it)."""

    def compute(month, *ids, today=None):
        period = Period.month(month, today=today or dt.date(2099, 1, 1))
        ctx = MetricContext(partnership=partnership, period=period)
        return {metric_id: compute_metric(metric_id, ctx) for metric_id in ids}

    return compute


def record(model, person, **fields):
    """A community record (contact, plan, budget...) for a person."""
    return model.objects.create(partnership=person.partnership, person=person, **fields)


@pytest.fixture
def resident(partnership):
    """resident(since=date, dob=...) -> a person on the register since `since`."""
    from register.models import Person

    def make(since=dt.date(2025, 1, 1), dob=dt.date(1990, 5, 1), **fields):
        person = PersonFactory(partnership=partnership, date_of_birth=dob, **fields)
        Person.objects.filter(pk=person.pk).update(
            created_at=dt.datetime(since.year, since.month, since.day, 12, tzinfo=dt.UTC)
        )
        return person

    return make


def dsr_entry(person, added, *ratings, closed=None):
    """An active (or closed) DSR entry with (effective date, RAG) ratings."""
    from register.models import DsrEntry, RiskRating

    entry = DsrEntry.objects.create(
        partnership=person.partnership,
        person=person,
        added_on=added,
        consent_basis="CONSENT",
        status="CLOSED" if closed else "ACTIVE",
        closed_on=closed,
        closed_reason="RISK_REDUCED" if closed else "",
    )
    for effective, rag in ratings:
        RiskRating.objects.create(
            partnership=person.partnership,
            person=person,
            dsr_entry=entry,
            rag=rag,
            effective_date=effective,
        )
    return entry


@pytest.fixture
def celery_worker(redis_available):
    """A real Celery worker thread on the Redis broker (tests need transaction=True)."""
    from celery.contrib.testing.worker import start_worker

    from tcp.celery import app

    app.conf.task_always_eager = False
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
            yield app
    finally:
        app.conf.task_always_eager = True
