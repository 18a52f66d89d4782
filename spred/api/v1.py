"""/api/v1, composed: each app contributes its own router from its ``api.py``."""

from __future__ import annotations

from django.conf import settings
from django.utils import translation
from django.views.decorators.http import require_safe
from ninja import Swagger

from spred.api.me import router as me_router
from spred.barometer.api import router as barometer_router
from spred.catalogue.api import router as catalogue_router
from spred.core.api.application import SpredAPI
from spred.core.api.openapi import render
from spred.diffusion.api import router as diffusion_router
from spred.organisations.api import router as organisations_router

api = SpredAPI(
    title="Spred API",
    version="1",
    description=(
        "Åbne data fra Spred — spred det, der virker. Læsning kræver ingen nøgle; "
        "skrivning kræver en personlig API-nøgle (Authorization: Bearer …). "
        "Fejl svarer med RFC 7807 (application/problem+json). Lister pagineres med "
        'limit/offset og svarer {"items": [...], "count": N}. '
        "Ændringer i API'et annonceres i projektets API-changelog."
    ),
    urls_namespace="api",
    docs_url="/docs",
    # Deep links nest buttons inside buttons in Swagger UI, which screen readers cannot use.
    docs=Swagger(settings={"deepLinking": False}),
    openapi_url="/openapi.json",
    # The schema and its documentation page are read-only: any other method answers 405.
    docs_decorator=require_safe,
    openapi_extra={"info": {"license": {"name": "MIT"}}},
)
api.add_router("/", organisations_router)
api.add_router("/", me_router)
api.add_router("/", barometer_router)
api.add_router("/", catalogue_router)
api.add_router("/", diffusion_router)


def current_document() -> str:
    """The OpenAPI document of /api/v1 as the committed snapshot spells it."""
    # The document is the same in every language; pin one so it does not follow the caller's.
    with translation.override(settings.LANGUAGE_CODE):
        return render(api.get_openapi_schema())
