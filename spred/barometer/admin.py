"""Admin for the Innovation Barometer: read-only overviews of waves, imports and indicators.

Microdata never appear here: there is no admin for respondents (not even a read-only one), for
strata, or for the published cells. The analysts' workspace (``/barometer/analyse/``) is where
waves are created, imported and published, through the services that check who may do it.
"""

from __future__ import annotations

from django.contrib import admin

from spred.barometer.models import DataImport, Indicator, Wave
from spred.core.admin import ReadOnlyAdmin


@admin.register(Wave)
class WaveAdmin(ReadOnlyAdmin):
    list_display = ("edition", "title", "status", "is_synthetic", "published_at")
    list_filter = ("status", "is_synthetic")


@admin.register(DataImport)
class DataImportAdmin(ReadOnlyAdmin):
    list_display = ("wave", "kind", "source_name", "rows", "strata", "imported_by", "created_at")
    list_filter = ("kind",)
    # The warnings name strata and columns, never answers; still, they stay in the workspace.
    exclude = ("warnings",)


@admin.register(Indicator)
class IndicatorAdmin(ReadOnlyAdmin):
    list_display = ("slug", "theme", "question_code", "is_headline", "position")
    list_filter = ("theme", "is_headline")
    search_fields = ("slug", "title_da", "title_en")
