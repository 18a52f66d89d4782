"""The pages of cases and solutions: an entry's page, the pages that create and edit it, and a
case's versions.

An entry outside the user's scope answers 404 (selectors). A page for an action the user may
not take on an entry they can see answers 404 as well, so a page never hints at what exists.

The pages both kinds have are generic views, told the kind by ``kinds.EntryPages``; what only
cases have (versions here; the contact person and attachments in their own modules) are plain
views.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from spred.accounts.roles import is_editor
from spred.catalogue.choices import Status
from spred.catalogue.models import Case, Solution
from spred.catalogue.policies import CasePolicy
from spred.catalogue.revisions import snapshot_diff
from spred.catalogue.selectors import entries as entry_selectors
from spred.catalogue.views.kinds import ARCHIVE_STEPS, EntryPages, acting_on, entry_for
from spred.core.pages import require_or_404, submit, trail

crumbs = trail((gettext_lazy("Katalog"), "catalogue:search"))


def _entry_permissions(policy: Any, user: Any, entry: Case | Solution) -> dict[str, bool]:
    can = {
        action: policy.can(user, action, entry)
        for action in ("edit", "submit", "recall", "review", "delete")
    }
    archive = policy.can(user, "archive", entry)
    for action, status in ARCHIVE_STEPS.items():
        can[action] = archive and entry.status == status
    return can


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
            "similar": entry_selectors.similar_entries(
                user=user, kind=kind.name, object_id=entry.pk
            )
            if entry.status == Status.PUBLISHED
            else [],
            "breadcrumbs": crumbs((entry.title, None)),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def entry_create(request: HttpRequest, *, kind: EntryPages) -> HttpResponse:
    require_or_404(kind.policy.can(request.user, "create"))
    entry_forms = kind.forms(request, None)

    def create(data: dict[str, Any]) -> Any:
        organisations = {
            o.pk: o for o in entry_selectors.contributable_organisations(user=request.user)
        }
        return kind.create(
            acting_user=request.user,
            organisation=organisations[data["organisation"]],
            data=entry_forms.to_input(),
        )

    # ``submit`` checks the entry's own form; the other forms (a case's partners) first.
    done = (
        submit(request, entry_forms.form, create, success=_(kind.created))
        if entry_forms.is_valid()
        else None
    )
    if done:
        return redirect(done.result)
    return render(
        request,
        kind.form_template,
        {
            **entry_forms.context(),
            kind.name: None,
            "breadcrumbs": crumbs((_(kind.new_title), None)),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def entry_edit(request: HttpRequest, slug: str, *, kind: EntryPages) -> HttpResponse:
    entry = entry_for(request, kind, slug, "edit")
    entry_forms = kind.forms(request, entry)
    done = (
        submit(
            request,
            entry_forms.form,
            lambda _data: kind.update(
                **acting_on(request, kind, entry),
                data=entry_forms.to_input(),
                **entry_forms.update_options(),
            ),
            success=lambda _entry: (
                _("Ændringerne er gemt og publiceret.")
                if entry.status == Status.PUBLISHED
                else _("Ændringerne er gemt.")
            ),
        )
        if entry_forms.is_valid()
        else None
    )
    if done:
        return redirect(entry)
    return render(
        request,
        kind.form_template,
        {
            **entry_forms.context(),
            kind.name: entry,
            "breadcrumbs": crumbs((entry.title, entry.get_absolute_url()), (_("Redigér"), None)),
        },
    )


@require_GET
def case_revision(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    case = entry_selectors.case_get(user=request.user, slug=slug)
    revision, previous = entry_selectors.case_revision(user=request.user, case=case, number=number)
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
            "breadcrumbs": crumbs(
                (case.title, case.get_absolute_url()),
                (_("Version %(n)s") % {"n": revision.number}, None),
            ),
        },
    )
