"""What is computed from a spreading project's saved answers: progress, the readiness score and
the first check's verdict, and how the pages write them.

Everything here is pure: it takes answers as plain mappings (worksheet slug → question key →
value) and the guide's definition (``guide.load_guide``), so the scoring can be tested on
hand-made answers and reused by the services, the pages and any export alike.

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
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from spred.core import charts
from spred.core.charts import Chart, ChartTable, TableColumn, TableRow
from spred.diffusion.analysis.guide import (
    Dimension,
    Guide,
    Phase,
    Question,
    Worksheet,
    load_guide,
)

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
