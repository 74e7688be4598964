"""The register list: search (by POST, never in the URL), filters with counts, sorting,
pagination, audit of the ids shown, CSV export, and a constant number of queries."""

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditAction, AuditEvent, OrganisationType, Role
from register.models import Rag
from register.rules import add_years
from tests.factories import (
    CoordinatorAssignmentFactory,
    HospitalSpellFactory,
    OrganisationFactory,
    PersonFactory,
    RiskRatingFactory,
    SiteFactory,
    WardFactory,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
LIST = reverse("register:person_list")


@pytest.fixture
def commissioner_client(login_as):
    return login_as(Role.COMMISSIONER)


@pytest.fixture
def footprint(partnership):
    """The partnership covers MK40-MK45: sites there are in area."""
    member = OrganisationFactory(
        type=OrganisationType.LOCAL_AUTHORITY, postcode_districts="MK40 MK41 MK45"
    )
    partnership.members.add(member)
    return member


def names(response):
    return [row.name for row in response.context["rows"]]


def make_cohort(partnership, size):
    """A mixed register: inpatients in and out of area, DSR ratings, coordinators, delays."""
    people = []
    in_area_ward = WardFactory(site=SiteFactory(postcode="MK41 2AB"), bed_type="LOCKED_REHAB")
    away_ward = WardFactory(
        site=SiteFactory(postcode="NG1 1AA"), bed_type="SECURE_LOW", security_level="LOW"
    )
    for i in range(size):
        person = PersonFactory(partnership=partnership, family_name=f"Family{i:03d}")
        kind = i % 4
        if kind == 0:
            HospitalSpellFactory(
                person=person,
                ward=in_area_ward,
                site=in_area_ward.site,
                clinically_ready_date=dt.date(2026, 5, 1) if i % 8 == 0 else None,
                delay_reason="HOUSING" if i % 8 == 0 else "",
            )
        elif kind == 1:
            HospitalSpellFactory(
                person=person, ward=away_ward, site=away_ward.site, commissioner_type="NHSE_SPEC"
            )
        RiskRatingFactory(
            dsr_entry__person=person, rag=[Rag.BLUE, Rag.BLUE, Rag.RED, Rag.GREEN][kind]
        )
        CoordinatorAssignmentFactory(person=person)
        people.append(person)
    return people


def test_the_list_shows_the_partnerships_people_and_audits_the_ids_shown(
    commissioner_client, partnership, other_partnership
):
    mine = PersonFactory(partnership=partnership, family_name="Mine")
    PersonFactory(partnership=other_partnership, family_name="Theirs")
    response = commissioner_client.get(LIST)
    assert response.status_code == 200
    assert names(response) == [f"MINE, {mine.given_name}"]
    event = AuditEvent.objects.get(action=AuditAction.VIEW, object_type="register.Person")
    assert event.summary == {"ids": [mine.pk]}


@pytest.mark.parametrize("size", [5, 40])
def test_the_list_runs_a_constant_number_of_queries(
    commissioner_client, partnership, footprint, django_assert_num_queries, size
):
    make_cohort(partnership, size)
    # session, user, the second-factor device (django-otp's OTPMiddleware checks the session's
    # verified device still exists), memberships, footprint districts, coordinator choices,
    # counts, page rows, audit insert, then the session's idle-timeout save (savepoint, update,
    # release): the same at 5 and 40 people
    with django_assert_num_queries(12):
        response = commissioner_client.get(LIST, {"per_page": 100, "sort": "rag"})
    assert len(response.context["rows"]) == size


def test_search_by_name_is_posted_and_kept_out_of_the_address(commissioner_client, partnership):
    PersonFactory(partnership=partnership, given_name="Alexandra", family_name="Okonkwo")
    PersonFactory(partnership=partnership, given_name="Sam", family_name="Jones")
    response = commissioner_client.post(LIST, {"search": "okonk"})
    assert response.status_code == 302
    assert "okonk" not in response.url
    assert names(commissioner_client.get(response.url)) == ["OKONKWO, Alexandra"]
    commissioner_client.post(LIST, {"search": "", "clear": "1"})
    assert len(names(commissioner_client.get(LIST))) == 2


def test_search_by_nhs_number_allows_spaces(commissioner_client, partnership):
    person = PersonFactory(partnership=partnership, nhs_number="9434765919")
    PersonFactory(partnership=partnership)
    response = commissioner_client.post(LIST, {"search": "943 476 5919"}, follow=True)
    assert names(response) == [f"{person.family_name.upper()}, {person.given_name}"]
    assert all("943" not in url for url, _ in response.redirect_chain)


def test_a_get_search_parameter_is_ignored(commissioner_client, partnership):
    PersonFactory.create_batch(2, partnership=partnership)
    assert len(names(commissioner_client.get(LIST, {"search": "nobody"}))) == 2


def test_filters_and_their_counts(commissioner_client, partnership, footprint):
    make_cohort(partnership, 8)  # kinds 0,1 inpatients (4), 2 RED, 3 GREEN; two delayed (i=0, 8)
    response = commissioner_client.get(LIST, {"status": "INPATIENT"})
    assert len(response.context["rows"]) == 4
    form = response.context["filter_form"]
    labels = dict(form.fields["status"].choices)
    assert labels["INPATIENT"] == "In hospital (4)"
    assert labels["COMMUNITY"] == "In the community (4)"
    rag_labels = dict(form.fields["rag"].choices)  # counts within the inpatient filter
    assert rag_labels["BLUE"] == "Blue (inpatient) (4)"
    assert rag_labels["RED"] == "Red (0)"
    assert len(names(commissioner_client.get(LIST, {"area": "IN_AREA"}))) == 2
    assert len(names(commissioner_client.get(LIST, {"area": "OUT_OF_AREA"}))) == 2
    assert len(names(commissioner_client.get(LIST, {"bed_type": "SECURE_LOW"}))) == 2
    assert len(names(commissioner_client.get(LIST, {"commissioner_type": "NHSE_SPEC"}))) == 2
    assert len(names(commissioner_client.get(LIST, {"rag": "RED"}))) == 2
    assert len(names(commissioner_client.get(LIST, {"delayed": "yes"}))) == 1


def test_age_bands_include_children_and_transition(commissioner_client, partnership):
    PersonFactory(partnership=partnership, family_name="Child", date_of_birth=add_years(TODAY, -10))
    PersonFactory(partnership=partnership, family_name="Teen", date_of_birth=add_years(TODAY, -16))
    PersonFactory(partnership=partnership, family_name="Adult", date_of_birth=add_years(TODAY, -30))
    turning_18 = PersonFactory(
        partnership=partnership, family_name="Eighteen", date_of_birth=add_years(TODAY, -18)
    )

    def family(band):
        return sorted(
            n.split(",")[0] for n in names(commissioner_client.get(LIST, {"age_band": band}))
        )

    assert family("CHILD") == ["CHILD", "TEEN"]
    assert family("TRANSITION") == ["TEEN"]
    assert family("ADULT") == ["ADULT", "EIGHTEEN"]
    assert turning_18.age_on(TODAY) == 18


def test_coordinator_filter(commissioner_client, partnership, make_member):
    coordinator = make_member(Role.CARE_COORDINATOR, partnership, full_name="Casey Coordinator")
    mine = CoordinatorAssignmentFactory(
        person__partnership=partnership, user=coordinator, external_name=""
    )
    PersonFactory(partnership=partnership)
    response = commissioner_client.get(LIST, {"coordinator": str(coordinator.pk)})
    assert [row.id for row in response.context["rows"]] == [mine.person_id]
    assert dict(response.context["filter_form"].fields["coordinator"].choices)[
        str(coordinator.pk)
    ] == ("Casey Coordinator (1)")
    assert len(names(commissioner_client.get(LIST, {"coordinator": "none"}))) == 1


def test_sorting_by_rating_and_length_of_stay(commissioner_client, partnership):
    long_stay = HospitalSpellFactory(
        person__partnership=partnership,
        person__family_name="Longstay",
        admission_date=dt.date(2015, 1, 1),
    ).person
    short_stay = HospitalSpellFactory(
        person__partnership=partnership,
        person__family_name="Shortstay",
        admission_date=dt.date(2026, 1, 1),
    ).person
    red = RiskRatingFactory(
        dsr_entry__person__partnership=partnership,
        dsr_entry__person__family_name="Red",
        rag=Rag.RED,
    ).person
    ids = [row.id for row in commissioner_client.get(LIST, {"sort": "-los"}).context["rows"]]
    assert ids[:2] == [long_stay.pk, short_stay.pk]
    ids = [row.id for row in commissioner_client.get(LIST, {"sort": "rag"}).context["rows"]]
    assert ids[0] == red.pk


def test_pagination(commissioner_client, partnership):
    PersonFactory.create_batch(30, partnership=partnership)
    first = commissioner_client.get(LIST)
    assert len(first.context["rows"]) == 25
    assert first.context["page_urls"]["next"]
    second = commissioner_client.get(LIST + first.context["page_urls"]["next"])
    assert len(second.context["rows"]) == 5


def test_coordinators_list_only_their_caseload(login_as, partnership):
    coordinator = login_as(Role.CARE_COORDINATOR)
    mine = CoordinatorAssignmentFactory(
        person__partnership=partnership, user=coordinator.user, external_name=""
    )
    PersonFactory(partnership=partnership)
    assert [row.id for row in coordinator.get(LIST).context["rows"]] == [mine.person_id]


def test_export_is_the_filtered_list_audited_with_its_ids_and_formula_safe(
    commissioner_client, partnership
):
    inpatient = HospitalSpellFactory(
        person__partnership=partnership, person__given_name="=HYPERLINK(1)"
    ).person
    PersonFactory(partnership=partnership, given_name="+Plus")
    response = commissioner_client.get(reverse("register:person_export"), {"status": "INPATIENT"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:3] == ["Record number", "NHS number", "Family name"]
    assert len(rows) == 2
    assert rows[1][0] == str(inpatient.pk)
    assert rows[1][3] == "'=HYPERLINK(1)"
    event = AuditEvent.objects.get(action=AuditAction.EXPORT)
    assert event.summary == {"ids": [inpatient.pk]}


def test_export_neutralises_every_formula_start():
    from tcp.spreadsheet import neutralise  # the one helper every CSV and XLSX export uses

    assert [neutralise(v) for v in ["=1", "+1", "-1", "@x", "\tx", "\rx", "ok", 5]] == [
        "'=1",
        "'+1",
        "'-1",
        "'@x",
        "'\tx",
        "'\rx",
        "ok",
        "5",
    ]
