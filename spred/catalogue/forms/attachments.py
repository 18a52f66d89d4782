"""A file to attach to a case, with its title."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from spred.catalogue.attachments import allowed_extensions_text, max_bytes


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("Fil"))
    title = forms.CharField(
        label=_("Titel"),
        max_length=200,
        required=False,
        help_text=_("Fx »Evalueringsrapport 2025«. Uden titel bruges filens navn."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _("Tilladte filtyper: %(types)s. Højst %(mb)s MB.") % {
            "types": allowed_extensions_text(),
            "mb": max(1, max_bytes() // (1024 * 1024)),
        }
