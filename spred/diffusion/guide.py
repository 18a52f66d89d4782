"""The spreading guide: its phases, worksheets and questions (``data/guide.yaml``), and what is
computed from a project's saved answers — progress, the readiness score and the first check's
verdict.

The file is read and checked once per process (``load_guide``); a malformed file stops with a
``GuideFileError`` naming the place in the file, so a typo never reaches a page half-working.

Everything below the loader is pure: it takes answers as plain mappings (worksheet slug →
question key → value), so the scoring can be tested on hand-made answers and reused by the
services, the pages and any export alike.

Scoring, as the pages explain it (``readiness_rule``, ``verdict_rule``):

* every scored answer becomes points from 0 to 1 — a scale answer 1–5 gives (answer − 1) / 4, a
  yes/no answer gives 1 for the good answer (the question's ``positive``) and 0 for the other, a
  choice gives the points the file gives that choice;
* a dimension's score is 100 × Σ(weight × points) / Σ(weight) over its answered questions, and the
  readiness score is the same over every answered scored question of the project's side;
  unanswered questions do not count (the page shows how many are answered);
* the weakest dimensions are those under ``weak_below``, lowest first, at most ``max_weak``;
* the first check's verdict: *stop* if a blocking question has the wrong answer; otherwise the
  check's own score (as above, over the check worksheet) decides — at least ``go_at`` means
  spreading makes sense, at least ``reconsider_at`` means reconsider, below that stop. No verdict
  until every required question of the check is answered.
"""

from __future__ import annotations

import enum
import functools
import re
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn

import yaml
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from spred.core import charts
from spred.core.charts import Chart, ChartTable, TableColumn, TableRow
from spred.diffusion.choices import GuideSide

DATA_FILE = Path(__file__).resolve().parent / "data" / "guide.yaml"

TEXT = "text"
SCALE = "scale"
YESNO = "yesno"
CHOICE = "choice"
QUESTION_TYPES = (TEXT, SCALE, YESNO, CHOICE)
SCORED_TYPES = (SCALE, YESNO, CHOICE)

YES = "ja"
NO = "nej"
SCALE_MIN = 1
SCALE_MAX = 5
#: The longest free-text answer stored (about a page).
TEXT_MAX = 2000

#: Path segments the guide's own URLs use after a project's number: no worksheet may be called so.
RESERVED_SLUGS = frozenset({"afslut", "genaabn", "ny"})

_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class GuideFileError(ValueError):
    """``data/guide.yaml`` is not a valid guide; the message says where."""


# --------------------------------------------------------------------------------------------
# The guide's structure


@dataclass(frozen=True)
class Text:
    """A text in Danish and English; shown in the page's language (Danish when no English)."""

    da: str
    en: str = ""

    def __str__(self) -> str:
        language = get_language() or "da"
        if language.startswith("en") and self.en:
            return self.en
        return self.da

    def __bool__(self) -> bool:
        return bool(self.da)


@dataclass(frozen=True)
class Choice:
    value: str
    label: Text
    #: Points from 0 to 1 when the question is scored, else None.
    score: float | None


@dataclass(frozen=True)
class Question:
    key: str
    type: str
    text: Text
    help: Text
    required: bool
    weight: float
    dimension: str | None
    choices: tuple[Choice, ...] = ()
    #: The good answer of a yes/no question.
    positive: str = YES
    #: In the first check: a wrong answer to this question means "stop here".
    blocking: bool = False
    low: Text = Text("")
    high: Text = Text("")

    @property
    def scored(self) -> bool:
        return self.dimension is not None

    def choice(self, value: str) -> Choice | None:
        return next((c for c in self.choices if c.value == value), None)

    def points(self, value: Any) -> float | None:
        """The answer as points from 0 to 1, or None when it is not scored or not answered.
        ``value`` must already be clean (``clean_answers``)."""
        if not self.scored or value is None:
            return None
        if self.type == SCALE:
            return (int(value) - SCALE_MIN) / (SCALE_MAX - SCALE_MIN)
        if self.type == YESNO:
            return 1.0 if value == self.positive else 0.0
        if self.type == CHOICE:
            found = self.choice(str(value))
            return found.score if found is not None else None
        return None

    def display(self, value: Any) -> str:
        """The saved answer as the page writes it."""
        if value is None or value == "":
            return ""
        if self.type == YESNO:
            return _("Ja") if value == YES else _("Nej")
        if self.type == CHOICE:
            found = self.choice(str(value))
            return str(found.label) if found is not None else str(value)
        return str(value)


@dataclass(frozen=True)
class Worksheet:
    slug: str
    phase_number: int
    title: Text
    intro: Text
    sides: tuple[str, ...]
    check: bool
    questions: tuple[Question, ...]

    def __str__(self) -> str:
        return str(self.title)

    def applies_to(self, side: str) -> bool:
        return side in self.sides

    @property
    def shared(self) -> bool:
        return len(self.sides) > 1

    def question(self, key: str) -> Question | None:
        return next((q for q in self.questions if q.key == key), None)

    @property
    def required_count(self) -> int:
        return sum(1 for q in self.questions if q.required)


@dataclass(frozen=True)
class Phase:
    number: int
    slug: str
    title: Text
    intro: Text
    worksheets: tuple[Worksheet, ...]

    def __str__(self) -> str:
        return str(self.title)

    def for_side(self, side: str) -> tuple[Worksheet, ...]:
        return tuple(w for w in self.worksheets if w.applies_to(side))


@dataclass(frozen=True)
class Dimension:
    key: str
    title: Text
    help: Text

    def __str__(self) -> str:
        return str(self.title)


@dataclass(frozen=True)
class Guide:
    phases: tuple[Phase, ...]
    dimensions: tuple[Dimension, ...]
    scale_low: Text
    scale_high: Text
    weak_below: float
    max_weak: int
    go_at: float
    reconsider_at: float

    def worksheets(self, side: str | None = None) -> tuple[Worksheet, ...]:
        """Every worksheet in the guide's order, or those of one side."""
        return tuple(
            w for p in self.phases for w in p.worksheets if side is None or w.applies_to(side)
        )

    def worksheet(self, slug: str) -> Worksheet | None:
        return next((w for w in self.worksheets() if w.slug == slug), None)

    def phase(self, number: int) -> Phase:
        return next(p for p in self.phases if p.number == number)

    def check_worksheet(self, side: str) -> Worksheet:
        return next(w for w in self.worksheets(side) if w.check)

    def dimension(self, key: str) -> Dimension:
        return next(d for d in self.dimensions if d.key == key)


# --------------------------------------------------------------------------------------------
# Reading and checking the file


class _Reader:
    """Reads one YAML mapping with checks; every complaint names the file and the place."""

    def __init__(self, file_name: str, where: str, raw: Any) -> None:
        self.file_name = file_name
        self.where = where
        if not isinstance(raw, Mapping):
            self.fail("expected a mapping")
        self.raw: Mapping[str, Any] = raw

    def fail(self, message: str) -> NoReturn:
        raise GuideFileError(f"{self.file_name}: {self.where}: {message}")

    def child(self, where: str, raw: Any) -> _Reader:
        return _Reader(self.file_name, f"{self.where} → {where}", raw)

    def only(self, *allowed: str) -> None:
        unknown = sorted(set(self.raw) - set(allowed))
        if unknown:
            self.fail(f"unknown field(s) {', '.join(map(str, unknown))}")

    def text(self, name: str, *, required: bool = True) -> Text:
        da = self.raw.get(name, "")
        en = self.raw.get(f"{name}_en", "")
        if not isinstance(da, str) or not isinstance(en, str):
            self.fail(f"{name} and {name}_en must be text")
        if required and not (da.strip() and en.strip()):
            self.fail(f"needs {name} and {name}_en")
        if bool(da.strip()) != bool(en.strip()):
            self.fail(f"{name} and {name}_en must both be given or both be left out")
        return Text(da.strip(), en.strip())

    def slug(self, name: str) -> str:
        value = self.raw.get(name)
        if not isinstance(value, str) or not _SLUG.match(value) or len(value) > 60:
            self.fail(f"{name} must be a slug (a-z, 0-9 and hyphens, at most 60 characters)")
        return str(value)

    def number(self, name: str, *, low: float, high: float | None = None) -> float:
        value = self.raw.get(name)
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.fail(f"{name} must be a number")
        if value < low or (high is not None and value > high):
            bounds = f"from {low} to {high}" if high is not None else f"at least {low}"
            self.fail(f"{name} must be {bounds}")
        return float(value)

    def flag(self, name: str) -> bool:
        value = self.raw.get(name, False)
        if not isinstance(value, bool):
            self.fail(f"{name} must be true or false")
        return bool(value)

    def items(self, name: str) -> list[Any]:
        value = self.raw.get(name)
        if not isinstance(value, list) or not value:
            self.fail(f"{name} must be a non-empty list")
        return list(value)


def _read_choice(reader: _Reader, scored: bool) -> Choice:
    reader.only("value", "label", "label_en", "score")
    value = reader.slug("value")
    score = reader.number("score", low=0, high=1) if scored else None
    if not scored and "score" in reader.raw:
        reader.fail("score only belongs to a scored question (one with weight and dimension)")
    return Choice(value=value, label=reader.text("label"), score=score)


def _read_question(reader: _Reader, dimensions: set[str], check: bool) -> Question:
    reader.only(
        "key", "type", "text", "text_en", "help", "help_en", "required", "weight",
        "dimension", "choices", "positive", "blocking", "low", "low_en", "high", "high_en",
    )  # fmt: skip
    key = reader.slug("key")
    kind = reader.raw.get("type")
    if kind not in QUESTION_TYPES:
        reader.fail(f"type must be one of {', '.join(QUESTION_TYPES)}")
    dimension = reader.raw.get("dimension")
    weight = 0.0
    if dimension is not None or "weight" in reader.raw:
        if kind not in SCORED_TYPES:
            reader.fail("a text question cannot be scored (no weight or dimension)")
        if dimension not in dimensions:
            reader.fail(f"dimension must be one of {', '.join(sorted(dimensions))}")
        weight = reader.number("weight", low=0.5, high=10)
    scored = dimension is not None
    choices: tuple[Choice, ...] = ()
    if kind == CHOICE:
        choices = tuple(
            _read_choice(reader.child(f"choice {n}", raw), scored)
            for n, raw in enumerate(reader.items("choices"), start=1)
        )
        values = [c.value for c in choices]
        if len(choices) < 2 or len(set(values)) != len(values):
            reader.fail("a choice question needs at least two choices with distinct values")
    elif "choices" in reader.raw:
        reader.fail("choices only belong to a choice question")
    positive = reader.raw.get("positive", YES)
    if positive not in (YES, NO) or ("positive" in reader.raw and kind != YESNO):
        reader.fail(f"positive must be {YES!r} or {NO!r}, on a yes/no question")
    blocking = reader.flag("blocking")
    if blocking and not (check and kind == YESNO):
        reader.fail("blocking belongs to a yes/no question of a check worksheet")
    if kind != SCALE and ({"low", "high"} & set(reader.raw)):
        reader.fail("low and high only belong to a scale question")
    return Question(
        key=key,
        type=str(kind),
        text=reader.text("text"),
        help=reader.text("help", required=False),
        required=reader.flag("required"),
        weight=weight,
        dimension=str(dimension) if scored else None,
        choices=choices,
        positive=str(positive),
        blocking=blocking,
        low=reader.text("low", required=False),
        high=reader.text("high", required=False),
    )


def _read_worksheet(reader: _Reader, phase_number: int, dimensions: set[str]) -> Worksheet:
    reader.only("slug", "sides", "check", "title", "title_en", "intro", "intro_en", "questions")
    slug = reader.slug("slug")
    if slug in RESERVED_SLUGS:
        reader.fail(f"{slug!r} is used by the guide's own addresses; choose another slug")
    sides = reader.items("sides")
    if any(side not in GuideSide.values for side in sides) or len(set(sides)) != len(sides):
        reader.fail(f"sides must be distinct values from {', '.join(GuideSide.values)}")
    check = reader.flag("check")
    if check and phase_number != 1:
        reader.fail("only a worksheet of phase 1 can be the first check")
    questions = tuple(
        _read_question(reader.child(f"question {n}", raw), dimensions, check)
        for n, raw in enumerate(reader.items("questions"), start=1)
    )
    keys = [q.key for q in questions]
    if len(set(keys)) != len(keys):
        reader.fail("question keys must be unique within a worksheet")
    if check and not any(q.scored and q.required for q in questions):
        reader.fail("a check worksheet needs at least one required scored question")
    return Worksheet(
        slug=slug,
        phase_number=phase_number,
        title=reader.text("title"),
        intro=reader.text("intro", required=False),
        sides=tuple(str(side) for side in sides),
        check=check,
        questions=questions,
    )


def parse_guide(raw: Any, file_name: str = "guide.yaml") -> Guide:
    """The guide from the file's parsed content; ``GuideFileError`` when anything is off."""
    top = _Reader(file_name, "top", raw)
    top.only("scale", "readiness", "verdict", "dimensions", "phases")
    scale = top.child("scale", top.raw.get("scale"))
    scale.only("low", "low_en", "high", "high_en")
    readiness_rules = top.child("readiness", top.raw.get("readiness"))
    readiness_rules.only("weak_below", "max_weak")
    verdict_rules = top.child("verdict", top.raw.get("verdict"))
    verdict_rules.only("go_at", "reconsider_at")
    go_at = verdict_rules.number("go_at", low=0, high=100)
    reconsider_at = verdict_rules.number("reconsider_at", low=0, high=100)
    if reconsider_at > go_at:
        verdict_rules.fail("reconsider_at cannot be above go_at")

    dimensions: list[Dimension] = []
    for n, raw_dimension in enumerate(top.items("dimensions"), start=1):
        reader = top.child(f"dimension {n}", raw_dimension)
        reader.only("key", "title", "title_en", "help", "help_en")
        dimensions.append(
            Dimension(
                key=reader.slug("key"),
                title=reader.text("title"),
                help=reader.text("help", required=False),
            )
        )
    dimension_keys = {d.key for d in dimensions}
    if len(dimension_keys) != len(dimensions):
        top.fail("dimension keys must be unique")

    phases: list[Phase] = []
    for n, raw_phase in enumerate(top.items("phases"), start=1):
        reader = top.child(f"phase {n}", raw_phase)
        reader.only("number", "slug", "title", "title_en", "intro", "intro_en", "worksheets")
        if reader.raw.get("number") != n:
            reader.fail(f"phases are numbered 1, 2, 3, … in order: expected number {n}")
        phases.append(
            Phase(
                number=n,
                slug=reader.slug("slug"),
                title=reader.text("title"),
                intro=reader.text("intro", required=False),
                worksheets=tuple(
                    _read_worksheet(reader.child(f"worksheet {m}", raw), n, dimension_keys)
                    for m, raw in enumerate(reader.items("worksheets"), start=1)
                ),
            )
        )
    guide = Guide(
        phases=tuple(phases),
        dimensions=tuple(dimensions),
        scale_low=scale.text("low"),
        scale_high=scale.text("high"),
        weak_below=readiness_rules.number("weak_below", low=0, high=100),
        max_weak=int(readiness_rules.number("max_weak", low=1, high=len(dimensions))),
        go_at=go_at,
        reconsider_at=reconsider_at,
    )
    slugs = [w.slug for w in guide.worksheets()]
    duplicates = sorted({s for s in slugs if slugs.count(s) > 1})
    if duplicates:
        top.fail(f"worksheet slugs must be unique across the guide: {', '.join(duplicates)}")
    for side in GuideSide.values:
        checks = [w.slug for w in guide.worksheets(side) if w.check]
        if len(checks) != 1:
            top.fail(f"side {side!r} needs exactly one check worksheet in phase 1, has {checks}")
        for phase in guide.phases:
            if not phase.for_side(side):
                top.fail(f"phase {phase.number} has no worksheet for side {side!r}")
    return guide


def read_guide(path: Path = DATA_FILE) -> Guide:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise GuideFileError(f"{path.name}: not valid YAML: {exc}") from exc
    return parse_guide(raw, path.name)


@functools.cache
def load_guide() -> Guide:
    """The shipped guide, read and checked once per process."""
    return read_guide()


# --------------------------------------------------------------------------------------------
# Answers: checking what is saved


def _clean_value(question: Question, value: Any) -> tuple[Any, str | None]:
    """(clean value or None when unanswered, error message or None)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, None
    if question.type == TEXT:
        if not isinstance(value, str):
            return None, _("Svaret skal være tekst.")
        text = value.strip()
        if len(text) > TEXT_MAX:
            return None, _("Svaret må højst være %(max)s tegn (det er %(length)s).") % {
                "max": f"{TEXT_MAX:,}".replace(",", "."),
                "length": f"{len(text):,}".replace(",", "."),
            }
        return text, None
    if question.type == SCALE:
        number: int | None = None
        if isinstance(value, int) and not isinstance(value, bool):
            number = value
        elif isinstance(value, str) and value.strip().isdigit():
            number = int(value.strip())
        if number is None or not SCALE_MIN <= number <= SCALE_MAX:
            return None, _("Vælg et tal fra %(low)s til %(high)s.") % {
                "low": SCALE_MIN,
                "high": SCALE_MAX,
            }
        return number, None
    if question.type == YESNO:
        if value is True or value == YES:
            return YES, None
        if value is False or value == NO:
            return NO, None
        return None, _("Svar ja eller nej.")
    if isinstance(value, str) and question.choice(value) is not None:
        return value, None
    return None, _("Vælg et af de mulige svar.")


def clean_answers(
    worksheet: Worksheet, answers: Mapping[str, Any], *, completing: bool
) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """The answers as they are stored (unanswered questions left out), and the errors by
    question key. Keys the worksheet does not have are errors; so are missing required answers
    when the worksheet is being marked as completed."""
    cleaned: dict[str, Any] = {}
    errors: dict[str, list[str]] = {}
    for key in answers:
        if worksheet.question(str(key)) is None:
            errors.setdefault(str(key), []).append(
                _("Arbejdsarket har intet spørgsmål »%(key)s«.") % {"key": key}
            )
    for question in worksheet.questions:
        value, error = _clean_value(question, answers.get(question.key))
        if error:
            errors.setdefault(question.key, []).append(error)
        elif value is not None:
            cleaned[question.key] = value
        elif completing and question.required:
            errors.setdefault(question.key, []).append(
                _("Besvar spørgsmålet, før arket markeres som færdigt.")
            )
    return cleaned, errors


# --------------------------------------------------------------------------------------------
# Readiness


Answers = Mapping[str, Mapping[str, Any]]


@dataclass(frozen=True)
class DimensionScore:
    dimension: Dimension
    #: 0–100 over the answered questions; None when none is answered.
    score: float | None
    answered: int
    questions: int

    @property
    def text(self) -> str:
        return score_text(self.score)


@dataclass(frozen=True)
class Readiness:
    #: 0–100 over every answered scored question; None when none is answered.
    score: float | None
    answered: int
    questions: int
    dimensions: tuple[DimensionScore, ...]
    #: "Det skal I arbejde med": under the threshold, lowest first.
    weakest: tuple[DimensionScore, ...]

    @property
    def text(self) -> str:
        return score_text(self.score)

    @property
    def assessed(self) -> tuple[DimensionScore, ...]:
        return tuple(d for d in self.dimensions if d.score is not None)

    @property
    def not_assessed(self) -> tuple[DimensionScore, ...]:
        return tuple(d for d in self.dimensions if d.score is None)


def _weighted(items: Iterable[tuple[float, float]]) -> float | None:
    pairs = list(items)
    total = sum(weight for weight, _points in pairs)
    if not total:
        return None
    return 100 * sum(weight * points for weight, points in pairs) / total


def _scored_answers(
    worksheets: Iterable[Worksheet], answers: Answers
) -> list[tuple[Question, float | None]]:
    found = []
    for worksheet in worksheets:
        given = answers.get(worksheet.slug) or {}
        for question in worksheet.questions:
            if question.scored:
                found.append((question, question.points(given.get(question.key))))
    return found


def readiness(side: str, answers: Answers, guide: Guide | None = None) -> Readiness:
    guide = guide or load_guide()
    scored = _scored_answers(guide.worksheets(side), answers)
    dimensions = []
    for dimension in guide.dimensions:
        own = [(q, p) for q, p in scored if q.dimension == dimension.key]
        if not own:
            continue
        answered = [(q.weight, p) for q, p in own if p is not None]
        dimensions.append(
            DimensionScore(
                dimension=dimension,
                score=_weighted(answered),
                answered=len(answered),
                questions=len(own),
            )
        )
    answered = [(q.weight, p) for q, p in scored if p is not None]
    weak = [d for d in dimensions if d.score is not None and d.score < guide.weak_below]
    # sorted() is stable: equal scores keep the file's order of dimensions.
    weak.sort(key=lambda d: d.score if d.score is not None else 0.0)
    return Readiness(
        score=_weighted(answered),
        answered=len(answered),
        questions=len(scored),
        dimensions=tuple(dimensions),
        weakest=tuple(weak[: guide.max_weak]),
    )


def readiness_rule(guide: Guide | None = None) -> str:
    guide = guide or load_guide()
    return _(
        "Hvert svar giver point fra 0 til 100: på skalaen giver 1 nul point, 2 giver 25, 3 giver "
        "50, 4 giver 75 og 5 giver 100; på et ja/nej-spørgsmål giver det gode svar 100 og det "
        "andet 0; et valg giver de point, der står ved svaret. Hvert spørgsmål har en vægt fra "
        "guiden. En dimensions score er det vægtede gennemsnit af pointene for dens besvarede "
        "spørgsmål, og parathedsscoren er det vægtede gennemsnit af alle besvarede spørgsmål. "
        "Ubesvarede spørgsmål tæller ikke med. Dimensioner under %(threshold)s point står under "
        "»Det skal I arbejde med«, de laveste først og højst %(count)s."
    ) % {"threshold": _number(guide.weak_below), "count": guide.max_weak}


# --------------------------------------------------------------------------------------------
# The first check's verdict


class VerdictCode(enum.StrEnum):
    GO = "giver-mening"
    RECONSIDER = "overvej-igen"
    STOP = "stop"
    PENDING = "mangler-svar"


@dataclass(frozen=True)
class Verdict:
    code: VerdictCode
    worksheet: Worksheet
    #: The check's score 0–100 (None while nothing scored is answered).
    score: float | None
    #: Required questions of the check still unanswered.
    missing: tuple[Question, ...]
    #: Blocking questions answered the wrong way.
    blocked_by: tuple[Question, ...]

    @property
    def label(self) -> str:
        labels = {
            VerdictCode.GO: _("Spredning giver mening"),
            VerdictCode.RECONSIDER: _("Overvej igen"),
            VerdictCode.STOP: _("Stop her"),
            VerdictCode.PENDING: _("Tjekket er ikke færdigt"),
        }
        return labels[self.code]

    @property
    def explanation(self) -> str:
        if self.code == VerdictCode.PENDING:
            return _("Besvar de påkrævede spørgsmål i tjekket for at få en anbefaling.")
        if self.blocked_by:
            return _("Svaret på »%(question)s« betyder, at I bør stoppe her.") % {
                "question": self.blocked_by[0].text
            }
        return _("Tjekket giver %(score)s af 100 point.") % {"score": _number(self.score or 0)}

    @property
    def alert_class(self) -> str:
        return {
            VerdictCode.GO: "alert-success",
            VerdictCode.RECONSIDER: "alert-warning",
            VerdictCode.STOP: "alert-error",
            VerdictCode.PENDING: "alert-info",
        }[self.code]


def verdict(side: str, answers: Answers, guide: Guide | None = None) -> Verdict:
    guide = guide or load_guide()
    check = guide.check_worksheet(side)
    given = answers.get(check.slug) or {}
    missing = tuple(q for q in check.questions if q.required and given.get(q.key) is None)
    blocked_by = tuple(
        q
        for q in check.questions
        if q.blocking and given.get(q.key) is not None and given.get(q.key) != q.positive
    )
    score = _weighted((q.weight, p) for q, p in _scored_answers([check], answers) if p is not None)
    if blocked_by:
        code = VerdictCode.STOP
    elif missing or score is None:
        code = VerdictCode.PENDING
    elif score >= guide.go_at:
        code = VerdictCode.GO
    elif score >= guide.reconsider_at:
        code = VerdictCode.RECONSIDER
    else:
        code = VerdictCode.STOP
    return Verdict(code=code, worksheet=check, score=score, missing=missing, blocked_by=blocked_by)


def verdict_rule(guide: Guide | None = None) -> str:
    guide = guide or load_guide()
    return _(
        "Tjekkets point beregnes som parathedsscoren, men kun over tjekkets egne spørgsmål. Har "
        "I svaret forkert på et spørgsmål, der er afgørende (fx at løsningen ikke løser et "
        "problem, I har), er anbefalingen »Stop her«. Ellers: mindst %(go)s point giver "
        "»Spredning giver mening«, mindst %(reconsider)s point giver »Overvej igen«, og under "
        "%(reconsider)s point giver »Stop her«. Anbefalingen vises, når alle påkrævede "
        "spørgsmål i tjekket er besvaret."
    ) % {"go": _number(guide.go_at), "reconsider": _number(guide.reconsider_at)}


# --------------------------------------------------------------------------------------------
# Progress


class SheetState(enum.StrEnum):
    DONE = "faerdig"
    DRAFT = "kladde"
    NEW = "ikke-startet"


@dataclass(frozen=True)
class SheetProgress:
    worksheet: Worksheet
    state: SheetState

    @property
    def label(self) -> str:
        return {
            SheetState.DONE: _("Færdig"),
            SheetState.DRAFT: _("Påbegyndt"),
            SheetState.NEW: _("Ikke startet"),
        }[self.state]


@dataclass(frozen=True)
class PhaseProgress:
    phase: Phase
    sheets: tuple[SheetProgress, ...]

    @property
    def completed(self) -> int:
        return sum(1 for s in self.sheets if s.state == SheetState.DONE)

    @property
    def total(self) -> int:
        return len(self.sheets)

    @property
    def is_complete(self) -> bool:
        return self.completed == self.total


@dataclass(frozen=True)
class Progress:
    phases: tuple[PhaseProgress, ...]

    @property
    def completed(self) -> int:
        return sum(p.completed for p in self.phases)

    @property
    def total(self) -> int:
        return sum(p.total for p in self.phases)

    @property
    def percent(self) -> int:
        return round(100 * self.completed / self.total) if self.total else 0

    @property
    def sheets(self) -> tuple[SheetProgress, ...]:
        return tuple(s for p in self.phases for s in p.sheets)

    @property
    def next_sheet(self) -> Worksheet | None:
        """The first worksheet in the guide's order that is not completed."""
        return next((s.worksheet for s in self.sheets if s.state != SheetState.DONE), None)

    @property
    def current_phase(self) -> Phase | None:
        sheet = self.next_sheet
        return (
            None
            if sheet is None
            else next(p.phase for p in self.phases if sheet in p.phase.worksheets)
        )


def progress(
    side: str,
    *,
    completed: Collection[str],
    started: Collection[str] = (),
    guide: Guide | None = None,
) -> Progress:
    """Where a project is: worksheets completed (and started) out of those of its side."""
    guide = guide or load_guide()

    def state(slug: str) -> SheetState:
        if slug in completed:
            return SheetState.DONE
        return SheetState.DRAFT if slug in started else SheetState.NEW

    return Progress(
        phases=tuple(
            PhaseProgress(
                phase=phase,
                sheets=tuple(SheetProgress(w, state(w.slug)) for w in phase.for_side(side)),
            )
            for phase in guide.phases
        )
    )


# --------------------------------------------------------------------------------------------
# Everything a page shows about a project, from its saved worksheets


@dataclass(frozen=True)
class ProjectStatus:
    progress: Progress
    readiness: Readiness
    verdict: Verdict


def project_status(side: str, saved: Iterable[Any], guide: Guide | None = None) -> ProjectStatus:
    """``saved``: the project's worksheet rows (anything with ``worksheet``, ``answers`` and
    ``completed``). Rows of worksheets the guide no longer has, or that belong to the other
    side, are ignored."""
    guide = guide or load_guide()
    own = {w.slug for w in guide.worksheets(side)}
    rows = [row for row in saved if row.worksheet in own]
    answers = {row.worksheet: row.answers or {} for row in rows}
    return ProjectStatus(
        progress=progress(
            side,
            completed={row.worksheet for row in rows if row.completed},
            started={row.worksheet for row in rows},
            guide=guide,
        ),
        readiness=readiness(side, answers, guide),
        verdict=verdict(side, answers, guide),
    )


# --------------------------------------------------------------------------------------------
# Presentation


def _number(value: float) -> str:
    """A score as the pages write it: a whole number, or one decimal with a comma in Danish."""
    rounded = round(value, 1)
    if rounded == int(rounded):
        return str(int(rounded))
    text = f"{rounded:.1f}"
    language = get_language() or "da"
    return text if language.startswith("en") else text.replace(".", ",")


def score_text(value: float | None) -> str:
    return "–" if value is None else _number(value)


def readiness_chart(result: Readiness, *, chart_id: str = "parathed") -> Chart:
    """A bar per assessed dimension (0–100) with the threshold as a line, and the table of
    every dimension — the same rows, so the two agree."""
    guide = load_guide()
    title = _("Parathed efter dimension")
    drawn = result.assessed
    description = _(
        "Søjlediagram med parathedsscoren 0–100 for %(count)s dimensioner og en lodret streg ved "
        "%(threshold)s point. Tallene står i tabellen under figuren."
    ) % {"count": len(drawn), "threshold": _number(guide.weak_below)}
    values = [
        {
            "dimension": str(d.dimension.title),
            "score": round(d.score or 0.0, 1),
            "text": score_text(d.score),
        }
        for d in drawn
    ]
    score_title = _("Point (0–100)")
    spec = charts.base_spec(title=title, description=description, height=max(80, 34 * len(drawn)))
    y = {
        "field": "dimension",
        "type": "nominal",
        "sort": [v["dimension"] for v in values],
        "title": None,
    }
    tooltip = [
        {"field": "dimension", "type": "nominal", "title": _("Dimension")},
        {"field": "text", "type": "nominal", "title": score_title},
    ]
    spec.update(
        {
            "layer": [
                {
                    "data": {"values": values},
                    "mark": {"type": "bar", "color": charts.PRIMARY},
                    "encoding": {
                        "y": y,
                        "x": {
                            "field": "score",
                            "type": "quantitative",
                            "scale": {"domain": [0, 100]},
                            "axis": {"title": score_title, "values": [0, 20, 40, 60, 80, 100]},
                        },
                        "tooltip": tooltip,
                    },
                },
                {
                    "data": {"values": [{"threshold": guide.weak_below}]},
                    "mark": {"type": "rule", "color": charts.TEXT, "strokeDash": [4, 3]},
                    "encoding": {"x": {"field": "threshold", "type": "quantitative"}},
                },
            ]
        }
    )
    weak = {d.dimension.key for d in result.weakest}
    rows = []
    for d in result.dimensions:
        row_notes: list[str] = []
        if d.score is None:
            row_notes.append(_("ikke vurderet endnu"))
        elif d.dimension.key in weak:
            row_notes.append(_("det skal I arbejde med"))
        rows.append(
            TableRow(
                header=str(d.dimension.title),
                cells=(score_text(d.score), f"{d.answered} / {d.questions}"),
                notes=tuple(row_notes),
            )
        )
    table = ChartTable(
        caption=title,
        columns=(
            TableColumn(_("Dimension")),
            TableColumn(score_title, numeric=True),
            TableColumn(_("Besvarede spørgsmål"), numeric=True),
        ),
        rows=tuple(rows),
    )
    notes = (
        _("Den stiplede streg viser %(threshold)s point.")
        % {"threshold": _number(guide.weak_below)},
    )
    return Chart(
        chart_id=chart_id,
        title=title,
        description=description,
        spec=spec,
        table=table,
        notes=notes,
        table_open=True,
        empty=not drawn,
    )
