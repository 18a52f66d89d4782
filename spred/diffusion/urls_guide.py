"""URLs of the spreading guide (/spredning/guide/)."""

from __future__ import annotations

from django.urls import URLPattern, path

from spred.diffusion import guide_views

# The fixed words come before the worksheet pattern, which would otherwise take them as slugs
# (guide.RESERVED_SLUGS keeps worksheets from using them).
urlpatterns: list[URLPattern] = [
    path("guide/", guide_views.guide_index, name="guide"),
    path("guide/ny/", guide_views.guide_new, name="guide_new"),
    path("guide/<int:pk>/", guide_views.guide_project, name="guide_project"),
    path("guide/<int:pk>/afslut/", guide_views.guide_close, name="guide_close"),
    path("guide/<int:pk>/genaabn/", guide_views.guide_reopen, name="guide_reopen"),
    path("guide/<int:pk>/<slug:worksheet>/", guide_views.guide_worksheet, name="guide_worksheet"),
]
