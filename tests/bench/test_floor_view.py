"""The framework-floor page lives only in the bench's URLconf, behind the whole middleware stack."""

import pytest
from django.test import Client, override_settings
from django.urls import NoReverseMatch, reverse

from accounts.models import Role

pytestmark = pytest.mark.django_db


def test_floor_page_is_not_a_product_url():
    with pytest.raises(NoReverseMatch):
        reverse("bench_floor")


@override_settings(ROOT_URLCONF="bench.urls")
def test_floor_page_renders_the_base_layout_for_a_signed_in_user(login_as):
    response = login_as(Role.COMMISSIONER).get("/bench/floor/")
    assert response.status_code == 200
    assert "Benchmark floor" in response.content.decode()


@override_settings(ROOT_URLCONF="bench.urls")
def test_floor_page_sends_anonymous_visitors_to_sign_in():
    response = Client().get("/bench/floor/")
    assert response.status_code == 302
