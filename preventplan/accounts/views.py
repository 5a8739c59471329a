from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.views.decorators.http import require_http_methods

from preventplan.accounts import actions
from preventplan.accounts.forms import ApiTokenForm, NewPasswordForm, ResetForm, SignInForm
from preventplan.accounts.models import ApiToken
from preventplan.lib.http import AuthedRequest


class SignInView(auth_views.LoginView):
    template_name = "accounts/sign_in.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True


class SignOutView(auth_views.LogoutView):
    pass


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    form_class = ResetForm
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password-reset-sent")


class PasswordResetSentView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_sent.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    form_class = NewPasswordForm
    success_url = reverse_lazy("accounts:password-reset-done")


class PasswordResetDoneView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_done.html"


def get_token_for_user(request: AuthedRequest, pk: int) -> ApiToken:
    """Only a token's owner may see or revoke it; anyone else gets 404."""
    token = ApiToken.objects.filter(pk=pk, user=request.user).first()
    if token is None:
        raise Http404
    return token


@require_http_methods(["GET", "POST"])
def account(request: AuthedRequest) -> HttpResponse:
    form = ApiTokenForm(request.POST or None)
    new_key = None
    if request.method == "POST" and form.is_valid():
        _, new_key = actions.create_api_token(request.user, form.cleaned_data["name"], request)
        form = ApiTokenForm()
    tokens = ApiToken.objects.filter(user=request.user)
    return render(
        request, "accounts/account.html", {"form": form, "tokens": tokens, "new_key": new_key}
    )


@require_http_methods(["GET", "POST"])
def token_revoke(request: AuthedRequest, pk: int) -> HttpResponse:
    token = get_token_for_user(request, pk)
    if not token.is_active:
        messages.info(request, f"The token “{token.name}” was already revoked.")
        return redirect("accounts:account")
    if request.method == "POST":
        actions.revoke_api_token(request.user, token, request)
        messages.success(request, f"The token “{token.name}” has been revoked. It no longer works.")
        return redirect("accounts:account")
    return render(
        request,
        "layouts/confirm.html",
        {
            "heading": f"Revoke the token “{token.name}”?",
            "warning": "Anything that uses this token will stop working at once. This cannot be undone.",
            "button": "Revoke token",
            "cancel_url": reverse("accounts:account"),
        },
    )
