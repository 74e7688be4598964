"""The register list, its search and its CSV export."""

from __future__ import annotations

import csv
from functools import cached_property
from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from accounts.access import role_required
from accounts.audit import record_list
from accounts.models import AuditAction
from tcp.spreadsheet import XlsxSheet, neutralise, xlsx_bytes, xlsx_response

from ..filters import RegisterFilter
from ..models import Person
from ..presenters import CSV_HEADER, RegisterRow
from ..selectors import register_list, register_page
from .common import CHANGE_REGISTER, EXPORT, SEE_PEOPLE, can

SEARCH_SESSION_KEY = "register_search"
PAGE_SIZES = (25, 50, 100)


class CountedPaginator(Paginator):
    """A paginator told its count (the list's counting query already has it)."""

    def __init__(self, object_list: Any, per_page: int, *, count: int) -> None:
        super().__init__(object_list, per_page)
        self._known_count = count

    @cached_property
    def count(self) -> int:
        return self._known_count


def _filters(request: HttpRequest) -> QueryDict:
    """Filters come from the query string; the search term only from the session, so that an
    NHS number typed into search never appears in a URL, a log line or browser history."""
    filters = request.GET.copy()
    filters.pop("search", None)
    filters["search"] = request.session.get(SEARCH_SESSION_KEY, "")
    return filters


@require_http_methods(["GET", "POST"])
@role_required(*SEE_PEOPLE)
def person_list(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":  # search is sent by POST (STYLE.md 14), kept for this session
        term = "" if "clear" in request.POST else request.POST.get("search", "").strip()[:100]
        request.session[SEARCH_SESSION_KEY] = term
        query = request.GET.copy()
        query.pop("page", None)
        return redirect(f"{request.path}?{query.urlencode()}" if query else request.path)
    today = timezone.localdate()
    result = register_page(request.user, _filters(request), today=today)  # type: ignore[arg-type]
    per_page = _page_size(request)
    page = CountedPaginator(result.rows, per_page, count=result.total).get_page(
        request.GET.get("page")
    )
    rows = [RegisterRow(person, today=today) for person in page]
    record_list(
        request,
        object_type="register.Person",
        ids=[row.id for row in rows],
        action=AuditAction.VIEW,
    )
    query = _query_without(request, "page")
    context = {
        "page": page,
        "rows": rows,
        "total": result.total,
        "filter_form": _labelled_with_counts(result.filterset, result.counts),
        "search": request.session.get(SEARCH_SESSION_KEY, ""),
        "columns": _sortable_columns(query, request.GET.get("sort", "name")),
        "page_urls": _page_urls(query, page),
        "per_page": per_page,
        "search_action": f"?{query.urlencode()}" if query else "",
        "export_url": f"{reverse('register:person_export')}?{query.urlencode()}",
        "export_xlsx_url": f"{reverse('register:person_export_xlsx')}?{query.urlencode()}",
        "can_add": can(request, CHANGE_REGISTER),
        "can_export": can(request, EXPORT),
    }
    return render(request, "register/person_list.jinja", context)


@require_GET
@role_required(*EXPORT)
def person_export(request: HttpRequest) -> HttpResponse:
    """The filtered list as CSV, audited as an export with the ids of everyone in it."""
    today = timezone.localdate()
    people, rows = _export_rows(request, today)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="register-{today.isoformat()}.csv"'
    writer = csv.writer(response)
    writer.writerow(CSV_HEADER)
    writer.writerows([neutralise(value) for value in row] for row in rows)
    _audit_export(request, people)
    return response


@require_GET
@role_required(*EXPORT)
def person_export_xlsx(request: HttpRequest) -> HttpResponse:
    """The same filtered list as an Excel workbook, audited the same way."""
    today = timezone.localdate()
    people, rows = _export_rows(request, today)
    data = xlsx_bytes([XlsxSheet("Register", CSV_HEADER, rows)])
    _audit_export(request, people)
    return xlsx_response(data, f"register-{today.isoformat()}.xlsx")


def _export_rows(request: HttpRequest, today: Any) -> tuple[list[Person], list[list[Any]]]:
    people = list(register_list(request.user, _filters(request), today=today))  # type: ignore[arg-type]
    return people, [RegisterRow(person, today=today).csv_values(person) for person in people]


def _audit_export(request: HttpRequest, people: list[Person]) -> None:
    record_list(
        request,
        object_type="register.Person",
        ids=[p.pk for p in people],
        action=AuditAction.EXPORT,
    )


def _page_size(request: HttpRequest) -> int:
    try:
        size = int(request.GET.get("per_page", PAGE_SIZES[0]))
    except ValueError:
        return PAGE_SIZES[0]
    return size if size in PAGE_SIZES else PAGE_SIZES[0]


def _query_without(request: HttpRequest, *names: str) -> QueryDict:
    query = request.GET.copy()
    for name in names:
        query.pop(name, None)
    return query


SORTABLE = [
    ("name", "Name"),
    ("age", "Age"),
    ("hospital", "Where"),
    ("los", "Length of stay"),
    ("rag", "DSR rating"),
    ("coordinator", "Care coordinator"),
]


def _sortable_columns(query: QueryDict, current: str) -> list[dict[str, Any]]:
    """Column headings that sort the list; choosing the current one again reverses it."""
    columns = []
    for key, text in SORTABLE:
        direction = (
            "ascending" if current == key else "descending" if current == f"-{key}" else None
        )
        wanted = query.copy()
        wanted["sort"] = f"-{key}" if current == key else key
        columns.append({"text": text, "href": f"?{wanted.urlencode()}", "aria_sort": direction})
    return columns


def _page_urls(query: QueryDict, page: Any) -> dict[str, str | None]:
    def at(number: int) -> str:
        wanted = query.copy()
        wanted["page"] = str(number)
        return f"?{wanted.urlencode()}"

    return {
        "previous": at(page.previous_page_number()) if page.has_previous() else None,
        "next": at(page.next_page_number()) if page.has_next() else None,
    }


def _labelled_with_counts(filterset: RegisterFilter, counts: dict[str, dict[str, int]]) -> Any:
    """Each filter option shows how many people it would list, given the other choices."""
    form = filterset.form
    for name in RegisterFilter.FACETS:
        field: Any = form.fields[name]
        options = [(value, text) for value, text in field.choices if value != ""]
        field.choices = [
            (value, f"{text} ({counts[name].get(str(value), 0)})") for value, text in options
        ]
    return form
