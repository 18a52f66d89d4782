"""Bearer-token authentication with personal API tokens (stored hashed)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer

from spred.accounts.selectors import user_for_raw_token


class PersonalToken(HttpBearer):
    openapi_scheme = "bearer"

    def authenticate(self, request: HttpRequest, token: str) -> Any | None:
        user = user_for_raw_token(token)
        if user is None:
            return None
        request.user = user
        return user


token_auth = PersonalToken()
