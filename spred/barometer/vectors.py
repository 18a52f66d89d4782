"""From respondents, a codebook and an indicator to the vectors the estimation engine takes.

The rules that decide a denominator live here, in one place:

* A question asked only of some workplaces (``asked_if``) has those workplaces as its
  population: a respondent who was not asked is *not in the denominator* (``NaN``).
* A respondent who was asked but gave no answer is not in the denominator either (item
  non-response; the design weights are not adjusted for it).
* "Ved ikke" is left out of the denominator when the codebook says so (``exclude_dont_know``,
  the default); otherwise it counts as "not this answer".
* A share counts a respondent as 1 when the answer is one of the indicator's codes — for a
  multiple-choice question, when any chosen option is — and 0 otherwise.
* A mean (an indicator without codes) averages a numeric or scale answer; "ved ikke" never
  enters a mean.

Nothing here renders or logs a respondent's answers; the output is numbers for the engine.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from spred.barometer.choices import Breakdown, QuestionType
from spred.barometer.importing.codebook import CodebookSpec, Condition, QuestionSpec, is_asked

#: Separates the two parts of a level × area domain label ("kommune|sundhed").
DOMAIN_SEPARATOR = "|"


class IndicatorNotMeasured(Exception):
    """The indicator's question is not in this wave's codebook (or does not fit it)."""


@dataclass(frozen=True)
class Sample:
    """A wave's respondents as arrays, in a fixed order."""

    strata: np.ndarray  # stratum codes (object)
    weights: np.ndarray  # float
    population: np.ndarray  # N_h of each respondent's stratum (float)
    level: np.ndarray
    area: np.ndarray
    size: np.ndarray
    answers: Sequence[Mapping[str, Any]]

    def __len__(self) -> int:
        return len(self.weights)

    def domains(self, breakdown: str) -> np.ndarray | None:
        """Each respondent's domain label under a breakdown; None for the total."""
        if breakdown == Breakdown.TOTAL:
            return None
        if breakdown == Breakdown.LEVEL:
            return self.level
        if breakdown == Breakdown.AREA:
            return self.area
        if breakdown == Breakdown.SIZE:
            return self.size
        if breakdown == Breakdown.LEVEL_AREA:
            return np.array(
                [
                    f"{lv}{DOMAIN_SEPARATOR}{ar}"
                    for lv, ar in zip(self.level, self.area, strict=True)
                ],
                dtype=object,
            )
        raise ValueError(f"unknown breakdown {breakdown!r}")


SAMPLE_FIELDS = (
    "stratum__code",
    "weight",
    "stratum__population",
    "government_level",
    "area",
    "size_band",
    "answers",
)


def build_sample(respondents: Iterable[Any]) -> Sample:
    """Respondents as a ``Sample``: a queryset (read as plain values — no model instances for
    thousands of rows) or tuples in the order of ``SAMPLE_FIELDS``."""
    values_list = getattr(respondents, "values_list", None)
    rows = list(values_list(*SAMPLE_FIELDS) if values_list else respondents)
    columns = list(zip(*rows, strict=True)) if rows else [()] * len(SAMPLE_FIELDS)
    return Sample(
        strata=np.array(columns[0], dtype=object),
        weights=np.array(columns[1], dtype=float),
        population=np.array(columns[2], dtype=float),
        level=np.array(columns[3], dtype=object),
        area=np.array(columns[4], dtype=object),
        size=np.array(columns[5], dtype=object),
        answers=list(columns[6]),
    )


def indicator_kind(value_codes: Sequence[str]) -> str:
    return "proportion" if value_codes else "mean"


def question_for(
    codebook: CodebookSpec, question_code: str, value_codes: Sequence[str]
) -> QuestionSpec:
    question = codebook.by_code.get(question_code)
    if question is None:
        raise IndicatorNotMeasured(question_code)
    if value_codes:
        if not question.is_coded or not set(value_codes) <= question.option_codes:
            raise IndicatorNotMeasured(question_code)
    elif question.type not in {QuestionType.NUMERIC, QuestionType.SCALE}:
        raise IndicatorNotMeasured(question_code)
    return question


def response_value(
    question: QuestionSpec, answers: Mapping[str, Any], value_codes: Sequence[str]
) -> float:
    """One respondent's contribution: 1.0/0.0 for a share, the value for a mean, ``NaN`` when
    the respondent is outside the denominator."""
    if question.asked_if and not is_asked(question, answers):
        return np.nan
    answer = answers.get(question.code)
    if answer is None or answer == []:
        return np.nan
    dont_know = set(question.dont_know)
    if not value_codes:
        if question.type == QuestionType.NUMERIC:
            return float(answer)
        if answer in dont_know:
            return np.nan
        return float(answer)
    chosen = set(answer) if isinstance(answer, list) else {answer}
    substantive = chosen - dont_know
    if not substantive:
        # Only "ved ikke" was given.
        return np.nan if question.exclude_dont_know else (1.0 if chosen & set(value_codes) else 0.0)
    return 1.0 if substantive & set(value_codes) else 0.0


def indicator_vector(
    sample: Sample, codebook: CodebookSpec, question_code: str, value_codes: Sequence[str]
) -> np.ndarray:
    """The y-vector for an indicator: one float per respondent, ``NaN`` outside the asked
    population (and for "ved ikke" where it is excluded)."""
    question = question_for(codebook, question_code, value_codes)
    return np.array(
        [response_value(question, answers, value_codes) for answers in sample.answers], dtype=float
    )


class IndicatorVectors:
    """``indicator_vector`` for many indicators of one sample: who was asked and what they
    answered is worked out once per question, not once per indicator."""

    def __init__(self, sample: Sample, codebook: CodebookSpec) -> None:
        self.sample = sample
        self.codebook = codebook
        self._chosen: dict[str, list[frozenset[str] | None]] = {}
        self._asked: dict[tuple[Condition, ...], list[bool]] = {}

    def _asked_by(self, question: QuestionSpec) -> list[bool]:
        """Per respondent: whether the question was put (many questions share a condition)."""
        if question.asked_if not in self._asked:
            self._asked[question.asked_if] = [
                is_asked(question, answers) for answers in self.sample.answers
            ]
        return self._asked[question.asked_if]

    def _answers_to(self, question: QuestionSpec) -> list[frozenset[str] | None]:
        """Per respondent: the chosen codes, or None when not asked or not answered."""
        if question.code not in self._chosen:
            chosen: list[frozenset[str] | None] = []
            asked = self._asked_by(question)
            for was_asked, answers in zip(asked, self.sample.answers, strict=True):
                answer = answers.get(question.code)
                if answer is None or answer == [] or not was_asked:
                    chosen.append(None)
                else:
                    chosen.append(frozenset(answer if isinstance(answer, list) else [answer]))
            self._chosen[question.code] = chosen
        return self._chosen[question.code]

    def vector(self, question_code: str, value_codes: Sequence[str]) -> np.ndarray:
        question = question_for(self.codebook, question_code, value_codes)
        if not value_codes:
            return indicator_vector(self.sample, self.codebook, question_code, value_codes)
        codes = frozenset(value_codes)
        dont_know = frozenset(question.dont_know)
        exclude = question.exclude_dont_know
        y = np.empty(len(self.sample), dtype=float)
        for i, chosen in enumerate(self._answers_to(question)):
            if chosen is None:
                y[i] = np.nan
            elif chosen - dont_know:
                y[i] = 1.0 if (chosen - dont_know) & codes else 0.0
            elif exclude:
                y[i] = np.nan
            else:
                y[i] = 1.0 if chosen & codes else 0.0
        return y


def denominator_count(
    y: np.ndarray, domains: np.ndarray | None, labels: Sequence[str]
) -> np.ndarray:
    """Respondents in the denominator per domain label (the counts disclosure control sees)."""
    inside = ~np.isnan(y)
    if domains is None:
        return np.array([int(inside.sum())])
    return np.array([int((inside & (domains == label)).sum()) for label in labels])
