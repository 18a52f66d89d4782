"""What the catalogue's writes share: field errors gathered into one ``ValidationError``,
the search index brought up to date after the commit, and stored files deleted only once
the deletion has committed.

Helpers only (private names): the services themselves live in the modules beside this one.
"""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from spred.catalogue.choices import Status
from spred.catalogue.models import Attachment, Case, Solution

Errors = dict[str, list[str]]


def _refresh_search(kind: str, pk: int) -> None:
    """Bring the entry's search document up to date once the write has committed."""

    def run() -> None:
        try:
            from spred.search.index import refresh
        except ImportError:  # the search app is optional for the catalogue to work
            return
        refresh(kind, pk)

    # robust: an index that cannot be updated must not turn a saved change into an error page;
    # the failure is logged and `rebuild_index` repairs it.
    transaction.on_commit(run, robust=True)


def _add(errors: Errors, field: str, message: str) -> None:
    errors.setdefault(field, []).append(message)


def _full_clean(
    instance: models.Model, errors: Errors, *, exclude: list[str] | None = None
) -> None:
    """Validate the instance and raise everything found so far as one ValidationError."""
    try:
        instance.full_clean(exclude=exclude)
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            for message in messages:
                _add(errors, field, message)
    if errors:
        raise ValidationError(errors)


def _now_or_past(value: datetime | None, field: str, errors: Errors) -> datetime | None:
    if value is None:
        return None
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    if value > timezone.now():
        _add(errors, field, _("Tidspunktet kan ikke ligge i fremtiden."))
    return value


def _search_kind(entry: Case | Solution) -> str:
    return "case" if isinstance(entry, Case) else "solution"


def _reindex(entry: Case | Solution) -> None:
    _refresh_search(_search_kind(entry), entry.pk)


def _reindex_publication(entry: Case | Solution) -> None:
    """After a change to what the public sees of the entry: a published case's search document
    names the published solutions it uses, so a solution's change reaches those cases too."""
    _reindex(entry)
    if isinstance(entry, Solution):
        for case_pk in entry.cases.filter(status=Status.PUBLISHED).values_list("pk", flat=True):
            _refresh_search("case", case_pk)


def _delete_files_after_commit(names: list[str]) -> None:
    if not names:
        return

    def run() -> None:
        field = Attachment._meta.get_field("file")
        assert isinstance(field, models.FileField)
        storage = field.storage
        for name in names:
            storage.delete(name)

    transaction.on_commit(run, robust=True)
