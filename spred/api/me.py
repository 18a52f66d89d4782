"""/api/v1/me: who a token belongs to, so a client can check its token before it writes."""

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_noop
from ninja import Field, Router, Schema

from spred.accounts.selectors import api_token_list
from spred.accounts.token_auth import token_auth
from spred.organisations.choices import MembershipStatus
from spred.organisations.selectors import memberships_of

router = Router(tags=["konto"])


class MembershipOrganisation(Schema):
    slug: str
    name: str
    kind: str


class MembershipOut(Schema):
    organisation: MembershipOrganisation
    role: str = Field(description="member, editor eller admin")


class TokenOut(Schema):
    name: str
    prefix: str = Field(description="Nøglens første tegn, som vist under din profil")
    created_at: datetime
    expires_at: datetime | None


class MeOut(Schema):
    email: str
    name: str
    memberships: list[MembershipOut] = Field(description="Aktive medlemskaber")
    token: TokenOut


@router.get(
    "/me",
    response=MeOut,
    auth=token_auth,
    summary=gettext_noop("Den bruger, API-nøglen tilhører"),
    description="Svarer med nøglens ejer, dennes aktive medlemskaber og nøglen selv.",
)
def me(request: HttpRequest) -> dict[str, Any]:
    user: Any = request.auth  # type: ignore[attr-defined]
    token = api_token_list(user=user).get(key_hash=request.api_token_hash)  # type: ignore[attr-defined]
    memberships = memberships_of(user=user).filter(status=MembershipStatus.ACTIVE)
    return {
        "email": user.email,
        "name": user.name,
        "memberships": [{"organisation": m.organisation, "role": m.role} for m in memberships],
        "token": {
            "name": token.name,
            "prefix": token.key_prefix,
            "created_at": token.created_at,
            "expires_at": token.expires_at,
        },
    }
