"""Writing a case's versions: a published case's every change is kept as a ``CaseRevision``
(a snapshot of what the public saw), with a comment that says what changed.

Helpers of the entry and workflow services (private names); the snapshot itself and the
differences between two are ``spred.catalogue.revisions``.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext as _

from spred.catalogue.models import Case, CaseRevision
from spred.catalogue.revisions import case_snapshot
from spred.catalogue.services.shared import Errors, _add

REVISION_COMMENT_MAX = 500


def _latest_revision(case: Case) -> CaseRevision | None:
    return case.revisions.order_by("-number").first()


def _write_revision(case: Case, *, acting_user: Any, comment: str) -> CaseRevision:
    case.revision_number = (
        max(case.revision_number, case.revisions.aggregate(n=models.Max("number"))["n"] or 0) + 1
    )
    case.save(update_fields=["revision_number", "updated_at"])
    return CaseRevision.objects.create(
        case=case,
        number=case.revision_number,
        snapshot=case_snapshot(case),
        comment=comment[:REVISION_COMMENT_MAX],
        created_by=acting_user if getattr(acting_user, "is_authenticated", False) else None,
    )


def _check_comment(comment: str, errors: Errors) -> str:
    comment = (comment or "").strip()
    if len(comment) > REVISION_COMMENT_MAX:
        _add(
            errors,
            "comment",
            _("Kommentaren må højst være %(n)s tegn.") % {"n": REVISION_COMMENT_MAX},
        )
    return comment
