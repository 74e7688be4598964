from django.urls import path

from . import views

app_name = "dashboards"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("drill/<str:metric_id>/", views.drill_down, name="drill_down"),
    path("figures/", views.external_figures, name="external_figures"),
    path("plans/", views.plans, name="plans"),
    path("plans/population/", views.population, name="population"),
    path("risks/", views.risk_list, name="risk_list"),
    path("risks/export.csv", views.risk_export, name="risk_export"),
    path("risks/export.xlsx", views.risk_export_xlsx, name="risk_export_xlsx"),
    path("risks/new/", views.risk_create, name="risk_create"),
    path("risks/<int:risk_id>/", views.risk_detail, name="risk_detail"),
    path("risks/<int:risk_id>/edit/", views.risk_edit, name="risk_edit"),
    path("milestones/", views.milestone_list, name="milestone_list"),
    path("milestones/new/", views.milestone_create, name="milestone_create"),
    path("milestones/<int:milestone_id>/", views.milestone_detail, name="milestone_detail"),
    path("milestones/<int:milestone_id>/edit/", views.milestone_edit, name="milestone_edit"),
]
