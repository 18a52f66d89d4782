"""The technology radar: each technology category placed by maturity and spread in four rings.

Pure computation — no database. ``selectors.radar`` gathers the public figures for each category
(``TechnologyFigures``); ``place`` turns them into a ``RadarEntry`` by the rule below. The rule is
data (``MATURITY_*``, ``SPREAD_*`` and ``RINGS``), so the page can show it in words from the very
same numbers it is computed with, and a test can reach every ring.

**Maturity** (0–1) is what the catalogue knows about the category's published solutions and
cases: the average of the solutions' maturity, the cases' stage and the cases' evidence level,
each mapped to 0–1 and weighted as in ``MATURITY_WEIGHTS``. A part without any entries is left
out and the others are weighted up, so a category with solutions but no cases is judged by its
solutions alone. Retired solutions ("udfaset") say more about a product than about the technology
and are left out.

**Spread** (0–1) is what the verified ledger knows: the larger of the share of the 98
municipalities and the share of the 5 regions that use at least one solution of the category
(status afprøver, i drift or udbredt). A public workplace counts for the municipality or region it
belongs to. The larger share is used because some technologies belong to hospitals and others to
municipal services; either way the share says how far it has come among those who could use it.

**Rings** follow from the *radar score*, a weighted sum of the two (``SCORE_WEIGHTS``: maturity
counts more than spread, because a widespread technology without documented results is still a
gamble). A category lands in the first ring whose minimum score it reaches (``RINGS``, tried in
order Klar, Afprøv, Hold øje); the rest is Afvent. Spread alone can never make a category Klar,
nor can maturity alone. A category with nothing published is not placed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from spred.catalogue.choices import EvidenceLevel, Maturity, Stage
from spred.core import charts
from spred.diffusion.analysis.statistics import MUNICIPALITY_COUNT, REGION_COUNT

#: Each value mapped to 0–1. A solution's maturity: an idea is nothing yet, a proven solution is
#: all the way. Retired solutions are not scored (see the module docstring).
MATURITY_SCORES: dict[str, float] = {
    Maturity.IDEA: 0.0,
    Maturity.DEVELOPMENT: 0.25,
    Maturity.PILOT: 0.5,
    Maturity.PROVEN: 1.0,
}
STAGE_SCORES: dict[str, float] = {
    Stage.IDEA: 0.0,
    Stage.PILOT: 1 / 3,
    Stage.IMPLEMENTED: 2 / 3,
    Stage.SPREAD: 1.0,
}
EVIDENCE_SCORES: dict[str, float] = {
    EvidenceLevel.NONE: 0.0,
    EvidenceLevel.BEFORE_AFTER: 1 / 3,
    EvidenceLevel.CONTROL_GROUP: 2 / 3,
    EvidenceLevel.RANDOMISED: 1.0,
}
#: How much each part weighs in the maturity score.
MATURITY_WEIGHTS: dict[str, float] = {"solutions": 0.5, "stages": 0.25, "evidence": 0.25}


#: The radar score: how much maturity and spread weigh. They add up to 1.
SCORE_WEIGHTS: dict[str, float] = {"maturity": 0.6, "spread": 0.4}


@dataclass(frozen=True)
class Ring:
    key: str
    label: Any  # lazy text
    #: The radar score a category must reach to be placed in this ring.
    min_score: float
    advice: Any  # lazy text
    #: Point and label colour in the chart, and the ring's band behind the points; the points
    #: also differ in shape, so the rings can be told apart without colour.
    colour: str
    band: str
    shape: str


#: In the order they are tried. The last ring has no minimum: it catches the rest.
RINGS: tuple[Ring, ...] = (
    Ring(
        "klar",
        gettext_lazy("Klar"),
        0.7,
        gettext_lazy(
            "Moden og udbredt: der er erfaringer at bygge på, og mange at lære af. Tag den i brug."
        ),
        "#00756a",
        "#d5ece9",
        "circle",
    ),
    Ring(
        "afproev",
        gettext_lazy("Afprøv"),
        0.55,
        gettext_lazy(
            "Afprøvet med resultater og taget i brug flere steder. Afprøv den, hvor behovet er."
        ),
        "#0059b3",
        "#dbe8f6",
        "square",
    ),
    Ring(
        "hold-oeje",
        gettext_lazy("Hold øje"),
        0.4,
        gettext_lazy(
            "Lovende, men med få målte resultater eller få brugere endnu. Følg erfaringerne."
        ),
        "#8a5a00",
        "#f6ecd6",
        "triangle-up",
    ),
    Ring(
        "afvent",
        gettext_lazy("Afvent"),
        0.0,
        gettext_lazy(
            "Stadig umoden eller næsten ikke i brug. Vent på de første erfaringer, eller vær "
            "med til at skabe dem."
        ),
        "#6b3d8f",
        "#ece3f3",
        "diamond",
    ),
)
RING_BY_KEY: dict[str, Ring] = {ring.key: ring for ring in RINGS}


@dataclass(frozen=True)
class TechnologyFigures:
    """What the radar needs to know about one technology category, all from public data."""

    slug: str
    name: str
    solution_maturities: Sequence[str] = ()
    case_stages: Sequence[str] = ()
    case_evidence: Sequence[str] = ()
    #: Distinct municipalities / regions with a verified adoption in use of a solution in the
    #: category (workplaces counted for their municipality or region), and all distinct public
    #: organisations with one.
    municipalities: int = 0
    regions: int = 0
    organisations: int = 0


@dataclass(frozen=True)
class RadarEntry:
    figures: TechnologyFigures
    ring: Ring | None  # None: nothing published, not placed
    maturity: float | None
    spread: float
    score: float | None
    solutions_score: float | None
    stages_score: float | None
    evidence_score: float | None

    @property
    def slug(self) -> str:
        return self.figures.slug

    @property
    def name(self) -> str:
        return self.figures.name

    @property
    def municipality_share(self) -> float:
        return self.figures.municipalities / MUNICIPALITY_COUNT

    @property
    def region_share(self) -> float:
        return self.figures.regions / REGION_COUNT

    @property
    def scored_solutions(self) -> int:
        return sum(1 for m in self.figures.solution_maturities if m in MATURITY_SCORES)

    @property
    def cases(self) -> int:
        return len(self.figures.case_stages)

    # The figures as the page writes them ("–" where there is nothing to score).

    @property
    def maturity_text(self) -> str:
        return _score_text(self.maturity)

    @property
    def solutions_text(self) -> str:
        return _score_text(self.solutions_score)

    @property
    def stages_text(self) -> str:
        return _score_text(self.stages_score)

    @property
    def evidence_text(self) -> str:
        return _score_text(self.evidence_score)

    @property
    def score_text(self) -> str:
        return _score_text(self.score)

    @property
    def spread_text(self) -> str:
        return percent(self.spread)

    @property
    def municipalities_text(self) -> str:
        return f"{self.figures.municipalities} ({percent(self.municipality_share)})"

    @property
    def regions_text(self) -> str:
        return f"{self.figures.regions} ({percent(self.region_share)})"


@dataclass(frozen=True)
class Radar:
    entries: list[RadarEntry]
    rings: tuple[Ring, ...] = RINGS
    unplaced: list[RadarEntry] = field(default_factory=list)

    def in_ring(self, key: str) -> list[RadarEntry]:
        return [e for e in self.entries if e.ring is not None and e.ring.key == key]

    @property
    def by_ring(self) -> list[tuple[Ring, list[RadarEntry]]]:
        return [(ring, self.in_ring(ring.key)) for ring in self.rings]


def _mean(scores: Iterable[float]) -> float | None:
    values = list(scores)
    return sum(values) / len(values) if values else None


def _scored(values: Sequence[str], table: Mapping[str, float]) -> list[float]:
    return [table[v] for v in values if v in table]


def maturity_parts(
    figures: TechnologyFigures,
) -> tuple[float | None, float | None, float | None]:
    return (
        _mean(_scored(figures.solution_maturities, MATURITY_SCORES)),
        _mean(_scored(figures.case_stages, STAGE_SCORES)),
        _mean(_scored(figures.case_evidence, EVIDENCE_SCORES)),
    )


def maturity_score(figures: TechnologyFigures) -> float | None:
    """The weighted mean of the parts that have entries; None when none has."""
    parts = dict(zip(("solutions", "stages", "evidence"), maturity_parts(figures), strict=True))
    present = {name: score for name, score in parts.items() if score is not None}
    if not present:
        return None
    weight = sum(MATURITY_WEIGHTS[name] for name in present)
    return sum(MATURITY_WEIGHTS[name] * score for name, score in present.items()) / weight


def spread_score(figures: TechnologyFigures) -> float:
    return max(
        min(figures.municipalities / MUNICIPALITY_COUNT, 1.0),
        min(figures.regions / REGION_COUNT, 1.0),
    )


def radar_score(maturity: float, spread: float) -> float:
    return SCORE_WEIGHTS["maturity"] * maturity + SCORE_WEIGHTS["spread"] * spread


def ring_for(score: float, rings: Sequence[Ring] = RINGS) -> Ring:
    # A small tolerance, so that a score computed as 0.6999999… reaches a 0.7 minimum.
    for ring in rings:
        if score >= ring.min_score - 1e-9:
            return ring
    return rings[-1]


def place(figures: TechnologyFigures) -> RadarEntry:
    solutions, stages, evidence = maturity_parts(figures)
    maturity = maturity_score(figures)
    spread = spread_score(figures)
    score = None if maturity is None else radar_score(maturity, spread)
    return RadarEntry(
        figures=figures,
        ring=None if score is None else ring_for(score),
        maturity=maturity,
        spread=spread,
        score=score,
        solutions_score=solutions,
        stages_score=stages,
        evidence_score=evidence,
    )


def build_radar(figures: Iterable[TechnologyFigures]) -> Radar:
    """Every category placed; in each ring the most mature and widespread first."""
    entries = [place(f) for f in figures]
    placed = [e for e in entries if e.ring is not None]
    order = {ring.key: i for i, ring in enumerate(RINGS)}
    placed.sort(
        key=lambda e: (
            order[e.ring.key] if e.ring else 99,
            -(e.score or 0.0),
            e.name,
        )
    )
    return Radar(entries=placed, unplaced=[e for e in entries if e.ring is None])


def percent(value: float) -> str:
    """A share as the page writes it: whole percent."""
    return f"{round(value * 100)} %"


def decimal(value: float, places: int = 2) -> str:
    """A score in the page's language (0,65 in Danish)."""
    return number_format(value, decimal_pos=places)


def _score_text(value: float | None) -> str:
    return "–" if value is None else decimal(value)


def rule_sentences() -> list[str]:
    """The placement rule in words, from the weights and minimums above."""
    sentences = [
        _("Radarscore = %(maturity)s × modenhed + %(spread)s × udbredelse (begge fra 0 til 1).")
        % {
            "maturity": decimal(SCORE_WEIGHTS["maturity"], 1),
            "spread": decimal(SCORE_WEIGHTS["spread"], 1),
        }
    ]
    for ring in RINGS[:-1]:
        sentences.append(
            _("%(ring)s: radarscore mindst %(score)s.")
            % {"ring": ring.label, "score": decimal(ring.min_score)}
        )
    sentences.append(
        _("%(ring)s: radarscore under %(score)s.")
        % {"ring": RINGS[-1].label, "score": decimal(RINGS[-2].min_score)}
    )
    return sentences


# --------------------------------------------------------------------------------------------
# The chart


def _score_bounds() -> list[tuple[Ring, float, float]]:
    """Each ring with the radar scores it covers, [low, high)."""
    bounds = []
    high = 1.0 + 1e-9
    for ring in RINGS:
        bounds.append((ring, ring.min_score, high))
        high = ring.min_score
    return bounds


def _spread_at(score: float, maturity: float) -> float:
    """The spread at which a category of this maturity has this radar score, within 0–1."""
    value = (score - SCORE_WEIGHTS["maturity"] * maturity) / SCORE_WEIGHTS["spread"]
    return min(max(value, 0.0), 1.0)


def _band_rows() -> list[dict[str, Any]]:
    # A ring is the strip between two lines of equal radar score. The lines are straight, so
    # the strip is exact when drawn through the points where a line meets the frame.
    wm, ws = SCORE_WEIGHTS["maturity"], SCORE_WEIGHTS["spread"]
    xs = {0.0, 1.0}
    for ring in RINGS:
        for x in (ring.min_score / wm, (ring.min_score - ws) / wm):
            if 0.0 < x < 1.0:
                xs.add(round(x, 6))
    rows = []
    for ring, low, high in _score_bounds():
        for x in sorted(xs):
            rows.append(
                {
                    "ring": str(ring.label),
                    "band": ring.band,
                    "maturity": x,
                    "low": _spread_at(low, x),
                    "high": _spread_at(high, x),
                }
            )
    return rows


def _label_rows() -> list[dict[str, Any]]:
    """Where each ring's name goes: along the top of the frame where the ring is wide enough
    there, else along the bottom."""
    wm, ws = SCORE_WEIGHTS["maturity"], SCORE_WEIGHTS["spread"]
    rows = []
    for ring, low, high in _score_bounds():
        for spread, baseline in ((0.97, "top"), (0.01, "bottom")):
            start = max(0.0, (low - ws * spread) / wm)
            end = min(1.0, (high - ws * spread) / wm)
            if end - start >= 0.12:
                rows.append(
                    {
                        "ring": str(ring.label),
                        "colour": ring.colour,
                        "x": start + 0.01,
                        "y": spread,
                        "baseline": baseline,
                    }
                )
                break
    return rows


#: How far apart (in spread, 0–1) two names must be not to overlap, and how wide (in maturity)
#: a name is taken to be.
LABEL_HEIGHT = 0.035
LABEL_WIDTH = 0.3


def _label_positions(points: Sequence[tuple[float, float]]) -> list[float]:
    """The height of each point's name, written to the right of the point: at the point, or
    moved down just enough not to overlap a name already placed or another point (points
    taken from the top). A moved name gets a leader line to its point."""
    order = sorted(range(len(points)), key=lambda i: (-points[i][1], points[i][0]))
    placed: list[tuple[float, float]] = []
    heights = [0.0] * len(points)

    def blocked(i: int, x: float, y: float) -> bool:
        names = any(abs(y - py) < LABEL_HEIGHT and abs(x - px) < LABEL_WIDTH for px, py in placed)
        others = any(
            j != i and 0 < px - x < LABEL_WIDTH and abs(y - py) < LABEL_HEIGHT
            for j, (px, py) in enumerate(points)
        )
        return names or others

    for i in order:
        x, y = points[i]
        while y > -1 and blocked(i, x, y):
            y -= LABEL_HEIGHT
        placed.append((x, y))
        heights[i] = y
    return heights


def _point_rows(radar: Radar) -> list[dict[str, Any]]:
    points = [(e.maturity or 0.0, e.spread) for e in radar.entries]
    heights = _label_positions(points)
    return [
        {
            "name": entry.name,
            "ring": str(entry.ring.label) if entry.ring else "",
            "maturity": round(entry.maturity or 0.0, 4),
            "spread": round(entry.spread, 4),
            "maturity_text": decimal(entry.maturity or 0.0),
            "spread_text": percent(entry.spread),
            "score_text": entry.score_text,
            "label_y": round(label_y, 4),
        }
        for entry, label_y in zip(radar.entries, heights, strict=True)
    ]


def radar_spec(radar: Radar) -> dict[str, Any]:
    """A scatter of maturity × spread over the four ring bands."""
    ring_labels = [str(ring.label) for ring in RINGS]
    description = _(
        "Punktdiagram over %(count)s teknologier: modenhed vandret og udbredelse lodret. "
        "Skrå felter bagved viser de fire ringe Klar, Afprøv, Hold øje og Afvent. Tallene står "
        "i tabellen."
    ) % {"count": len(radar.entries)}
    spec = charts.base_spec(
        title=str(_("Teknologiradar")),
        description=description,
        height=440,
    )
    x_axis = {"title": str(_("Modenhed (0–1)")), "format": ".1f", "tickCount": 5}
    y_axis = {"title": str(_("Udbredelse (andel der bruger den)")), "format": ".0%"}
    scale = {"domain": [0, 1], "nice": False}
    tooltip = [
        {"field": "name", "type": "nominal", "title": str(_("Teknologi"))},
        {"field": "ring", "type": "nominal", "title": str(_("Ring"))},
        {"field": "maturity_text", "type": "nominal", "title": str(_("Modenhed"))},
        {"field": "spread_text", "type": "nominal", "title": str(_("Udbredelse"))},
        {"field": "score_text", "type": "nominal", "title": str(_("Radarscore"))},
    ]
    spec.update(
        {
            "layer": [
                {
                    "data": {"values": _band_rows()},
                    "mark": {"type": "area", "interpolate": "linear", "clip": True},
                    "encoding": {
                        "x": {
                            "field": "maturity",
                            "type": "quantitative",
                            "scale": scale,
                            "axis": x_axis,
                        },
                        "y": {
                            "field": "low",
                            "type": "quantitative",
                            "scale": scale,
                            "axis": y_axis,
                        },
                        "y2": {"field": "high"},
                        "detail": {"field": "ring", "type": "nominal"},
                        "fill": {"field": "band", "type": "nominal", "scale": None, "legend": None},
                    },
                },
                {
                    "data": {"values": _label_rows()},
                    "transform": [{"filter": "datum.baseline == 'top'"}],
                    "mark": {
                        "type": "text",
                        "align": "left",
                        "baseline": "top",
                        "fontSize": 13,
                        "fontWeight": "bold",
                    },
                    "encoding": {
                        "x": {"field": "x", "type": "quantitative"},
                        "y": {"field": "y", "type": "quantitative"},
                        "text": {"field": "ring", "type": "nominal"},
                        "color": {"field": "colour", "type": "nominal", "scale": None},
                    },
                },
                {
                    "data": {"values": _label_rows()},
                    "transform": [{"filter": "datum.baseline == 'bottom'"}],
                    "mark": {
                        "type": "text",
                        "align": "left",
                        "baseline": "bottom",
                        "fontSize": 13,
                        "fontWeight": "bold",
                    },
                    "encoding": {
                        "x": {"field": "x", "type": "quantitative"},
                        "y": {"field": "y", "type": "quantitative"},
                        "text": {"field": "ring", "type": "nominal"},
                        "color": {"field": "colour", "type": "nominal", "scale": None},
                    },
                },
                {
                    "data": {"values": _point_rows(radar)},
                    "transform": [{"filter": "datum.label_y != datum.spread"}],
                    "mark": {"type": "rule", "color": charts.MUTED, "strokeWidth": 1},
                    "encoding": {
                        "x": {"field": "maturity", "type": "quantitative"},
                        "y": {"field": "spread", "type": "quantitative"},
                        "y2": {"field": "label_y"},
                    },
                },
                {
                    "data": {"values": _point_rows(radar)},
                    "mark": {
                        "type": "point",
                        "filled": True,
                        "size": 130,
                        "opacity": 1,
                        "stroke": "#ffffff",
                        "strokeWidth": 1,
                    },
                    "encoding": {
                        "x": {"field": "maturity", "type": "quantitative"},
                        "y": {"field": "spread", "type": "quantitative"},
                        "color": {
                            "field": "ring",
                            "type": "nominal",
                            "title": str(_("Ring")),
                            "scale": {
                                "domain": ring_labels,
                                "range": [ring.colour for ring in RINGS],
                            },
                        },
                        # One legend for both: a second, shape-only legend would repeat it.
                        "shape": {
                            "field": "ring",
                            "type": "nominal",
                            "legend": None,
                            "scale": {
                                "domain": ring_labels,
                                "range": [ring.shape for ring in RINGS],
                            },
                        },
                        "tooltip": tooltip,
                    },
                },
                {
                    "data": {"values": _point_rows(radar)},
                    "mark": {
                        "type": "text",
                        "align": "left",
                        "baseline": "middle",
                        "dx": 9,
                        "fontSize": 12,
                        "color": charts.TEXT,
                    },
                    "encoding": {
                        "x": {"field": "maturity", "type": "quantitative"},
                        "y": {"field": "label_y", "type": "quantitative"},
                        "text": {"field": "name", "type": "nominal"},
                    },
                },
            ],
        }
    )
    return spec


#: The points' shapes as the chart's note names them.
SHAPE_NAMES: dict[str, Any] = {
    "circle": gettext_lazy("cirkel"),
    "square": gettext_lazy("firkant"),
    "triangle-up": gettext_lazy("trekant"),
    "diamond": gettext_lazy("rombe"),
}


def radar_chart(radar: Radar) -> charts.Chart:
    rows = tuple(
        charts.TableRow(
            header=entry.name,
            cells=(
                str(entry.ring.label) if entry.ring else "–",
                entry.score_text,
                entry.maturity_text,
                entry.spread_text,
            ),
        )
        for entry in radar.entries
    )
    table = charts.ChartTable(
        caption=str(_("Teknologiernes placering på radaren")),
        columns=(
            charts.TableColumn(str(_("Teknologi"))),
            charts.TableColumn(str(_("Ring"))),
            charts.TableColumn(str(_("Radarscore")), numeric=True),
            charts.TableColumn(str(_("Modenhed")), numeric=True),
            charts.TableColumn(str(_("Udbredelse")), numeric=True),
        ),
        rows=rows,
    )
    spec = radar_spec(radar)
    return charts.Chart(
        chart_id="technology-radar",
        title=str(_("Teknologiradar: modenhed og udbredelse")),
        description=str(spec["description"]),
        spec=spec,
        table=table,
        notes=(
            _("Farvede felter viser ringene. Punkterne har også hver ring sin form: %(shapes)s.")
            % {
                "shapes": ", ".join(
                    f"{ring.label} {SHAPE_NAMES.get(ring.shape, ring.shape)}" for ring in RINGS
                )
            },
        ),
        empty=not radar.entries,
    )
