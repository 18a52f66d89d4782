"""Calibration of barometer weights to known population counts.

* ``poststratify``: one variable; within each of its categories the weights are scaled so that
  they add up to the category's population count (R: ``postStratify``).
* ``rake``: several margins; the post-stratification is repeated margin by margin (iterative
  proportional fitting) until every margin is met to ``tol`` (relative), as R's ``rake`` with a
  tight ``epsilon``. IPF converges to the same weights whatever the order of the margins.

The calibrated design remembers each step, because its standard errors differ from the
uncalibrated design's. As in R, the linearised values z are replaced by residuals before the
stratified variance is formed:

* post-stratification: z_i − w_i · Σ_g z / Σ_g w, with g the post-stratum of i and w the calibrated
  weights (this is R's formula; the weighted residual of the linear GREG estimator);
* raking: R's approximation, ten sweeps over the margins, each subtracting w_i times the
  unweighted mean of z/w in the respondent's category (with the weights as they were right after
  that margin was fitted in the last IPF sweep). It is not the exact GREG residual for raking,
  but it is what R reports, and the two agree closely once the raking has converged.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from spred.barometer.analysis.design import (
    EstimationError,
    Grouping,
    StratifiedDesign,
    factorize,
    label_text,
)
from spred.barometer.analysis.translation import gettext as _

if TYPE_CHECKING:
    from numpy.typing import ArrayLike

# R's svyrecvar makes this many sweeps for a raked design.
_RAKING_VARIANCE_SWEEPS = 10


@dataclass(frozen=True, eq=False)
class PostStratification:
    grouping: Grouping
    old_weights: np.ndarray
    weights: np.ndarray

    def residualise(self, z: np.ndarray) -> np.ndarray:
        codes = self.grouping.group_of_row
        # R's form: Σ_g z·w_old/w / Σ_g w_old, which is Σ_g z / Σ_g w since w/w_old is constant.
        means = self.grouping.sums(z * (self.old_weights / self.weights)[:, None])
        means /= self.grouping.sums(self.old_weights[:, None])
        return z - means[codes] * self.weights[:, None]


@dataclass(frozen=True, eq=False)
class Raking:
    margins: tuple[tuple[Grouping, np.ndarray], ...]

    def residualise(self, z: np.ndarray) -> np.ndarray:
        for _sweep in range(_RAKING_VARIANCE_SWEEPS):
            for grouping, weights in self.margins:
                ratio = z / weights[:, None]
                means = grouping.sums(ratio) / grouping.sizes[:, None]
                z = z - weights[:, None] * means[grouping.group_of_row]
        return z


def _grouping(
    design: StratifiedDesign, name: str, labels: ArrayLike, population: Mapping[Any, float]
) -> tuple[Grouping, np.ndarray]:
    values = np.asarray(labels)
    if values.shape[:1] != (design.n,):
        raise EstimationError(
            _("Kalibreringsvariablen %(name)s har %(labels)d værdier til %(rows)d besvarelser.")
            % {"name": name, "labels": values.shape[0] if values.ndim else 0, "rows": design.n}
        )
    codes, sample_labels = factorize(values, allow_missing=True)
    if (codes < 0).any():
        row = int(np.flatnonzero(codes < 0)[0])
        raise EstimationError(
            _("Kalibreringsvariablen %(name)s mangler en værdi i række %(row)d.")
            % {"name": name, "row": row + 1}
        )
    counts = []
    for label in sample_labels:
        if label not in population:
            raise EstimationError(
                _(
                    "Kategorien %(label)s af kalibreringsvariablen %(name)s findes i stikprøven, "
                    "men har intet populationstal."
                )
                % {"label": label_text(label), "name": name}
            )
        count = float(population[label])
        if not np.isfinite(count) or count <= 0:
            raise EstimationError(
                _("Populationstallet for %(label)s af %(name)s skal være positivt.")
                % {"label": label_text(label), "name": name}
            )
        counts.append(count)
    known = set(sample_labels)
    unmatched = [label for label, count in population.items() if label not in known and count]
    if unmatched:
        raise EstimationError(
            _(
                "Kategorien %(label)s af kalibreringsvariablen %(name)s har et populationstal, "
                "men ingen besvarelser; slå den sammen med en anden kategori."
            )
            % {"label": label_text(unmatched[0]), "name": name}
        )
    return Grouping(codes, len(sample_labels)), np.asarray(counts)


def calibrate(
    design: StratifiedDesign,
    *,
    margins: Mapping[str, tuple[ArrayLike, Mapping[Any, float]]],
    method: Literal["poststratify", "rake"],
    max_iter: int = 50,
    tol: float = 1e-10,
) -> StratifiedDesign:
    """A new design whose weights reproduce the population counts of ``margins``.

    ``margins`` maps a name to (each respondent's category, {category: population count}).
    """
    if method not in ("poststratify", "rake"):
        raise EstimationError(_("Ukendt kalibreringsmetode: %(method)s.") % {"method": method})
    if not margins:
        raise EstimationError(_("Angiv mindst én variabel at kalibrere til."))
    if method == "poststratify" and len(margins) != 1:
        raise EstimationError(
            _("Poststratificering bruger én variabel; brug raking til flere marginer.")
        )
    fitted = [
        (name, *_grouping(design, name, labels, pop)) for name, (labels, pop) in margins.items()
    ]
    weights = design.weights.copy()
    if method == "poststratify":
        _name, grouping, counts = fitted[0]
        factor = counts / grouping.sums(weights[:, None])[:, 0]
        new_weights = weights * factor[grouping.group_of_row]
        step = PostStratification(grouping=grouping, old_weights=weights, weights=new_weights)
        return design.with_weights(new_weights, step)

    totals = [float(counts.sum()) for _n, _g, counts in fitted]
    if max(totals) - min(totals) > 1e-9 * max(totals):
        raise EstimationError(
            _(
                "Marginerne har forskellige populationstotaler (%(totals)s); de skal beskrive "
                "den samme population."
            )
            % {
                "totals": ", ".join(
                    f"{name}: {t:g}" for (name, _g, _c), t in zip(fitted, totals, strict=True)
                )
            }
        )
    after_margin = [weights] * len(fitted)
    for _iteration in range(max(1, max_iter)):
        for position, (_name, grouping, counts) in enumerate(fitted):
            weights = (
                weights * (counts / grouping.sums(weights[:, None])[:, 0])[grouping.group_of_row]
            )
            after_margin[position] = weights
        gap = max(
            float(np.max(np.abs(grouping.sums(weights[:, None])[:, 0] - counts) / counts))
            for _name, grouping, counts in fitted
        )
        if gap < tol:
            break
    else:
        raise EstimationError(
            _(
                "Raking nåede ikke marginerne efter %(iterations)d gennemløb (største relative "
                "afvigelse %(gap).2g). Slå små kategorier sammen eller tillad flere gennemløb."
            )
            % {"iterations": max_iter, "gap": gap}
        )
    raking = Raking(
        margins=tuple(
            (grouping, fitted_weights)
            for (_name, grouping, _counts), fitted_weights in zip(fitted, after_margin, strict=True)
        )
    )
    return design.with_weights(weights, raking)
