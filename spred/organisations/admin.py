"""Admin for the organisation register. Reference data are read-only (load_reference owns them);
edits of other organisations go through the same service as the web pages."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import models
from django.http import HttpRequest

from spred.organisations import services
from spred.organisations.models import Membership, Organisation, Region


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "nuts", "iso", "population")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "sector", "region", "municipality_code", "cvr", "is_demo")
    list_filter = ("sector", "kind", "region", "is_demo")
    search_fields = ("search_text", "cvr", "municipality_code")
    # An address typed without a scheme means https, as in the site's own forms.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def get_search_results(self, request: HttpRequest, queryset: Any, search_term: str) -> Any:
        # search_text is stored case-folded: fold the term the same way, so "ærø" finds "Ærø"
        # on SQLite too (whose LIKE folds only ASCII).
        return super().get_search_results(request, queryset, search_term.casefold())

    fields = services.EDITABLE_FIELDS
    autocomplete_fields = ("parent",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None and obj.reference_key:
            return False
        return super().has_change_permission(request, obj)

    def save_model(self, request: HttpRequest, obj: Organisation, form: Any, change: bool) -> None:
        fresh = Organisation.objects.get(pk=obj.pk)
        services.organisation_update(
            acting_user=request.user,
            organisation=fresh,
            **{field: form.cleaned_data[field] for field in form.changed_data},
        )


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    """Read-only overview; decisions are made by the organisation's admins on the site."""

    list_display = ("user", "organisation", "role", "status", "decided_at")
    list_filter = ("status", "role")
    search_fields = ("user__email", "organisation__name")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
