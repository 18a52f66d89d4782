"""Admin overview of the adoption ledger, read-only: recording, confirming and rejecting go
through the services on the site, which check who may do it and audit it, so the admin cannot
verify an adoption around the organisation it concerns."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from spred.core.admin import ReadOnlyAdmin
from spred.diffusion.models import Adoption, AdoptionEvent, LearnedFrom


class AdoptionEventInline(admin.TabularInline):
    model = AdoptionEvent
    fields = ("date", "status", "reason", "recorded_by")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Adoption)
class AdoptionAdmin(ReadOnlyAdmin):
    list_display = (
        "organisation",
        "solution",
        "status",
        "status_since",
        "adopted_on",
        "verification",
        "confirmed_at",
        "is_demo",
    )
    list_filter = ("verification", "status", "is_demo")
    search_fields = ("organisation__name", "solution__name", "solution__slug")
    list_select_related = ("organisation", "solution")
    date_hierarchy = "status_since"
    inlines = (AdoptionEventInline,)


@admin.register(AdoptionEvent)
class AdoptionEventAdmin(ReadOnlyAdmin):
    list_display = ("adoption", "status", "date", "recorded_by")
    list_filter = ("status",)
    search_fields = ("adoption__organisation__name", "adoption__solution__name")
    list_select_related = ("adoption__organisation", "adoption__solution", "recorded_by")


@admin.register(LearnedFrom)
class LearnedFromAdmin(ReadOnlyAdmin):
    list_display = ("adoption", "source", "created_at")
    search_fields = ("adoption__organisation__name", "adoption__solution__name", "source__name")
    list_select_related = ("adoption__organisation", "adoption__solution", "source")
