"""The barometer's addresses: the public publication (pages, figures and open data; published
waves only) and the analysts' workspace under /barometer/analyse/ (analysts only; everyone else
gets 404)."""

from __future__ import annotations

from django.urls import URLPattern, path

from spred.barometer.views import analyst, public

app_name = "barometer"

urlpatterns: list[URLPattern] = [
    # The publication
    path("", public.index, name="index"),
    path("indikatorer/<slug:slug>/", public.indicator, name="indicator"),
    path(
        "indikatorer/<slug:slug>/figurer/<slug:figure>.svg",
        public.indicator_figure_svg,
        name="indicator_figure_svg",
    ),
    path(
        "indikatorer/<slug:slug>/figurer/<slug:figure>.png",
        public.indicator_figure_png,
        name="indicator_figure_png",
    ),
    path("arbejdspladser-som-min/", public.like_mine, name="like_mine"),
    path("boelger/<slug:slug>/", public.wave, name="wave"),
    path("metode/", public.method, name="method"),
    path("data/", public.data, name="data"),
    path("data/estimater.csv", public.estimates_csv, name="estimates_csv"),
    path("data/estimater.json", public.estimates_json, name="estimates_json"),
    path("data/indikatorer/<slug:slug>.csv", public.indicator_csv, name="indicator_csv"),
    path("data/indikatorer/<slug:slug>.json", public.indicator_json, name="indicator_json"),
    path("data/dcat.jsonld", public.dcat, name="dcat"),
    # The analysts' workspace
    path("analyse/", analyst.wave_list, name="analyst_waves"),
    path("analyse/ny/", analyst.wave_create, name="analyst_wave_create"),
    path("analyse/indikatorer/", analyst.indicator_list, name="analyst_indicators"),
    path("analyse/<slug:slug>/", analyst.wave_detail, name="analyst_wave"),
    path("analyse/<slug:slug>/rediger/", analyst.wave_edit, name="analyst_wave_edit"),
    path("analyse/<slug:slug>/kodebog/", analyst.codebook_detail, name="analyst_codebook"),
    path(
        "analyse/<slug:slug>/kodebog/importer/",
        analyst.codebook_upload,
        name="analyst_codebook_upload",
    ),
    path(
        "analyse/<slug:slug>/mikrodata/importer/",
        analyst.microdata_upload,
        name="analyst_microdata_upload",
    ),
    path(
        "analyse/<slug:slug>/mikrodata/slet/",
        analyst.microdata_delete,
        name="analyst_microdata_delete",
    ),
    path("analyse/<slug:slug>/strata/", analyst.strata_list, name="analyst_strata"),
    path("analyse/<slug:slug>/forhaandsvisning/", analyst.preview, name="analyst_preview"),
    path("analyse/<slug:slug>/publicer/", analyst.publish, name="analyst_publish"),
    path("analyse/<slug:slug>/afpublicer/", analyst.unpublish, name="analyst_unpublish"),
]
