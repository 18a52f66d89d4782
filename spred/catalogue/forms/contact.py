"""A case's contact person, with the consent they gave to the text shown beside the form."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from spred.catalogue.consent import CURRENT, current_text
from spred.catalogue.inputs import ContactInput


class ContactForm(forms.Form):
    name = forms.CharField(
        label=_("Navn"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "off"})
    )
    job_title = forms.CharField(label=_("Stilling"), max_length=150, required=False)
    email = forms.EmailField(label=_("E-mail"))
    phone = forms.CharField(label=_("Telefon"), max_length=30, required=False)
    consent = forms.BooleanField(
        label=_("Kontaktpersonen har læst teksten ovenfor og givet sit samtykke"),
        error_messages={
            "required": _(
                "Kontaktpersonen skal give sit samtykke, før oplysningerne kan vises på Spred."
            )
        },
    )
    consent_text_version = forms.CharField(widget=forms.HiddenInput, initial=CURRENT)

    def add_error(self, field: str | None, error: Any) -> None:
        # The text version is a hidden field: its error would be invisible there.
        super().add_error(None if field == "consent_text_version" else field, error)

    def consent_text(self) -> str:
        return current_text().text()

    def to_input(self) -> ContactInput:
        data = self.cleaned_data
        return ContactInput(
            name=data["name"],
            email=data["email"],
            job_title=data["job_title"],
            phone=data["phone"],
            consent_given_at=timezone.now(),
            consent_text_version=data["consent_text_version"],
        )
