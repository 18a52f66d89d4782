"""Getting content into the catalogue and solutions out as publiccode.yml."""

from __future__ import annotations

from django.urls import URLPattern, path

from spred.catalogue import import_views

urlpatterns: list[URLPattern] = [
    path("import/", import_views.catalogue_import, name="import"),
    path("import/eksempel.json", import_views.import_example_json, name="import_example_json"),
    path("import/eksempel.csv", import_views.import_example_csv, name="import_example_csv"),
    path("import/eksempel.xlsx", import_views.import_example_xlsx, name="import_example_xlsx"),
    path(
        "loesninger/<slug:slug>/publiccode.yml",
        import_views.solution_publiccode_file,
        name="solution_publiccode",
    ),
]
