"""The day axis of "average census" metrics (Annex A 1, 6): a view over generate_series.

A view, not a table: nothing to fill or keep up to date, and a test database flush (which
truncates tables) cannot empty it. Metrics filter it to the period and join open spells."""

from django.db import models


class CalendarDay(models.Model):
    day = models.DateField(primary_key=True)

    class Meta:
        managed = False
        db_table = "dashboards_calendar_day"
        ordering = ["day"]

    def __str__(self) -> str:
        return self.day.isoformat()
