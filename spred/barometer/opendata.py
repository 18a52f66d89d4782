"""The Innovation Barometer as open data: every published cell as CSV and JSON, and the dataset
described in DCAT-AP-DK (JSON-LD).

Only cells of published waves are in the files, through the same ``PublicCell`` the pages use:
a suppressed cell is a row that says so and why, with every figure empty. The figures are
released under CC0 1.0 (public domain dedication); the files say so in their HTTP headers and,
for JSON, in the document itself.

The DCAT description follows the Danish profile (DCAT-AP-DK) the way the catalogue's does
(``spred.catalogue.dcat``): a ``dcat:Catalog`` holding one ``dcat:Dataset`` with distributions
(CSV, JSON) and the API as a ``dcat:DataService``. Titles and descriptions are data about the
dataset, given in Danish and English side by side rather than in the visitor's language.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from typing import Any

from django.http import HttpResponse
from django.urls import reverse

from spred.barometer.cells import PublicCell
from spred.barometer.models import Wave
from spred.core.dcat import (
    CC0,
    CC0_NAME,
    CONTEXT,
    EU,
    IANA,
    OPENAPI_SPEC,
    PROFILE,
    absolute,
    contact_point,
)
from spred.core.dcat import CONTENT_TYPE as JSONLD_CONTENT_TYPE
from spred.core.dcat import date_time as _date_time
from spred.core.dcat import literals as _literals
from spred.core.dcat import publisher as _publisher
from spred.core.dcat import ref as _ref

LICENCE_URL = CC0
LICENCE_NAME = CC0_NAME

#: The columns of the CSV file and the keys of each JSON record, in order.
COLUMNS: tuple[str, ...] = (
    "wave",
    "indicator",
    "breakdown",
    "domain",
    "domain_label",
    "estimate",
    "se",
    "ci_low",
    "ci_high",
    "df",
    "n",
    "suppressed",
    "reason",
    "uncertain",
    "synthetic",
)

#: What each column means, for the data page and the JSON file (Danish; the English follows).
COLUMN_DESCRIPTIONS: dict[str, dict[str, str]] = {
    "wave": {"da": "Bølgens udgave (år)", "en": "Edition (year) of the wave"},
    "indicator": {"da": "Indikatorens kortnavn", "en": "Short name of the indicator"},
    "breakdown": {
        "da": "Opdeling: total, level, area, size eller level_area",
        "en": "Breakdown: total, level, area, size or level_area",
    },
    "domain": {
        "da": "Domænet i opdelingen (fx kommune eller kommune|sundhed); tomt for total",
        "en": "Domain within the breakdown (e.g. kommune or kommune|sundhed); empty for total",
    },
    "domain_label": {"da": "Domænets navn", "en": "Name of the domain"},
    "estimate": {
        "da": "Estimat (andele som tal mellem 0 og 1)",
        "en": "Estimate (shares as a number between 0 and 1)",
    },
    "se": {"da": "Standardfejl", "en": "Standard error"},
    "ci_low": {"da": "95 %-konfidensinterval, nedre grænse", "en": "95% interval, lower"},
    "ci_high": {"da": "95 %-konfidensinterval, øvre grænse", "en": "95% interval, upper"},
    "df": {"da": "Frihedsgrader", "en": "Degrees of freedom"},
    "n": {"da": "Antal besvarelser bag estimatet", "en": "Number of answers behind it"},
    "suppressed": {
        "da": "true: cellen er undertrykt af hensyn til diskretion, og alle tal er tomme",
        "en": "true: the cell is suppressed for confidentiality and every figure is empty",
    },
    "reason": {
        "da": "Grunden til undertrykkelsen: primary (for få besvarelser) eller secondary",
        "en": "Why it is suppressed: primary (too few answers) or secondary",
    },
    "uncertain": {
        "da": "true: estimatet bygger på få besvarelser og er usikkert",
        "en": "true: the estimate rests on few answers and is uncertain",
    },
    "synthetic": {
        "da": "true: syntetiske demodata, ikke indsamlede besvarelser",
        "en": "true: synthetic demo data, not collected answers",
    },
}


def record(cell: PublicCell) -> dict[str, Any]:
    full = cell.as_record()
    return {column: full[column] for column in COLUMNS}


def _csv_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def cells_csv(cells: Sequence[PublicCell]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for cell in cells:
        row = record(cell)
        writer.writerow([_csv_value(row[column]) for column in COLUMNS])
    return buffer.getvalue()


def cells_document(cells: Sequence[PublicCell], *, title: str, source_path: str) -> dict[str, Any]:
    return {
        "title": title,
        "source": absolute(source_path),
        "license": {"name": LICENCE_NAME, "url": LICENCE_URL},
        "synthetic": any(cell.synthetic for cell in cells),
        "columns": {column: COLUMN_DESCRIPTIONS[column] for column in COLUMNS},
        "count": len(cells),
        "items": [record(cell) for cell in cells],
    }


def _licence_headers(response: HttpResponse, *, synthetic: bool) -> HttpResponse:
    response["Link"] = f'<{LICENCE_URL}>; rel="license"'
    response["X-Spred-License"] = LICENCE_NAME
    response["X-Spred-Synthetic"] = "true" if synthetic else "false"
    # Open data: any site may fetch the files from a browser.
    response["Access-Control-Allow-Origin"] = "*"
    return response


def csv_response(cells: Sequence[PublicCell], *, filename: str) -> HttpResponse:
    response = HttpResponse(cells_csv(cells), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return _licence_headers(response, synthetic=any(c.synthetic for c in cells))


def json_response(
    cells: Sequence[PublicCell], *, filename: str, title: str, source_path: str
) -> HttpResponse:
    body = json.dumps(
        cells_document(cells, title=title, source_path=source_path),
        ensure_ascii=False,
        indent=1,
    )
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return _licence_headers(response, synthetic=any(c.synthetic for c in cells))


# --------------------------------------------------------------------------------------------
# DCAT-AP-DK


TITLE = {
    "da": "Innovationsbarometeret: offentlig innovation i tal",
    "en": "The Innovation Barometer: public-sector innovation in figures",
}
DESCRIPTION = {
    "da": (
        "Den officielle statistik om innovation på offentlige arbejdspladser i Danmark: "
        "vægtede estimater fra en stratificeret stikprøve med standardfejl og "
        "95 %-konfidensintervaller, for hele den offentlige sektor og opdelt efter "
        "forvaltningsniveau, område og størrelse. Celler med for få besvarelser er "
        "undertrykt. Kun publicerede bølger."
    ),
    "en": (
        "The official statistics on innovation at public workplaces in Denmark: weighted "
        "estimates from a stratified sample with standard errors and 95% confidence "
        "intervals, for the whole public sector and by level of government, area and size. "
        "Cells with too few answers are suppressed. Published waves only."
    ),
}
KEYWORDS = {
    "da": ["offentlig innovation", "innovationsbarometer", "statistik", "stikprøve"],
    "en": ["public-sector innovation", "innovation barometer", "statistics", "survey"],
}


def _distribution(
    dataset_id: str, key: str, url_name: str, media_type: str, file_type: str, title: dict
) -> dict[str, Any]:
    url = absolute(reverse(url_name))
    return {
        "@id": f"{dataset_id}/distribution/{key}",
        "@type": "dcat:Distribution",
        "dct:title": _literals(title),
        "dcat:accessURL": _ref(url),
        "dcat:downloadURL": _ref(url),
        "dcat:mediaType": _ref(f"{IANA}/{media_type}"),
        "dct:format": _ref(f"{EU}/file-type/{file_type}"),
        "dct:license": _ref(LICENCE_URL),
        "dcatap:availability": _ref("http://data.europa.eu/r5r/availability/stable"),
        "dct:language": [_ref(f"{EU}/language/DAN")],
    }


def _data_service(dataset_id: str) -> dict[str, Any]:
    """The API, as the DCAT data service that serves the dataset."""
    return {
        "@id": absolute(reverse("barometer:data")) + "#api",
        "@type": "dcat:DataService",
        "dct:title": _literals({"da": "Spreds API: barometeret", "en": "Spred's barometer API"}),
        "dcat:endpointURL": _ref(absolute("/api/v1/barometer/")),
        "dcat:endpointDescription": _ref(absolute(reverse("api:openapi-json"))),
        "dct:conformsTo": _ref(OPENAPI_SPEC),
        "dcat:servesDataset": _ref(dataset_id),
        "dct:license": _ref(LICENCE_URL),
    }


def _distributions(dataset_id: str, service: dict[str, Any]) -> list[dict[str, Any]]:
    """The dataset's files (CSV, JSON) and the API as its distributions."""
    return [
        _distribution(
            dataset_id,
            "csv",
            "barometer:estimates_csv",
            "text/csv",
            "CSV",
            {"da": "Alle publicerede estimater (CSV)", "en": "All published estimates (CSV)"},
        ),
        _distribution(
            dataset_id,
            "json",
            "barometer:estimates_json",
            "application/json",
            "JSON",
            {"da": "Alle publicerede estimater (JSON)", "en": "All published estimates (JSON)"},
        ),
        {
            "@id": f"{dataset_id}/distribution/api",
            "@type": "dcat:Distribution",
            "dct:title": _literals(
                {"da": "Estimaterne gennem API'et", "en": "The estimates via the API"}
            ),
            "dcat:accessURL": _ref(absolute("/api/v1/barometer/estimates")),
            "dcat:accessService": _ref(service["@id"]),
            "dcat:mediaType": _ref(f"{IANA}/application/json"),
            "dct:format": _ref(f"{EU}/file-type/JSON"),
            "dct:license": _ref(LICENCE_URL),
        },
    ]


def dataset_jsonld(waves: Sequence[Wave]) -> dict[str, Any]:
    """The DCAT-AP-DK description of the published barometer. ``waves``: the published waves."""
    dcat_url = absolute(reverse("barometer:dcat"))
    catalogue_id = f"{dcat_url}#katalog"
    dataset_id = f"{dcat_url}#datasaet"
    service = _data_service(dataset_id)
    keywords = [
        {"@value": word, "@language": language}
        for language, words in KEYWORDS.items()
        for word in words
    ]
    dataset: dict[str, Any] = {
        "@id": dataset_id,
        "@type": "dcat:Dataset",
        "dct:identifier": dataset_id,
        "dct:title": _literals(TITLE),
        "dct:description": _literals(DESCRIPTION),
        "dct:publisher": _ref(_publisher()["@id"]),
        "dcat-dk:datasetResponsibleOrganisation": _ref(_publisher()["@id"]),
        "dcat:contactPoint": contact_point(),
        "dcat:theme": [_ref(f"{EU}/data-theme/GOVE"), _ref(f"{EU}/data-theme/TECH")],
        "dcat:keyword": keywords,
        "dcat:landingPage": _ref(absolute(reverse("barometer:index"))),
        "foaf:page": _ref(absolute(reverse("barometer:method"))),
        "dct:language": [_ref(f"{EU}/language/DAN"), _ref(f"{EU}/language/ENG")],
        "dct:spatial": _ref(f"{EU}/country/DNK"),
        "dct:accessRights": _ref(f"{EU}/access-right/PUBLIC"),
        "dct:license": _ref(LICENCE_URL),
        "dct:accrualPeriodicity": _ref(f"{EU}/frequency/IRREG"),
        "dcat-dk:paymentImposedContents": {"@value": "false", "@type": "xsd:boolean"},
        "dcat:distribution": _distributions(dataset_id, service),
    }
    if waves:
        editions = sorted(wave.edition for wave in waves)
        dataset["dct:temporal"] = {
            "@type": "dct:PeriodOfTime",
            "dcat:startDate": {"@value": str(editions[0]), "@type": "xsd:gYear"},
            "dcat:endDate": {"@value": str(editions[-1]), "@type": "xsd:gYear"},
        }
        published = [wave.published_at for wave in waves if wave.published_at]
        if published:
            dataset["dct:issued"] = _date_time(min(published))
            dataset["dct:modified"] = _date_time(max(published))
        if any(wave.is_synthetic for wave in waves):
            dataset["adms:versionNotes"] = _literals(
                {
                    "da": "Syntetiske demodata: tallene er genereret, ikke indsamlet.",
                    "en": "Synthetic demo data: the figures are generated, not collected.",
                }
            )
    catalogue = {
        "@id": catalogue_id,
        "@type": "dcat:Catalog",
        "dct:title": _literals({"da": "Spred — åbne data", "en": "Spred — open data"}),
        "dct:description": _literals(
            {
                "da": "Datasæt, som platformen Spred stiller frit til rådighed.",
                "en": "Datasets made freely available by the Spred platform.",
            }
        ),
        "dct:publisher": _ref(_publisher()["@id"]),
        "foaf:homepage": _ref(absolute(reverse("open_data"))),
        "dct:language": [_ref(f"{EU}/language/DAN"), _ref(f"{EU}/language/ENG")],
        "dct:license": _ref(LICENCE_URL),
        "dct:conformsTo": _ref(PROFILE),
        "dcat:themeTaxonomy": _ref(f"{EU}/data-theme"),
        "dcat:dataset": [dataset],
        "dcat:service": [service],
    }
    return {"@context": CONTEXT, "@graph": [catalogue, _publisher()]}


def jsonld_response(document: dict[str, Any]) -> HttpResponse:
    response = HttpResponse(
        json.dumps(document, ensure_ascii=False, indent=1),
        content_type=f"{JSONLD_CONTENT_TYPE}; charset=utf-8",
    )
    response["Access-Control-Allow-Origin"] = "*"
    return response
