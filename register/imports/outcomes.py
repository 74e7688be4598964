"""What an import found for each row: created, updated, unchanged, or the errors that stop it."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError

from ..models import RowOutcome
from .rows import ParsedRow, RowError

# A row moves up this order and never back: a created spell's later step does not make it
# "updated", and any error wins.
RANK = {RowOutcome.UNCHANGED: 0, RowOutcome.UPDATED: 1, RowOutcome.CREATED: 2, RowOutcome.ERROR: 3}


@dataclass
class RowResult:
    kind: str
    number: int
    outcome: RowOutcome = RowOutcome.UNCHANGED
    errors: list[RowError] = field(default_factory=list)
    details: list[str] = field(default_factory=list)

    @property
    def detail(self) -> str:
        return "; ".join(dict.fromkeys(self.details))[:300]


class Results:
    def __init__(self, rows: Iterable[ParsedRow]) -> None:
        self.by_row: dict[tuple[str, int], RowResult] = {}
        for row in rows:
            result = RowResult(kind=str(row.kind), number=row.number)
            self.by_row[(str(row.kind), row.number)] = result
            if row.errors:
                result.outcome = RowOutcome.ERROR
                result.errors.extend(row.errors)

    def of(self, row: ParsedRow) -> RowResult:
        return self.by_row[(str(row.kind), row.number)]

    def is_error(self, row: ParsedRow) -> bool:
        return self.of(row).outcome == RowOutcome.ERROR

    def mark(self, row: ParsedRow, outcome: RowOutcome, detail: str = "") -> None:
        result = self.of(row)
        if RANK[outcome] > RANK[result.outcome]:
            result.outcome = outcome
        if detail and outcome != RowOutcome.ERROR:
            result.details.append(detail)

    def fail(self, row: ParsedRow, *errors: RowError) -> None:
        result = self.of(row)
        result.outcome = RowOutcome.ERROR
        for error in errors:
            if error not in result.errors:
                result.errors.append(error)

    def fail_with(self, row: ParsedRow, key: str, message: str) -> None:
        self.fail(row, RowError(row.headers.get(key, ""), message))

    def fail_from_service(
        self, row: ParsedRow, error: ValidationError, fields: dict[str, str]
    ) -> None:
        """The service's own messages, each on the column its field came from."""
        for field_name, messages in _messages(error).items():
            key = fields.get(field_name, field_name)
            column = row.headers.get(key, "") if field_name != "__all__" else ""
            for message in messages:
                self.fail(row, RowError(column, message.rstrip(".")))

    def has_errors(self) -> bool:
        return any(r.outcome == RowOutcome.ERROR for r in self.by_row.values())

    def counts(self) -> dict[str, dict[str, int]]:
        counts: dict[str, Counter[str]] = {"total": Counter()}
        for result in self.by_row.values():
            counts.setdefault(result.kind, Counter())[result.outcome] += 1
            counts["total"][result.outcome] += 1
        return {
            kind: {outcome: counter.get(outcome, 0) for outcome in RowOutcome.values}
            for kind, counter in counts.items()
        }

    def __iter__(self) -> Any:
        return iter(self.by_row.values())


def _messages(error: ValidationError) -> dict[str, list[str]]:
    if hasattr(error, "error_dict"):
        return error.message_dict
    return {"__all__": error.messages}
