from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _


class SignupNameForm(forms.Form):
    """Extra fields on allauth's sign-up form."""

    name = forms.CharField(
        label=_("Navn"),
        max_length=150,
        help_text=_("Dit fulde navn. Administratorerne ser det, når du beder om medlemskab."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    job_title = forms.CharField(
        label=_("Stilling"),
        max_length=150,
        required=False,
        help_text=_("Fx udviklingskonsulent eller teamleder."),
        widget=forms.TextInput(attrs={"autocomplete": "organization-title"}),
    )

    def signup(self, request: Any, user: Any) -> None:
        user.name = self.cleaned_data["name"]
        user.job_title = self.cleaned_data.get("job_title", "")
        user.save(update_fields=["name", "job_title"])


class ProfileForm(forms.Form):
    name = SignupNameForm.base_fields["name"]
    job_title = SignupNameForm.base_fields["job_title"]


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Navn på nøglen"),
        max_length=100,
        help_text=_("Fx det system eller script, der skal bruge nøglen."),
    )
    expires_at = forms.DateField(
        label=_("Udløber"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Lad feltet stå tomt for en nøgle uden udløbsdato."),
    )
