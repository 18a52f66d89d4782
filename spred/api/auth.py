"""Bearer-token authentication with personal API tokens (stored hashed)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer

from spred.accounts.models import hash_token
from spred.accounts.selectors import user_for_raw_token


class PersonalToken(HttpBearer):
    # ninja copies every ``openapi_*`` attribute into the security scheme of the OpenAPI document.
    openapi_scheme = "bearer"
    openapi_bearerFormat = "spred_…"
    openapi_description = (
        "Personlig API-nøgle. Opret den under din profil på Spred; den vises kun én gang. "
        "Send den som Authorization: Bearer <nøgle>. Nøglen handler på dine vegne og kan "
        "tilbagekaldes når som helst."
    )

    def authenticate(self, request: HttpRequest, token: str) -> Any | None:
        user = user_for_raw_token(token)
        if user is None:
            return None
        request.user = user
        # Lets /me say which token was used without ever keeping the raw token around.
        request.api_token_hash = hash_token(token)  # type: ignore[attr-defined]
        return user


token_auth = PersonalToken()
