"""The open catalogue format's JSON Schemas (draft 2020-12): a case, a solution, a whole file.

The schemas describe exactly the records of docs/catalogue-format.md: what the importer reads,
what the JSON export writes and what the API accepts. They are built from the same sources as the
rest of the catalogue — the taxonomy data file and the choices — so an enum can never drift from
what the database accepts. The upper bound of ``year`` is the current year, which is why the
schemas are built when asked for rather than kept as static files.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import timezone

from spred.catalogue.choices import EvidenceLevel, Maturity, PartnerRole, Stage, Status
from spred.catalogue.models import FIRST_YEAR, SECTION_MAX, SUMMARY_MAX

FORMAT_NAME = "spred-katalog"
FORMAT_VERSION = "1.0"
SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"

TAXONOMY_FILE = Path(__file__).resolve().parent.parent / "data" / "taxonomies.json"

TITLE_MAX = 200
SLUG_MAX = 220
SLUG_PATTERN = r"^[-a-zA-Z0-9_]+$"
KLE_PATTERN = r"^(\d{2}(\.\d{2}(\.\d{2})?)?)?$"
# Municipality code, region code, CVR number or slug: all are plain slug characters, so one
# pattern covers them; the description says which forms are meant.
ORGANISATION_REF_PATTERN = SLUG_PATTERN

#: The statuses a demo file may ask for (docs/catalogue-format.md, "Demo-only fields").
DEMO_STATUSES = [Status.PUBLISHED, Status.DRAFT, Status.SUBMITTED, Status.RETURNED]
DEMO_FIELDS = frozenset({"demo_status", "review_comment"})

#: The text sections of a case, in the order the format lists them.
CASE_SECTIONS = ("challenge", "solution", "results", "lessons", "spreading_potential")

SCHEMA_NAMES = ("case", "solution", "catalogue")


@lru_cache(maxsize=1)
def taxonomy_slugs() -> dict[str, list[str]]:
    """The slugs of each taxonomy, in the data file's order."""
    data = json.loads(TAXONOMY_FILE.read_text(encoding="utf-8"))
    return {key: [term["slug"] for term in terms] for key, terms in data.items()}


def schema_id(name: str, base_url: str | None = None) -> str:
    base = (base_url if base_url is not None else settings.SPRED_BASE_URL).rstrip("/")
    return f"{base}/api/v1/schemas/{name}-{FORMAT_VERSION}.json"


def _text(max_length: int, description: str, *, required: bool = False) -> dict[str, Any]:
    node: dict[str, Any] = {"type": "string", "maxLength": max_length, "description": description}
    if required:
        node["minLength"] = 1
        node["pattern"] = r"\S"
    return node


def _slug_list(slugs: list[str], description: str) -> dict[str, Any]:
    return {
        "type": "array",
        "items": {"type": "string", "enum": slugs},
        "uniqueItems": True,
        "description": description,
    }


def _organisation_ref() -> dict[str, Any]:
    return {
        "type": "string",
        "minLength": 1,
        "maxLength": SLUG_MAX,
        "pattern": ORGANISATION_REF_PATTERN,
        "description": (
            "En organisation: kommunekode (3 cifre, fx 751), regionskode (1081–1085), "
            "CVR-nummer (8 cifre) eller organisationens kortnavn (fx aarhus-kommune)."
        ),
        "examples": ["751", "1082", "aarhus-kommune"],
    }


def _published_at() -> dict[str, Any]:
    return {
        "description": (
            "Dato eller tidspunkt for første publicering (ISO 8601). Bruges kun, når "
            "importen publicerer."
        ),
        "anyOf": [
            {"type": "string", "format": "date-time"},
            {"type": "string", "format": "date"},
            {"type": "null"},
        ],
    }


def _common_properties() -> dict[str, Any]:
    taxa = taxonomy_slugs()
    return {
        "title": _text(TITLE_MAX, "Titel (for en løsning: dens navn).", required=True),
        "summary": _text(SUMMARY_MAX, "Kort resumé i almindelig tekst.", required=True),
        "organisation": _organisation_ref(),
        "slug": {
            "type": "string",
            "maxLength": SLUG_MAX,
            "pattern": r"^([-a-zA-Z0-9_]+)?$",
            "description": "Kortnavn i adresser. Dannes af titlen, hvis det mangler.",
        },
        "policy_areas": _slug_list(taxa["policy_areas"], "Fagområder (kortnavne)."),
        "technologies": _slug_list(taxa["technologies"], "Teknologier (kortnavne)."),
        "kle_code": {
            "type": "string",
            "pattern": KLE_PATTERN,
            "description": "KLE-nummer: 00, 00.00 eller 00.00.00, fx 27.24.00.",
        },
        "published_at": _published_at(),
    }


def _demo_properties() -> dict[str, Any]:
    return {
        "demo_status": {
            "type": "string",
            "enum": [str(s) for s in DEMO_STATUSES],
            "description": "Kun demo-indlæseren: indgangens status.",
        },
        "review_comment": _text(5000, "Kun demo-indlæseren: redaktionens kommentar."),
    }


def _partners() -> dict[str, Any]:
    return {
        "type": "array",
        "description": "Partnere og deres rolle.",
        "items": {
            "type": "object",
            "additionalProperties": False,
            "required": ["organisation", "role"],
            "properties": {
                "organisation": _organisation_ref(),
                "role": {"type": "string", "enum": list(PartnerRole.values)},
                "description": _text(300, "Partnerens bidrag."),
            },
        },
    }


def _contact() -> dict[str, Any]:
    """A case's contact person, with the consent they gave; or nothing."""
    return {
        "description": "Kontaktperson. Kræver samtykke: tidspunkt og version af samtykketeksten.",
        "oneOf": [
            {
                "type": "object",
                "additionalProperties": False,
                "required": ["name", "email", "consent_given_at", "consent_text_version"],
                "properties": {
                    "name": _text(150, "Navn.", required=True),
                    "email": {"type": "string", "format": "email", "maxLength": 254},
                    "job_title": _text(150, "Stilling."),
                    "phone": _text(30, "Telefon."),
                    "consent_given_at": {
                        "description": "Hvornår samtykket blev givet (ISO 8601-dato "
                        "eller -tidspunkt; en dato betyder midnat dansk tid).",
                        "anyOf": [
                            {"type": "string", "format": "date-time"},
                            {"type": "string", "format": "date"},
                        ],
                    },
                    "consent_text_version": _text(20, "Version af samtykketeksten.", required=True),
                },
            },
            {"type": "null"},
        ],
    }


def build_case_schema(
    *, current_year: int | None = None, demo: bool = False, base_url: str | None = None
) -> dict[str, Any]:
    year = current_year or timezone.localdate().year
    taxa = taxonomy_slugs()
    properties: dict[str, Any] = {
        "type": {"const": "case", "description": "Posttype; standard er case."},
        **_common_properties(),
        **{section: _text(SECTION_MAX, _SECTION_HELP[section]) for section in CASE_SECTIONS},
        "innovation_types": _slug_list(taxa["innovation_types"], "Innovationstyper (kortnavne)."),
        "partners": _partners(),
        "solutions": {
            "type": "array",
            "items": {"type": "string", "pattern": SLUG_PATTERN, "maxLength": SLUG_MAX},
            "uniqueItems": True,
            "description": "Kortnavne på løsninger, casen bruger.",
        },
        "stage": {"type": "string", "enum": list(Stage.values), "description": "Fase."},
        "evidence_level": {
            "type": "string",
            "enum": list(EvidenceLevel.values),
            "description": "Evidensniveau for resultaterne.",
        },
        "year": {
            "type": ["integer", "null"],
            "minimum": FIRST_YEAR,
            "maximum": year,
            "description": f"Året, innovationen blev taget i brug eller afprøvet ({FIRST_YEAR}–).",
        },
        "contact": _contact(),
    }
    if demo:
        properties.update(_demo_properties())
    return {
        "$schema": SCHEMA_DIALECT,
        "$id": schema_id("case-demo" if demo else "case", base_url),
        "title": f"Spred: case, format {FORMAT_VERSION}",
        "description": (
            "En case i Spreds åbne katalogformat: en innovation, som én organisation har "
            "erfaringer med. Kun title, summary og organisation er påkrævet."
        ),
        "type": "object",
        "required": ["title", "summary", "organisation"],
        "additionalProperties": False,
        "properties": properties,
    }


def build_solution_schema(*, demo: bool = False, base_url: str | None = None) -> dict[str, Any]:
    url = {"type": "string", "maxLength": 500, "format": "uri-or-empty"}
    properties: dict[str, Any] = {
        "type": {"const": "solution", "description": "Posttype."},
        **_common_properties(),
        "description": _text(SECTION_MAX, "Lang beskrivelse i almindelig tekst."),
        "maturity": {"type": "string", "enum": list(Maturity.values), "description": "Modenhed."},
        "suppliers": {
            "type": "array",
            "items": _organisation_ref(),
            "uniqueItems": True,
            "description": "Private organisationer, der leverer løsningen.",
        },
        "licence": {
            "type": "string",
            "maxLength": 100,
            "description": "For software: licensens SPDX-id, fx EUPL-1.2 eller MIT.",
        },
        "source_url": {**url, "description": "Adresse på kildekoden."},
        "website": {**url, "description": "Løsningens websted."},
        "price_indication": _text(300, "Pris og indsats, fx ca. 150.000 kr. i etablering."),
    }
    if demo:
        properties.update(_demo_properties())
    return {
        "$schema": SCHEMA_DIALECT,
        "$id": schema_id("solution-demo" if demo else "solution", base_url),
        "title": f"Spred: løsning, format {FORMAT_VERSION}",
        "description": (
            "En løsning i Spreds åbne katalogformat: noget genbrugeligt, der kan spredes. "
            "title er løsningens navn. Kun title, summary og organisation er påkrævet."
        ),
        "type": "object",
        "required": ["title", "summary", "organisation"],
        "additionalProperties": False,
        "properties": properties,
    }


def build_catalogue_schema(
    *, current_year: int | None = None, base_url: str | None = None
) -> dict[str, Any]:
    """A whole file: the object form with both lists, or a plain list of typed records."""
    case = build_case_schema(current_year=current_year, base_url=base_url)
    solution = build_solution_schema(base_url=base_url)
    for embedded in (case, solution):
        embedded.pop("$schema")
    record = {
        "if": {
            "type": "object",
            "required": ["type"],
            "properties": {"type": {"const": "solution"}},
        },
        "then": {"$ref": "#/$defs/solution"},
        "else": {"$ref": "#/$defs/case"},
    }
    return {
        "$schema": SCHEMA_DIALECT,
        "$id": schema_id("catalogue", base_url),
        "title": f"Spred: katalogfil, format {FORMAT_VERSION}",
        "description": (
            "En fil i Spreds åbne katalogformat: enten et objekt med format, version, "
            "solutions og cases, eller en liste af poster med type case eller solution."
        ),
        "$defs": {"case": case, "solution": solution},
        "oneOf": [
            {
                "type": "object",
                "additionalProperties": False,
                "required": ["format", "version"],
                "properties": {
                    "format": {"const": FORMAT_NAME},
                    "version": {"const": FORMAT_VERSION},
                    "solutions": {"type": "array", "items": {"$ref": "#/$defs/solution"}},
                    "cases": {"type": "array", "items": {"$ref": "#/$defs/case"}},
                },
            },
            {"type": "array", "items": record},
        ],
    }


def build_schema(name: str, *, base_url: str | None = None) -> dict[str, Any]:
    """The schema called ``name`` ("case", "solution" or "catalogue")."""
    if name == "case":
        return build_case_schema(base_url=base_url)
    if name == "solution":
        return build_solution_schema(base_url=base_url)
    if name == "catalogue":
        return build_catalogue_schema(base_url=base_url)
    raise KeyError(name)


_SECTION_HELP = {
    "challenge": "Udfordring: hvilket problem ville I løse, og for hvem?",
    "solution": "Løsning: hvad gjorde I, og hvordan?",
    "results": "Resultater og effekt.",
    "lessons": "Erfaringer: hvad ville I gøre anderledes?",
    "spreading_potential": "Spredningspotentiale: hvem kan bruge det, og hvad kræver det?",
}
