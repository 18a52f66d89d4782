"""The catalogue's addresses, gathered from the modules that serve them."""

from __future__ import annotations

from spred.catalogue.urls_discovery import urlpatterns as discovery_urlpatterns
from spred.catalogue.urls_entries import urlpatterns as entry_urlpatterns
from spred.catalogue.urls_import import urlpatterns as import_urlpatterns

app_name = "catalogue"

urlpatterns = [*discovery_urlpatterns, *entry_urlpatterns, *import_urlpatterns]
