"""Forms of the spreading guide. A worksheet's form is generated from its definition in
``data/guide.yaml``; the field names are the question keys, so a service's ValidationError
(keyed by question) lands on the question it is about (``add_service_errors``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from spred.catalogue.models import Solution
from spred.diffusion.analysis import guide
from spred.diffusion.choices import GuideSide
from spred.diffusion.models import Adoption
from spred.organisations.models import Organisation

#: Design-system width for long text: about 70 characters a line, never wider than the screen.
WIDE = "input-width-xl"


class GuideProjectForm(forms.Form):
    organisation = forms.TypedChoiceField(
        label=_("Organisation"),
        coerce=int,
        help_text=_("Projektet og svarene kan ses af alle medlemmer af organisationen."),
        error_messages={"invalid_choice": _("Vælg en af dine organisationer.")},
    )
    solution = forms.ChoiceField(
        label=_("Løsning"),
        help_text=_("En publiceret løsning fra kataloget."),
        error_messages={"invalid_choice": _("Vælg en publiceret løsning.")},
    )
    side = forms.ChoiceField(
        label=_("Jeres rolle i spredningen"),
        choices=GuideSide.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Vælg, om I deler løsningen eller tager den i brug.")},
    )
    title = forms.CharField(
        label=_("Titel"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"class": WIDE}),
        help_text=_("Lad feltet stå tomt for en titel ud fra løsningen og jeres rolle."),
    )
    adoption = forms.TypedChoiceField(
        label=_("Knyt til en registreret ibrugtagning"),
        coerce=int,
        empty_value=None,
        required=False,
        help_text=_(
            "Hvis organisationen allerede har registreret løsningen i spredningsregistret."
        ),
        error_messages={"invalid_choice": _("Vælg en af jeres registrerede ibrugtagninger.")},
    )

    def __init__(
        self,
        *args: Any,
        organisations: Sequence[Organisation],
        solutions: Sequence[Solution],
        adoptions: Sequence[Adoption],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self._organisations = {o.pk: o for o in organisations}
        self._solutions = {s.slug: s for s in solutions}
        self._adoptions = {a.pk: a for a in adoptions}
        organisation = self.fields["organisation"]
        assert isinstance(organisation, forms.TypedChoiceField)
        organisation.choices = [("", _("Vælg organisation"))] + [
            (o.pk, o.name) for o in organisations
        ]
        if len(organisations) == 1:
            organisation.initial = organisations[0].pk
        solution = self.fields["solution"]
        assert isinstance(solution, forms.ChoiceField)
        solution.choices = [("", _("Vælg løsning"))] + [(s.slug, s.name) for s in solutions]
        adoption = self.fields["adoption"]
        assert isinstance(adoption, forms.TypedChoiceField)
        if adoptions:
            adoption.choices = [("", _("Ingen"))] + [
                (a.pk, f"{a.organisation.name} · {a.solution.name} ({a.get_status_display()})")
                for a in adoptions
            ]
        else:
            del self.fields["adoption"]

    def service_arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        adoption_pk = data.get("adoption")
        return {
            "organisation": self._organisations[data["organisation"]],
            "solution": self._solutions[data["solution"]],
            "side": data["side"],
            "title": data.get("title", ""),
            "adoption": self._adoptions.get(adoption_pk) if adoption_pk else None,
        }


def _scale_choices(question: guide.Question, definition: guide.Guide) -> list[tuple[int, str]]:
    low = question.low or definition.scale_low
    high = question.high or definition.scale_high
    choices = []
    for number in range(guide.SCALE_MIN, guide.SCALE_MAX + 1):
        label = str(number)
        if number == guide.SCALE_MIN:
            label = f"{number} – {low}"
        elif number == guide.SCALE_MAX:
            label = f"{number} – {high}"
        choices.append((number, label))
    return choices


def _field(question: guide.Question, definition: guide.Guide) -> forms.Field:
    common: dict[str, Any] = {
        "label": question.text,
        "help_text": question.help or "",
        "required": question.required,
        "error_messages": {"invalid_choice": _("Vælg et af de mulige svar.")},
    }
    if question.type == guide.TEXT:
        return forms.CharField(
            max_length=guide.TEXT_MAX,
            widget=forms.Textarea(attrs={"rows": 4, "class": WIDE}),
            **common,
        )
    if question.type == guide.SCALE:
        return forms.TypedChoiceField(
            choices=_scale_choices(question, definition),
            coerce=int,
            empty_value=None,
            widget=forms.RadioSelect,
            **common,
        )
    if question.type == guide.YESNO:
        return forms.ChoiceField(
            choices=[(guide.YES, _("Ja")), (guide.NO, _("Nej"))],
            widget=forms.RadioSelect,
            **common,
        )
    return forms.ChoiceField(
        choices=[(c.value, c.label) for c in question.choices],
        widget=forms.RadioSelect,
        **common,
    )


class WorksheetForm(forms.Form):
    """One field per question. A required question is marked as such, but the form itself
    accepts it empty: a draft may be partly filled in, and the service decides when a missing
    answer matters (when the worksheet is marked as completed)."""

    #: Browsers must not stop a draft from being saved.
    use_required_attribute = False

    def __init__(
        self, *args: Any, worksheet: guide.Worksheet, disabled: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.worksheet = worksheet
        definition = guide.load_guide()
        for question in worksheet.questions:
            field = _field(question, definition)
            field.disabled = disabled
            self.fields[question.key] = field

    def full_clean(self) -> None:
        required = {name: field.required for name, field in self.fields.items()}
        for field in self.fields.values():
            field.required = False
        try:
            super().full_clean()
        finally:
            for name, field in self.fields.items():
                field.required = required[name]

    def answers(self) -> dict[str, Any]:
        return {key: self.cleaned_data.get(key) for key in self.fields}
