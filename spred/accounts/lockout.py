"""django-axes counts failed logins per (e-mail, IP address); the e-mail comes from the form."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def username_from_request(request: HttpRequest, credentials: dict[str, Any] | None) -> str | None:
    credentials = credentials or {}
    for key in ("email", "login", "username"):
        value = credentials.get(key)
        if value:
            return str(value).strip().lower()
    if request is not None and request.method == "POST":
        value = request.POST.get("login") or request.POST.get("email")
        if value:
            return value.strip().lower()
    return None
