"""The building blocks every DCAT-AP-DK description of Spred's open data shares: the JSON-LD
context, the vocabularies' addresses, the publisher and the contact point."""

from __future__ import annotations

from typing import Any

from django.conf import settings

CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "adms": "http://www.w3.org/ns/adms#",
    "dcatap": "http://data.europa.eu/r5r/",
    "dcat-dk": "https://data.gov.dk/model/core/dcat-dk/",
    "org": "http://www.w3.org/ns/org#",
}

#: The profile the descriptions follow, for ``dct:conformsTo`` of the catalogue record.
PROFILE = "https://data.gov.dk/model/profile/dcat-ap-dk-2.0.2/"
EU = "http://publications.europa.eu/resource/authority"
IANA = "https://www.iana.org/assignments/media-types"
OPENAPI_SPEC = "https://spec.openapis.org/oas/v3.1.0"
#: Spred's open data are published for free reuse.
CC0 = "http://creativecommons.org/publicdomain/zero/1.0/"
CC0_NAME = "CC0 1.0 Universal (Public Domain Dedication)"
CONTENT_TYPE = "application/ld+json"


def absolute(path: str) -> str:
    return settings.SPRED_BASE_URL.rstrip("/") + path


def ref(iri: str) -> dict[str, str]:
    return {"@id": iri}


def literals(texts: dict[str, str]) -> list[dict[str, str]]:
    return [{"@value": text, "@language": language} for language, text in texts.items()]


def date_time(value: Any) -> dict[str, str] | None:
    if value is None:
        return None
    return {"@value": value.isoformat(timespec="seconds"), "@type": "xsd:dateTime"}


def publisher_name() -> str:
    return settings.SPRED_PUBLISHER_NAME or "Spred"


def publisher() -> dict[str, Any]:
    return {
        "@id": absolute("/#udgiver"),
        "@type": ["foaf:Agent", "org:Organization"],
        "foaf:name": publisher_name(),
        "foaf:homepage": ref(absolute("/")),
        "foaf:mbox": ref(f"mailto:{settings.SPRED_CONTACT_EMAIL}"),
    }


def contact_point() -> dict[str, Any]:
    return {
        "@type": "vcard:Organization",
        "vcard:fn": publisher_name(),
        "vcard:hasEmail": ref(f"mailto:{settings.SPRED_CONTACT_EMAIL}"),
    }
