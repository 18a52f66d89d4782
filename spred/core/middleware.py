"""Request-level guards that run before any view reads the body."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from spred.core.api.problems import is_api_request, problem_response, status_title


class RequestSizeLimitMiddleware:
    """Refuse an oversized request with 413 from its declared length, before reading it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limit: int = settings.SPRED_MAX_REQUEST_BYTES
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > limit:
            return self.too_large(request, limit)
        return self.get_response(request)

    @staticmethod
    def too_large(request: HttpRequest, limit: int) -> HttpResponse:
        detail = _("Forespørgslen er for stor. Den største tilladte størrelse er %(mb)s MB.") % {
            "mb": limit // (1024 * 1024)
        }
        if is_api_request(request):
            return problem_response(request, 413, status_title(413), detail)
        html = render_to_string("413.html", {"detail": detail}, request=request)
        return HttpResponse(html, status=413)
