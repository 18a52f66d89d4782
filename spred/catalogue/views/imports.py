"""The editors' import page, its example files, and a solution's publiccode.yml.

Thin like the other views: the form parses the upload, ``importing.runner`` does the work (through
the catalogue's services), and the page shows its report. Only editors import; a signed-in user
without the role gets 403 — the page is a tool, not an object whose existence could leak.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from spred.catalogue.forms.imports import CHECK, PUBLISH, ImportForm
from spred.catalogue.importing.examples import CONTENT_TYPES, example_file
from spred.catalogue.importing.format import (
    CASE_FIELDS,
    CONTACT_COLUMNS,
    DEMO_FIELDS,
    SOLUTION_FIELDS,
)
from spred.catalogue.importing.runner import CatalogueImportReport, ImportOptions, import_file
from spred.catalogue.policies import CataloguePolicy
from spred.catalogue.publiccode.writing import NotExportable, dump_publiccode, solution_publiccode
from spred.catalogue.selectors import entries as entry_selectors
from spred.core.importing.pages import (
    example_download,
    example_view,
    upload_limit,
    upload_limit_mb,
)
from spred.core.importing.problems import ImportFileError
from spred.core.pages import trail
from spred.core.policies import ActionNotAllowed

RESULT_KEY = "catalogue_import_result"

crumbs = trail((gettext_lazy("Katalog"), "catalogue:search"))


def _require_editor(request: HttpRequest) -> None:
    if not CataloguePolicy.can(request.user, "import"):
        raise PermissionDenied


def _format_help() -> dict[str, Any]:
    return {
        "case_fields": [f for f in CASE_FIELDS if f != "contact"],
        "solution_fields": list(SOLUTION_FIELDS),
        "contact_columns": list(CONTACT_COLUMNS),
        "demo_fields": list(DEMO_FIELDS),
    }


@login_required
@require_http_methods(["GET", "POST"])
def catalogue_import(request: HttpRequest) -> HttpResponse:
    _require_editor(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    report: CatalogueImportReport | None = None
    file_error = ""
    result = request.session.pop(RESULT_KEY, None) if request.method == "GET" else None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        mode = form.cleaned_data["mode"]
        options = ImportOptions(
            publish=mode == PUBLISH,
            dry_run=mode == CHECK,
            override_reason=form.cleaned_data["override_reason"].strip(),
        )
        try:
            report = import_file(
                acting_user=request.user,
                data=upload.read(),
                filename=upload.name or "",
                options=options,
                max_bytes=upload_limit(),
            )
        except ImportFileError as exc:
            file_error = exc.message
            form.add_error("file", exc.message)
        except ActionNotAllowed as exc:  # pragma: no cover - the page checked the role
            raise PermissionDenied(exc.message) from exc
        else:
            if report.written:
                # Post/redirect/get: reloading the page must not import the file a second time.
                request.session[RESULT_KEY] = {
                    "file": upload.name,
                    "entries": [asdict(e) for e in report.entries],
                    "published": report.published,
                }
                return redirect("catalogue:import")
    return render(
        request,
        "catalogue/import.html",
        {
            "form": form,
            "report": report,
            "file_error": file_error,
            "result": result,
            "max_mb": upload_limit_mb(),
            "breadcrumbs": crumbs((_("Importér"), None)),
            **_format_help(),
        },
    )


def _example(request: HttpRequest, kind: str) -> HttpResponse:
    _require_editor(request)
    return example_download(
        example_file(kind),
        content_type=CONTENT_TYPES[kind],
        filename=f"spred-katalog-eksempel.{kind}",
    )


import_example_json = example_view("json", _example)

import_example_csv = example_view("csv", _example)

import_example_xlsx = example_view("xlsx", _example)


@require_GET
def solution_publiccode_file(request: HttpRequest, slug: str) -> HttpResponse:
    """The solution as publiccode.yml, for whoever may see the solution. A solution without a
    licence cannot be described in the standard (it requires one): 404, like the link, which
    the solution page shows only when there is a licence."""
    solution = entry_selectors.solution_get(user=request.user, slug=slug)
    try:
        document = solution_publiccode(solution)
    except NotExportable as exc:
        raise Http404(exc.message) from exc
    response = HttpResponse(
        dump_publiccode(document), content_type="application/yaml; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{solution.slug}-publiccode.yml"'
    return response
