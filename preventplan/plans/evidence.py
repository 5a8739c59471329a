"""Evidence files: an allow-list by extension *and* content, stored under generated names and
served only as attachments through an access check."""

from __future__ import annotations

import zipfile
from pathlib import PurePath

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

ZIP = b"PK\x03\x04"
# extension: (content type, check on the first bytes or the zip members)
ALLOWED = {
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ".odt": "application/vnd.oasis.opendocument.text",
    ".ods": "application/vnd.oasis.opendocument.spreadsheet",
    ".csv": "text/csv",
    ".txt": "text/plain",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
}
DESCRIPTION = gettext_lazy("PDF, Word, Excel, PowerPoint, OpenDocument, CSV, text, PNG or JPEG")


def _looks_right(ext: str, upload: UploadedFile) -> bool:
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    if ext == ".pdf":
        return head.startswith(b"%PDF-")
    if ext == ".png":
        return head.startswith(b"\x89PNG\r\n\x1a\n")
    if ext in {".jpg", ".jpeg"}:
        return head.startswith(b"\xff\xd8\xff")
    if ext in {".txt", ".csv"}:
        try:
            text = head.decode("utf-8")
        except UnicodeDecodeError:
            return False
        lowered = text.lower()
        return "\x00" not in text and "<script" not in lowered and "<html" not in lowered
    if not head.startswith(ZIP):
        return False
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
    except zipfile.BadZipFile:
        return False
    finally:
        upload.seek(0)
    if ext in {".odt", ".ods"}:
        return "mimetype" in names
    return "[Content_Types].xml" in names


def check_upload(upload: UploadedFile) -> str:
    """The content type to store for an acceptable upload; ValidationError otherwise."""
    name = PurePath(upload.name or "").name
    ext = PurePath(name).suffix.lower()
    if (upload.size or 0) > settings.EVIDENCE_MAX_BYTES:
        raise forms.ValidationError(
            _("The file must be smaller than %(size)s MB")
            % {"size": settings.EVIDENCE_MAX_BYTES // (1024 * 1024)}
        )
    if (upload.size or 0) == 0:
        raise forms.ValidationError(_("The selected file is empty"))
    if ext not in ALLOWED:
        raise forms.ValidationError(_("The file must be a %(types)s file") % {"types": DESCRIPTION})
    if not _looks_right(ext, upload):
        raise forms.ValidationError(
            _("The file’s contents are not a real %(type)s file")
            % {"type": ext.lstrip(".").upper()}
        )
    return ALLOWED[ext]
