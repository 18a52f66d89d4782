"""/sitemap.xml, put together from the apps' sitemaps: what anyone may open, for search engines."""

from __future__ import annotations

from django.contrib.sitemaps import Sitemap

from spred.catalogue.sitemaps import CaseSitemap, CatalogueStartSitemap, SolutionSitemap
from spred.organisations.sitemaps import OrganisationSitemap

SITEMAPS: dict[str, type[Sitemap]] = {
    "katalog": CatalogueStartSitemap,
    "cases": CaseSitemap,
    "loesninger": SolutionSitemap,
    "organisationer": OrganisationSitemap,
}
