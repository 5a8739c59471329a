from django.urls import path

from preventplan.accounts import views

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
    path("account/tokens/<int:pk>/revoke", views.token_revoke, name="token-revoke"),
]
