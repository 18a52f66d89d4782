"""Validating records and files of the open catalogue format against its JSON Schemas, with
Danish messages.

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
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import URLValidator, validate_email
from django.utils import timezone
from django.utils.translation import gettext as _
from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import ValidationError as SchemaError

from spred.catalogue.case_schema.building import (
    DEMO_FIELDS,
    FORMAT_NAME,
    FORMAT_VERSION,
    build_case_schema,
    build_solution_schema,
)
from spred.catalogue.models import FIRST_YEAR


@dataclass(frozen=True)
class SchemaProblem:
    """One thing wrong with a record: where (``partners[0].role``; empty for the record as a
    whole) and what, in Danish."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


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
    yield SchemaProblem(_path(path), _message(error, field))


def _message(error: SchemaError, field: str) -> str:
    """What is wrong, for a check that fails on its own (no alternatives, nothing missing)."""
    validator = error.validator
    value = error.instance
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
    return message


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
