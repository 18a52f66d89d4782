"""An Atom feed of newly published cases, for feed readers and for other sites to pick up."""

from __future__ import annotations

from datetime import datetime

from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _

from spred.catalogue.models import Case

#: How many cases the feed holds: enough for a reader that checks once a month.
FEED_SIZE = 50


class NewCasesFeed(Feed):
    feed_type = Atom1Feed
    title = _("Spred: nye cases")
    subtitle = _("De senest publicerede cases i Spreds katalog over offentlig innovation.")

    def link(self) -> str:
        return reverse("catalogue:search") + "?kind=case&sort=newest"

    def feed_url(self) -> str:
        return reverse("catalogue:case_feed")

    def items(self) -> QuerySet[Case]:
        from spred.catalogue.selectors.entries import public_cases

        return (
            public_cases()
            .filter(published_at__isnull=False)
            .select_related("organisation")
            .prefetch_related("policy_areas")
            .order_by("-published_at", "-pk")[:FEED_SIZE]
        )

    def item_title(self, item: Case) -> str:
        return item.title

    def item_description(self, item: Case) -> str:
        # Atom readers render the summary as HTML; the summary is plain text.
        return str(escape(item.summary))

    def item_link(self, item: Case) -> str:
        return item.get_absolute_url()

    def item_pubdate(self, item: Case) -> datetime | None:
        return item.published_at

    def item_updateddate(self, item: Case) -> datetime:
        return item.updated_at

    def item_author_name(self, item: Case) -> str:
        return item.organisation.name

    def item_categories(self, item: Case) -> list[str]:
        return [area.label for area in item.policy_areas.all()]
