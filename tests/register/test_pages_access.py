"""Access for every register page: anonymous -> sign-in, board member -> 403, another partnership
-> 404, a coordinator outside their caseload -> 404, permitted roles -> 200 (STYLE.md 13)."""

import pytest
from django.urls import reverse

from accounts.models import Role
from tests.factories import CoordinatorAssignmentFactory, HospitalSpellFactory
from tests.test_access_matrix import assert_no_inline_code

pytestmark = pytest.mark.django_db

PERSON_PAGES = [
    "person_detail",
    "person_edit",
    "person_admit",
    "person_rate",
    "person_dsr_close",
    "person_coordinator",
    "person_transfer",
    "person_death",
]
SPELL_PAGES = [
    "spell_move",
    "spell_transfer",
    "spell_discharge",
    "spell_delay",
    "spell_planned_discharge",
    "spell_legal_status",
]
LIST_PAGES = ["person_list", "person_export", "person_add"]
# Who may open each page (DOMAIN.md 9): commissioners change the register; coordinators plan
# discharges for their caseload; administrators read and export.
ALLOWED = {
    "person_list": {Role.PARTNERSHIP_ADMIN, Role.COMMISSIONER, Role.CARE_COORDINATOR},
    "person_detail": {Role.PARTNERSHIP_ADMIN, Role.COMMISSIONER, Role.CARE_COORDINATOR},
    "person_export": {Role.PARTNERSHIP_ADMIN, Role.COMMISSIONER},
    "spell_delay": {Role.COMMISSIONER, Role.CARE_COORDINATOR},
    "spell_planned_discharge": {Role.COMMISSIONER, Role.CARE_COORDINATOR},
}
EVERY_PAGE = LIST_PAGES + PERSON_PAGES + SPELL_PAGES


@pytest.fixture
def spell(partnership):
    return HospitalSpellFactory(person__partnership=partnership)


def url_of(name, spell):
    if name in PERSON_PAGES:
        return reverse(f"register:{name}", args=[spell.person_id])
    if name in SPELL_PAGES:
        return reverse(f"register:{name}", args=[spell.pk])
    return reverse(f"register:{name}")


def allowed(name):
    return ALLOWED.get(name, {Role.COMMISSIONER})


@pytest.mark.parametrize("name", EVERY_PAGE)
def test_anonymous_users_are_sent_to_sign_in(client, spell, name):
    response = client.get(url_of(name, spell))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


@pytest.mark.parametrize("name", EVERY_PAGE)
@pytest.mark.parametrize("role", list(Role))
def test_each_role_gets_the_page_or_403(login_as, spell, name, role):
    client = login_as(role)
    if role == Role.CARE_COORDINATOR:
        CoordinatorAssignmentFactory(person=spell.person, user=client.user, external_name="")
    response = client.get(url_of(name, spell))
    assert response.status_code == (200 if role in allowed(name) else 403)
    # The access matrix sends the forms; their pages must pass the same CSP checks.
    assert_no_inline_code(response)


@pytest.mark.parametrize("name", PERSON_PAGES + SPELL_PAGES)
def test_another_partnerships_record_is_not_found(login_as, other_partnership, spell, name):
    role = next(iter(allowed(name) - {Role.PARTNERSHIP_ADMIN}))
    outsider = login_as(role, partnership=other_partnership)
    assert outsider.get(url_of(name, spell)).status_code == 404
    if name != "person_detail":  # the forms refuse a POST the same way
        assert outsider.post(url_of(name, spell), {}).status_code == 404


@pytest.mark.parametrize("name", ["person_detail", "spell_delay", "spell_planned_discharge"])
def test_a_coordinator_sees_only_their_caseload(login_as, spell, name):
    coordinator = login_as(Role.CARE_COORDINATOR)
    assert coordinator.get(url_of(name, spell)).status_code == 404
    CoordinatorAssignmentFactory(person=spell.person, user=coordinator.user, external_name="")
    assert coordinator.get(url_of(name, spell)).status_code == 200


def test_board_members_do_not_see_the_register_in_the_navigation(login_as):
    body = login_as(Role.BOARD_MEMBER).get(reverse("home")).content.decode()
    assert reverse("register:person_list") not in body
    body = login_as(Role.COMMISSIONER).get(reverse("home")).content.decode()
    assert reverse("register:person_list") in body
