"""An organisation's spreading page: its adoptions and the solutions similar organisations use.
Thin: the ledger and recommendation selectors do the work."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from spred.accounts.roles import is_editor
from spred.core.pages import trail
from spred.diffusion.choices import Verification
from spred.diffusion.selectors import ledger, recommendations
from spred.organisations.memberships import is_member

_crumbs = trail((gettext_lazy("Spredning"), "diffusion:index"))


@require_GET
def organisation(request: HttpRequest, slug: str) -> HttpResponse:
    user = request.user
    org = recommendations.diffusion_organisation(user=user, slug=slug)
    member = is_member(user, org)
    adoptions = (
        ledger.organisation_adoptions(user=user, organisation=org)
        .exclude(verification=Verification.REJECTED)
        .order_by("solution__name", "pk")
    )
    report = recommendations.recommendation_report(user=user, organisation=org)
    return render(
        request,
        "diffusion/organisation.html",
        {
            "organisation": org,
            "member": member,
            "adoptions": list(adoptions),
            "report": report,
            "recommendations": report.recommendations,
            "profile": report.profile,
            "can_record": member or is_editor(user),
            "breadcrumbs": _crumbs((org.name, None)),
        },
    )
