"""URLs of the diffusion statistics pages."""

from __future__ import annotations

from django.urls import URLPattern, path

from spred.diffusion import analytics_views

urlpatterns: list[URLPattern] = [
    path("", analytics_views.index, name="index"),
    path("teknologier/<slug:slug>/", analytics_views.technology, name="technology"),
    path("loesninger/<slug:slug>/", analytics_views.solution, name="solution"),
]
