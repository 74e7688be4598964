from django.urls import path

from . import report_views as views

app_name = "reports"
urlpatterns = [
    path("", views.run_list, name="run_list"),
    path("new/", views.run_request, name="run_request"),
    path("<int:run_id>/", views.run_detail, name="run_detail"),
    path("<int:run_id>/submit/", views.run_submit, name="run_submit"),
    path("<int:run_id>/download/", views.run_download, name="run_download"),
]
