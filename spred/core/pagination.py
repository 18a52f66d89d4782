"""One way to page through lists, so every list page shows the same pager."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest

DEFAULT_PER_PAGE = 25


def paginate(
    request: HttpRequest, queryset: QuerySet[Any], per_page: int = DEFAULT_PER_PAGE
) -> Page[Any]:
    paginator = Paginator(queryset, per_page)
    # get_page tolerates junk ("abc", "-3", "9999") by falling back to the first or last page.
    return paginator.get_page(request.GET.get("side"))


def query_without_page(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("side", None)
    return params.urlencode()
