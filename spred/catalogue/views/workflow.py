"""The workflow's pages: the steps an entry goes through (submit, recall, review, archive,
unarchive, delete), the user's own entries and the editors' queue.

Each step is one generic view for both kinds (``kinds.EntryPages``); a step that cannot be
undone asks first on a confirmation page.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from spred.accounts.roles import is_editor
from spred.catalogue.forms.workflow import ReviewForm
from spred.catalogue.policies import CasePolicy
from spred.catalogue.selectors import workflow as workflow_selectors
from spred.catalogue.views.kinds import ConfirmedStep, EntryPages, Step, acting_on, entry_for
from spred.core.feedback import perform
from spred.core.pages import confirm_page, require_or_404, submit, trail
from spred.core.pagination import paginate

crumbs = trail((gettext_lazy("Katalog"), "catalogue:search"))


def _step(
    request: HttpRequest, kind: EntryPages, slug: str, action: str, step: Step
) -> HttpResponse:
    entry = entry_for(request, kind, slug, action)
    perform(request, lambda: step.service(**acting_on(request, kind, entry)), _(step.success))
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
    entry = entry_for(request, kind, slug, "review")
    form = ReviewForm(request.POST or None)

    def decide(data: dict[str, Any]) -> Step:
        """Publish or send back, as the editor chose; the step taken says what happened."""
        decision = request.POST.get("decision")
        if decision == "publish":
            kind.publish.service(
                **acting_on(request, kind, entry),
                comment=data["comment"],
                override_criteria=data["override_criteria"],
            )
            return kind.publish
        if decision == "return":
            kind.send_back.service(**acting_on(request, kind, entry), comment=data["comment"])
            return kind.send_back
        raise ValidationError(_(kind.no_decision))

    if submit(request, form, decide, success=lambda step: _(step.success)):
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
            "breadcrumbs": crumbs(
                (_("Til behandling"), reverse("catalogue:review_queue")), (entry.title, None)
            ),
        },
    )


def _confirmed_step(
    request: HttpRequest,
    kind: EntryPages,
    slug: str,
    action: str,
    step: ConfirmedStep,
    *,
    done_url: str | None = None,
) -> HttpResponse:
    entry = entry_for(request, kind, slug, action)
    title = _(step.title)
    return confirm_page(
        request,
        title=title,
        subject=entry.title,
        text=_(step.text),
        button=_(step.button),
        action=lambda: step.service(**acting_on(request, kind, entry)),
        success=_(step.success),
        done_url=done_url or entry.get_absolute_url(),
        back_url=entry.get_absolute_url(),
        breadcrumbs=crumbs((entry.title, entry.get_absolute_url()), (title, None)),
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
        request, kind, slug, "delete", kind.delete, done_url=reverse("catalogue:my_entries")
    )


@login_required
@require_GET
def my_entries(request: HttpRequest) -> HttpResponse:
    user = request.user
    work = workflow_selectors.my_entries(user=user)
    published = workflow_selectors.my_published(user=user)
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
            "breadcrumbs": crumbs((_("Mine bidrag"), None)),
        },
    )


@login_required
@require_GET
def review_queue(request: HttpRequest) -> HttpResponse:
    require_or_404(is_editor(request.user))
    queue = workflow_selectors.review_queue(user=request.user)
    return render(
        request,
        "catalogue/review_queue.html",
        {
            "cases": list(queue.cases),
            "solutions": list(queue.solutions),
            "breadcrumbs": crumbs((_("Til behandling"), None)),
        },
    )
