"""Input parsing for the ledger's pages. Field names follow the services' keyword arguments, so a
service's ValidationError lands on the field it is about (``add_service_errors``).

Organisations, solutions and cases are chosen by slug from the options the view passes in (each
from a selector), so an unknown or out-of-scope choice is refused with a plain message before a
service is called.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from spred.catalogue.models import Case, Solution
from spred.diffusion.choices import AdoptionStatus, ScopeUnit
from spred.diffusion.models import NOTE_MAX
from spred.organisations.models import Organisation, Region

WIDE = "input-width-xl"


def _text(label: Any, help_text: Any = "", rows: int = 4) -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=False,
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": rows, "class": WIDE}),
    )


class SlugChoiceField(forms.ChoiceField):
    """A choice among objects, by slug; ``cleaned_data`` holds the object (or None)."""

    def __init__(self, *, unknown: Any, empty_label: Any, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        super().__init__(error_messages={"invalid_choice": unknown}, **kwargs)
        self.empty_label = empty_label
        self.objects: dict[str, Any] = {}

    def set_objects(self, groups: Iterable[tuple[Any, Iterable[Any]]], label: Any = str) -> None:
        """``groups`` is [(group label or None, objects)]; a single unlabelled group is flat."""
        choices: list[Any] = [("", self.empty_label)]
        for group, objects in groups:
            options = []
            for obj in objects:
                self.objects[obj.slug] = obj
                options.append((obj.slug, label(obj)))
            if group is None:
                choices.extend(options)
            elif options:
                choices.append((group, options))
        self.choices = choices

    def clean(self, value: Any) -> Any:
        slug = super().clean(value)
        return self.objects.get(slug) if slug else None


def _date_field(label: Any, help_text: Any = "") -> forms.DateField:
    return forms.DateField(
        label=label,
        help_text=help_text,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": _("Angiv en dato."),
            "invalid": _("Angiv datoen som åååå-mm-dd."),
        },
    )


def _status_field(help_text: Any = "") -> forms.ChoiceField:
    return forms.ChoiceField(
        label=_("Status"),
        choices=AdoptionStatus.choices,
        widget=forms.RadioSelect,
        help_text=help_text,
        error_messages={
            "required": _("Vælg en status."),
            "invalid_choice": _("Vælg en gyldig status."),
        },
    )


REASON_HELP = _(
    "Skal udfyldes, når løsningen stoppes. At stoppe er også læring: skriv, hvad der ikke virkede, "
    "så andre kan bruge jeres erfaring."
)


class StatusStepMixin:
    """The date is today unless told otherwise; a future date is refused by the service."""

    fields: dict[str, forms.Field]

    def _set_today(self) -> None:
        self.fields["date"].initial = timezone.localdate


class AdoptionRecordForm(StatusStepMixin, forms.Form):
    organisation = SlugChoiceField(
        label=_("Organisation, der har taget løsningen i brug"),
        unknown=_("Ukendt organisation. Vælg en organisation fra listen."),
        empty_label=_("Vælg organisation"),
        required=True,
    )
    solution = SlugChoiceField(
        label=_("Løsning"),
        unknown=_("Ukendt løsning. Vælg en publiceret løsning fra listen."),
        empty_label=_("Vælg løsning"),
        required=True,
    )
    status = _status_field(
        _("»Overvejer« tæller ikke som ibrugtagning; det gør »Afprøver« og de følgende.")
    )
    date = _date_field(_("Siden hvornår"), _("Datoen, hvor status blev sådan. Ikke i fremtiden."))
    reason = _text(_("Begrundelse"), REASON_HELP)
    scope_value = forms.IntegerField(
        label=_("Omfang"),
        required=False,
        min_value=0,
        help_text=_("Hvor mange borgere, enheder, medarbejdere eller arbejdspladser det omfatter."),
        widget=forms.NumberInput(attrs={"class": "input-width-s"}),
    )
    scope_unit = forms.ChoiceField(
        label=_("Enhed for omfang"),
        required=False,
        choices=[("", _("Vælg enhed")), *ScopeUnit.choices],
    )
    source_case = SlugChoiceField(
        label=_("Kilde-case"),
        unknown=_("Ukendt case. Vælg en publiceret case fra listen."),
        empty_label=_("Ingen"),
        help_text=_("En case i kataloget, der beskriver, hvordan I tog løsningen i brug."),
    )
    learned_from = SlugChoiceField(
        label=_("Lært af"),
        unknown=_("Ukendt organisation i »lært af«. Vælg en fra listen."),
        empty_label=_("Ingen"),
        help_text=_(
            "Den organisation, I lærte af eller fik løsningen fra. Flere kan tilføjes bagefter."
        ),
    )
    adapted = _text(
        _("Hvad tilpassede I?"),
        _("Fx arbejdsgange, målgruppe eller tekniske valg, I ændrede i forhold til dem."),
        rows=3,
    )
    note = _text(_("Bemærkning"), rows=3)

    def __init__(
        self,
        *args: Any,
        mine: list[Organisation],
        others: Iterable[Organisation],
        solutions: Iterable[Solution],
        cases: Iterable[Case],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self._set_today()
        mine_slugs = {o.slug for o in mine}
        other_list = [o for o in others if o.slug not in mine_slugs]
        organisation = self.fields["organisation"]
        assert isinstance(organisation, SlugChoiceField)
        organisation.set_objects(
            [
                (_("Jeres organisationer – verificeres med det samme"), mine),
                (_("Andre offentlige organisationer – afventer deres bekræftelse"), other_list),
            ]
        )
        if len(mine) == 1:
            organisation.initial = mine[0].slug
        solution = self.fields["solution"]
        assert isinstance(solution, SlugChoiceField)
        solution.set_objects([(None, solutions)])
        case = self.fields["source_case"]
        assert isinstance(case, SlugChoiceField)
        case.set_objects([(None, cases)], label=lambda c: f"{c.title} ({c.organisation.name})")
        learned = self.fields["learned_from"]
        assert isinstance(learned, SlugChoiceField)
        learned.set_objects([(None, [*mine, *other_list])])

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        source = data.get("learned_from")
        return {
            "organisation": data["organisation"],
            "solution": data["solution"],
            "status": data["status"],
            "date": data["date"],
            "reason": data.get("reason", ""),
            "scope_value": data.get("scope_value"),
            "scope_unit": data.get("scope_unit", ""),
            "source_case": data.get("source_case"),
            "note": data.get("note", ""),
            "learned_from": [(source, data.get("adapted", ""))] if source is not None else [],
        }


class StatusChangeForm(StatusStepMixin, forms.Form):
    status = _status_field()
    date = _date_field(_("Siden hvornår"), _("Ikke før seneste statusændring og ikke i fremtiden."))
    reason = _text(_("Begrundelse"), REASON_HELP)

    def __init__(self, *args: Any, current: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._set_today()
        # The current status is not a change; leaving it out saves a round trip to an error.
        status = self.fields["status"]
        assert isinstance(status, forms.ChoiceField)
        status.choices = [c for c in AdoptionStatus.choices if c[0] != current]


class RejectForm(forms.Form):
    reason = _text(
        _("Begrundelse"),
        _("Sendes til den, der registrerede ibrugtagningen, så de ved, hvad der var forkert."),
        rows=3,
    )


class AdoptionEditForm(forms.Form):
    scope_value = AdoptionRecordForm.base_fields["scope_value"]
    scope_unit = AdoptionRecordForm.base_fields["scope_unit"]
    source_case = SlugChoiceField(
        label=_("Kilde-case"),
        unknown=_("Ukendt case. Vælg en publiceret case fra listen."),
        empty_label=_("Ingen"),
        help_text=_("En case i kataloget, der beskriver, hvordan I tog løsningen i brug."),
    )
    note = _text(_("Bemærkning"), rows=3)

    def __init__(self, *args: Any, cases: Iterable[Case], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        case = self.fields["source_case"]
        assert isinstance(case, SlugChoiceField)
        case.set_objects([(None, cases)], label=lambda c: f"{c.title} ({c.organisation.name})")


class LearnedFromForm(forms.Form):
    source = SlugChoiceField(
        label=_("Organisation, I lærte af"),
        unknown=_("Ukendt organisation. Vælg en fra listen."),
        empty_label=_("Vælg organisation"),
        required=True,
    )
    adapted = _text(
        _("Hvad tilpassede I?"),
        _("Fx arbejdsgange, målgruppe eller tekniske valg, I ændrede i forhold til dem."),
        rows=3,
    )

    def __init__(self, *args: Any, organisations: Iterable[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        source = self.fields["source"]
        assert isinstance(source, SlugChoiceField)
        source.set_objects([(None, organisations)])


class LedgerFilterForm(forms.Form):
    """The public ledger's filters (GET). Junk in the query is ignored, not an error page."""

    loesning = SlugChoiceField(
        label=_("Løsning"), unknown=_("Ukendt løsning."), empty_label=_("Alle løsninger")
    )
    organisation = SlugChoiceField(
        label=_("Organisation"), unknown=_("Ukendt organisation."), empty_label=_("Alle")
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Alle")), *AdoptionStatus.choices]
    )
    region = forms.TypedChoiceField(
        label=_("Region"), required=False, coerce=int, empty_value=None, choices=[]
    )

    def __init__(
        self,
        *args: Any,
        solutions: Iterable[Solution],
        organisations: Iterable[Organisation],
        regions: Iterable[Region],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        solution = self.fields["loesning"]
        assert isinstance(solution, SlugChoiceField)
        solution.set_objects([(None, solutions)])
        organisation = self.fields["organisation"]
        assert isinstance(organisation, SlugChoiceField)
        organisation.set_objects([(None, organisations)])
        region = self.fields["region"]
        assert isinstance(region, forms.TypedChoiceField)
        region.choices = [("", _("Alle regioner")), *((r.code, r.name) for r in regions)]

    def filters(self) -> dict[str, Any]:
        """The valid filters; an invalid one is dropped (and shown as an error on its field)."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {
            "solution": data.get("loesning"),
            "organisation": data.get("organisation"),
            "status": data.get("status") or None,
            "region": data.get("region"),
        }
