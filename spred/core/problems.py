"""RFC 7807 problem details: the one error shape for everything under /api/.

Built here, in core, because three layers answer API errors: the request-size middleware (before
any view), Django's error handlers (unknown URLs, crashes outside ninja) and the API's own
exception handlers. They must all produce the same body.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _

PROBLEM_CONTENT_TYPE = "application/problem+json"
API_PREFIX = "/api/"


def is_api_request(request: HttpRequest) -> bool:
    return request.path.startswith(API_PREFIX)


def status_title(status: int) -> str:
    titles = {
        400: _("Forkert forespørgsel"),
        401: _("Ikke logget ind"),
        403: _("Ingen adgang"),
        404: _("Findes ikke"),
        405: _("Metoden er ikke tilladt"),
        413: _("For stor forespørgsel"),
        422: _("Ugyldige data"),
        429: _("For mange forespørgsler"),
        500: _("Der opstod en fejl"),
    }
    return titles.get(status, _("Fejl"))


def problem_response(
    request: HttpRequest, status: int, title: str, detail: str, **extra: Any
) -> HttpResponse:
    body = {
        "type": "about:blank",
        "title": str(title),
        "status": status,
        "detail": str(detail),
        "instance": request.path,
        **extra,
    }
    return JsonResponse(body, status=status, content_type=PROBLEM_CONTENT_TYPE)
