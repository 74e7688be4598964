"""The form that asks for a new version of a month's report."""

from __future__ import annotations

from datetime import date

from django import forms

from .metrics.periods import add_months, month_start
from .models import ReportKind


def month_choices(today: date, count: int = 24) -> list[tuple[str, str]]:
    last = add_months(month_start(today), -1)
    months = [add_months(last, -n) for n in range(count)]
    return [(m.isoformat(), f"{m:%B %Y}") for m in months]


class ReportRequestForm(forms.Form):
    kind = forms.ChoiceField(
        label="Report",
        choices=[
            (ReportKind.AT_RETURN, "AT return (CSV and validation report)"),
            (ReportKind.BOARD_PACK, "Board pack (PDF)"),
            (
                ReportKind.SNAPSHOT,
                "Month-end snapshot (the month's figures frozen again from the records as they "
                "are now; make a new board pack afterwards to use it)",
            ),
        ],
        widget=forms.RadioSelect,
    )
    month = forms.ChoiceField(
        label="Month", help_text="Only months that have ended can be reported."
    )

    def __init__(self, *args, today: date, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["month"].choices = month_choices(today)

    def clean_month(self) -> date:
        return date.fromisoformat(self.cleaned_data["month"])
