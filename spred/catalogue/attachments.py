"""What a case attachment may be: a few document and image types, checked by name *and* content.

The extension says what the uploader claims; the first bytes (and for Office files the zip's
table of contents) say what the file is. Both must agree, so a renamed executable or a web page
saved as ``.pdf`` is refused before anything is stored. Files are served as downloads with
``nosniff``, never from MEDIA_URL, so even a text file cannot run as a page.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import PurePath
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

#: Without a setting, stay below the request-size guard (SPRED_MAX_REQUEST_BYTES, 5 MB), which
#: refuses larger uploads before the form can explain why.
DEFAULT_MAX_BYTES = 4 * 1024 * 1024
#: How many attachments one case may have.
MAX_PER_CASE = 20

# A zip's central directory is read, never its members extracted; these bound the reading.
_MAX_ZIP_ENTRIES = 20_000


@dataclass(frozen=True)
class FileKind:
    extension: str
    content_type: str
    label: str


KINDS: dict[str, FileKind] = {
    kind.extension: kind
    for kind in (
        FileKind("pdf", "application/pdf", "PDF"),
        FileKind(
            "docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "Word (DOCX)",
        ),
        FileKind(
            "xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "Excel (XLSX)",
        ),
        FileKind(
            "pptx",
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
            "PowerPoint (PPTX)",
        ),
        FileKind("png", "image/png", "PNG"),
        FileKind("jpg", "image/jpeg", "JPEG"),
        FileKind("jpeg", "image/jpeg", "JPEG"),
        FileKind("csv", "text/csv", "CSV"),
        FileKind("txt", "text/plain", "TXT"),
    )
}

#: The part every Office Open XML package of that kind has besides [Content_Types].xml.
_OOXML_MAIN_PART = {
    "docx": "word/document.xml",
    "xlsx": "xl/workbook.xml",
    "pptx": "ppt/presentation.xml",
}


def max_bytes() -> int:
    return int(getattr(settings, "SPRED_ATTACHMENT_MAX_BYTES", DEFAULT_MAX_BYTES))


def allowed_extensions_text() -> str:
    return "PDF, DOCX, XLSX, PPTX, PNG, JPEG, CSV, TXT"


def _megabytes(size: int) -> str:
    value = size / (1024 * 1024)
    return (
        f"{value:.0f}" if value >= 10 or value == int(value) else f"{value:.1f}".replace(".", ",")
    )


def extension_of(filename: str) -> str:
    return PurePath(filename or "").suffix.lower().lstrip(".")


def _is_pdf(head: bytes, file: IO[bytes]) -> bool:
    return head.startswith(b"%PDF-")


def _is_png(head: bytes, file: IO[bytes]) -> bool:
    return head.startswith(b"\x89PNG\r\n\x1a\n")


def _is_jpeg(head: bytes, file: IO[bytes]) -> bool:
    return head.startswith(b"\xff\xd8\xff")


def _ooxml_problem(file: IO[bytes], extension: str) -> str | None:
    """None when the file is an Office Open XML package of the right kind without macros."""
    file.seek(0)
    try:
        with zipfile.ZipFile(file) as archive:
            infos = archive.infolist()
            if len(infos) > _MAX_ZIP_ENTRIES:
                return _("Filen indeholder for mange dele til at være et almindeligt dokument.")
            names = {info.filename for info in infos}
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        return _("Filen er ikke et gyldigt Office-dokument.")
    if "[Content_Types].xml" not in names or _OOXML_MAIN_PART[extension] not in names:
        return _("Filen er ikke et gyldigt %(kind)s-dokument.") % {"kind": KINDS[extension].label}
    if any(name.lower().endswith("vbaproject.bin") for name in names):
        return _("Dokumenter med makroer kan ikke lægges på Spred. Gem det uden makroer.")
    return None


def _text_problem(file: IO[bytes]) -> str | None:
    """None for plain text: UTF-8 (or Windows-1252, which Excel's CSV export often is) without
    the control characters that only binary files have."""
    file.seek(0)
    data = file.read()
    if b"\x00" in data:
        return _("Filen er ikke en tekstfil.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            return _("Filen er ikke en tekstfil i UTF-8.")
    if any(ord(ch) < 32 and ch not in "\t\n\r\f" for ch in text):
        return _("Filen er ikke en tekstfil.")
    return None


def check_upload(uploaded: Any, filename: str | None = None) -> FileKind:
    """The file's kind, or a ValidationError on ``file`` saying in Danish what is wrong.

    ``uploaded`` is a Django ``File`` (an upload in a form, or a file opened by an importer)."""
    name = filename or getattr(uploaded, "name", "") or ""
    extension = extension_of(name)
    kind = KINDS.get(extension)
    if kind is None:
        raise ValidationError(
            {
                "file": _(
                    "Filtypen .%(extension)s kan ikke lægges på Spred. Tilladte typer: %(allowed)s."
                )
                % {"extension": extension or "?", "allowed": allowed_extensions_text()}
            },
            code="file_type",
        )
    size = int(getattr(uploaded, "size", 0) or 0)
    if size == 0:
        raise ValidationError({"file": _("Filen er tom.")}, code="empty")
    limit = max_bytes()
    if size > limit:
        raise ValidationError(
            {
                "file": _("Filen fylder %(size)s MB. Den må højst fylde %(limit)s MB.")
                % {"size": _megabytes(size), "limit": _megabytes(limit)}
            },
            code="too_large",
        )
    file: IO[bytes] = uploaded.file if hasattr(uploaded, "file") else uploaded
    file.seek(0)
    head = file.read(16)
    problem: str | None
    if extension in _OOXML_MAIN_PART:
        problem = None if head.startswith(b"PK\x03\x04") else "mismatch"
        if problem is None:
            problem = _ooxml_problem(file, extension)
    elif extension in {"csv", "txt"}:
        problem = _text_problem(file)
    else:
        looks_right = {"pdf": _is_pdf, "png": _is_png, "jpg": _is_jpeg, "jpeg": _is_jpeg}
        problem = None if looks_right[extension](head, file) else "mismatch"
    file.seek(0)
    if problem == "mismatch":
        problem = _(
            "Filens indhold passer ikke til endelsen .%(extension)s. Kontrollér, at det er "
            "den rigtige fil, og at den ikke er omdøbt."
        ) % {"extension": extension}
    if problem:
        raise ValidationError({"file": problem}, code="content")
    return kind
