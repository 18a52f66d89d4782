"""What sets cases and solutions apart on their pages, so each page is written once.

Both kinds of entry have the same pages — detail, create, edit, the workflow steps and the
confirmations — so each page is a generic view, told what kind it serves by an
``EntryPages`` (``CASE_PAGES``, ``SOLUTION_PAGES``): its policy, selector, templates, forms,
services and texts. The URL conf binds the views to a kind with ``for_kind``.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from django import forms
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_noop

from spred.catalogue.choices import EntryKind, Status
from spred.catalogue.forms.entries import CaseForm, SolutionForm, partner_formset
from spred.catalogue.inputs import CaseInput, SolutionInput
from spred.catalogue.models import Case, Solution
from spred.catalogue.panels import solution_panels
from spred.catalogue.policies import CasePolicy, SolutionPolicy
from spred.catalogue.review import acceptance_checklist, solution_checklist
from spred.catalogue.selectors import entries as entry_selectors
from spred.catalogue.services import entries as entry_services
from spred.catalogue.services import workflow as workflow_services
from spred.core.pages import require_or_404
from spred.core.policies import Policy

#: Archiving a published entry and reopening an archived one are one permission ("archive"),
#: offered by status.
ARCHIVE_STEPS = {"archive": Status.PUBLISHED, "unarchive": Status.ARCHIVED}


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
            organisations=entry_selectors.contributable_organisations(user=user)
            if case is None
            else None,
            solutions=entry_selectors.solution_options(user=user, case=case),
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
            data, organisations=entry_selectors.partner_options(user=user), initial=initial_partners
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
            organisations=entry_selectors.contributable_organisations(user=user)
            if solution is None
            else None,
            suppliers=entry_selectors.supplier_options(user=user),
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
        "solutions": list(entry_selectors.case_solutions(user=user, case=case)),
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
        "cases": list(entry_selectors.solution_cases(user=user, solution=solution)[:50]),
        # What other apps add (the adoption ledger's "Spredning"), through the registry.
        "panels": solution_panels(user=user, solution=solution),
    }


@dataclass(frozen=True)
class Step:
    """A workflow step: the public service that takes it, and what the person is told then.

    Texts are marked with ``gettext_noop`` and translated when shown, in the request's language.
    """

    service: Callable[..., Any]
    success: str


@dataclass(frozen=True)
class ConfirmedStep(Step):
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
    submit: Step
    recall: Step
    publish: Step
    send_back: Step
    no_decision: str
    archive: ConfirmedStep
    unarchive: ConfirmedStep
    delete: ConfirmedStep


CASE_PAGES = EntryPages(
    name=EntryKind.CASE.value,
    policy=CasePolicy,
    get=entry_selectors.case_get,
    checklist=acceptance_checklist,
    detail_template="catalogue/case_detail.html",
    detail_actions=("manage_contact", "attach"),
    insider_actions=("edit", "manage_contact"),
    detail_context=_case_detail,
    review_context=_case_related,
    form_template="catalogue/case_form.html",
    forms=_CaseForms,
    create=entry_services.case_create,
    update=entry_services.case_update,
    new_title=gettext_noop("Ny case"),
    created=gettext_noop(
        "Casen er gemt som kladde. Kun din organisation og redaktionen kan se den, "
        "indtil den er publiceret."
    ),
    submit=Step(
        workflow_services.case_submit,
        gettext_noop(
            "Casen er sendt til redaktionen. I får besked på e-mail, når den er behandlet."
        ),
    ),
    recall=Step(
        workflow_services.case_recall,
        gettext_noop("Casen er trukket tilbage fra redaktionen og er nu en kladde igen."),
    ),
    publish=Step(workflow_services.case_publish, gettext_noop("Casen er publiceret.")),
    send_back=Step(
        workflow_services.case_return, gettext_noop("Casen er sendt retur til organisationen.")
    ),
    no_decision=gettext_noop("Vælg, om casen skal publiceres eller sendes retur."),
    archive=ConfirmedStep(
        workflow_services.case_archive,
        success=gettext_noop("Casen er arkiveret."),
        title=gettext_noop("Arkivér casen"),
        text=gettext_noop(
            "Casen forsvinder fra søgning, lister og feeds, men siden kan stadig findes på sin "
            "adresse, mærket som arkiveret. Du kan genåbne den senere."
        ),
        button=gettext_noop("Ja, arkivér casen"),
    ),
    unarchive=ConfirmedStep(
        workflow_services.case_unarchive,
        success=gettext_noop("Casen er publiceret igen."),
        title=gettext_noop("Genåbn casen"),
        text=gettext_noop(
            "Casen bliver publiceret igen, som den var, og kommer tilbage i søgning og lister."
        ),
        button=gettext_noop("Ja, genåbn casen"),
    ),
    delete=ConfirmedStep(
        workflow_services.case_delete,
        success=gettext_noop("Kladden er slettet."),
        title=gettext_noop("Slet kladden"),
        text=gettext_noop("Kladden og dens bilag slettes. Det kan ikke fortrydes."),
        button=gettext_noop("Ja, slet kladden"),
    ),
)

SOLUTION_PAGES = EntryPages(
    name=EntryKind.SOLUTION.value,
    policy=SolutionPolicy,
    get=entry_selectors.solution_get,
    checklist=solution_checklist,
    detail_template="catalogue/solution_detail.html",
    detail_actions=(),
    insider_actions=("edit",),
    detail_context=_solution_detail,
    review_context=lambda _user, _solution: {},
    form_template="catalogue/solution_form.html",
    forms=_SolutionForms,
    create=entry_services.solution_create,
    update=entry_services.solution_update,
    new_title=gettext_noop("Ny løsning"),
    created=gettext_noop(
        "Løsningen er gemt som kladde. Kun din organisation og redaktionen kan se "
        "den, indtil den er publiceret."
    ),
    submit=Step(
        workflow_services.solution_submit,
        gettext_noop(
            "Løsningen er sendt til redaktionen. I får besked på e-mail, når den er behandlet."
        ),
    ),
    recall=Step(
        workflow_services.solution_recall,
        gettext_noop("Løsningen er trukket tilbage fra redaktionen og er nu en kladde igen."),
    ),
    publish=Step(workflow_services.solution_publish, gettext_noop("Løsningen er publiceret.")),
    send_back=Step(
        workflow_services.solution_return,
        gettext_noop("Løsningen er sendt retur til organisationen."),
    ),
    no_decision=gettext_noop("Vælg, om løsningen skal publiceres eller sendes retur."),
    archive=ConfirmedStep(
        workflow_services.solution_archive,
        success=gettext_noop("Løsningen er arkiveret."),
        title=gettext_noop("Arkivér løsningen"),
        text=gettext_noop(
            "Løsningen forsvinder fra søgning, lister og feeds, men siden kan stadig findes på "
            "sin adresse, mærket som arkiveret. Du kan genåbne den senere."
        ),
        button=gettext_noop("Ja, arkivér løsningen"),
    ),
    unarchive=ConfirmedStep(
        workflow_services.solution_unarchive,
        success=gettext_noop("Løsningen er publiceret igen."),
        title=gettext_noop("Genåbn løsningen"),
        text=gettext_noop(
            "Løsningen bliver publiceret igen, som den var, og kommer tilbage i søgning og lister."
        ),
        button=gettext_noop("Ja, genåbn løsningen"),
    ),
    delete=ConfirmedStep(
        workflow_services.solution_delete,
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


def entry_for(request: HttpRequest, kind: EntryPages, slug: str, action: str) -> Any:
    """The entry ``action`` is about; 404 when it is out of scope or the user may not act."""
    entry = kind.get(user=request.user, slug=slug)
    if action in ARCHIVE_STEPS:
        allowed = kind.policy.can(request.user, "archive", entry)
        require_or_404(allowed and entry.status == ARCHIVE_STEPS[action])
    else:
        require_or_404(kind.policy.can(request.user, action, entry))
    return entry


def acting_on(request: HttpRequest, kind: EntryPages, entry: Any) -> dict[str, Any]:
    """The keywords every step's service takes: who acts, and on which entry."""
    return {"acting_user": request.user, kind.name: entry}
