"""Run a write service from a view and tell the person how it went, in one place.

A refused action (the policy said no) and a rejected value (the service's ValidationError) both
become an error message; nothing is stored then, because every service runs in one transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest

from spred.core.policies import ActionNotAllowed


def perform(
    request: HttpRequest, action: Callable[[], Any], success: Callable[[], str] | str
) -> bool:
    """Call ``action``; on success show ``success`` (a text, or a function giving it after the
    action, when the text depends on the result). Returns whether the action succeeded."""
    try:
        action()
    except ActionNotAllowed as exc:
        messages.error(request, exc.message)
        return False
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return False
    messages.success(request, success() if callable(success) else success)
    return True
