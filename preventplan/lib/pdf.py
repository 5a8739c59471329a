"""PDF files from HTML (WeasyPrint), and what to show when this server cannot make them."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def html_to_pdf(html: str) -> bytes:
    """Raises OSError where WeasyPrint lacks the Pango library (see :func:`unavailable`)."""
    # Imported here: without Pango the import itself fails, and it takes a second or more; every
    # other page must work (and start quickly) on a server that cannot make PDFs.
    from weasyprint import HTML

    pdf: bytes = HTML(string=html).write_pdf()
    return pdf


def unavailable(request: HttpRequest, instead: str) -> HttpResponse:
    """The page for a PDF this server cannot make at the moment; ``instead`` says what to use."""
    return render(
        request,
        "layouts/message.html",
        {
            "heading": "PDF export is not available",
            "body": f"This server cannot make PDF files at the moment. {instead} and tell the "
            "service owner.",
        },
        status=503,
    )
