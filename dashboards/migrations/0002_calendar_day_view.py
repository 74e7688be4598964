"""The calendar of days used by average-census metrics (Annex A 1 and 6), as a view."""

from django.db import migrations

FORWARD = """
CREATE VIEW dashboards_calendar_day AS
SELECT d::date AS day
FROM generate_series(date '1990-01-01', date '2100-12-31', interval '1 day') AS d;
"""
BACKWARD = "DROP VIEW IF EXISTS dashboards_calendar_day;"


class Migration(migrations.Migration):
    dependencies = [("dashboards", "0001_metrics_snapshots_programme")]
    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
