"""The adoption import page and its example files.

Two steps: an upload is always checked first (a dry run through the very same writes), and the
page shows every problem by row and column, or what would be stored. Only then can the person
store it, without uploading again: the checked rows wait in the session until they are stored
or replaced. Members of an organisation and editors import; anyone else signed in gets 403 —
the page is a tool, not an object whose existence could leak.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from spred.catalogue import selectors as catalogue_selectors
from spred.core.importing.pages import (
    example_download,
    example_view,
    upload_limit,
    upload_limit_mb,
)
from spred.core.importing.problems import ImportFileError
from spred.core.pages import trail
from spred.core.policies import ActionNotAllowed
from spred.diffusion.choices import AdoptionStatus, ScopeUnit
from spred.diffusion.forms.imports import ImportForm
from spred.diffusion.importing.examples import CONTENT_TYPES, EXAMPLE_SOLUTION, example_file
from spred.diffusion.importing.format import COLUMNS, DEMO_COLUMNS, REQUIRED_COLUMNS
from spred.diffusion.importing.reading import RawRow, read_adoption_file
from spred.diffusion.importing.results import AdoptionImportReport
from spred.diffusion.policies import can_record_somewhere
from spred.diffusion.services.imports import adoptions_import

CHECKED_KEY = "diffusion_import_checked"
RESULT_KEY = "diffusion_import_result"
CHECK, COMMIT, DISCARD = "kontroller", "gem", "fortryd"

_crumbs = trail((gettext_lazy("Spredning"), "diffusion:index"))


def _require_importer(request: HttpRequest) -> None:
    if not can_record_somewhere(request.user):
        raise PermissionDenied


def _column_help() -> list[dict[str, Any]]:
    described = {
        "organisation": _(
            "Organisationen, der har taget løsningen i brug: kortnavn på Spred, CVR-nummer, "
            "kommunekode (fx 751), regionskode (1081–1085) eller det præcise navn."
        ),
        "solution": _("Løsningens kortnavn i kataloget (den sidste del af løsningens adresse)."),
        "status": _("Status fra denne dato. Tilladte værdier: %(values)s.")
        % {"values": ", ".join(AdoptionStatus.values)},
        "date": _("Datoen for statusskiftet som ÅÅÅÅ-MM-DD, fx 2023-09-01. Ikke i fremtiden."),
        "reason": _("Begrundelse. Skal udfyldes, når status er stoppet: hvad lærte I?"),
        "scope_value": _("Omfang som et helt tal, fx 1200."),
        "scope_unit": _("Hvad omfanget tæller. Tilladte værdier: %(values)s.")
        % {"values": ", ".join(ScopeUnit.values)},
        "source_case": _("Kortnavn på en offentliggjort case, der beskriver ibrugtagningen."),
        "learned_from": _(
            "Organisationer, I lærte af, adskilt af semikolon (samme slags angivelse som "
            "organisation)."
        ),
        "adapted": _("Hvad I tilpassede i forhold til dem, I lærte af."),
        "note": _("Bemærkning til ibrugtagningen."),
    }
    return [
        {"name": name, "text": described[name], "required": name in REQUIRED_COLUMNS}
        for name in COLUMNS
    ]


def _page(request: HttpRequest, context: dict[str, Any]) -> HttpResponse:
    return render(
        request,
        "diffusion/import.html",
        {
            "max_mb": upload_limit_mb(),
            "columns": _column_help(),
            "demo_columns": list(DEMO_COLUMNS),
            "breadcrumbs": _crumbs((_("Importér ibrugtagninger"), None)),
            **context,
        },
    )


def _remember(
    request: HttpRequest, name: str, report: AdoptionImportReport, rows: list[RawRow]
) -> None:
    request.session[CHECKED_KEY] = {
        "file": name,
        "format": report.format,
        "rows": [[r.row, r.data] for r in rows],
    }


@login_required
@require_http_methods(["GET", "POST"])
def adoption_import(request: HttpRequest) -> HttpResponse:
    _require_importer(request)
    action = request.POST.get("action", CHECK) if request.method == "POST" else ""
    if action == COMMIT:
        return _commit(request)
    if action == DISCARD:
        request.session.pop(CHECKED_KEY, None)
        messages.info(request, _("Importen er droppet. Intet er gemt."))
        return redirect("diffusion:import")

    form = ImportForm(request.POST or None, request.FILES or None)
    report: AdoptionImportReport | None = None
    file_name = ""
    result = request.session.pop(RESULT_KEY, None) if request.method == "GET" else None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        file_name = upload.name or ""
        request.session.pop(CHECKED_KEY, None)
        try:
            read = read_adoption_file(upload.read(), file_name, max_bytes=upload_limit())
            report = adoptions_import(
                acting_user=request.user,
                rows=read.rows,
                dry_run=True,
                file_format=read.format,
                file_problems=read.problems,
            )
        except ImportFileError as exc:
            form.add_error("file", exc.message)
        except ActionNotAllowed as exc:  # pragma: no cover - the page checked the role
            raise PermissionDenied(exc.message) from exc
        else:
            if report.ok and report.adoptions:
                _remember(request, file_name, report, read.rows)
    return _page(
        request,
        {
            "form": form,
            "report": report,
            "file_name": file_name,
            "result": result,
            "can_commit": report is not None and report.ok and bool(report.adoptions),
        },
    )


def _commit(request: HttpRequest) -> HttpResponse:
    checked = request.session.pop(CHECKED_KEY, None)
    if not checked:
        messages.error(
            request,
            _("Der er ingen kontrolleret fil at gemme. Upload filen igen, og kontrollér den."),
        )
        return redirect("diffusion:import")
    rows = [RawRow(row=row, data=data, index=i) for i, (row, data) in enumerate(checked["rows"])]
    try:
        report = adoptions_import(
            acting_user=request.user, rows=rows, file_format=checked["format"]
        )
    except ActionNotAllowed as exc:  # pragma: no cover - the page checked the role
        raise PermissionDenied(exc.message) from exc
    if not report.written:
        # Something changed in the ledger since the check: show what, keep nothing.
        return _page(
            request,
            {"form": ImportForm(), "report": report, "file_name": checked["file"], "result": None},
        )
    # Post/redirect/get: reloading the page must not import the file a second time.
    request.session[RESULT_KEY] = {
        "file": checked["file"],
        "adoptions": [
            {
                **asdict(a),
                "status_label": a.status_label,
                "verification_label": a.verification_label,
            }
            for a in report.adoptions
        ],
        "verified": report.verified,
        "pending": report.pending,
    }
    return redirect("diffusion:import")


def _example(request: HttpRequest, kind: str) -> HttpResponse:
    _require_importer(request)
    # A published solution makes the example importable as it is.
    first = catalogue_selectors.public_solutions().order_by("slug").first()
    solution = first.slug if first is not None else EXAMPLE_SOLUTION
    return example_download(
        example_file(kind, solution),
        content_type=CONTENT_TYPES[kind],
        filename=f"spred-ibrugtagninger-eksempel.{kind}",
    )


import_example_csv = example_view("csv", _example)
import_example_xlsx = example_view("xlsx", _example)
import_example_json = example_view("json", _example)
