"""A board member downloads the latest board pack, and a commissioner makes, checks, submits and
downloads the AT return, in a real browser (issues 7 and 12).

The packs are made beforehand by the real services (request_run + run_report, as the monthly job
and `manage.py build_board_pack` do). The board member reads last month's headline figures on
the dashboard, goes to Reports, downloads the latest pack and the PDF's text is checked: the
month, the same headline figures, and no name or NHS number of anyone on the register.
"""

import hashlib
import subprocess
from datetime import timedelta
from pathlib import Path

import pytest
from django.db.models import Q
from django.utils import timezone
from playwright.sync_api import Page, expect

from accounts.models import AuditAction, AuditEvent, Organisation, Partnership
from dashboards.metrics.periods import add_months, month_end, month_start
from dashboards.metrics.suppression import suppress_count
from dashboards.models import MonthlySnapshot, ReportKind, ReportRun, RunStatus
from dashboards.reports.board_pack import pack_presenter
from dashboards.services import request_run, run_report
from register.models import DischargeDestination, HospitalSpell, Person
from register.nhs_numbers import format_nhs_number
from tests.factories import HospitalSpellFactory, PersonFactory

from .helpers import check_accessibility, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# Family names of the people set up here: none may reach a board member's page or pack.
FAMILY_NAMES = ["Quillfeather", "Marchbanks", "Ormerod", "Villiers", "Trelawney", "Pendragon"]


def heading(page: Page):
    return page.get_by_role("heading", level=1)


def pdf_text(path: Path) -> str:
    command = ["pdftotext", "-layout", str(path), "-"]  # poppler-utils, installed by .ci/run
    return subprocess.run(  # noqa: S603 - a fixed tool on a file the test downloaded
        command, check=True, capture_output=True, text=True
    ).stdout


# Where each headline figure stands in the pack (DOMAIN.md 8): the summary's H1 row, the H2-H5
# rows, the trajectory RAG table's first row, and the totals rows of the delays and DSR tables.
PACK_ROWS = {
    "H1": ("Inpatients at month end (H1)", "At the end of {month}"),
    "H2": ("Inpatient rates against the planning ranges", "H2 "),
    "H3": ("Inpatient rates against the planning ranges", "H3 "),
    "T2": ("Trajectory RAG (T2)", "All inpatients"),
    "D1": ("Delayed discharges by reason", "All delayed discharges (D1)"),
    "C8": ("Dynamic support register by RAG", "All people on the DSR"),
}


def pack_rows(text: str, month_name: str) -> dict[str, str]:
    """Metric id -> the words of its row in the pack: the first line starting with the row's
    label after the table's caption, and the next two non-empty lines (pdftotext's layout puts
    a cell that wraps, or sits lower than its row heading, on the lines below)."""
    lines = [" ".join(line.split()) for line in text.splitlines()]
    lines = [line for line in lines if line]
    found = {}
    for metric, (after, label) in PACK_ROWS.items():
        label = label.format(month=month_name)
        start = next(i for i, line in enumerate(lines) if after in line)
        row = next(i for i in range(start + 1, len(lines)) if lines[i].startswith(label))
        found[metric] = " ".join(lines[row : row + 3])
    return found


def inpatients_at_end_of(partnership: Partnership, month) -> int:
    """H1 counted straight from the register: people with a spell open at the month's end."""
    end = month_end(month)
    return (
        HospitalSpell.objects.filter(partnership=partnership, admission_date__lte=end)
        .filter(Q(discharge_date__isnull=True) | Q(discharge_date__gt=end))
        .values("person")
        .distinct()
        .count()
    )


@pytest.fixture
def board_packs(demo_logins):
    """Thirteen BLMK inpatients at the end of last month (shown to the board as 15), one
    discharged during it, one admitted this month; packs for the two months before this one."""
    blmk = Partnership.objects.get(code="BLMK")
    icb = Organisation.objects.get(ods_code="QHG")
    today = timezone.localdate()
    last_month = add_months(month_start(today), -1)
    long_ago = last_month - timedelta(days=75)

    def admit(admitted, n, **spell):
        person = PersonFactory(
            partnership=blmk,
            given_name=f"Hester{n}",
            family_name=FAMILY_NAMES[n % len(FAMILY_NAMES)] + ("" if n < 6 else f"-{n}"),
        )
        return HospitalSpellFactory(
            person=person, admission_date=admitted, commissioner=icb, **spell
        )

    for n in range(12):
        admit(long_ago + timedelta(days=n), n)
    admit(last_month + timedelta(days=9), 12)
    admit(
        long_ago,
        13,
        discharge_date=last_month + timedelta(days=4),
        discharge_destination=DischargeDestination.SUPPORTED_LIVING,
    )
    admit(today, 14)

    runs = []
    for month in (add_months(last_month, -1), last_month):
        run = request_run(
            partnership=blmk, kind=ReportKind.BOARD_PACK, month=month, by=None, today=today
        )
        run = run_report(run_id=run.pk, today=today)
        assert run.status == RunStatus.SUCCEEDED, run.error
        runs.append(run)
    return blmk, last_month, runs[-1]


def test_board_member_sees_aggregates_and_downloads_the_latest_board_pack(
    page, live_server, demo_logins, password, board_packs, tmp_path
):
    blmk, last_month, latest = board_packs
    today = timezone.localdate()
    month_name = last_month.strftime("%B %Y")
    raw_h1 = inpatients_at_end_of(blmk, last_month)
    assert raw_h1 == 13
    shown_h1 = str(suppress_count(raw_h1))  # 13 rounded to the nearest 5 for the board: 15
    assert shown_h1 == "15"
    snapshot = MonthlySnapshot.objects.for_partnership(blmk).final().get(month=last_month)
    figures = pack_presenter(snapshot=snapshot, today=today).headline()
    headline = {f.id: f.tag["text"] if f.tag else f.display for f in figures}
    titles = {f.metric.title: f.id for f in figures}
    assert headline["H1"] == shown_h1
    everyone = list(Person.objects.all())
    assert {p.family_name for p in everyone} >= set(FAMILY_NAMES)

    def assert_no_one_named(text: str) -> None:
        for person in everyone:
            assert person.family_name not in text, person.family_name
            assert person.nhs_number not in text
            assert format_nhs_number(person.nhs_number) not in text

    sign_in(page, live_server, demo_logins[("board", "BLMK")], password)
    menu = page.get_by_role("navigation", name="Menu")
    expect(menu.get_by_role("link", name="Register")).to_have_count(0)
    assert_no_one_named(page.get_by_role("main").inner_text())
    check_accessibility(page, "home (board member)")

    # Last month's figures on the dashboard: suppressed and rounded, nobody named.
    menu.get_by_role("link", name="Dashboard").click()
    page.get_by_label("Month", exact=True).select_option(label=month_name)
    page.get_by_role("button", name="Show this month").click()
    expect(heading(page)).to_contain_text(month_name)
    main = page.get_by_role("main")
    h1_card = main.locator(".nhsuk-card").filter(
        has=page.get_by_role("heading", name="Inpatients at month end", exact=True)
    )
    expect(h1_card.locator(".app-figure")).to_have_text(shown_h1)
    # Every headline card shows what the month-end snapshot holds (the pack reads the snapshot,
    # the dashboard counts the register again).
    cards = main.locator("#headline + .nhsuk-card-group .nhsuk-card")
    expect(cards).to_have_count(len(headline))
    on_dashboard = {
        titles[card.locator("h3").inner_text()]: " ".join(
            card.locator(".nhsuk-card__description").inner_text().split()
        )
        for card in cards.all()
    }
    assert on_dashboard == headline
    assert_no_one_named(main.inner_text())
    check_accessibility(page, "dashboard, last month (board member)")

    # Reports: board packs only, the latest month first.
    menu.get_by_role("link", name="Reports").click()
    expect(heading(page)).to_have_text("Reports")
    expect(main).to_contain_text("Board packs for your partnership")
    months = main.get_by_role("heading", level=2)
    expect(months).to_have_count(2)
    expect(months.first).to_have_text(month_name)
    latest_table = main.get_by_role("table", name=f"Reports for {month_name}")
    expect(latest_table).to_contain_text("Board pack")
    expect(latest_table).to_contain_text("1 (current)")
    expect(main).not_to_contain_text("AT return")
    assert_no_one_named(main.inner_text())
    check_accessibility(page, "reports list (board member)")

    with page.expect_download() as waiting:
        latest_table.get_by_role("link", name=f"Download Board pack {month_name} version 1").click()
    download = waiting.value
    assert download.suggested_filename == f"BOARDPACK_BLMK_{last_month:%Y-%m}_v1.pdf"
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    content = saved.read_bytes()
    assert content.startswith(b"%PDF")
    assert hashlib.sha256(content).hexdigest() == latest.checksum  # the published file, unaltered
    text = pdf_text(saved)

    assert f"{month_name}: figures as at the end of {month_name}" in text
    rows = pack_rows(text, month_name)
    assert list(rows) == list(headline), rows
    for metric_id, shown in headline.items():
        figure = shown.split()[0]  # "17.7 per million" wraps after its number
        assert figure in rows[metric_id].split(), (metric_id, shown, rows[metric_id])
    assert_no_one_named(text)
    assert "Hester" not in text


def test_commissioner_makes_checks_submits_and_downloads_the_at_return(
    page, live_server, demo_logins, password, tmp_path
):
    """Issue 7 end to end: a commissioner asks for last month's AT return on the Reports page,
    the page shows it made with its validation report, they download the CSV (one row per spell
    open in the month) and mark it as submitted. Celery runs the job when the request commits
    (eagerly in the tests, on a worker in production)."""
    blmk = Partnership.objects.get(code="BLMK")
    icb = Organisation.objects.get(ods_code="QHG")
    today = timezone.localdate()
    last_month = add_months(month_start(today), -1)
    month_name = last_month.strftime("%B %Y")
    spells = [
        HospitalSpellFactory(
            person=PersonFactory(partnership=blmk, family_name=name),
            admission_date=last_month - timedelta(days=40 + n),
            commissioner=icb,
        )
        for n, name in enumerate(FAMILY_NAMES[:3])
    ]

    sign_in(page, live_server, demo_logins[("commissioner", "BLMK")], password)
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Reports").click()
    expect(heading(page)).to_have_text("Reports")
    check_accessibility(page, "reports list (commissioner)")

    page.get_by_label("AT return (CSV and validation report)").check()
    page.get_by_label("Month", exact=True).select_option(label=month_name)
    page.get_by_role("button", name="Make a new version").click()

    expect(heading(page)).to_contain_text("Assuring Transformation return")
    expect(heading(page)).to_contain_text(f"{month_name}, version 1")
    summary = page.locator(".nhsuk-summary-list")
    # The page refreshes itself until the run is made.
    expect(summary).to_contain_text("Ready (current version)", timeout=30_000)
    expect(page.get_by_role("heading", name="Validation")).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text("3 rows; 0 errors")
    check_accessibility(page, "AT return, made (commissioner)")

    file_name = f"AT_BLMK_{last_month:%Y-%m}_v1.csv"
    with page.expect_download() as waiting:
        page.get_by_role("link", name=f"Download {file_name}").click()
    download = waiting.value
    assert download.suggested_filename == file_name
    saved = tmp_path / file_name
    download.save_as(saved)
    lines = saved.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    rows = [dict(zip(header, line.split(","), strict=False)) for line in lines[1:]]
    assert sorted(row["spell_id"] for row in rows) == sorted(str(s.pk) for s in spells)
    assert {row["nhs_number"] for row in rows} == {s.person.nhs_number for s in spells}
    assert all(row["open_at_month_end"] == "Y" for row in rows)
    run = ReportRun.objects.get(partnership=blmk, kind=ReportKind.AT_RETURN)
    assert hashlib.sha256(saved.read_bytes()).hexdigest() == run.checksum
    assert AuditEvent.objects.filter(
        action=AuditAction.DOWNLOAD, object_type="dashboards.ReportRun", object_id=str(run.pk)
    ).exists()

    page.get_by_role("button", name="Mark as submitted to NHS England").click()
    expect(summary).to_contain_text("marked as submitted")
    expect(page.get_by_role("button", name="Mark as submitted to NHS England")).to_have_count(0)
    check_accessibility(page, "AT return, submitted (commissioner)")
    run.refresh_from_db()
    assert run.is_submitted

    page.get_by_role("link", name="Back to reports").click()
    table = page.get_by_role("table", name=f"Reports for {month_name}")
    expect(table).to_contain_text("Ready, submitted")
