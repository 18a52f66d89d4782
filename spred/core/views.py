"""Pages that belong to the platform rather than to one module."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import connection
from django.db.utils import DatabaseError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from spred.core.navigation import MODULES, module_by_slug
from spred.organisations import selectors as organisation_selectors

# When the accessibility statement was last reviewed against the pages; update on each review.
STATEMENT_UPDATED = date(2026, 11, 28)


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "core/home.html",
        {
            "modules": MODULES,
            "sector_counts": organisation_selectors.sector_counts(user=request.user),
        },
    )


@require_GET
def about(request: HttpRequest) -> HttpResponse:
    return render(request, "core/about.html")


@require_GET
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "core/accessibility.html",
        {"contact_email": settings.SPRED_CONTACT_EMAIL, "updated": STATEMENT_UPDATED},
    )


@require_GET
def module(request: HttpRequest, slug: str) -> HttpResponse:
    found = module_by_slug(slug)
    if found is None or found.live:
        raise Http404
    return render(request, "core/module_coming.html", {"module": found})


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse(
            {"status": "error", "database": "unavailable", "vendor": connection.vendor},
            status=503,
        )
    return JsonResponse({"status": "ok", "database": "ok", "vendor": connection.vendor})
