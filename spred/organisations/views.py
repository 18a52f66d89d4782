"""Organisation pages and memberships: thin — parse input, call selectors and services, render.

Besides the register (/organisationer/), the signed-in person's membership pages live here,
under /konto/: the join requests they decide as an administrator, and leaving an organisation.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from spred.core.feedback import perform
from spred.core.pages import require_or_404, submit
from spred.core.pagination import paginate
from spred.organisations import selectors, services
from spred.organisations.choices import MembershipRole, role_label
from spred.organisations.forms import (
    MembershipDecisionForm,
    MembershipRequestForm,
    OrganisationEditForm,
    OrganisationFilterForm,
    PrivateRegistrationForm,
)
from spred.organisations.memberships import active_role
from spred.organisations.models import Membership, Organisation
from spred.organisations.policies import OrganisationPolicy


@require_GET
def organisation_list(request: HttpRequest) -> HttpResponse:
    regions = list(selectors.region_list(user=request.user))
    form = OrganisationFilterForm(request.GET or None, regions=regions)
    filters = selectors.OrganisationFilter()
    if form.is_bound:
        # A bad value (an unknown region in a hand-edited address, say) is shown as an error on
        # its field, and the filters that are valid still apply.
        form.is_valid()
        data = form.cleaned_data
        filters = selectors.OrganisationFilter(
            kind=data.get("kind", ""),
            sector=data.get("sector", ""),
            region=data.get("region"),
            q=data.get("q", ""),
        )
    page = paginate(request, selectors.organisation_list(user=request.user, filters=filters))
    template = (
        "organisations/organisation_list.html#results"
        if request.htmx  # type: ignore[attr-defined]
        else "organisations/organisation_list.html"
    )
    return render(request, template, {"form": form, "page": page, "filters": filters})


@require_GET
def organisation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = selectors.organisation_detail(user=request.user, slug=slug)
    user = request.user
    my_role = active_role(user, organisation)
    # A pending (or rejected) request is shown as such, instead of offering the join form again.
    my_membership = (
        selectors.memberships_of(user=user).filter(organisation=organisation).first()
        if user.is_authenticated and not my_role
        else None
    )
    return render(
        request,
        "organisations/organisation_detail.html",
        {
            "organisation": organisation,
            "breadcrumbs": [
                (_("Organisationer"), reverse("organisations:list")),
                (organisation.name, None),
            ],
            "my_role_label": role_label(my_role) if my_role else "",
            "children": selectors.organisation_children(user=user, organisation=organisation)[:50],
            "my_role": my_role,
            "my_membership": my_membership,
            "is_reference": organisation.reference_key is not None,
            "can_edit": OrganisationPolicy.can(user, "edit", organisation),
            "can_manage": OrganisationPolicy.can(user, "manage_members", organisation),
            "can_request": OrganisationPolicy.can(user, "request_membership", organisation),
            "request_form": MembershipRequestForm(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def organisation_register(request: HttpRequest) -> HttpResponse:
    form = PrivateRegistrationForm(request.POST or None)
    done = submit(
        request,
        form,
        lambda data: services.organisation_register_private(acting_user=request.user, **data),
        success=lambda organisation: (
            _("%(org)s er registreret, og du er dens administrator.") % {"org": organisation}
        ),
    )
    if done:
        return redirect(done.result)
    return render(request, "organisations/organisation_register.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def organisation_edit(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = selectors.organisation_detail(user=request.user, slug=slug)
    require_or_404(OrganisationPolicy.can(request.user, "edit", organisation))
    form = OrganisationEditForm(request.POST or None, instance=organisation)
    if submit(
        request,
        form,
        lambda data: services.organisation_update(
            acting_user=request.user,
            organisation=organisation,
            **{f: data[f] for f in form.Meta.fields},
        ),
        success=_("Ændringerne er gemt."),
    ):
        return redirect(organisation)
    return render(
        request,
        "organisations/organisation_edit.html",
        {"form": form, "organisation": organisation},
    )


@login_required
@require_POST
def membership_request(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = selectors.organisation_detail(user=request.user, slug=slug)
    form = MembershipRequestForm(request.POST)
    if form.is_valid():
        perform(
            request,
            lambda: services.membership_request(
                acting_user=request.user,
                organisation=organisation,
                message=form.cleaned_data["message"],
            ),
            _(
                "Din anmodning er sendt. Du får besked, når en administrator for %(org)s "
                "har taget stilling."
            )
            % {"org": organisation},
        )
    else:
        messages.error(request, _("Beskeden er for lang (højst 1.000 tegn)."))
    return redirect(organisation)


@login_required
@require_GET
def organisation_members(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = selectors.organisation_detail(user=request.user, slug=slug)
    require_or_404(OrganisationPolicy.can(request.user, "manage_members", organisation))
    members = selectors.organisation_members(user=request.user, organisation=organisation)
    return render(
        request,
        "organisations/organisation_members.html",
        {
            "organisation": organisation,
            "page": paginate(request, members, per_page=50),
            "roles": MembershipRole.choices,
        },
    )


def _member_of(request: HttpRequest, slug: str, pk: int) -> tuple[Organisation, Membership]:
    """The organisation and one of its memberships, as its admin sees them (else 404)."""
    organisation = selectors.organisation_detail(user=request.user, slug=slug)
    require_or_404(OrganisationPolicy.can(request.user, "manage_members", organisation))
    membership = selectors.membership_for_decision(user=request.user, pk=pk)
    require_or_404(membership.organisation_id == organisation.pk)
    return organisation, membership


@login_required
@require_POST
def membership_change_role(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    organisation, membership = _member_of(request, slug, pk)
    role = request.POST.get("role", "")
    perform(
        request,
        lambda: services.membership_change_role(
            acting_user=request.user, membership=membership, role=role
        ),
        lambda: (
            _("%(user)s er nu %(role)s.")
            % {"user": membership.user, "role": role_label(membership.role)}
        ),
    )
    return redirect("organisations:members", slug=organisation.slug)


@login_required
@require_http_methods(["GET", "POST"])
def membership_remove(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    organisation, membership = _member_of(request, slug, pk)
    if request.method == "POST":
        perform(
            request,
            lambda: services.membership_remove(acting_user=request.user, membership=membership),
            _("%(user)s er ikke længere medlem af %(org)s.")
            % {"user": membership.user, "org": organisation},
        )
        return redirect("organisations:members", slug=organisation.slug)
    return render(
        request,
        "organisations/membership_remove.html",
        {"organisation": organisation, "membership": membership},
    )


# -- the signed-in person's memberships (/konto/) ------------------------------------------


@login_required
def membership_requests(request: HttpRequest) -> HttpResponse:
    pending = selectors.pending_requests_for(user=request.user)
    return render(
        request,
        "organisations/membership_requests.html",
        {"pending": pending, "form": MembershipDecisionForm()},
    )


@login_required
@require_POST
def membership_decide(request: HttpRequest, pk: int) -> HttpResponse:
    membership = selectors.membership_for_decision(user=request.user, pk=pk)
    form = MembershipDecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Vælg godkend eller afvis."))
        return redirect("organisations:membership_requests")
    perform(
        request,
        lambda: services.membership_decide(
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
    return redirect("organisations:membership_requests")


@login_required
@require_http_methods(["GET", "POST"])
def membership_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    membership = selectors.membership_for_decision(user=request.user, pk=pk)
    require_or_404(membership.user_id == request.user.pk)
    if request.method == "POST":
        perform(
            request,
            lambda: services.membership_withdraw(acting_user=request.user, membership=membership),
            _("Du er ikke længere tilknyttet %(org)s.") % {"org": membership.organisation},
        )
        return redirect("site:profile")
    return render(request, "organisations/membership_withdraw.html", {"membership": membership})
