"""register_list / register_page / person_timeline as other apps (the API) will call them."""

import datetime as dt

import pytest

from accounts.models import OrganisationType, Role
from register import services
from register.models import Rag
from register.selectors import register_list, register_page
from register.signals import person_changed
from register.timeline import TIMELINE_SOURCES, TimelineEvent, add_timeline_source, person_timeline
from tests.factories import (
    HospitalSpellFactory,
    OrganisationFactory,
    PersonFactory,
    RiskRatingFactory,
    SiteFactory,
    WardFactory,
)

from .conftest import refused

pytestmark = pytest.mark.django_db


def test_register_list_applies_scoping_search_filters_and_sort(
    partnership, other_partnership, make_member
):
    commissioner = make_member(Role.COMMISSIONER, partnership)
    inpatient = HospitalSpellFactory(
        person__partnership=partnership, person__family_name="Bravo"
    ).person
    PersonFactory(partnership=partnership, family_name="Alpha")
    PersonFactory(partnership=other_partnership, family_name="Bravo")
    assert [p.family_name for p in register_list(commissioner, {})] == ["Alpha", "Bravo"]
    assert list(register_list(commissioner, {"status": "INPATIENT"})) == [inpatient]
    assert list(register_list(commissioner, {"search": "brav"})) == [inpatient]
    assert [p.family_name for p in register_list(commissioner, {"sort": "-name"})] == [
        "Bravo",
        "Alpha",
    ]


def test_in_and_out_of_area_come_from_the_site_postcode_district(partnership, make_member):
    partnership.members.add(
        OrganisationFactory(type=OrganisationType.ICB, postcode_districts="mk40 MK41")
    )
    commissioner = make_member(Role.COMMISSIONER, partnership)
    near = HospitalSpellFactory(
        person__partnership=partnership, ward=WardFactory(site=SiteFactory(postcode="mk41 9zz"))
    )
    far = HospitalSpellFactory(
        person__partnership=partnership, ward=WardFactory(site=SiteFactory(postcode="MK4 1AA"))
    )
    PersonFactory(partnership=partnership)  # in the community: neither
    rows = {p.pk: p.is_in_area for p in register_list(commissioner, {})}
    assert rows[near.person_id] is True
    assert rows[far.person_id] is False
    assert list(register_list(commissioner, {"area": "OUT_OF_AREA"})) == [far.person]


def test_counts_are_faceted_by_the_other_filters(partnership, make_member):
    commissioner = make_member(Role.COMMISSIONER, partnership)
    HospitalSpellFactory(person__partnership=partnership, commissioner_type="NHSE_SPEC")
    HospitalSpellFactory(person__partnership=partnership)
    RiskRatingFactory(dsr_entry__person__partnership=partnership, rag=Rag.RED)
    page = register_page(commissioner, {"commissioner_type": "NHSE_SPEC"})
    assert page.total == 1
    assert page.counts["commissioner_type"] == {"ICB": 1, "NHSE_SPEC": 1}  # ignores its own choice
    assert page.counts["status"] == {"INPATIENT": 1, "COMMUNITY": 0}
    assert page.counts["rag"]["NONE"] == 1


def test_an_invalid_filter_value_is_ignored_not_an_error(partnership, make_member):
    commissioner = make_member(Role.COMMISSIONER, partnership)
    PersonFactory(partnership=partnership)
    page = register_page(commissioner, {"status": "NOT_A_STATUS", "sort": "nonsense"})
    assert page.total == 1
    assert len(page.rows) == 1


def test_a_refused_write_sends_no_signal(
    partnership, make_member, django_capture_on_commit_callbacks
):
    commissioner = make_member(Role.COMMISSIONER, partnership)
    person = PersonFactory(partnership=partnership)
    heard = []
    person_changed.connect(
        lambda sender, person_id, **kw: heard.append(person_id),
        weak=False,
        dispatch_uid="refused-heard",
    )
    try:
        with (
            django_capture_on_commit_callbacks(execute=True),
            refused("date_of_death", "today or in the past"),
        ):
            services.record_death(person=person, by=commissioner, date_of_death=dt.date(2999, 1, 1))
    finally:
        person_changed.disconnect(dispatch_uid="refused-heard")
    assert heard == []


def test_higher_apps_can_add_timeline_events(partnership):
    person = PersonFactory(partnership=partnership)

    def reviews(p):
        return [TimelineEvent(dt.date(2026, 2, 1), "review", "Care and treatment review held")]

    add_timeline_source(reviews)
    try:
        assert [e.title for e in person_timeline(person)] == ["Care and treatment review held"]
    finally:
        TIMELINE_SOURCES.remove(reviews)
