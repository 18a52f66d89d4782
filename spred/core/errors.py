"""Error pages in the platform's layout and language, as problem+json under /api/."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from spred.core.api.problems import is_api_request, problem_response


def _problem(request: HttpRequest, status: int, title: str, detail: str) -> HttpResponse:
    if is_api_request(request):
        return problem_response(request, status, title, detail)
    html = render_to_string(
        "error.html", {"status": status, "title": title, "detail": detail}, request=request
    )
    return HttpResponse(html, status=status)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _problem(request, 400, _("Forkert forespørgsel"), _("Forespørgslen kunne ikke forstås."))


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _problem(
        request, 403, _("Ingen adgang"), _("Du har ikke adgang til at udføre denne handling.")
    )


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _problem(
        request,
        404,
        _("Siden findes ikke"),
        _("Vi kunne ikke finde den side, du ledte efter. Den kan være flyttet eller slettet."),
    )


def server_error(request: HttpRequest) -> HttpResponse:
    return _problem(
        request,
        500,
        _("Der opstod en fejl"),
        _("Der skete en uventet fejl hos os. Prøv igen om lidt."),
    )
