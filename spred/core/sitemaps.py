"""What the apps' parts of /sitemap.xml share."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet


def light(queryset: QuerySet[Any]) -> QuerySet[Any]:
    """Only what a sitemap entry needs: the slug for the address and the time of change."""
    return queryset.select_related(None).only("pk", "slug", "updated_at").order_by("pk")
