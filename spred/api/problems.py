"""RFC 7807 problem details for every API error."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from spred.core.policies import ActionNotAllowed

PROBLEM_CONTENT_TYPE = "application/problem+json"


def problem(
    api: NinjaAPI,
    request: HttpRequest,
    status: int,
    title: str,
    detail: str,
    **extra: Any,
) -> HttpResponse:
    body = {
        "type": "about:blank",
        "title": title,
        "status": status,
        "detail": detail,
        "instance": request.path,
        **extra,
    }
    response = api.create_response(request, body, status=status)
    response["Content-Type"] = PROBLEM_CONTENT_TYPE
    return response


def _field_errors(error: DjangoValidationError) -> list[dict[str, str]]:
    if hasattr(error, "error_dict"):
        return [
            {"field": field, "message": message}
            for field, errors in error.message_dict.items()
            for message in errors
        ]
    return [{"field": "", "message": m} for m in error.messages]


def install(api: NinjaAPI) -> None:
    @api.exception_handler(NinjaValidationError)
    def invalid_input(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        errors = [
            {
                "field": ".".join(
                    str(p) for p in err.get("loc", ()) if p not in ("body", "query", "path")
                ),
                "message": err.get("msg", ""),
            }
            for err in exc.errors
        ]
        return problem(
            api,
            request,
            422,
            _("Ugyldige data"),
            _("Et eller flere felter er ugyldige."),
            errors=errors,
        )

    @api.exception_handler(DjangoValidationError)
    def invalid_domain(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
        return problem(
            api,
            request,
            422,
            _("Ugyldige data"),
            " ".join(exc.messages),
            errors=_field_errors(exc),
        )

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        response = problem(
            api,
            request,
            401,
            _("Ikke logget ind"),
            _("Angiv en gyldig API-nøgle i headeren Authorization: Bearer <nøgle>."),
        )
        response["WWW-Authenticate"] = 'Bearer realm="spred"'
        return response

    @api.exception_handler(ActionNotAllowed)
    def forbidden(request: HttpRequest, exc: ActionNotAllowed) -> HttpResponse:
        return problem(api, request, 403, _("Ingen adgang"), exc.message)

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return problem(api, request, 404, _("Findes ikke"), _("Objektet findes ikke."))

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        return problem(api, request, exc.status_code, _("Fejl"), str(exc))
