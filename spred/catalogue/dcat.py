"""The catalogue described as an open dataset in DCAT-AP-DK (JSON-LD).

DCAT-AP-DK is the Danish public-sector profile of DCAT-AP (Digitaliseringsstyrelsen, version
2.0.2): a ``dcat:Catalog`` with a publisher, holding a ``dcat:Dataset`` — here Spred's catalogue
of cases and solutions — which is available as ``dcat:Distribution``s (the CSV, XLSX and JSON
exports, the Atom feed) and through a ``dcat:DataService`` (the API). Controlled values come from
the EU Publications Office's authority lists (language, country, data theme, file type,
frequency, access right) and IANA's media types, as the profile asks.

Titles and descriptions are given in Danish and English as language-tagged literals. They are
data about the dataset rather than interface text, so both languages are written here instead of
following the visitor's language.
"""

from __future__ import annotations

import json
from typing import Any

from django.db.models import Max, Min
from django.urls import reverse

from spred.catalogue.case_schema.building import FORMAT_VERSION, TAXONOMY_FILE, schema_id
from spred.catalogue.exports import EXPORT_LIMIT
from spred.core.dcat import (
    CC0 as LICENCE,
)
from spred.core.dcat import (
    CONTEXT,
    EU,
    IANA,
    OPENAPI_SPEC,
    PROFILE,
)
from spred.core.dcat import absolute as _absolute
from spred.core.dcat import (
    contact_point as _contact_point,
)
from spred.core.dcat import (
    date_time as _date_time,
)
from spred.core.dcat import (
    literals as _literals,
)
from spred.core.dcat import (
    publisher as _publisher,
)
from spred.core.dcat import (
    ref as _ref,
)

TITLE = {
    "da": "Spreds katalog over offentlig innovation",
    "en": "Spred's catalogue of public-sector innovation",
}
DESCRIPTION = {
    "da": (
        "Cases om innovation, som kommuner, regioner og statslige organisationer har "
        "erfaringer med, og genbrugelige løsninger, der kan spredes: udfordring, løsning, "
        "resultater, erfaringer, partnere, fagområde og teknologi. Kun publiceret indhold."
    ),
    "en": (
        "Cases of innovation that Danish municipalities, regions and state organisations have "
        "experience with, and reusable solutions that can spread: challenge, solution, "
        "results, lessons, partners, policy area and technology. Published content only."
    ),
}
CATALOGUE_TITLE = {"da": "Spred — åbne data", "en": "Spred — open data"}
CATALOGUE_DESCRIPTION = {
    "da": "Datasæt, som platformen Spred stiller frit til rådighed.",
    "en": "Datasets made freely available by the Spred platform.",
}
KEYWORDS = {
    "da": ["offentlig innovation", "cases", "løsninger", "spredning", "velfærdsteknologi"],
    "en": ["public-sector innovation", "cases", "solutions", "diffusion", "welfare technology"],
}

#: EU data themes: government and public sector; science and technology.
THEMES = ("GOVE", "TECH")

DISTRIBUTIONS = (
    {
        "key": "csv",
        "url_name": "catalogue:export_csv",
        "media_type": "text/csv",
        "file_type": "CSV",
        "title": {"da": "Kataloget som CSV", "en": "The catalogue as CSV"},
        "description": {
            "da": (
                "Én række pr. case eller løsning (UTF-8, komma-separeret, kolonnen type skelner). "
                "Lister er adskilt af semikolon."
            ),
            "en": (
                "One row per case or solution (UTF-8, comma-separated, told apart by the type "
                "column). Lists are separated by semicolons."
            ),
        },
        "schemas": ("case", "solution"),
    },
    {
        "key": "xlsx",
        "url_name": "catalogue:export_xlsx",
        "media_type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "file_type": "XLSX",
        "title": {"da": "Kataloget som regneark (XLSX)", "en": "The catalogue as XLSX"},
        "description": {
            "da": "Samme kolonner som CSV-filen, i et regneark med ét ark.",
            "en": "The same columns as the CSV file, in a workbook with one sheet.",
        },
        "schemas": ("case", "solution"),
    },
    {
        "key": "json",
        "url_name": "catalogue:export_json",
        "media_type": "application/json",
        "file_type": "JSON",
        "title": {"da": "Kataloget som JSON", "en": "The catalogue as JSON"},
        "description": {
            "da": "Spreds åbne katalogformat; kan importeres igen uden tab.",
            "en": "Spred's open catalogue format; can be imported again without loss.",
        },
        "schemas": ("catalogue",),
    },
    {
        "key": "feed",
        "url_name": "catalogue:case_feed",
        "media_type": "application/atom+xml",
        "file_type": "ATOM",
        "title": {"da": "Nye cases (Atom-feed)", "en": "New cases (Atom feed)"},
        "description": {
            "da": "De 50 senest publicerede cases.",
            "en": "The 50 most recently published cases.",
        },
        "schemas": (),
    },
)


def _keywords() -> list[dict[str, str]]:
    """The fixed keywords plus the names of the policy areas, in both languages."""
    data = json.loads(TAXONOMY_FILE.read_text(encoding="utf-8"))
    keywords = [
        {"@value": word, "@language": language}
        for language, words in KEYWORDS.items()
        for word in words
    ]
    for term in data["policy_areas"]:
        keywords.append({"@value": term["name"].lower(), "@language": "da"})
        keywords.append({"@value": term["name_en"].lower(), "@language": "en"})
    return keywords


def catalogue_facts() -> dict[str, Any]:
    """Dates and years of the published entries (only published: the dataset is what the
    public can download)."""
    from spred.catalogue.selectors.entries import public_cases, public_solutions

    cases = public_cases().aggregate(
        first_year=Min("year"),
        last_year=Max("year"),
        first_published=Min("published_at"),
        last_changed=Max("updated_at"),
    )
    solutions = public_solutions().aggregate(
        first_published=Min("published_at"), last_changed=Max("updated_at")
    )
    published = [d for d in (cases["first_published"], solutions["first_published"]) if d]
    changed = [d for d in (cases["last_changed"], solutions["last_changed"]) if d]
    return {
        "first_year": cases["first_year"],
        "last_year": cases["last_year"],
        "issued": min(published) if published else None,
        "modified": max(changed) if changed else None,
    }


def _distribution(spec: dict[str, Any], dataset_id: str, facts: dict[str, Any]) -> dict[str, Any]:
    url = _absolute(reverse(spec["url_name"]))
    node: dict[str, Any] = {
        "@id": f"{dataset_id}/distribution/{spec['key']}",
        "@type": "dcat:Distribution",
        "dct:title": _literals(spec["title"]),
        "dct:description": _literals(spec["description"]),
        "dcat:accessURL": _ref(url),
        "dcat:downloadURL": _ref(url),
        "dcat:mediaType": _ref(f"{IANA}/{spec['media_type']}"),
        "dct:format": _ref(f"{EU}/file-type/{spec['file_type']}"),
        "dct:license": _ref(LICENCE),
        "dcatap:availability": _ref("http://data.europa.eu/r5r/availability/stable"),
        "adms:status": _ref("http://purl.org/adms/status/Completed"),
        "dct:language": [_ref(f"{EU}/language/DAN")],
    }
    if spec["schemas"]:
        node["dct:conformsTo"] = [_ref(schema_id(name)) for name in spec["schemas"]]
    if facts["modified"] is not None:
        node["dct:modified"] = _date_time(facts["modified"])
    return node


def _api_service(dataset_id: str) -> dict[str, Any]:
    return {
        "@id": _absolute("/api/v1/#tjeneste"),
        "@type": "dcat:DataService",
        "dct:title": _literals({"da": "Spreds API", "en": "Spred's API"}),
        "dct:description": _literals(
            {
                "da": (
                    "REST-API med cases, løsninger og søgning (JSON). Læsning kræver ingen nøgle."
                ),
                "en": "REST API with cases, solutions and search (JSON). Reading needs no key.",
            }
        ),
        "dcat:endpointURL": _ref(_absolute("/api/v1/")),
        "dcat:endpointDescription": _ref(_absolute(reverse("api:openapi-json"))),
        "dct:conformsTo": _ref(OPENAPI_SPEC),
        "dcat:servesDataset": _ref(dataset_id),
        "dct:license": _ref(LICENCE),
    }


def _api_distribution(dataset_id: str, service: dict[str, Any]) -> dict[str, Any]:
    """The dataset read through the API, served by ``service``."""
    return {
        "@id": f"{dataset_id}/distribution/api",
        "@type": "dcat:Distribution",
        "dct:title": _literals(
            {"da": "Kataloget gennem API'et", "en": "The catalogue via the API"}
        ),
        "dct:description": _literals(
            {
                "da": "Lister, søgning og enkelte cases og løsninger i JSON, med filtre.",
                "en": "Lists, search and single cases and solutions in JSON, with filters.",
            }
        ),
        "dcat:accessURL": _ref(_absolute(reverse("api:list_cases"))),
        "dcat:accessService": _ref(service["@id"]),
        "dcat:mediaType": _ref(f"{IANA}/application/json"),
        "dct:format": _ref(f"{EU}/file-type/JSON"),
        "dct:license": _ref(LICENCE),
        "dct:conformsTo": [_ref(schema_id("case")), _ref(schema_id("solution"))],
    }


def _dataset(
    dataset_id: str, home: str, facts: dict[str, Any], api_distribution: dict[str, Any]
) -> dict[str, Any]:
    """The catalogue's one dataset: every published case and solution, in every format."""
    dataset: dict[str, Any] = {
        "@id": dataset_id,
        "@type": "dcat:Dataset",
        "dct:identifier": dataset_id,
        "dct:title": _literals(TITLE),
        "dct:description": _literals(DESCRIPTION),
        "dct:publisher": _ref(_publisher()["@id"]),
        "dcat-dk:datasetResponsibleOrganisation": _ref(_publisher()["@id"]),
        "dcat:contactPoint": _contact_point(),
        "dcat:theme": [_ref(f"{EU}/data-theme/{theme}") for theme in THEMES],
        "dcat:keyword": _keywords(),
        "dcat:landingPage": _ref(home),
        "foaf:page": _ref(_absolute(reverse("open_data"))),
        "dct:language": [_ref(f"{EU}/language/DAN"), _ref(f"{EU}/language/ENG")],
        "dct:spatial": _ref(f"{EU}/country/DNK"),
        "dct:accessRights": _ref(f"{EU}/access-right/PUBLIC"),
        "dct:accrualPeriodicity": _ref(f"{EU}/frequency/UPDATE_CONT"),
        "dct:conformsTo": [_ref(schema_id(name)) for name in ("case", "solution", "catalogue")],
        "dcat-dk:paymentImposedContents": {"@value": "false", "@type": "xsd:boolean"},
        "adms:versionNotes": _literals(
            {
                "da": f"Formatversion {FORMAT_VERSION}. Højst {EXPORT_LIMIT} poster pr. eksport.",
                "en": f"Format version {FORMAT_VERSION}. At most {EXPORT_LIMIT} records an export.",
            }
        ),
        "dcat:distribution": [
            *(_distribution(spec, dataset_id, facts) for spec in DISTRIBUTIONS),
            api_distribution,
        ],
    }
    if facts["first_year"] is not None:
        dataset["dct:temporal"] = {
            "@type": "dct:PeriodOfTime",
            "dcat:startDate": {"@value": str(facts["first_year"]), "@type": "xsd:gYear"},
            "dcat:endDate": {"@value": str(facts["last_year"]), "@type": "xsd:gYear"},
        }
    if facts["issued"] is not None:
        dataset["dct:issued"] = _date_time(facts["issued"])
    if facts["modified"] is not None:
        dataset["dct:modified"] = _date_time(facts["modified"])
    return dataset


def catalogue_jsonld() -> dict[str, Any]:
    """The DCAT-AP-DK description of Spred's open catalogue, as a JSON-LD document."""
    facts = catalogue_facts()
    home = _absolute(reverse("catalogue:search"))
    catalogue_id = _absolute(reverse("catalogue:dcat")) + "#katalog"
    dataset_id = _absolute(reverse("catalogue:dcat")) + "#datasaet"
    service = _api_service(dataset_id)
    dataset = _dataset(dataset_id, home, facts, _api_distribution(dataset_id, service))
    catalogue: dict[str, Any] = {
        "@id": catalogue_id,
        "@type": "dcat:Catalog",
        "dct:title": _literals(CATALOGUE_TITLE),
        "dct:description": _literals(CATALOGUE_DESCRIPTION),
        "dct:publisher": _ref(_publisher()["@id"]),
        "foaf:homepage": _ref(_absolute(reverse("open_data"))),
        "dct:language": [_ref(f"{EU}/language/DAN"), _ref(f"{EU}/language/ENG")],
        "dct:license": _ref(LICENCE),
        "dct:spatial": _ref(f"{EU}/country/DNK"),
        "dcat:themeTaxonomy": _ref(f"{EU}/data-theme"),
        "dct:conformsTo": _ref(PROFILE),
        "dcat:dataset": [dataset],
        "dcat:service": [service],
    }
    if facts["modified"] is not None:
        catalogue["dct:modified"] = _date_time(facts["modified"])
    return {"@context": CONTEXT, "@graph": [catalogue, _publisher()]}
