"""URLs of the map area of /spredning/: the tile maps as downloadable pictures."""

from __future__ import annotations

from django.urls import URLPattern, path

from spred.diffusion import map_views

urlpatterns: list[URLPattern] = [
    path("kort/loesninger/<slug:slug>.svg", map_views.solution_svg, name="map_solution_svg"),
    path("kort/loesninger/<slug:slug>.png", map_views.solution_png, name="map_solution_png"),
    path("kort/teknologier/<slug:slug>.svg", map_views.technology_svg, name="map_technology_svg"),
    path("kort/teknologier/<slug:slug>.png", map_views.technology_png, name="map_technology_png"),
]
