"""The main menu. Modules that are not built yet have a page that says what is coming."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Module:
    slug: str
    label: str | Promise
    summary: str | Promise
    url_name: str | None = None  # None: not built yet, the menu links to its coming-soon page

    @property
    def url(self) -> str:
        if self.url_name:
            return reverse(self.url_name)
        return reverse("site:module", kwargs={"slug": self.slug})

    @property
    def live(self) -> bool:
        return self.url_name is not None


MODULES: tuple[Module, ...] = (
    Module(
        "katalog",
        _("Katalog"),
        _(
            "Cases og genbrugelige løsninger fra kommuner, regioner og staten — med søgning, "
            "der forstår dansk."
        ),
        url_name="catalogue:search",
    ),
    Module(
        "spredning",
        _("Spredning"),
        _(
            "Hvem bruger hvad: et verificeret register over ibrugtagning, spredningskurver, "
            "kort og anbefalinger fra organisationer som jeres."
        ),
        url_name="diffusion:index",
    ),
    Module(
        "evaluering",
        _("Evaluering"),
        _("Evalueringer, indikatorer og business cases, så effekten kan dokumenteres."),
    ),
    Module(
        "barometer",
        _("Barometer"),
        _(
            "Innovationsbarometeret: den officielle statistik om offentlig innovation, med "
            "usikkerhed og diskretionering."
        ),
        url_name="barometer:index",
    ),
    Module(
        "samarbejde",
        _("Samarbejde"),
        _("Offentlige udfordringer, private løsningsforslag og markedsdialog."),
    ),
    Module(
        "styring",
        _("Styring"),
        _("Styregruppens handlingsplan, budget og fremdriftsrapporter."),
    ),
    Module(
        "praktik",
        _("Praktik"),
        _("Innovationspraktik: værter, praktikanter og match på tværs af organisationer."),
    ),
    Module(
        "organisationer",
        _("Organisationer"),
        _("Kommuner, regioner, statslige organisationer, arbejdspladser og private aktører."),
        url_name="organisations:list",
    ),
)


def module_by_slug(slug: str) -> Module | None:
    return next((m for m in MODULES if m.slug == slug), None)
