"""Just enough of a browser for the scripts that drive running app servers over HTTP (the load
test and the shared uploads check): cookies, the CSRF token, signing in. No dependencies."""

from __future__ import annotations

import re
import urllib.error
import urllib.parse
import urllib.request


class PageError(Exception):
    """A page the script needs did not open."""


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


class Browser:
    """Keeps cookies itself (they are marked Secure, and the servers are reached over plain HTTP
    on the loopback with X-Forwarded-Proto set, as behind a load balancer), sends the CSRF token
    back and does not follow redirects."""

    def __init__(self) -> None:
        self.cookies: dict[str, str] = {}
        self.opener = urllib.request.build_opener(NoRedirect)

    def request(
        self, url: str, data: bytes | None = None, content_type: str = ""
    ) -> tuple[int, bytes]:
        """(status, body); status 0 when the server could not be reached."""
        headers = {"X-Forwarded-Proto": "https", "Referer": url.replace("http://", "https://")}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if content_type:
            headers["Content-Type"] = content_type
        request = urllib.request.Request(url, data=data, headers=headers)
        try:
            response = self.opener.open(request, timeout=30)
        except urllib.error.HTTPError as error:
            response = error
        except OSError:
            return 0, b""
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status, response.read()

    def form_token(self, url: str) -> str:
        status, body = self.request(url)
        match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body)
        if status != 200 or not match:
            raise PageError(f"Could not open {url} (HTTP {status})")
        return match.group(1).decode()

    def sign_in(self, base: str, email: str, password: str) -> None:
        token = self.form_token(f"{base}/sign-in")
        form = {"csrfmiddlewaretoken": token, "username": email, "password": password}
        status, _ = self.request(
            f"{base}/sign-in",
            urllib.parse.urlencode(form).encode(),
            "application/x-www-form-urlencoded",
        )
        if status != 302:
            raise PageError(f"Signing in on {base} failed (HTTP {status})")
