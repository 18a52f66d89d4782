"""The catalogue's part of /sitemap.xml: its search page and the published cases and solutions.

Only what anyone may open is listed: ``selectors.public_cases()`` and ``public_solutions()`` leave
out drafts, entries under review and archived entries.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib.sitemaps import Sitemap
from django.db.models import QuerySet
from django.urls import reverse

from spred.catalogue.models import Case, Solution
from spred.core.sitemaps import light


class CaseSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.8

    def items(self) -> QuerySet[Case]:
        from spred.catalogue.selectors.entries import public_cases

        return light(public_cases())

    def lastmod(self, item: Case) -> datetime:
        return item.updated_at


class SolutionSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.8

    def items(self) -> QuerySet[Solution]:
        from spred.catalogue.selectors.entries import public_solutions

        return light(public_solutions())

    def lastmod(self, item: Solution) -> datetime:
        return item.updated_at


class CatalogueStartSitemap(Sitemap):
    changefreq = "daily"
    priority = 1.0

    def items(self) -> list[str]:
        return ["catalogue:search"]

    def location(self, item: Any) -> str:
        return reverse(item)
