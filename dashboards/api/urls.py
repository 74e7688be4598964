"""Metrics endpoints, included under /api/v1/ in the `api` namespace (tcp/api_urls.py)."""

from django.urls import path

from . import views

urlpatterns = [
    path("metrics/", views.MetricListApi.as_view(), name="metric_list"),
    path("metrics/figures/", views.FiguresApi.as_view(), name="metric_figures"),
]
