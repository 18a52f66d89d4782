"""Design-based estimation for the Innovation Barometer (stratified element sample).

The barometer samples public workplaces in strata (government level × industry × size) and weights
the answers. Every published figure comes from this module, and it reproduces R's ``survey``
package (``svydesign(ids=~1, strata=~stratum, fpc=~N_h, weights=~w)``) to 1e-9; the comparison
runs in the test suite (``tests/test_r_survey.py``). The design the estimators work on
(``StratifiedDesign``) is built and validated in ``design``; this module re-exports it, with
``calibrate`` from ``calibration``, so that the engine is used from one place.

Estimators
    For respondent *i* with weight w_i, value y_i and stratum h:

    * total  t̂ = Σ w_i y_i, linearised variable z_i = w_i y_i;
    * mean   ȳ = Σ w_i y_i / Σ w_i (a ratio), z_i = w_i (y_i − ȳ) / Σ w_i;
    * proportion: the mean of a 0/1 variable.

Variance (Taylor linearisation, one stage, with replacement within strata unless an FPC is given)
    V = Σ_h (1 − n_h/N_h) · n_h/(n_h − 1) · Σ_i∈h (z_i − z̄_h)², where n_h counts the stratum's
    respondents in the *whole* sample and z̄_h = Σ_i∈h z_i / n_h. Without an FPC the factor
    (1 − n_h/N_h) is 1. A stratum with n_h = N_h (a census) contributes nothing.

Domains and missing answers
    A domain estimate is computed on the full design: respondents outside the domain get z = 0 but
    stay in their stratum (they count in n_h and pull z̄_h towards 0). A NaN in y (question not
    asked, or "ved ikke" left out) is treated exactly as being outside the domain; this equals R's
    ``svymean(~y, subset(design, !is.na(y) & domain))`` and ``svyby``. A domain label that is None,
    NaN or the empty string puts the respondent in no domain. ``n`` in a result counts the
    respondents who contributed (in the domain with a value). A cell with no such respondent gets
    NaN for every figure and n = 0 (``mean``/``proportion``/``total`` raise EstimationError
    instead).

Degrees of freedom
    As R's ``degf`` on the (sub)design: the number of contributing respondents minus the number of
    strata they lie in. For the full sample without missing values that is n − H. A domain in few
    strata therefore gets fewer degrees of freedom, as in R; a calibrated design counts the same
    way.

Confidence intervals (``level``, default 95 %), with the t quantile on the degrees of freedom
    * ``wald``: estimate ± t · se (R: ``confint(svymean(...), df=degf(design))``); the default
      for means and totals.
    * ``logit``: for proportions (the default there), as R's ``svyciprop(method="logit")``: the
      interval logit(p̂) ± t · se / (p̂(1 − p̂)) transformed back, so it stays inside [0, 1].
      Where se = 0 (always so when p̂ is 0 or 1) the interval is [p̂, p̂]: the sample shows no
      variation to build an interval from. (R's ``svyciprop`` instead reports the limits of a
      diverging logistic fit there; we do not imitate that.)
    * With fewer than one degree of freedom the t quantile does not exist, and the interval is NaN
      (R gives NaN too). At exactly one degree of freedom R's ``svyciprop`` reports [0, NaN],
      because it turns the t quantile into a normal level and back, which rounds to 1; we give
      the exact t interval there.

Strata with a single respondent ("lonely" strata, n_h = 1 and not a census), ``lonely=``
    * ``fail`` (default): the design is refused with LonelyStratumError naming the stratum (already
      when it is built; R fails when the variance is computed).
    * ``certainty``: the stratum contributes no variance (it is treated as sampled with
      certainty).
    * ``adjust``: its linearised value is taken as a deviation from 0 instead of from its own
      (single-value) stratum mean, and contributes (1 − 1/N_h) z_i². For a mean or proportion of
      the whole sample 0 is the grand mean of z, which is what "centred at the grand mean" means;
      R's ``options(survey.lonely.psu="adjust")`` (survey 4.x) uses 0 for totals and domains too,
      and so do we.
    * ``average``: the variance from the other strata is scaled up by H_present / H_ok, where
      H_present counts the strata that take part in the estimate (for a domain of an uncalibrated
      design: the strata with a contributing respondent; for a calibrated design: all strata) and
      H_ok those among them that are not lonely. As R's ``"average"``. If every stratum taking
      part is lonely, the standard error is NaN.

Calibration (``calibrate``)
    Post-stratification to the known population count of each category of one variable, and
    raking (iterative proportional fitting) to several margins. The standard errors of a
    calibrated design follow R: for post-stratification the linearised values are replaced by their
    residuals from the post-stratum means (``postStratify``); for raking R's approximation is used:
    ten sweeps over the margins, each subtracting the unweighted mean of z/w within the category
    (``rake``). See ``calibration``.

Two waves (``change_test``)
    The waves are independent samples: the difference b − a has se = √(se_a² + se_b²); the test
    and interval use the t distribution with min(df_a, df_b) degrees of freedom (conservative;
    no Welch–Satterthwaite correction). With se = 0 the statistic and p-value are NaN.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
from scipy import special

from spred.barometer.analysis.calibration import calibrate
from spred.barometer.analysis.design import (
    CENSUS_FRACTION,
    LONELY_POLICIES,
    EstimationError,
    Grouping,
    LonelyPolicy,
    LonelyStratumError,
    StratifiedDesign,
    factorize,
)
from spred.barometer.analysis.translation import gettext as _

if TYPE_CHECKING:
    from numpy.typing import ArrayLike

CiMethod = Literal["logit", "wald"]
Kind = Literal["mean", "proportion", "total"]

CI_METHODS: tuple[str, ...] = ("logit", "wald")
KINDS: tuple[str, ...] = ("mean", "proportion", "total")


@dataclass(frozen=True)
class Estimate:
    estimate: float
    se: float
    ci_low: float
    ci_high: float
    df: int
    n: int

    def as_dict(self) -> dict[str, float | int | None]:
        """JSON-friendly: NaN becomes None."""
        return {
            name: (None if isinstance(value, float) and math.isnan(value) else value)
            for name, value in (
                ("estimate", self.estimate),
                ("se", self.se),
                ("ci_low", self.ci_low),
                ("ci_high", self.ci_high),
                ("df", self.df),
                ("n", self.n),
            )
        }


@dataclass(frozen=True, eq=False)
class EstimateTable:
    """Estimates for k variables × d domains; every array has shape (k, d)."""

    estimate: np.ndarray
    se: np.ndarray
    ci_low: np.ndarray
    ci_high: np.ndarray
    n: np.ndarray
    df: np.ndarray
    domains: list[Any]
    kind: Kind
    ci: CiMethod
    level: float

    def cell(self, variable: int, domain: int = 0) -> Estimate:
        return Estimate(
            estimate=float(self.estimate[variable, domain]),
            se=float(self.se[variable, domain]),
            ci_low=float(self.ci_low[variable, domain]),
            ci_high=float(self.ci_high[variable, domain]),
            df=int(self.df[variable, domain]),
            n=int(self.n[variable, domain]),
        )


@dataclass(frozen=True)
class ChangeTest:
    diff: float
    se: float
    statistic: float
    df: int
    p_value: float
    ci_low: float
    ci_high: float
    level: float


# --- the vectorised core ---------------------------------------------------------------------


def _as_matrix(design: StratifiedDesign, values: ArrayLike) -> np.ndarray:
    try:
        matrix = np.asarray(values, dtype=np.float64)
    except (TypeError, ValueError) as error:
        raise EstimationError(_("Værdierne skal være tal (tomme felter som NaN).")) from error
    if matrix.ndim == 1:
        matrix = matrix[:, None]
    if matrix.ndim != 2 or matrix.shape[0] != design.n:
        raise EstimationError(
            _("Der er %(values)d værdier til %(rows)d besvarelser.")
            % {"values": matrix.shape[0] if matrix.ndim else 0, "rows": design.n}
        )
    if np.isinf(matrix).any():
        raise EstimationError(_("Værdierne må ikke være uendelige."))
    return matrix


def _check_binary(values: np.ndarray) -> None:
    # NaN fails both comparisons with 0 and 1 as well as the self-comparison, so it passes.
    if np.any((values != 0) & (values != 1) & (values == values)):
        raise EstimationError(_("En andel kræver en variabel med værdierne 0 og 1 (eller tom)."))


def _stratum_variance(
    design: StratifiedDesign,
    z: np.ndarray,
    groups: Grouping,
    group_stratum: np.ndarray,
    present: np.ndarray,
    blocks: Grouping,
) -> np.ndarray:
    """Σ_h of the stratum variances for each block of groups (one block per domain).

    ``z`` holds the linearised values of the rows that may be non-zero; each group is one stratum
    within one block. The stratum's other rows are zero and enter only through n_h. ``present``
    (groups × k) marks the strata that take part in each estimate.
    """
    n_h = design.n_h[group_stratum].astype(np.float64)
    centre = groups.sums(z) / n_h[:, None]
    deviation = z - centre[groups.group_of_row]
    squares = groups.sums(deviation * deviation)
    squares += (n_h - groups.sizes)[:, None] * centre * centre
    fraction = design.fraction[group_stratum]
    census = fraction < CENSUS_FRACTION
    with np.errstate(divide="ignore", invalid="ignore"):
        scale = np.where((n_h > 1) & ~census, fraction * n_h / (n_h - 1), 0.0)
    contributions = squares * scale[:, None]
    lonely = design.lonely_h[group_stratum]
    if design.lonely == "adjust" and lonely.any():
        raw = groups.sums(z * z)
        contributions[lonely] = raw[lonely] * fraction[lonely][:, None]
    variance = blocks.sums(contributions)
    if design.lonely == "average" and lonely.any():
        taking_part = blocks.sums(present.astype(np.float64))
        lonely_part = blocks.sums((present & lonely[:, None]).astype(np.float64))
        ok = taking_part - lonely_part
        with np.errstate(divide="ignore", invalid="ignore"):
            variance = np.where(ok > 0, variance * taking_part / ok, np.nan)
    return np.asarray(variance)


def _linearise(
    kind: Kind,
    values: np.ndarray,
    mask: np.ndarray,
    weights: np.ndarray,
    row_block: np.ndarray,
    weight_sum: np.ndarray,
    estimate: np.ndarray,
) -> np.ndarray:
    """z for each row (rows × k): 0 where the row does not contribute."""
    wcol = weights[:, None]
    if kind == "total":
        return np.where(mask, wcol * values, 0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        factor = np.where(mask, wcol / weight_sum[row_block], 0.0)
    # The factor is 0 for a row outside the domain or without a value, so its z is 0.
    return np.asarray(factor * (values - estimate[row_block]))


def _empty_cells(n_domains: int, k: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    shape = (n_domains, k)
    return (
        np.full(shape, np.nan),
        np.full(shape, np.nan),
        np.zeros(shape, dtype=np.int64),
        np.zeros(shape, dtype=np.int64),
    )


def _uncalibrated_cells(
    design: StratifiedDesign,
    values: np.ndarray,
    domain_codes: np.ndarray,
    n_domains: int,
    kind: Kind,
) -> tuple[np.ndarray, ...]:
    """All domains at once: rows outside a domain are zero, so only its own rows need work."""
    k = values.shape[1]
    out_estimate, out_variance, out_n, out_df = _empty_cells(n_domains, k)
    rows = np.flatnonzero(domain_codes >= 0)
    if rows.size == 0:
        return out_estimate, out_variance, out_n, out_df
    n_strata = design.n_strata
    key = domain_codes[rows] * n_strata + design.codes[rows]
    group_key, group_of_row = np.unique(key, return_inverse=True)
    groups = Grouping(group_of_row, group_key.size)
    group_stratum = group_key % n_strata
    block_domain, block_of_group = np.unique(group_key // n_strata, return_inverse=True)
    blocks = Grouping(block_of_group, block_domain.size)
    row_block = block_of_group[group_of_row]

    y = values[rows]
    mask = ~np.isnan(y)
    y = np.where(mask, y, 0.0)
    w = design.weights[rows]
    masked_weights = mask * w[:, None]
    counts = groups.sums(mask.astype(np.float64))
    weight_sum = blocks.sums(groups.sums(masked_weights))
    total = blocks.sums(groups.sums(masked_weights * y))
    n = blocks.sums(counts).round().astype(np.int64)
    strata_in = blocks.sums((counts > 0).astype(np.float64)).round().astype(np.int64)
    with np.errstate(divide="ignore", invalid="ignore"):
        estimate = total if kind == "total" else total / weight_sum
    z = _linearise(kind, y, mask, w, row_block, weight_sum, estimate)
    variance = _stratum_variance(design, z, groups, group_stratum, counts > 0, blocks)
    out_estimate[block_domain] = estimate
    out_variance[block_domain] = variance
    out_n[block_domain] = n
    out_df[block_domain] = n - strata_in
    empty = out_n == 0
    out_estimate[empty] = np.nan
    out_variance[empty] = np.nan
    return out_estimate, out_variance, out_n, out_df


def _calibrated_cells(
    design: StratifiedDesign,
    values: np.ndarray,
    domain_codes: np.ndarray,
    n_domains: int,
    kind: Kind,
) -> tuple[np.ndarray, ...]:
    """One domain at a time: calibration spreads a domain's z over every row."""
    k = values.shape[1]
    out_estimate, out_variance, out_n, out_df = _empty_cells(n_domains, k)
    groups = design.stratum_grouping
    group_stratum = np.arange(design.n_strata)
    blocks = Grouping(np.zeros(design.n_strata, dtype=np.intp), 1)
    all_present = np.ones((design.n_strata, k), dtype=bool)
    finite = ~np.isnan(values)
    filled = np.where(finite, values, 0.0)
    w = design.weights
    row_block = np.zeros(design.n, dtype=np.intp)
    for d in range(n_domains):
        mask = finite & (domain_codes == d)[:, None]
        masked_weights = mask * w[:, None]
        weight_sum = masked_weights.sum(axis=0)[None, :]
        total = (masked_weights * filled).sum(axis=0)[None, :]
        with np.errstate(divide="ignore", invalid="ignore"):
            estimate = total if kind == "total" else total / weight_sum
        z = _linearise(kind, filled, mask, w, row_block, weight_sum, estimate)
        for step in design.calibration:
            z = step.residualise(z)
        variance = _stratum_variance(design, z, groups, group_stratum, all_present, blocks)
        counts = groups.sums(mask.astype(np.float64)).round().astype(np.int64)
        n = counts.sum(axis=0)
        out_estimate[d] = estimate[0]
        out_variance[d] = variance[0]
        out_n[d] = n
        out_df[d] = n - (counts > 0).sum(axis=0)
    empty = out_n == 0
    out_estimate[empty] = np.nan
    out_variance[empty] = np.nan
    return out_estimate, out_variance, out_n, out_df


def _t_quantile(level: float, df: np.ndarray) -> np.ndarray:
    df_float = np.where(df >= 1, df, np.nan).astype(np.float64)
    return np.asarray(special.stdtrit(df_float, 0.5 + level / 2))


def _intervals(
    estimate: np.ndarray, se: np.ndarray, df: np.ndarray, ci: CiMethod, level: float
) -> tuple[np.ndarray, np.ndarray]:
    t = _t_quantile(level, df)
    if ci == "wald":
        return estimate - t * se, estimate + t * se
    with np.errstate(divide="ignore", invalid="ignore"):
        logit = np.log(estimate / (1 - estimate))
        half = t * se / (estimate * (1 - estimate))
        low = 1 / (1 + np.exp(-(logit - half)))
        high = 1 / (1 + np.exp(-(logit + half)))
    flat = (se == 0) & ~np.isnan(t)
    low = np.where(flat, estimate, low)
    high = np.where(flat, estimate, high)
    return low, high


def _check_level(level: float) -> None:
    if not 0 < level < 1:
        raise EstimationError(
            _("Konfidensniveauet skal ligge mellem 0 og 1 (fik %(level)s).") % {"level": level}
        )


def _resolve_ci(kind: Kind, ci: CiMethod | None) -> CiMethod:
    if kind not in KINDS:
        raise EstimationError(_("Ukendt slags estimat: %(kind)s.") % {"kind": kind})
    if ci is None:
        return "logit" if kind == "proportion" else "wald"
    if ci not in CI_METHODS:
        raise EstimationError(_("Ukendt intervalmetode: %(ci)s.") % {"ci": ci})
    if ci == "logit" and kind != "proportion":
        raise EstimationError(_("Logit-intervallet findes kun for andele."))
    return ci


def estimate_matrix(
    design: StratifiedDesign,
    Y: ArrayLike,
    *,
    domains: ArrayLike | None = None,
    kind: Kind = "proportion",
    ci: CiMethod | None = None,
    level: float = 0.95,
) -> EstimateTable:
    """Estimates for every column of ``Y`` (n × k, NaN = missing) in every domain.

    ``domains`` gives each respondent's domain label (None/NaN/"" = in no domain); without it
    there is one domain, the whole sample, labelled None. Domains are sorted by label.
    """
    method = _resolve_ci(kind, ci)
    _check_level(level)
    values = _as_matrix(design, Y)
    if kind == "proportion":
        _check_binary(values)
    if domains is None:
        domain_codes = np.zeros(design.n, dtype=np.intp)
        labels: list[Any] = [None]
    else:
        domain_array = np.asarray(domains)
        if domain_array.shape[:1] != (design.n,):
            raise EstimationError(
                _("Der er %(labels)d domæneangivelser til %(rows)d besvarelser.")
                % {"labels": domain_array.shape[0] if domain_array.ndim else 0, "rows": design.n}
            )
        domain_codes, labels = factorize(domain_array, allow_missing=True)
    compute = _calibrated_cells if design.is_calibrated else _uncalibrated_cells
    estimate, variance, n, df = compute(design, values, domain_codes, len(labels), kind)
    se = np.sqrt(np.maximum(variance, 0.0))
    low, high = _intervals(estimate, se, df, method, level)
    return EstimateTable(
        estimate=estimate.T.copy(),
        se=se.T.copy(),
        ci_low=low.T.copy(),
        ci_high=high.T.copy(),
        n=n.T.copy(),
        df=df.T.copy(),
        domains=labels,
        kind=kind,
        ci=method,
        level=level,
    )


def _single(
    design: StratifiedDesign,
    y: ArrayLike,
    domain: ArrayLike | None,
    kind: Kind,
    ci: CiMethod | None,
    level: float,
) -> Estimate:
    values = _as_matrix(design, y)
    if values.shape[1] != 1:
        raise EstimationError(_("Angiv én variabel ad gangen."))
    if domain is not None:
        inside = np.asarray(domain)
        if inside.dtype != bool or inside.shape != (design.n,):
            raise EstimationError(
                _("Domænet skal være en sand/falsk-angivelse for hver af de %(rows)d besvarelser.")
                % {"rows": design.n}
            )
        values = np.where(inside[:, None], values, np.nan)
    result = estimate_matrix(design, values, kind=kind, ci=ci, level=level).cell(0, 0)
    if result.n == 0:
        raise EstimationError(
            _("Ingen besvarelser i domænet: ingen respondent i domænet har besvaret spørgsmålet.")
        )
    return result


def mean(
    design: StratifiedDesign,
    y: ArrayLike,
    *,
    domain: ArrayLike | None = None,
    ci: CiMethod = "wald",
    level: float = 0.95,
) -> Estimate:
    return _single(design, y, domain, "mean", ci, level)


def proportion(
    design: StratifiedDesign,
    y: ArrayLike,
    *,
    domain: ArrayLike | None = None,
    ci: CiMethod = "logit",
    level: float = 0.95,
) -> Estimate:
    return _single(design, y, domain, "proportion", ci, level)


def total(
    design: StratifiedDesign,
    y: ArrayLike,
    *,
    domain: ArrayLike | None = None,
    level: float = 0.95,
) -> Estimate:
    return _single(design, y, domain, "total", "wald", level)


def by_domain(
    design: StratifiedDesign,
    y: ArrayLike,
    domains: ArrayLike,
    *,
    kind: Kind,
    ci: CiMethod | None = None,
    level: float = 0.95,
) -> dict[Any, Estimate]:
    """One estimate per domain label (sorted); a domain without answers has n = 0 and NaN."""
    values = _as_matrix(design, y)
    if values.shape[1] != 1:
        raise EstimationError(_("Angiv én variabel ad gangen."))
    table = estimate_matrix(design, values, domains=domains, kind=kind, ci=ci, level=level)
    return {label: table.cell(0, j) for j, label in enumerate(table.domains)}


def change_test(a: Estimate, b: Estimate, *, level: float = 0.95) -> ChangeTest:
    """Test of b − a for two independent waves (t with min(df_a, df_b) degrees of freedom)."""
    _check_level(level)
    diff = b.estimate - a.estimate
    se = math.sqrt(a.se**2 + b.se**2)
    df = min(a.df, b.df)
    t = float(_t_quantile(level, np.asarray(df)))
    if se > 0 and df >= 1:
        statistic = diff / se
        p_value = float(2 * special.stdtr(df, -abs(statistic)))
    else:
        statistic = p_value = math.nan
    return ChangeTest(
        diff=diff,
        se=se,
        statistic=statistic,
        df=df,
        p_value=p_value,
        ci_low=diff - t * se,
        ci_high=diff + t * se,
        level=level,
    )


__all__: Sequence[str] = (
    "CI_METHODS",
    "KINDS",
    "LONELY_POLICIES",
    "ChangeTest",
    "CiMethod",
    "Estimate",
    "EstimateTable",
    "EstimationError",
    "LonelyPolicy",
    "LonelyStratumError",
    "StratifiedDesign",
    "by_domain",
    "calibrate",
    "change_test",
    "estimate_matrix",
    "mean",
    "proportion",
    "total",
)
