"""Bearer-token authentication with personal API tokens (stored hashed), for every app's API:
``token_auth`` for operations that need a token, ``reading_user`` for reads that take one if it
is sent (and never the browser session), and ``OPTIONAL_TOKEN`` to document those reads."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from ninja.errors import AuthenticationError
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


#: The optional token of a read: documented so a client knows a bad token is refused.
OPTIONAL_TOKEN = {
    "responses": {
        401: {
            "description": "En API-nøgle blev sendt, men den er ukendt, tilbagekaldt eller udløbet"
        }
    }
}


def reading_user(request: HttpRequest) -> Any:
    """The token's owner when a token is sent, else an anonymous visitor (never the session)."""
    if not request.headers.get("Authorization"):
        return AnonymousUser()
    user = token_auth(request)
    if user is None:
        raise AuthenticationError()
    return user
