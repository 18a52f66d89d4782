"""The analysts' workspace, under /barometer/analyse/ (analysts only; everyone else 404)."""

from __future__ import annotations

from django.urls import URLPattern, path

from spred.barometer import analyst_views as views

urlpatterns: list[URLPattern] = [
    path("analyse/", views.wave_list, name="analyst_waves"),
    path("analyse/ny/", views.wave_create, name="analyst_wave_create"),
    path("analyse/indikatorer/", views.indicator_list, name="analyst_indicators"),
    path("analyse/<slug:slug>/", views.wave_detail, name="analyst_wave"),
    path("analyse/<slug:slug>/rediger/", views.wave_edit, name="analyst_wave_edit"),
    path("analyse/<slug:slug>/kodebog/", views.codebook_detail, name="analyst_codebook"),
    path(
        "analyse/<slug:slug>/kodebog/importer/",
        views.codebook_upload,
        name="analyst_codebook_upload",
    ),
    path(
        "analyse/<slug:slug>/mikrodata/importer/",
        views.microdata_upload,
        name="analyst_microdata_upload",
    ),
    path(
        "analyse/<slug:slug>/mikrodata/slet/",
        views.microdata_delete,
        name="analyst_microdata_delete",
    ),
    path("analyse/<slug:slug>/strata/", views.strata_list, name="analyst_strata"),
    path("analyse/<slug:slug>/forhaandsvisning/", views.preview, name="analyst_preview"),
    path("analyse/<slug:slug>/publicer/", views.publish, name="analyst_publish"),
    path("analyse/<slug:slug>/afpublicer/", views.unpublish, name="analyst_unpublish"),
]
