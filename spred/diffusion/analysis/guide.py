"""The spreading guide's definition: its phases, worksheets and questions (``data/guide.yaml``),
and what it accepts as a worksheet's answers (``clean_answers``).

The file is read and checked once per process (``load_guide``); a malformed file stops with a
``GuideFileError`` naming the place in the file, so a typo never reaches a page half-working.

What is computed from a project's saved answers — progress, the readiness score and the first
check's verdict — is in ``assessment``.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn

import yaml
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from spred.diffusion.choices import GuideSide

DATA_FILE = Path(__file__).resolve().parents[1] / "data" / "guide.yaml"

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
