"""One row per calendar day, 1990-2100: the day axis of "average census" metrics (Annex A 1, 6).

Filled once by migration 0002 with generate_series; metrics join it to open spells in SQL.
"""

from django.db import models


class CalendarDay(models.Model):
    day = models.DateField(primary_key=True)

    class Meta:
        ordering = ["day"]

    def __str__(self) -> str:
        return self.day.isoformat()
