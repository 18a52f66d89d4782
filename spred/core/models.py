"""The base every domain model builds on."""

from __future__ import annotations

from collections.abc import Collection
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

_no_nul = ProhibitNullCharactersValidator()


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("oprettet"), auto_now_add=True)
    updated_at = models.DateTimeField(_("opdateret"), auto_now=True)

    class Meta:
        abstract = True

    def clean_fields(self, exclude: Collection[str] | None = None) -> None:
        """Refuse NUL characters in text, as Django's forms do. Services get text from the API
        too, and PostgreSQL cannot store NUL: without this the write fails with a 500 instead
        of a message (and full_clean's uniqueness queries fail the same way)."""
        errors: dict[str, Any] = {}
        try:
            super().clean_fields(exclude=exclude)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        for field in self._meta.concrete_fields:
            if exclude and field.name in exclude:
                continue
            value = getattr(self, field.attname)
            if isinstance(value, str) and field.name not in errors:
                try:
                    _no_nul(value)
                except ValidationError as exc:
                    errors[field.name] = exc.error_list
        if errors:
            raise ValidationError(errors)


def actor_field(
    verbose_name: StrOrPromise | None = None, *, editable: bool = False
) -> models.ForeignKey[Any, Any]:
    """The person who did something to a row (created, published, imported it). Optional, and
    kept when the person's account is deleted as an empty reference rather than taking the row
    with it; no reverse accessor on the user, who would otherwise collect dozens."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=verbose_name,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=editable,
    )
