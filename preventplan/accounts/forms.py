from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, SetPasswordForm
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from preventplan.accounts import throttle
from preventplan.accounts.two_factor import check_code, use_recovery_code, verify_device_code
from preventplan.audit.log import client_ip
from preventplan.lib.forms import GovukForm, GovukFormMixin

TOO_MANY_ATTEMPTS = _("There have been too many attempts. Wait 15 minutes and try again")


class SignInForm(GovukFormMixin, AuthenticationForm):
    personal_data_allowed = {"username"}  # the e-mail address you sign in with
    error_messages = {
        "invalid_login": _("Enter a correct email address and password"),
        "inactive": _("This account has been deactivated"),
        "throttled": _(
            "There have been too many attempts to sign in. Wait 15 minutes and try again, or reset your password"
        ),
    }

    def clean(self) -> dict[str, Any]:
        """Count the attempt before the password is checked (accounts/throttle.py); a correct
        password gives it back."""
        email = self.cleaned_data.get("username") or ""
        if not email or not self.cleaned_data.get("password"):
            return super().clean()
        attempt = throttle.claim(email, client_ip(self.request))
        if attempt is None:
            raise forms.ValidationError(self.error_messages["throttled"], code="throttled")
        cleaned = super().clean()
        attempt.succeeded()
        return cleaned

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Email address")
        # No autofocus: it skips the heading and skip link for screen-reader users.
        self.fields["username"].widget.attrs.pop("autofocus", None)
        self.fields["username"].widget.attrs.update(
            {"autocomplete": "email", "spellcheck": "false"}
        )
        self.fields["username"].error_messages["required"] = _("Enter your email address")
        self.fields["password"].error_messages["required"] = _("Enter your password")


class ResetForm(GovukFormMixin, PasswordResetForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email"].error_messages["required"] = _("Enter your email address")
        self.fields["email"].error_messages["invalid"] = _(
            "Enter an email address in the correct format, like name@example.org"
        )

    def send_mail(self, *args: Any, **kwargs: Any) -> None:
        """The e-mail in the language of the account it is for, not of the page that asked."""
        context = args[2] if len(args) > 2 else kwargs["context"]
        language = getattr(context.get("user"), "language", "") or settings.LANGUAGE_CODE
        with translation.override(language):
            super().send_mail(*args, **kwargs)


class NewPasswordForm(GovukFormMixin, SetPasswordForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].help_text = _(
            "At least 12 characters. A long phrase is easier to remember than a complex word."
        )
        self.fields["new_password1"].error_messages["required"] = _("Enter a new password")
        self.fields["new_password2"].error_messages["required"] = _("Confirm the new password")


class ApiTokenForm(GovukForm):
    name = forms.CharField(
        label=_("Token name"),
        max_length=100,
        help_text=_("What the token is for, for example “Force performance spreadsheet”."),
        error_messages={"required": _("Enter a name for the token")},
    )


class TwoFactorCodeForm(GovukForm):
    personal_data_allowed = {"code"}  # a one-time code, checked and never kept
    code = forms.CharField(
        label=_("Code"),
        max_length=20,
        help_text=_("The 6-digit code from your authenticator app, or one of your recovery codes."),
        error_messages={"required": _("Enter the code from your authenticator app")},
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "spellcheck": "false",
                "class": "govuk-input--width-10",
            }
        ),
    )


class PasswordCheckMixin(forms.Form):
    """Asks for the current password again before a security change."""

    password = forms.CharField(
        label=_("Your password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("We ask again before changing how you sign in."),
        error_messages={"required": _("Enter your password")},
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        """Throttled like signing in (per account), so a session left open cannot be used to
        guess the password behind it."""
        password: str = self.cleaned_data["password"]
        attempt = throttle.claim(self.user.email, None)
        if attempt is None:
            raise forms.ValidationError(TOO_MANY_ATTEMPTS)
        if not self.user.check_password(password):
            raise forms.ValidationError(_("The password is not right"))
        attempt.succeeded()
        return password


class TwoFactorSetupForm(GovukFormMixin, PasswordCheckMixin):
    personal_data_allowed = {"code"}  # a one-time code, checked and never kept
    code = forms.CharField(
        label=_("Code from the app"),
        max_length=10,
        error_messages={"required": _("Enter the 6-digit code shown in the app")},
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "class": "govuk-input--width-10",
            }
        ),
    )

    def __init__(self, *args: Any, secret: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.secret = secret

    def clean_code(self) -> str:
        code: str = self.cleaned_data["code"]
        if check_code(self.secret, code, 0) is None:
            raise forms.ValidationError(
                _(
                    "The code is not right. Check the app shows “Prevent Delivery Planner” and enter the current code"
                )
            )
        return code


class PasswordConfirmForm(GovukFormMixin, PasswordCheckMixin):
    pass


class ReauthenticateForm(GovukFormMixin, PasswordCheckMixin):
    personal_data_allowed = {"code"}  # a one-time code, checked and never kept
    code = forms.CharField(
        label=_("Code from your authenticator app"),
        max_length=20,
        required=False,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "class": "govuk-input--width-10",
            }
        ),
    )
    next = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, needs_code: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.needs_code = needs_code
        if not needs_code:
            del self.fields["code"]

    def clean_code(self) -> str:
        code: str = self.cleaned_data.get("code", "")
        if not code:
            raise forms.ValidationError(_("Enter the code from your authenticator app"))
        attempt = throttle.claim(self.user.email, None)
        if attempt is None:
            raise forms.ValidationError(TOO_MANY_ATTEMPTS)
        if not (verify_device_code(self.user, code) or use_recovery_code(self.user, code)):
            raise forms.ValidationError(_("The code is not right, or has already been used"))
        attempt.succeeded()
        return code
