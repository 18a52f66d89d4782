"""URLs of the radar area of /spredning/."""

from __future__ import annotations

from django.urls import URLPattern, path

from spred.diffusion import radar_views

urlpatterns: list[URLPattern] = [
    path("radar/", radar_views.radar, name="radar"),
]
