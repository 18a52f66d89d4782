"""The /api/v1 router. Each app contributes its own router from its api.py."""

from __future__ import annotations

from ninja import NinjaAPI

from spred.api import problems
from spred.organisations.api import router as organisations_router

api = NinjaAPI(
    title="Spred API",
    version="1",
    description=(
        "Åbne data fra Spred — spred det, der virker. Læsning kræver ingen nøgle; "
        "skrivning kræver en personlig API-nøgle (Authorization: Bearer …). "
        "Fejl svarer med RFC 7807 (application/problem+json). Lister pagineres med "
        'limit/offset og svarer {"items": [...], "count": N}.'
    ),
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
)
problems.install(api)
api.add_router("/", organisations_router)
