"""The upload form of the adoption import page."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy

from spred.core.importing.pages import check_upload


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Fil med ibrugtagninger"),
        help_text=gettext_lazy(
            "CSV (UTF-8, semikolon eller komma), Excel (.xlsx) eller JSON. Filen kontrolleres "
            "først; intet gemmes, før du har set resultatet og valgt at gemme."
        ),
    )

    def clean_file(self) -> Any:
        return check_upload(self.cleaned_data["file"])
