"""/sitemap.xml: the published cases and solutions and the organisation pages, for search engines.

Only what anyone may open is listed; the catalogue's lists come from ``selectors.public_cases()``
and ``public_solutions()``, which leave out drafts, entries under review and archived entries.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.contrib.sitemaps import Sitemap
from django.db.models import QuerySet
from django.urls import reverse

from spred.catalogue.models import Case, Solution
from spred.organisations.models import Organisation


def _light(queryset: QuerySet[Any]) -> QuerySet[Any]:
    """Only what a sitemap entry needs: the slug for the address and the time of change."""
    return queryset.select_related(None).only("pk", "slug", "updated_at").order_by("pk")


class CaseSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.8

    def items(self) -> QuerySet[Case]:
        from spred.catalogue import selectors

        return _light(selectors.public_cases())

    def lastmod(self, item: Case) -> datetime:
        return item.updated_at


class SolutionSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.8

    def items(self) -> QuerySet[Solution]:
        from spred.catalogue import selectors

        return _light(selectors.public_solutions())

    def lastmod(self, item: Solution) -> datetime:
        return item.updated_at


class OrganisationSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.5

    def items(self) -> QuerySet[Organisation]:
        from spred.organisations import selectors

        return _light(
            selectors.organisation_list(
                user=AnonymousUser(), filters=selectors.OrganisationFilter()
            )
        )

    def lastmod(self, item: Organisation) -> datetime:
        return item.updated_at


class CatalogueStartSitemap(Sitemap):
    changefreq = "daily"
    priority = 1.0

    def items(self) -> list[str]:
        return ["catalogue:search"]

    def location(self, item: Any) -> str:
        return reverse(item)


SITEMAPS: dict[str, type[Sitemap]] = {
    "katalog": CatalogueStartSitemap,
    "cases": CaseSitemap,
    "loesninger": SolutionSitemap,
    "organisationer": OrganisationSitemap,
}
