"""Celery tasks of accounts: thin, by id, each calling one function that does the work."""

from smtplib import SMTPException

from celery import shared_task

from .emails import send_password_reset_email

RETRY_ON = (SMTPException, OSError)  # the mail relay blinked


@shared_task(acks_late=True, autoretry_for=RETRY_ON, retry_backoff=True, max_retries=5)
def send_password_reset_email_task(user_id: int, domain: str, use_https: bool) -> None:
    send_password_reset_email(user_id=user_id, domain=domain, use_https=use_https)
