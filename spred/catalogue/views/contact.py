"""A case's contact person: set them with their consent, and withdraw the consent — by the
case's owners, or by the contact person with the link they were e-mailed.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from spred.catalogue import consent
from spred.catalogue.consent import consent_text
from spred.catalogue.forms.contact import ContactForm
from spred.catalogue.policies import CasePolicy
from spred.catalogue.selectors import entries as entry_selectors
from spred.catalogue.services import contact as contact_services
from spred.core.pages import confirm_page, require_or_404, submit, trail
from spred.core.policies import ActionNotAllowed

crumbs = trail((gettext_lazy("Katalog"), "catalogue:search"))


@login_required
@require_http_methods(["GET", "POST"])
def contact_edit(request: HttpRequest, slug: str) -> HttpResponse:
    case = entry_selectors.case_get(user=request.user, slug=slug)
    require_or_404(CasePolicy.can(request.user, "manage_contact", case))
    current = getattr(case, "contact", None)
    initial = (
        {
            "name": current.name,
            "email": current.email,
            "job_title": current.job_title,
            "phone": current.phone,
        }
        if current is not None and current.is_shown
        else None
    )
    form = ContactForm(request.POST or None, initial=initial)
    if submit(
        request,
        form,
        lambda _data: contact_services.contact_set(
            acting_user=request.user, case=case, contact=form.to_input()
        ),
        success=_("Kontaktpersonen er gemt og vises på casen."),
    ):
        return redirect(case)
    return render(
        request,
        "catalogue/contact_form.html",
        {
            "case": case,
            "form": form,
            "consent_text": form.consent_text(),
            "breadcrumbs": crumbs(
                (case.title, case.get_absolute_url()), (_("Kontaktperson"), None)
            ),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def contact_withdraw(request: HttpRequest, slug: str) -> HttpResponse:
    case = entry_selectors.case_get(user=request.user, slug=slug)
    require_or_404(CasePolicy.can(request.user, "manage_contact", case))
    contact = getattr(case, "contact", None)
    if contact is None or not contact.is_shown:
        raise Http404
    given = consent_text(contact.consent_text_version)
    title = _("Træk samtykket tilbage")
    return confirm_page(
        request,
        title=title,
        subject=case.title,
        text=_(
            "%(name)s fjernes straks som kontaktperson overalt på Spred — på siden, i API'et og "
            "i eksporter — og navn, e-mail, telefon og stilling slettes. Tilbage står kun, "
            "hvornår samtykket blev givet (efter tekstversion %(version)s) og trukket tilbage."
        )
        % {"name": contact.name, "version": given.version if given else "–"},
        button=_("Ja, fjern kontaktpersonen"),
        action=lambda: contact_services.contact_withdraw(acting_user=request.user, case=case),
        success=_("Samtykket er trukket tilbage, og kontaktoplysningerne er slettet."),
        done_url=case.get_absolute_url(),
        back_url=case.get_absolute_url(),
        breadcrumbs=crumbs((case.title, case.get_absolute_url()), (title, None)),
    )


@require_http_methods(["GET", "POST"])
def contact_withdraw_link(request: HttpRequest, token: str) -> HttpResponse:
    """The link e-mailed to the contact person: withdraw consent without an account."""
    contact = consent.contact_for_token(token)
    if request.method == "POST":
        try:
            contact_services.contact_withdraw_by_link(acting_user=request.user, token=token)
        except ActionNotAllowed as exc:
            messages.error(request, exc.message)
        else:
            return render(request, "catalogue/contact_withdrawn.html", {"done": True})
    return render(
        request,
        "catalogue/contact_withdrawn.html",
        {
            "contact": contact,
            "case": contact.case if contact is not None else None,
            "contact_email": settings.SPRED_CONTACT_EMAIL,
        },
    )
