"""The forms of the case and solution pages: an entry's content, a case's partners, and the
owner organisation. Field names follow ``CaseInput``/``SolutionInput``, so a service's
ValidationError lands on the field it is about (``add_service_errors``).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from spred.catalogue.choices import EvidenceLevel, Maturity, PartnerRole, Stage
from spred.catalogue.inputs import CaseInput, PartnerInput, SolutionInput
from spred.catalogue.models import (
    FIRST_YEAR,
    SECTION_MAX,
    SUMMARY_MAX,
    InnovationType,
    PolicyArea,
    Solution,
    TechnologyCategory,
)
from spred.organisations.models import Organisation

#: Design-system width for long text: about 70 characters a line, never wider than the screen.
WIDE = "input-width-xl"


def _section(label: Any, help_text: Any = "", *, required: bool = False, rows: int = 8) -> Any:
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=required,
        max_length=SECTION_MAX,
        widget=forms.Textarea(attrs={"rows": rows, "class": WIDE}),
    )


class TaxonLabelMixin:
    """Taxonomy terms in the current language (their ``label``)."""

    def label_from_instance(self, obj: Any) -> str:
        return str(obj.label)


class TaxonChoiceField(TaxonLabelMixin, forms.ModelMultipleChoiceField):
    def __init__(self, queryset: Any, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", forms.CheckboxSelectMultiple)
        super().__init__(queryset, to_field_name="slug", **kwargs)


def _organisation_choices(organisations: Any) -> list[tuple[Any, str]]:
    return [("", _("Vælg organisation"))] + [(o.pk, o.name) for o in organisations]


class OwnerChoiceMixin:
    """The owner organisation, chosen among those the user may write for."""

    fields: dict[str, forms.Field]

    def _set_owner_choices(self, organisations: list[Organisation] | None) -> None:
        if organisations is None:
            del self.fields["organisation"]
            return
        field = self.fields["organisation"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = _organisation_choices(organisations)
        if len(organisations) == 1:
            field.initial = organisations[0].pk


class CaseForm(OwnerChoiceMixin, forms.Form):
    organisation = forms.TypedChoiceField(
        label=_("Organisation"),
        coerce=int,
        help_text=_("Den organisation, der har gennemført innovationen og står bag casen."),
        error_messages={"invalid_choice": _("Vælg en af dine organisationer.")},
    )
    title = forms.CharField(
        label=_("Titel"),
        max_length=200,
        widget=forms.TextInput(attrs={"class": WIDE}),
        help_text=_("Kort og konkret, fx »Skærmbesøg gav færre kørsler i hjemmeplejen«."),
    )
    summary = forms.CharField(
        label=_("Resumé"),
        max_length=SUMMARY_MAX,
        widget=forms.Textarea(attrs={"rows": 4, "class": WIDE}),
        help_text=_("Højst 1.000 tegn. Vises i søgeresultater og lister."),
    )
    challenge = _section(_("Udfordring"), _("Hvilket problem ville I løse, og for hvem?"))
    solution_text = _section(_("Løsning"), _("Hvad gjorde I, og hvordan?"))
    results = _section(
        _("Resultater og effekt"), _("Hvad kom der ud af det? Gerne med tal og målinger.")
    )
    lessons = _section(_("Erfaringer"), _("Hvad lærte I? Hvad ville I gøre anderledes?"))
    spreading_potential = _section(
        _("Spredningspotentiale"),
        _("Hvem kan bruge det, og hvad kræver det at gøre det samme?"),
    )
    stage = forms.ChoiceField(
        label=_("Fase"),
        choices=Stage.choices,
        initial=Stage.PILOT,
        help_text=_("Hvor langt er innovationen nået?"),
    )
    evidence_level = forms.ChoiceField(
        label=_("Evidensniveau"),
        choices=EvidenceLevel.choices,
        initial=EvidenceLevel.NONE,
        help_text=_("Hvordan er effekten målt?"),
    )
    year = forms.IntegerField(
        label=_("År"),
        required=False,
        min_value=FIRST_YEAR,
        help_text=_("Året, hvor innovationen blev taget i brug eller afprøvet."),
    )
    kle_code = forms.CharField(
        label=_("KLE-nummer"),
        required=False,
        max_length=8,
        help_text=_("Valgfrit emnenummer fra KL's Emnesystematik, fx 27.24.00."),
    )
    innovation_types = TaxonChoiceField(InnovationType.objects.all(), label=_("Innovationstyper"))
    policy_areas = TaxonChoiceField(PolicyArea.objects.all(), label=_("Fagområder"))
    technologies = TaxonChoiceField(TechnologyCategory.objects.all(), label=_("Teknologier"))
    solution_slugs = forms.ModelMultipleChoiceField(
        queryset=Solution.objects.none(),
        to_field_name="slug",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Løsninger, casen bruger"),
        help_text=_("Genbrugelige løsninger fra kataloget, som casen bygger på."),
    )
    comment = forms.CharField(
        label=_("Hvad har du ændret?"),
        required=False,
        max_length=500,
        help_text=_(
            "Casen er publiceret, så ændringen bliver offentlig med det samme som en ny "
            "version. Redaktionen får besked. Kommentaren vises i versionshistorikken."
        ),
    )

    def __init__(
        self,
        *args: Any,
        organisations: list[Organisation] | None = None,
        solutions: Any = None,
        published: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self._set_owner_choices(organisations)
        # A year in the future is refused by the model, with a message that names the limit.
        self.fields["year"].widget.attrs["max"] = timezone.localdate().year
        solution_field = self.fields["solution_slugs"]
        assert isinstance(solution_field, forms.ModelMultipleChoiceField)
        if solutions is None:
            del self.fields["solution_slugs"]
        else:
            solution_field.queryset = solutions
        if not published:
            del self.fields["comment"]

    def to_input(self, partners: list[PartnerInput]) -> CaseInput:
        data = self.cleaned_data
        return CaseInput(
            title=data["title"],
            summary=data["summary"],
            challenge=data["challenge"],
            solution_text=data["solution_text"],
            results=data["results"],
            lessons=data["lessons"],
            spreading_potential=data["spreading_potential"],
            innovation_types=[t.slug for t in data["innovation_types"]],
            policy_areas=[t.slug for t in data["policy_areas"]],
            technologies=[t.slug for t in data["technologies"]],
            partners=partners,
            solution_slugs=[s.slug for s in data.get("solution_slugs") or []],
            stage=data["stage"],
            evidence_level=data["evidence_level"],
            year=data["year"],
            kle_code=data["kle_code"],
        )

    @staticmethod
    def initial_from(case: Any) -> dict[str, Any]:
        return {
            "title": case.title,
            "summary": case.summary,
            "challenge": case.challenge,
            "solution_text": case.solution_text,
            "results": case.results,
            "lessons": case.lessons,
            "spreading_potential": case.spreading_potential,
            "stage": case.stage,
            "evidence_level": case.evidence_level,
            "year": case.year,
            "kle_code": case.kle_code,
            "innovation_types": [t.slug for t in case.innovation_types.all()],
            "policy_areas": [t.slug for t in case.policy_areas.all()],
            "technologies": [t.slug for t in case.technologies.all()],
            "solution_slugs": [s.slug for s in case.solutions.all()],
        }


class PartnerForm(forms.Form):
    organisation = forms.TypedChoiceField(
        label=_("Organisation"),
        coerce=int,
        required=False,
        error_messages={"invalid_choice": _("Vælg en organisation fra listen.")},
    )
    role = forms.ChoiceField(
        label=_("Rolle"),
        required=False,
        choices=[("", _("Vælg rolle")), *PartnerRole.choices],
    )
    description = forms.CharField(
        label=_("Bidrag"),
        required=False,
        max_length=300,
        help_text=_("Fx »leverede sensorerne« eller »evaluerede forsøget«."),
    )

    def __init__(self, *args: Any, organisation_choices: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = organisation_choices

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.cleaned_data.get("DELETE"):
            return data
        has_org, has_role = bool(data.get("organisation")), bool(data.get("role"))
        if has_org and not has_role:
            self.add_error("role", _("Vælg partnerens rolle."))
        if has_role and not has_org:
            self.add_error("organisation", _("Vælg partnerens organisation."))
        return data


class BasePartnerFormSet(forms.BaseFormSet):
    def to_inputs(self) -> list[PartnerInput]:
        rows = [
            f.cleaned_data
            for f in self.forms
            if f.cleaned_data
            and not f.cleaned_data.get("DELETE")
            and f.cleaned_data.get("organisation")
        ]
        organisations = Organisation.objects.in_bulk([row["organisation"] for row in rows])
        return [
            PartnerInput(
                organisation=organisations[row["organisation"]],
                role=row["role"],
                description=row.get("description", ""),
            )
            for row in rows
            if row["organisation"] in organisations
        ]


PartnerFormSet = forms.formset_factory(
    PartnerForm,
    formset=BasePartnerFormSet,
    extra=2,
    can_delete=True,
    max_num=30,
    validate_max=True,
)


def partner_formset(
    data: Any, *, organisations: list[Organisation], initial: list[dict[str, Any]] | None = None
) -> BasePartnerFormSet:
    choices = _organisation_choices(organisations)
    formset = PartnerFormSet(
        data, initial=initial, prefix="partners", form_kwargs={"organisation_choices": choices}
    )
    assert isinstance(formset, BasePartnerFormSet)
    return formset


class SolutionForm(OwnerChoiceMixin, forms.Form):
    organisation = forms.TypedChoiceField(
        label=_("Organisation"),
        coerce=int,
        help_text=_("Den organisation, der holder beskrivelsen af løsningen ved lige."),
        error_messages={"invalid_choice": _("Vælg en af dine organisationer.")},
    )
    name = forms.CharField(
        label=_("Navn"), max_length=200, widget=forms.TextInput(attrs={"class": WIDE})
    )
    summary = forms.CharField(
        label=_("Kort beskrivelse"),
        max_length=SUMMARY_MAX,
        widget=forms.Textarea(attrs={"rows": 4, "class": WIDE}),
        help_text=_("Højst 1.000 tegn. Vises i søgeresultater og lister."),
    )
    description = _section(
        _("Beskrivelse"),
        _("Hvad er løsningen, hvad kræver den, og hvordan kommer man i gang?"),
        rows=12,
    )
    maturity = forms.ChoiceField(
        label=_("Modenhed"), choices=Maturity.choices, initial=Maturity.PILOT
    )
    policy_areas = TaxonChoiceField(PolicyArea.objects.all(), label=_("Fagområder"))
    technologies = TaxonChoiceField(TechnologyCategory.objects.all(), label=_("Teknologier"))
    kle_code = forms.CharField(
        label=_("KLE-nummer"),
        required=False,
        max_length=8,
        help_text=_("Valgfrit emnenummer fra KL's Emnesystematik, fx 27.24.00."),
    )
    suppliers = forms.TypedMultipleChoiceField(
        label=_("Leverandører"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Private virksomheder, der leverer løsningen."),
    )
    licence = forms.CharField(
        label=_("Licens (SPDX)"),
        required=False,
        max_length=100,
        help_text=_("For software: licensens SPDX-id, fx EUPL-1.2 eller MIT."),
    )
    source_url = forms.URLField(
        label=_("Kildekode"),
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text=_("Adressen på kildekoden, hvis den er åben."),
    )
    website = forms.URLField(
        label=_("Websted"), required=False, max_length=500, assume_scheme="https"
    )
    price_indication = forms.CharField(
        label=_("Pris og indsats"),
        required=False,
        max_length=300,
        help_text=_("Fx ca. 150.000 kr. i etablering og 20.000 kr. om året."),
    )

    def __init__(
        self,
        *args: Any,
        organisations: list[Organisation] | None = None,
        suppliers: list[Organisation],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self._set_owner_choices(organisations)
        field = self.fields["suppliers"]
        assert isinstance(field, forms.TypedMultipleChoiceField)
        field.choices = [(o.pk, o.name) for o in suppliers]

    def to_input(self) -> SolutionInput:
        data = self.cleaned_data
        by_pk = Organisation.objects.in_bulk(data["suppliers"])
        return SolutionInput(
            name=data["name"],
            summary=data["summary"],
            description=data["description"],
            technologies=[t.slug for t in data["technologies"]],
            policy_areas=[t.slug for t in data["policy_areas"]],
            kle_code=data["kle_code"],
            maturity=data["maturity"],
            suppliers=[by_pk[pk] for pk in data["suppliers"] if pk in by_pk],
            licence=data["licence"],
            source_url=data["source_url"],
            website=data["website"],
            price_indication=data["price_indication"],
        )

    @staticmethod
    def initial_from(solution: Any) -> dict[str, Any]:
        return {
            "name": solution.name,
            "summary": solution.summary,
            "description": solution.description,
            "maturity": solution.maturity,
            "policy_areas": [t.slug for t in solution.policy_areas.all()],
            "technologies": [t.slug for t in solution.technologies.all()],
            "kle_code": solution.kle_code,
            "suppliers": [o.pk for o in solution.suppliers.all()],
            "licence": solution.licence,
            "source_url": solution.source_url,
            "website": solution.website,
            "price_indication": solution.price_indication,
        }
