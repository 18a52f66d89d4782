"""Forms of the analysts' workspace. They parse input; the services decide and store."""

from __future__ import annotations

from pathlib import PurePath
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from spred.barometer.choices import CiMethod, LonelyStratumPolicy
from spred.barometer.models import Wave

CODEBOOK_SUFFIXES = (".yaml", ".yml", ".json")
TABLE_SUFFIXES = (".csv", ".xlsx")


def _file_with_suffix(suffixes: tuple[str, ...], message: Any) -> Any:
    def check(upload: Any) -> None:
        if upload is not None and PurePath(upload.name).suffix.lower() not in suffixes:
            raise ValidationError(message)

    return check


class WaveForm(forms.ModelForm):
    class Meta:
        model = Wave
        fields = ["title", "reference_period", "description", "lonely_policy", "ci_method"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}


class WaveCreateForm(WaveForm):
    edition = forms.IntegerField(
        label=_("Udgave (år)"),
        min_value=1990,
        max_value=2100,
        help_text=_("Året, udgaven udkommer, fx 2023. Det bliver også bølgens adresse."),
    )
    is_synthetic = forms.BooleanField(
        label=_("Syntetiske data (til demonstration og test)"),
        required=False,
        help_text=_("Markeres tydeligt overalt, hvor bølgens tal vises."),
    )

    class Meta(WaveForm.Meta):
        fields = ["edition", *WaveForm.Meta.fields, "is_synthetic"]

    def validate_unique(self) -> None:
        # The service says which edition already exists, in its own words.
        pass


class CodebookUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Kodebog (YAML eller JSON)"),
        help_text=_("Spørgsmål, svarkoder, 'ved ikke'-koder og hvem spørgsmålene stilles til."),
        validators=[
            _file_with_suffix(CODEBOOK_SUFFIXES, _("Vælg en .yaml-, .yml- eller .json-fil."))
        ],
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(CODEBOOK_SUFFIXES)}),
    )
    dry_run = forms.BooleanField(
        label=_("Kontrollér kun — gem ikke"),
        required=False,
    )


class MicrodataUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Mikrodata (CSV eller XLSX)"),
        help_text=_(
            "Én række pr. arbejdsplads: id, stratum, weight, level, area, size og én kolonne pr. "
            "spørgsmål. Flere svar i ét spørgsmål skrives i samme celle adskilt af semikolon, "
            "fx 1;3."
        ),
        validators=[_file_with_suffix(TABLE_SUFFIXES, _("Vælg en .csv- eller .xlsx-fil."))],
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(TABLE_SUFFIXES)}),
    )
    strata_file = forms.FileField(
        label=_("Strata med populationstal (CSV eller XLSX)"),
        help_text=_("Kolonnerne stratum, level, area, size og population."),
        validators=[_file_with_suffix(TABLE_SUFFIXES, _("Vælg en .csv- eller .xlsx-fil."))],
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(TABLE_SUFFIXES)}),
    )
    lonely_policy = forms.ChoiceField(
        label=_("Strata med én besvarelse"),
        required=False,
        choices=[("", _("Brug bølgens indstilling")), *LonelyStratumPolicy.choices],
        help_text=_(
            "Med en anden politik end 'Stop' bliver en stratum med én besvarelse en advarsel i "
            "stedet for en fejl, og politikken gemmes på bølgen."
        ),
    )
    replace = forms.BooleanField(
        label=_("Ja, erstat bølgens nuværende mikrodata og strata"),
        required=False,
    )
    dry_run = forms.BooleanField(label=_("Kontrollér kun — gem ikke"), required=False)

    def __init__(self, *args: Any, has_data: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not has_data:
            del self.fields["replace"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "replace" in self.fields and not data.get("dry_run") and not data.get("replace"):
            self.add_error(
                "replace",
                _(
                    "Bølgen har allerede mikrodata. Sæt kryds for at erstatte dem, eller vælg "
                    "'Kontrollér kun'."
                ),
            )
        return data


class EstimationSettingsForm(forms.Form):
    """The choices that shape the figures: used by the preview (GET) and when publishing."""

    lonely_policy = forms.ChoiceField(
        label=_("Strata med én besvarelse"), choices=LonelyStratumPolicy.choices
    )
    ci_method = forms.ChoiceField(label=_("Konfidensinterval for andele"), choices=CiMethod.choices)
