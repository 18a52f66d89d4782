"""The microdata file: one row per responding workplace, checked against the codebook and the
strata, all of it before anything is stored.

**Microdata** — CSV (UTF-8, comma, semicolon or tab separated) or XLSX, one row per responding
workplace, columns ``id, stratum, weight, level, area, size`` and one column per question. A
single-choice or scale answer is its code, a numeric answer a number, and a **multiple-choice**
answer lists the chosen codes in one cell separated by ``;`` (``1;3``). An empty cell means no
answer — for a conditional question, also that it was not asked.

A problem names the file, row and column and never repeats another answer of the row.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from spred.barometer.choices import LonelyStratumPolicy, QuestionType
from spred.barometer.importing.codebook import (
    MICRODATA_FIXED,
    MULTIPLE_SEPARATOR,
    CodebookSpec,
    QuestionSpec,
    check_answers,
)
from spred.barometer.importing.strata import StratumSpec, check_classification, read_strata
from spred.barometer.importing.tables import Table, number, read_table
from spred.core.importing.report import ImportReport


@dataclass(frozen=True)
class RespondentSpec:
    external_id: str
    stratum: str
    weight: float
    government_level: str
    area: str
    size_band: str
    answers: dict[str, Any]


@dataclass(frozen=True)
class Microdata:
    strata: dict[str, StratumSpec]
    respondents: list[RespondentSpec]


def read_microdata(
    content: bytes,
    filename: str,
    strata_content: bytes,
    strata_filename: str,
    codebook: CodebookSpec,
    *,
    lonely_policy: str = LonelyStratumPolicy.FAIL,
) -> tuple[Microdata | None, ImportReport]:
    """Parse and check microdata against the codebook and the strata. Returns the data only
    when there are no errors (warnings are allowed)."""
    report = ImportReport()
    strata = read_strata(strata_content, strata_filename, report)
    label = _("mikrodata")
    table = read_table(content, filename, label, report)
    if table is None:
        return None, report
    known_columns = _check_columns(table, codebook, label, report)
    if known_columns is None:
        return None, report
    respondents: list[RespondentSpec] = []
    seen_ids: dict[str, str] = {}
    for line, cells in table.rows:
        where = {"file": label, "row": line}
        respondents.append(
            _read_respondent(cells, where, codebook, known_columns, strata, seen_ids, report)
        )
    if not respondents and not table.rows:
        report.add(_("Filen har ingen besvarelser."), file=label)
    _check_design(strata, respondents, report, lonely_policy)
    if not report.ok:
        return None, report
    return Microdata(strata, respondents), report


def _check_columns(
    table: Table, codebook: CodebookSpec, label: str, report: ImportReport
) -> list[str] | None:
    """The question columns the codebook knows; ``None`` when a fixed column is missing (the
    rows cannot be read then). Each column's problem is reported once, not once per row."""
    questions = codebook.by_code
    missing_fixed = [c for c in MICRODATA_FIXED if c not in table.header]
    for column in missing_fixed:
        report.add(_("Den faste kolonne mangler."), file=label, field=column)
    question_columns = [c for c in table.header if c not in MICRODATA_FIXED]
    for column in question_columns:
        if column not in questions:
            report.add(
                _("Ukendt spørgsmålskode: kolonnen findes ikke i kodebogen."),
                file=label,
                field=column,
            )
    for code in questions:
        if code not in table.header:
            report.warn(
                _("Spørgsmålet fra kodebogen har ingen kolonne; ingen har svaret på det."),
                file=label,
                field=code,
            )
    if missing_fixed:
        return None
    return [c for c in question_columns if c in questions]


def _read_respondent(
    cells: Mapping[str, str],
    where: Mapping[str, Any],
    codebook: CodebookSpec,
    known_columns: Sequence[str],
    strata: Mapping[str, StratumSpec],
    seen_ids: dict[str, str],
    report: ImportReport,
) -> RespondentSpec:
    """One row as a respondent, with its problems on the report: the id (once in the file),
    the weight, the classification (as its stratum's) and the answers."""
    external_id = cells["id"]
    if not external_id or len(external_id) > 40:
        report.add(_("Id mangler eller er længere end 40 tegn."), field="id", **where)
    elif external_id in seen_ids:
        report.add(
            _("Id'et står også i række %(other)s.") % {"other": seen_ids[external_id]},
            field="id",
            **where,
        )
    else:
        seen_ids[external_id] = where["row"]
    weight = number(cells["weight"])
    if weight is None or weight <= 0:
        report.add(_("Vægten skal være et tal større end 0."), field="weight", **where)
    _check_stratum(cells, where, strata, report)
    answers: dict[str, Any] = {}
    unreadable: set[str] = set()
    questions = codebook.by_code
    for column in known_columns:
        parsed = _parse_answer(questions[column], cells[column], report, where)
        if parsed is not None:
            answers[column] = parsed
        elif cells[column]:
            unreadable.add(column)
    report.extend(check_answers(codebook, answers, where=where, unreadable=unreadable))
    return RespondentSpec(
        external_id=external_id,
        stratum=cells["stratum"],
        weight=weight or 0.0,
        government_level=cells["level"],
        area=cells["area"],
        size_band=cells["size"],
        answers=answers,
    )


def _check_stratum(
    cells: Mapping[str, str],
    where: Mapping[str, Any],
    strata: Mapping[str, StratumSpec],
    report: ImportReport,
) -> None:
    """The row's classification: known codes, and the same as its stratum's."""
    classified = check_classification(cells, report, where)
    stratum = strata.get(cells["stratum"])
    if not cells["stratum"]:
        report.add(_("Stratum mangler."), field="stratum", **where)
    elif stratum is None and strata:
        report.add(
            _("Stratum %(code)s har intet populationstal i stratafilen.")
            % {"code": cells["stratum"]},
            field="stratum",
            **where,
        )
    elif stratum is not None and classified:
        for column, value in (
            ("level", stratum.government_level),
            ("area", stratum.area),
            ("size", stratum.size_band),
        ):
            if cells[column] != value:
                report.add(
                    _("Passer ikke til stratum %(code)s, hvor den er %(expected)s.")
                    % {"code": stratum.code, "expected": value},
                    field=column,
                    **where,
                )


def _parse_answer(
    question: QuestionSpec, text: str, report: ImportReport, where: Mapping[str, Any]
) -> Any:
    if text == "":
        return None
    col = {"field": question.code, **where}
    if question.type == QuestionType.NUMERIC:
        value = number(text)
        if value is None:
            report.add(_("Svaret skal være et tal."), **col)
            return None
        return int(value) if value.is_integer() else value
    if question.type == QuestionType.MULTIPLE:
        codes = [c.strip() for c in text.split(MULTIPLE_SEPARATOR) if c.strip()]
        unknown = [c for c in codes if c not in question.option_codes]
        for code in unknown:
            report.add(_("Ukendt svarkode %(code)s.") % {"code": code}, **col)
        if len(set(codes)) != len(codes):
            report.add(_("Samme svarkode er valgt flere gange."), **col)
        if unknown or len(set(codes)) != len(codes):
            return None
        return sorted(codes, key=question.option_positions.__getitem__)
    code = text
    if code.endswith(".0") and code[:-2].isdigit():  # a code typed as a number in a spreadsheet
        code = code[:-2]
    if code not in question.option_codes:
        report.add(_("Ukendt svarkode %(code)s.") % {"code": code}, **col)
        return None
    return code


def _check_design(
    strata: Mapping[str, StratumSpec],
    respondents: Sequence[RespondentSpec],
    report: ImportReport,
    lonely_policy: str,
) -> None:
    label = _("mikrodata")
    strata_label = _("stratafil")
    per_stratum: dict[str, int] = Counter(r.stratum for r in respondents if r.stratum in strata)
    weights: dict[str, float] = defaultdict(float)
    for r in respondents:
        weights[r.stratum] += r.weight
    for code, stratum in strata.items():
        n = per_stratum.get(code, 0)
        if n > stratum.population:
            report.add(
                _(
                    "Stratum %(code)s har %(n)s besvarelser, men populationen er kun "
                    "%(population)s arbejdspladser."
                )
                % {"code": code, "n": n, "population": stratum.population},
                file=strata_label,
                field="population",
            )
        elif n == 1 and stratum.population > 1:
            if lonely_policy == LonelyStratumPolicy.FAIL:
                report.add(
                    _(
                        "Stratum %(code)s har kun én besvarelse, så variansen kan ikke beregnes "
                        "i stratummet. Slå strata sammen, eller vælg en politik for strata med "
                        "én besvarelse — så bliver det en advarsel i stedet for en fejl."
                    )
                    % {"code": code},
                    file=label,
                    field="stratum",
                )
            else:
                report.warn(
                    _(
                        "Stratum %(code)s har kun én besvarelse; variansen beregnes efter den "
                        "valgte politik (%(policy)s)."
                    )
                    % {"code": code, "policy": LonelyStratumPolicy(lonely_policy).label},
                    file=label,
                    field="stratum",
                )
        elif n == 0:
            report.warn(
                _(
                    "Stratum %(code)s har ingen besvarelser; dets %(population)s arbejdspladser "
                    "er ikke repræsenteret i estimaterne."
                )
                % {"code": code, "population": stratum.population},
                file=strata_label,
            )
        if (
            n > 1
            and stratum.population
            and abs(weights[code] - stratum.population) > max(1.0, 0.01 * stratum.population)
        ):
            report.warn(
                _(
                    "Vægtene i stratum %(code)s summerer til %(sum)s, men populationen er "
                    "%(population)s."
                )
                % {"code": code, "sum": f"{weights[code]:.1f}", "population": stratum.population},
                file=label,
                field="weight",
            )
