"""`manage.py build_at_return --partnership ESX --month 2026-10`: a new version of the AT return,
made now (the same service the scheduled task runs)."""

from dashboards.models import ReportKind

from ._report_command import ReportCommand


class Command(ReportCommand):
    help = "Build the month's Assuring Transformation return (CSV + validation) as a new version."
    kind = ReportKind.AT_RETURN
