"""The NinjaAPI that answers every error under /api/v1 as problem+json and documents it so.

ninja handles errors raised inside an operation, but three kinds of answer never reach its
exception handlers: a method the path does not support (ninja returns a bare 405), a path no
operation matches (Django's 404), and ``Http404`` from its own helper views. This class wraps the
URL patterns to turn those into problems as well.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.urls import URLPattern, URLResolver, re_path
from ninja import NinjaAPI
from ninja.openapi.schema import OpenAPISchema

from spred.core.api import problems
from spred.core.api.openapi import document_problems

View = Callable[..., HttpResponse]


def answer_in_problems(view: View) -> View:
    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            response = view(request, *args, **kwargs)
            if (
                isinstance(response, HttpResponseNotAllowed)
                and request.method == "HEAD"
                and "GET" in response["Allow"].split(", ")
            ):
                # ninja registers GET only; HEAD must answer like GET without a body (RFC 9110).
                request.method = "GET"
                response = view(request, *args, **kwargs)
                response.content = b""
        except Http404:
            return problems.not_found(request)
        if isinstance(response, HttpResponseNotAllowed):
            return problems.method_not_allowed(request, response["Allow"])
        return response

    # Like ninja's own views: the API authenticates by bearer token, never by cookie, so Django's
    # CSRF check has nothing to protect here and would answer an HTML 403 instead of a problem.
    wrapper.csrf_exempt = True  # type: ignore[attr-defined]
    return wrapper


def unknown_path(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    return problems.not_found(request)


unknown_path.csrf_exempt = True  # type: ignore[attr-defined]


class SpredAPI(NinjaAPI):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        problems.install(self)

    @property
    def urls(self) -> tuple[list[URLResolver | URLPattern], str, str]:
        patterns, app_name, namespace = super().urls
        for pattern in patterns:
            if isinstance(pattern, URLPattern):
                pattern.callback = answer_in_problems(pattern.callback)
        patterns.append(re_path(r"^.*$", unknown_path, name="unknown-path"))
        return patterns, app_name, namespace

    def get_openapi_schema(
        self,
        *,
        path_prefix: str | None = None,
        path_params: dict[str, Any] | None = None,
    ) -> OpenAPISchema:
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        document_problems(schema)
        return schema
