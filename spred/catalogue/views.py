"""Pages for cases and solutions: thin — parse input, call selectors and services, render.

An entry outside the user's scope answers 404 (selectors). A page for an action the user may
not take on an entry they can see answers 404 as well, so a page never hints at what exists.

Both kinds of entry have the same pages — detail, create, edit, the workflow steps and the
confirmations — so each page is written once, as a generic view, and told what kind it serves by
an ``EntryPages`` (``CASE_PAGES``, ``SOLUTION_PAGES``). The URL conf binds them with
``for_kind``. What only cases have (versions, the contact person, attachments) stays below as
plain views.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any, Protocol

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from spred.accounts.roles import is_editor
from spred.catalogue import consent, selectors, services
from spred.catalogue.choices import EntryKind, Status
from spred.catalogue.consent import consent_text
from spred.catalogue.forms import (
    AttachmentForm,
    CaseForm,
    ContactForm,
    ReviewForm,
    SolutionForm,
    partner_formset,
)
from spred.catalogue.inputs import CaseInput, SolutionInput
from spred.catalogue.models import Case, Solution
from spred.catalogue.panels import solution_panels
from spred.catalogue.policies import CasePolicy, SolutionPolicy
from spred.catalogue.review import acceptance_checklist, solution_checklist
from spred.catalogue.revisions import snapshot_diff
from spred.core.feedback import perform
from spred.core.forms import add_service_errors
from spred.core.pagination import paginate
from spred.core.policies import ActionNotAllowed, Policy

# -- shared ---------------------------------------------------------------------------------


def catalogue_home_url() -> str:
    """The catalogue's start page: the search page once it exists."""
    try:
        return reverse("catalogue:search")
    except NoReverseMatch:
        return reverse("site:module", kwargs={"slug": "katalog"})


def _crumbs(*rest: tuple[str, str | None]) -> list[tuple[str, str | None]]:
    return [(_("Katalog"), catalogue_home_url()), *rest]


#: Archiving a published entry and reopening an archived one are one permission ("archive"),
#: offered by status.
_ARCHIVE_STEPS = {"archive": Status.PUBLISHED, "unarchive": Status.ARCHIVED}


def _entry_permissions(policy: Any, user: Any, entry: Case | Solution) -> dict[str, bool]:
    can = {
        action: policy.can(user, action, entry)
        for action in ("edit", "submit", "recall", "review", "delete")
    }
    archive = policy.can(user, "archive", entry)
    for action, status in _ARCHIVE_STEPS.items():
        can[action] = archive and entry.status == status
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


# -- what sets the two kinds apart ----------------------------------------------------------


class _EntryForms(Protocol):
    """The forms of one kind's create and edit page: ``form`` is the entry's own (a service's
    errors are shown on it), ``to_input`` the service's input once all are valid, and
    ``update_options`` what the update service takes besides it."""

    @property
    def form(self) -> forms.BaseForm: ...
    def is_valid(self) -> bool: ...
    def to_input(self) -> Any: ...
    def update_options(self) -> dict[str, Any]: ...
    def context(self) -> dict[str, Any]: ...


class _CaseForms:
    """A case's form and its partner rows."""

    def __init__(self, request: HttpRequest, case: Case | None) -> None:
        user = request.user
        data = request.POST if request.method == "POST" else None
        self.form = CaseForm(
            data,
            initial=CaseForm.initial_from(case) if case is not None else None,
            organisations=selectors.contributable_organisations(user=user)
            if case is None
            else None,
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
        self.partners = partner_formset(
            data, organisations=selectors.partner_options(user=user), initial=initial_partners
        )

    def is_valid(self) -> bool:
        return self.form.is_valid() and self.partners.is_valid()

    def to_input(self) -> CaseInput:
        return self.form.to_input(self.partners.to_inputs())

    def update_options(self) -> dict[str, Any]:
        # A change to a published case is written as a new version; the comment says why.
        return {"comment": self.form.cleaned_data.get("comment", "")}

    def context(self) -> dict[str, Any]:
        return {"form": self.form, "partners": self.partners}


class _SolutionForms:
    """A solution's form."""

    def __init__(self, request: HttpRequest, solution: Solution | None) -> None:
        user = request.user
        self.form = SolutionForm(
            request.POST if request.method == "POST" else None,
            initial=SolutionForm.initial_from(solution) if solution is not None else None,
            organisations=selectors.contributable_organisations(user=user)
            if solution is None
            else None,
            suppliers=selectors.supplier_options(user=user),
        )

    def is_valid(self) -> bool:
        return self.form.is_valid()

    def to_input(self) -> SolutionInput:
        return self.form.to_input()

    def update_options(self) -> dict[str, Any]:
        return {}

    def context(self) -> dict[str, Any]:
        return {"form": self.form}


def _case_related(user: Any, case: Case) -> dict[str, Any]:
    """What the case page and the review page both show beside the case itself."""
    return {
        "partners": list(case.partnerships.all()),
        "solutions": list(selectors.case_solutions(user=user, case=case)),
    }


def _case_detail(user: Any, case: Case) -> dict[str, Any]:
    contact = getattr(case, "contact", None)
    return {
        **_case_related(user, case),
        "contact": contact if contact is not None and contact.is_shown else None,
        "contact_withdrawn": contact is not None and not contact.is_shown,
        "attachments": list(case.attachments.all()),
        "revisions": list(case.revisions.all()),
    }


def _solution_detail(user: Any, solution: Solution) -> dict[str, Any]:
    return {
        "cases": list(selectors.solution_cases(user=user, solution=solution)[:50]),
        # What other apps add (the adoption ledger's "Spredning"), through the registry.
        "panels": solution_panels(user=user, solution=solution),
    }


@dataclass(frozen=True)
class _Step:
    """A workflow step: the public service that takes it, and what the person is told then.

    Texts are marked with ``gettext_noop`` and translated when shown, in the request's language.
    """

    service: Callable[..., Any]
    success: str


@dataclass(frozen=True)
class _ConfirmedStep(_Step):
    """A step that asks first: a confirmation page (GET), the step itself on POST."""

    title: str
    text: str
    button: str


@dataclass(frozen=True)
class EntryPages:
    """What the generic entry pages need to know about cases or solutions."""

    #: The search engine's kind, the keyword the services take the entry by
    #: (``case_submit(case=...)``) and the entry's name in the templates.
    name: str
    policy: type[Policy[Any]]
    #: The selector that fetches one entry within what the user may see, else 404.
    get: Callable[..., Any]
    checklist: Callable[[Any], Any]
    detail_template: str
    #: Permissions the detail page asks about besides the workflow's.
    detail_actions: tuple[str, ...]
    #: Holding any of these (or being an editor) shows a user the entry's working state.
    insider_actions: tuple[str, ...]
    #: The detail page's kind-specific context, from (user, entry).
    detail_context: Callable[[Any, Any], dict[str, Any]]
    #: The review page's kind-specific context, from (user, entry).
    review_context: Callable[[Any, Any], dict[str, Any]]
    form_template: str
    forms: Callable[[HttpRequest, Any], _EntryForms]
    create: Callable[..., Any]
    update: Callable[..., Any]
    new_title: str
    created: str
    submit: _Step
    recall: _Step
    publish: _Step
    send_back: _Step
    no_decision: str
    archive: _ConfirmedStep
    unarchive: _ConfirmedStep
    delete: _ConfirmedStep


CASE_PAGES = EntryPages(
    name=EntryKind.CASE.value,
    policy=CasePolicy,
    get=selectors.case_get,
    checklist=acceptance_checklist,
    detail_template="catalogue/case_detail.html",
    detail_actions=("manage_contact", "attach"),
    insider_actions=("edit", "manage_contact"),
    detail_context=_case_detail,
    review_context=_case_related,
    form_template="catalogue/case_form.html",
    forms=_CaseForms,
    create=services.case_create,
    update=services.case_update,
    new_title=gettext_noop("Ny case"),
    created=gettext_noop(
        "Casen er gemt som kladde. Kun din organisation og redaktionen kan se den, "
        "indtil den er publiceret."
    ),
    submit=_Step(
        services.case_submit,
        gettext_noop(
            "Casen er sendt til redaktionen. I får besked på e-mail, når den er behandlet."
        ),
    ),
    recall=_Step(
        services.case_recall,
        gettext_noop("Casen er trukket tilbage fra redaktionen og er nu en kladde igen."),
    ),
    publish=_Step(services.case_publish, gettext_noop("Casen er publiceret.")),
    send_back=_Step(services.case_return, gettext_noop("Casen er sendt retur til organisationen.")),
    no_decision=gettext_noop("Vælg, om casen skal publiceres eller sendes retur."),
    archive=_ConfirmedStep(
        services.case_archive,
        success=gettext_noop("Casen er arkiveret."),
        title=gettext_noop("Arkivér casen"),
        text=gettext_noop(
            "Casen forsvinder fra søgning, lister og feeds, men siden kan stadig findes på sin "
            "adresse, mærket som arkiveret. Du kan genåbne den senere."
        ),
        button=gettext_noop("Ja, arkivér casen"),
    ),
    unarchive=_ConfirmedStep(
        services.case_unarchive,
        success=gettext_noop("Casen er publiceret igen."),
        title=gettext_noop("Genåbn casen"),
        text=gettext_noop(
            "Casen bliver publiceret igen, som den var, og kommer tilbage i søgning og lister."
        ),
        button=gettext_noop("Ja, genåbn casen"),
    ),
    delete=_ConfirmedStep(
        services.case_delete,
        success=gettext_noop("Kladden er slettet."),
        title=gettext_noop("Slet kladden"),
        text=gettext_noop("Kladden og dens bilag slettes. Det kan ikke fortrydes."),
        button=gettext_noop("Ja, slet kladden"),
    ),
)

SOLUTION_PAGES = EntryPages(
    name=EntryKind.SOLUTION.value,
    policy=SolutionPolicy,
    get=selectors.solution_get,
    checklist=solution_checklist,
    detail_template="catalogue/solution_detail.html",
    detail_actions=(),
    insider_actions=("edit",),
    detail_context=_solution_detail,
    review_context=lambda _user, _solution: {},
    form_template="catalogue/solution_form.html",
    forms=_SolutionForms,
    create=services.solution_create,
    update=services.solution_update,
    new_title=gettext_noop("Ny løsning"),
    created=gettext_noop(
        "Løsningen er gemt som kladde. Kun din organisation og redaktionen kan se "
        "den, indtil den er publiceret."
    ),
    submit=_Step(
        services.solution_submit,
        gettext_noop(
            "Løsningen er sendt til redaktionen. I får besked på e-mail, når den er behandlet."
        ),
    ),
    recall=_Step(
        services.solution_recall,
        gettext_noop("Løsningen er trukket tilbage fra redaktionen og er nu en kladde igen."),
    ),
    publish=_Step(services.solution_publish, gettext_noop("Løsningen er publiceret.")),
    send_back=_Step(
        services.solution_return, gettext_noop("Løsningen er sendt retur til organisationen.")
    ),
    no_decision=gettext_noop("Vælg, om løsningen skal publiceres eller sendes retur."),
    archive=_ConfirmedStep(
        services.solution_archive,
        success=gettext_noop("Løsningen er arkiveret."),
        title=gettext_noop("Arkivér løsningen"),
        text=gettext_noop(
            "Løsningen forsvinder fra søgning, lister og feeds, men siden kan stadig findes på "
            "sin adresse, mærket som arkiveret. Du kan genåbne den senere."
        ),
        button=gettext_noop("Ja, arkivér løsningen"),
    ),
    unarchive=_ConfirmedStep(
        services.solution_unarchive,
        success=gettext_noop("Løsningen er publiceret igen."),
        title=gettext_noop("Genåbn løsningen"),
        text=gettext_noop(
            "Løsningen bliver publiceret igen, som den var, og kommer tilbage i søgning og lister."
        ),
        button=gettext_noop("Ja, genåbn løsningen"),
    ),
    delete=_ConfirmedStep(
        services.solution_delete,
        success=gettext_noop("Kladden er slettet."),
        title=gettext_noop("Slet kladden"),
        text=gettext_noop("Kladden slettes. Det kan ikke fortrydes."),
        button=gettext_noop("Ja, slet kladden"),
    ),
)


def for_kind(view: Callable[..., HttpResponse], kind: EntryPages) -> Callable[..., HttpResponse]:
    """``view`` serving one kind of entry, for the URL conf. Named after the page
    (``entry_submit`` for cases is ``case_submit``), so logs and tracebacks tell them apart."""

    @functools.wraps(view)
    def page(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return view(request, *args, kind=kind, **kwargs)

    name = f"{kind.name}_{view.__name__.removeprefix('entry_')}"
    page.__name__ = page.__qualname__ = name
    return page


# -- the pages both kinds have --------------------------------------------------------------


def _entry_for(request: HttpRequest, kind: EntryPages, slug: str, action: str) -> Any:
    """The entry ``action`` is about; 404 when it is out of scope or the user may not act."""
    entry = kind.get(user=request.user, slug=slug)
    if action in _ARCHIVE_STEPS:
        allowed = kind.policy.can(request.user, "archive", entry)
        _require(allowed and entry.status == _ARCHIVE_STEPS[action])
    else:
        _require(kind.policy.can(request.user, action, entry))
    return entry


def _take(request: HttpRequest, kind: EntryPages, entry: Any) -> dict[str, Any]:
    """The keywords every step's service takes: who acts, and on which entry."""
    return {"acting_user": request.user, kind.name: entry}


@require_GET
def entry_detail(request: HttpRequest, slug: str, *, kind: EntryPages) -> HttpResponse:
    user = request.user
    entry = kind.get(user=user, slug=slug)
    can = _entry_permissions(kind.policy, user, entry)
    can.update({action: kind.policy.can(user, action, entry) for action in kind.detail_actions})
    insider = any(can[action] for action in kind.insider_actions) or is_editor(user)
    return render(
        request,
        kind.detail_template,
        {
            kind.name: entry,
            "can": can,
            "insider": insider,
            **kind.detail_context(user, entry),
            "checklist": kind.checklist(entry)
            if insider and entry.status != Status.PUBLISHED
            else None,
            "similar": selectors.similar_entries(user=user, kind=kind.name, object_id=entry.pk)
            if entry.status == Status.PUBLISHED
            else [],
            "breadcrumbs": _crumbs((entry.title, None)),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def entry_create(request: HttpRequest, *, kind: EntryPages) -> HttpResponse:
    _require(kind.policy.can(request.user, "create"))
    entry_forms = kind.forms(request, None)
    form = entry_forms.form
    if request.method == "POST" and entry_forms.is_valid():
        organisations = {o.pk: o for o in selectors.contributable_organisations(user=request.user)}
        try:
            entry = kind.create(
                acting_user=request.user,
                organisation=organisations[form.cleaned_data["organisation"]],
                data=entry_forms.to_input(),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _(kind.created))
            return redirect(entry)
    return render(
        request,
        kind.form_template,
        {
            **entry_forms.context(),
            kind.name: None,
            "breadcrumbs": _crumbs((_(kind.new_title), None)),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def entry_edit(request: HttpRequest, slug: str, *, kind: EntryPages) -> HttpResponse:
    entry = _entry_for(request, kind, slug, "edit")
    entry_forms = kind.forms(request, entry)
    if request.method == "POST" and entry_forms.is_valid():
        try:
            kind.update(
                **_take(request, kind, entry),
                data=entry_forms.to_input(),
                **entry_forms.update_options(),
            )
        except ValidationError as exc:
            add_service_errors(entry_forms.form, exc)
        else:
            if entry.status == Status.PUBLISHED:
                messages.success(request, _("Ændringerne er gemt og publiceret."))
            else:
                messages.success(request, _("Ændringerne er gemt."))
            return redirect(entry)
    return render(
        request,
        kind.form_template,
        {
            **entry_forms.context(),
            kind.name: entry,
            "breadcrumbs": _crumbs((entry.title, entry.get_absolute_url()), (_("Redigér"), None)),
        },
    )


def _step(
    request: HttpRequest, kind: EntryPages, slug: str, action: str, step: _Step
) -> HttpResponse:
    entry = _entry_for(request, kind, slug, action)
    perform(request, lambda: step.service(**_take(request, kind, entry)), _(step.success))
    return redirect(entry)


@login_required
@require_POST
def entry_submit(request: HttpRequest, slug: str, *, kind: EntryPages) -> HttpResponse:
    return _step(request, kind, slug, "submit", kind.submit)


@login_required
@require_POST
def entry_recall(request: HttpRequest, slug: str, *, kind: EntryPages) -> HttpResponse:
    return _step(request, kind, slug, "recall", kind.recall)


@login_required
@require_http_methods(["GET", "POST"])
def entry_review(request: HttpRequest, slug: str, *, kind: EntryPages) -> HttpResponse:
    entry = _entry_for(request, kind, slug, "review")
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        decision = request.POST.get("decision")
        comment = form.cleaned_data["comment"]
        try:
            if decision == "publish":
                kind.publish.service(
                    **_take(request, kind, entry),
                    comment=comment,
                    override_criteria=form.cleaned_data["override_criteria"],
                )
                messages.success(request, _(kind.publish.success))
            elif decision == "return":
                kind.send_back.service(**_take(request, kind, entry), comment=comment)
                messages.success(request, _(kind.send_back.success))
            else:
                raise ValidationError(_(kind.no_decision))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return redirect("catalogue:review_queue")
    return render(
        request,
        "catalogue/entry_review.html",
        {
            "entry": entry,
            kind.name: entry,
            "form": form,
            "checklist": kind.checklist(entry),
            **kind.review_context(request.user, entry),
            "breadcrumbs": _crumbs(
                (_("Til behandling"), reverse("catalogue:review_queue")), (entry.title, None)
            ),
        },
    )


def _confirmed_step(
    request: HttpRequest,
    kind: EntryPages,
    slug: str,
    action: str,
    step: _ConfirmedStep,
    *,
    done_url: str | None = None,
    danger: bool = False,
) -> HttpResponse:
    entry = _entry_for(request, kind, slug, action)
    return _confirm(
        request,
        entry=entry,
        title=_(step.title),
        text=_(step.text),
        button=_(step.button),
        action=lambda: step.service(**_take(request, kind, entry)),
        success=_(step.success),
        done_url=done_url or entry.get_absolute_url(),
        danger=danger,
    )


@login_required
@require_http_methods(["GET", "POST"])
def entry_archive(request: HttpRequest, slug: str, *, kind: EntryPages) -> HttpResponse:
    return _confirmed_step(request, kind, slug, "archive", kind.archive)


@login_required
@require_http_methods(["GET", "POST"])
def entry_unarchive(request: HttpRequest, slug: str, *, kind: EntryPages) -> HttpResponse:
    return _confirmed_step(request, kind, slug, "unarchive", kind.unarchive)


@login_required
@require_http_methods(["GET", "POST"])
def entry_delete(request: HttpRequest, slug: str, *, kind: EntryPages) -> HttpResponse:
    # A deleted entry has no page to go back to.
    return _confirmed_step(
        request,
        kind,
        slug,
        "delete",
        kind.delete,
        done_url=reverse("catalogue:my_entries"),
        danger=True,
    )


# -- what only cases have: versions ---------------------------------------------------------


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
