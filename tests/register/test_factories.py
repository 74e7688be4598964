"""The register factories make rows the database accepts; `make_cohort` makes a whole cohort."""

import datetime as dt

import pytest

from accounts.models import Role
from register.models import HospitalSpell, Person, Rag
from tests import factories

pytestmark = pytest.mark.django_db

RECORD_FACTORIES = [
    factories.LegalStatusRecordFactory,
    factories.PlannedDischargeRecordFactory,
    factories.DischargeDelayRecordFactory,
    factories.CoordinatorContactFactory,
    factories.CarePlanReviewFactory,
    factories.CrisisPlanFactory,
    factories.AnnualHealthCheckFactory,
    factories.HealthEqualityAssessmentFactory,
    factories.PersonalBudgetFactory,
    factories.AccommodationFactory,
    factories.EmploymentFactory,
    factories.CriminalJusticeContactFactory,
    factories.PsychiatricReferralFactory,
    factories.PlacementFactory,
]


@pytest.mark.parametrize("record_factory", RECORD_FACTORIES, ids=lambda f: f.__name__)
def test_record_factories_make_rows_for_their_persons_partnership(partnership, record_factory):
    person = factories.PersonFactory(partnership=partnership)
    if "spell" in record_factory._meta.declarations:
        row = record_factory(spell=factories.HospitalSpellFactory(person=person))
    else:
        row = record_factory(person=person)
    row.refresh_from_db()
    assert (row.person_id, row.partnership_id) == (person.pk, partnership.pk)
    assert type(row).objects.for_partnership(partnership).count() == 1


def test_make_cohort_writes_a_generated_cohort_for_a_test_partnership(partnership, make_member):
    cohort = factories.make_cohort(
        partnership, community_people=30, inpatients=4, today=dt.date(2026, 6, 30)
    )
    assert Person.objects.for_partnership(partnership).count() == 34 == len(cohort.people)
    open_spells = HospitalSpell.objects.for_partnership(partnership).open_on(dt.date(2026, 6, 30))
    assert open_spells.count() == 4
    commissioner = make_member(Role.COMMISSIONER, partnership)
    assert Person.objects.visible_to(commissioner).count() == 34
    blue = [r for r in cohort.of(factories.RiskRating) if r.rag == Rag.BLUE]
    assert len(blue) >= 4
