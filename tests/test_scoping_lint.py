import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_views_and_apis_reach_partnership_data_only_through_the_scoping_helpers():
    result = subprocess.run(
        [sys.executable, "scripts/check_scoping.py"], cwd=ROOT, capture_output=True, text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout


def test_the_scoping_lint_catches_a_direct_query(tmp_path):
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import check_scoping
    finally:
        sys.path.pop(0)
    bad = ROOT / "register" / "_lint_probe_views.py"
    bad.write_text("people = Person.objects.filter(pk=1)\nok = Person.objects.visible_to(user)\n")
    try:
        found = check_scoping.offending_lines(bad)
    finally:
        bad.unlink()
    assert len(found) == 1
    assert "Person.objects.filter" in found[0]
