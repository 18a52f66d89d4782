"""The diffusion models: the published Bass reference fit, recovery of known parameters, the
standard errors against an independent computation, model choice by AIC, the forecast band and
every reason to refuse a fit."""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from scipy import stats

from spred.diffusion.analysis import fitting
from spred.diffusion.analysis.fitting import MODELS, FitRefused, FitResult, fit, fit_best

# Bass (1969), room air conditioners 1949–1961, thousands of units; launch at t = 0.
AIR_CONDITIONERS = [96, 195, 238, 380, 1045, 1230, 1267, 1828, 1586, 1673, 1800, 1580, 1500]

# Parameters that give a clear S-curve over 14 periods for each model.
TRUE = {
    "bass": {"m": 500.0, "p": 0.02, "q": 0.5},
    "logistic": {"m": 400.0, "r": 0.6, "t0": 7.0},
    "gompertz": {"m": 300.0, "b": 8.0, "c": 0.35},
}


def share_curve(model: str, params: dict[str, float], t: np.ndarray) -> np.ndarray:
    """F(t) written out here, apart from the module, so the tests check the formulas."""
    if model == "bass":
        p, q = params["p"], params["q"]
        e = np.exp(-(p + q) * t)
        return (1 - e) / (1 + (q / p) * e)
    if model == "logistic":
        return 1 / (1 + np.exp(-params["r"] * (t - params["t0"])))
    return np.exp(-params["b"] * np.exp(-params["c"] * t))


def per_period(model: str, params: dict[str, float], periods: int) -> np.ndarray:
    f = share_curve(model, params, np.arange(periods + 1, dtype=float))
    return params["m"] * np.diff(f)


def close(value: float, expected: float, relative: float) -> bool:
    return abs(value - expected) <= relative * abs(expected)


def numeric_jacobian(result: FitResult) -> np.ndarray:
    """Central differences of the per-period model, independent of the module's derivatives."""
    names = fitting.PARAMETERS[result.model]
    columns = []
    for name in names:
        step = 1e-6 * max(abs(result.params[name]), 1e-3)
        up, down = dict(result.params), dict(result.params)
        up[name] += step
        down[name] -= step
        columns.append(
            (per_period(result.model, up, result.n) - per_period(result.model, down, result.n))
            / (2 * step)
        )
    return np.stack(columns, axis=1)


# --- the reference fit -------------------------------------------------------------------------


def test_bass_reference_fit_of_room_air_conditioners() -> None:
    result = fit(AIR_CONDITIONERS, "bass")
    assert close(result.params["m"], 18712.7, 1e-5)
    assert close(result.params["p"], 0.009442, 1e-4)
    assert close(result.params["q"], 0.37476, 1e-5)
    assert (result.n, result.k) == (13, 3)
    assert result.periods == tuple(range(1, 14))
    assert result.observed == tuple(float(v) for v in AIR_CONDITIONERS)


def test_reference_fit_statistics_follow_their_formulas() -> None:
    result = fit(AIR_CONDITIONERS, "bass")
    observed = np.array(AIR_CONDITIONERS, dtype=float)
    fitted = np.array(result.fitted)
    rss = float(np.sum((observed - fitted) ** 2))
    assert math.isclose(result.rss, rss, rel_tol=1e-12)
    assert math.isclose(result.sigma2, rss / 10, rel_tol=1e-12)
    assert math.isclose(result.aic, 13 * math.log(rss / 13) + 2 * 3, rel_tol=1e-12)
    assert math.isclose(result.bic, 13 * math.log(rss / 13) + 3 * math.log(13), rel_tol=1e-12)
    total_ss = float(np.sum((observed - observed.mean()) ** 2))
    assert math.isclose(result.r_squared, 1 - rss / total_ss, rel_tol=1e-12)
    assert np.allclose(fitted, per_period("bass", result.params, 13), rtol=1e-12)


@pytest.mark.parametrize("model", MODELS)
def test_standard_errors_match_an_independent_jacobian(model: str) -> None:
    result = fit(AIR_CONDITIONERS, model)  # type: ignore[arg-type]
    jacobian = numeric_jacobian(result)
    covariance = result.sigma2 * np.linalg.inv(jacobian.T @ jacobian)
    for index, name in enumerate(fitting.PARAMETERS[result.model]):
        assert close(result.std_errors[name], math.sqrt(covariance[index, index]), 1e-4)
    assert np.allclose(np.array(result.covariance), covariance, rtol=1e-3)


def test_the_logistic_difference_form_is_bass_in_other_coordinates() -> None:
    bass = fit(AIR_CONDITIONERS, "bass")
    logistic = fit(AIR_CONDITIONERS, "logistic")
    m, p, q = bass.params["m"], bass.params["p"], bass.params["q"]
    assert math.isclose(logistic.rss, bass.rss, rel_tol=1e-8)
    assert close(logistic.params["r"], p + q, 1e-6)
    assert close(logistic.params["t0"], math.log(q / p) / (p + q), 1e-6)
    assert close(logistic.params["m"], m * (p + q) / q, 1e-6)
    assert close(logistic.ceiling, m, 1e-6)


# --- recovery and choice -----------------------------------------------------------------------


@pytest.mark.parametrize("model", MODELS)
def test_noiseless_series_give_back_their_parameters(model: str) -> None:
    series = per_period(model, TRUE[model], 14)
    result = fit(series.tolist(), model)  # type: ignore[arg-type]
    for name, value in TRUE[model].items():
        assert close(result.params[name], value, 1e-6), name
    assert result.rss < 1e-12 * float(series @ series)
    assert math.isclose(result.r_squared, 1.0, abs_tol=1e-12)


@pytest.mark.parametrize("model", MODELS)
def test_cumulative_curve_adds_up_the_fitted_periods(model: str) -> None:
    result = fit(per_period(model, TRUE[model], 14).tolist(), model)  # type: ignore[arg-type]
    cumulative = result.cumulative(np.arange(0, 15))
    assert cumulative[0] == 0
    assert np.allclose(cumulative[1:], np.cumsum(result.fitted), rtol=1e-12)
    assert close(float(result.cumulative([1e6])[0]), result.ceiling, 1e-9)


def noisy(model: str, seed: int) -> list[float]:
    series = per_period(model, TRUE[model], 14)
    rng = np.random.default_rng(seed)
    return np.clip(series + rng.normal(0, 0.02 * series.max(), series.size), 0, None).tolist()


def test_aic_chooses_gompertz_for_gompertz_data() -> None:
    selection = fit_best(noisy("gompertz", 1))
    assert selection.best is not None
    assert selection.best.model == "gompertz"
    aic = {result.model: result.aic for result in selection.fits}
    assert aic["gompertz"] < min(aic["bass"], aic["logistic"]) - 10


def test_aic_chooses_bass_for_bass_data() -> None:
    selection = fit_best(noisy("bass", 2))
    assert selection.best is not None
    assert selection.best.model == "bass"
    aic = {result.model: result.aic for result in selection.fits}
    assert aic["bass"] < aic["gompertz"] - 10


def test_bass_and_logistic_tie_on_logistic_data_and_bass_is_kept() -> None:
    selection = fit_best(noisy("logistic", 3))
    aic = {result.model: result.aic for result in selection.fits}
    assert math.isclose(aic["bass"], aic["logistic"], abs_tol=1e-6)
    assert aic["logistic"] < aic["gompertz"] - 10
    assert selection.best is not None
    assert selection.best.model == "bass"
    # Listed first, the logistic model wins the tie instead.
    reordered = fit_best(noisy("logistic", 3), models=("logistic", "bass", "gompertz"))
    assert reordered.best is not None
    assert reordered.best.model == "logistic"


def test_noiseless_fits_tie_instead_of_letting_rounding_decide() -> None:
    selection = fit_best(per_period("logistic", TRUE["logistic"], 14).tolist())
    aic = {result.model: result.aic for result in selection.fits}
    assert aic["bass"] == aic["logistic"]
    assert selection.best is not None
    assert selection.best.model == "bass"


def test_short_noisy_bass_series_converge() -> None:
    """Forty realistic ledgers (Poisson counts, 8–14 years, up to 98 adopters)."""
    rng = np.random.default_rng(2026)
    refused = []
    for _ in range(40):
        periods = int(rng.integers(8, 15))
        params = {
            "m": float(rng.uniform(60, 98)),
            "p": float(rng.uniform(0.01, 0.04)),
            "q": float(rng.uniform(0.3, 0.6)),
        }
        counts = rng.poisson(per_period("bass", params, periods)).tolist()
        try:
            fit(counts, "bass")
        except FitRefused as refusal:
            refused.append(refusal.code)
    # The one refusal is a series that grows linearly throughout: its ceiling is unknowable.
    assert refused == ["not_identified"]


# --- refusals ----------------------------------------------------------------------------------


@pytest.mark.parametrize("model", MODELS)
def test_fewer_periods_than_parameters_plus_one_are_refused(model: str) -> None:
    for series in ([5.0, 7.0, 3.0], [5.0]):
        with pytest.raises(FitRefused) as refused:
            fit(series, model)  # type: ignore[arg-type]
        assert refused.value.code == "too_few"
        assert "mindst 4 perioder" in refused.value.reason


def test_all_zero_series_is_refused() -> None:
    with pytest.raises(FitRefused) as refused:
        fit([0, 0, 0, 0, 0, 0], "bass")
    assert refused.value.code == "all_zero"
    assert "nul i alle perioder" in refused.value.reason


@pytest.mark.parametrize(
    ("series", "words"),
    [
        ([1, 2, -3, 4, 5], "Periode 3 har et negativt antal"),
        ([1, 2, 3, math.nan, 5], "Periode 4 har en værdi, der ikke er et endeligt tal"),
        ([1, math.inf, 3, 4, 5], "Periode 2 har en værdi, der ikke er et endeligt tal"),
        (["1", "to", "3", "4"], "Serien skal bestå af tal"),
        ([[1, 2], [3, 4]], "én række tal"),
    ],
)
def test_invalid_values_are_refused(series: list[object], words: str) -> None:
    with pytest.raises(FitRefused) as refused:
        fit(series, "gompertz")  # type: ignore[arg-type]
    assert refused.value.code == "invalid"
    assert words in refused.value.reason
    assert str(refused.value) == refused.value.reason


@pytest.mark.parametrize("model", MODELS)
def test_unbroken_growth_cannot_identify_the_ceiling(model: str) -> None:
    with pytest.raises(FitRefused) as refused:
        fit([1, 2, 4, 8, 16, 32, 64], model)  # type: ignore[arg-type]
    assert refused.value.code == "not_identified"
    assert refused.value.reason.startswith("Data kan ikke identificere modellen: ")
    assert "markedspotentialet m" in refused.value.reason


def test_a_single_burst_cannot_identify_a_curve() -> None:
    selection = fit_best([0, 0, 0, 5])
    assert selection.best is None
    assert set(selection.refused) == set(MODELS)
    for reason in selection.refused.values():
        assert reason.startswith("Data kan ikke identificere modellen: ")


def test_nearly_singular_information_matrix_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    # Any real information matrix has a condition number above 1; lowering the threshold makes
    # the rule refuse the reference data and shows what it says.
    monkeypatch.setattr(fitting, "MAX_CONDITION", 1.0)
    with pytest.raises(FitRefused) as refused:
        fit(AIR_CONDITIONERS, "bass")
    assert refused.value.code == "not_identified"
    assert "informationsmatricen er næsten singulær" in refused.value.reason


def test_a_series_the_gompertz_curve_cannot_separate_is_refused() -> None:
    with pytest.raises(FitRefused) as refused:
        fit([1, 0, 0, 0, 0, 1], "gompertz")
    assert refused.value.code == "not_identified"


def test_a_search_that_does_not_converge_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fitting, "MAX_EVALUATIONS", 1)
    with pytest.raises(FitRefused) as refused:
        fit(AIR_CONDITIONERS, "bass")
    assert refused.value.code == "no_convergence"
    assert refused.value.reason == "Søgningen efter parametrene konvergerede ikke (model: Bass)."


def test_fit_best_collects_refusals_and_never_raises() -> None:
    for series in ([], [0, 0, 0, 0], [1, 2], [1, -1, 2, 3, 4], [1, 2, 4, 8, 16, 32, 64]):
        selection = fit_best(series)
        assert selection.best is None
        assert selection.fits == ()
        assert set(selection.refused) == set(MODELS)


def test_fit_best_keeps_the_fits_that_worked() -> None:
    selection = fit_best(AIR_CONDITIONERS)
    assert [result.model for result in selection.fits] == list(MODELS)
    assert selection.refused == {}
    assert selection.best is min(selection.fits, key=lambda result: result.aic)
    only_bass = fit_best(AIR_CONDITIONERS, models=("bass",))
    assert only_bass.best is not None
    assert only_bass.best.model == "bass"


def test_an_unknown_model_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="unknown diffusion model"):
        fit(AIR_CONDITIONERS, "weibull")  # type: ignore[arg-type]


# --- forecast ----------------------------------------------------------------------------------


def test_forecast_band_contains_the_curve_and_widens_with_the_horizon() -> None:
    result = fit(AIR_CONDITIONERS, "bass")
    forecast = result.forecast(8)
    assert forecast.periods == tuple(range(1, 22))
    assert forecast.level == 0.95
    cumulative = np.array(forecast.cumulative)
    low, high = np.array(forecast.low), np.array(forecast.high)
    assert np.allclose(cumulative, result.cumulative(np.arange(1, 22)))
    assert np.all(low <= cumulative)
    assert np.all(cumulative <= high)
    assert np.all(low >= 0)
    width = high - low
    assert np.all(np.diff(width[12:]) > 0)  # beyond the data the band keeps widening
    assert width[-1] > 1.5 * width[12]


def test_forecast_band_is_the_delta_method_with_a_t_quantile() -> None:
    result = fit(AIR_CONDITIONERS, "gompertz")
    forecast = result.forecast(3, level=0.9)
    names = fitting.PARAMETERS["gompertz"]
    t = 16.0
    gradient = []
    for name in names:
        step = 1e-6 * abs(result.params[name])
        up, down = dict(result.params), dict(result.params)
        up[name] += step
        down[name] -= step

        def cumulative(params: dict[str, float]) -> float:
            shares = share_curve("gompertz", params, np.array([0.0, t]))
            return params["m"] * float(shares[1] - shares[0])

        gradient.append((cumulative(up) - cumulative(down)) / (2 * step))
    g = np.array(gradient)
    half = stats.t.ppf(0.95, 10) * math.sqrt(g @ np.array(result.covariance) @ g)
    assert close(forecast.high[-1] - forecast.cumulative[-1], half, 1e-4)


def test_forecast_band_low_is_clipped_at_zero() -> None:
    result = fit([1, 3, 2, 1], "bass")
    forecast = result.forecast(2)
    assert min(forecast.low) == 0.0
    assert all(low <= value for low, value in zip(forecast.low, forecast.cumulative, strict=True))


def test_forecast_rejects_a_negative_horizon_or_a_bad_level() -> None:
    result = fit(AIR_CONDITIONERS, "bass")
    with pytest.raises(ValueError, match="horizon must be 0 or more"):
        result.forecast(-1)
    with pytest.raises(ValueError, match="level must lie strictly between 0 and 1"):
        result.forecast(3, level=1.0)


# --- serialisation and independence of Django --------------------------------------------------


def test_results_are_json_serialisable() -> None:
    selection = fit_best(AIR_CONDITIONERS)
    assert selection.best is not None
    text = json.dumps(
        {
            "selection": selection.as_dict(),
            "best": selection.best.as_dict(),
            "forecast": selection.best.forecast(5).as_dict(),
        },
        allow_nan=False,
    )
    data = json.loads(text)
    assert data["selection"]["best"] == selection.best.model
    bass = data["selection"]["fits"][0]
    assert bass["model"] == "bass"
    assert set(bass["params"]) == {"m", "p", "q"}
    assert set(bass["std_errors"]) == {"m", "p", "q"}
    for key in ("n", "k", "rss", "sigma2", "aic", "bic", "r_squared", "fitted"):
        assert key in bass
    assert len(data["forecast"]["periods"]) == 18


def test_refusals_are_json_serialisable() -> None:
    selection = fit_best([0, 0, 0, 0])
    assert json.loads(json.dumps(selection.as_dict(), allow_nan=False)) == {
        "best": None,
        "fits": [],
        "refused": selection.refused,
    }


def test_the_module_works_without_django_settings() -> None:
    script = (
        "from spred.diffusion.analysis.fitting import fit, fit_best\n"
        "r = fit([96, 195, 238, 380, 1045, 1230, 1267, 1828, 1586, 1673, 1800, 1580, 1500],"
        " 'bass')\n"
        "print(round(r.params['m'], 1))\n"
        "print(fit_best([0, 0, 0, 0]).refused['bass'])\n"
    )
    environment = {
        key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"
    }
    completed = subprocess.run(  # noqa: S603 - our own interpreter and a fixed script
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parents[3],
        env=environment,
    )
    lines = completed.stdout.splitlines()
    assert lines[0] == "18712.7"
    assert lines[1].startswith("Serien er nul i alle perioder")
