"""How the standard's vocabularies correspond to the catalogue's, and a publiccode.yml read
into a solution: a record of the import format (docs/catalogue-format.md), or the services'
``SolutionInput``.

Spred's own fields in the extension section ``x-spred`` win over what the standard's fields
suggest, so a file Spred wrote comes back as the same solution.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from spred.catalogue.choices import Maturity
from spred.catalogue.inputs import SolutionInput
from spred.catalogue.publiccode.standard import EXTENSION_KEY

#: developmentStatus ↔ the catalogue's maturity.
MATURITY_OF_STATUS = {
    "concept": Maturity.IDEA,
    "development": Maturity.DEVELOPMENT,
    "beta": Maturity.PILOT,
    "stable": Maturity.PROVEN,
    "obsolete": Maturity.RETIRED,
}
STATUS_OF_MATURITY: dict[str, str] = {
    str(maturity): status for status, maturity in MATURITY_OF_STATUS.items()
}

#: Categories that say something about a solution's technology or policy area. Only clear
#: correspondences are listed; a category without one maps to nothing.
TECHNOLOGY_OF_CATEGORY = {
    "data-analytics": "data-og-analyse",
    "data-collection": "data-og-analyse",
    "data-visualization": "data-og-analyse",
    "business-intelligence": "data-og-analyse",
    "predictive-analysis": "kunstig-intelligens",
    "digital-citizenship": "digital-selvbetjening",
    "online-booking": "digital-selvbetjening",
    "appointment-scheduling": "digital-selvbetjening",
    "e-signature": "digital-selvbetjening",
    "payment-gateway": "digital-selvbetjening",
    "mobile-payment": "digital-selvbetjening",
}
POLICY_AREA_OF_CATEGORY = {
    "learning-management-system": "uddannelse",
    "educational-content": "uddannelse",
    "accounting": "administration",
    "budgeting": "administration",
    "billing-and-invoicing": "administration",
    "document-management": "administration",
    "employee-management": "administration",
    "financial-reporting": "administration",
    "hr": "administration",
    "payroll": "administration",
    "procurement": "administration",
    "taxes-management": "administration",
    "digital-citizenship": "borgerservice",
    "customer-service-and-support": "borgerservice",
    "appointment-scheduling": "borgerservice",
    "fleet-management": "trafik-og-infrastruktur",
    "geographic-information-systems": "teknik-og-miljoe",
}
#: For an export: the category each technology and policy area suggests.
CATEGORY_OF_TECHNOLOGY = {
    "data-og-analyse": "data-analytics",
    "kunstig-intelligens": "predictive-analysis",
    "digital-selvbetjening": "digital-citizenship",
    "softwarerobotter": "workflow-management",
}
CATEGORY_OF_POLICY_AREA = {
    "uddannelse": "educational-content",
    "administration": "document-management",
    "borgerservice": "customer-service-and-support",
}
#: A solution with no category of its own is described as software for managing IT work in an
#: organisation, the most neutral of the standard's categories.
FALLBACK_CATEGORY = "it-management"


def _description_texts(data: dict[str, Any]) -> dict[str, Any]:
    descriptions = data.get("description") or {}
    for lang in ("da", "en"):
        if isinstance(descriptions.get(lang), dict):
            return dict(descriptions[lang])
    for texts in descriptions.values():
        if isinstance(texts, dict):
            return dict(texts)
    return {}


def _long_text(texts: dict[str, Any]) -> str:
    long = str(texts.get("longDescription") or "").strip()
    features = [str(f).strip() for f in texts.get("features") or [] if str(f).strip()]
    if features:
        heading = _("Funktioner:")
        long = (
            (long + "\n\n" if long else "") + heading + "\n" + "\n".join(f"- {f}" for f in features)
        )
    return long


def unique_in_order(values: list[str]) -> list[str]:
    return list(dict.fromkeys(values))


def publiccode_record(data: dict[str, Any], *, organisation: str | None = None) -> dict[str, Any]:
    """A solution record of the import format (docs/catalogue-format.md) from a valid
    publiccode.yml. ``organisation`` (a reference) wins over ``x-spred.organisation``."""
    extension = data.get(EXTENSION_KEY) or {}
    texts = _description_texts(data)
    categories = [c for c in data.get("categories") or [] if isinstance(c, str)]
    record: dict[str, Any] = {
        "type": "solution",
        "title": str(data.get("name") or "").strip(),
        "summary": str(texts.get("shortDescription") or "").strip(),
        "organisation": organisation or extension.get("organisation") or "",
        "description": _long_text(texts),
        "technologies": unique_in_order(
            [TECHNOLOGY_OF_CATEGORY[c] for c in categories if c in TECHNOLOGY_OF_CATEGORY]
        ),
        "policy_areas": unique_in_order(
            [POLICY_AREA_OF_CATEGORY[c] for c in categories if c in POLICY_AREA_OF_CATEGORY]
        ),
        "maturity": str(MATURITY_OF_STATUS.get(str(data.get("developmentStatus")), Maturity.PILOT)),
        "licence": str((data.get("legal") or {}).get("license") or "").strip(),
        "source_url": str(data.get("url") or "").strip(),
        "website": str(data.get("landingURL") or "").strip(),
    }
    # Spred's own fields, when the file was written by Spred (or by someone who knows them).
    from_extension = {
        "slug": "slug",
        "summary": "summary",
        "description": "description",
        "policyAreas": "policy_areas",
        "technologies": "technologies",
        "kleCode": "kle_code",
        "maturity": "maturity",
        "priceIndication": "price_indication",
        "suppliers": "suppliers",
        "sourceUrl": "source_url",
        "website": "website",
    }
    for key, name in from_extension.items():
        if key in extension and extension[key] is not None:
            record[name] = extension[key]
    required = {"type", "title", "summary", "organisation"}
    return {k: v for k, v in record.items() if k in required or v not in ("", [], None)}


def publiccode_solution_input(data: dict[str, Any]) -> SolutionInput:
    """The solution a valid publiccode.yml describes, without the organisation references (the
    maintaining organisation and suppliers), which the importer resolves."""
    record = publiccode_record(data)
    return SolutionInput(
        name=record["title"],
        summary=record["summary"],
        description=record.get("description", ""),
        technologies=list(record.get("technologies", [])),
        policy_areas=list(record.get("policy_areas", [])),
        kle_code=record.get("kle_code", ""),
        maturity=record.get("maturity", Maturity.PILOT),
        licence=record.get("licence", ""),
        source_url=record.get("source_url", ""),
        website=record.get("website", ""),
        price_indication=record.get("price_indication", ""),
    )
