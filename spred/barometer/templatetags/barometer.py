"""Template helpers of the barometer for pages outside it (``{% load barometer %}``)."""

from __future__ import annotations

from typing import Any

from django import template

from spred.accounts.roles import is_analyst

register = template.Library()


@register.filter(name="is_barometer_analyst")
def is_barometer_analyst(user: Any) -> bool:
    """Whether the user works in the analysts' workspace: ``{% if user|is_barometer_analyst %}``."""
    return is_analyst(user)
