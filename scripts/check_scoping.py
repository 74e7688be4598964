"""Fails when a view or API module reaches partnership data without the scoping helpers.

In views.py / api.py files, `<Model>.objects.` may only be followed by `visible_to(` or passed to
`get_visible_or_404(`. Run by `make lint` and by the test suite (tests/test_scoping_lint.py).
"""

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHECKED = ("views.py", "api.py")
DIRECT_USE = re.compile(r"\b([A-Z]\w+)\.objects\.(?!visible_to\()(\w+)")
ALLOWED_MODELS = {
    "Partnership",
    "Organisation",
    "Site",
    "Ward",
    "User",
    "Membership",
}  # reference data


def offending_lines(path: Path) -> list[str]:
    found = []
    for number, line in enumerate(path.read_text().splitlines(), start=1):
        for match in DIRECT_USE.finditer(line):
            if match.group(1) not in ALLOWED_MODELS:
                found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    return found


def main() -> int:
    files = [p for name in CHECKED for p in ROOT.glob(f"*/{name}") if ".venv" not in p.parts]
    files += [p for p in ROOT.glob("*/views/*.py")] + [p for p in ROOT.glob("*/api/*.py")]
    files = [p for p in files if p.relative_to(ROOT).parts[0] != "tests"]  # tests/api/ is tests
    problems = [line for path in sorted(set(files)) for line in offending_lines(path)]
    for line in problems:
        print(f"unscoped query: {line}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
