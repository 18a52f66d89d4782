"""RFC 7807 problem details: the one error shape for everything under /api/, in the platform's
language (Danish by default).

Three layers answer API errors: the request-size middleware (before any view), Django's error
handlers (unknown URLs, crashes outside ninja) and the API's own exception handlers, which
:func:`install` registers for every error an operation can end with — validation,
authentication, permission, not found, wrong method, oversized body, server error. All go
through :func:`problem_response`, so a client only ever has to parse one error shape. The
OpenAPI document describes the same shape (see ``openapi``).
"""

import logging
from collections.abc import Callable
from typing import Any

from django.core import signals
from django.core.exceptions import PermissionDenied, RequestDataTooBig, SuspiciousOperation
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Field, NinjaAPI, Schema
from ninja.errors import AuthenticationError, AuthorizationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from spred.core.policies import ActionNotAllowed

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


# Django's own logger for failed requests, so an API 500 reaches the same handlers (mail to
# admins, error trackers) as a 500 anywhere else on the site.
request_logger = logging.getLogger("django.request")


class FieldProblem(Schema):
    field: str = Field(description="Feltets navn; tomt for fejl, der gælder hele forespørgslen")
    message: str = Field(description="Hvad der er galt, på dansk")
    code: str = Field(description="Maskinlæsbar fejlkode")


class Problem(Schema):
    """Fejlbeskrivelse efter RFC 7807 (application/problem+json)."""

    type: str = Field("about:blank", description="Problemtype (altid about:blank)")
    title: str = Field(description="Kort titel for fejlen")
    status: int = Field(description="HTTP-statuskoden")
    detail: str = Field(description="Forklaring for mennesker")
    instance: str = Field(description="Stien, forespørgslen gik til")
    errors: list[FieldProblem] | None = Field(
        None, description="Ved 422: én række pr. ugyldigt felt"
    )


def not_found(request: HttpRequest) -> HttpResponse:
    return problem_response(
        request,
        404,
        status_title(404),
        _("Der findes intet på adressen %(path)s. Se dokumentationen på /api/v1/docs.")
        % {"path": request.path},
    )


def method_not_allowed(request: HttpRequest, allowed: str) -> HttpResponse:
    # ninja builds the list from a set; sort it so the header is the same on every run.
    allowed = ", ".join(sorted({m.strip() for m in allowed.split(",") if m.strip()}))
    response = problem_response(
        request,
        405,
        status_title(405),
        _("Metoden %(method)s kan ikke bruges her. Tilladt: %(allowed)s.")
        % {"method": request.method, "allowed": allowed},
    )
    response["Allow"] = allowed
    return response


def unauthenticated(request: HttpRequest) -> HttpResponse:
    presented = bool(request.headers.get("Authorization"))
    if presented:
        detail = _(
            "API-nøglen blev ikke godkendt. Den er ukendt, tilbagekaldt eller udløbet. "
            "Opret en ny nøgle under din profil."
        )
        # RFC 6750 §3.1: tell the client whether the token was missing or refused.
        challenge = 'Bearer realm="spred", error="invalid_token"'
    else:
        detail = _("Angiv en gyldig API-nøgle i headeren Authorization: Bearer <nøgle>.")
        challenge = 'Bearer realm="spred"'
    response = problem_response(request, 401, status_title(401), detail)
    response["WWW-Authenticate"] = challenge
    return response


# Danish wording for the validation errors pydantic can raise on our schemas; anything else keeps
# pydantic's own message. The ``code`` in the problem body is pydantic's error type either way.
def _validation_message(error: dict[str, Any]) -> str:
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    messages: dict[str, str] = {
        "missing": _("Feltet skal udfyldes."),
        "literal_error": _("Ugyldig værdi. Tilladte værdier: %(expected)s."),
        "enum": _("Ugyldig værdi. Tilladte værdier: %(expected)s."),
        "greater_than_equal": _("Skal være mindst %(ge)s."),
        "greater_than": _("Skal være større end %(gt)s."),
        "less_than_equal": _("Må højst være %(le)s."),
        "less_than": _("Skal være mindre end %(lt)s."),
        "string_too_short": _("Skal være mindst %(min_length)s tegn."),
        "string_too_long": _("Må højst være %(max_length)s tegn."),
        "string_pattern_mismatch": _("Indeholder tegn, der ikke er tilladt."),
        "string_type": _("Skal være en tekst."),
        "int_parsing": _("Skal være et helt tal."),
        "int_type": _("Skal være et helt tal."),
        "int_from_float": _("Skal være et helt tal."),
        "bool_parsing": _("Skal være true eller false."),
        "bool_type": _("Skal være true eller false."),
        "model_type": _("Skal være et JSON-objekt."),
        "dict_type": _("Skal være et JSON-objekt."),
        "model_attributes_type": _("Skal være et JSON-objekt."),
        "json_invalid": _("Er ikke gyldig JSON."),
        "extra_forbidden": _("Feltet kendes ikke."),
    }
    template = messages.get(kind)
    if template is None:
        return str(error.get("msg", _("Ugyldig værdi.")))
    # pydantic joins the allowed values of a Literal with an English "or".
    values = {k: str(v).replace(" or ", " eller ") for k, v in ctx.items()}
    try:
        return template % values
    except (KeyError, TypeError, ValueError):
        return str(error.get("msg", _("Ugyldig værdi.")))


# The request part a ninja error location starts with; the field name follows.
_SOURCES = frozenset({"body", "query", "path", "header", "cookie", "form", "file"})


def _field_name(loc: tuple[Any, ...] | list[Any]) -> str:
    parts = list(loc)
    if parts and parts[0] in _SOURCES:
        source = parts.pop(0)
        # ninja nests the body under the view's parameter name (``payload``): an implementation
        # detail, not a field. Without a field after it, the error is about the body as a whole.
        if source == "body" and parts:
            parts.pop(0)
    return ".".join(str(p) for p in parts)


def validation_problems(exc: NinjaValidationError) -> list[dict[str, str]]:
    return [
        {
            "field": _field_name(err.get("loc", ())),
            "message": _validation_message(err),
            "code": str(err.get("type", "invalid")),
        }
        for err in exc.errors
    ]


def _domain_problems(error: DjangoValidationError) -> list[dict[str, str]]:
    if hasattr(error, "error_dict"):
        return [
            {
                "field": "" if field == "__all__" else field,
                "message": str(message),
                "code": str(item.code or "invalid"),
            }
            for field, items in error.error_dict.items()
            for item in items
            for message in item.messages
        ]
    return [
        {"field": "", "message": str(message), "code": str(item.code or "invalid")}
        for item in error.error_list
        for message in item.messages
    ]


#: Exceptions whose problem says the same whatever raised them.
_FIXED_PROBLEMS: tuple[tuple[type[Exception], int, Promise], ...] = (
    (AuthorizationError, 403, gettext_lazy("Du har ikke adgang til at udføre denne handling.")),
    (PermissionDenied, 403, gettext_lazy("Du har ikke adgang til at udføre denne handling.")),
    (Http404, 404, gettext_lazy("Objektet findes ikke.")),
    (RequestDataTooBig, 413, gettext_lazy("Forespørgslens indhold er for stort.")),
    (SuspiciousOperation, 400, gettext_lazy("Forespørgslen kunne ikke forstås.")),
)


ExceptionHandler = Callable[[HttpRequest, Exception | type[Exception]], HttpResponse]


def _fixed_problem(status: int, detail: Promise) -> ExceptionHandler:
    def handler(request: HttpRequest, exc: Exception | type[Exception]) -> HttpResponse:
        return problem_response(request, status, status_title(status), str(detail))

    return handler


def install(api: NinjaAPI) -> None:
    """Register a problem+json handler for every exception a view can end with."""

    @api.exception_handler(NinjaValidationError)
    def invalid_input(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        errors = validation_problems(exc)
        summary = " ".join(
            f"{e['field']}: {e['message']}" if e["field"] else e["message"] for e in errors
        )
        return problem_response(request, 422, status_title(422), summary, errors=errors)

    @api.exception_handler(DjangoValidationError)
    def invalid_domain(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
        return problem_response(
            request,
            422,
            status_title(422),
            " ".join(str(m) for m in exc.messages),
            errors=_domain_problems(exc),
        )

    @api.exception_handler(AuthenticationError)
    def not_authenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return unauthenticated(request)

    @api.exception_handler(ActionNotAllowed)
    def action_not_allowed(request: HttpRequest, exc: ActionNotAllowed) -> HttpResponse:
        return problem_response(request, 403, status_title(403), exc.message)

    for exc_class, status, detail in _FIXED_PROBLEMS:
        api.add_exception_handler(exc_class, _fixed_problem(status, detail))

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        details = {
            # ninja raises 400 only when the body is not JSON; its own text is English.
            400: _("Forespørgslens indhold kunne ikke læses som JSON."),
        }
        detail = details.get(exc.status_code, str(exc))
        return problem_response(request, exc.status_code, status_title(exc.status_code), detail)

    @api.exception_handler(Exception)
    def server_error(request: HttpRequest, exc: Exception) -> HttpResponse:
        # Never a traceback in the body, DEBUG or not; the details go to the log instead.
        request_logger.error(
            "Internal Server Error: %s",
            request.path,
            exc_info=exc,
            extra={"status_code": 500, "request": request},
        )
        signals.got_request_exception.send(sender=type(api), request=request)
        return problem_response(
            request,
            500,
            status_title(500),
            _("Der skete en uventet fejl hos os. Prøv igen om lidt."),
        )
