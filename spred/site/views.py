"""Pages that belong to the platform rather than to one module: the front page, about, the
accessibility statement, the coming modules, "Min side" and the health check."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.db.utils import DatabaseError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from spred.accounts import selectors as account_selectors
from spred.organisations import selectors as organisation_selectors
from spred.site.navigation import MODULES, module_by_slug

# When the accessibility statement was last reviewed against the pages; update on each review.
STATEMENT_UPDATED = date(2026, 11, 28)


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "site/home.html",
        {
            "modules": MODULES,
            "sector_counts": organisation_selectors.sector_counts(user=request.user),
        },
    )


@require_GET
def about(request: HttpRequest) -> HttpResponse:
    return render(request, "site/about.html")


@require_GET
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "site/accessibility.html",
        {"contact_email": settings.SPRED_CONTACT_EMAIL, "updated": STATEMENT_UPDATED},
    )


@require_GET
def module(request: HttpRequest, slug: str) -> HttpResponse:
    found = module_by_slug(slug)
    if found is None or found.live:
        raise Http404
    return render(request, "site/module_coming.html", {"module": found})


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    """Min side: the person, their memberships and what waits for them."""
    user = request.user
    return render(
        request,
        "site/profile.html",
        {
            "memberships": organisation_selectors.memberships_of(user=user),
            "pending_count": organisation_selectors.pending_requests_for(user=user).count(),
            "roles": account_selectors.platform_roles(user=user),
        },
    )


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
