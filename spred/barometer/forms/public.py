"""Forms of the public barometer pages: all GET, all optional — a visitor narrows, never saves."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from spred.barometer.choices import Area, GovernmentLevel, SizeBand
from spred.barometer.models import Wave


def _with_blank(choices: list[tuple[str, Any]], blank: Any) -> list[tuple[str, Any]]:
    return [("", blank), *choices]


class WaveChoiceForm(forms.Form):
    """Which published wave to show; the page passes the waves it may offer."""

    boelge = forms.ChoiceField(label=_("Bølge"), required=False)

    def __init__(self, *args: Any, waves: list[Wave], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["boelge"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(str(w.edition), f"{w.edition} ({w.reference_period})") for w in waves]


class LikeMineForm(forms.Form):
    niveau = forms.ChoiceField(
        label=_("Forvaltningsniveau"),
        required=False,
        choices=_with_blank(GovernmentLevel.choices, _("Vælg niveau")),
    )
    omraade = forms.ChoiceField(
        label=_("Område"),
        required=False,
        choices=_with_blank(Area.choices, _("Vælg område")),
    )
    stoerrelse = forms.ChoiceField(
        label=_("Antal ansatte"),
        required=False,
        choices=_with_blank(SizeBand.choices, _("Vælg størrelse")),
    )
