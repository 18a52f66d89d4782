"""An organisation's spreading page (its adoptions and recommendations) and the contact form
for a verified adopter. Thin: selectors and services do the work."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from spred.accounts.roles import is_editor
from spred.core.forms import add_service_errors
from spred.core.policies import ActionNotAllowed
from spred.diffusion.choices import Verification
from spred.diffusion.forms.contact import ContactRequestForm
from spred.diffusion.selectors import contact as contact_selectors
from spred.diffusion.selectors import ledger as selectors
from spred.diffusion.selectors import recommendations as picks
from spred.diffusion.services.contact import CONTACT_LIMIT_PER_DAY, contact_request_send
from spred.organisations.memberships import is_member


def _crumbs(*rest: tuple[str, str | None]) -> list[tuple[str, str | None]]:
    return [(_("Spredning"), reverse("diffusion:index")), *rest]


@require_GET
def organisation(request: HttpRequest, slug: str) -> HttpResponse:
    user = request.user
    org = picks.diffusion_organisation(user=user, slug=slug)
    member = is_member(user, org)
    adoptions = (
        selectors.organisation_adoptions(user=user, organisation=org)
        .exclude(verification=Verification.REJECTED)
        .order_by("solution__name", "pk")
    )
    report = picks.recommendation_report(user=user, organisation=org)
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


@login_required
@require_http_methods(["GET", "POST"])
def contact(request: HttpRequest, pk: int) -> HttpResponse:
    adoption = contact_selectors.contact_adoption(user=request.user, pk=pk)
    form = ContactRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            contact_request_send(
                acting_user=request.user, adoption=adoption, message=form.cleaned_data["message"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        except ActionNotAllowed as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request,
                _(
                    "Beskeden er sendt til %(organisation)s. Svarer de, kommer svaret til din "
                    "e-mailadresse."
                )
                % {"organisation": adoption.organisation.name},
            )
            return redirect(reverse("diffusion:solution", kwargs={"slug": adoption.solution.slug}))
    return render(
        request,
        "diffusion/contact.html",
        {
            "adoption": adoption,
            "form": form,
            "reachable": contact_selectors.contact_reachable(user=request.user, adoption=adoption),
            "limit": CONTACT_LIMIT_PER_DAY,
            "breadcrumbs": _crumbs(
                (
                    adoption.solution.name,
                    reverse("diffusion:solution", kwargs={"slug": adoption.solution.slug}),
                ),
                (
                    _("Kontakt %(organisation)s") % {"organisation": adoption.organisation.name},
                    None,
                ),
            ),
        },
    )
