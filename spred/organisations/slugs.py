"""Slugs for organisation addresses: readable, ASCII, and unique."""

from __future__ import annotations

from spred.organisations.identifiers import danish_slugify
from spred.organisations.models import Organisation


def unique_slug(base: str, *, exclude_pk: int | None = None) -> str:
    """``danish_slugify(base)``, with -2, -3 … appended until no other organisation has it."""
    root = danish_slugify(base)[:200] or "organisation"
    slug, n = root, 2
    qs = Organisation.objects.all()
    if exclude_pk is not None:
        qs = qs.exclude(pk=exclude_pk)
    while qs.filter(slug=slug).exists():
        slug, n = f"{root}-{n}", n + 1
    return slug
