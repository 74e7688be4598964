from django.urls import path

from . import views

app_name = "reviews"
urlpatterns = [
    path("", views.worklist, name="worklist"),
    path("export.csv", views.worklist_export, name="worklist_export"),
    path("export.xlsx", views.worklist_export_xlsx, name="worklist_export_xlsx"),
    path("calendar/", views.calendar, name="calendar"),
    path("actions/mine/", views.my_actions_list, name="my_actions"),
    path("actions/<int:action_id>/status/", views.action_status, name="action_status"),
    path("people/<int:person_id>/", views.person_reviews, name="person_reviews"),
    path("people/<int:person_id>/plan/", views.review_plan, name="review_plan"),
    path("people/<int:person_id>/record/", views.review_record, name="review_record"),
    path("spells/<int:spell_id>/visits/new/", views.visit_record, name="visit_record"),
    path("<int:review_id>/", views.review_detail, name="review_detail"),
    path("<int:review_id>/held/", views.review_held, name="review_held"),
    path("<int:review_id>/close/", views.review_close, name="review_close"),
    path("<int:review_id>/correct/", views.review_correct, name="review_correct"),
    path("<int:review_id>/edit/", views.review_edit, name="review_edit"),
    path("<int:review_id>/actions/new/", views.action_add, name="action_add"),
]
