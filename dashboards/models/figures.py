"""Figures that come from other datasets (GP registers, council returns, surveys, budgets).

Partnership administrators enter them per period with their source; metrics show the source
beside the figure (DOMAIN.md 5.4, 5.6 indicators 2 and 4)."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db import models

from accounts.models import Partnership, PartnershipScopedQuerySet, TimeStampedModel


class FigurePeriod(models.TextChoices):
    MONTH = "MONTH", "Month"
    QUARTER = "QUARTER", "Financial quarter"
    YEAR = "YEAR", "Financial year"


class ExternalFigureKey(models.TextChoices):
    GP_LD_REGISTER = "GP_LD_REGISTER", "People on GP learning disability registers"
    AHC_COMPLETED = "AHC_COMPLETED", "People on GP LD registers with an annual health check"
    HEALTH_CHECK_REGISTER = "HEALTH_CHECK_REGISTER", "People on the LD health-check register"
    SC_DIRECT_PAYMENT = "SC_DIRECT_PAYMENT", "Social-care clients with LD: direct payment"
    SC_MANAGED_BUDGET = "SC_MANAGED_BUDGET", "Social-care clients with LD: managed personal budget"
    SC_COMMISSIONED_ONLY = (
        "SC_COMMISSIONED_ONLY",
        "Social-care clients with LD: commissioned support only",
    )
    HEALTH_SUPPORT_CLIENTS = "HEALTH_SUPPORT_CLIENTS", "People receiving NHS-funded support"
    BUDGET = "BUDGET", "Transforming Care budget for the month (£)"
    EXPENDITURE = "EXPENDITURE", "Transforming Care expenditure in the month (£)"
    SATISFACTION = "SATISFACTION", "Satisfaction of individuals and families (%)"
    QUALITY_OF_LIFE = "QUALITY_OF_LIFE", "Quality of life (survey score)"
    HEALTH_INEQUALITIES = "HEALTH_INEQUALITIES", "Health inequalities (HEF audit score)"
    CHALLENGING_BEHAVIOUR = "CHALLENGING_BEHAVIOUR", "Prevalence of challenging behaviour (%)"
    GREEN_LIGHT_TOOLKIT = "GREEN_LIGHT_TOOLKIT", "Green Light Toolkit audit score (%)"


@dataclass(frozen=True)
class FigureDefinition:
    period: FigurePeriod
    is_count: bool  # a count of people: suppressed for board members


# Each key has one period type; a figure stands for the month, quarter or financial year that
# starts on its `period` date.
EXTERNAL_FIGURES: dict[str, FigureDefinition] = {
    ExternalFigureKey.GP_LD_REGISTER: FigureDefinition(FigurePeriod.YEAR, True),
    ExternalFigureKey.AHC_COMPLETED: FigureDefinition(FigurePeriod.YEAR, True),
    ExternalFigureKey.HEALTH_CHECK_REGISTER: FigureDefinition(FigurePeriod.YEAR, True),
    ExternalFigureKey.SC_DIRECT_PAYMENT: FigureDefinition(FigurePeriod.QUARTER, True),
    ExternalFigureKey.SC_MANAGED_BUDGET: FigureDefinition(FigurePeriod.QUARTER, True),
    ExternalFigureKey.SC_COMMISSIONED_ONLY: FigureDefinition(FigurePeriod.QUARTER, True),
    ExternalFigureKey.HEALTH_SUPPORT_CLIENTS: FigureDefinition(FigurePeriod.QUARTER, True),
    ExternalFigureKey.BUDGET: FigureDefinition(FigurePeriod.MONTH, False),
    ExternalFigureKey.EXPENDITURE: FigureDefinition(FigurePeriod.MONTH, False),
    ExternalFigureKey.SATISFACTION: FigureDefinition(FigurePeriod.QUARTER, False),
    ExternalFigureKey.QUALITY_OF_LIFE: FigureDefinition(FigurePeriod.QUARTER, False),
    ExternalFigureKey.HEALTH_INEQUALITIES: FigureDefinition(FigurePeriod.QUARTER, False),
    ExternalFigureKey.CHALLENGING_BEHAVIOUR: FigureDefinition(FigurePeriod.QUARTER, False),
    ExternalFigureKey.GREEN_LIGHT_TOOLKIT: FigureDefinition(FigurePeriod.QUARTER, False),
}


class ExternalFigureQuerySet(PartnershipScopedQuerySet):
    pass


class ExternalFigure(TimeStampedModel):
    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    key = models.CharField(max_length=24, choices=ExternalFigureKey.choices)
    period = models.DateField(help_text="First day of the month, quarter or financial year.")
    value = models.DecimalField(max_digits=14, decimal_places=2)
    source = models.CharField(max_length=300)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    objects = ExternalFigureQuerySet.as_manager()

    class Meta:
        ordering = ["key", "-period"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "key", "period"], name="external_figure_one_per_period"
            ),
            models.CheckConstraint(
                condition=models.Q(value__gte=0), name="external_figure_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"External figure {self.pk}"
