"""Reviews endpoints, included under /api/v1/ in the `api` namespace (tcp/api_urls.py)."""

from django.urls import path

from . import views

urlpatterns = [
    path("reviews/", views.CareReviewListApi.as_view(), name="review_list"),
    path("reviews/<int:review_id>/", views.CareReviewDetailApi.as_view(), name="review_detail"),
    path(
        "people/<int:person_id>/reviews/record/",
        views.ReviewRecordApi.as_view(),
        name="review_record",
    ),
    path("actions/", views.ActionListApi.as_view(), name="action_list"),
    path("actions/<int:action_id>/status/", views.ActionStatusApi.as_view(), name="action_status"),
    path("scheduled-items/", views.ScheduledItemListApi.as_view(), name="scheduled_item_list"),
]
