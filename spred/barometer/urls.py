"""The barometer's addresses: the public publication and the analysts' workspace."""

from __future__ import annotations

from spred.barometer.urls_analyst import urlpatterns as analyst_urlpatterns
from spred.barometer.urls_public import urlpatterns as public_urlpatterns

app_name = "barometer"

urlpatterns = [*public_urlpatterns, *analyst_urlpatterns]
