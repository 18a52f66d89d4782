"""The estimation engine against R's survey package, the reference implementation: the scenarios,
our figures for them, and R's.

Random data sets (fixed seeds) go to R in one ``Rscript`` call (``rscripts/estimates.R``). Every
figure R reports must agree with ours to 1e-9 (absolute, or relative for figures above 1).

R's answers are also kept in ``rscripts/golden.csv``, so that ``make test`` compares with them
without R; ``make check`` runs R itself and checks both that its figures are still ours and that
the golden file is still what R says (``test_r_survey.py`` does both). After a change to a
scenario, ``make r-golden`` writes the file again.
"""

from __future__ import annotations

import csv
import math
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from spred.barometer.analysis.estimation import (
    EstimateTable,
    LonelyPolicy,
    LonelyStratumError,
    StratifiedDesign,
    calibrate,
    estimate_matrix,
)

SCRIPT = Path(__file__).parent / "rscripts" / "estimates.R"
GOLDEN = Path(__file__).parent / "rscripts" / "golden.csv"
GOLDEN_COLUMNS = ("scenario", "var", "domain", "stat", "value")
TOLERANCE = 1e-9
VARS = ("y1", "y2", "y3", "y4")
BINARY = ("y1", "y2", "y4")


@dataclass(frozen=True)
class Scenario:
    name: str
    seed: int
    sizes: tuple[int, ...]
    fpc: bool = True
    lonely: LonelyPolicy = "fail"
    calibration: str = "none"
    domains: int = 3
    census: tuple[int, ...] = ()
    missing_domain: bool = False
    margins: tuple[str, ...] = ()


SCENARIOS = [
    Scenario("small-fpc", 1, (5, 6, 4)),
    Scenario("many-strata-no-fpc", 2, (2, 3, 9, 14, 30, 7, 5, 12), fpc=False, domains=5),
    Scenario("census-stratum", 3, (8, 6, 10, 4), census=(1,), domains=2),
    Scenario("missing-domain-labels", 4, (12, 15, 20), missing_domain=True, domains=4),
    Scenario("lonely-certainty", 5, (7, 1, 9, 5), lonely="certainty"),
    Scenario("lonely-adjust", 6, (7, 1, 9, 5, 1), lonely="adjust", fpc=False),
    Scenario("lonely-adjust-fpc", 7, (6, 1, 8), lonely="adjust", domains=2),
    Scenario("lonely-average", 8, (7, 1, 9, 5, 1, 6), lonely="average", domains=4),
    Scenario("lonely-fail", 9, (7, 4, 1, 5), lonely="fail"),
    Scenario("poststratify", 10, (9, 14, 11, 8), calibration="poststratify", margins=("ps1",)),
    Scenario(
        "poststratify-average",
        11,
        (9, 1, 11, 8),
        lonely="average",
        calibration="poststratify",
        margins=("ps1",),
    ),
    Scenario(
        "rake", 12, (15, 22, 18, 9, 12), fpc=False, calibration="rake", margins=("ps1", "ps2")
    ),
    Scenario(
        "poststratify-adjust",
        14,
        (6, 1, 9, 7),
        lonely="adjust",
        calibration="poststratify",
        margins=("ps2",),
    ),
    Scenario(
        "rake-fpc-certainty",
        15,
        (12, 1, 16, 10),
        lonely="certainty",
        calibration="rake",
        margins=("ps1", "ps2"),
    ),
    Scenario("larger", 13, tuple(range(10, 40, 2)), domains=6),
]


def _make_data(scenario: Scenario) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(scenario.seed)
    strata = np.repeat([f"S{h:02d}" for h in range(len(scenario.sizes))], scenario.sizes)
    sizes = np.repeat(scenario.sizes, scenario.sizes)
    n = strata.size
    population = np.repeat(
        [
            size if h in scenario.census else size + int(rng.integers(1, 6 * size + 2))
            for h, size in enumerate(scenario.sizes)
        ],
        scenario.sizes,
    ).astype(float)
    weights = population / sizes * rng.uniform(0.7, 1.3, n)
    domains = rng.choice([f"d{j}" for j in range(1, scenario.domains + 1)], n).astype(object)
    if scenario.missing_domain:
        domains[rng.random(n) < 0.1] = ""
    level = rng.uniform(0.2, 0.8, len(scenario.sizes))[
        np.searchsorted(np.cumsum(scenario.sizes), np.arange(n), side="right")
    ]
    y1 = (rng.random(n) < level).astype(float)
    # A follow-up question, asked only of those who answered yes.
    y2 = np.where(y1 == 1, (rng.random(n) < 0.5).astype(float), np.nan)
    y3 = np.round(rng.lognormal(3, 1, n), 3)
    y3[rng.random(n) < 0.15] = np.nan
    # Nobody in d1 says yes: a proportion of exactly 0 there.
    y4 = np.where(domains == "d1", 0.0, (rng.random(n) < 0.3).astype(float))
    y4[rng.random(n) < 0.05] = np.nan
    return {
        "stratum": strata,
        "w": weights,
        "N_h": population,
        "dom": domains,
        "ps1": rng.choice(["a", "b", "c"], n, p=[0.5, 0.3, 0.2]),
        "ps2": rng.choice(["x", "y"], n),
        "y1": y1,
        "y2": y2,
        "y3": y3,
        "y4": y4,
    }


def _populations(scenario: Scenario, data: dict[str, np.ndarray]) -> dict[str, dict[str, float]]:
    rng = np.random.default_rng(scenario.seed + 1000)
    total_population = float(data["w"].sum()) * 1.07
    populations = {}
    for margin in scenario.margins:
        categories = sorted(set(data[margin].tolist()))
        shares = np.array([np.mean(data[margin] == c) for c in categories])
        shares = shares * rng.uniform(0.85, 1.15, len(categories))
        shares /= shares.sum()
        populations[margin] = {
            c: round(total_population * s, 1) for c, s in zip(categories, shares, strict=True)
        }
    if scenario.calibration == "rake":
        # The margins must describe the same population.
        first = sum(populations[scenario.margins[0]].values())
        for margin in scenario.margins[1:]:
            values = populations[margin]
            last = sorted(values)[-1]
            values[last] += first - sum(values.values())
    return populations


def _cell(value: Any) -> str:
    if isinstance(value, float | np.floating):
        return "" if math.isnan(value) else repr(float(value))
    return str(value)


def _write(scenario: Scenario, directory: Path) -> None:
    directory.mkdir()
    data = _make_data(scenario)
    columns = ["stratum", "w", *(["N_h"] if scenario.fpc else []), "dom", "ps1", "ps2", *VARS]
    with (directory / "data.csv").open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(columns)
        for i in range(data["w"].size):
            writer.writerow([_cell(data[c][i]) for c in columns])
    config = {
        "vars": "+".join(VARS),
        "fpc": "yes" if scenario.fpc else "no",
        "lonely": scenario.lonely,
        "calibration": scenario.calibration,
        "margins": "+".join(scenario.margins),
    }
    with (directory / "config.csv").open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["key", "value"])
        writer.writerows(config.items())
    for margin, population in _populations(scenario, data).items():
        with (directory / f"pop_{margin}.csv").open("w", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["category", "Freq"])
            writer.writerows(population.items())


class BackgroundR:
    """The one ``Rscript`` run for every scenario, started as soon as the session knows it will
    need it (``conftest.pytest_collection_finish``), so that R works on the second core while
    the other tests run; ``results`` waits for it."""

    def __init__(self) -> None:
        self._process: subprocess.Popen[str] | None = None
        self._root: Path | None = None
        self._results: dict[str, list[dict[str, str]]] | None = None

    def start(self) -> None:
        if self._process is not None or self._results is not None:
            return
        rscript = shutil.which("Rscript")
        if rscript is None:
            return  # ``results`` fails the tests with the explanation
        self._root = Path(tempfile.mkdtemp(prefix="spred-r-survey-"))
        for scenario in SCENARIOS:
            _write(scenario, self._root / scenario.name)
        self._process = subprocess.Popen(  # noqa: S603 - fixed script, our own temporary directory
            [rscript, "--vanilla", str(SCRIPT), str(self._root)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    def results(self) -> dict[str, list[dict[str, str]]]:
        if self._results is not None:
            return self._results
        if shutil.which("Rscript") is None:
            pytest.fail(
                "Rscript is not installed. The barometer's estimates are checked against R's "
                "survey package: apt-get install r-base-core r-cran-survey (.ci/run does this)."
            )
        self.start()
        assert self._process is not None
        assert self._root is not None
        try:
            _stdout, stderr = self._process.communicate(timeout=180)
            if self._process.returncode != 0:
                pytest.fail(f"Rscript failed (is r-cran-survey installed?):\n{stderr}")
            results = {}
            for scenario in SCENARIOS:
                with (self._root / scenario.name / "results.csv").open(newline="") as handle:
                    results[scenario.name] = list(csv.DictReader(handle))
        finally:
            self.stop()
        self._results = results
        return results

    def stop(self) -> None:
        if self._process is not None and self._process.poll() is None:
            self._process.kill()
            self._process.communicate()
        if self._root is not None:
            shutil.rmtree(self._root, ignore_errors=True)
        self._root = None


R_RUN = BackgroundR()

Results = dict[str, list[dict[str, str]]]


def read_golden() -> Results:
    """R's rows per scenario as ``make r-golden`` last wrote them."""
    results: Results = {scenario.name: [] for scenario in SCENARIOS}
    with GOLDEN.open(newline="") as handle:
        for row in csv.DictReader(handle):
            results[row.pop("scenario")].append(row)
    return results


def write_golden(results: Results) -> None:
    with GOLDEN.open("w", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(GOLDEN_COLUMNS)
        for scenario in SCENARIOS:
            for row in results[scenario.name]:
                writer.writerow([scenario.name, *(row[c] for c in GOLDEN_COLUMNS[1:])])


def _close(ours: float, theirs: float, tolerance: float = TOLERANCE) -> bool:
    if math.isnan(theirs) or math.isnan(ours):
        return math.isnan(theirs) and math.isnan(ours)
    return abs(ours - theirs) <= tolerance * max(1.0, abs(theirs))


def _design(scenario: Scenario, data: dict[str, np.ndarray]) -> StratifiedDesign:
    design = StratifiedDesign.build(
        data["stratum"], data["w"], data["N_h"] if scenario.fpc else None, lonely=scenario.lonely
    )
    if scenario.calibration != "none":
        populations = _populations(scenario, data)
        design = calibrate(
            design,
            margins={m: (data[m], populations[m]) for m in scenario.margins},
            method="rake" if scenario.calibration == "rake" else "poststratify",
            max_iter=500,
        )
    return design


def _ours(scenario: Scenario) -> tuple[StratifiedDesign, dict[tuple[str, str, str], float]]:
    data = _make_data(scenario)
    design = _design(scenario, data)
    figures: dict[tuple[str, str, str], float] = {}

    def collect(var: str, table: EstimateTable, names: dict[str, str]) -> None:
        for j, label in enumerate(table.domains):
            domain = "" if label is None else str(label)
            for attribute, stat in names.items():
                figures[(var, domain, stat)] = float(getattr(table, attribute)[0, j])

    for var in VARS:
        for domains in (None, data["dom"]):
            y = data[var]
            collect(
                var,
                estimate_matrix(design, y, domains=domains, kind="mean", ci="wald"),
                {
                    "estimate": "estimate",
                    "se": "se",
                    "df": "df",
                    "n": "n",
                    "ci_low": "wald_low",
                    "ci_high": "wald_high",
                },
            )
            collect(
                var,
                estimate_matrix(design, y, domains=domains, kind="total"),
                {"estimate": "total", "se": "total_se"},
            )
            if var in BINARY:
                collect(
                    var,
                    estimate_matrix(design, y, domains=domains, kind="proportion", ci="logit"),
                    {"ci_low": "logit_low", "ci_high": "logit_high"},
                )
    return design, figures


COMPARED_SCENARIOS = [s for s in SCENARIOS if s.name != "lonely-fail"]


def check_agreement(scenario: Scenario, rows: list[dict[str, str]]) -> None:
    """Every figure R reported for the scenario agrees with ours."""
    assert rows, "no output"
    assert rows[0]["stat"] != "error", rows[0]["value"]
    design, ours = _ours(scenario)
    compared = 0
    mismatches = []
    for row in rows:
        theirs = float(row["value"]) if row["value"] != "NA" else math.nan
        if row["stat"] == "weight":
            value = float(design.weights[int(row["domain"]) - 1])
        elif row["stat"] == "weights_sum":
            value = float(design.weights.sum())
        elif row["stat"].startswith("svyciprop_"):
            stat = row["stat"].replace("svyciprop_", "logit_")
            value = ours[(row["var"], row["domain"], stat)]
        else:
            value = ours[(row["var"], row["domain"], row["stat"])]
        compared += 1
        # svyciprop as shipped stops its logistic fit at glm's default tolerance (1e-8 on the
        # deviance): its limits agree to about 1e-8. The converged fit must agree to 1e-9.
        tolerance = 1e-7 if row["stat"].startswith("svyciprop_") else TOLERANCE
        if not _close(value, theirs, tolerance):
            mismatches.append((row["var"], row["domain"], row["stat"], value, theirs))
    assert not mismatches, "(variable, domain, figure, ours, R):\n" + "\n".join(
        map(str, mismatches)
    )
    # Every variable, overall and in every domain, must have been compared.
    assert compared >= len(VARS) * (scenario.domains + 1) * 8


def check_features(results: Results) -> None:
    """The scenarios really contain what they are named after (so a comparison is not vacuous)."""
    stats = {(s, row["stat"]) for s, rows in results.items() for row in rows}
    assert ("poststratify", "logit_low") in stats
    assert ("rake", "weight") in stats
    # NaN answers: y2 is asked of a subset only, so it has fewer respondents than y1.
    small = {(r["var"], r["domain"]): r["value"] for r in results["small-fpc"] if r["stat"] == "n"}
    assert float(small[("y2", "")]) < float(small[("y1", "")])
    # A domain where a proportion is 0 is compared (estimate and a zero standard error).
    zero = [
        r
        for r in results["larger"]
        if r["var"] == "y4" and r["domain"] == "d1" and r["stat"] == "se"
    ]
    assert zero
    assert float(zero[0]["value"]) == 0.0


def check_lonely_stratum_fails(results: Results) -> None:
    """R stops on the lonely stratum, naming it, and so do we."""
    rows = results["lonely-fail"]
    assert rows[0]["stat"] == "error"
    assert "S02" in rows[0]["value"]
    scenario = next(s for s in SCENARIOS if s.name == "lonely-fail")
    with pytest.raises(LonelyStratumError, match="S02"):
        _design(scenario, _make_data(scenario))


if __name__ == "__main__":
    import sys

    if sys.argv[1:] != ["--write-golden"]:
        sys.exit("usage: python -m spred.barometer.tests.r_survey --write-golden")
    write_golden(R_RUN.results())
    print(f"wrote {GOLDEN}")  # noqa: T201 - the one line the command prints
