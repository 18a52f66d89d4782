"""Reading and checking the Innovation Barometer's files: the codebook, the microdata and the
strata with their population counts.

Nothing here writes to the database. The readers turn a file into plain specs and list *every*
problem they find — with the file, row and column, and a reason in Danish — so the analyst can
fix the file in one go. ``services`` stores a file only when its report has no errors.

Formats
-------

**Codebook** — YAML (read with ``yaml.safe_load``) or JSON::

    wave: 2023
    questions:
      - code: INNOV
        text: {da: "…", en: "…"}
        type: single                # single | multiple | scale | numeric
        options: [{code: "1", label: {da: Ja, en: "Yes"}}, …]
        dont_know: ["8"]            # answer codes meaning "ved ikke"; must be options
        exclude_dont_know: true     # leave "ved ikke" out of the denominator (default)
      - code: PRIV_COLLAB
        asked_if: {question: INNOV, in: ["1"]}   # or a list of such conditions, all must hold
        …

**Microdata** — CSV (UTF-8, comma, semicolon or tab separated) or XLSX, one row per responding
workplace, columns ``id, stratum, weight, level, area, size`` and one column per question. A
single-choice or scale answer is its code, a numeric answer a number, and a **multiple-choice**
answer lists the chosen codes in one cell separated by ``;`` (``1;3``). An empty cell means no
answer — for a conditional question, also that it was not asked.

**Strata** — CSV or XLSX with ``stratum, level, area, size, population``: every stratum of the
design with the number of workplaces in the population (the frame).

``level`` is ``stat``, ``region`` or ``kommune``; ``area`` and ``size`` use the codes of
``spred.barometer.choices``.
"""

from __future__ import annotations

import csv
import io
import json
import math
import zipfile
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import PurePath
from typing import Any

import yaml
from django.core.exceptions import ValidationError
from django.utils.text import get_text_list
from django.utils.translation import gettext as _

from spred.barometer.choices import (
    Area,
    GovernmentLevel,
    LonelyStratumPolicy,
    QuestionType,
    SizeBand,
)

#: Largest file read (the web upload is capped lower by the request-size guard).
MAX_FILE_BYTES = 20 * 1024 * 1024
#: An XLSX file is a zip archive; refuse one that would unpack into something huge.
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_ROWS = 100_000
MAX_COLUMNS = 1_000
MAX_QUESTIONS = 500
MAX_CODE_LENGTH = 40
MAX_ANSWER_CODE_LENGTH = 20

#: Columns every microdata row has, in addition to the question columns.
MICRODATA_FIXED = ("id", "stratum", "weight", "level", "area", "size")
STRATA_COLUMNS = ("stratum", "level", "area", "size", "population")

MULTIPLE_SEPARATOR = ";"

ERROR = "error"
WARNING = "warning"


# --------------------------------------------------------------------------------------------
# Problems and reports


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a file. ``row`` is the line in the file (the header is line 1);
    ``None`` when the problem concerns the whole file or a column."""

    reason: str
    file: str = ""
    row: int | None = None
    column: str = ""
    severity: str = ERROR

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    @property
    def where(self) -> str:
        parts = []
        if self.file:
            parts.append(self.file)
        if self.row is not None:
            parts.append(_("række %(row)s") % {"row": self.row})
        if self.column:
            parts.append(_("kolonne %(column)s") % {"column": self.column})
        return ", ".join(parts)

    def __str__(self) -> str:
        return f"{self.where}: {self.reason}" if self.where else self.reason


@dataclass
class ImportReport:
    problems: list[Problem] = field(default_factory=list)

    def add(self, reason: str, **where: Any) -> None:
        self.problems.append(Problem(reason, **where))

    def warn(self, reason: str, **where: Any) -> None:
        self.problems.append(Problem(reason, severity=WARNING, **where))

    def extend(self, problems: Iterable[Problem]) -> None:
        self.problems.extend(problems)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]

    @property
    def ok(self) -> bool:
        return not self.errors


class ImportRejected(ValidationError):
    """A file with errors. Carries the full report; ``messages`` lists every error."""

    def __init__(self, report: ImportReport) -> None:
        super().__init__([str(p) for p in report.errors] or [_("Filen kunne ikke læses.")])
        self.report = report


# --------------------------------------------------------------------------------------------
# Codebook


@dataclass(frozen=True)
class OptionSpec:
    code: str
    label_da: str
    label_en: str = ""


@dataclass(frozen=True)
class Condition:
    """Asked only if the answer to ``question`` is one of ``codes`` (for a multiple-choice
    question: if any chosen code is)."""

    question: str
    codes: tuple[str, ...]

    @cached_property
    def code_set(self) -> frozenset[str]:
        return frozenset(self.codes)

    def holds_for(self, given: Any) -> bool:
        """Whether an answer (one code or a list of codes) meets the condition."""
        if isinstance(given, list):
            return not self.code_set.isdisjoint(given)
        return given in self.code_set

    def as_json(self) -> dict[str, Any]:
        return {"question": self.question, "in": list(self.codes)}


@dataclass(frozen=True)
class QuestionSpec:
    code: str
    text_da: str
    text_en: str
    type: str
    options: tuple[OptionSpec, ...] = ()
    asked_if: tuple[Condition, ...] = ()
    dont_know: tuple[str, ...] = ()
    exclude_dont_know: bool = True

    @cached_property
    def option_codes(self) -> frozenset[str]:
        return frozenset(o.code for o in self.options)

    @cached_property
    def option_positions(self) -> dict[str, int]:
        return {o.code: position for position, o in enumerate(self.options)}

    @property
    def is_coded(self) -> bool:
        return self.type != QuestionType.NUMERIC

    def asked_if_json(self) -> Any:
        if not self.asked_if:
            return None
        if len(self.asked_if) == 1:
            return self.asked_if[0].as_json()
        return [c.as_json() for c in self.asked_if]


@dataclass(frozen=True)
class CodebookSpec:
    questions: tuple[QuestionSpec, ...]
    wave: int | None = None

    @cached_property
    def by_code(self) -> dict[str, QuestionSpec]:
        return {q.code: q for q in self.questions}


def conditions_from_json(value: Any) -> tuple[Condition, ...]:
    """The stored ``asked_if`` (a dict, a list of dicts or None) as conditions."""
    if not value:
        return ()
    items = value if isinstance(value, list) else [value]
    return tuple(
        Condition(str(item["question"]), tuple(str(c) for c in item.get("in", [])))
        for item in items
    )


def codebook_spec_from_model(codebook: Any) -> CodebookSpec:
    """A stored ``Codebook`` (with questions and options) as a spec, for checking microdata."""
    questions = []
    for q in codebook.questions.all():
        questions.append(
            QuestionSpec(
                code=q.code,
                text_da=q.text_da,
                text_en=q.text_en,
                type=q.type,
                options=tuple(OptionSpec(o.code, o.label_da, o.label_en) for o in q.options.all()),
                asked_if=conditions_from_json(q.asked_if),
                dont_know=tuple(str(c) for c in q.dont_know_codes),
                exclude_dont_know=q.exclude_dont_know,
            )
        )
    return CodebookSpec(tuple(questions), wave=codebook.wave.edition)


def _text_pair(value: Any) -> tuple[str, str] | None:
    if isinstance(value, str):
        return value.strip(), ""
    if isinstance(value, Mapping):
        da = value.get("da")
        en = value.get("en", "")
        if isinstance(da, str) and isinstance(en, str | type(None)):
            return da.strip(), (en or "").strip()
    return None


def _code(value: Any) -> str | None:
    """Answer and question codes are text; YAML reads ``1`` as a number, so accept whole
    numbers and turn them into text."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str) and value.strip():
        return value.strip()
    return None


def read_codebook(content: bytes, filename: str) -> tuple[CodebookSpec | None, ImportReport]:
    """Parse and check a codebook file. Returns the spec (None when the file has errors)."""
    report = ImportReport()
    where = {"file": PurePath(filename).name or _("kodebog")}
    if len(content) > MAX_FILE_BYTES:
        report.add(_("Filen er for stor."), **where)
        return None, report
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        report.add(_("Filen er ikke UTF-8-kodet tekst."), **where)
        return None, report
    suffix = PurePath(filename).suffix.lower()
    try:
        data = json.loads(text) if suffix == ".json" else yaml.safe_load(text)
    except (yaml.YAMLError, json.JSONDecodeError) as exc:
        line = getattr(getattr(exc, "problem_mark", None), "line", None)
        if line is None:
            line = getattr(exc, "lineno", None)
        else:
            line += 1
        report.add(_("Filen er ikke gyldig YAML eller JSON."), row=line, **where)
        return None, report
    if not isinstance(data, Mapping) or not isinstance(data.get("questions"), list):
        report.add(_("Kodebogen skal have en liste 'questions' med spørgsmålene."), **where)
        return None, report
    wave = data.get("wave")
    if wave is not None and (isinstance(wave, bool) or not isinstance(wave, int)):
        report.add(_("'wave' skal være et årstal."), **where)
        wave = None
    raw_questions = data["questions"]
    if len(raw_questions) > MAX_QUESTIONS:
        report.add(
            _("Kodebogen har %(n)s spørgsmål; højst %(max)s er tilladt.")
            % {"n": len(raw_questions), "max": MAX_QUESTIONS},
            **where,
        )
        return None, report

    questions: list[QuestionSpec] = []
    seen: dict[str, QuestionSpec] = {}
    for number, raw in enumerate(raw_questions, start=1):
        errors_before = len(report.errors)
        spec = _read_question(raw, number, seen, report, where)
        if spec is not None:
            if spec.code in seen:
                report.add(
                    _("Spørgsmålskoden %(code)s findes allerede tidligere i kodebogen.")
                    % {"code": spec.code},
                    column=spec.code,
                    **where,
                )
                continue
            # A question with errors is still known to later ones, so that one mistake is not
            # reported again as a broken reference in every question that depends on it.
            seen[spec.code] = spec
            if len(report.errors) == errors_before:
                questions.append(spec)
    if not questions and report.ok:
        report.add(_("Kodebogen har ingen spørgsmål."), **where)
    if not report.ok:
        return None, report
    return CodebookSpec(tuple(questions), wave=wave), report


def _read_question(
    raw: Any,
    number: int,
    earlier: Mapping[str, QuestionSpec],
    report: ImportReport,
    where: Mapping[str, Any],
) -> QuestionSpec | None:
    label = _("spørgsmål nr. %(n)s") % {"n": number}
    if not isinstance(raw, Mapping):
        report.add(_("%(label)s er ikke en beskrivelse med felter.") % {"label": label}, **where)
        return None
    code = _code(raw.get("code"))
    if code is None:
        report.add(_("%(label)s mangler en kode ('code').") % {"label": label}, **where)
        return None
    if len(code) > MAX_CODE_LENGTH or not all(c.isalnum() or c in "_-" for c in code):
        report.add(
            _("Spørgsmålskoden må kun indeholde bogstaver, tal, _ og - (højst %(max)s tegn).")
            % {"max": MAX_CODE_LENGTH},
            column=code,
            **where,
        )
    if code.lower() in MICRODATA_FIXED:
        report.add(
            _("Spørgsmålskoden %(code)s er reserveret til en fast kolonne i mikrodata.")
            % {"code": code},
            column=code,
            **where,
        )
    col = {"column": code, **where}
    text = _text_pair(raw.get("text"))
    if text is None or not text[0]:
        report.add(_("Spørgsmålet mangler en dansk tekst (text.da)."), **col)
        text = ("", "")
    qtype = raw.get("type")
    if qtype not in QuestionType.values:
        report.add(
            _("Ukendt spørgsmålstype %(type)r; brug single, multiple, scale eller numeric.")
            % {"type": qtype},
            **col,
        )
        qtype = None

    options: list[OptionSpec] = []
    raw_options = raw.get("options") or []
    if not isinstance(raw_options, list):
        report.add(_("'options' skal være en liste."), **col)
        raw_options = []
    option_codes: set[str] = set()
    for raw_option in raw_options:
        option_code = _code(raw_option.get("code")) if isinstance(raw_option, Mapping) else None
        if option_code is None:
            report.add(_("En svarmulighed mangler sin kode."), **col)
            continue
        if len(option_code) > MAX_ANSWER_CODE_LENGTH or MULTIPLE_SEPARATOR in option_code:
            report.add(
                _("Svarkoden %(code)s er for lang eller indeholder ';'.") % {"code": option_code},
                **col,
            )
            continue
        if option_code in option_codes:
            report.add(_("Svarkoden %(code)s optræder to gange.") % {"code": option_code}, **col)
            continue
        option_label = _text_pair(raw_option.get("label"))
        if option_label is None or not option_label[0]:
            report.add(
                _("Svarmuligheden %(code)s mangler en dansk tekst (label.da).")
                % {"code": option_code},
                **col,
            )
            continue
        option_codes.add(option_code)
        options.append(OptionSpec(option_code, *option_label))
    if qtype in {QuestionType.SINGLE, QuestionType.MULTIPLE, QuestionType.SCALE} and not options:
        report.add(
            _("Et spørgsmål af typen %(type)s skal have svarmuligheder.") % {"type": qtype}, **col
        )
    if qtype == QuestionType.SCALE:
        for option in options:
            if option.code in _dont_know_codes(raw):
                continue
            try:
                float(option.code)
            except ValueError:
                report.add(
                    _("Svarkoderne på en skala skal være tal (%(code)s er ikke).")
                    % {"code": option.code},
                    **col,
                )
    if qtype == QuestionType.NUMERIC and options:
        report.add(_("Et talspørgsmål har ingen svarmuligheder."), **col)

    dont_know: list[str] = []
    for value in _dont_know_codes(raw):
        if value not in option_codes:
            report.add(
                _("'Ved ikke'-koden %(code)s er ikke en af spørgsmålets svarmuligheder.")
                % {"code": value},
                **col,
            )
        else:
            dont_know.append(value)
    if raw.get("dont_know") is not None and not isinstance(raw.get("dont_know"), list):
        report.add(_("'dont_know' skal være en liste af svarkoder."), **col)
    exclude = raw.get("exclude_dont_know", True)
    if not isinstance(exclude, bool):
        report.add(_("'exclude_dont_know' skal være true eller false."), **col)
        exclude = True

    conditions = _read_conditions(raw.get("asked_if"), code, earlier, report, col)
    if qtype is None:
        return None
    return QuestionSpec(
        code=code,
        text_da=text[0],
        text_en=text[1],
        type=qtype,
        options=tuple(options),
        asked_if=conditions,
        dont_know=tuple(dont_know),
        exclude_dont_know=exclude,
    )


def _dont_know_codes(raw: Mapping[str, Any]) -> list[str]:
    value = raw.get("dont_know")
    if not isinstance(value, list):
        return []
    return [c for c in (_code(v) for v in value) if c is not None]


def _read_conditions(
    raw: Any,
    code: str,
    earlier: Mapping[str, QuestionSpec],
    report: ImportReport,
    col: Mapping[str, Any],
) -> tuple[Condition, ...]:
    if raw is None:
        return ()
    items = raw if isinstance(raw, list) else [raw]
    conditions = []
    for item in items:
        if not isinstance(item, Mapping) or "question" not in item or "in" not in item:
            report.add(_("'asked_if' skal have formen {question: KODE, in: [svarkoder]}."), **col)
            continue
        parent_code = _code(item["question"])
        parent = earlier.get(parent_code or "")
        if parent is None:
            report.add(
                _(
                    "'asked_if' henviser til %(parent)s, som ikke er et tidligere spørgsmål i "
                    "kodebogen."
                )
                % {"parent": parent_code or item["question"]},
                **col,
            )
            continue
        if not parent.is_coded:
            report.add(
                _("'asked_if' kan ikke bygge på talspørgsmålet %(parent)s.")
                % {"parent": parent.code},
                **col,
            )
            continue
        values = item["in"] if isinstance(item["in"], list) else None
        parsed = [_code(v) for v in values] if values is not None else []
        codes = [c for c in parsed if c is not None]
        if not codes or len(codes) != len(parsed):
            report.add(_("'asked_if.in' skal være en ikke-tom liste af svarkoder."), **col)
            continue
        unknown = sorted({c for c in codes if c not in parent.option_codes})
        if unknown:
            report.add(
                _("'asked_if' nævner svarkoderne %(codes)s, som %(parent)s ikke har.")
                % {"codes": ", ".join(unknown), "parent": parent.code},
                **col,
            )
            continue
        conditions.append(Condition(parent.code, tuple(codes)))
    return tuple(conditions)


# --------------------------------------------------------------------------------------------
# Tables (CSV and XLSX)


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: list[tuple[int, dict[str, str]]]  # (line number, column -> cell text)


def read_table(content: bytes, filename: str, label: str, report: ImportReport) -> Table | None:
    """A CSV or XLSX file as a header and rows of text cells."""
    where = {"file": label}
    if len(content) > MAX_FILE_BYTES:
        report.add(
            _("Filen er for stor (højst %(mb)s MB).") % {"mb": MAX_FILE_BYTES // (1024 * 1024)},
            **where,
        )
        return None
    suffix = PurePath(filename).suffix.lower()
    if suffix == ".xlsx":
        raw_rows = _xlsx_rows(content, report, where)
    elif suffix in {".csv", ".txt", ""}:
        raw_rows = _csv_rows(content, report, where)
    else:
        report.add(_("Filtypen kendes ikke; brug CSV eller XLSX."), **where)
        return None
    if raw_rows is None:
        return None
    if not raw_rows:
        report.add(_("Filen er tom."), **where)
        return None
    header = tuple(h.strip() for h in raw_rows[0])
    if len(header) > MAX_COLUMNS:
        report.add(_("Filen har for mange kolonner."), **where)
        return None
    if len(raw_rows) - 1 > MAX_ROWS:
        report.add(_("Filen har for mange rækker (højst %(max)s).") % {"max": MAX_ROWS}, **where)
        return None
    duplicates = sorted(h for h, n in Counter(header).items() if n > 1 and h)
    for name in duplicates:
        report.add(_("Kolonnen findes mere end én gang."), column=name, **where)
    if "" in header:
        report.add(
            _("Kolonne nr. %(n)s har ingen overskrift.") % {"n": header.index("") + 1}, **where
        )
    if duplicates or "" in header:
        return None
    rows = []
    for line, raw in enumerate(raw_rows[1:], start=2):
        cells = [c.strip() for c in raw]
        if not any(cells):
            continue
        if len(cells) > len(header):
            report.add(_("Rækken har flere celler end overskriften."), row=line, **where)
            continue
        cells += [""] * (len(header) - len(cells))
        rows.append((line, dict(zip(header, cells, strict=True))))
    return Table(header, rows)


def _csv_rows(
    content: bytes, report: ImportReport, where: Mapping[str, Any]
) -> list[list[str]] | None:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        report.add(_("Filen er ikke UTF-8-kodet tekst (gem den som CSV UTF-8)."), **where)
        return None
    first_line = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first_line.count)
    try:
        return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        report.add(_("CSV-filen kan ikke læses: %(error)s") % {"error": exc}, **where)
        return None


def _xlsx_rows(
    content: bytes, report: ImportReport, where: Mapping[str, Any]
) -> list[list[str]] | None:
    # openpyxl parses the sheet XML with defusedxml when it is installed (it is a dependency),
    # which stops entity-expansion attacks; the archive size is checked here first.
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        report.add(_("Filen er ikke en gyldig XLSX-fil."), **where)
        return None
    if unpacked > MAX_UNPACKED_BYTES:
        report.add(_("XLSX-filen fylder for meget, når den pakkes ud."), **where)
        return None
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds of error for a damaged file
        report.add(_("Filen er ikke en gyldig XLSX-fil."), **where)
        return None
    try:
        sheet = workbook.worksheets[0]
        rows: list[list[str]] = []
        for values in sheet.iter_rows(values_only=True):
            if len(rows) > MAX_ROWS + 1:
                break
            rows.append([_cell_text(v) for v in values])
        return rows
    finally:
        workbook.close()


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


# --------------------------------------------------------------------------------------------
# Strata


@dataclass(frozen=True)
class StratumSpec:
    code: str
    government_level: str
    area: str
    size_band: str
    population: int


_CHOICES = {
    "level": (GovernmentLevel.values, _("forvaltningsniveau")),
    "area": (Area.values, _("område")),
    "size": (SizeBand.values, _("størrelse")),
}


def _check_classification(
    cells: Mapping[str, str], report: ImportReport, where: Mapping[str, Any]
) -> bool:
    ok = True
    for column, (values, label) in _CHOICES.items():
        if cells.get(column, "") not in values:
            report.add(
                _("Ukendt %(label)s %(value)r; gyldige koder: %(codes)s.")
                % {"label": label, "value": cells.get(column, ""), "codes": ", ".join(values)},
                column=column,
                **where,
            )
            ok = False
    return ok


def read_strata(content: bytes, filename: str, report: ImportReport) -> dict[str, StratumSpec]:
    label = _("stratafil")
    table = read_table(content, filename, label, report)
    if table is None:
        return {}
    missing = [c for c in STRATA_COLUMNS if c not in table.header]
    for column in missing:
        report.add(_("Kolonnen mangler."), file=label, column=column)
    for column in table.header:
        if column not in STRATA_COLUMNS:
            report.add(_("Ukendt kolonne i stratafilen."), file=label, column=column)
    if missing:
        return {}
    strata: dict[str, StratumSpec] = {}
    for line, cells in table.rows:
        where = {"file": label, "row": line}
        code = cells["stratum"]
        if not code or len(code) > 60:
            report.add(_("Stratumkoden mangler eller er for lang."), column="stratum", **where)
            continue
        if code in strata:
            report.add(
                _("Stratum %(code)s står mere end én gang.") % {"code": code},
                column="stratum",
                **where,
            )
            continue
        classified = _check_classification(cells, report, where)
        population = _positive_int(cells["population"])
        if population is None:
            report.add(
                _("Populationen skal være et helt tal større end 0."),
                column="population",
                **where,
            )
        if not classified or population is None:
            continue
        strata[code] = StratumSpec(code, cells["level"], cells["area"], cells["size"], population)
    if not strata and report.ok:
        report.add(_("Stratafilen har ingen strata."), file=label)
    return strata


def _positive_int(text: str) -> int | None:
    try:
        value = int(text.replace(".", "").replace(" ", "")) if text else None
    except ValueError:
        return None
    return value if value is not None and value > 0 else None


def _number(text: str) -> float | None:
    """A number as analysts type it: ``12.5`` or, Danish style, ``12,5``."""
    if not text:
        return None
    candidate = text.replace(" ", "")
    if "," in candidate and "." not in candidate:
        candidate = candidate.replace(",", ".")
    try:
        value = float(candidate)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


# --------------------------------------------------------------------------------------------
# Microdata


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

    questions = codebook.by_code
    missing_fixed = [c for c in MICRODATA_FIXED if c not in table.header]
    for column in missing_fixed:
        report.add(_("Den faste kolonne mangler."), file=label, column=column)
    question_columns = [c for c in table.header if c not in MICRODATA_FIXED]
    for column in question_columns:
        if column not in questions:
            report.add(
                _("Ukendt spørgsmålskode: kolonnen findes ikke i kodebogen."),
                file=label,
                column=column,
            )
    for code in questions:
        if code not in table.header:
            report.warn(
                _("Spørgsmålet fra kodebogen har ingen kolonne; ingen har svaret på det."),
                file=label,
                column=code,
            )
    if missing_fixed:
        return None, report
    known_columns = [c for c in question_columns if c in questions]

    respondents: list[RespondentSpec] = []
    seen_ids: dict[str, int] = {}
    for line, cells in table.rows:
        where = {"file": label, "row": line}
        external_id = cells["id"]
        if not external_id or len(external_id) > 40:
            report.add(_("Id mangler eller er længere end 40 tegn."), column="id", **where)
        elif external_id in seen_ids:
            report.add(
                _("Id'et står også i række %(other)s.") % {"other": seen_ids[external_id]},
                column="id",
                **where,
            )
        else:
            seen_ids[external_id] = line
        weight = _number(cells["weight"])
        if weight is None or weight <= 0:
            report.add(_("Vægten skal være et tal større end 0."), column="weight", **where)
        classified = _check_classification(cells, report, where)
        stratum = strata.get(cells["stratum"])
        if not cells["stratum"]:
            report.add(_("Stratum mangler."), column="stratum", **where)
        elif stratum is None and strata:
            report.add(
                _("Stratum %(code)s har intet populationstal i stratafilen.")
                % {"code": cells["stratum"]},
                column="stratum",
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
                        column=column,
                        **where,
                    )
        answers: dict[str, Any] = {}
        unreadable: set[str] = set()
        for column in known_columns:
            parsed = _parse_answer(questions[column], cells[column], report, where)
            if parsed is not None:
                answers[column] = parsed
            elif cells[column]:
                unreadable.add(column)
        report.extend(check_answers(codebook, answers, where=where, unreadable=unreadable))
        respondents.append(
            RespondentSpec(
                external_id=external_id,
                stratum=cells["stratum"],
                weight=weight or 0.0,
                government_level=cells["level"],
                area=cells["area"],
                size_band=cells["size"],
                answers=answers,
            )
        )
    if not respondents and not table.rows:
        report.add(_("Filen har ingen besvarelser."), file=label)
    _check_design(strata, respondents, report, lonely_policy)
    if not report.ok:
        return None, report
    return Microdata(strata, respondents), report


def _parse_answer(
    question: QuestionSpec, text: str, report: ImportReport, where: Mapping[str, Any]
) -> Any:
    if text == "":
        return None
    col = {"column": question.code, **where}
    if question.type == QuestionType.NUMERIC:
        value = _number(text)
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


def is_asked(question: QuestionSpec, answers: Mapping[str, Any]) -> bool:
    """Whether the question was put to a respondent with these answers: every condition holds
    (a parent that was not answered holds none)."""
    for condition in question.asked_if:
        given = answers.get(condition.question)
        if given is None or not condition.holds_for(given):
            return False
    return True


def check_answers(
    codebook: CodebookSpec,
    answers: Mapping[str, Any],
    *,
    where: Mapping[str, Any],
    unreadable: Iterable[str] = (),
) -> list[Problem]:
    """Answers present for questions the respondent was not asked, and codes the codebook does
    not know. Also used to check stored microdata against a new codebook version. A condition on
    an answer that could not be read (already reported) is not checked again."""
    problems = []
    questions = codebook.by_code
    skip = set(unreadable)
    for code, value in answers.items():
        question = questions.get(code)
        if question is None:
            problems.append(
                Problem(_("Svar på et spørgsmål, der ikke er i kodebogen."), column=code, **where)
            )
            continue
        depends_on_unreadable = any(c.question in skip for c in question.asked_if)
        if question.asked_if and not depends_on_unreadable and not is_asked(question, answers):
            conditions = "; ".join(
                _("%(question)s er %(codes)s")
                % {"question": c.question, "codes": get_text_list(list(c.codes), _("eller"))}
                for c in question.asked_if
            )
            problems.append(
                Problem(
                    _("Svar på et spørgsmål, der ikke blev stillet (stilles kun, når %(cond)s).")
                    % {"cond": conditions},
                    column=code,
                    **where,
                )
            )
        if question.is_coded:
            values = value if isinstance(value, list) else [value]
            for v in values:
                if str(v) not in question.option_codes:
                    problems.append(
                        Problem(_("Ukendt svarkode %(code)s.") % {"code": v}, column=code, **where)
                    )
    return problems


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
                column="population",
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
                    column="stratum",
                )
            else:
                report.warn(
                    _(
                        "Stratum %(code)s har kun én besvarelse; variansen beregnes efter den "
                        "valgte politik (%(policy)s)."
                    )
                    % {"code": code, "policy": LonelyStratumPolicy(lonely_policy).label},
                    file=label,
                    column="stratum",
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
                column="weight",
            )
