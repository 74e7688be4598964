"""Report runs over the API, as on the Reports pages (dashboards/report_views.py): commissioners
list their partnership's AT returns and board packs, request a new version of a month's report
and download it; board members list and download the board packs that are ready, nothing else.

The request calls `request_run(..., queue=True)`, the service the page's form calls: which months
can be reported is the service's rule, not this module's. A download is audited by
`record_download`, as on the page."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.http import FileResponse
from django.urls import reverse
from django.utils import timezone
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
)
from rest_framework import exceptions, serializers, status
from rest_framework.generics import ListAPIView, RetrieveAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.access import get_visible_or_404
from accounts.models import Role
from dashboards.metrics.periods import parse_month
from dashboards.models import ReportKind, ReportRun, RunStatus
from dashboards.selectors import report_runs_for
from dashboards.services import record_download, request_run
from dashboards.services.reports import file_name, media_type
from register.api.examples import one, page_of, request
from tcp.api import ErrorSerializer
from tcp.api_views import JsonErrors

from .views import FIRST_MONTH

# As dashboards/report_views.py: commissioners make the month's reports; board members read the
# board packs.
REQUESTERS = frozenset({Role.COMMISSIONER})
READERS = frozenset({Role.COMMISSIONER, Role.BOARD_MEMBER})
# The kinds the page's form offers (month-end snapshots are internal, never listed).
REQUESTABLE = [
    (ReportKind.AT_RETURN.value, "Assuring Transformation return (CSV)"),
    (ReportKind.BOARD_PACK.value, "Board pack (PDF)"),
]
LAST_MONTH = date(2100, 12, 1)  # as the API's dates: far enough, and no overflow downstream
MONTH_PATTERN = r"^\d{4}-\d{2}$"
MONTH_ERROR = "Enter a month as YYYY-MM between 2015-04 and 2100-12, such as 2026-10"
MONTH_SCHEMA = {
    "type": "string",
    "pattern": MONTH_PATTERN,
    "example": "2026-10",
    "description": "A month, YYYY-MM (2015-04 to 2100-12).",
}


def month_from(text: str) -> date | None:
    """'2026-10' -> 2026-10-01, or None when it is not a month the API can talk about."""
    try:
        month = parse_month(text)
    except ValueError:
        return None
    if not text.isascii() or not FIRST_MONTH <= month <= LAST_MONTH:
        return None
    return month


# --- output --------------------------------------------------------------------------------


class ValidationCountsSerializer(serializers.Serializer):
    rows = serializers.IntegerField(help_text="Rows in the return (one per spell in the month).")
    errors = serializers.IntegerField(help_text="Findings that block 'mark as submitted'.")
    warnings = serializers.IntegerField()

    class Meta:
        ref_name = "ReportRunValidation"


class ReportRunSerializer(serializers.ModelSerializer):
    partnership = serializers.CharField(source="partnership.code", help_text="Partnership code.")
    month = serializers.SerializerMethodField(help_text="The month reported, YYYY-MM.")
    file_name = serializers.SerializerMethodField(
        help_text="The file's name once the run has succeeded, such as AT_BLMK_2026-10_v2.csv."
    )
    download_url = serializers.SerializerMethodField(
        help_text="Where to GET the file once the run has succeeded; null before."
    )
    validation = serializers.SerializerMethodField(
        help_text="For a finished AT return: its rows and validation findings; otherwise null."
    )

    class Meta:
        model = ReportRun
        fields = [
            "id",
            "partnership",
            "kind",
            "month",
            "period",
            "version",
            "status",
            "is_current",
            "is_submitted",
            "requested_at",
            "started_at",
            "finished_at",
            "checksum",
            "error",
            "file_name",
            "download_url",
            "validation",
        ]
        extra_kwargs = {
            "period": {"help_text": "The first day of the month reported."},
            "status": {"help_text": "QUEUED, then RUNNING, then SUCCEEDED or FAILED."},
            "is_current": {"help_text": "The version that counts for its month (the latest "
                           "that succeeded)."},
            "checksum": {"help_text": "SHA-256 of the file, once the run has succeeded."},
            "error": {"help_text": "Why a FAILED run failed, in plain English; blank otherwise."},
        }  # fmt: skip

    def get_month(self, run: ReportRun) -> str:
        return f"{run.period:%Y-%m}"

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_file_name(self, run: ReportRun) -> str | None:
        return file_name(run) if run.status == RunStatus.SUCCEEDED else None

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_download_url(self, run: ReportRun) -> str | None:
        if run.status != RunStatus.SUCCEEDED:
            return None
        url = reverse("api:report_run_download", kwargs={"run_id": run.pk})
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request is not None else url

    @extend_schema_field(ValidationCountsSerializer(allow_null=True))
    def get_validation(self, run: ReportRun) -> dict[str, int] | None:
        if run.kind != ReportKind.AT_RETURN or run.status != RunStatus.SUCCEEDED:
            return None
        return {key: int(run.summary.get(key, 0)) for key in ("rows", "errors", "warnings")}


RUN = {
    "id": 42,
    "partnership": "BLMK",
    "kind": "AT_RETURN",
    "month": "2026-10",
    "period": "2026-10-01",
    "version": 2,
    "status": "SUCCEEDED",
    "is_current": True,
    "is_submitted": False,
    "requested_at": "2026-11-03T09:14:02Z",
    "started_at": "2026-11-03T09:14:03Z",
    "finished_at": "2026-11-03T09:14:05Z",
    "checksum": "9f2c5a0d3b7e41c6a8f0e2d4b6c8a0e2d4f6a8c0e2b4d6f8a0c2e4b6d8f0a2c4",
    "error": "",
    "file_name": "AT_BLMK_2026-10_v2.csv",
    "download_url": "https://tcp.example.nhs.uk/api/v1/report-runs/42/download/",
    "validation": {"rows": 31, "errors": 0, "warnings": 2},
}
QUEUED_RUN = RUN | {
    "id": 43,
    "version": 3,
    "status": "QUEUED",
    "is_current": False,
    "started_at": None,
    "finished_at": None,
    "checksum": "",
    "file_name": None,
    "download_url": None,
    "validation": None,
}


# --- reads ---------------------------------------------------------------------------------


class MonthFormField(forms.CharField):
    def to_python(self, value: Any) -> date | None:
        text = super().to_python(value)
        if not text:
            return None
        month = month_from(text)
        if month is None:
            raise forms.ValidationError(MONTH_ERROR)
        return month


@extend_schema_field(MONTH_SCHEMA)
class MonthFilter(filters.Filter):
    field_class = MonthFormField


class ReportRunFilter(filters.FilterSet):
    kind = filters.ChoiceFilter(choices=REQUESTABLE, label="AT_RETURN or BOARD_PACK")
    month = MonthFilter(field_name="period", label="The month reported, YYYY-MM")
    status = filters.ChoiceFilter(choices=RunStatus.choices, label="The run's status")
    is_current = filters.BooleanFilter(label="Only the version that counts for its month")
    partnership = filters.CharFilter(
        field_name="partnership__code",
        lookup_expr="iexact",
        max_length=20,
        label="Partnership code (your token's partnership is the only one you can see)",
    )

    class Meta:
        model = ReportRun
        fields: list[str] = []


class ReportRunQueryset:
    """The runs the token's user may see, as on the Reports page (`report_runs_for`)."""

    request: Request

    def get_queryset(self) -> QuerySet[ReportRun]:
        if getattr(self, "swagger_fake_view", False):  # schema generation: no user, no rows
            return ReportRun.objects.visible_to(self.request.user)
        return report_runs_for(self.request.user)  # type: ignore[arg-type]


@extend_schema(
    tags=["reports"],
    summary="List report runs",
    examples=[page_of("A page of runs", RUN)],
)
class ReportRunListApi(ReportRunQueryset, ListAPIView):
    """Versions of your partnership's monthly reports, newest month first: the Assuring
    Transformation return (CSV) and the board pack (PDF). Each request makes a new version;
    `is_current=true` gives the one that counts for each month.

    Board members see only the board packs that are ready (`status` SUCCEEDED)."""

    allowed_roles = READERS
    serializer_class = ReportRunSerializer
    filterset_class = ReportRunFilter


@extend_schema(
    tags=["reports"],
    summary="Read one report run",
    examples=[one("A finished AT return", RUN), one("A run still queued", QUEUED_RUN)],
)
class ReportRunDetailApi(ReportRunQueryset, RetrieveAPIView):
    """One version of a report: poll it after a request until `status` is SUCCEEDED (then
    `download_url` is set) or FAILED (then `error` says why; request a new version once the
    cause is fixed). Board members can read the board packs they can list."""

    allowed_roles = READERS
    serializer_class = ReportRunSerializer
    lookup_url_kwarg = "run_id"


# --- request a run -------------------------------------------------------------------------

LOCATION_HEADER = OpenApiParameter(
    "Location",
    OpenApiTypes.URI,
    location=OpenApiParameter.HEADER,
    response=["202"],
    description="The run's own URL, to poll.",
)


@extend_schema_field(MONTH_SCHEMA)
class MonthInput(serializers.Field):
    """A month as YYYY-MM, given back as its first day."""

    default_error_messages = {"invalid": MONTH_ERROR}

    def to_internal_value(self, data: Any) -> date:
        month = month_from(data) if isinstance(data, str) and len(data) == 7 else None
        if month is None:
            self.fail("invalid")
        return month

    def to_representation(self, value: date) -> str:
        return f"{value:%Y-%m}"


@extend_schema(
    tags=["reports"],
    summary="Request a report run",
    responses={202: ReportRunSerializer},
    parameters=[LOCATION_HEADER],
    examples=[
        request("Last month's AT return", {"kind": "AT_RETURN", "month": "2026-10"}),
        one("The run, queued", QUEUED_RUN, "202"),
    ],
)
class ReportRunRequestApi(APIView):
    """Ask for a new version of a month that has ended (as the Reports page's form): the report
    is made in the background. The answer (202) is the run; poll `GET /api/v1/report-runs/{id}/`
    (also in the `Location` header) until its `status` is SUCCEEDED, then download it. A month
    that has not ended yet is refused (400, on `month`)."""

    allowed_roles = REQUESTERS

    class InputSerializer(serializers.Serializer):
        kind = serializers.ChoiceField(REQUESTABLE)
        month = MonthInput(help_text="The month to report, YYYY-MM; it must have ended.")
        partnership = serializers.CharField(
            required=False,
            max_length=20,
            help_text="Your token's partnership code; leave it out to use it.",
        )

        class Meta:
            ref_name = "ReportRunRequestInput"

    @extend_schema(request=InputSerializer)
    def post(self, request: Request) -> Response:
        given = self.InputSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        partnership = request.user.active_partnership  # type: ignore[union-attr]
        code = given.validated_data.get("partnership")
        if code is not None and code.strip().upper() != partnership.code.upper():
            raise exceptions.ValidationError(
                {
                    "partnership": [
                        f"Your token acts for partnership {partnership.code} only. Leave "
                        "partnership out, or use a token made in the other partnership."
                    ]
                }
            )
        run = request_run(
            partnership=partnership,
            kind=given.validated_data["kind"],
            month=given.validated_data["month"],
            by=request.user,  # type: ignore[arg-type]
            today=timezone.localdate(),
            queue=True,
        )
        run = report_runs_for(request.user).get(pk=run.pk)  # type: ignore[arg-type]
        detail = request.build_absolute_uri(
            reverse("api:report_run_detail", kwargs={"run_id": run.pk})
        )
        body = ReportRunSerializer(run, context={"request": request}).data
        return Response(body, status=status.HTTP_202_ACCEPTED, headers={"Location": detail})


# --- download ------------------------------------------------------------------------------


class NotReady(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "This report has no file yet."
    default_code = "not_ready"


NOT_READY = OpenApiResponse(
    ErrorSerializer,
    description="The run has no file: it is still QUEUED or RUNNING (poll the run), or it "
    "FAILED (see the run's `error`).",
    examples=[
        OpenApiExample(
            "not_ready",
            value={
                "status": 409,
                "code": "not_ready",
                "detail": "This report is RUNNING: it has no file yet. Poll "
                "GET /api/v1/report-runs/43/ until its status is SUCCEEDED.",
                "errors": {},
            },
            response_only=True,
            status_codes=["409"],
        )
    ],
)
CSV_EXAMPLE = OpenApiExample(
    "An AT return",
    value="spell_id,nhs_number,date_of_birth,gender,ethnicity,...\n55,9990000018,1996-04-12,1,A,...\n",
    response_only=True,
    status_codes=["200"],
    media_type="text/csv",
)
PDF_EXAMPLE = OpenApiExample(
    "A board pack",
    value="%PDF-1.7 ... (binary)",
    response_only=True,
    status_codes=["200"],
    media_type="application/pdf",
)


FILE = "The file: an AT return (text/csv) or a board pack (application/pdf)."
DISPOSITION_HEADER = OpenApiParameter(
    "Content-Disposition",
    OpenApiTypes.STR,
    location=OpenApiParameter.HEADER,
    response=["200"],
    description='attachment; filename="AT_BLMK_2026-10_v2.csv" (the run\'s `file_name`).',
)


@extend_schema(
    tags=["reports"],
    summary="Download a report run's file",
    parameters=[DISPOSITION_HEADER],
    responses={
        (200, "text/csv"): OpenApiResponse(OpenApiTypes.BINARY, FILE, examples=[CSV_EXAMPLE]),
        (200, "application/pdf"): OpenApiResponse(
            OpenApiTypes.BINARY, FILE, examples=[PDF_EXAMPLE]
        ),
        409: NOT_READY,
    },
)
class ReportRunDownloadApi(JsonErrors):
    """The run's file as an attachment under its own name (`Content-Disposition`): an AT
    return as `text/csv`, a board pack as `application/pdf`. Check it against the run's
    `checksum` (SHA-256). Every download is in the audit log, as on the Reports page.

    409 (`not_ready`) while the run is QUEUED or RUNNING, or when it FAILED. Board members see
    only board packs that are ready, so any other run is 404 to them."""

    allowed_roles = READERS

    def perform_content_negotiation(self, request: Request, force: bool = False) -> Any:
        # The file is not rendered by DRF, so `Accept: text/csv` must not be refused with 406;
        # errors are JSON whatever was asked for.
        return super().perform_content_negotiation(request, force=True)

    def get(self, request: Request, run_id: int) -> FileResponse:
        run = get_visible_or_404(report_runs_for(request.user), request.user, pk=run_id)  # type: ignore[arg-type]
        if run.status != RunStatus.SUCCEEDED or not run.file:
            raise NotReady(_not_ready(run))
        record_download(run=run, by=request.user)  # type: ignore[arg-type]
        return FileResponse(
            run.file.open("rb"),
            as_attachment=True,
            filename=file_name(run),
            content_type=media_type(run),
        )


def _not_ready(run: ReportRun) -> str:
    if run.status == RunStatus.FAILED:
        return (
            f"This report FAILED, so it has no file: {run.error} Request a new version once "
            "the cause is fixed."
        )
    return (
        f"This report is {run.status}: it has no file yet. Poll "
        f"GET /api/v1/report-runs/{run.pk}/ until its status is SUCCEEDED."
    )
