from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("sign-in/", views.sign_in, name="login"),
    path("sign-out/", views.sign_out, name="logout"),
    path("partnership/", views.switch_partnership, name="switch_partnership"),
    path("audit/", views.audit_log, name="audit_log"),
]
