"""What the import pages share: the upload limit, its check, and the example-file downloads.

The catalogue's import page and the adoption import page take the same kinds of file within the
same limit and offer example files the same way; keeping that here means a change to the limit
or the downloads reaches both. The problem report they show is ``includes/import_problems.html``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

View = Callable[[HttpRequest], HttpResponse]


def upload_limit() -> int:
    """The largest file an import page takes, in bytes."""
    # The request as a whole is capped by RequestSizeLimitMiddleware; the file gets a little
    # less, so the form's own message is the one people see.
    return int(settings.SPRED_MAX_REQUEST_BYTES) - 64 * 1024


def upload_limit_mb() -> str:
    """The limit as the page states it: megabytes with a Danish decimal comma, e.g. "9,9"."""
    return f"{upload_limit() / (1024 * 1024):.1f}".replace(".", ",")


def check_upload(upload: Any) -> Any:
    """A form's ``clean_file``: the upload, unless it is larger than the pages take."""
    if upload.size > upload_limit():
        raise forms.ValidationError(
            _("Filen er for stor. Den største tilladte størrelse her er %(mb)s MB.")
            % {"mb": upload_limit_mb()}
        )
    return upload


def example_download(content: bytes, *, content_type: str, filename: str) -> HttpResponse:
    """An example file as a download named ``filename``."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def example_view(kind: str, example: Callable[[HttpRequest, str], HttpResponse]) -> View:
    """The signed-in GET view of one example file: ``example(request, kind)``, which checks
    who may have it and builds the download."""

    @login_required
    @require_GET
    def view(request: HttpRequest) -> HttpResponse:
        return example(request, kind)

    view.__name__ = view.__qualname__ = f"import_example_{kind}"
    return view
