"""The Celery app. Tasks live in each app's tasks.py and only call services."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tcp.settings.dev")

app = Celery("tcp")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
