"""Synthetic Innovation Barometer data for the demo: four waves (2015, 2017, 2020, 2023).

Nothing here was collected from anyone. The generator builds a plausible frame of about 14,300
public workplaces in strata of government level × area × size band (not every combination
exists: municipalities run no hospitals, the state no day care), draws a stratified sample of
roughly the size of each real edition (1,255–2,363 answers), and draws answers from
per-stratum probabilities whose intercepts are *calibrated* so that the population figures land
near the published headlines: about 80–83 % of workplaces innovated, about one in four
innovations was made with a private company, and about 70 % built on others' solutions.

The output is the three files an analyst would import — codebook (YAML), microdata (CSV) and
strata (CSV) — so the demo exercises the real import path. Everything is seeded: the same seed
gives the same files.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from spred.barometer.choices import Area, GovernmentLevel, SizeBand

DEFAULT_SEED = 3

EDITIONS = (2015, 2017, 2020, 2023)

#: Answers per edition, close to the published counts.
SAMPLE_SIZES = {2015: 1900, 2017: 2400, 2020: 1300, 2023: 1600}

REFERENCE_PERIODS = {2015: "2013–2014", 2017: "2015–2016", 2020: "2018–2019", 2023: "2021–2022"}

STAT, REGION, KOMMUNE = GovernmentLevel.STATE, GovernmentLevel.REGION, GovernmentLevel.MUNICIPALITY
SIZES = (SizeBand.SMALL, SizeBand.MEDIUM, SizeBand.LARGE, SizeBand.XLARGE)

#: Workplaces per government level and area (about 14,300 in all) and how they spread over the
#: size bands 1–9, 10–49, 50–99 and 100+. Combinations that do not exist are simply absent.
#: Regional education (a handful of special schools) and the state's own health institutes are
#: deliberately tiny: their cells are the ones disclosure control suppresses in the demo.
FRAME: dict[tuple[str, str], tuple[int, tuple[float, float, float, float]]] = {
    (KOMMUNE, Area.EDUCATION): (1700, (0.04, 0.36, 0.34, 0.26)),
    (KOMMUNE, Area.DAYCARE): (3600, (0.14, 0.72, 0.12, 0.02)),
    (KOMMUNE, Area.ELDERLY_SOCIAL): (3300, (0.18, 0.50, 0.20, 0.12)),
    (KOMMUNE, Area.HEALTH): (600, (0.35, 0.50, 0.10, 0.05)),
    (KOMMUNE, Area.ADMINISTRATION): (900, (0.20, 0.45, 0.17, 0.18)),
    (KOMMUNE, Area.TECHNICAL): (700, (0.25, 0.50, 0.15, 0.10)),
    (KOMMUNE, Area.CULTURE): (900, (0.45, 0.45, 0.07, 0.03)),
    (KOMMUNE, Area.SAFETY): (60, (0.30, 0.55, 0.15, 0.0)),
    (REGION, Area.HEALTH): (900, (0.05, 0.40, 0.25, 0.30)),
    (REGION, Area.ELDERLY_SOCIAL): (250, (0.10, 0.60, 0.20, 0.10)),
    (REGION, Area.ADMINISTRATION): (150, (0.20, 0.40, 0.20, 0.20)),
    (REGION, Area.TECHNICAL): (40, (0.30, 0.50, 0.20, 0.0)),
    (REGION, Area.EDUCATION): (6, (0.0, 1.0, 0.0, 0.0)),
    (STAT, Area.ADMINISTRATION): (500, (0.15, 0.40, 0.20, 0.25)),
    (STAT, Area.EDUCATION): (250, (0.05, 0.30, 0.25, 0.40)),
    (STAT, Area.SAFETY): (300, (0.10, 0.40, 0.20, 0.30)),
    (STAT, Area.CULTURE): (80, (0.30, 0.50, 0.10, 0.10)),
    (STAT, Area.TECHNICAL): (60, (0.10, 0.40, 0.20, 0.30)),
    (STAT, Area.HEALTH): (5, (0.0, 0.0, 0.0, 1.0)),
}

#: Sample allocation ∝ N_h^power: below 1, small strata get relatively more answers, as in the
#: real survey, which oversamples the state and the regions.
ALLOCATION_POWER = 0.6


# --------------------------------------------------------------------------------------------
# The questionnaire

YES_NO_DK = [
    {"code": "1", "label": {"da": "Ja", "en": "Yes"}},
    {"code": "2", "label": {"da": "Nej", "en": "No"}},
    {"code": "8", "label": {"da": "Ved ikke", "en": "Don't know"}},
]
DONT_KNOW = {"code": "8", "label": {"da": "Ved ikke", "en": "Don't know"}}
ONLY_INNOVATORS = {"question": "INNOV", "in": ["1"]}


def _options(*pairs: tuple[str, str, str]) -> list[dict[str, Any]]:
    return [{"code": code, "label": {"da": da, "en": en}} for code, da, en in pairs]


QUESTIONS: list[dict[str, Any]] = [
    {
        "code": "INNOV",
        "text": {
            "da": "Har arbejdspladsen indført mindst én innovation i perioden?",
            "en": "Did the workplace introduce at least one innovation in the period?",
        },
        "type": "single",
        "options": YES_NO_DK,
        "dont_know": ["8"],
        "exclude_dont_know": True,
    },
    {
        "code": "INNOV_TYPE",
        "text": {
            "da": "Hvilke typer innovation har arbejdspladsen indført?",
            "en": "Which types of innovation did the workplace introduce?",
        },
        "type": "multiple",
        "asked_if": ONLY_INNOVATORS,
        "options": [
            *_options(
                ("1", "Nye eller forbedrede services", "New or improved services"),
                ("2", "Nye arbejdsgange og processer", "New work processes"),
                ("3", "Ny organisering eller ledelse", "New organisation or management"),
                ("4", "Ny kommunikation med omverdenen", "New ways of communicating"),
            ),
            DONT_KNOW,
        ],
        "dont_know": ["8"],
    },
    {
        "code": "COLLAB",
        "text": {
            "da": "Hvem samarbejdede arbejdspladsen med om den seneste innovation?",
            "en": "Whom did the workplace collaborate with on its latest innovation?",
        },
        "type": "multiple",
        "asked_if": ONLY_INNOVATORS,
        "options": [
            *_options(
                ("1", "Andre offentlige arbejdspladser", "Other public workplaces"),
                ("2", "Private virksomheder", "Private companies"),
                ("3", "Forsknings- og uddannelsesinstitutioner", "Research and education"),
                ("4", "Borgere og brugere", "Citizens and users"),
                ("9", "Ingen samarbejdspartnere", "No partners"),
            ),
            DONT_KNOW,
        ],
        "dont_know": ["8"],
    },
    {
        "code": "REUSE",
        "text": {
            "da": "Byggede den seneste innovation på en løsning, som andre havde udviklet?",
            "en": "Did the latest innovation build on a solution developed by others?",
        },
        "type": "single",
        "asked_if": ONLY_INNOVATORS,
        "options": [
            *_options(
                ("1", "Ja, kopieret stort set uændret", "Yes, copied largely unchanged"),
                ("2", "Ja, tilpasset vores forhold", "Yes, adapted to our conditions"),
                ("3", "Nej, vi udviklede den selv", "No, we developed it ourselves"),
            ),
            DONT_KNOW,
        ],
        "dont_know": ["8"],
    },
    {
        "code": "SHARED",
        "text": {
            "da": "Har andre arbejdspladser taget den seneste innovation i brug?",
            "en": "Have other workplaces taken up the latest innovation?",
        },
        "type": "single",
        "asked_if": ONLY_INNOVATORS,
        "options": YES_NO_DK,
        "dont_know": ["8"],
    },
    {
        "code": "VALUE",
        "text": {
            "da": "Hvilken værdi har den seneste innovation skabt?",
            "en": "What value has the latest innovation created?",
        },
        "type": "multiple",
        "asked_if": ONLY_INNOVATORS,
        "options": [
            *_options(
                ("1", "Bedre kvalitet", "Better quality"),
                ("2", "Større effektivitet", "Greater efficiency"),
                ("3", "Mere tilfredse medarbejdere", "More satisfied employees"),
                ("4", "Mere borgerinddragelse", "More citizen involvement"),
                ("9", "Ingen af disse", "None of these"),
            ),
            DONT_KNOW,
        ],
        "dont_know": ["8"],
    },
    {
        "code": "EXPECT",
        "text": {
            "da": "I hvilken grad har den seneste innovation levet op til forventningerne?",
            "en": "To what degree has the latest innovation met expectations?",
        },
        "type": "scale",
        "asked_if": ONLY_INNOVATORS,
        "options": [
            *_options(
                ("1", "Slet ikke", "Not at all"),
                ("2", "I mindre grad", "To a small degree"),
                ("3", "I nogen grad", "To some degree"),
                ("4", "I høj grad", "To a high degree"),
                ("5", "I meget høj grad", "To a very high degree"),
            ),
            DONT_KNOW,
        ],
        "dont_know": ["8"],
    },
    {
        "code": "DRIVER",
        "text": {
            "da": "Hvem eller hvad satte gang i den seneste innovation?",
            "en": "Who or what set the latest innovation in motion?",
        },
        "type": "multiple",
        "asked_if": ONLY_INNOVATORS,
        "options": [
            *_options(
                ("1", "Ledelsen", "Management"),
                ("2", "Medarbejderne", "Employees"),
                ("3", "Politikerne", "Politicians"),
                ("4", "Borgere og brugere", "Citizens and users"),
                ("5", "Ny teknologi", "New technology"),
            ),
            DONT_KNOW,
        ],
        "dont_know": ["8"],
    },
    {
        "code": "BARRIER",
        "text": {
            "da": "Hvad hæmmer innovation på arbejdspladsen?",
            "en": "What hampers innovation at the workplace?",
        },
        "type": "multiple",
        "options": [
            *_options(
                ("1", "Mangel på tid", "Lack of time"),
                ("2", "Mangel på ressourcer", "Lack of resources"),
                ("3", "Regler og lovgivning", "Rules and legislation"),
                ("4", "Kulturen på arbejdspladsen", "The workplace culture"),
                ("5", "Ingen væsentlige barrierer", "No significant barriers"),
            ),
            DONT_KNOW,
        ],
        "dont_know": ["8"],
    },
]


def codebook_document(edition: int) -> dict[str, Any]:
    return {"wave": edition, "questions": QUESTIONS}


# --------------------------------------------------------------------------------------------
# How answers vary: logit shifts by level, area and size; intercepts calibrated to targets


@dataclass(frozen=True)
class Item:
    """One yes/no quantity: its population target per edition and how strata differ."""

    target: Mapping[int, float]
    level: Mapping[str, float] = field(default_factory=dict)
    area: Mapping[str, float] = field(default_factory=dict)
    size_slope: float = 0.0  # logit shift per size band step (1–9 → 100+)
    conditional: bool = True  # asked of innovating workplaces only


def _flat(value: float, drift: Sequence[float] = (0, 0, 0, 0)) -> dict[int, float]:
    return {edition: value + d for edition, d in zip(EDITIONS, drift, strict=True)}


ITEMS: dict[str, Item] = {
    "innov": Item(
        _flat(0.80, (0.0, 0.01, 0.03, 0.01)),
        level={STAT: 0.15},
        area={Area.DAYCARE: -0.25, Area.HEALTH: 0.3, Area.ADMINISTRATION: 0.2, Area.CULTURE: -0.2},
        size_slope=0.45,
        conditional=False,
    ),
    "type1": Item(_flat(0.55, (0, 0.01, 0.03, 0.02)), area={Area.ELDERLY_SOCIAL: 0.3}),
    "type2": Item(_flat(0.66, (0, 0.01, 0.02, 0.02)), area={Area.ADMINISTRATION: 0.4}),
    "type3": Item(_flat(0.48, (0, -0.01, 0.02, 0.01)), size_slope=0.15),
    "type4": Item(_flat(0.36, (0, 0.02, 0.04, 0.03)), area={Area.CULTURE: 0.5}),
    "collab_public": Item(_flat(0.62, (0, 0.01, 0.0, 0.01)), level={REGION: 0.2}),
    "collab_private": Item(
        _flat(0.25, (0.0, 0.01, -0.01, 0.01)),
        level={STAT: 0.45, REGION: 0.35, KOMMUNE: -0.1},
        area={Area.TECHNICAL: 0.6, Area.HEALTH: 0.3, Area.DAYCARE: -0.6, Area.CULTURE: -0.2},
        size_slope=0.2,
    ),
    "collab_research": Item(
        _flat(0.16, (0, 0.01, 0.02, 0.02)), level={STAT: 0.6, REGION: 0.7}, size_slope=0.3
    ),
    "collab_citizens": Item(
        _flat(0.38, (0, 0.01, 0.02, 0.03)), area={Area.ELDERLY_SOCIAL: 0.4, Area.CULTURE: 0.5}
    ),
    "reuse": Item(
        _flat(0.72, (0.02, 0.01, -0.01, 0.0)), level={KOMMUNE: 0.2}, area={Area.DAYCARE: 0.2}
    ),
    "copied_given_reuse": Item(_flat(0.33), area={Area.ADMINISTRATION: -0.2}),
    "shared": Item(_flat(0.45, (0, 0.01, 0.03, 0.02)), size_slope=0.15),
    "value1": Item(_flat(0.76, (0, 0.0, 0.01, 0.01))),
    "value2": Item(_flat(0.56, (0, 0.01, 0.03, 0.02)), area={Area.ADMINISTRATION: 0.4}),
    "value3": Item(_flat(0.50, (0, 0.0, -0.02, 0.01))),
    "value4": Item(
        _flat(0.31, (0, 0.01, 0.02, 0.03)), level={KOMMUNE: 0.3}, area={Area.CULTURE: 0.4}
    ),
    "driver1": Item(_flat(0.70, (0, 0.01, 0.0, 0.01))),
    "driver2": Item(_flat(0.61, (0, 0.0, 0.01, -0.01)), area={Area.DAYCARE: 0.3}),
    "driver3": Item(_flat(0.24, (0, 0.01, 0.03, 0.02)), level={KOMMUNE: 0.3, STAT: -0.3}),
    "driver4": Item(_flat(0.21, (0, 0.01, 0.01, 0.02)), area={Area.ELDERLY_SOCIAL: 0.3}),
    "driver5": Item(_flat(0.35, (0, 0.03, 0.06, 0.08)), area={Area.HEALTH: 0.4}),
    "barrier1": Item(_flat(0.52, (0, 0.01, 0.03, 0.02)), conditional=False, size_slope=0.1),
    "barrier2": Item(_flat(0.56, (0, 0.0, 0.02, 0.03)), conditional=False),
    "barrier3": Item(_flat(0.26, (0, 0.01, 0.0, 0.02)), conditional=False, level={STAT: 0.3}),
    "barrier4": Item(_flat(0.15, (0, 0.0, -0.01, 0.0)), conditional=False, size_slope=0.15),
    # EXPECT is drawn around this mean (1–5).
    "expect_high": Item(_flat(0.68, (0, 0.0, 0.01, 0.02))),
}

#: Share answering "ved ikke" per question.
DONT_KNOW_RATE = {
    "INNOV": 0.015,
    "INNOV_TYPE": 0.01,
    "COLLAB": 0.03,
    "REUSE": 0.04,
    "SHARED": 0.06,
    "VALUE": 0.02,
    "EXPECT": 0.04,
    "DRIVER": 0.02,
    "BARRIER": 0.02,
}


# --------------------------------------------------------------------------------------------
# Frame and sample


@dataclass(frozen=True)
class FrameStratum:
    code: str
    level: str
    area: str
    size: str
    population: int


def build_frame(rng: np.random.Generator) -> list[FrameStratum]:
    """The frame for one edition: the base counts with a few per cent of drift."""
    strata = []
    for (level, area), (total, shares) in FRAME.items():
        drifted = total * rng.uniform(0.96, 1.04) if total >= 100 else total
        for size, share in zip(SIZES, shares, strict=True):
            population = round(drifted * share)
            if population < 1:
                continue
            strata.append(FrameStratum(f"{level}-{area}-{size}", level, area, size, population))
    return strata


def allocate(frame: Sequence[FrameStratum], n_target: int) -> list[int]:
    """Answers per stratum: ∝ N_h^power, at least 2 (or all of a stratum smaller than that),
    never more than the stratum has; scaled until the total is n_target (or as near as the
    floor of two per stratum allows)."""
    population = np.array([s.population for s in frame], dtype=float)
    share = population**ALLOCATION_POWER
    scale = n_target / share.sum()
    for _ in range(60):
        n = np.minimum(np.maximum(np.round(share * scale), 2), population).astype(int)
        total = int(n.sum())
        if total == n_target:
            break
        scale *= n_target / total
    return [int(x) for x in n]


# --------------------------------------------------------------------------------------------
# Answers


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return np.asarray(1.0 / (1.0 + np.exp(-x)))


def _shifts(item: Item, frame: Sequence[FrameStratum]) -> np.ndarray:
    size_step: dict[str, int] = {str(size): i for i, size in enumerate(SIZES)}
    return np.array(
        [
            item.level.get(s.level, 0.0)
            + item.area.get(s.area, 0.0)
            + item.size_slope * (size_step[s.size] - 1.5)
            for s in frame
        ]
    )


def _calibrated(target: float, shifts: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Per-stratum probabilities σ(b + shift) with b chosen so that their weighted mean is
    the target (bisection; the mean is increasing in b)."""
    low, high = -12.0, 12.0
    shares = weights / weights.sum()
    for _ in range(80):
        middle = (low + high) / 2
        if float(_sigmoid(middle + shifts) @ shares) < target:
            low = middle
        else:
            high = middle
    return _sigmoid((low + high) / 2 + shifts)


def stratum_probabilities(edition: int, frame: Sequence[FrameStratum]) -> dict[str, np.ndarray]:
    population = np.array([s.population for s in frame], dtype=float)
    innov = ITEMS["innov"]
    p: dict[str, np.ndarray] = {
        "innov": _calibrated(innov.target[edition], _shifts(innov, frame), population)
    }
    innovators = population * p["innov"]
    for name, item in ITEMS.items():
        if name == "innov":
            continue
        weights = innovators if item.conditional else population
        if name == "copied_given_reuse":
            weights = innovators * p["reuse"]
        p[name] = _calibrated(item.target[edition], _shifts(item, frame), weights)
    return p


@dataclass(frozen=True)
class SyntheticRespondent:
    external_id: str
    stratum: FrameStratum
    weight: float
    answers: dict[str, Any]


def _multiple(
    rng: np.random.Generator, probabilities: Sequence[float], codes: Sequence[str], none: str | None
) -> list[str]:
    # One draw of len(codes) uniforms is the same stream as len(codes) single draws.
    draws = rng.random(len(codes))
    chosen = [c for c, p, u in zip(codes, probabilities, draws, strict=True) if u < p]
    if chosen:
        return chosen
    if none is not None:
        return [none]
    # Something was chosen by definition (an innovation has a type, a driver): the likeliest.
    return [codes[int(np.argmax(probabilities))]]


def _answers(rng: np.random.Generator, p: Mapping[str, float]) -> dict[str, Any]:
    dk = DONT_KNOW_RATE

    def dont_know(question: str) -> bool:
        return bool(rng.random() < dk[question])

    answers: dict[str, Any] = {}
    if dont_know("INNOV"):
        answers["INNOV"] = "8"
    else:
        answers["INNOV"] = "1" if rng.random() < p["innov"] else "2"
    answers["BARRIER"] = (
        ["8"]
        if dont_know("BARRIER")
        else _multiple(rng, [p[f"barrier{i}"] for i in range(1, 5)], ["1", "2", "3", "4"], "5")
    )
    if answers["INNOV"] != "1":
        return answers
    answers["INNOV_TYPE"] = (
        ["8"]
        if dont_know("INNOV_TYPE")
        else _multiple(rng, [p[f"type{i}"] for i in range(1, 5)], ["1", "2", "3", "4"], None)
    )
    answers["COLLAB"] = (
        ["8"]
        if dont_know("COLLAB")
        else _multiple(
            rng,
            [p["collab_public"], p["collab_private"], p["collab_research"], p["collab_citizens"]],
            ["1", "2", "3", "4"],
            "9",
        )
    )
    if dont_know("REUSE"):
        answers["REUSE"] = "8"
    elif rng.random() < p["reuse"]:
        answers["REUSE"] = "1" if rng.random() < p["copied_given_reuse"] else "2"
    else:
        answers["REUSE"] = "3"
    if dont_know("SHARED"):
        answers["SHARED"] = "8"
    else:
        answers["SHARED"] = "1" if rng.random() < p["shared"] else "2"
    answers["VALUE"] = (
        ["8"]
        if dont_know("VALUE")
        else _multiple(rng, [p[f"value{i}"] for i in range(1, 5)], ["1", "2", "3", "4"], "9")
    )
    if dont_know("EXPECT"):
        answers["EXPECT"] = "8"
    else:
        high = rng.random() < p["expect_high"]
        answers["EXPECT"] = str(
            rng.choice([4, 5], p=[0.7, 0.3]) if high else rng.choice([1, 2, 3], p=[0.05, 0.2, 0.75])
        )
    answers["DRIVER"] = (
        ["8"]
        if dont_know("DRIVER")
        else _multiple(rng, [p[f"driver{i}"] for i in range(1, 6)], ["1", "2", "3", "4", "5"], None)
    )
    # Occasionally a workplace leaves a question blank (item non-response).
    if rng.random() < 0.01:
        answers.pop("SHARED", None)
    return answers


@dataclass(frozen=True)
class SyntheticWave:
    edition: int
    reference_period: str
    frame: list[FrameStratum]
    respondents: list[SyntheticRespondent]

    @property
    def codebook_yaml(self) -> str:
        header = (
            f"# Kodebog for Innovationsbarometeret {self.edition} (syntetiske demodata, "
            "genereret af Spred).\n"
        )
        return header + yaml.safe_dump(
            codebook_document(self.edition), allow_unicode=True, sort_keys=False, width=100
        )

    @property
    def microdata_csv(self) -> str:
        out = io.StringIO()
        codes = [q["code"] for q in QUESTIONS]
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["id", "stratum", "weight", "level", "area", "size", *codes])
        for r in self.respondents:
            cells = []
            for code in codes:
                value = r.answers.get(code)
                if value is None:
                    cells.append("")
                elif isinstance(value, list):
                    cells.append(";".join(value))
                else:
                    cells.append(str(value))
            writer.writerow(
                [
                    r.external_id,
                    r.stratum.code,
                    f"{r.weight:.6f}",
                    r.stratum.level,
                    r.stratum.area,
                    r.stratum.size,
                    *cells,
                ]
            )
        return out.getvalue()

    @property
    def strata_csv(self) -> str:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["stratum", "level", "area", "size", "population"])
        for s in self.frame:
            writer.writerow([s.code, s.level, s.area, s.size, s.population])
        return out.getvalue()

    def write(self, directory: Path) -> list[Path]:
        directory.mkdir(parents=True, exist_ok=True)
        files = {
            f"kodebog-{self.edition}.yaml": self.codebook_yaml,
            f"mikrodata-{self.edition}.csv": self.microdata_csv,
            f"strata-{self.edition}.csv": self.strata_csv,
        }
        paths = []
        for name, text in files.items():
            path = directory / name
            path.write_text(text, encoding="utf-8")
            paths.append(path)
        return paths


def generate_wave(edition: int, *, seed: int = DEFAULT_SEED, scale: float = 1.0) -> SyntheticWave:
    """One edition's files. ``scale`` shrinks the sample (not the frame) for quick tests and
    trials: 0.1 gives a tenth of the answers, but never fewer than two per stratum (about 130
    in all), so the design can still be estimated."""
    if not 0 < scale <= 1:
        raise ValueError(f"scale must be in (0, 1], not {scale}")
    rng = np.random.default_rng([seed, edition])
    frame = build_frame(rng)
    sizes = allocate(frame, max(1, round(SAMPLE_SIZES[edition] * scale)))
    probabilities = stratum_probabilities(edition, frame)
    respondents: list[SyntheticRespondent] = []
    number = 0
    for h, (stratum, n_h) in enumerate(zip(frame, sizes, strict=True)):
        p = {name: float(values[h]) for name, values in probabilities.items()}
        weight = stratum.population / n_h
        for _ in range(n_h):
            number += 1
            respondents.append(
                SyntheticRespondent(
                    external_id=f"S{edition}-{number:05d}",
                    stratum=stratum,
                    weight=weight,
                    answers=_answers(rng, p),
                )
            )
    # Shuffle so the file is not sorted by stratum (as a real extract would not be).
    order = rng.permutation(len(respondents))
    return SyntheticWave(
        edition, REFERENCE_PERIODS[edition], frame, [respondents[i] for i in order]
    )


def generate_all(*, seed: int = DEFAULT_SEED, scale: float = 1.0) -> list[SyntheticWave]:
    return [generate_wave(edition, seed=seed, scale=scale) for edition in EDITIONS]


def population_total(wave: SyntheticWave) -> int:
    return sum(s.population for s in wave.frame)


def expected_share(wave: SyntheticWave, item: str) -> float:
    """The population figure the generator aimed at (for tests and the docs)."""
    target = ITEMS[item].target[wave.edition]
    return float(target) if math.isfinite(target) else float("nan")
