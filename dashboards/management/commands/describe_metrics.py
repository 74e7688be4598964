"""Print the metric registry as a Markdown table (the catalogue in docs/metrics.md)."""

from typing import Any

from django.core.management.base import BaseCommand

from dashboards.metrics import METRICS, Section


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


class Command(BaseCommand):
    help = "Print every metric's definition as Markdown."

    def handle(self, *args: Any, **options: Any) -> None:
        for section in Section:
            metrics = [m for m in METRICS if m.section == section]
            if not metrics:
                continue
            self.stdout.write(f"\n### {section.label}\n")
            self.stdout.write(
                "| Id | Metric | Numerator | Denominator | Unit | Period | Source "
                "| Suppressed for the board |"
            )
            self.stdout.write("|---|---|---|---|---|---|---|---|")
            for m in metrics:
                suppressed = (
                    "counts"
                    if m.suppressible
                    else ("denominator" if m.denominator_is_count else "no")
                )
                needs = f" Not yet available: needs {m.needs}." if m.needs else ""
                self.stdout.write(
                    f"| {m.id} | {_cell(m.title)}: {_cell(m.description)}{_cell(needs)} "
                    f"| {_cell(m.numerator)} | {_cell(m.denominator)} | {m.unit.label} "
                    f"| {m.period_type.label} | {_cell(m.source)} | {suppressed} |"
                )
