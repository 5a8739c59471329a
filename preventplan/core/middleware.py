"""Cross-cutting request handling: session limits, no caching of private pages, no NUL characters.

Signing in is required everywhere by Django's ``LoginRequiredMiddleware``; the public views say
so with ``login_not_required`` where they are defined."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.translation import gettext as _


class NoStoreMiddleware:
    """Pages for signed-in users must not be kept by browsers or shared caches."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.user.is_authenticated and not request.path_info.startswith(settings.STATIC_URL):
            response["Cache-Control"] = "no-store"
        return response


SIGNED_IN_AT = "signed_in_at"
RENEWED_AT = "renewed_at"


def renew_session(request: HttpRequest, now: float, *, force: bool = False) -> None:
    """Renew the idle limit by saving the session, but only when it was last renewed more than
    ``SESSION_RENEW_SECONDS`` ago (or ``force``): reading pages does not write the session on
    every request. The idle limit is therefore kept to within that many seconds."""
    renewed = request.session.get(RENEWED_AT)
    if force or renewed is None or now - float(renewed) >= settings.SESSION_RENEW_SECONDS:
        request.session[RENEWED_AT] = now  # marks the session modified: saved with a new expiry


def idle_seconds_left(request: HttpRequest, now: float) -> int:
    """Seconds until the idle limit signs this person out, as the timeout warning counts them."""
    renewed = float(request.session.get(RENEWED_AT, now))
    return max(0, round(settings.SESSION_COOKIE_AGE - (now - renewed)))


class SessionLimitMiddleware:
    """Sign people out when the absolute session limit has passed, however active they are, and
    renew the idle limit (the session's age) as they use the service."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            from django.contrib import messages
            from django.contrib.auth import logout
            from django.utils import timezone

            started = request.session.get(SIGNED_IN_AT)
            now = timezone.now().timestamp()
            if started is None:
                request.session[SIGNED_IN_AT] = now
            elif now - float(started) > settings.SESSION_ABSOLUTE_HOURS * 3600:
                logout(request)
                messages.info(
                    request,
                    _(
                        "You have been signed out because you signed in more than %(hours)s hours "
                        "ago. Sign in again to carry on."
                    )
                    % {"hours": settings.SESSION_ABSOLUTE_HOURS},
                )
                return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
            renew_session(request, now)
        return self.get_response(request)


class NullByteMiddleware:
    """Refuse requests carrying NUL characters: no text field can hold one (PostgreSQL rejects
    them outright), so they can only be mistakes or attacks. Forms already refuse them field by
    field; this covers query strings and JSON bodies."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from django.http import HttpResponseBadRequest, JsonResponse

        bad = "\x00" in request.path or any(
            "\x00" in k or any("\x00" in v for v in request.GET.getlist(k)) for k in request.GET
        )
        if not bad and request.content_type == "application/json":
            bad = b"\\u0000" in request.body or b"\x00" in request.body
        if bad:
            if request.path_info.startswith("/api/"):
                return JsonResponse(
                    {"detail": "The request contains a NUL character, which is not allowed"},
                    status=400,
                )
            return HttpResponseBadRequest(
                _("The request contains a NUL character, which is not allowed.")
            )
        return self.get_response(request)


class RequestSizeMiddleware:
    """Refuse a request whose declared body is longer than ``UPLOAD_MAX_BYTES`` before any of it is
    read (status 413). It runs before the CSRF check and the views, which would read the body.
    A body without a Content-Length is read as empty by Django, so it cannot slip past."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length <= settings.UPLOAD_MAX_BYTES:
            return self.get_response(request)
        from django.http import JsonResponse
        from django.shortcuts import render

        mb = 1024 * 1024
        evidence = min(settings.EVIDENCE_MAX_BYTES, settings.UPLOAD_MAX_BYTES)
        workbook = min(settings.IMPORT_MAX_BYTES, settings.UPLOAD_MAX_BYTES)
        if request.path_info.startswith("/api/"):
            limit = settings.UPLOAD_MAX_BYTES // mb
            return JsonResponse(
                {"detail": f"The request must be smaller than {limit} MB"}, status=413
            )
        return render(
            request,
            "layouts/message.html",
            {
                "heading": _("The file is too big"),
                "body": (
                    _(
                        "Evidence files must be smaller than %(evidence)s MB and import workbooks "
                        "smaller than %(workbook)s MB. Go back and choose a smaller file."
                    )
                    % {"evidence": evidence // mb, "workbook": workbook // mb}
                ),
            },
            status=413,
        )


class PersonLanguageMiddleware:
    """A signed-in person sees the language they chose (``User.language``); until they choose,
    and before signing in, ``LocaleMiddleware``'s choice stands (the language cookie, then the
    browser's preference). The JSON API always answers in English (its messages are for
    programs and their logs)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info.startswith("/api/"):
            translation.activate(settings.LANGUAGE_CODE)
            request.LANGUAGE_CODE = settings.LANGUAGE_CODE
            return self.get_response(request)
        chosen = getattr(request.user, "language", "") if request.user.is_authenticated else ""
        if chosen and chosen != getattr(request, "LANGUAGE_CODE", None):
            translation.activate(chosen)
            request.LANGUAGE_CODE = translation.get_language()
        return self.get_response(request)
