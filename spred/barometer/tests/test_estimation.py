"""The estimation engine: the golden data set from R, the documented edge cases, validation."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats

from spred.barometer.analysis.estimation import (
    Estimate,
    EstimationError,
    LonelyPolicy,
    LonelyStratumError,
    StratifiedDesign,
    by_domain,
    calibrate,
    change_test,
    estimate_matrix,
    mean,
    proportion,
    total,
)

# The golden data set; the figures are R's (survey 4.1.1).
STRATA = ["A"] * 5 + ["B"] * 6 + ["C"] * 4
POPULATION = [100] * 5 + [200] * 6 + [50] * 4
WEIGHTS = [20.0] * 5 + [33.3333333333333] * 6 + [12.5] * 4
INNOV = [1, 1, 0, 1, 1, 0, 1, 0, 1, 0, 1, 1, 1, 1, 0]


def close(value: float, expected: float, tolerance: float = 1e-9) -> bool:
    return abs(value - expected) <= tolerance * max(1.0, abs(expected))


@pytest.fixture
def golden() -> StratifiedDesign:
    return StratifiedDesign.build(STRATA, WEIGHTS, POPULATION)


def test_golden_proportion(golden: StratifiedDesign) -> None:
    result = proportion(golden, INNOV)
    assert close(result.estimate, 0.6214285714)
    assert close(result.se, 0.1418176466)
    assert result.df == 12
    assert result.n == 15
    assert close(result.ci_low, 0.3062252189)
    assert close(result.ci_high, 0.8592481019)


def test_golden_wald_interval(golden: StratifiedDesign) -> None:
    result = proportion(golden, INNOV, ci="wald")
    assert close(result.ci_low, 0.3124344635)
    assert close(result.ci_high, 0.9304226794)
    assert mean(golden, INNOV) == result


def test_golden_by_stratum(golden: StratifiedDesign) -> None:
    results = by_domain(golden, INNOV, STRATA, kind="proportion")
    assert list(results) == ["A", "B", "C"]
    for label, estimate, se in (("A", 0.80, 0.19494), ("B", 0.50, 0.22023), ("C", 0.75, 0.23979)):
        assert close(results[label].estimate, estimate)
        assert close(results[label].se, se, 1e-4)
    assert [r.n for r in results.values()] == [5, 6, 4]


def test_golden_through_the_matrix(golden: StratifiedDesign) -> None:
    table = estimate_matrix(golden, np.c_[INNOV, INNOV], domains=STRATA)
    assert table.estimate.shape == (2, 3)
    assert table.domains == ["A", "B", "C"]
    assert close(table.estimate[1, 2], 0.75)
    assert table.ci == "logit"


# --- an independent, deliberately naive implementation of the documented formulas -------------


def naive(
    strata: list[str],
    weights: np.ndarray,
    population: np.ndarray | None,
    y: np.ndarray,
    inside: np.ndarray,
    kind: str,
) -> tuple[float, float, int]:
    """Estimate, se and df for one domain, one respondent at a time (no lonely strata)."""
    use = inside & ~np.isnan(y)
    wsum = sum(weights[i] for i in range(len(y)) if use[i])
    wy = sum(weights[i] * y[i] for i in range(len(y)) if use[i])
    estimate = wy if kind == "total" else wy / wsum
    z = []
    for i in range(len(y)):
        if not use[i]:
            z.append(0.0)
        elif kind == "total":
            z.append(weights[i] * y[i])
        else:
            z.append(weights[i] * (y[i] - estimate) / wsum)
    variance = 0.0
    for h in sorted(set(strata)):
        members = [i for i in range(len(y)) if strata[i] == h]
        n_h = len(members)
        zbar = sum(z[i] for i in members) / n_h
        f = 1.0 if population is None else 1 - n_h / population[members[0]]
        variance += f * n_h / (n_h - 1) * sum((z[i] - zbar) ** 2 for i in members)
    df = int(use.sum()) - len({strata[i] for i in range(len(y)) if use[i]})
    return estimate, math.sqrt(variance), df


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("kind", ["mean", "total"])
def test_vectorised_equals_the_naive_formula(seed: int, kind: str) -> None:
    rng = np.random.default_rng(seed)
    sizes = rng.integers(2, 12, 6)
    strata = [f"h{h}" for h, size in enumerate(sizes) for _ in range(size)]
    n = len(strata)
    weights = rng.uniform(1, 30, n)
    population = np.repeat(sizes + rng.integers(0, 50, sizes.size), sizes).astype(float)
    Y = rng.normal(5, 2, (n, 3))
    Y[rng.random((n, 3)) < 0.2] = np.nan
    domains = rng.choice(["x", "y", "z"], n)
    for fpc in (None, population):
        design = StratifiedDesign.build(strata, weights, fpc)
        table = estimate_matrix(design, Y, domains=domains, kind=kind)  # type: ignore[arg-type]
        for j in range(3):
            for d, label in enumerate(table.domains):
                expected = naive(strata, weights, fpc, Y[:, j], domains == label, kind)
                assert close(table.estimate[j, d], expected[0])
                assert close(table.se[j, d], expected[1])
                assert table.df[j, d] == expected[2]


def test_a_domain_is_not_a_subset_design() -> None:
    """Rows outside the domain stay in their stratum: the SE differs from re-estimating."""
    design = StratifiedDesign.build(STRATA, WEIGHTS, POPULATION)
    inside = np.array([i % 2 == 0 for i in range(15)])
    domain = proportion(design, INNOV, domain=inside, ci="wald")
    rows = np.flatnonzero(inside)
    subset = StratifiedDesign.build(
        np.array(STRATA)[rows], np.array(WEIGHTS)[rows], np.array(POPULATION)[rows]
    )
    alone = proportion(subset, np.array(INNOV)[rows], ci="wald")
    assert close(domain.estimate, alone.estimate)
    assert not close(domain.se, alone.se, 1e-3)
    expected = naive(
        STRATA,
        np.array(WEIGHTS),
        np.array(POPULATION, float),
        np.array(INNOV, float),
        inside,
        "mean",
    )
    assert close(domain.se, expected[1])


def test_missing_answers_are_a_domain_restriction(golden: StratifiedDesign) -> None:
    y = np.array(INNOV, dtype=float)
    y[[0, 6, 12]] = np.nan
    with_nan = proportion(golden, y)
    as_domain = proportion(golden, np.nan_to_num(y), domain=~np.isnan(y))
    assert with_nan == as_domain
    assert with_nan.n == 12


def test_proportion_of_zero_or_one_has_a_flat_interval(golden: StratifiedDesign) -> None:
    zeros = np.zeros(15)
    result = proportion(golden, zeros)
    assert (result.estimate, result.se, result.ci_low, result.ci_high) == (0.0, 0.0, 0.0, 0.0)
    ones = proportion(golden, np.ones(15), domain=np.array(STRATA) == "B")
    assert (ones.estimate, ones.se, ones.ci_low, ones.ci_high) == (1.0, 0.0, 1.0, 1.0)
    assert ones.df == 5


def test_no_degrees_of_freedom_means_no_interval(golden: StratifiedDesign) -> None:
    inside = np.zeros(15, dtype=bool)
    inside[0] = True
    result = proportion(golden, INNOV, domain=inside)
    assert result.n == 1
    assert result.df == 0
    assert math.isnan(result.ci_low)
    assert math.isnan(result.ci_high)


def test_a_census_stratum_adds_no_variance() -> None:
    population = [5] * 5 + [200] * 6 + [50] * 4
    census = StratifiedDesign.build(STRATA, WEIGHTS, population)
    only_a = np.array(STRATA) == "A"
    assert proportion(census, INNOV, domain=only_a, ci="wald").se == 0.0
    assert (
        proportion(census, INNOV).se < proportion(StratifiedDesign.build(STRATA, WEIGHTS), INNOV).se
    )


def test_lonely_stratum_fails_by_default_and_names_it() -> None:
    strata = [*STRATA, "D"]
    with pytest.raises(LonelyStratumError, match="Stratum D har kun én besvarelse"):
        StratifiedDesign.build(strata, [*WEIGHTS, 10.0])


def test_a_lonely_census_stratum_is_not_an_error() -> None:
    """As in R: with N_h = n_h = 1 the stratum is known exactly, so there is nothing to fail."""
    design = StratifiedDesign.build([*STRATA, "D"], [*WEIGHTS, 1.0], [*POPULATION, 1])
    assert proportion(design, [*INNOV, 1]).n == 16


def test_lonely_policies_differ_as_documented() -> None:
    strata, weights, y = [*STRATA, "D"], [*WEIGHTS, 40.0], [*INNOV, 1]
    policies: tuple[LonelyPolicy, ...] = ("certainty", "adjust", "average")
    results = {
        policy: proportion(StratifiedDesign.build(strata, weights, lonely=policy), y, ci="wald")
        for policy in policies
    }
    certainty, adjust, average = (results[p].se for p in policies)
    # certainty: D adds nothing, so the variance is that of A, B, C computed with D in the mean.
    assert certainty < adjust
    # average: the other strata's variance scaled by 4/3.
    assert close(average**2, certainty**2 * 4 / 3)
    # adjust: D adds its squared linearised value.
    p = results["adjust"].estimate
    z = 40.0 * (1 - p) / sum(weights)
    assert close(adjust**2, certainty**2 + z**2)


def test_change_between_two_waves() -> None:
    a = Estimate(estimate=0.40, se=0.03, ci_low=0, ci_high=0, df=100, n=120)
    b = Estimate(estimate=0.48, se=0.04, ci_low=0, ci_high=0, df=80, n=90)
    result = change_test(a, b)
    assert close(result.diff, 0.08)
    assert close(result.se, 0.05)
    assert result.df == 80
    assert close(result.statistic, 1.6)
    assert close(result.p_value, 2 * stats.t.sf(1.6, 80))
    t = stats.t.ppf(0.975, 80)
    assert close(result.ci_low, 0.08 - t * 0.05)
    assert close(result.ci_high, 0.08 + t * 0.05)


def test_change_without_variation_has_no_p_value() -> None:
    a = Estimate(estimate=1.0, se=0.0, ci_low=1, ci_high=1, df=10, n=12)
    result = change_test(a, a)
    assert math.isnan(result.statistic)
    assert math.isnan(result.p_value)


def test_totals(golden: StratifiedDesign) -> None:
    result = total(golden, INNOV)
    assert close(result.estimate, 5 * 20 * 0.8 + 6 * 33.3333333333333 * 0.5 + 4 * 12.5 * 0.75)
    assert result.df == 12


def test_empty_domain_cells_are_nan_in_tables_and_errors_alone(golden: StratifiedDesign) -> None:
    y = np.array(INNOV, dtype=float)
    y[np.array(STRATA) == "C"] = np.nan
    results = by_domain(golden, y, STRATA, kind="proportion")
    assert results["C"].n == 0
    assert math.isnan(results["C"].estimate)
    assert results["C"].as_dict()["estimate"] is None
    with pytest.raises(EstimationError, match="Ingen besvarelser i domænet"):
        proportion(golden, y, domain=np.array(STRATA) == "C")


def test_missing_domain_labels_belong_to_no_domain(golden: StratifiedDesign) -> None:
    labels = np.array(["x"] * 7 + [""] * 2 + [None] * 2 + ["y"] * 4, dtype=object)
    table = estimate_matrix(golden, INNOV, domains=labels)
    assert table.domains == ["x", "y"]
    assert table.n.tolist() == [[7, 4]]


# --- calibration ---------------------------------------------------------------------------


def test_poststratification_hits_the_population(golden: StratifiedDesign) -> None:
    groups = np.array(["s", "m", "l"] * 5)
    population = {"s": 120.0, "m": 150.0, "l": 80.0}
    calibrated = calibrate(golden, margins={"size": (groups, population)}, method="poststratify")
    for label, count in population.items():
        assert close(calibrated.weights[groups == label].sum(), count)
    assert calibrated.is_calibrated
    assert not golden.is_calibrated
    assert proportion(calibrated, INNOV).n == 15


def test_raking_hits_every_margin(golden: StratifiedDesign) -> None:
    rng = np.random.default_rng(4)
    first = rng.choice(["a", "b"], 15)
    second = np.array(["x", "y", "z"] * 5)
    calibrated = calibrate(
        golden,
        margins={
            "first": (first, {"a": 200.0, "b": 180.0}),
            "second": (second, {"x": 100.0, "y": 130.0, "z": 150.0}),
        },
        method="rake",
    )
    assert close(calibrated.weights[first == "a"].sum(), 200.0)
    assert close(calibrated.weights[second == "z"].sum(), 150.0)


@pytest.mark.parametrize(
    ("margins", "method", "message"),
    [
        ({"g": (["a"] * 15, {"b": 10.0})}, "poststratify", "intet populationstal"),
        ({"g": (["a"] * 15, {"a": 10.0, "b": 5.0})}, "poststratify", "ingen besvarelser"),
        ({"g": (["a"] * 15, {"a": -1.0})}, "poststratify", "positivt"),
        ({"g": (["a"] * 14, {"a": 10.0})}, "poststratify", "14 værdier"),
        ({"g": (["a"] * 15, {"a": 1.0}), "h": (["b"] * 15, {"b": 1.0})}, "poststratify", "én"),
        ({"g": (["a"] * 15, {"a": 10.0}), "h": (["b"] * 15, {"b": 11.0})}, "rake", "totaler"),
        ({}, "rake", "mindst én"),
        ({"g": (["a"] * 15, {"a": 10.0})}, "greg", "Ukendt"),
    ],
)
def test_bad_calibration_is_refused(
    golden: StratifiedDesign, margins: dict, method: str, message: str
) -> None:
    with pytest.raises(EstimationError, match=message):
        calibrate(golden, margins=margins, method=method)  # type: ignore[arg-type]


def test_raking_that_does_not_converge_says_so(golden: StratifiedDesign) -> None:
    first = np.array(["a", "b"] * 7 + ["a"])
    second = np.array(["x"] * 8 + ["y"] * 7)
    with pytest.raises(EstimationError, match="Raking nåede ikke marginerne efter 1"):
        calibrate(
            golden,
            margins={
                "first": (first, {"a": 200.0, "b": 150.0}),
                "second": (second, {"x": 100.0, "y": 250.0}),
            },
            method="rake",
            max_iter=1,
        )


# --- validation ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"weights": [0.0, *WEIGHTS[1:]]}, "række 1 har vægten 0"),
        ({"weights": WEIGHTS[:-1]}, "14 vægte til 15 besvarelser"),
        ({"weights": [*WEIGHTS[:-1], math.nan]}, "positive tal"),
        ({"fpc": [4] * 5 + POPULATION[5:]}, "stratum A .4. er mindre end antallet"),
        ({"fpc": [100, 101, *POPULATION[2:]]}, "den samme for hele stratum A"),
        ({"fpc": POPULATION[:-1]}, "14 populationsstørrelser"),
        ({"strata": [None, *STRATA[1:]]}, "Stratum mangler i række 1"),
        ({"lonely": "ignore"}, "Ukendt politik"),
    ],
)
def test_bad_designs_are_refused(kwargs: dict, message: str) -> None:
    arguments: dict = {"strata": STRATA, "weights": WEIGHTS, "fpc": POPULATION} | kwargs
    with pytest.raises(EstimationError, match=message):
        StratifiedDesign.build(**arguments)


def test_bad_estimates_are_refused(golden: StratifiedDesign) -> None:
    with pytest.raises(EstimationError, match="0 og 1"):
        proportion(golden, [2] * 15)
    with pytest.raises(EstimationError, match="kun for andele"):
        mean(golden, INNOV, ci="logit")
    with pytest.raises(EstimationError, match="14 værdier til 15"):
        mean(golden, INNOV[:-1])
    with pytest.raises(EstimationError, match="mellem 0 og 1"):
        mean(golden, INNOV, level=95)
    with pytest.raises(EstimationError, match="sand/falsk"):
        mean(golden, INNOV, domain=[1] * 15)
    with pytest.raises(EstimationError, match="domæneangivelser"):
        estimate_matrix(golden, INNOV, domains=["a"] * 3)
    with pytest.raises(EstimationError, match="Ukendt slags"):
        estimate_matrix(golden, INNOV, kind="median")  # type: ignore[arg-type]
