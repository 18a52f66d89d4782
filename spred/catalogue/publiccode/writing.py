"""A solution written as publiccode.yml (the standard's version 0.4).

The standard requires a few things the catalogue does not record; they are filled in the
plainest truthful way. Spred's own fields that the standard has no place for travel in the
extension section ``x-spred`` (see docs/catalogue-format.md), so an export imported again
gives the same solution.
"""

from __future__ import annotations

from typing import Any

import yaml
from django.conf import settings
from django.utils.translation import gettext as _

from spred.catalogue.models import Solution
from spred.catalogue.publiccode.mapping import (
    CATEGORY_OF_POLICY_AREA,
    CATEGORY_OF_TECHNOLOGY,
    FALLBACK_CATEGORY,
    STATUS_OF_MATURITY,
    unique_in_order,
)
from spred.catalogue.publiccode.standard import (
    EXPORT_VERSION,
    EXTENSION_KEY,
    LONG_DESCRIPTION_MAX,
    LONG_DESCRIPTION_MIN,
    SHORT_DESCRIPTION_MAX,
)


class NotExportable(Exception):
    """The solution lacks what the standard requires and Spred cannot truthfully fill in."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _organisation_ref(solution: Solution) -> str:
    organisation = solution.organisation
    return organisation.municipality_code or organisation.cvr or organisation.slug


def _shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",.;:")
    return cut + "…"


def solution_publiccode(solution: Solution, *, base_url: str | None = None) -> dict[str, Any]:
    """The solution as a publiccode.yml document (a dict, ready for ``dump_publiccode``).

    The standard requires a few things the catalogue does not record; they are filled in the
    plainest truthful way: the platform is ``web``, the software type ``standalone/other``,
    maintenance ``none`` (Spred does not know the maintenance arrangement) and the available
    language Danish. A solution without an SPDX licence cannot be described (the standard needs
    one) and raises ``NotExportable``."""
    if not solution.licence:
        raise NotExportable(
            _("Løsningen har ingen licens. publiccode.yml kræver et SPDX-id, fx EUPL-1.2.")
        )
    base = (base_url if base_url is not None else settings.SPRED_BASE_URL).rstrip("/")
    page = base + solution.get_absolute_url()
    areas = list(solution.policy_areas.values_list("slug", flat=True))
    technologies = list(solution.technologies.values_list("slug", flat=True))
    categories = unique_in_order(
        [CATEGORY_OF_TECHNOLOGY[t] for t in technologies if t in CATEGORY_OF_TECHNOLOGY]
        + [CATEGORY_OF_POLICY_AREA[a] for a in areas if a in CATEGORY_OF_POLICY_AREA]
    ) or [FALLBACK_CATEGORY]
    long = solution.description.strip() or solution.summary.strip()
    if len(long) < LONG_DESCRIPTION_MIN:
        more = _(
            "%(name)s er beskrevet i Spreds katalog over løsninger til den offentlige sektor, "
            "hvor der også står, hvem der bruger den: %(url)s"
        ) % {"name": solution.name, "url": page}
        long = f"{long}\n\n{more}".strip()
    long = _shorten_paragraphs(long, LONG_DESCRIPTION_MAX)
    extension: dict[str, Any] = {
        "organisation": _organisation_ref(solution),
        "slug": solution.slug,
        "summary": solution.summary,
        "description": solution.description,
        "policyAreas": areas,
        "technologies": technologies,
        "kleCode": solution.kle_code,
        "maturity": str(solution.maturity),
        "priceIndication": solution.price_indication,
        "suppliers": [s.cvr or s.slug for s in solution.suppliers.all()],
        "sourceUrl": solution.source_url,
        "website": solution.website,
    }
    document: dict[str, Any] = {
        "publiccodeYmlVersion": EXPORT_VERSION,
        "name": solution.name,
        "url": solution.source_url or solution.website or page,
    }
    if solution.website:
        document["landingURL"] = solution.website
    document.update(
        {
            "platforms": ["web"],
            "categories": categories,
            "developmentStatus": STATUS_OF_MATURITY.get(str(solution.maturity), "beta"),
            "softwareType": "standalone/other",
            "description": {
                "da": {
                    "localisedName": solution.name,
                    "shortDescription": _shorten(solution.summary, SHORT_DESCRIPTION_MAX),
                    "longDescription": long,
                    "documentation": page,
                    "features": [_shorten(solution.summary, 300)],
                }
            },
            "legal": {"license": solution.licence, "repoOwner": solution.organisation.name},
            "maintenance": {"type": "none"},
            "localisation": {"localisationReady": False, "availableLanguages": ["da"]},
            EXTENSION_KEY: extension,
        }
    )
    return document


def _shorten_paragraphs(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0] + "…"


def dump_publiccode(document: dict[str, Any]) -> str:
    header = "# publiccode.yml %s\n" % (
        _("skrevet af Spred (standardens version %(v)s)")
        % {"v": document.get("publiccodeYmlVersion")}
    )
    body = yaml.safe_dump(
        document, allow_unicode=True, sort_keys=False, width=100, default_flow_style=False
    )
    return header + body
