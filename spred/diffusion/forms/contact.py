"""The form for writing to a verified adopter."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from spred.diffusion.services.contact import MESSAGE_MAX


class ContactRequestForm(forms.Form):
    message = forms.CharField(
        label=_("Din besked"),
        max_length=MESSAGE_MAX,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "Skriv, hvad I gerne vil vide om deres erfaringer, og hvordan de kan svare jer. "
            "Højst %(max)d tegn."
        )
        % {"max": MESSAGE_MAX},
        error_messages={
            "required": _("Skriv en besked."),
            "max_length": _("Beskeden må højst være %(limit_value)d tegn (den er %(show_value)d)."),
        },
    )
