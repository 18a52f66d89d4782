"""Pages of the adoption ledger: thin — parse input, call selectors and services, render.

An adoption outside the user's scope answers 404 (selectors). A page for an action the user may
not take on an adoption they can see answers 404 as well, so a page never hints at what exists.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from spred.core.feedback import perform
from spred.core.pages import Crumb, confirm_page, require_or_404, submit, trail
from spred.core.pagination import paginate
from spred.diffusion.choices import Verification
from spred.diffusion.forms.ledger import (
    AdoptionEditForm,
    AdoptionRecordForm,
    LearnedFromForm,
    LedgerFilterForm,
    RejectForm,
    StatusChangeForm,
)
from spred.diffusion.models import Adoption
from spred.diffusion.policies import AdoptionPolicy, can_record_somewhere
from spred.diffusion.selectors import ledger as selectors
from spred.diffusion.services import ledger as services

ACTIONS = ("confirm", "reject", "change_status", "edit", "withdraw", "contact")


_crumbs = trail(
    (gettext_lazy("Spredning"), "diffusion:index"),
    (gettext_lazy("Ibrugtagninger"), "diffusion:ledger"),
)


def _adoption_crumbs(adoption: Adoption, *rest: Crumb) -> list[Crumb]:
    return _crumbs((str(adoption), adoption.get_absolute_url() if rest else None), *rest)


def _adoption_for(request: HttpRequest, pk: int, action: str) -> Adoption:
    adoption = selectors.adoption_detail(user=request.user, pk=pk)
    require_or_404(AdoptionPolicy.can(request.user, action, adoption))
    return adoption


def _back(request: HttpRequest, adoption: Adoption | None) -> str:
    """Where an action returns to: the to-confirm list when it started there, else the
    adoption's page (a fixed choice, so ``next`` cannot send anyone elsewhere)."""
    to_confirm = reverse("diffusion:to_confirm")
    if request.POST.get("next") == to_confirm or adoption is None:
        return to_confirm
    return adoption.get_absolute_url()


def _confirm_page(
    request: HttpRequest, *, adoption: Adoption, title: str, **options: Any
) -> HttpResponse:
    """The kit's confirmation page for an action on ``adoption``: it names the adoption under the
    title and leads back to its page."""
    return confirm_page(
        request,
        title=title,
        subject=f"{adoption.organisation.name} · {adoption.solution.name}",
        back_url=adoption.get_absolute_url(),
        breadcrumbs=_adoption_crumbs(adoption, (title, None)),
        **options,
    )


# -- the public ledger ----------------------------------------------------------------------


@require_GET
def ledger(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = LedgerFilterForm(
        request.GET or None,
        solutions=selectors.recordable_solutions(),
        organisations=selectors.public_organisations(user=user),
        regions=selectors.region_options(user=user),
    )
    filters = form.filters() if request.GET else {}
    page = paginate(request, selectors.ledger(user=user, **filters))
    return render(
        request,
        "diffusion/ledger.html",
        {
            "form": form,
            "page": page,
            "filtered": any(v is not None for v in filters.values()),
            "chosen_solution": filters.get("solution"),
            "can_record": can_record_somewhere(user),
            "to_confirm": selectors.adoptions_to_confirm(user=user).count()
            if user.is_authenticated
            else 0,
            "breadcrumbs": [*_crumbs()[:-1], (_("Ibrugtagninger"), None)],
        },
    )


@require_GET
def adoption_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    adoption = selectors.adoption_detail(user=user, pk=pk)
    can = {action: AdoptionPolicy.can(user, action, adoption) for action in ACTIONS}
    learned_form = None
    if can["edit"]:
        learned_form = LearnedFromForm(
            organisations=selectors.public_organisations(user=user).exclude(
                pk=adoption.organisation_id
            )
        )
    return render(
        request,
        "diffusion/adoption_detail.html",
        {
            "adoption": adoption,
            "events": list(selectors.adoption_events(user=user, adoption=adoption)),
            "links": list(adoption.learned_from.all()),
            "can": can,
            "learned_form": learned_form,
            "breadcrumbs": _adoption_crumbs(adoption),
        },
    )


# -- recording ------------------------------------------------------------------------------


def _record_form(request: HttpRequest) -> AdoptionRecordForm:
    user = request.user
    initial: dict[str, Any] = {}
    if request.method == "GET":
        initial["solution"] = request.GET.get("loesning", "")
        if request.GET.get("organisation"):
            initial["organisation"] = request.GET["organisation"]
    return AdoptionRecordForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        mine=selectors.my_organisations(user=user),
        others=selectors.public_organisations(user=user),
        solutions=selectors.recordable_solutions(),
        cases=selectors.source_case_options().select_related("organisation"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def adoption_record(request: HttpRequest) -> HttpResponse:
    require_or_404(AdoptionPolicy.can(request.user, "create"))
    form = _record_form(request)
    done = submit(
        request,
        form,
        lambda _data: services.adoption_record(acting_user=request.user, **form.service_kwargs()),
        success=_recorded,
    )
    if done:
        return redirect(done.result)
    mine = selectors.my_organisations(user=request.user)
    return render(
        request,
        "diffusion/adoption_form.html",
        {
            "form": form,
            "mine": mine,
            "mine_names": ", ".join(o.name for o in mine),
            "breadcrumbs": _crumbs((_("Registrér ibrugtagning"), None)),
        },
    )


def _recorded(adoption: Adoption) -> str:
    if adoption.verification == Verification.VERIFIED:
        return _("Ibrugtagningen er registreret og verificeret. Den tæller nu med i spredningen.")
    return _(
        "Ibrugtagningen er registreret. Den afventer bekræftelse fra %(organisation)s og tæller "
        "først med i spredningen, når de har bekræftet den."
    ) % {"organisation": adoption.organisation.name}


# -- actions on one adoption ----------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def adoption_change_status(request: HttpRequest, pk: int) -> HttpResponse:
    adoption = _adoption_for(request, pk, "change_status")
    form = StatusChangeForm(
        request.POST if request.method == "POST" else None, current=adoption.status
    )
    if submit(
        request,
        form,
        lambda data: services.adoption_change_status(
            acting_user=request.user,
            adoption=adoption,
            status=data["status"],
            date=data["date"],
            reason=data.get("reason", ""),
        ),
        success=_("Den nye status er gemt i historikken."),
    ):
        return redirect(adoption)
    return render(
        request,
        "diffusion/adoption_status.html",
        {
            "adoption": adoption,
            "form": form,
            "breadcrumbs": _adoption_crumbs(adoption, (_("Skift status"), None)),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def adoption_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    adoption = _adoption_for(request, pk, "confirm")
    pending = adoption.verification == Verification.PENDING
    return _confirm_page(
        request,
        adoption=adoption,
        title=_("Bekræft ibrugtagningen") if pending else _("Bekræft, at det stadig gælder"),
        text=_(
            "Bekræft, at %(organisation)s bruger %(solution)s som beskrevet. Derefter tæller den "
            "med i spredningen af løsningen."
        )
        % {"organisation": adoption.organisation.name, "solution": adoption.solution.name}
        if pending
        else _(
            "Bekræft, at status og oplysninger stadig er rigtige. Så regnes ibrugtagningen som "
            "bekræftet et år mere."
        ),
        button=_("Ja, bekræft"),
        action=lambda: services.adoption_confirm(acting_user=request.user, adoption=adoption),
        success=_("Ibrugtagningen er bekræftet.")
        if pending
        else _("Tak. Ibrugtagningen er bekræftet for et år mere."),
        done_url=lambda: _back(request, adoption),
    )


@login_required
@require_http_methods(["GET", "POST"])
def adoption_reject(request: HttpRequest, pk: int) -> HttpResponse:
    adoption = _adoption_for(request, pk, "reject")
    form = RejectForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        perform(
            request,
            lambda: services.adoption_reject(
                acting_user=request.user, adoption=adoption, reason=form.cleaned_data["reason"]
            ),
            _("Registreringen er afvist. Den, der registrerede den, har fået besked."),
        )
        return redirect(_back(request, adoption))
    return render(
        request,
        "diffusion/adoption_reject.html",
        {
            "adoption": adoption,
            "form": form,
            "next": request.GET.get("next", ""),
            "breadcrumbs": _adoption_crumbs(adoption, (_("Afvis registreringen"), None)),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def adoption_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    adoption = _adoption_for(request, pk, "withdraw")
    return _confirm_page(
        request,
        adoption=adoption,
        title=_("Træk registreringen tilbage"),
        text=_(
            "Registreringen, dens historik og »lært af« slettes. %(organisation)s skal så ikke "
            "længere tage stilling til den."
        )
        % {"organisation": adoption.organisation.name},
        button=_("Ja, træk den tilbage"),
        action=lambda: services.adoption_withdraw(acting_user=request.user, adoption=adoption),
        success=_("Registreringen er trukket tilbage."),
        done_url=lambda: reverse("diffusion:ledger"),
        danger=True,
    )


@login_required
@require_http_methods(["GET", "POST"])
def adoption_edit(request: HttpRequest, pk: int) -> HttpResponse:
    adoption = _adoption_for(request, pk, "edit")
    initial = {
        "scope_value": adoption.scope_value,
        "scope_unit": adoption.scope_unit,
        "source_case": adoption.source_case.slug if adoption.source_case else "",
        "note": adoption.note,
    }
    form = AdoptionEditForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        cases=selectors.source_case_options().select_related("organisation"),
    )
    if submit(
        request,
        form,
        lambda data: services.adoption_update(
            acting_user=request.user,
            adoption=adoption,
            scope_value=data["scope_value"],
            scope_unit=data["scope_unit"],
            source_case=data["source_case"],
            note=data["note"],
        ),
        success=_("Ændringerne er gemt."),
    ):
        return redirect(adoption)
    return render(
        request,
        "diffusion/adoption_edit.html",
        {
            "adoption": adoption,
            "form": form,
            "breadcrumbs": _adoption_crumbs(adoption, (_("Redigér"), None)),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def learned_from_add(request: HttpRequest, pk: int) -> HttpResponse:
    adoption = _adoption_for(request, pk, "edit")
    form = LearnedFromForm(
        request.POST if request.method == "POST" else None,
        organisations=selectors.public_organisations(user=request.user).exclude(
            pk=adoption.organisation_id
        ),
    )
    if submit(
        request,
        form,
        lambda data: services.learned_from_add(
            acting_user=request.user,
            adoption=adoption,
            source=data["source"],
            adapted=data["adapted"],
        ),
        success=_("»Lært af« er tilføjet."),
    ):
        return redirect(adoption)
    return render(
        request,
        "diffusion/adoption_learned_from.html",
        {
            "adoption": adoption,
            "form": form,
            "breadcrumbs": _adoption_crumbs(adoption, (_("Tilføj »lært af«"), None)),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def learned_from_remove(request: HttpRequest, pk: int, link: int) -> HttpResponse:
    adoption = _adoption_for(request, pk, "edit")
    found = next((item for item in adoption.learned_from.all() if item.pk == link), None)
    require_or_404(found is not None)
    assert found is not None
    return _confirm_page(
        request,
        adoption=adoption,
        title=_("Fjern »lært af«"),
        text=_("%(source)s fjernes fra de organisationer, %(organisation)s har lært af.")
        % {"source": found.source.name, "organisation": adoption.organisation.name},
        button=_("Ja, fjern"),
        action=lambda: services.learned_from_remove(acting_user=request.user, link=found),
        success=_("»Lært af« er fjernet."),
        done_url=adoption.get_absolute_url,
        danger=True,
    )


# -- to confirm -----------------------------------------------------------------------------


@login_required
@require_GET
def to_confirm(request: HttpRequest) -> HttpResponse:
    user = request.user
    adoptions = list(selectors.adoptions_to_confirm(user=user))
    return render(
        request,
        "diffusion/to_confirm.html",
        {
            "pending": [a for a in adoptions if a.verification == Verification.PENDING],
            "due": [a for a in adoptions if a.verification == Verification.VERIFIED],
            "mine": selectors.my_organisations(user=user),
            "breadcrumbs": _crumbs((_("Til bekræftelse"), None)),
        },
    )
