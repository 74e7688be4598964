"""`manage.py build_board_pack --partnership ESX --month 2026-10`: a new version of the board
pack PDF, made now from the month's final snapshot (taken first if missing)."""

from dashboards.models import ReportKind

from ._report_command import ReportCommand


class Command(ReportCommand):
    help = "Build the month's board pack PDF as a new version."
    kind = ReportKind.BOARD_PACK
