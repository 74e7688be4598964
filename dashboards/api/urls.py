"""Metrics and report-run endpoints, under /api/v1/ in the `api` namespace (tcp/api_urls.py)."""

from django.urls import path

from . import reports, views

urlpatterns = [
    path("metrics/", views.MetricListApi.as_view(), name="metric_list"),
    path("metrics/figures/", views.FiguresApi.as_view(), name="metric_figures"),
    path("report-runs/", reports.ReportRunListApi.as_view(), name="report_run_list"),
    path("report-runs/request/", reports.ReportRunRequestApi.as_view(), name="report_run_request"),
    path(
        "report-runs/<int:run_id>/", reports.ReportRunDetailApi.as_view(), name="report_run_detail"
    ),
    path(
        "report-runs/<int:run_id>/download/",
        reports.ReportRunDownloadApi.as_view(),
        name="report_run_download",
    ),
]
