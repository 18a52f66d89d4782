"""The acceptance criteria an editor reviews an entry against, each computed from the entry.

The review page shows them as a checklist. Publishing with an unmet criterion is refused unless
the editor ticks an explicit override and says why in the comment
(``services.workflow.case_publish``); the reason is kept with the published version.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from spred.catalogue.choices import PartnerRole, Stage
from spred.catalogue.models import Case, Solution

#: Stages that count as "at least tried in practice".
PILOTED_STAGES = frozenset({Stage.PILOT, Stage.IMPLEMENTED, Stage.SPREAD})

CASE_SECTIONS = ("challenge", "solution_text", "results", "lessons", "spreading_potential")


@dataclass(frozen=True)
class Criterion:
    key: str
    label: str | Promise
    met: bool
    help: str | Promise


def _filled(text: str) -> bool:
    return bool((text or "").strip())


def acceptance_checklist(case: Case) -> list[Criterion]:
    """The case's criteria. Reads the partners with their organisations (prefetch them)."""
    public_partner = any(
        p.role == PartnerRole.PUBLIC_PARTNER and p.organisation.is_public
        for p in case.partnerships.all()
    )
    missing = [
        str(_field_label(name)) for name in CASE_SECTIONS if not _filled(getattr(case, name))
    ]
    return [
        Criterion(
            "public_body",
            _("En offentlig myndighed står bag"),
            case.organisation.is_public or public_partner,
            _(
                "Ejeren er en kommune, region eller statslig organisation, eller en offentlig "
                "organisation er med som offentlig partner."
            ),
        ),
        Criterion(
            "piloted",
            _("Afprøvet i praksis"),
            case.stage in PILOTED_STAGES,
            _("Innovationen er mindst afprøvet (fase: afprøvning, implementeret eller udbredt)."),
        ),
        Criterion(
            "value",
            _("Værdien er beskrevet"),
            _filled(case.results),
            _("Afsnittet om resultater og effekt fortæller, hvad innovationen har givet."),
        ),
        Criterion(
            "complete",
            _("Alle afsnit er udfyldt"),
            not missing,
            _("Mangler: %(sections)s.") % {"sections": ", ".join(missing)}
            if missing
            else _("Udfordring, løsning, resultater, erfaringer og spredningspotentiale."),
        ),
    ]


def solution_checklist(solution: Solution) -> list[Criterion]:
    """The solution's criteria. Reads its policy areas and technologies (prefetch them)."""
    classified = bool(solution.policy_areas.all()) or bool(solution.technologies.all())
    return [
        Criterion(
            "description",
            _("Løsningen er beskrevet"),
            _filled(solution.description),
            _("Beskrivelsen fortæller, hvad løsningen er, og hvad den kræver."),
        ),
        Criterion(
            "classified",
            _("Løsningen kan findes"),
            classified,
            _("Mindst ét fagområde eller én teknologi er valgt."),
        ),
        Criterion(
            "more_information",
            _("Der er et sted at læse mere"),
            _filled(solution.website) or _filled(solution.source_url),
            _("Et websted eller en adresse på kildekoden er angivet."),
        ),
        Criterion(
            "licence",
            _("Åben kildekode har en licens"),
            not _filled(solution.source_url) or _filled(solution.licence),
            _("Når kildekoden er angivet, skal licensen også være det (SPDX-id)."),
        ),
    ]


def unmet(criteria: list[Criterion]) -> list[Criterion]:
    return [c for c in criteria if not c.met]


def _field_label(name: str) -> Any:
    field = Case._meta.get_field(name)
    assert isinstance(field, models.Field)
    return field.verbose_name
