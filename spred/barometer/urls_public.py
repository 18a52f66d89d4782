"""The barometer's public publication: pages, figures and open data (published waves only)."""

from __future__ import annotations

from django.urls import URLPattern, path

from spred.barometer import public_views as views

urlpatterns: list[URLPattern] = [
    path("", views.index, name="index"),
    path("indikatorer/<slug:slug>/", views.indicator, name="indicator"),
    path(
        "indikatorer/<slug:slug>/figurer/<slug:figure>.svg",
        views.indicator_figure_svg,
        name="indicator_figure_svg",
    ),
    path(
        "indikatorer/<slug:slug>/figurer/<slug:figure>.png",
        views.indicator_figure_png,
        name="indicator_figure_png",
    ),
    path("arbejdspladser-som-min/", views.like_mine, name="like_mine"),
    path("boelger/<slug:slug>/", views.wave, name="wave"),
    path("metode/", views.method, name="method"),
    path("data/", views.data, name="data"),
    path("data/estimater.csv", views.estimates_csv, name="estimates_csv"),
    path("data/estimater.json", views.estimates_json, name="estimates_json"),
    path("data/indikatorer/<slug:slug>.csv", views.indicator_csv, name="indicator_csv"),
    path("data/indikatorer/<slug:slug>.json", views.indicator_json, name="indicator_json"),
    path("data/dcat.jsonld", views.dcat, name="dcat"),
]
