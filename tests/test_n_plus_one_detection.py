"""The suite fails a view that loads a relation row by row (N+1): django-zeal runs around every
request made through the test client (tcp/settings/test.py). Proven here with a deliberately
bad view, and its fixed twin, behind the real middleware."""

import pytest
from django.http import HttpResponse
from django.test import override_settings
from django.urls import path
from zeal.errors import NPlusOneError

from accounts.models import Role
from register.models import HospitalSpell
from tests.factories import HospitalSpellFactory, PersonFactory

pytestmark = pytest.mark.django_db


def spells_then_people(request):
    """The N+1: one query for the spells, then one per spell for its person."""
    names = [spell.person.family_name for spell in HospitalSpell.objects.order_by("pk")]
    return HttpResponse(", ".join(names))


def spells_with_people(request):
    spells = HospitalSpell.objects.select_related("person").order_by("pk")
    return HttpResponse(", ".join(spell.person.family_name for spell in spells))


urlpatterns = [
    path("bad/", spells_then_people),
    path("good/", spells_with_people),
]


@pytest.fixture
def three_spells(partnership):
    for _ in range(3):
        HospitalSpellFactory(person=PersonFactory(partnership=partnership))


@override_settings(ROOT_URLCONF=__name__)
def test_a_view_with_an_n_plus_one_fails_the_test(login_as, three_spells):
    client = login_as(Role.COMMISSIONER)
    with pytest.raises(NPlusOneError, match=r"register\.HospitalSpell\.person"):
        client.get("/bad/")


@override_settings(ROOT_URLCONF=__name__)
def test_the_same_view_with_select_related_passes(login_as, three_spells):
    client = login_as(Role.COMMISSIONER)
    assert client.get("/good/").status_code == 200
