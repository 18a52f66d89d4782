"""URLs of the recommendations area of /spredning/: an organisation's spreading page and the
contact form for a verified adopter."""

from __future__ import annotations

from django.urls import URLPattern, path

from spred.diffusion import recommendation_views as views

urlpatterns: list[URLPattern] = [
    path("organisationer/<slug:slug>/", views.organisation, name="organisation"),
    path("ibrugtagninger/<int:pk>/kontakt/", views.contact, name="contact"),
]
