"""Evidence files: an allow-list by extension *and* content, stored under generated names and
served only as attachments through an access check."""

from __future__ import annotations

import zipfile
from pathlib import PurePath

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

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
DESCRIPTION = "PDF, Word, Excel, PowerPoint, OpenDocument, CSV, text, PNG or JPEG"


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
            f"The file must be smaller than {settings.EVIDENCE_MAX_BYTES // (1024 * 1024)} MB"
        )
    if (upload.size or 0) == 0:
        raise forms.ValidationError("The selected file is empty")
    if ext not in ALLOWED:
        raise forms.ValidationError(f"The file must be a {DESCRIPTION} file")
    if not _looks_right(ext, upload):
        raise forms.ValidationError(
            f"The file’s contents are not a real {ext.lstrip('.').upper()} file"
        )
    return ALLOWED[ext]
