"""A case's attachments: add, download and remove."""

from __future__ import annotations

from pathlib import PurePath
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from spred.catalogue.forms.attachments import AttachmentForm
from spred.catalogue.models import Case
from spred.catalogue.policies import CasePolicy
from spred.catalogue.selectors import entries as entry_selectors
from spred.catalogue.services import attachments as attachment_services
from spred.core.pages import confirm_page, require_or_404, submit, trail

crumbs = trail((gettext_lazy("Katalog"), "catalogue:search"))


@login_required
@require_http_methods(["GET", "POST"])
def attachment_add(request: HttpRequest, slug: str) -> HttpResponse:
    case = entry_selectors.case_get(user=request.user, slug=slug)
    require_or_404(CasePolicy.can(request.user, "attach", case))
    form = AttachmentForm(request.POST or None, request.FILES or None)
    if submit(
        request,
        form,
        lambda data: attachment_services.attachment_add(
            acting_user=request.user, case=case, uploaded_file=data["file"], title=data["title"]
        ),
        success=_("Bilaget er tilføjet."),
    ):
        return redirect(case)
    return render(
        request,
        "catalogue/attachment_form.html",
        {
            "case": case,
            "form": form,
            "breadcrumbs": crumbs((case.title, case.get_absolute_url()), (_("Nyt bilag"), None)),
        },
    )


def _attachment_of(case: Case, pk: int) -> Any:
    found = next((a for a in case.attachments.all() if a.pk == pk), None)
    if found is None:
        raise Http404
    return found


@require_GET
def attachment_download(request: HttpRequest, slug: str, pk: int) -> FileResponse:
    case = entry_selectors.case_get(user=request.user, slug=slug)
    attachment = _attachment_of(case, pk)
    try:
        handle = attachment.file.open("rb")
    except (FileNotFoundError, OSError) as exc:
        raise Http404 from exc
    extension = PurePath(attachment.file.name).suffix
    filename = (slugify(attachment.title) or "bilag") + extension
    response = FileResponse(
        handle, as_attachment=True, filename=filename, content_type=attachment.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    if not case.is_public:
        response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def attachment_remove(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    case = entry_selectors.case_get(user=request.user, slug=slug)
    require_or_404(CasePolicy.can(request.user, "attach", case))
    attachment = _attachment_of(case, pk)
    title = _("Fjern bilag")
    return confirm_page(
        request,
        title=title,
        subject=case.title,
        text=_("Bilaget »%(title)s« fjernes fra casen og slettes.") % {"title": attachment.title},
        button=_("Ja, fjern bilaget"),
        action=lambda: attachment_services.attachment_remove(
            acting_user=request.user, attachment=attachment
        ),
        success=_("Bilaget er fjernet."),
        done_url=case.get_absolute_url(),
        back_url=case.get_absolute_url(),
        breadcrumbs=crumbs((case.title, case.get_absolute_url()), (title, None)),
    )
