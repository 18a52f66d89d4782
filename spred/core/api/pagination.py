"""limit/offset pagination answering {"items": [...], "count": N}."""

from __future__ import annotations

from django.conf import settings
from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination


class LimitOffset(LimitOffsetPagination):
    class Input(Schema):
        limit: int = Field(
            settings.NINJA_PAGINATION_PER_PAGE,
            ge=1,
            le=settings.NINJA_PAGINATION_MAX_LIMIT,
            description="Højst så mange elementer",
        )
        offset: int = Field(0, ge=0, le=10_000_000, description="Spring så mange over")
