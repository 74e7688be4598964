"""Password reset by e-mail: an expiring single-use link, NHS-sensible passwords, no enumeration."""

import re
import time
from datetime import timedelta

import pytest
from celery.contrib.testing.worker import start_worker
from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accounts.models import AuditAction, AuditEvent, Role
from accounts.tasks import send_password_reset_email_task
from tcp.celery import app as celery_app
from tests.conftest import require_service

pytestmark = pytest.mark.django_db

EMAIL = "casey@example.nhs.uk"
NEW_PASSWORD = "kettle lantern orchard 42"
LINK = re.compile(r"https?://testserver(/accounts/password-reset/[^/\s]+/[^/\s]+/)")


@pytest.fixture
def member(make_member, partnership):
    return make_member(Role.COMMISSIONER, partnership, email=EMAIL, full_name="Casey Jones")


def ask_for_link(client: Client, email: str = EMAIL, *, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:password_reset"), {"email": email})
    assert response.status_code == 302
    assert response.url == reverse("accounts:password_reset_done")
    return response


def reset_link() -> str:
    assert len(mail.outbox) == 1
    return LINK.search(mail.outbox[0].body).group(1)


def choose_password(client: Client, link: str, password: str = NEW_PASSWORD):
    form_url = client.get(link).url  # Django swaps the token for a session-held one
    return client.post(form_url, {"new_password1": password, "new_password2": password})


def test_reset_links_expire_after_one_hour():
    assert settings.PASSWORD_RESET_TIMEOUT == 60 * 60


def test_a_known_address_gets_a_link_by_email(client, member, django_capture_on_commit_callbacks):
    ask_for_link(
        client,
        "Casey@Example.nhs.uk",
        django_capture_on_commit_callbacks=django_capture_on_commit_callbacks,
    )
    message = mail.outbox[0]
    assert message.to == [EMAIL]
    assert message.subject == "Reset your Transforming Care register password"
    assert "within 60 minutes" in message.body
    assert "&#" not in message.body
    assert "&amp;" not in message.body
    assert reset_link()


def test_an_unknown_address_gets_the_same_answer_and_no_email(
    client, member, django_capture_on_commit_callbacks
):
    response = ask_for_link(
        client,
        "nobody@example.nhs.uk",
        django_capture_on_commit_callbacks=django_capture_on_commit_callbacks,
    )
    page = client.get(response.url).content.decode()
    assert "If the address you entered belongs to an account" in page
    assert mail.outbox == []


def test_the_email_is_sent_after_the_request_not_during_it(client, member):
    # Queued on commit: the page answers before any mail server is spoken to, so how long it
    # takes does not tell an attacker whether the address has an account.
    client.post(reverse("accounts:password_reset"), {"email": EMAIL})
    assert mail.outbox == []


def test_the_link_sets_a_new_password_and_is_audited(
    client, member, django_capture_on_commit_callbacks
):
    ask_for_link(client, django_capture_on_commit_callbacks=django_capture_on_commit_callbacks)
    response = choose_password(client, reset_link())
    assert response.status_code == 302
    assert response.url == reverse("accounts:password_reset_complete")
    member.refresh_from_db()
    assert member.check_password(NEW_PASSWORD)
    assert "_auth_user_id" not in client.session  # not signed in: password and code still needed
    event = AuditEvent.objects.get(action=AuditAction.PASSWORD_RESET)
    assert event.user_id == member.pk
    signed_in = Client().post(
        reverse("accounts:login"), {"username": EMAIL, "password": NEW_PASSWORD}
    )
    assert signed_in.status_code == 302


def test_the_link_works_once(client, member, django_capture_on_commit_callbacks):
    ask_for_link(client, django_capture_on_commit_callbacks=django_capture_on_commit_callbacks)
    link = reset_link()
    choose_password(client, link)
    again = Client().get(link)
    assert again.status_code == 200
    assert "This link does not work" in again.content.decode()


def test_a_link_older_than_an_hour_does_not_work(client, member):
    generator = default_token_generator
    made_at = generator._num_seconds(generator._now() - timedelta(minutes=61))
    token = generator._make_token_with_timestamp(member, made_at, generator.secret)
    url = reverse(
        "accounts:password_reset_confirm",
        kwargs={"uidb64": urlsafe_base64_encode(force_bytes(member.pk)), "token": token},
    )
    response = client.get(url)
    assert "This link does not work" in response.content.decode()
    assert not AuditEvent.objects.filter(action=AuditAction.PASSWORD_RESET).exists()


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("short pass", "This password is too short. It must contain at least 12 characters."),
        ("password1234", "This password is too common."),
        ("384729104857", "This password is entirely numeric."),
        ("casey@example.nhs.uk1", "The password is too similar to the email."),
        ("Casey Jones 1", "The password is too similar to the full name."),
    ],
)
def test_weak_passwords_are_refused(
    client, member, password, message, django_capture_on_commit_callbacks
):
    ask_for_link(client, django_capture_on_commit_callbacks=django_capture_on_commit_callbacks)
    response = choose_password(client, reset_link(), password)
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert "Error: Choose a new password" in html
    member.refresh_from_db()
    assert member.check_password("correct-horse-battery")
    assert not AuditEvent.objects.filter(action=AuditAction.PASSWORD_RESET).exists()


def test_mismatched_passwords_are_refused(client, member, django_capture_on_commit_callbacks):
    ask_for_link(client, django_capture_on_commit_callbacks=django_capture_on_commit_callbacks)
    form_url = client.get(reset_link()).url
    response = client.post(
        form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD + "x"}
    )
    assert "The two passwords do not match" in response.content.decode()


def test_a_new_password_signs_out_every_other_session(
    login_as, member, django_capture_on_commit_callbacks
):
    elsewhere = login_as(Role.COMMISSIONER, user=member)
    assert elsewhere.get(reverse("home")).status_code == 200
    client = Client()
    ask_for_link(client, django_capture_on_commit_callbacks=django_capture_on_commit_callbacks)
    choose_password(client, reset_link())
    response = elsewhere.get(reverse("home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_a_new_password_does_not_lift_a_lockout(client, member, django_capture_on_commit_callbacks):
    for _ in range(5):
        Client().post(reverse("accounts:login"), {"username": EMAIL, "password": "wrong-guess"})
    ask_for_link(client, django_capture_on_commit_callbacks=django_capture_on_commit_callbacks)
    choose_password(client, reset_link())
    response = Client().post(
        reverse("accounts:login"), {"username": EMAIL, "password": NEW_PASSWORD}
    )
    assert response.status_code == 429


def test_an_inactive_account_gets_no_email(client, member, django_capture_on_commit_callbacks):
    member.is_active = False
    member.save()
    ask_for_link(client, django_capture_on_commit_callbacks=django_capture_on_commit_callbacks)
    assert mail.outbox == []


@pytest.mark.django_db(transaction=True)
def test_the_reset_email_is_sent_by_a_real_worker(member, settings):
    require_service("Redis", "127.0.0.1", 6379)
    broker = settings.CELERY_BROKER_URL
    celery_app.conf.update(task_always_eager=False, broker_url=broker)
    try:
        with start_worker(celery_app, pool="solo", perform_ping_check=False):
            result = send_password_reset_email_task.delay(
                user_id=member.pk, domain="testserver", use_https=True
            )
            deadline = time.monotonic() + 10
            while not mail.outbox and time.monotonic() < deadline:
                time.sleep(0.05)
    finally:
        celery_app.conf.update(task_always_eager=True)
    assert result.id
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [EMAIL]
    assert "https://testserver/accounts/password-reset/" in mail.outbox[0].body
