"""/spredning/ — each area of the app keeps its own URL list; this puts them together."""

from __future__ import annotations

from spred.diffusion import (
    urls_analytics,
    urls_guide,
    urls_import,
    urls_ledger,
    urls_map,
    urls_radar,
    urls_recommendations,
)

app_name = "diffusion"

urlpatterns = [
    *urls_analytics.urlpatterns,
    *urls_ledger.urlpatterns,
    *urls_import.urlpatterns,
    *urls_map.urlpatterns,
    *urls_recommendations.urlpatterns,
    *urls_guide.urlpatterns,
    *urls_radar.urlpatterns,
]
