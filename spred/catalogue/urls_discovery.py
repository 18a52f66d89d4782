"""Finding catalogue content and getting it out: /katalog/ and its exports, feed and DCAT."""

from __future__ import annotations

from django.urls import URLPattern, path

from spred.catalogue import discovery
from spred.catalogue.feeds import NewCasesFeed

urlpatterns: list[URLPattern] = [
    path("", discovery.catalogue_search, name="search"),
    path("forslag/", discovery.catalogue_autocomplete, name="autocomplete"),
    path("eksport.csv", discovery.export_csv, name="export_csv"),
    path("eksport.xlsx", discovery.export_xlsx, name="export_xlsx"),
    path("eksport.json", discovery.export_json, name="export_json"),
    path("cases/feed/", NewCasesFeed(), name="case_feed"),
    path("dcat.jsonld", discovery.catalogue_dcat, name="dcat"),
]
