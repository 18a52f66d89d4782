"""The editors' import form: the file, what to do with it (check only, drafts, publish) and
the reason for publishing where the editors' criteria are not met.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from spred.core.importing.pages import (
    check_upload,
)

#: What the import does with the file: check it only, write drafts, or publish.
CHECK, DRAFTS, PUBLISH = "kontrol", "kladder", "publicer"


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Fil"),
        help_text=gettext_lazy("JSON, CSV (UTF-8, semikolon eller komma) eller Excel (.xlsx)."),
    )
    mode = forms.ChoiceField(
        label=gettext_lazy("Hvad skal der ske?"),
        choices=[
            (CHECK, gettext_lazy("Kun kontrol (prøvekørsel) – intet gemmes")),
            (DRAFTS, gettext_lazy("Importér som kladder hos organisationerne")),
            (PUBLISH, gettext_lazy("Importér og publicér")),
        ],
        initial=CHECK,
        widget=forms.RadioSelect,
    )
    override_reason = forms.CharField(
        label=gettext_lazy("Publicér alligevel – begrundelse"),
        help_text=gettext_lazy(
            "Kun ved publicering: udfyld, hvis der skal publiceres, selv om redaktionens "
            "kriterier ikke er opfyldt for alle poster. Begrundelsen gemmes med hver version."
        ),
        required=False,
        max_length=500,
    )

    def clean_file(self) -> Any:
        return check_upload(self.cleaned_data["file"])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("override_reason", "").strip() and data.get("mode") != PUBLISH:
            self.add_error("override_reason", _("En begrundelse bruges kun, når der publiceres."))
        return data
