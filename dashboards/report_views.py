"""Reports pages (/reports/): commissioners make and check the month's AT return and board pack;
board members download their partnership's board packs. Files only through `run_download`."""

from __future__ import annotations

from itertools import groupby

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.access import get_visible_or_404, role_required
from accounts.forms import add_service_error
from accounts.models import Role

from . import services
from .models import ReportRun, RunStatus
from .report_forms import ReportRequestForm
from .selectors import report_runs_for
from .services.reports import file_name, media_type

COMMISSIONER = (Role.COMMISSIONER,)
READERS = (Role.COMMISSIONER, Role.BOARD_MEMBER)


def _runs_for(request: HttpRequest) -> QuerySet[ReportRun]:
    return report_runs_for(request.user, include_snapshots=True)  # type: ignore[arg-type]


def _list_page(request: HttpRequest, form: ReportRequestForm | None) -> HttpResponse:
    runs = list(_runs_for(request))
    months = [(period, list(items)) for period, items in groupby(runs, key=lambda r: r.period)]
    return render(request, "reports/run_list.jinja", {"months": months, "form": form})


@require_GET
@role_required(*READERS)
def run_list(request: HttpRequest) -> HttpResponse:
    form = None
    if request.user.active_role == Role.COMMISSIONER:  # type: ignore[union-attr]
        form = ReportRequestForm(today=timezone.localdate())
    return _list_page(request, form)


@require_http_methods(["POST"])
@role_required(*COMMISSIONER)
def run_request(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    form = ReportRequestForm(request.POST, today=today)
    if form.is_valid():
        try:
            run = services.request_run(
                partnership=request.user.active_partnership,  # type: ignore[union-attr]
                kind=form.cleaned_data["kind"],
                month=form.cleaned_data["month"],
                by=request.user,
                today=today,
                queue=True,
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            return redirect("reports:run_detail", run_id=run.pk)
    return _list_page(request, form)


@require_GET
@role_required(*COMMISSIONER)
def run_detail(request: HttpRequest, run_id: int) -> HttpResponse:
    run = get_visible_or_404(ReportRun.objects, request.user, pk=run_id)
    findings = run.summary.get("findings", [])
    return render(
        request,
        "reports/run_detail.jinja",
        {
            "run": run,
            "file_name": file_name(run),
            "errors": [f for f in findings if f["level"] == "ERROR"],
            "warnings": [f for f in findings if f["level"] != "ERROR"],
            "diff": run.summary.get("diff"),
        },
    )


@require_POST
@role_required(*COMMISSIONER)
def run_submit(request: HttpRequest, run_id: int) -> HttpResponse:
    run = get_visible_or_404(ReportRun.objects, request.user, pk=run_id)
    try:
        services.mark_submitted(run=run, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"Version {run.version} is marked as submitted.")
    return redirect("reports:run_detail", run_id=run.pk)


@require_GET
@role_required(*READERS)
def run_download(request: HttpRequest, run_id: int) -> FileResponse:
    run = get_visible_or_404(_runs_for(request), request.user, pk=run_id)
    if run.status != RunStatus.SUCCEEDED or not run.file:
        raise Http404("This report has no file yet.")
    services.record_download(run=run, by=request.user)
    return FileResponse(
        run.file.open("rb"),
        as_attachment=True,
        filename=file_name(run),
        content_type=media_type(run),
    )
