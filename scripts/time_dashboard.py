"""Time the dashboard page for the demo partnerships (signed in with two-factor done).

    DJANGO_SETTINGS_MODULE=tcp.settings.dev python manage.py seed_demo
    DJANGO_SETTINGS_MODULE=tcp.settings.dev python manage.py shell < scripts/time_dashboard.py

Prints, per user, the median and slowest of 10 requests after a first one that compiles the
templates, the number of SQL queries and the page size.
"""

import statistics
import time

from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from tests.signin import sign_in_fully

settings.ALLOWED_HOSTS = ["*"]
for email in ("commissioner.essex@example.nhs.uk", "board.essex@example.nhs.uk",
              "commissioner.blmk@example.nhs.uk"):
    client = sign_in_fully(Client(), User.objects.get(email=email))
    client.get("/dashboard/")
    times, sql = [], []
    for _ in range(10):
        start = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/dashboard/")
        times.append(time.perf_counter() - start)
        sql.append(sum(float(query["time"]) for query in queries.captured_queries))
    print(f"{email}: median {statistics.median(times) * 1000:.0f} ms "
          f"(SQL {statistics.median(sql) * 1000:.0f} ms), slowest {max(times) * 1000:.0f} ms, "
          f"{len(queries)} queries, {len(response.content) // 1024} KB, "
          f"status {response.status_code}")
