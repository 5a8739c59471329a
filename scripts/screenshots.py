#!/usr/bin/env python3
"""Maintainer helper: sign in to a running server and save screenshots of the main pages.

    python scripts/screenshots.py [BASE_URL] [EMAIL]   # writes screenshots/*.png

Uses Debian's Chromium (apt-get install chromium).
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000"
EMAIL = sys.argv[2] if len(sys.argv) > 2 else "force.lead@demo.example"
PAGES = (
    sys.argv[3].split(",")
    if len(sys.argv) > 3
    else [
        "/",
        "/template/",
        "/template/?q=schools&level=BCU",
        "/template/activities/1/",
        "/template/objectives/",
        "/template/objectives/3/",
        "/organisations/",
        "/partnerships/",
        "/account",
    ]
)
OUT = Path("screenshots")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

OUT.mkdir(exist_ok=True)
with sync_playwright() as p:
    browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(BASE + "/sign-in")
    page.screenshot(path=OUT / "sign-in.png", full_page=True)
    page.fill("#id_username", EMAIL)
    page.fill("#id_password", "prevent-demo-2026")
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    if "/sign-in/code" in page.url:
        import pyotp

        page.fill("#id_code", pyotp.TOTP("DEMOPREVENTDEMOPREVENTDEMOPREVNT").now())
        page.click("main button[type=submit]")
        page.wait_for_load_state()
    for path in PAGES:
        page.goto(BASE + path)
        name = (
            path.strip("/").replace("/", "_").replace("?", "_").replace("&", "_").replace("=", "-")
            or "home"
        )
        page.screenshot(path=OUT / f"{name}.png", full_page=True)
        print(f"{path} -> {OUT / name}.png")
    browser.close()
