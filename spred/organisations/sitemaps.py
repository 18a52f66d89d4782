"""The organisations' part of /sitemap.xml: every organisation's page (the register is public)."""

from __future__ import annotations

from datetime import datetime

from django.contrib.auth.models import AnonymousUser
from django.contrib.sitemaps import Sitemap
from django.db.models import QuerySet

from spred.core.sitemaps import light
from spred.organisations.models import Organisation


class OrganisationSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.5

    def items(self) -> QuerySet[Organisation]:
        from spred.organisations import selectors

        return light(
            selectors.organisation_list(
                user=AnonymousUser(), filters=selectors.OrganisationFilter()
            )
        )

    def lastmod(self, item: Organisation) -> datetime:
        return item.updated_at
