"""A case's attachments: added after their type and size are checked, and removed."""

from __future__ import annotations

from pathlib import PurePath
from typing import Any
from uuid import uuid4

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from spred.catalogue.attachments import MAX_PER_CASE, check_upload
from spred.catalogue.models import Attachment, Case
from spred.catalogue.policies import CasePolicy
from spred.catalogue.services.shared import Errors, _delete_files_after_commit, _full_clean
from spred.core.audit import service


@service
def attachment_add(
    *, acting_user: Any, case: Case, uploaded_file: Any, title: str = ""
) -> Attachment:
    """Attach a file after checking its type by name and content and its size; nothing is
    stored when a check fails."""
    CasePolicy.require(acting_user, "attach", case, _("Du kan ikke tilføje bilag til casen."))
    kind = check_upload(uploaded_file)
    if case.attachments.count() >= MAX_PER_CASE:
        raise ValidationError(
            {"file": _("En case kan højst have %(n)s bilag.") % {"n": MAX_PER_CASE}}
        )
    original = PurePath(getattr(uploaded_file, "name", "") or "").name
    title = (title or "").strip() or PurePath(original).stem or _("Bilag")
    attachment = Attachment(
        case=case,
        title=title,
        content_type=kind.content_type,
        size=int(uploaded_file.size),
        uploaded_by=acting_user,
    )
    errors: Errors = {}
    _full_clean(attachment, errors, exclude=["file"])
    # A random stored name: the uploader's file name never reaches the file system.
    attachment.file.save(f"{uuid4().hex}.{kind.extension}", uploaded_file, save=False)
    stored = attachment.file.name
    try:
        attachment.save()
    except Exception:
        attachment.file.storage.delete(stored)
        raise
    return attachment


@service
def attachment_remove(*, acting_user: Any, attachment: Attachment) -> None:
    CasePolicy.require(
        acting_user, "attach", attachment.case, _("Du kan ikke fjerne bilag fra casen.")
    )
    name = attachment.file.name
    attachment.delete()
    _delete_files_after_commit([name])
