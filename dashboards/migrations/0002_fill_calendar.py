"""Fill the calendar of days used by average-census metrics (Annex A 1 and 6)."""

from django.db import migrations

FORWARD = """
INSERT INTO dashboards_calendarday (day)
SELECT d::date FROM generate_series(date '1990-01-01', date '2100-12-31', interval '1 day') AS d
ON CONFLICT DO NOTHING;
"""
BACKWARD = "DELETE FROM dashboards_calendarday;"


class Migration(migrations.Migration):
    dependencies = [("dashboards", "0001_metrics_snapshots_programme")]
    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
