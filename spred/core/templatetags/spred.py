from __future__ import annotations

from typing import Any

from django import template
from django.http import HttpRequest

from spred.core.pagination import query_without_page

register = template.Library()


@register.simple_tag(takes_context=True)
def page_url(context: dict[str, Any], number: int) -> str:
    request: HttpRequest = context["request"]
    rest = query_without_page(request)
    return f"?{rest + '&' if rest else ''}side={number}"


@register.simple_tag
def icon(name: str, classes: str = "") -> str:
    """An icon from Det Fælles Designsystem's sprite, hidden from screen readers."""
    from django.templatetags.static import static
    from django.utils.html import format_html

    return format_html(
        '<svg class="icon-svg{}" focusable="false" aria-hidden="true">'
        '<use href="{}#{}"></use></svg>',
        f" {classes}" if classes else "",
        static("vendor/dkfds/img/all-svg-icons.svg"),
        name,
    )
