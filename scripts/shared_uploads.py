#!/usr/bin/env python3
"""Check that app servers share their uploads: sign in on the first server as a BCU lead, record
a progress update with an evidence file there, then download the file from every server. With
``MEDIA_ROOT`` on storage all servers share, each returns the same bytes; with a private
``MEDIA_ROOT`` the other servers answer "not found". Loopback only; it prints what it found.

    DATABASE_URL=postgres://… .venv/bin/python scripts/shared_uploads.py \\
        --servers http://127.0.0.1:8101,http://127.0.0.1:8102
"""

from __future__ import annotations

import argparse
import os
import secrets
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "preventplan.settings")

import django  # noqa: E402

django.setup()

from browser import Browser, PageError  # noqa: E402

from preventplan.accounts.models import User  # noqa: E402
from preventplan.lib.dates import today  # noqa: E402
from preventplan.organisations.models import Membership, Organisation, Role  # noqa: E402
from preventplan.plans.models import Action, Evidence  # noqa: E402


def multipart(
    fields: dict[str, str], name: str, filename: str, content: bytes
) -> tuple[bytes, str]:
    boundary = secrets.token_hex(16)
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
        for k, v in fields.items()
    ]
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
        f"Content-Type: text/plain\r\n\r\n".encode()
        + content
        + b"\r\n"
    )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--servers", required=True, help="comma-separated base URLs")
    parser.add_argument("--scale", default="national")
    args = parser.parse_args()
    servers = [s.rstrip("/") for s in args.servers.split(",")]
    if not all(s.startswith(("http://127.", "http://localhost")) for s in servers):
        sys.exit("Loopback addresses only.")
    day = today()
    action = (
        Action.objects.filter(
            plan__organisation__name__startswith=f"Synthetic {args.scale} BCU",
            plan__period_start__lte=day,
            plan__period_end__gte=day,
        )
        .exclude(decision="not-applicable")
        .select_related("plan__organisation")
        .order_by("pk")
        .first()
    )
    if action is None:
        sys.exit(f"No {args.scale} dataset: run generate_dataset --scale {args.scale} first.")
    bcu: Organisation = action.plan.organisation
    password = secrets.token_urlsafe(16)
    email = f"uploads.{bcu.pk}@loadtest.invalid"
    user = User.objects.filter(email=email).first() or User.objects.create_user(
        email, password, full_name=f"Uploads {bcu.pk}"
    )
    user.set_password(password)
    user.save(update_fields=["password"])
    if not Membership.objects.current().filter(user=user, organisation=bcu, role=Role.BCU_LEAD):
        Membership.objects.create(user=user, organisation=bcu, role=Role.BCU_LEAD)

    first, browser = servers[0], Browser()
    try:
        browser.sign_in(first, email, password)
        page = f"{first}/actions/{action.pk}/progress/new"
        token = browser.form_token(page)
    except PageError as error:
        sys.exit(str(error))
    content = f"Shared storage check {secrets.token_hex(8)}\n".encode()
    body, content_type = multipart(
        {
            "csrfmiddlewaretoken": token,
            "reported_on": f"{day:%d %m %Y}",
            "rag": "green",
            "narrative": "Shared storage check",
            "evidence_title": "Shared storage check",
        },
        "evidence_file",
        "check.txt",
        content,
    )
    status, _ = browser.request(page, body, content_type)
    evidence = Evidence.objects.filter(update__action=action).order_by("-pk").first()
    if status != 302 or evidence is None:
        sys.exit(f"Uploading on {first} failed (HTTP {status})")
    print(f"uploaded {len(content)} bytes on {first} (evidence {evidence.pk})")
    same = 0
    for base in servers:
        status, got = browser.request(f"{base}/evidence/{evidence.pk}")
        verdict = "same bytes" if status == 200 and got == content else f"HTTP {status}, differs"
        same += verdict == "same bytes"
        print(f"  downloaded from {base}: {verdict}")
    print(f"{same} of {len(servers)} servers returned the upload")


if __name__ == "__main__":
    main()
