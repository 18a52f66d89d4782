"""/spredning/: the spreading app's pages, area by area."""

from __future__ import annotations

from django.urls import URLPattern, path

from spred.diffusion.views import (
    contact,
    guide,
    imports,
    ledger,
    radar,
    recommendations,
    statistics,
)
from spred.diffusion.views import map as maps

app_name = "diffusion"

urlpatterns: list[URLPattern] = [
    # The diffusion statistics.
    path("", statistics.index, name="index"),
    path("teknologier/<slug:slug>/", statistics.technology, name="technology"),
    path("loesninger/<slug:slug>/", statistics.solution, name="solution"),
    # The adoption ledger.
    path("ibrugtagninger/", ledger.ledger, name="ledger"),
    path("registrer/", ledger.adoption_record, name="record"),
    path("til-bekraeftelse/", ledger.to_confirm, name="to_confirm"),
    path("ibrugtagninger/<int:pk>/", ledger.adoption_detail, name="adoption"),
    path("ibrugtagninger/<int:pk>/status/", ledger.adoption_change_status, name="adoption_status"),
    path("ibrugtagninger/<int:pk>/bekraeft/", ledger.adoption_confirm, name="adoption_confirm"),
    path("ibrugtagninger/<int:pk>/afvis/", ledger.adoption_reject, name="adoption_reject"),
    path(
        "ibrugtagninger/<int:pk>/traek-tilbage/",
        ledger.adoption_withdraw,
        name="adoption_withdraw",
    ),
    path("ibrugtagninger/<int:pk>/rediger/", ledger.adoption_edit, name="adoption_edit"),
    path("ibrugtagninger/<int:pk>/laert-af/", ledger.learned_from_add, name="learned_from_add"),
    path(
        "ibrugtagninger/<int:pk>/laert-af/<int:link>/slet/",
        ledger.learned_from_remove,
        name="learned_from_remove",
    ),
    # Importing adoptions from a file.
    path("import/", imports.adoption_import, name="import"),
    path("import/eksempel.csv", imports.import_example_csv, name="import_example_csv"),
    path("import/eksempel.xlsx", imports.import_example_xlsx, name="import_example_xlsx"),
    path("import/eksempel.json", imports.import_example_json, name="import_example_json"),
    # The tile maps as downloadable pictures.
    path("kort/loesninger/<slug:slug>.svg", maps.solution_svg, name="map_solution_svg"),
    path("kort/loesninger/<slug:slug>.png", maps.solution_png, name="map_solution_png"),
    path("kort/teknologier/<slug:slug>.svg", maps.technology_svg, name="map_technology_svg"),
    path("kort/teknologier/<slug:slug>.png", maps.technology_png, name="map_technology_png"),
    # An organisation's spreading page, and writing to a verified adopter.
    path("organisationer/<slug:slug>/", recommendations.organisation, name="organisation"),
    path("ibrugtagninger/<int:pk>/kontakt/", contact.contact, name="contact"),
    # The spreading guide. The fixed words come before the worksheet pattern, which would
    # otherwise take them as slugs (guide.RESERVED_SLUGS keeps worksheets from using them).
    path("guide/", guide.guide_index, name="guide"),
    path("guide/ny/", guide.guide_new, name="guide_new"),
    path("guide/<int:pk>/", guide.guide_project, name="guide_project"),
    path("guide/<int:pk>/afslut/", guide.guide_close, name="guide_close"),
    path("guide/<int:pk>/genaabn/", guide.guide_reopen, name="guide_reopen"),
    path("guide/<int:pk>/<slug:worksheet>/", guide.guide_worksheet, name="guide_worksheet"),
    # The technology radar.
    path("radar/", radar.radar, name="radar"),
]
