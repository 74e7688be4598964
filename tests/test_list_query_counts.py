"""Lists not covered by their app's query-count tests: the audit log, the member list and the
report runs cost the same number of queries with 1 row as with 20 (no N+1 as data grows).
The register list, worklist, calendar, my actions, dashboard, programme lists, imports and API
lists have theirs beside their other tests (tests/*/test_query_counts.py and the page tests)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.audit import record_event
from accounts.models import AuditAction, Role
from dashboards.metrics.periods import add_months, month_start
from dashboards.models import ReportKind
from dashboards.services import request_run

pytestmark = pytest.mark.django_db

# Session, user, second factor, membership and the page's own reads (audit write included).
AUDIT_LOG_QUERIES = 9
MEMBER_LIST_QUERIES = 10
REPORT_RUNS_QUERIES = 8


def _count(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def _events(partnership, user, count, start):
    for number in range(start, start + count):
        record_event(
            actor=user,
            action=AuditAction.VIEW,
            partnership=partnership,
            object_type="register.Person",
            object_id=str(number),
            person_id=number,
        )


def test_audit_log_costs_the_same_with_1_or_20_events(login_as, make_member, partnership):
    admin = login_as(Role.PARTNERSHIP_ADMIN)
    user = make_member(Role.COMMISSIONER, partnership)
    _events(partnership, user, 1, 0)
    small = _count(admin, "/accounts/audit/")
    _events(partnership, user, 19, 1)
    assert _count(admin, "/accounts/audit/") == small == AUDIT_LOG_QUERIES


def test_member_list_costs_the_same_with_1_or_20_members(login_as, make_member, partnership):
    admin = login_as(Role.PARTNERSHIP_ADMIN)
    make_member(Role.COMMISSIONER, partnership)
    small = _count(admin, "/accounts/members/")
    for _ in range(19):
        make_member(Role.CARE_COORDINATOR, partnership)
    assert _count(admin, "/accounts/members/") == small == MEMBER_LIST_QUERIES


def test_report_runs_cost_the_same_with_1_or_12_runs(login_as, partnership):
    client = login_as(Role.COMMISSIONER)
    today = timezone.localdate()
    last = add_months(month_start(today), -1)

    def runs(months):
        for back in months:
            for kind in (ReportKind.AT_RETURN, ReportKind.BOARD_PACK):
                request_run(
                    partnership=partnership,
                    kind=kind,
                    month=add_months(last, -back),
                    by=client.user,
                    today=today,
                )

    runs(range(1))
    small = _count(client, "/reports/")
    runs(range(1, 6))
    assert _count(client, "/reports/") == small == REPORT_RUNS_QUERIES
