"""Diffusion models fitted to per-period adoptions: Bass, logistic and Gompertz.

Each model gives a cumulative share ``F(t)`` of a market potential ``m``. Following Srinivasan &
Mason (1986), the parameters are estimated by non-linear least squares on the adoptions of each
period, ``s_t = m[F(t) − F(t−1)]`` for ``t = 1 … T`` with launch at ``t = 0``, not on the
cumulative series: consecutive cumulative values share almost all of their error, which makes
least squares on them overconfident.

* Bass: ``F(t) = (1 − e^{−(p+q)t}) / (1 + (q/p) e^{−(p+q)t})`` with parameters ``m, p, q``.
* Logistic: ``F(t) = 1 / (1 + e^{−r(t−t0)})`` with ``m, r, t0``.
* Gompertz: ``F(t) = exp(−b e^{−ct})`` with ``m, b, c``.

For the logistic and Gompertz curves ``F(0) > 0``: part of ``m`` lies "before launch" and the
cumulative curve that matches the observed series is ``m[F(t) − F(0)]``, which levels off at
``m[1 − F(0)]`` (:attr:`FitResult.ceiling`). In this difference form the logistic family is the
Bass family in other coordinates (``r = p + q``, ``t0 = ln(q/p)/(p + q)``,
``m_logistic = m_Bass (p + q)/q``), so the two always reach the same residual sum of squares and
AIC cannot tell them apart; :func:`fit_best` then keeps the model listed first (Bass).

The module uses numpy and scipy only (plus Django's gettext when Django is configured), so it
works in plain scripts and benchmarks. ``docs/diffusion-models.md`` explains the method.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
from scipy import stats
from scipy.optimize import least_squares
from scipy.special import expit

ModelName = Literal["bass", "logistic", "gompertz"]
MODELS: tuple[ModelName, ...] = ("bass", "logistic", "gompertz")

PARAMETERS: dict[ModelName, tuple[str, str, str]] = {
    "bass": ("m", "p", "q"),
    "logistic": ("m", "r", "t0"),
    "gompertz": ("m", "b", "c"),
}

# The market potential may not exceed this multiple of what has been observed: a fit that wants
# more is extrapolating an unbroken growth phase (or placing most of the curve before launch),
# which the data cannot pin down.
M_CAP_FACTOR = 1000.0
# Largest condition number of the column-equilibrated Jacobian (its square is that of JᵀJ) for
# which the standard errors still mean something.
MAX_CONDITION = 1e7
# A residual sum of squares below this share of Σs² counts as a perfect fit in AIC/BIC, so that
# rounding noise in two exact fits does not decide between models.
PERFECT_FIT_SHARE = 1e-12
# Two AIC values closer than this are a tie; the model listed first wins.
AIC_TIE = 1e-6
# Evaluations allowed per start; well-posed series converge in a few dozen.
MAX_EVALUATIONS = 100

_TINY = 1e-10  # rates below this are treated as zero, which the model cannot use
RATE_CAP = 10.0  # a rate above this per period turns the curve into a step the data cannot time


def _(message: str) -> str:
    """Translate when Django is configured, so the module also works in plain scripts."""
    from django.conf import settings

    if not settings.configured:
        return message
    from django.utils.translation import gettext

    return gettext(message)


def model_label(model: str) -> str:
    """The model's name as shown to people."""
    labels = {"bass": _("Bass"), "logistic": _("logistisk"), "gompertz": _("Gompertz")}
    return labels.get(model, model)


class FitRefused(ValueError):
    """The series cannot be fitted with the model; ``reason`` is Danish and meant for people.

    ``code`` says which rule refused: ``too_few``, ``all_zero``, ``invalid``, ``no_convergence``
    or ``not_identified``.
    """

    def __init__(self, reason: str, code: str = "not_identified") -> None:
        super().__init__(reason)
        self.reason = reason
        self.code = code


# --- the curves --------------------------------------------------------------------------------
# Each takes the two shape parameters (arrays that broadcast against t) and returns F(t) and its
# derivatives with respect to them; m enters linearly and is handled by the caller.

_Curve = Callable[[np.ndarray, Any, Any], tuple[np.ndarray, np.ndarray, np.ndarray]]


def _bass(t: np.ndarray, p: Any, q: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    e = np.exp(-(p + q) * t)
    ratio = q / p
    numerator = 1.0 - e
    denominator = 1.0 + ratio * e
    f = numerator / denominator
    d_numerator = t * e  # the same for p and q
    d_denominator_p = -ratio * e * (1.0 / p + t)
    d_denominator_q = e / p - ratio * t * e
    squared = denominator * denominator
    df_p = (d_numerator * denominator - numerator * d_denominator_p) / squared
    df_q = (d_numerator * denominator - numerator * d_denominator_q) / squared
    return f, df_p, df_q


def _logistic(t: np.ndarray, r: Any, t0: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    z = r * (t - t0)
    f = expit(z)
    slope = f * expit(-z)  # F(1 − F) without cancellation in the tails
    return f, slope * (t - t0), -slope * r


def _gompertz(t: np.ndarray, b: Any, c: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    u = np.exp(-c * t)
    f = np.exp(-b * u)
    return f, -u * f, b * t * u * f


_CURVES: dict[ModelName, _Curve] = {"bass": _bass, "logistic": _logistic, "gompertz": _gompertz}


def _grid(model: ModelName, periods: int) -> tuple[np.ndarray, np.ndarray]:
    """Shape parameters to try before the local search, covering slow to abrupt diffusion."""
    if model == "bass":
        first, second = np.meshgrid(np.logspace(-5, 0.3, 24), np.logspace(-4, 0.7, 24))
    else:
        rate = np.logspace(-1.5, 0.7, 24)
        # Placing the inflection (logistic) or the peak (Gompertz) over a range of periods keeps
        # the grid meaningful whatever the length of the series.
        where = np.linspace(-periods, 2.0 * periods + 5.0, 30)
        rates, places = np.meshgrid(rate, where)
        if model == "logistic":
            first, second = rates, places
        else:
            first, second = np.exp(np.clip(rates * places, -20.0, 27.0)), rates
    return first.ravel(), second.ravel()


def _limits(model: ModelName, periods: int) -> tuple[tuple[float, float], tuple[float, float]]:
    """Plausible ranges for the shape parameters. The search itself is unbounded (rates on a
    log scale); an estimate outside these ranges means the data do not determine it."""
    if model == "bass":
        # q may go to zero (diffusion by outside influence alone); p may not, since q/p enters.
        return (_TINY, RATE_CAP), (-math.inf, RATE_CAP)
    if model == "logistic":
        reach = 10.0 * periods + 50.0
        return (_TINY, RATE_CAP), (-reach, reach)
    return (_TINY, 1e12), (_TINY, RATE_CAP)


# Which shape parameters are searched on a log scale (they must stay positive).
_LOG_SCALE: dict[ModelName, tuple[bool, bool]] = {
    "bass": (True, True),
    "logistic": (True, False),
    "gompertz": (True, True),
}


# --- results -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Forecast:
    """The fitted cumulative curve for periods ``1 … T + horizon`` with a pointwise band."""

    periods: tuple[int, ...]
    cumulative: tuple[float, ...]
    low: tuple[float, ...]
    high: tuple[float, ...]
    level: float

    def as_dict(self) -> dict[str, Any]:
        return {
            "level": self.level,
            "periods": list(self.periods),
            "cumulative": list(self.cumulative),
            "low": list(self.low),
            "high": list(self.high),
        }


@dataclass(frozen=True)
class FitResult:
    model: ModelName
    params: dict[str, float]
    std_errors: dict[str, float]
    periods: tuple[int, ...]
    observed: tuple[float, ...]
    fitted: tuple[float, ...]
    rss: float
    sigma2: float
    aic: float
    bic: float
    r_squared: float
    n: int
    k: int
    covariance: tuple[tuple[float, ...], ...] = field(repr=False)

    @property
    def label(self) -> str:
        return model_label(self.model)

    def _theta(self) -> tuple[float, float, float]:
        names = PARAMETERS[self.model]
        return self.params[names[0]], self.params[names[1]], self.params[names[2]]

    def _cumulative_and_gradient(self, t: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        m, first, second = self._theta()
        curve = _CURVES[self.model]
        f, d_first, d_second = curve(t, first, second)
        f0, d_first0, d_second0 = curve(np.zeros(1), first, second)
        share = f - f0
        gradient = np.stack([share, m * (d_first - d_first0), m * (d_second - d_second0)], axis=1)
        return m * share, gradient

    def cumulative(self, t: Sequence[float] | np.ndarray) -> np.ndarray:
        """Fitted adoptions from launch through ``t``: ``m[F(t) − F(0)]``."""
        values, _gradient = self._cumulative_and_gradient(np.asarray(t, dtype=float))
        return values

    @property
    def ceiling(self) -> float:
        """Where the fitted cumulative curve levels off: ``m[1 − F(0)]`` (``m`` for Bass)."""
        m, first, second = self._theta()
        f0 = _CURVES[self.model](np.zeros(1), first, second)[0]
        return float(m * (1.0 - f0[0]))

    def forecast(self, horizon: int, level: float = 0.95) -> Forecast:
        """Cumulative curve for ``1 … T + horizon`` with a delta-method band at ``level``.

        The band is for the fitted curve (parameter uncertainty), not for future single counts.
        """
        if horizon < 0:
            raise ValueError("horizon must be 0 or more")
        if not 0.0 < level < 1.0:
            raise ValueError("level must lie strictly between 0 and 1")
        periods = np.arange(1, len(self.periods) + horizon + 1, dtype=float)
        values, gradient = self._cumulative_and_gradient(periods)
        covariance = np.array(self.covariance)
        variance = np.einsum("ij,jk,ik->i", gradient, covariance, gradient)
        half = float(stats.t.ppf(0.5 + level / 2.0, self.n - self.k)) * np.sqrt(
            np.clip(variance, 0.0, None)
        )
        return Forecast(
            periods=tuple(int(p) for p in periods),
            cumulative=tuple(float(v) for v in values),
            low=tuple(float(v) for v in np.clip(values - half, 0.0, None)),
            high=tuple(float(v) for v in values + half),
            level=level,
        )

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready: plain floats, ints, strings and lists."""
        return {
            "model": self.model,
            "label": str(self.label),
            "params": dict(self.params),
            "std_errors": dict(self.std_errors),
            "covariance": [list(row) for row in self.covariance],
            "ceiling": self.ceiling,
            "n": self.n,
            "k": self.k,
            "rss": self.rss,
            "sigma2": self.sigma2,
            "aic": self.aic,
            "bic": self.bic,
            "r_squared": self.r_squared,
            "periods": list(self.periods),
            "observed": list(self.observed),
            "fitted": list(self.fitted),
        }


@dataclass(frozen=True)
class Selection:
    best: FitResult | None
    fits: tuple[FitResult, ...]
    refused: dict[str, str]

    def as_dict(self) -> dict[str, Any]:
        return {
            "best": self.best.model if self.best else None,
            "fits": [result.as_dict() for result in self.fits],
            "refused": dict(self.refused),
        }


# --- fitting -----------------------------------------------------------------------------------


def _series(adoptions: Sequence[float], k: int) -> np.ndarray:
    try:
        values = np.asarray(adoptions, dtype=float)
    except (TypeError, ValueError) as error:
        raise FitRefused(_("Serien skal bestå af tal."), "invalid") from error
    if values.ndim != 1:
        raise FitRefused(_("Serien skal være én række tal, ét pr. periode."), "invalid")
    for period, value in enumerate(values, start=1):
        if not math.isfinite(value):
            raise FitRefused(
                _("Periode %(period)d har en værdi, der ikke er et endeligt tal.")
                % {"period": period},
                "invalid",
            )
        if value < 0:
            raise FitRefused(
                _("Periode %(period)d har et negativt antal ibrugtagninger (%(value)g).")
                % {"period": period, "value": value},
                "invalid",
            )
    if len(values) <= k:
        raise FitRefused(
            _(
                "Serien har %(n)d perioder, men modellen har %(k)d parametre; der skal "
                "mindst %(minimum)d perioder til."
            )
            % {"n": len(values), "k": k, "minimum": k + 1},
            "too_few",
        )
    if not values.any():
        raise FitRefused(
            _("Serien er nul i alle perioder; der er ingen ibrugtagninger at tilpasse til."),
            "all_zero",
        )
    return values


def _per_period(
    curve: _Curve, t: np.ndarray, m: float, first: float, second: float
) -> tuple[np.ndarray, np.ndarray]:
    """Fitted adoptions per period and their Jacobian with respect to (m, first, second)."""
    f, d_first, d_second = curve(t, first, second)
    jacobian = np.empty((len(t) - 1, 3))
    jacobian[:, 0] = f[1:] - f[:-1]
    jacobian[:, 1] = m * (d_first[1:] - d_first[:-1])
    jacobian[:, 2] = m * (d_second[1:] - d_second[:-1])
    return m * jacobian[:, 0], jacobian


class _Search:
    """The least-squares problem in the coordinates the search uses: ``log(m/total − 1)`` and
    the log of each positive rate, so that the bounds hold without a bounded method (MINPACK's
    Levenberg–Marquardt is several times faster than scipy's bounded trust-region method)."""

    def __init__(self, model: ModelName, s: np.ndarray, total: float) -> None:
        self.curve = _CURVES[model]
        self.s = s
        self.total = total
        self.t = np.arange(len(s) + 1, dtype=float)
        self.log_scale = _LOG_SCALE[model]
        self._cached: tuple[bytes, np.ndarray, np.ndarray] | None = None

    def natural(self, u: np.ndarray) -> np.ndarray:
        clipped = np.clip(u, -700.0, 700.0)
        return np.array(
            [
                self.total * (1.0 + math.exp(clipped[0])),
                math.exp(clipped[1]) if self.log_scale[0] else u[1],
                math.exp(clipped[2]) if self.log_scale[1] else u[2],
            ]
        )

    def search(self, theta: np.ndarray) -> np.ndarray:
        return np.array(
            [
                math.log(theta[0] / self.total - 1.0),
                math.log(theta[1]) if self.log_scale[0] else theta[1],
                math.log(theta[2]) if self.log_scale[1] else theta[2],
            ]
        )

    def _evaluate(self, u: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        # MINPACK asks for the residuals and then the Jacobian at the same point.
        key = u.tobytes()
        if self._cached is None or self._cached[0] != key:
            theta = self.natural(u)
            fitted, jacobian = _per_period(self.curve, self.t, *theta)
            chain = np.array(
                [
                    theta[0] - self.total,
                    theta[1] if self.log_scale[0] else 1.0,
                    theta[2] if self.log_scale[1] else 1.0,
                ]
            )
            self._cached = (key, fitted - self.s, jacobian * chain)
        return self._cached[1], self._cached[2]

    def residuals(self, u: np.ndarray) -> np.ndarray:
        return self._evaluate(u)[0]

    def jacobian(self, u: np.ndarray) -> np.ndarray:
        return self._evaluate(u)[1]


@functools.lru_cache(maxsize=128)
def _grid_shares(
    model: ModelName, periods: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The grid's per-period shares F(t) − F(t−1); they depend only on the series' length, so
    many series of the same length (one per solution) share them."""
    first, second = _grid(model, periods)
    t = np.arange(periods + 1, dtype=float)
    with np.errstate(over="ignore", under="ignore", divide="ignore", invalid="ignore"):
        f = _CURVES[model](t[None, :], first[:, None], second[:, None])[0]
    shares = f[:, 1:] - f[:, :-1]
    squares = np.einsum("ij,ij->i", shares, shares)
    for array in (first, second, shares, squares):
        array.flags.writeable = False
    return first, second, shares, squares


def _starts(model: ModelName, s: np.ndarray, total: float) -> list[np.ndarray]:
    """Starting points: the best of a grid over the shape parameters with m profiled out (m
    enters linearly, so its best value for given shape parameters is a projection), plus
    Bass's own regression estimate for the Bass model, then a second grid point."""
    first, second, shares, squares = _grid_shares(model, len(s))
    with np.errstate(divide="ignore", invalid="ignore"):
        m = (shares @ s) / squares
    cap = M_CAP_FACTOR * total
    m = np.clip(np.nan_to_num(m, nan=total, posinf=cap), total, cap)
    rss = np.sum((m[:, None] * shares - s) ** 2, axis=1)
    best = int(np.nanargmin(rss))
    starts = [np.array([m[best], first[best], second[best]])]
    if model == "bass":
        regression = _bass_regression_start(s)
        if regression is not None:
            starts.append(regression)
    # The best grid point with a clearly different first shape parameter, in case the search
    # from the overall best runs off into a valley.
    elsewhere = np.abs(np.log(first / first[best])) > math.log(4.0)
    if elsewhere.any():
        other = int(np.nanargmin(np.where(elsewhere, rss, np.inf)))
        starts.append(np.array([m[other], first[other], second[other]]))
    for start in starts:
        # The search works with log(m/total − 1): a start on the bound would have no slope.
        start[0] = min(max(start[0], 1.1 * total), 0.5 * cap)
    return starts


def _bass_regression_start(s: np.ndarray) -> np.ndarray | None:
    """Bass (1969): regress s_t on 1, Y_{t−1}, Y_{t−1}² and solve for m, p, q."""
    previous = np.concatenate([[0.0], np.cumsum(s)[:-1]])
    design = np.stack([np.ones_like(previous), previous, previous**2], axis=1)
    (a, b, c), *_rest = np.linalg.lstsq(design, s, rcond=None)
    discriminant = b * b - 4.0 * a * c
    if c >= 0 or discriminant < 0:
        return None
    m = (-b - math.sqrt(discriminant)) / (2.0 * c)
    if not m > 0 or not a > 0:
        return None
    p, q = a / m, -c * m
    return np.array([m, p, max(q, _TINY)]) if p > 0 else None


def _check_plausible(
    model: ModelName, theta: np.ndarray, total: float, periods: int, *, stalled: bool = False
) -> None:
    # A search stopped on its way out is judged by where it was heading, with a wider margin.
    if theta[0] >= (10.0 if stalled else M_CAP_FACTOR) * total:
        raise _unbounded_potential()
    names = PARAMETERS[model]
    for index, (low, high) in enumerate(_limits(model, periods), start=1):
        if not low <= theta[index] <= high:
            raise _not_identified(
                _("parameteren %(name)s går mod grænsen for det mulige (%(value)g).")
                % {"name": names[index], "value": theta[index]}
            )


def _unbounded_potential() -> FitRefused:
    return _not_identified(
        _(
            "markedspotentialet m vokser uden grænse under tilpasningen. Det sker typisk, når "
            "serien endnu ikke viser nogen afmatning, eller når kurven skulle lægge det meste "
            "af spredningen før første periode."
        )
    )


def _not_identified(detail: str) -> FitRefused:
    return FitRefused(
        _("Data kan ikke identificere modellen: %(detail)s") % {"detail": detail},
        "not_identified",
    )


def fit(adoptions: Sequence[float], model: ModelName) -> FitResult:
    """Fit ``model`` to per-period adoptions (``adoptions[0]`` is period 1).

    Raises :class:`FitRefused` with a Danish reason when the series cannot be fitted.
    """
    if model not in PARAMETERS:
        raise ValueError(f"unknown diffusion model {model!r}")
    names = PARAMETERS[model]
    k = len(names)
    s = _series(adoptions, k)
    n = len(s)
    total = float(s.sum())
    t = np.arange(n + 1, dtype=float)
    curve = _CURVES[model]
    problem = _Search(model, s, total)

    best: Any = None
    stalled: Any = None
    with np.errstate(over="ignore", under="ignore", divide="ignore", invalid="ignore"):
        # Further starts are tried only when the earlier ones fail: on simulated ledgers the
        # profiled grid start nearly always reached the best optimum any start found
        # (docs/diffusion-models.md), and every start costs as much as the first.
        for start in _starts(model, s, total):
            try:
                found = least_squares(
                    problem.residuals,
                    problem.search(start),
                    jac=problem.jacobian,
                    method="lm",
                    xtol=1e-12,
                    ftol=1e-12,
                    gtol=1e-12,
                    max_nfev=MAX_EVALUATIONS,
                )
            except (ValueError, np.linalg.LinAlgError):
                continue
            if not (np.all(np.isfinite(found.x)) and np.isfinite(found.cost)):
                continue
            if found.status > 0:
                best = found
                break
            if stalled is None or found.cost < stalled.cost:
                stalled = found
    if best is None:
        if stalled is not None:
            # A search that gave up while heading for an implausible region is the data's
            # fault, not the method's: say which parameter runs away.
            _check_plausible(model, problem.natural(stalled.x), total, n, stalled=True)
        raise FitRefused(
            _("Søgningen efter parametrene konvergerede ikke (model: %(model)s).")
            % {"model": model_label(model)},
            "no_convergence",
        )
    theta = problem.natural(best.x)
    _check_plausible(model, theta, total, n)

    fitted, jac = _per_period(curve, t, *theta)
    residual = s - fitted
    rss = float(residual @ residual)
    norms = np.linalg.norm(jac, axis=0)
    if not np.all(np.isfinite(jac)) or np.any(norms == 0):
        raise _not_identified(_("mindst én parameter påvirker ikke de tilpassede værdier."))
    # The equilibrated Jacobian (unit columns) measures how well the data separate the
    # parameters whatever their units, and (JᵀJ)⁻¹ is computed through it.
    _u, singular, vt = np.linalg.svd(jac / norms, full_matrices=False)
    if singular[-1] <= 0 or singular[0] / singular[-1] > MAX_CONDITION:
        raise _not_identified(
            _("parametrene kan ikke skilles ad (informationsmatricen er næsten singulær).")
        )
    sigma2 = rss / (n - k)
    scaled_inverse = (vt.T / singular**2) @ vt
    covariance = sigma2 * scaled_inverse / np.outer(norms, norms)
    errors = np.sqrt(np.diag(covariance))
    if not np.all(np.isfinite(errors)) or not np.all(np.isfinite(covariance)):
        raise _not_identified(_("standardfejlene bliver uendelige."))

    observed_ss = float(s @ s)
    rss_for_criteria = max(rss, PERFECT_FIT_SHARE * observed_ss)
    log_likelihood_term = n * math.log(rss_for_criteria / n)
    centred = s - s.mean()
    total_ss = float(centred @ centred)
    # A constant series has no variation to explain; R² is then reported as 0.
    r_squared = 1.0 - rss / total_ss if total_ss > 0 else 0.0
    return FitResult(
        model=model,
        params={name: float(value) for name, value in zip(names, theta, strict=True)},
        std_errors={name: float(value) for name, value in zip(names, errors, strict=True)},
        periods=tuple(range(1, n + 1)),
        observed=tuple(float(v) for v in s),
        fitted=tuple(float(v) for v in fitted),
        rss=rss,
        sigma2=float(sigma2),
        aic=log_likelihood_term + 2.0 * k,
        bic=log_likelihood_term + k * math.log(n),
        r_squared=float(r_squared),
        n=n,
        k=k,
        covariance=tuple(tuple(float(v) for v in row) for row in covariance),
    )


def fit_best(adoptions: Sequence[float], models: Sequence[ModelName] = MODELS) -> Selection:
    """Fit each model and choose the lowest AIC; refusals are collected, never raised.

    AIC values within :data:`AIC_TIE` of each other are a tie, won by the model listed first.
    """
    fits: list[FitResult] = []
    refused: dict[str, str] = {}
    for model in models:
        try:
            fits.append(fit(adoptions, model))
        except FitRefused as refusal:
            refused[model] = refusal.reason
    best: FitResult | None = None
    for result in fits:
        if best is None or result.aic < best.aic - AIC_TIE:
            best = result
    return Selection(best=best, fits=tuple(fits), refused=refused)


__all__ = [
    "MODELS",
    "PARAMETERS",
    "FitRefused",
    "FitResult",
    "Forecast",
    "ModelName",
    "Selection",
    "fit",
    "fit_best",
    "model_label",
]
