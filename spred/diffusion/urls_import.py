"""URLs of the adoption import page."""

from __future__ import annotations

from django.urls import URLPattern, path

from spred.diffusion import import_views

urlpatterns: list[URLPattern] = [
    path("import/", import_views.adoption_import, name="import"),
    path("import/eksempel.csv", import_views.import_example_csv, name="import_example_csv"),
    path("import/eksempel.xlsx", import_views.import_example_xlsx, name="import_example_xlsx"),
    path("import/eksempel.json", import_views.import_example_json, name="import_example_json"),
]
