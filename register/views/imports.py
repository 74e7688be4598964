"""Moving in from spreadsheets: templates, upload, column matching, the dry-run preview, commit,
and the downloads that go with them (ADR 0019).

Commissioners and partnership administrators prepare and check imports: an administrator often
runs the move-in, and a check writes nothing. Only a commissioner commits, because DOMAIN.md 9
lets commissioners change the register and administrators not (unless also commissioner). Care
coordinators (caseload only) and board members (aggregates only) are refused.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.access import get_visible_or_404, role_required
from accounts.audit import record_list, record_read
from accounts.forms import add_service_error
from accounts.models import AuditAction, Role
from tcp.spreadsheet import csv_stream, xlsx_response

from ..imports import services
from ..imports.forms import MappingForm, UploadForm
from ..imports.mapping import SHEETS
from ..imports.presenters import (
    OUTCOME_FILTERS,
    ImportPresenter,
    RowPresenter,
    error_report_rows,
    when,
)
from ..imports.services import REMAPPABLE
from ..imports.workbooks import register_workbook, template_csv, template_filename, template_xlsx
from ..models import ImportKind, ImportRecord, ImportRow, Person
from .common import EXPORT, can

IMPORT = (Role.PARTNERSHIP_ADMIN, Role.COMMISSIONER)
COMMIT = (Role.COMMISSIONER,)
TEMPLATE_KINDS = {
    "people": ImportKind.PEOPLE,
    "spells": ImportKind.SPELLS,
    "ratings": ImportKind.RATINGS,
    "reviews": ImportKind.REVIEWS,
    "register": ImportKind.REGISTER,
}
ROWS_PER_PAGE = 100


def _record(request: HttpRequest, import_id: int) -> ImportRecord:
    user = request.user
    records = ImportRecord.objects.visible_to(user).select_related("uploaded_by", "committed_by")  # type: ignore[arg-type]
    return get_visible_or_404(records, user, pk=import_id)  # type: ignore[arg-type, no-any-return]


@require_GET
@role_required(*IMPORT)
def import_list(request: HttpRequest) -> HttpResponse:
    records = ImportRecord.objects.visible_to(
        request.user
    ).select_related(  # type: ignore[arg-type]
        "uploaded_by", "committed_by"
    )[:50]
    templates = [
        {"slug": slug, "label": kind.label, "has_csv": kind != ImportKind.REGISTER}
        for slug, kind in TEMPLATE_KINDS.items()
        if kind in SHEETS or kind == ImportKind.REGISTER
    ]
    context = {"records": [ImportPresenter(r) for r in records], "templates": templates}
    return render(request, "register/imports/list.jinja", context)


@require_GET
@role_required(*IMPORT)
def import_template(request: HttpRequest, kind: str, file_format: str) -> HttpResponse:
    wanted = TEMPLATE_KINDS.get(kind)
    if (
        wanted is None
        or wanted not in (*SHEETS, ImportKind.REGISTER)
        or file_format
        not in (
            "csv",
            "xlsx",
        )
    ):
        raise Http404("No such template")
    if file_format == "xlsx":
        return xlsx_response(template_xlsx(wanted), template_filename(wanted, "xlsx"))
    if wanted == ImportKind.REGISTER:
        raise Http404("A whole register needs a workbook")
    response = HttpResponse(template_csv(wanted), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{template_filename(wanted, "csv")}"'
    return response


@require_http_methods(["GET", "POST"])
@role_required(*IMPORT)
def import_upload(request: HttpRequest) -> HttpResponse:
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            record = services.start_import(
                partnership=request.user.active_partnership,  # type: ignore[union-attr]
                by=request.user,  # type: ignore[arg-type]
                kind=form.cleaned_data["kind"],
                upload=form.cleaned_data["upload"],
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            return redirect("register:import_mapping", import_id=record.pk)
    return render(request, "register/imports/upload.jinja", {"form": form})


@require_http_methods(["GET", "POST"])
@role_required(*IMPORT)
def import_mapping(request: HttpRequest, import_id: int) -> HttpResponse:
    record = _record(request, import_id)
    if record.status not in REMAPPABLE:
        return redirect("register:import_detail", import_id=record.pk)
    form = MappingForm(record, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_mapping(record=record, by=request.user, mapping=form.mapping())  # type: ignore[arg-type]
        except ValidationError as error:
            add_service_error(form, error)
        else:
            return redirect("register:import_detail", import_id=record.pk)
    context = {"form": form, "record": ImportPresenter(record)}
    return render(request, "register/imports/mapping.jinja", context)


@require_GET
@role_required(*IMPORT)
def import_detail(request: HttpRequest, import_id: int) -> HttpResponse:
    record = _record(request, import_id)
    record_read(request, record)
    wanted = request.GET.get("show", "")
    rows = ImportRow.objects.visible_to(request.user).filter(record=record)  # type: ignore[arg-type]
    if wanted in {value for value, _ in OUTCOME_FILTERS if value}:
        rows = rows.filter(outcome=wanted)
    page = Paginator(rows.order_by("kind", "row_number"), ROWS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    context = {
        "record": ImportPresenter(record, progress=services.import_progress(record)),
        "rows": [RowPresenter(row) for row in page],
        "page": page,
        "show": wanted,
        "filters": OUTCOME_FILTERS,
        "can_commit": can(request, COMMIT),
        "can_remap": record.status in REMAPPABLE,
        "earlier_on": _committed_on(services.earlier_import_of_same_file(record)),
    }
    return render(request, "register/imports/detail.jinja", context)


def _committed_on(record: ImportRecord | None) -> str:
    return when(record.committed_at) if record else ""


@require_POST
@role_required(*COMMIT)
def import_commit(request: HttpRequest, import_id: int) -> HttpResponse:
    record = _record(request, import_id)
    try:
        services.request_commit(record=record, by=request.user)  # type: ignore[arg-type]
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("register:import_detail", import_id=record.pk)


@require_GET
@role_required(*IMPORT)
def import_file(request: HttpRequest, import_id: int) -> FileResponse:
    """The uploaded file, only through this view: storage is never served at a public URL."""
    record = _record(request, import_id)
    record_read(request, record, action=AuditAction.DOWNLOAD)
    return FileResponse(
        record.file.open("rb"),
        as_attachment=True,
        filename=record.original_name,
        content_type="application/octet-stream",
    )


@require_GET
@role_required(*IMPORT)
def import_errors(request: HttpRequest, import_id: int) -> StreamingHttpResponse:
    record = _record(request, import_id)
    record_read(request, record, action=AuditAction.EXPORT)
    rows = ImportRow.objects.visible_to(request.user).filter(record=record).errors()  # type: ignore[arg-type]
    response = StreamingHttpResponse(
        csv_stream(("Sheet", "Row", "Column", "Problem"), error_report_rows(rows.iterator())),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="import-{record.pk}-errors.csv"'
    return response


@require_GET
@role_required(*EXPORT)
def register_workbook_export(request: HttpRequest) -> HttpResponse:
    """The whole register in the import columns, audited as an export of everyone in it."""
    people = Person.objects.visible_to(request.user)  # type: ignore[arg-type]
    data = register_workbook(people)
    record_list(
        request,
        object_type="register.Person",
        ids=people.order_by("pk").values_list("pk", flat=True),
        action=AuditAction.EXPORT,
    )
    return xlsx_response(data, f"register-workbook-{timezone.localdate().isoformat()}.xlsx")
