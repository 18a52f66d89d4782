"""The codebook: reading and checking a codebook file, and the specs the rest of the barometer
works from (a question, its answer options, and to whom it is put).

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

``check_answers`` holds a respondent's answers against a codebook: the microdata reader uses it
for each row, and a new codebook version is checked with it against the stored microdata.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property
from pathlib import PurePath
from typing import Any

import yaml
from django.utils.text import get_text_list
from django.utils.translation import gettext as _

from spred.barometer.choices import QuestionType
from spred.barometer.importing.tables import MAX_FILE_BYTES
from spred.core.importing.problems import ImportFileError, ImportProblem
from spred.core.importing.report import ImportReport
from spred.core.importing.tables import check_size, decode

MAX_QUESTIONS = 500
MAX_CODE_LENGTH = 40
MAX_ANSWER_CODE_LENGTH = 20

#: Columns every microdata row has, in addition to the question columns; no question may take
#: one of their names.
MICRODATA_FIXED = ("id", "stratum", "weight", "level", "area", "size")

#: Separates the codes of a multiple-choice answer in one cell (``1;3``), so no code has one.
MULTIPLE_SEPARATOR = ";"


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
    try:
        check_size(content, max_bytes=MAX_FILE_BYTES)
        text = decode(content)
    except ImportFileError as exc:
        report.add(exc.message, **where)
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
        report.add(
            _("Filen er ikke gyldig YAML eller JSON."),
            row="" if line is None else str(line),
            **where,
        )
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
                    field=spec.code,
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
    """One question of the codebook, with every problem it has on the report; ``None`` when it
    has no code or no known type (later questions cannot refer to it then)."""
    code = _question_code(raw, number, report, where)
    if code is None:
        return None
    col = {"field": code, **where}
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
    options = _read_options(raw, qtype, report, col)
    dont_know, exclude = _read_dont_know(raw, {o.code for o in options}, report, col)
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


def _question_code(
    raw: Any, number: int, report: ImportReport, where: Mapping[str, Any]
) -> str | None:
    """The question's code, checked; ``None`` when the question has none to go by."""
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
            field=code,
            **where,
        )
    if code.lower() in MICRODATA_FIXED:
        report.add(
            _("Spørgsmålskoden %(code)s er reserveret til en fast kolonne i mikrodata.")
            % {"code": code},
            field=code,
            **where,
        )
    return code


def _read_options(
    raw: Mapping[str, Any], qtype: str | None, report: ImportReport, col: Mapping[str, Any]
) -> list[OptionSpec]:
    """The answer options that can be used, and whether they fit the question's type."""
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
    return options


def _read_dont_know(
    raw: Mapping[str, Any],
    option_codes: set[str],
    report: ImportReport,
    col: Mapping[str, Any],
) -> tuple[list[str], bool]:
    """The "ved ikke" codes (each one of the options), and whether they leave the denominator."""
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
    return dont_know, exclude


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
) -> list[ImportProblem]:
    """Answers present for questions the respondent was not asked, and codes the codebook does
    not know. Also used to check stored microdata against a new codebook version. A condition on
    an answer that could not be read (already reported) is not checked again."""
    found = ImportReport()
    questions = codebook.by_code
    skip = set(unreadable)
    for code, value in answers.items():
        question = questions.get(code)
        if question is None:
            found.add(_("Svar på et spørgsmål, der ikke er i kodebogen."), field=code, **where)
            continue
        depends_on_unreadable = any(c.question in skip for c in question.asked_if)
        if question.asked_if and not depends_on_unreadable and not is_asked(question, answers):
            conditions = "; ".join(
                _("%(question)s er %(codes)s")
                % {"question": c.question, "codes": get_text_list(list(c.codes), _("eller"))}
                for c in question.asked_if
            )
            found.add(
                _("Svar på et spørgsmål, der ikke blev stillet (stilles kun, når %(cond)s).")
                % {"cond": conditions},
                field=code,
                **where,
            )
        if question.is_coded:
            values = value if isinstance(value, list) else [value]
            for v in values:
                if str(v) not in question.option_codes:
                    found.add(_("Ukendt svarkode %(code)s.") % {"code": v}, field=code, **where)
    return found.problems
