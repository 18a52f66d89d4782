"""What every page's layout needs: demo mode and the main menu."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from spred.site.navigation import MODULES


def platform(request: HttpRequest) -> dict[str, Any]:
    path = request.path
    nav = [{"module": m, "url": m.url, "current": path.startswith(m.url)} for m in MODULES]
    return {"SPRED_DEMO": settings.SPRED_DEMO, "main_nav": nav}
