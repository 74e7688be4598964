"""Sheets that apps above the register import through their own services.

Imports point one way (STYLE.md 1: dashboards -> reviews -> register), so the register cannot
call the reviews services. An app that owns a kind of row adds its sheet here when it starts
(`AppConfig.ready`): its columns, which rows are already recorded, how a person's new rows become
service calls on the person's timeline, and its rows in the register workbook export.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from accounts.models import Partnership

from .mapping import SHEETS, SheetSpec
from .plan import StepContext
from .rows import ParsedRow


@dataclass(frozen=True)
class ExtraSheet:
    spec: SheetSpec
    # The natural key of a row, compared with the keys already recorded for the person.
    row_key: Callable[[ParsedRow], Hashable]
    # person id -> keys already recorded, for the people of one partnership.
    recorded: Callable[[Partnership, list[int]], dict[int, Counter[Hashable]]]
    # Add a step (a service call) for each of a person's new rows.
    add_steps: Callable[[StepContext, list[ParsedRow]], None]
    # Rows of the register workbook for these people, in the sheet's column order.
    export_rows: Callable[[list[int]], Iterable[Sequence[Any]]]


EXTRA_SHEETS: dict[str, ExtraSheet] = {}


def add_sheet(extra: ExtraSheet) -> None:
    EXTRA_SHEETS[extra.spec.kind] = extra
    SHEETS[extra.spec.kind] = extra.spec
