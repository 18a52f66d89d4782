"""The signed-in user's own pages: memberships, join requests to decide, API tokens."""

from __future__ import annotations

from datetime import datetime, time

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from spred.accounts import selectors as account_selectors
from spred.accounts import services as account_services
from spred.accounts.forms import ApiTokenForm, ProfileForm
from spred.accounts.models import User
from spred.accounts.roles import PlatformRole
from spred.core.feedback import perform
from spred.core.forms import add_service_errors
from spred.organisations import selectors as org_selectors
from spred.organisations import services as org_services
from spred.organisations.forms import MembershipDecisionForm


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    user = request.user
    return render(
        request,
        "accounts/profile.html",
        {
            "memberships": org_selectors.memberships_of(user=user),
            "pending_count": org_selectors.pending_requests_for(user=user).count(),
            "roles": sorted(
                str(PlatformRole(name).label) if name in PlatformRole.values else name
                for name in user.groups.values_list("name", flat=True)
            ),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def profile_edit(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)  # login_required
    form = ProfileForm(
        request.POST or None, initial={"name": user.name, "job_title": user.job_title}
    )
    if request.method == "POST" and form.is_valid():
        try:
            account_services.user_update_profile(acting_user=user, user=user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Dine oplysninger er gemt."))
            return redirect("accounts:profile")
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


@login_required
def membership_requests(request: HttpRequest) -> HttpResponse:
    pending = org_selectors.pending_requests_for(user=request.user)
    return render(
        request,
        "accounts/membership_requests.html",
        {"pending": pending, "form": MembershipDecisionForm()},
    )


@login_required
@require_POST
def membership_decide(request: HttpRequest, pk: int) -> HttpResponse:
    membership = org_selectors.membership_for_decision(user=request.user, pk=pk)
    form = MembershipDecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Vælg godkend eller afvis."))
        return redirect("accounts:requests")
    perform(
        request,
        lambda: org_services.membership_decide(
            acting_user=request.user,
            membership=membership,
            approve=form.cleaned_data["decision"] == "approve",
            role=form.cleaned_data["role"],
        ),
        _("Afgørelsen er gemt, og %(user)s har fået besked.") % {"user": membership.user},
    )
    next_url = request.POST.get("next", "")
    if next_url and url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(next_url)
    return redirect("accounts:requests")


@login_required
@require_http_methods(["GET", "POST"])
def membership_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    membership = org_selectors.membership_for_decision(user=request.user, pk=pk)
    if membership.user_id != request.user.pk:
        raise Http404
    if request.method == "POST":
        perform(
            request,
            lambda: org_services.membership_withdraw(
                acting_user=request.user, membership=membership
            ),
            _("Du er ikke længere tilknyttet %(org)s.") % {"org": membership.organisation},
        )
        return redirect("accounts:profile")
    return render(request, "accounts/membership_withdraw.html", {"membership": membership})
