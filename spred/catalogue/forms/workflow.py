"""The editors' review form: a comment, and whether to publish although criteria are unmet."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from spred.catalogue.forms.entries import WIDE


class ReviewForm(forms.Form):
    comment = forms.CharField(
        label=_("Kommentar"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5, "class": WIDE}),
        help_text=_(
            "Skal udfyldes, når indholdet sendes retur: skriv, hvad der skal rettes. Ved "
            "publicering vises kommentaren i versionshistorikken (højst 500 tegn)."
        ),
    )
    override_criteria = forms.BooleanField(
        label=_("Publicér alligevel, selv om ikke alle kriterier er opfyldt"),
        required=False,
        help_text=_("Skriv i kommentaren, hvorfor."),
    )
