from django.urls import path

from . import token_views, views

app_name = "accounts"
urlpatterns = [
    path("sign-in/", views.sign_in, name="login"),
    path("sign-in/security-code/", views.mfa_verify, name="mfa_verify"),
    path("sign-in/set-up-two-factor/", views.mfa_set_up, name="mfa_set_up"),
    path("sign-in/recovery-codes/", views.mfa_recovery_codes, name="mfa_recovery_codes"),
    path("sign-out/", views.sign_out, name="logout"),
    path("password-reset/", views.password_reset, name="password_reset"),
    path("password-reset/sent/", views.password_reset_done, name="password_reset_done"),
    path(
        "password-reset/<uidb64>/<token>/",
        views.password_reset_confirm,
        name="password_reset_confirm",
    ),
    path("password-reset/done/", views.password_reset_complete, name="password_reset_complete"),
    path("partnership/", views.switch_partnership, name="switch_partnership"),
    path("members/", views.member_list, name="member_list"),
    path("members/<int:user_id>/unlock/", views.member_unlock, name="member_unlock"),
    path(
        "members/<int:user_id>/reset-two-factor/",
        views.member_mfa_reset,
        name="member_mfa_reset",
    ),
    path("audit/", views.audit_log, name="audit_log"),
    path("audit/export.csv", views.audit_log_export, name="audit_log_export"),
    path("tokens/", token_views.api_tokens, name="api_tokens"),
    path("tokens/<uuid:token_id>/revoke/", token_views.api_token_revoke, name="api_token_revoke"),
    path("audit/export.xlsx", views.audit_log_export_xlsx, name="audit_log_export_xlsx"),
]
