"""The signed-in user's own account pages: name and job title, and personal API tokens.
("Min side" itself is the platform's page, ``site.views.profile``.)"""

from __future__ import annotations

from datetime import datetime, time

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from spred.accounts import selectors as account_selectors
from spred.accounts import services as account_services
from spred.accounts.forms import ApiTokenForm, ProfileForm
from spred.accounts.models import User
from spred.core.forms import add_service_errors
from spred.core.pages import submit


@login_required
@require_http_methods(["GET", "POST"])
def profile_edit(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)  # login_required
    form = ProfileForm(
        request.POST or None, initial={"name": user.name, "job_title": user.job_title}
    )
    if submit(
        request,
        form,
        lambda data: account_services.user_update_profile(acting_user=user, user=user, **data),
        success=_("Dine oplysninger er gemt."),
    ):
        return redirect("site:profile")
    return render(request, "accounts/profile_edit.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def api_tokens(request: HttpRequest) -> HttpResponse:
    form = ApiTokenForm(request.POST or None)
    new_raw: str | None = None
    if request.method == "POST" and form.is_valid():
        expires = form.cleaned_data["expires_at"]
        expires_at = (
            timezone.make_aware(datetime.combine(expires, time(23, 59, 59))) if expires else None
        )
        try:
            _token, new_raw = account_services.api_token_create(
                acting_user=request.user, name=form.cleaned_data["name"], expires_at=expires_at
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            form = ApiTokenForm()
    tokens = account_selectors.api_token_list(user=request.user)
    return render(
        request,
        "accounts/api_tokens.html",
        {"form": form, "tokens": tokens, "new_raw": new_raw},
        status=201 if new_raw else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def api_token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = account_selectors.api_token_detail(user=request.user, pk=pk)
    if request.method == "POST":
        account_services.api_token_revoke(acting_user=request.user, token=token)
        messages.success(request, _("Nøglen “%(name)s” er tilbagekaldt.") % {"name": token.name})
        return redirect("accounts:tokens")
    return render(request, "accounts/api_token_revoke.html", {"token": token})
