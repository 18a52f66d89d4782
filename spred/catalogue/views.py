"""Pages for cases and solutions: thin — parse input, call selectors and services, render.

An entry outside the user's scope answers 404 (selectors). A page for an action the user may
not take on an entry they can see answers 404 as well, so a page never hints at what exists.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from spred.catalogue import consent, selectors, services
from spred.catalogue.choices import PUBLIC_STATUSES, Status
from spred.catalogue.consent import consent_text
from spred.catalogue.forms import (
    AttachmentForm,
    CaseForm,
    ContactForm,
    ReviewForm,
    SolutionForm,
    partner_formset,
)
from spred.catalogue.models import Case, Solution
from spred.catalogue.policies import CasePolicy, SolutionPolicy, is_editor
from spred.catalogue.review import acceptance_checklist, solution_checklist
from spred.catalogue.revisions import snapshot_diff
from spred.core.feedback import perform
from spred.core.forms import add_service_errors
from spred.core.pagination import paginate
from spred.core.policies import ActionNotAllowed
from spred.diffusion.statistics_selectors import solution_diffusion

# -- shared ---------------------------------------------------------------------------------


def catalogue_home_url() -> str:
    """The catalogue's start page: the search page once it exists."""
    try:
        return reverse("catalogue:search")
    except NoReverseMatch:
        return reverse("core:module", kwargs={"slug": "katalog"})


def _crumbs(*rest: tuple[str, str | None]) -> list[tuple[str, str | None]]:
    return [(_("Katalog"), catalogue_home_url()), *rest]


def _entry_permissions(policy: Any, user: Any, entry: Case | Solution) -> dict[str, bool]:
    can = {action: policy.can(user, action, entry) for action in ("edit", "submit", "recall")}
    can["review"] = policy.can(user, "review", entry)
    archive = policy.can(user, "archive", entry)
    can["archive"] = archive and entry.status == Status.PUBLISHED
    can["unarchive"] = archive and entry.status == Status.ARCHIVED
    can["delete"] = policy.can(user, "delete", entry)
    return can


def _require(allowed: bool) -> None:
    if not allowed:
        raise Http404


def _confirm(
    request: HttpRequest,
    *,
    entry: Case | Solution,
    title: str,
    text: str,
    button: str,
    action: Callable[[], Any],
    success: str,
    done_url: str,
    danger: bool = False,
) -> HttpResponse:
    """A confirmation page (GET) for an action that runs on POST."""
    if request.method == "POST":
        perform(request, action, success)
        return redirect(done_url)
    return render(
        request,
        "catalogue/entry_confirm.html",
        {
            "entry": entry,
            "title": title,
            "text": text,
            "button": button,
            "danger": danger,
            "breadcrumbs": _crumbs((entry.title, entry.get_absolute_url()), (title, None)),
        },
    )


# -- cases ----------------------------------------------------------------------------------


@require_GET
def case_detail(request: HttpRequest, slug: str) -> HttpResponse:
    user = request.user
    case = selectors.case_get(user=user, slug=slug)
    can = _entry_permissions(CasePolicy, user, case)
    can["manage_contact"] = CasePolicy.can(user, "manage_contact", case)
    can["attach"] = CasePolicy.can(user, "attach", case)
    contact = getattr(case, "contact", None)
    insider = can["edit"] or can["manage_contact"] or is_editor(user)
    return render(
        request,
        "catalogue/case_detail.html",
        {
            "case": case,
            "can": can,
            "insider": insider,
            "partners": list(case.partnerships.all()),
            "solutions": list(selectors.case_solutions(user=user, case=case)),
            "contact": contact if contact is not None and contact.is_shown else None,
            "contact_withdrawn": contact is not None and not contact.is_shown,
            "attachments": list(case.attachments.all()),
            "revisions": list(case.revisions.all()),
            "checklist": acceptance_checklist(case)
            if insider and case.status != Status.PUBLISHED
            else None,
            "similar": selectors.similar_entries(user=user, kind="case", object_id=case.pk)
            if case.status == Status.PUBLISHED
            else [],
            "breadcrumbs": _crumbs((case.title, None)),
        },
    )


def _case_form_context(
    request: HttpRequest, case: Case | None
) -> tuple[CaseForm, Any, dict[str, Any]]:
    user = request.user
    data = request.POST if request.method == "POST" else None
    organisations = selectors.contributable_organisations(user=user) if case is None else None
    form = CaseForm(
        data,
        initial=CaseForm.initial_from(case) if case is not None else None,
        organisations=organisations,
        solutions=selectors.solution_options(user=user, case=case),
        published=case is not None and case.status == Status.PUBLISHED,
    )
    initial_partners = (
        [
            {"organisation": p.organisation_id, "role": p.role, "description": p.description}
            for p in case.partnerships.all()
        ]
        if case is not None
        else None
    )
    partners = partner_formset(
        data, organisations=selectors.partner_options(user=user), initial=initial_partners
    )
    return form, partners, {"form": form, "partners": partners, "case": case}


@login_required
@require_http_methods(["GET", "POST"])
def case_create(request: HttpRequest) -> HttpResponse:
    _require(CasePolicy.can(request.user, "create"))
    form, partners, context = _case_form_context(request, None)
    if request.method == "POST" and form.is_valid() and partners.is_valid():
        organisations = {o.pk: o for o in selectors.contributable_organisations(user=request.user)}
        try:
            case = services.case_create(
                acting_user=request.user,
                organisation=organisations[form.cleaned_data["organisation"]],
                data=form.to_input(partners.to_inputs()),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _(
                    "Casen er gemt som kladde. Kun din organisation og redaktionen kan se den, "
                    "indtil den er publiceret."
                ),
            )
            return redirect(case)
    context["breadcrumbs"] = _crumbs((_("Ny case"), None))
    return render(request, "catalogue/case_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def case_edit(request: HttpRequest, slug: str) -> HttpResponse:
    case = selectors.case_get(user=request.user, slug=slug)
    _require(CasePolicy.can(request.user, "edit", case))
    form, partners, context = _case_form_context(request, case)
    if request.method == "POST" and form.is_valid() and partners.is_valid():
        try:
            services.case_update(
                acting_user=request.user,
                case=case,
                data=form.to_input(partners.to_inputs()),
                comment=form.cleaned_data.get("comment", ""),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if case.status == Status.PUBLISHED:
                messages.success(request, _("Ændringerne er gemt og publiceret."))
            else:
                messages.success(request, _("Ændringerne er gemt."))
            return redirect(case)
    context["breadcrumbs"] = _crumbs((case.title, case.get_absolute_url()), (_("Redigér"), None))
    return render(request, "catalogue/case_form.html", context)


@login_required
@require_POST
def case_submit(request: HttpRequest, slug: str) -> HttpResponse:
    case = selectors.case_get(user=request.user, slug=slug)
    _require(CasePolicy.can(request.user, "submit", case))
    perform(
        request,
        lambda: services.case_submit(acting_user=request.user, case=case),
        _("Casen er sendt til redaktionen. I får besked på e-mail, når den er behandlet."),
    )
    return redirect(case)


@login_required
@require_POST
def case_recall(request: HttpRequest, slug: str) -> HttpResponse:
    case = selectors.case_get(user=request.user, slug=slug)
    _require(CasePolicy.can(request.user, "recall", case))
    perform(
        request,
        lambda: services.case_recall(acting_user=request.user, case=case),
        _("Casen er trukket tilbage fra redaktionen og er nu en kladde igen."),
    )
    return redirect(case)


@login_required
@require_http_methods(["GET", "POST"])
def case_review(request: HttpRequest, slug: str) -> HttpResponse:
    case = selectors.case_get(user=request.user, slug=slug)
    _require(CasePolicy.can(request.user, "review", case))
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        decision = request.POST.get("decision")
        comment = form.cleaned_data["comment"]
        try:
            if decision == "publish":
                services.case_publish(
                    acting_user=request.user,
                    case=case,
                    comment=comment,
                    override_criteria=form.cleaned_data["override_criteria"],
                )
                messages.success(request, _("Casen er publiceret."))
            elif decision == "return":
                services.case_return(acting_user=request.user, case=case, comment=comment)
                messages.success(request, _("Casen er sendt retur til organisationen."))
            else:
                raise ValidationError(_("Vælg, om casen skal publiceres eller sendes retur."))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return redirect("catalogue:review_queue")
    return render(
        request,
        "catalogue/entry_review.html",
        {
            "entry": case,
            "case": case,
            "form": form,
            "checklist": acceptance_checklist(case),
            "partners": list(case.partnerships.all()),
            "solutions": list(selectors.case_solutions(user=request.user, case=case)),
            "breadcrumbs": _crumbs(
                (_("Til behandling"), reverse("catalogue:review_queue")), (case.title, None)
            ),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def case_archive(request: HttpRequest, slug: str) -> HttpResponse:
    case = selectors.case_get(user=request.user, slug=slug)
    _require(_entry_permissions(CasePolicy, request.user, case)["archive"])
    return _confirm(
        request,
        entry=case,
        title=_("Arkivér casen"),
        text=_(
            "Casen forsvinder fra søgning, lister og feeds, men siden kan stadig findes på sin "
            "adresse, mærket som arkiveret. Du kan genåbne den senere."
        ),
        button=_("Ja, arkivér casen"),
        action=lambda: services.case_archive(acting_user=request.user, case=case),
        success=_("Casen er arkiveret."),
        done_url=case.get_absolute_url(),
    )


@login_required
@require_http_methods(["GET", "POST"])
def case_unarchive(request: HttpRequest, slug: str) -> HttpResponse:
    case = selectors.case_get(user=request.user, slug=slug)
    _require(_entry_permissions(CasePolicy, request.user, case)["unarchive"])
    return _confirm(
        request,
        entry=case,
        title=_("Genåbn casen"),
        text=_("Casen bliver publiceret igen, som den var, og kommer tilbage i søgning og lister."),
        button=_("Ja, genåbn casen"),
        action=lambda: services.case_unarchive(acting_user=request.user, case=case),
        success=_("Casen er publiceret igen."),
        done_url=case.get_absolute_url(),
    )


@login_required
@require_http_methods(["GET", "POST"])
def case_delete(request: HttpRequest, slug: str) -> HttpResponse:
    case = selectors.case_get(user=request.user, slug=slug)
    _require(CasePolicy.can(request.user, "delete", case))
    return _confirm(
        request,
        entry=case,
        title=_("Slet kladden"),
        text=_("Kladden og dens bilag slettes. Det kan ikke fortrydes."),
        button=_("Ja, slet kladden"),
        action=lambda: services.case_delete(acting_user=request.user, case=case),
        success=_("Kladden er slettet."),
        done_url=reverse("catalogue:my_entries"),
        danger=True,
    )


@require_GET
def case_revision(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    case = selectors.case_get(user=request.user, slug=slug)
    revision, previous = selectors.case_revision(user=request.user, case=case, number=number)
    changes = snapshot_diff(previous.snapshot if previous else {}, revision.snapshot)
    return render(
        request,
        "catalogue/case_revision.html",
        {
            "case": case,
            "revision": revision,
            "previous": previous,
            "changes": changes,
            "insider": CasePolicy.can(request.user, "edit", case) or is_editor(request.user),
            "breadcrumbs": _crumbs(
                (case.title, case.get_absolute_url()),
                (_("Version %(n)s") % {"n": revision.number}, None),
            ),
        },
    )


# -- contact person -------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def contact_edit(request: HttpRequest, slug: str) -> HttpResponse:
    case = selectors.case_get(user=request.user, slug=slug)
    _require(CasePolicy.can(request.user, "manage_contact", case))
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
    if request.method == "POST" and form.is_valid():
        try:
            services.contact_set(acting_user=request.user, case=case, contact=form.to_input())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Kontaktpersonen er gemt og vises på casen."))
            return redirect(case)
    return render(
        request,
        "catalogue/contact_form.html",
        {
            "case": case,
            "form": form,
            "consent_text": form.consent_text(),
            "breadcrumbs": _crumbs(
                (case.title, case.get_absolute_url()), (_("Kontaktperson"), None)
            ),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def contact_withdraw(request: HttpRequest, slug: str) -> HttpResponse:
    case = selectors.case_get(user=request.user, slug=slug)
    _require(CasePolicy.can(request.user, "manage_contact", case))
    contact = getattr(case, "contact", None)
    if contact is None or not contact.is_shown:
        raise Http404
    given = consent_text(contact.consent_text_version)
    return _confirm(
        request,
        entry=case,
        title=_("Træk samtykket tilbage"),
        text=_(
            "%(name)s fjernes straks som kontaktperson overalt på Spred — på siden, i API'et og "
            "i eksporter — og navn, e-mail, telefon og stilling slettes. Tilbage står kun, "
            "hvornår samtykket blev givet (efter tekstversion %(version)s) og trukket tilbage."
        )
        % {"name": contact.name, "version": given.version if given else "–"},
        button=_("Ja, fjern kontaktpersonen"),
        action=lambda: services.contact_withdraw(acting_user=request.user, case=case),
        success=_("Samtykket er trukket tilbage, og kontaktoplysningerne er slettet."),
        done_url=case.get_absolute_url(),
        danger=True,
    )


@require_http_methods(["GET", "POST"])
def contact_withdraw_link(request: HttpRequest, token: str) -> HttpResponse:
    """The link e-mailed to the contact person: withdraw consent without an account."""
    contact = consent.contact_for_token(token)
    if request.method == "POST":
        try:
            services.contact_withdraw_by_link(acting_user=request.user, token=token)
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


# -- attachments ----------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def attachment_add(request: HttpRequest, slug: str) -> HttpResponse:
    case = selectors.case_get(user=request.user, slug=slug)
    _require(CasePolicy.can(request.user, "attach", case))
    form = AttachmentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.attachment_add(
                acting_user=request.user,
                case=case,
                uploaded_file=form.cleaned_data["file"],
                title=form.cleaned_data["title"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Bilaget er tilføjet."))
            return redirect(case)
    return render(
        request,
        "catalogue/attachment_form.html",
        {
            "case": case,
            "form": form,
            "breadcrumbs": _crumbs((case.title, case.get_absolute_url()), (_("Nyt bilag"), None)),
        },
    )


def _attachment_of(case: Case, pk: int) -> Any:
    found = next((a for a in case.attachments.all() if a.pk == pk), None)
    if found is None:
        raise Http404
    return found


@require_GET
def attachment_download(request: HttpRequest, slug: str, pk: int) -> FileResponse:
    case = selectors.case_get(user=request.user, slug=slug)
    attachment = _attachment_of(case, pk)
    try:
        handle = attachment.file.open("rb")
    except (FileNotFoundError, OSError) as exc:
        raise Http404 from exc
    extension = PurePath(attachment.file.name).suffix
    filename = (slugify(attachment.title) or "bilag") + extension
    response = FileResponse(
        handle, as_attachment=True, filename=filename, content_type=attachment.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    if not case.is_public:
        response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def attachment_remove(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    case = selectors.case_get(user=request.user, slug=slug)
    _require(CasePolicy.can(request.user, "attach", case))
    attachment = _attachment_of(case, pk)
    return _confirm(
        request,
        entry=case,
        title=_("Fjern bilag"),
        text=_("Bilaget »%(title)s« fjernes fra casen og slettes.") % {"title": attachment.title},
        button=_("Ja, fjern bilaget"),
        action=lambda: services.attachment_remove(acting_user=request.user, attachment=attachment),
        success=_("Bilaget er fjernet."),
        done_url=case.get_absolute_url(),
        danger=True,
    )


# -- solutions ------------------------------------------------------------------------------


@require_GET
def solution_detail(request: HttpRequest, slug: str) -> HttpResponse:
    user = request.user
    solution = selectors.solution_get(user=user, slug=slug)
    can = _entry_permissions(SolutionPolicy, user, solution)
    insider = can["edit"] or is_editor(user)
    return render(
        request,
        "catalogue/solution_detail.html",
        {
            "solution": solution,
            "can": can,
            "insider": insider,
            "cases": list(selectors.solution_cases(user=user, solution=solution)[:50]),
            "checklist": solution_checklist(solution)
            if insider and solution.status != Status.PUBLISHED
            else None,
            "similar": selectors.similar_entries(user=user, kind="solution", object_id=solution.pk)
            if solution.status == Status.PUBLISHED
            else [],
            # The "Spredning" panel: counts from the adoption ledger, for public solutions only.
            "diffusion_panel": solution_diffusion(user=user, solution=solution, fit=False)
            if solution.status in PUBLIC_STATUSES
            else None,
            "breadcrumbs": _crumbs((solution.name, None)),
        },
    )


def _solution_form(request: HttpRequest, solution: Solution | None) -> SolutionForm:
    user = request.user
    return SolutionForm(
        request.POST if request.method == "POST" else None,
        initial=SolutionForm.initial_from(solution) if solution is not None else None,
        organisations=selectors.contributable_organisations(user=user)
        if solution is None
        else None,
        suppliers=selectors.supplier_options(user=user),
    )


@login_required
@require_http_methods(["GET", "POST"])
def solution_create(request: HttpRequest) -> HttpResponse:
    _require(SolutionPolicy.can(request.user, "create"))
    form = _solution_form(request, None)
    if request.method == "POST" and form.is_valid():
        organisations = {o.pk: o for o in selectors.contributable_organisations(user=request.user)}
        try:
            solution = services.solution_create(
                acting_user=request.user,
                organisation=organisations[form.cleaned_data["organisation"]],
                data=form.to_input(),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _(
                    "Løsningen er gemt som kladde. Kun din organisation og redaktionen kan se "
                    "den, indtil den er publiceret."
                ),
            )
            return redirect(solution)
    return render(
        request,
        "catalogue/solution_form.html",
        {"form": form, "solution": None, "breadcrumbs": _crumbs((_("Ny løsning"), None))},
    )


@login_required
@require_http_methods(["GET", "POST"])
def solution_edit(request: HttpRequest, slug: str) -> HttpResponse:
    solution = selectors.solution_get(user=request.user, slug=slug)
    _require(SolutionPolicy.can(request.user, "edit", solution))
    form = _solution_form(request, solution)
    if request.method == "POST" and form.is_valid():
        try:
            services.solution_update(
                acting_user=request.user, solution=solution, data=form.to_input()
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if solution.status == Status.PUBLISHED:
                messages.success(request, _("Ændringerne er gemt og publiceret."))
            else:
                messages.success(request, _("Ændringerne er gemt."))
            return redirect(solution)
    return render(
        request,
        "catalogue/solution_form.html",
        {
            "form": form,
            "solution": solution,
            "breadcrumbs": _crumbs(
                (solution.name, solution.get_absolute_url()), (_("Redigér"), None)
            ),
        },
    )


@login_required
@require_POST
def solution_submit(request: HttpRequest, slug: str) -> HttpResponse:
    solution = selectors.solution_get(user=request.user, slug=slug)
    _require(SolutionPolicy.can(request.user, "submit", solution))
    perform(
        request,
        lambda: services.solution_submit(acting_user=request.user, solution=solution),
        _("Løsningen er sendt til redaktionen. I får besked på e-mail, når den er behandlet."),
    )
    return redirect(solution)


@login_required
@require_POST
def solution_recall(request: HttpRequest, slug: str) -> HttpResponse:
    solution = selectors.solution_get(user=request.user, slug=slug)
    _require(SolutionPolicy.can(request.user, "recall", solution))
    perform(
        request,
        lambda: services.solution_recall(acting_user=request.user, solution=solution),
        _("Løsningen er trukket tilbage fra redaktionen og er nu en kladde igen."),
    )
    return redirect(solution)


@login_required
@require_http_methods(["GET", "POST"])
def solution_review(request: HttpRequest, slug: str) -> HttpResponse:
    solution = selectors.solution_get(user=request.user, slug=slug)
    _require(SolutionPolicy.can(request.user, "review", solution))
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        decision = request.POST.get("decision")
        comment = form.cleaned_data["comment"]
        try:
            if decision == "publish":
                services.solution_publish(
                    acting_user=request.user,
                    solution=solution,
                    comment=comment,
                    override_criteria=form.cleaned_data["override_criteria"],
                )
                messages.success(request, _("Løsningen er publiceret."))
            elif decision == "return":
                services.solution_return(
                    acting_user=request.user, solution=solution, comment=comment
                )
                messages.success(request, _("Løsningen er sendt retur til organisationen."))
            else:
                raise ValidationError(_("Vælg, om løsningen skal publiceres eller sendes retur."))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return redirect("catalogue:review_queue")
    return render(
        request,
        "catalogue/entry_review.html",
        {
            "entry": solution,
            "solution": solution,
            "form": form,
            "checklist": solution_checklist(solution),
            "breadcrumbs": _crumbs(
                (_("Til behandling"), reverse("catalogue:review_queue")), (solution.name, None)
            ),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def solution_archive(request: HttpRequest, slug: str) -> HttpResponse:
    solution = selectors.solution_get(user=request.user, slug=slug)
    _require(_entry_permissions(SolutionPolicy, request.user, solution)["archive"])
    return _confirm(
        request,
        entry=solution,
        title=_("Arkivér løsningen"),
        text=_(
            "Løsningen forsvinder fra søgning, lister og feeds, men siden kan stadig findes på "
            "sin adresse, mærket som arkiveret. Du kan genåbne den senere."
        ),
        button=_("Ja, arkivér løsningen"),
        action=lambda: services.solution_archive(acting_user=request.user, solution=solution),
        success=_("Løsningen er arkiveret."),
        done_url=solution.get_absolute_url(),
    )


@login_required
@require_http_methods(["GET", "POST"])
def solution_unarchive(request: HttpRequest, slug: str) -> HttpResponse:
    solution = selectors.solution_get(user=request.user, slug=slug)
    _require(_entry_permissions(SolutionPolicy, request.user, solution)["unarchive"])
    return _confirm(
        request,
        entry=solution,
        title=_("Genåbn løsningen"),
        text=_(
            "Løsningen bliver publiceret igen, som den var, og kommer tilbage i søgning og lister."
        ),
        button=_("Ja, genåbn løsningen"),
        action=lambda: services.solution_unarchive(acting_user=request.user, solution=solution),
        success=_("Løsningen er publiceret igen."),
        done_url=solution.get_absolute_url(),
    )


@login_required
@require_http_methods(["GET", "POST"])
def solution_delete(request: HttpRequest, slug: str) -> HttpResponse:
    solution = selectors.solution_get(user=request.user, slug=slug)
    _require(SolutionPolicy.can(request.user, "delete", solution))
    return _confirm(
        request,
        entry=solution,
        title=_("Slet kladden"),
        text=_("Kladden slettes. Det kan ikke fortrydes."),
        button=_("Ja, slet kladden"),
        action=lambda: services.solution_delete(acting_user=request.user, solution=solution),
        success=_("Kladden er slettet."),
        done_url=reverse("catalogue:my_entries"),
        danger=True,
    )


# -- the user's own lists -------------------------------------------------------------------


@login_required
@require_GET
def my_entries(request: HttpRequest) -> HttpResponse:
    user = request.user
    work = selectors.my_entries(user=user)
    published = selectors.my_published(user=user)
    return render(
        request,
        "catalogue/my_entries.html",
        {
            "cases": list(work.cases),
            "solutions": list(work.solutions),
            "published_cases": paginate(request, published.cases),
            "published_solutions": list(published.solutions[:100]),
            "can_create": CasePolicy.can(user, "create"),
            "is_editor": is_editor(user),
            "breadcrumbs": _crumbs((_("Mine bidrag"), None)),
        },
    )


@login_required
@require_GET
def review_queue(request: HttpRequest) -> HttpResponse:
    _require(is_editor(request.user))
    queue = selectors.review_queue(user=request.user)
    return render(
        request,
        "catalogue/review_queue.html",
        {
            "cases": list(queue.cases),
            "solutions": list(queue.solutions),
            "breadcrumbs": _crumbs((_("Til behandling"), None)),
        },
    )
