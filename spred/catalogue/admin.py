"""Admin overview of the catalogue, read-only: every change goes through the services and the
review workflow on the site, so the admin cannot publish around the editors or skip the audit."""

from __future__ import annotations

from django.contrib import admin

from spred.catalogue.models import (
    Attachment,
    Case,
    CaseRevision,
    InnovationType,
    PolicyArea,
    Solution,
    TechnologyCategory,
)
from spred.core.admin import ReadOnlyAdmin


@admin.register(Case)
class CaseAdmin(ReadOnlyAdmin):
    list_display = ("title", "organisation", "status", "published_at", "revision_number", "is_demo")
    list_filter = ("status", "stage", "is_demo", "policy_areas")
    search_fields = ("title", "slug", "organisation__name")
    list_select_related = ("organisation",)


@admin.register(Solution)
class SolutionAdmin(ReadOnlyAdmin):
    list_display = ("name", "organisation", "status", "maturity", "published_at", "is_demo")
    list_filter = ("status", "maturity", "is_demo")
    search_fields = ("name", "slug", "organisation__name")
    list_select_related = ("organisation",)


@admin.register(CaseRevision)
class CaseRevisionAdmin(ReadOnlyAdmin):
    list_display = ("case", "number", "created_at", "created_by", "comment")
    list_select_related = ("case", "created_by")


@admin.register(Attachment)
class AttachmentAdmin(ReadOnlyAdmin):
    list_display = ("title", "case", "content_type", "size", "created_at")
    list_select_related = ("case",)


@admin.register(PolicyArea, TechnologyCategory, InnovationType)
class TaxonAdmin(ReadOnlyAdmin):
    """The vocabularies belong to data migrations (their slugs are part of the import format)."""

    list_display = ("name", "name_en", "slug", "position")
