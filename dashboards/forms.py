"""Shapes of the dashboard's inputs. Field names match the services' keyword arguments."""

from __future__ import annotations

from datetime import date

from django import forms

from register.models import CommissionerType

from .metrics.periods import add_months, month_start
from .models import ExternalFigureKey, Level, RiskStatus

DATE_WIDGET = forms.DateInput(attrs={"type": "date"})


def month_choices(today: date, count: int = 36) -> list[tuple[str, str]]:
    first = month_start(today)
    months = [add_months(first, -n) for n in range(count)]
    return [(m.strftime("%Y-%m"), m.strftime("%B %Y")) for m in months]


class PeriodForm(forms.Form):
    month = forms.ChoiceField(label="Month")

    def __init__(self, *args: object, today: date, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["month"].choices = month_choices(today)


class ExternalFigureForm(forms.Form):
    key = forms.ChoiceField(label="Figure", choices=ExternalFigureKey.choices)
    period = forms.DateField(
        label="Period it applies to",
        help_text="Any day in the month, financial quarter or financial year the figure is for.",
        widget=DATE_WIDGET,
    )
    value = forms.DecimalField(label="Figure", min_value=0, max_digits=14, decimal_places=2)
    source = forms.CharField(
        label="Source",
        max_length=300,
        help_text="Where the figure comes from, for example 'QOF LD register 2025-26'.",
    )


class TrajectoryPlanForm(forms.Form):
    quarter = forms.DateField(
        label="Quarter", help_text="Any day in the financial quarter.", widget=DATE_WIDGET
    )
    commissioner_type = forms.ChoiceField(label="Commissioner", choices=CommissionerType.choices)
    planned_inpatients = forms.IntegerField(label="Planned inpatients at quarter end", min_value=0)


class PopulationForm(forms.Form):
    financial_year_start = forms.IntegerField(
        label="Financial year starting",
        help_text="2026 means April 2026 to March 2027.",
        min_value=2000,
        max_value=2100,
    )
    adults_18_plus = forms.IntegerField(label="GP-registered adults (18 and over)", min_value=1)
    children_under_18 = forms.IntegerField(label="GP-registered children (0 to 17)", min_value=1)


LEVELS = Level.choices


class RiskForm(forms.Form):
    cause = forms.CharField(label="As a result of", widget=forms.Textarea(attrs={"rows": 2}))
    risk = forms.CharField(label="There is a risk that", widget=forms.Textarea(attrs={"rows": 2}))
    consequence = forms.CharField(
        label="Which may lead to", widget=forms.Textarea(attrs={"rows": 2})
    )
    inherent_likelihood = forms.ChoiceField(
        label="Likelihood before mitigation", choices=LEVELS, widget=forms.RadioSelect
    )
    inherent_impact = forms.ChoiceField(
        label="Impact before mitigation", choices=LEVELS, widget=forms.RadioSelect
    )
    mitigation = forms.CharField(label="Mitigation", widget=forms.Textarea(attrs={"rows": 3}))
    residual_likelihood = forms.ChoiceField(
        label="Likelihood after mitigation", choices=LEVELS, widget=forms.RadioSelect
    )
    residual_impact = forms.ChoiceField(
        label="Impact after mitigation", choices=LEVELS, widget=forms.RadioSelect
    )
    owner = forms.CharField(label="Owner", max_length=150)
    review_date = forms.DateField(label="Review date", widget=DATE_WIDGET)
    status = forms.ChoiceField(label="Status", choices=RiskStatus.choices, initial=RiskStatus.OPEN)


class MilestoneForm(forms.Form):
    workstream = forms.CharField(label="Workstream", max_length=100)
    title = forms.CharField(label="Milestone", max_length=200)
    owner = forms.CharField(label="Owner", max_length=150)
    due_date = forms.DateField(label="Due date", widget=DATE_WIDGET)
    forecast_date = forms.DateField(label="Forecast date", required=False, widget=DATE_WIDGET)
    completed_on = forms.DateField(label="Completed on", required=False, widget=DATE_WIDGET)
    is_at_risk = forms.BooleanField(
        label="The owner flags this milestone as at risk", required=False
    )
    rag_override = forms.ChoiceField(
        label="Override the RAG rating",
        required=False,
        choices=[
            ("", "No override: use the rule"),
            ("RED", "Red"),
            ("AMBER", "Amber"),
            ("GREEN", "Green"),
        ],
    )
    override_reason = forms.CharField(
        label="Reason for the override", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
