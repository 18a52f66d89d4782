"""Admin for the Innovation Barometer: read-only overviews of waves, imports and indicators.

Microdata never appear here: there is no admin for respondents (not even a read-only one), for
strata, or for the published cells. The analysts' workspace (``/barometer/analyse/``) is where
waves are created, imported and published, through the services that check who may do it.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from spred.barometer.models import DataImport, Indicator, Wave


class _ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Wave)
class WaveAdmin(_ReadOnly):
    list_display = ("edition", "title", "status", "is_synthetic", "published_at")
    list_filter = ("status", "is_synthetic")


@admin.register(DataImport)
class DataImportAdmin(_ReadOnly):
    list_display = ("wave", "kind", "source_name", "rows", "strata", "imported_by", "created_at")
    list_filter = ("kind",)
    # The warnings name strata and columns, never answers; still, they stay in the workspace.
    exclude = ("warnings",)


@admin.register(Indicator)
class IndicatorAdmin(_ReadOnly):
    list_display = ("slug", "theme", "question_code", "is_headline", "position")
    list_filter = ("theme", "is_headline")
    search_fields = ("slug", "title_da", "title_en")
