from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from spred.organisations.choices import (
    SELF_REGISTERED_KINDS,
    MembershipRole,
    OrganisationKind,
    Sector,
)
from spred.organisations.identifiers import normalise_cvr, validate_cvr
from spred.organisations.models import Organisation, Region

WEBSITE_INVALID = _("Skriv en gyldig webadresse, fx www.eksempel.dk.")


class OrganisationFilterForm(forms.Form):
    q = forms.CharField(label=_("Søg efter navn"), required=False, max_length=100)
    kind = forms.ChoiceField(
        label=_("Type"),
        required=False,
        choices=[("", _("Alle typer")), *OrganisationKind.choices],
        error_messages={"invalid_choice": _("Ukendt type. Vælg en af typerne på listen.")},
    )
    sector = forms.ChoiceField(
        label=_("Sektor"),
        required=False,
        choices=[("", _("Alle sektorer")), *Sector.choices],
        error_messages={"invalid_choice": _("Ukendt sektor. Vælg en af sektorerne på listen.")},
    )
    region = forms.TypedChoiceField(
        label=_("Region"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[],
        error_messages={
            "invalid_choice": _("Ukendt region. Vælg en af de fem regioner på listen.")
        },
    )

    def __init__(self, *args: Any, regions: list[Region], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        region_field = self.fields["region"]
        assert isinstance(region_field, forms.TypedChoiceField)
        region_field.choices = [("", _("Alle regioner"))] + [(r.code, r.name) for r in regions]


class CvrField(forms.CharField):
    def to_python(self, value: Any) -> str:
        return normalise_cvr(super().to_python(value) or "")

    def validate(self, value: Any) -> None:
        super().validate(value)
        if value:
            validate_cvr(value)


class PrivateRegistrationForm(forms.Form):
    name = forms.CharField(label=_("Organisationens navn"), max_length=200)
    kind = forms.ChoiceField(
        label=_("Type"),
        choices=[(k.value, k.label) for k in SELF_REGISTERED_KINDS],
        error_messages={"invalid_choice": _("Vælg en privat eller civilsamfundsorganisation.")},
    )
    cvr = CvrField(
        label=_("CVR-nummer"),
        max_length=12,
        help_text=_("8 cifre. Vi tjekker kontrolcifferet; mellemrum er tilladt."),
    )
    website = forms.URLField(
        label=_("Websted"),
        required=False,
        assume_scheme="https",
        error_messages={"invalid": WEBSITE_INVALID},
    )
    region = forms.ModelChoiceField(
        label=_("Region"),
        queryset=Region.objects.order_by("code"),
        required=False,
        empty_label=_("Ingen bestemt region"),
        error_messages={
            "invalid_choice": _("Ukendt region. Vælg en af de fem regioner på listen.")
        },
    )


class OrganisationEditForm(forms.ModelForm):
    # Declared so that "lysbro.dk" means https://lysbro.dk (the model field would assume http).
    website = forms.URLField(
        label=_("Websted"),
        required=False,
        max_length=200,
        assume_scheme="https",
        error_messages={"invalid": WEBSITE_INVALID},
    )

    class Meta:
        model = Organisation
        fields = ["name", "short_name", "website", "cvr", "ean", "employees", "region"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Uniqueness of CVR is checked by the service, with a message that names the holder.
        self.fields["cvr"].validators = [validate_cvr]
        self.fields["cvr"].help_text = _("8 cifre.")
        if self.instance.cvr:
            # Once known, a CVR number can be corrected but not removed (the service says so).
            self.fields["cvr"].required = True
        self.fields["ean"].help_text = _("13 cifre.")
        region_field = self.fields["region"]
        assert isinstance(region_field, forms.ModelChoiceField)
        region_field.empty_label = _("Ingen bestemt region")

    def validate_unique(self) -> None:
        pass


class MembershipRequestForm(forms.Form):
    message = forms.CharField(
        label=_("Besked til organisationens administrator"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class MembershipDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Afgørelse"),
        choices=[("approve", _("Godkend")), ("reject", _("Afvis"))],
        widget=forms.RadioSelect,
    )
    role = forms.ChoiceField(
        label=_("Rolle"), choices=MembershipRole.choices, initial=MembershipRole.MEMBER
    )
