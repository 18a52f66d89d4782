"""The open catalogue format as JSON Schema (draft 2020-12), and validation with Danish messages.

The schemas describe exactly the records of docs/catalogue-format.md: what the importer reads,
what the JSON export writes and what the API accepts. They are built from the same sources as the
rest of the catalogue — the taxonomy data file and the choices — so an enum can never drift from
what the database accepts. The upper bound of ``year`` is the current year, which is why the
schemas are built when asked for rather than kept as static files.

``validate_case_record`` and ``validate_solution_record`` check one record;
``validate_catalogue_document`` checks a whole file (either form) and prefixes each problem's path
with the record's place in it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import URLValidator, validate_email
from django.utils import timezone
from django.utils.translation import gettext as _
from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import ValidationError as SchemaError

from spred.catalogue.choices import EvidenceLevel, Maturity, PartnerRole, Stage, Status
from spred.catalogue.models import FIRST_YEAR, SECTION_MAX, SUMMARY_MAX

FORMAT_NAME = "spred-katalog"
FORMAT_VERSION = "1.0"
SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"

TAXONOMY_FILE = Path(__file__).resolve().parent / "data" / "taxonomies.json"

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


@dataclass(frozen=True)
class SchemaProblem:
    """One thing wrong with a record: where (``partners[0].role``; empty for the record as a
    whole) and what, in Danish."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


# --------------------------------------------------------------------------------------------
# Building the schemas


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
        "partners": {
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
        },
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
        "contact": {
            "description": (
                "Kontaktperson. Kræver samtykke: tidspunkt og version af samtykketeksten."
            ),
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
                        "consent_text_version": _text(
                            20, "Version af samtykketeksten.", required=True
                        ),
                    },
                },
                {"type": "null"},
            ],
        },
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


# --------------------------------------------------------------------------------------------
# Validation


def _is_email(value: object) -> bool:
    if not isinstance(value, str):
        return True
    try:
        validate_email(value)
    except DjangoValidationError:
        return False
    return True


def _is_datetime(value: object) -> bool:
    if not isinstance(value, str):
        return True
    # A date-time needs its time part; a bare date is the "date" format's business.
    if not re.match(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}", value):
        return False
    try:
        datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return False
    return True


def _is_date(value: object) -> bool:
    if not isinstance(value, str):
        return True
    if not re.match(r"^\d{4}-\d{2}-\d{2}$", value):
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


_url_validator = URLValidator(schemes=["http", "https"])


def _is_url_or_empty(value: object) -> bool:
    if not isinstance(value, str) or value == "":
        return True
    try:
        _url_validator(value)
    except DjangoValidationError:
        return False
    return True


def format_checker() -> FormatChecker:
    # Own checks rather than jsonschema's optional ones, which depend on extra packages and
    # silently pass everything when those are missing.
    checker = FormatChecker(formats=())
    checker.checks("email")(_is_email)
    checker.checks("date-time")(_is_datetime)
    checker.checks("date")(_is_date)
    checker.checks("uri-or-empty")(_is_url_or_empty)
    return checker


@lru_cache(maxsize=16)
def _validator(kind: str, demo: bool, year: int) -> Draft202012Validator:
    # The $id does not take part in validating a record; a fixed base keeps the cache small.
    if kind == "solution":
        schema = build_solution_schema(demo=demo, base_url="")
    else:
        schema = build_case_schema(current_year=year, demo=demo, base_url="")
    return Draft202012Validator(schema, format_checker=format_checker())


def _path(parts: Iterable[Any]) -> str:
    text = ""
    for part in parts:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


def _type_message(expected: Any) -> str:
    kinds = [expected] if isinstance(expected, str) else list(expected)
    names = _type_names()
    wanted = [names[k] for k in kinds if k != "null"] or [names["null"]]
    return _("Skal være %(kind)s.") % {"kind": _(" eller ").join(wanted)}


def _type_names() -> dict[str, str]:
    return {
        "string": _("en tekst"),
        "integer": _("et helt tal"),
        "number": _("et tal"),
        "array": _("en liste"),
        "object": _("et objekt"),
        "boolean": _("true eller false"),
        "null": _("tom (null)"),
    }


def _pattern_message(field: str) -> str:
    if field == "kle_code":
        return _("Skriv KLE-nummeret som 00, 00.00 eller 00.00.00, fx 27.24.00.")
    if field in {"organisation", "suppliers"}:
        return _(
            "Angiv organisationen som kommunekode, regionskode, CVR-nummer eller kortnavn "
            "(bogstaver a-z, tal og bindestreger)."
        )
    if field in {"title", "summary", "name", "consent_text_version"}:
        return _("Feltet skal udfyldes.")
    return _("Må kun indeholde bogstaverne a-z, tal, bindestreg og understregning.")


def _format_message(format_name: str) -> str:
    messages = {
        "email": _("Ugyldig e-mailadresse."),
        "date-time": _("Skal være et tidspunkt i ISO 8601, fx 2024-05-01T12:00:00+02:00."),
        "date": _("Skal være en dato i ISO 8601, fx 2024-05-01."),
        "uri-or-empty": _("Skal være en fuld webadresse, der begynder med http:// eller https://."),
    }
    return messages.get(format_name, _("Ugyldig værdi."))


def _field_of(error: SchemaError) -> str:
    named = [p for p in error.absolute_path if isinstance(p, str)]
    return named[-1] if named else ""


def _problems_from(error: SchemaError) -> Iterator[SchemaProblem]:
    validator = error.validator
    path = list(error.absolute_path)
    field = _field_of(error)
    value = error.instance
    if validator in {"oneOf", "anyOf"} and error.context:
        if field in {"published_at", "consent_given_at"}:
            yield SchemaProblem(
                _path(path),
                _("Skal være en dato eller et tidspunkt i ISO 8601, fx 2024-05-01."),
            )
            return
        # The alternatives are "a value" or "nothing": report what is wrong with the branch
        # whose type fits, or the expected type when none does.
        branches: dict[Any, list[SchemaError]] = {}
        for sub in error.context:
            branches.setdefault(sub.relative_schema_path[0], []).append(sub)
        fitting = [
            errors
            for errors in branches.values()
            if not any(e.validator == "type" and not list(e.relative_path) for e in errors)
        ]
        if fitting:
            for sub in fitting[0]:
                yield from _problems_from(sub)
            return
        expected = [
            e.validator_value
            for e in error.context
            if e.validator == "type" and e.validator_value != "null"
        ]
        yield SchemaProblem(_path(path), _type_message(expected[0] if expected else "object"))
        return
    if validator == "required":
        missing = re.findall(r"'([^']+)' is a required property", error.message)
        for name in missing or [""]:
            yield SchemaProblem(_path([*path, name]), _("Feltet skal udfyldes."))
        return
    if validator == "additionalProperties":
        allowed = set((error.schema.get("properties") or {}).keys())
        extra = sorted(set(value) - allowed) if isinstance(value, dict) else []
        for name in extra:
            if name in DEMO_FIELDS:
                message = _("Feltet bruges kun af demo-indlæseren og kan ikke importeres.")
            else:
                message = _("Feltet kendes ikke i formatet.")
            yield SchemaProblem(_path([*path, name]), message)
        return
    if validator == "type":
        message = _type_message(error.validator_value)
    elif validator == "enum":
        allowed_values = ", ".join(str(v) for v in error.validator_value)
        message = _("Ugyldig værdi %(value)s. Tilladte værdier: %(allowed)s.") % {
            "value": json.dumps(value, ensure_ascii=False),
            "allowed": allowed_values,
        }
    elif validator == "const":
        message = _("Skal være %(value)s.") % {"value": json.dumps(error.validator_value)}
    elif validator == "maxLength":
        message = _("Må højst være %(limit)s tegn (er %(length)s).") % {
            "limit": error.validator_value,
            "length": len(value),
        }
    elif validator == "minLength":
        message = _("Feltet skal udfyldes.")
    elif validator == "pattern":
        message = _pattern_message(field)
    elif validator in {"minimum", "maximum"}:
        if field == "year":
            message = _("Året skal ligge mellem %(first)s og %(last)s.") % {
                "first": FIRST_YEAR,
                "last": error.schema.get("maximum"),
            }
        elif validator == "minimum":
            message = _("Skal være mindst %(limit)s.") % {"limit": error.validator_value}
        else:
            message = _("Må højst være %(limit)s.") % {"limit": error.validator_value}
    elif validator == "uniqueItems":
        message = _("Den samme værdi står flere gange.")
    elif validator == "format":
        message = _format_message(str(error.validator_value))
    else:
        message = _("Ugyldig værdi.")
    yield SchemaProblem(_path(path), message)


def _sorted(problems: Iterable[SchemaProblem]) -> list[SchemaProblem]:
    unique = dict.fromkeys(problems)
    return sorted(unique, key=lambda p: p.path)


def _validate(kind: str, record: Any, *, allow_demo_fields: bool) -> list[SchemaProblem]:
    if not isinstance(record, Mapping):
        return [SchemaProblem("", _("Posten skal være et JSON-objekt."))]
    validator = _validator(kind, allow_demo_fields, timezone.localdate().year)
    problems: list[SchemaProblem] = []
    for error in validator.iter_errors(dict(record)):
        problems.extend(_problems_from(error))
    return _sorted(problems)


def validate_case_record(record: Any, *, allow_demo_fields: bool = False) -> list[SchemaProblem]:
    """Everything wrong with one case record (an empty list when it is valid)."""
    return _validate("case", record, allow_demo_fields=allow_demo_fields)


def validate_solution_record(
    record: Any, *, allow_demo_fields: bool = False
) -> list[SchemaProblem]:
    """Everything wrong with one solution record, including an unknown SPDX licence."""
    problems = _validate("solution", record, allow_demo_fields=allow_demo_fields)
    if isinstance(record, Mapping):
        licence = record.get("licence")
        if (
            isinstance(licence, str)
            and licence.strip()
            and not any(p.path == "licence" for p in problems)
        ):
            from spred.catalogue.spdx import spdx_expression_problem

            problem = spdx_expression_problem(licence)
            if problem:
                problems = _sorted([*problems, SchemaProblem("licence", problem)])
    return problems


def record_kind(record: Any) -> str:
    """ "solution" or "case" (the default) for a record of a plain list."""
    if isinstance(record, Mapping) and record.get("type") == "solution":
        return "solution"
    return "case"


def validate_catalogue_document(
    document: Any, *, allow_demo_fields: bool = False
) -> list[SchemaProblem]:
    """Everything wrong with a whole file, paths prefixed with ``cases[3]`` / ``[3]``."""
    problems: list[SchemaProblem] = []

    def check(prefix: str, kind: str, record: Any) -> None:
        validate = validate_solution_record if kind == "solution" else validate_case_record
        for problem in validate(record, allow_demo_fields=allow_demo_fields):
            path = (
                f"{prefix}.{problem.path}"
                if problem.path and problem.path[0] != "["
                else (prefix + problem.path)
            )
            problems.append(SchemaProblem(path, problem.message))

    if isinstance(document, list):
        for index, record in enumerate(document):
            kind = record_kind(record)
            if isinstance(record, Mapping) and record.get("type") not in (None, "case", "solution"):
                problems.append(
                    SchemaProblem(
                        f"[{index}].type",
                        _("Ugyldig værdi %(value)s. Tilladte værdier: case, solution.")
                        % {"value": json.dumps(record.get("type"), ensure_ascii=False)},
                    )
                )
                continue
            check(f"[{index}]", kind, record)
        return problems
    if not isinstance(document, Mapping):
        return [SchemaProblem("", _("Filen skal være en liste af poster eller et JSON-objekt."))]
    if document.get("format") != FORMAT_NAME:
        problems.append(SchemaProblem("format", _("Skal være %(value)s.") % {"value": FORMAT_NAME}))
    if str(document.get("version")) != FORMAT_VERSION:
        problems.append(
            SchemaProblem("version", _("Formatversionen skal være %(v)s.") % {"v": FORMAT_VERSION})
        )
    for key in sorted(set(document) - {"format", "version", "cases", "solutions"}):
        problems.append(SchemaProblem(key, _("Feltet kendes ikke i formatet.")))
    for key, kind in (("solutions", "solution"), ("cases", "case")):
        records = document.get(key, [])
        if not isinstance(records, list):
            problems.append(SchemaProblem(key, _type_message("array")))
            continue
        for index, record in enumerate(records):
            check(f"{key}[{index}]", kind, record)
    return problems
