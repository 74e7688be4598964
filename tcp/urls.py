from django.contrib import admin
from django.urls import include, path

from . import views

handler403 = "tcp.views.permission_denied"
handler404 = "tcp.views.page_not_found"
handler500 = "tcp.views.server_error"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("accounts/", include("accounts.urls")),
    path("register/", include("register.urls")),
    path("reviews/", include("reviews.urls")),
    path("dashboard/", include("dashboards.urls")),
    path("api/", include("tcp.api_urls")),
    path("reports/", include("dashboards.report_urls")),
    path("django-admin/", admin.site.urls),
]
