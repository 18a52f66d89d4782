"""The contact form for a verified adopter: a signed-in visitor writes to the organisation that
uses a solution. Thin: the contact selectors and service do the work."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from spred.core.pages import submit, trail
from spred.core.policies import ActionNotAllowed
from spred.diffusion.forms.contact import ContactRequestForm
from spred.diffusion.selectors.contact import contact_adoption, contact_reachable
from spred.diffusion.services.contact import CONTACT_LIMIT_PER_DAY, contact_request_send

_crumbs = trail((gettext_lazy("Spredning"), "diffusion:index"))


@login_required
@require_http_methods(["GET", "POST"])
def contact(request: HttpRequest, pk: int) -> HttpResponse:
    adoption = contact_adoption(user=request.user, pk=pk)
    solution_url = reverse("diffusion:solution", kwargs={"slug": adoption.solution.slug})
    form = ContactRequestForm(request.POST or None)
    try:
        done = submit(
            request,
            form,
            lambda data: contact_request_send(
                acting_user=request.user, adoption=adoption, message=data["message"]
            ),
            success=_(
                "Beskeden er sendt til %(organisation)s. Svarer de, kommer svaret til din "
                "e-mailadresse."
            )
            % {"organisation": adoption.organisation.name},
        )
    except ActionNotAllowed as exc:
        form.add_error(None, exc.message)
        done = None
    if done:
        return redirect(solution_url)
    return render(
        request,
        "diffusion/contact.html",
        {
            "adoption": adoption,
            "form": form,
            "reachable": contact_reachable(user=request.user, adoption=adoption),
            "limit": CONTACT_LIMIT_PER_DAY,
            "breadcrumbs": _crumbs(
                (adoption.solution.name, solution_url),
                (
                    _("Kontakt %(organisation)s") % {"organisation": adoption.organisation.name},
                    None,
                ),
            ),
        },
    )
