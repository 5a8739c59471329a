from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from preventplan.accounts import actions, throttle, two_factor
from preventplan.accounts.forms import (
    ApiTokenForm,
    NewPasswordForm,
    PasswordConfirmForm,
    ReauthenticateForm,
    ResetForm,
    SignInForm,
    TwoFactorCodeForm,
    TwoFactorSetupForm,
)
from preventplan.accounts.models import ApiToken
from preventplan.accounts.oidc import enabled
from preventplan.accounts.reauth import mark_authenticated
from preventplan.audit.log import client_ip, record
from preventplan.audit.models import AuditAction
from preventplan.lib.http import AuthedRequest


@method_decorator(login_not_required, name="dispatch")
class SignInView(auth_views.LoginView):
    template_name = "accounts/sign_in.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {
            **super().get_context_data(**kwargs),
            "sso_enabled": enabled(),
            "sso_provider": settings.OIDC_PROVIDER_NAME,
        }


class SignOutView(auth_views.LogoutView):
    pass


@method_decorator(login_not_required, name="dispatch")
class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    form_class = ResetForm
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password-reset-sent")


@method_decorator(login_not_required, name="dispatch")
class PasswordResetSentView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_sent.html"


@method_decorator(login_not_required, name="dispatch")
class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    form_class = NewPasswordForm
    success_url = reverse_lazy("accounts:password-reset-done")


@method_decorator(login_not_required, name="dispatch")
class PasswordResetDoneView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_done.html"


def get_token_for_user(user: Any, pk: int) -> ApiToken:
    """Only a token's owner may see or revoke it; anyone else gets 404."""
    token = ApiToken.objects.filter(pk=pk, user=user).first()
    if token is None:
        raise Http404
    return token


@require_http_methods(["GET", "POST"])
def account(request: AuthedRequest) -> HttpResponse:
    form = ApiTokenForm(request.POST or None)
    new_key = None
    if request.method == "POST" and form.is_valid():
        __, new_key = actions.create_api_token(request.user, form.cleaned_data["name"], request)
        form = ApiTokenForm()

    tokens = ApiToken.objects.filter(user=request.user)
    return render(
        request,
        "accounts/account.html",
        {
            "form": form,
            "tokens": tokens,
            "new_key": new_key,
            "device": two_factor.device_for(request.user),
            "recovery_left": request.user.recovery_codes.filter(used_at__isnull=True).count(),
            "two_factor_required": two_factor.is_required(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
def token_revoke(request: AuthedRequest, pk: int) -> HttpResponse:
    token = get_token_for_user(request.user, pk)
    if not token.is_active:
        messages.info(
            request, _("The token “%(name)s” was already revoked.") % {"name": token.name}
        )
        return redirect("accounts:account")
    if request.method == "POST":
        actions.revoke_api_token(request.user, token, request)
        messages.success(
            request,
            _("The token “%(name)s” has been revoked. It no longer works.") % {"name": token.name},
        )
        return redirect("accounts:account")
    return render(
        request,
        "layouts/confirm.html",
        {
            "heading": _("Revoke the token “%(name)s”?") % {"name": token.name},
            "warning": _(
                "Anything that uses this token will stop working at once. This cannot be undone."
            ),
            "button": _("Revoke token"),
            "cancel_url": reverse("accounts:account"),
        },
    )


# -- two-factor sign-in ---------------------------------------------------------------------------
def _safe_next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("core:home")


@require_http_methods(["GET", "POST"])
def two_factor_verify(request: AuthedRequest) -> HttpResponse:
    if two_factor.device_for(request.user) is None:
        return redirect("core:home")
    form = TwoFactorCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = request.user
        attempt = throttle.claim(user.email, client_ip(request))
        if attempt is None:
            logout(request)
            messages.error(
                request,
                _("There have been too many attempts to sign in. Wait 15 minutes and try again."),
            )
            return redirect("accounts:sign-in")
        code = form.cleaned_data["code"]
        if two_factor.verify_device_code(user, code) or two_factor.use_recovery_code(user, code):
            attempt.succeeded()
            two_factor.mark_verified(request)
            request.session.cycle_key()
            record(user, AuditAction.SIGN_IN, "user.two-factor-passed", request=request)
            return redirect(_safe_next(request))
        record(user, AuditAction.SIGN_IN_FAILED, "user.two-factor-failed", request=request)
        form.add_error(
            "code",
            _(
                "The code is not right, or has already been used. Enter the current code from your app"
            ),
        )
    return render(
        request, "accounts/two_factor_verify.html", {"form": form, "next": _safe_next(request)}
    )


@require_http_methods(["GET", "POST"])
def two_factor_setup(request: AuthedRequest) -> HttpResponse:
    if two_factor.device_for(request.user) is not None and not request.session.get(
        two_factor.SESSION_KEY
    ):
        return redirect("accounts:two-factor-verify")
    secret = request.session.get("pending_totp_secret") or two_factor.new_secret()
    request.session["pending_totp_secret"] = secret
    form = TwoFactorSetupForm(request.POST or None, user=request.user, secret=secret)
    if request.method == "POST" and form.is_valid():
        codes = two_factor.enrol(request.user, secret)
        del request.session["pending_totp_secret"]
        two_factor.mark_verified(request)
        record(
            request.user,
            AuditAction.ALTER,
            "user.two-factor-enrolled",
            request.user,
            request=request,
        )
        return render(request, "accounts/recovery_codes.html", {"codes": codes})
    uri = two_factor.provisioning_uri(request.user, secret)
    return render(
        request,
        "accounts/two_factor_setup.html",
        {
            "form": form,
            "qr": two_factor.qr_svg_data_uri(uri),
            "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
            "required": two_factor.is_required(request.user),
            "replacing": two_factor.device_for(request.user) is not None,
        },
    )


@require_http_methods(["GET", "POST"])
def two_factor_remove(request: AuthedRequest) -> HttpResponse:
    if two_factor.is_required(request.user):
        raise PermissionDenied
    form = PasswordConfirmForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        two_factor.remove(request.user)
        record(
            request.user,
            AuditAction.ALTER,
            "user.two-factor-removed",
            request.user,
            request=request,
        )
        messages.success(request, _("Two-factor sign-in has been turned off."))
        return redirect("accounts:account")
    return render(
        request,
        "layouts/form_page.html",
        {
            "heading": _("Turn off two-factor sign-in"),
            "body": _(
                "Signing in will need only your password. This makes your account easier to misuse."
            ),
            "form": form,
            "button": _("Turn off two-factor sign-in"),
            "warning_button": True,
            "cancel_url": reverse("accounts:account"),
        },
    )


@require_http_methods(["GET", "POST"])
def recovery_codes(request: AuthedRequest) -> HttpResponse:
    if two_factor.device_for(request.user) is None:
        return redirect("accounts:two-factor-setup")
    form = PasswordConfirmForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        codes = two_factor.new_recovery_codes(request.user)
        record(
            request.user,
            AuditAction.ALTER,
            "user.recovery-codes-renewed",
            request.user,
            request=request,
        )
        return render(request, "accounts/recovery_codes.html", {"codes": codes})
    return render(
        request,
        "layouts/form_page.html",
        {
            "heading": _("Get new recovery codes"),
            "body": _("Your old recovery codes will stop working."),
            "form": form,
            "button": _("Get new codes"),
            "cancel_url": reverse("accounts:account"),
        },
    )


@require_http_methods(["GET", "POST"])
def reauthenticate(request: AuthedRequest) -> HttpResponse:
    """Confirm the password (and the second factor, for people who have one) before a sensitive change."""
    has_device = two_factor.device_for(request.user) is not None
    form = ReauthenticateForm(request.POST or None, user=request.user, needs_code=has_device)
    if request.method == "POST" and form.is_valid():
        mark_authenticated(request)
        record(request.user, AuditAction.SIGN_IN, "user.reauthenticated", request=request)
        return redirect(_safe_next(request))
    return render(
        request,
        "layouts/form_page.html",
        {
            "heading": _("Confirm it is you"),
            "body": _(
                "You are about to change who can see and do what. Confirm your password first."
            ),
            "form": form,
            "button": _("Continue"),
            "cancel_url": reverse("core:home"),
            "next": _safe_next(request),
        },
    )
