from django.urls import path

from preventplan.accounts import oidc, views

app_name = "accounts"
urlpatterns = [
    path("sign-in", views.SignInView.as_view(), name="sign-in"),
    path("sign-out", views.SignOutView.as_view(), name="sign-out"),
    path("password-reset", views.PasswordResetView.as_view(), name="password-reset"),
    path("password-reset/sent", views.PasswordResetSentView.as_view(), name="password-reset-sent"),
    path(
        "password-reset/<uidb64>/<token>",
        views.PasswordResetConfirmView.as_view(),
        name="password-reset-confirm",
    ),
    path("password-reset/done", views.PasswordResetDoneView.as_view(), name="password-reset-done"),
    path("account", views.account, name="account"),
    path("sign-in/code", views.two_factor_verify, name="two-factor-verify"),
    path("sign-in/sso", oidc.sign_in, name="sso"),
    path("sign-in/sso/callback", oidc.callback, name="sso-callback"),
    path("sign-in/confirm", views.reauthenticate, name="reauthenticate"),
    path("account/two-factor", views.two_factor_setup, name="two-factor-setup"),
    path("account/two-factor/remove", views.two_factor_remove, name="two-factor-remove"),
    path("account/two-factor/recovery-codes", views.recovery_codes, name="recovery-codes"),
    path("account/tokens/<id:pk>/revoke", views.token_revoke, name="token-revoke"),
]
