"""Print the "Pages scanned and axe results" table of docs/testing.md from the last e2e run.

    .venv/bin/python scripts/axe_table.py [tests/e2e/screenshots/axe-results.json]

The journeys' `check_accessibility` writes one entry per page scanned; this turns them into the
markdown table (pages sorted by name) with the totals line above it.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

DEFAULT = Path(__file__).resolve().parent.parent / "tests/e2e/screenshots/axe-results.json"


def _undecided(entry: dict) -> str:
    where = entry.get("to_check_by_hand_where") or {}
    if not where:
        return "—"
    return "; ".join(
        f"{rule}: " + ", ".join(f"`{target}`" for target in targets[:2])
        for rule, targets in sorted(where.items())
    )


def table(results: dict[str, dict]) -> str:
    serious = moderate = 0
    rows = []
    for name, entry in sorted(results.items()):
        impact = entry["violations_by_impact"]
        bad = impact.get("serious", 0) + impact.get("critical", 0)
        mild = impact.get("moderate", 0) + impact.get("minor", 0)
        serious, moderate = serious + bad, moderate + mild
        rows.append(
            f"| {name} | `{entry['url']}` | {bad} | {mild} | {entry['rules_passed']} "
            f"| {_undecided(entry)} |"
        )
    head = [
        f"**{len(results)} pages, {serious or 0} serious or critical, {moderate or 0} moderate or "
        "minor violations.**",
        "",
        "| page (name in the journey) | path | serious/critical | moderate/minor | rules passed "
        "| undecided |",
        "|---|---|---|---|---|---|",
    ]
    return "\n".join(head + rows)


if __name__ == "__main__":
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
    print(table(json.loads(path.read_text(encoding="utf-8"))))
