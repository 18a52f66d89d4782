"""Who may see and do what in the catalogue.

Visibility:

* everyone sees published and archived entries (an archived entry stays readable at its address;
  the lists, feeds and search leave it out — see ``selectors.public_cases``);
* active members of the owner organisation see every status of its entries;
* editors (platform role Redaktør) see what is sent to them — submitted and returned entries of
  every organisation — and drafts only of their own organisations or that they wrote themselves;
* platform admins see everything.

Workflow (the same for cases and solutions):

* owners (active members of the owner organisation, any role) write drafts, edit them, submit
  them, and recall a submission to draft while it waits; while submitted, only editors edit;
* editors review what is submitted: publish or return with a comment;
* a published entry can be edited by its owners and by editors; each change to a published case
  is published at once as a new version and the editors are told (see
  ``services.entries.case_update``);
* editors and owner admins archive a published entry and bring it back;
* a draft that was never published can be deleted by its owners.
"""

from __future__ import annotations

from typing import Any, ClassVar, Literal

from django.db.models import Q, QuerySet

from spred.accounts.roles import is_editor, is_platform_admin
from spred.catalogue.choices import PUBLIC_STATUSES, Status
from spred.catalogue.models import Case, CatalogueEntry, Solution
from spred.core.policies import ActionNotAllowed, Policy, is_signed_in
from spred.organisations.memberships import (
    is_member,
    is_org_admin,
    member_organisation_ids,
)
from spred.organisations.models import Organisation

#: Statuses in which the owners may change the text.
OWNER_EDITABLE = frozenset({Status.DRAFT, Status.RETURNED, Status.PUBLISHED})
#: Statuses in which editors may change the text (correcting before or after publishing).
EDITOR_EDITABLE = frozenset({Status.SUBMITTED, Status.PUBLISHED})
#: What editors see of other organisations' entries besides the public ones: the review work.
EDITOR_STATUSES = frozenset({Status.SUBMITTED, Status.RETURNED})


def can_contribute(user: Any, organisation: Organisation) -> bool:
    """Whether the user may write catalogue entries for ``organisation``: an active member of
    it in any role, or an editor (who may write on an organisation's behalf)."""
    return is_editor(user) or is_member(user, organisation)


def contributes_somewhere(user: Any) -> bool:
    if not is_signed_in(user):
        return False
    return is_editor(user) or member_organisation_ids(user).exists()


def is_owner(user: Any, entry: CatalogueEntry) -> bool:
    """An active member of the owner organisation, the editor who wrote the entry, or a
    platform admin."""
    if not is_signed_in(user):
        return False
    if is_platform_admin(user):
        return True
    if is_member(user, entry.organisation):
        return True
    return entry.created_by_id == user.pk and is_editor(user)


def _visible(user: Any, model: type[CatalogueEntry]) -> QuerySet[Any]:
    qs = model._default_manager.all()
    if not is_signed_in(user):
        return qs.filter(status__in=PUBLIC_STATUSES)
    if is_platform_admin(user):
        return qs
    scope = Q(status__in=PUBLIC_STATUSES) | Q(organisation_id__in=member_organisation_ids(user))
    if is_editor(user):
        scope |= Q(status__in=EDITOR_STATUSES) | Q(created_by=user)
    return qs.filter(scope)


def _can(user: Any, action: str, entry: CatalogueEntry) -> bool:
    """The workflow rules cases and solutions share. Returns False for unknown actions; the
    policies check the action name first."""
    status = entry.status
    owner = is_owner(user, entry)
    editor = is_editor(user)
    if action == "edit":
        return (owner and status in OWNER_EDITABLE) or (editor and status in EDITOR_EDITABLE)
    if action == "submit":
        return owner and status in {Status.DRAFT, Status.RETURNED}
    if action == "recall":
        return owner and status == Status.SUBMITTED
    if action == "review":
        # Editors review what is sent to them; their own drafts (an import, say) they may
        # publish directly.
        return editor and (
            status == Status.SUBMITTED or (owner and status in {Status.DRAFT, Status.RETURNED})
        )
    if action == "archive":
        # Archiving and bringing back: editors, and the owner organisation's admins.
        allowed = editor or is_org_admin(user, entry.organisation)
        return allowed and status in {Status.PUBLISHED, Status.ARCHIVED}
    if action == "delete":
        return owner and status in {Status.DRAFT, Status.RETURNED} and entry.published_at is None
    return False


class _EntryPolicy:
    """The parts of CasePolicy and SolutionPolicy that are the same."""

    actions: ClassVar[frozenset[str]]
    entry_actions: ClassVar[frozenset[str]] = frozenset(
        {"edit", "submit", "recall", "review", "archive", "delete"}
    )

    @classmethod
    def _entry_rule(cls, user: Any, action: str, obj: CatalogueEntry | None) -> bool | None:
        """The answer where it does not depend on the kind of entry, else None."""
        if action == "create":
            if obj is None:
                return contributes_somewhere(user)
            return can_contribute(user, obj.organisation)
        if obj is None:
            return False
        if action in cls.entry_actions:
            return _can(user, action, obj)
        return None


class CasePolicy(_EntryPolicy, Policy[Case]):
    model = Case
    actions: ClassVar[frozenset[str]] = frozenset(
        {
            "view",
            "create",
            "edit",
            "submit",
            "recall",
            "review",
            "archive",
            "delete",
            "manage_contact",
            "withdraw_by_link",
            "attach",
        }
    )
    anonymous_actions: ClassVar[frozenset[str]] = frozenset({"view", "withdraw_by_link"})

    @classmethod
    def visible_to(cls, user: Any) -> QuerySet[Case]:
        return _visible(user, Case)

    @classmethod
    def allows(cls, user: Any, action: str, obj: Case | None) -> bool:
        if action == "withdraw_by_link":
            # Anyone holding the signed link the contact person was e-mailed: the service has
            # found the case from the link, or found nothing (None).
            return obj is not None
        if action == "view":
            return super().allows(user, action, obj)
        answer = cls._entry_rule(user, action, obj)
        if answer is not None:
            return answer
        assert obj is not None
        if action == "attach":
            return _can(user, "edit", obj)
        if action == "manage_contact":
            # Setting and withdrawing the contact person: owners and editors, whatever the
            # status — a withdrawal of consent must always be possible.
            return is_owner(user, obj) or (
                is_editor(user) and cls.visible_to(user).filter(pk=obj.pk).exists()
            )
        return False


class SolutionPolicy(_EntryPolicy, Policy[Solution]):
    model = Solution
    actions: ClassVar[frozenset[str]] = frozenset(
        {"view", "create", "edit", "submit", "recall", "review", "archive", "delete"}
    )

    @classmethod
    def visible_to(cls, user: Any) -> QuerySet[Solution]:
        return _visible(user, Solution)

    @classmethod
    def allows(cls, user: Any, action: str, obj: Solution | None) -> bool:
        if action == "view":
            return super().allows(user, action, obj)
        answer = cls._entry_rule(user, action, obj)
        return bool(answer)


class CataloguePolicy:
    """Actions on the catalogue as a whole (imports)."""

    actions: ClassVar[frozenset[str]] = frozenset({"import"})

    @classmethod
    def can(cls, user: Any, action: Literal["import"]) -> bool:
        if action not in cls.actions:
            raise ValueError(f"CataloguePolicy knows no action {action!r}")
        return is_editor(user)

    @classmethod
    def require(cls, user: Any, action: Literal["import"], message: str) -> None:
        if not cls.can(user, action):
            raise ActionNotAllowed(message)
