"""What the apps' page views share, so each view says only what is its own.

* ``submit`` — the write step of a form page: when the form was posted and is valid, run the
  service; its ``ValidationError`` goes onto the form (nothing is stored: services run in one
  transaction), success becomes a message. The view then redirects or renders the form again.
* ``confirm_page`` — a page that asks before an action (GET) and runs it (POST).
* ``trail`` — the start of an area's breadcrumbs, for ``includes/breadcrumbs.html``.
* ``require_or_404`` — an action the user may not take on an object they may see answers 404,
  like an object they may not see (DESIGN §3: do not reveal what is there).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.functional import Promise

from spred.core.feedback import perform
from spred.core.forms import add_service_errors

#: A breadcrumb: its label, and its address (None for the page itself).
Crumb = tuple[str, str | None]


def trail(*root: tuple[str | Promise, str]) -> Callable[..., list[Crumb]]:
    """``crumbs = trail((_("Spredning"), "diffusion:index"))`` at module level; a view's
    ``crumbs((page_title, None))`` then gives the area's crumbs, linked, followed by its own."""

    def crumbs(*rest: Crumb) -> list[Crumb]:
        return [(str(label), reverse(name)) for label, name in root] + list(rest)

    return crumbs


def require_or_404(allowed: bool) -> None:
    if not allowed:
        raise Http404


@dataclass(frozen=True)
class Submitted:
    """A form whose service went through; ``result`` is what the service returned."""

    result: Any


def submit(
    request: HttpRequest,
    form: forms.BaseForm,
    write: Callable[[dict[str, Any]], Any],
    *,
    success: str | Callable[[Any], str],
) -> Submitted | None:
    """Run ``write(form.cleaned_data)`` if the form was posted and is valid, and say so with
    ``success`` (a text, or a function of the service's result). ``None`` means: show the form
    (again), with the service's errors on it if it refused the values."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        result = write(form.cleaned_data)
    except ValidationError as exc:
        add_service_errors(form, exc)
        return None
    messages.success(request, success(result) if callable(success) else success)
    return Submitted(result)


def confirm_page(
    request: HttpRequest,
    *,
    title: str,
    subject: str,
    text: str,
    button: str,
    action: Callable[[], Any],
    success: str,
    done_url: str | Callable[[], str],
    back_url: str,
    breadcrumbs: list[Crumb] | None = None,
    danger: bool = False,
    template: str = "core/confirm.html",
    context: Mapping[str, Any] | None = None,
) -> HttpResponse:
    """Ask (GET) before ``action`` runs (POST). A refusal or a rejected value becomes an error
    message; either way the person lands on ``done_url`` (a function when the address is known
    only after the action, e.g. of an object it deleted)."""
    if request.method == "POST":
        perform(request, action, success)
        return redirect(done_url() if callable(done_url) else done_url)
    return render(
        request,
        template,
        {
            "title": title,
            "subject": subject,
            "text": text,
            "button": button,
            "danger": danger,
            "back_url": back_url,
            "breadcrumbs": breadcrumbs,
            **(context or {}),
        },
    )
