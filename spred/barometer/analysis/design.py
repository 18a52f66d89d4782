"""The sample design every estimate is computed on: a stratified element sample with design
weights and, optionally, population sizes N_h (``StratifiedDesign``), and what building one
needs — stratum codes (``factorize``), sums by group (``Grouping``) and the errors it raises.

It is its own module because both the estimators (``estimation``) and the calibration
(``calibration``) work on a design and neither should import the other for it. The formulas are
documented in ``estimation``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal, Protocol

import numpy as np
from scipy import sparse

from spred.barometer.analysis.translation import gettext as _

if TYPE_CHECKING:
    from numpy.typing import ArrayLike

LonelyPolicy = Literal["fail", "certainty", "adjust", "average"]
LONELY_POLICIES: tuple[str, ...] = ("fail", "certainty", "adjust", "average")


# R treats a stratum whose finite population correction is below this as a census.
CENSUS_FRACTION = 1e-7


class EstimationError(ValueError):
    """Bad input to an estimate (the message is Danish and meant for the analyst)."""


class LonelyStratumError(EstimationError):
    """A stratum has a single respondent and the design's policy is ``fail``."""


class CalibrationStep(Protocol):
    """A calibration applied to a design; it adjusts the linearised values for the variance."""

    def residualise(self, z: np.ndarray) -> np.ndarray: ...


def factorize(values: ArrayLike, *, allow_missing: bool) -> tuple[np.ndarray, list[Any]]:
    """Codes 0..L−1 for the labels (sorted where they can be), −1 for a missing label.

    Missing: None, NaN or the empty string.
    """
    array = np.asarray(values)
    if array.ndim != 1:
        array = np.asarray(list(values), dtype=object)  # type: ignore[arg-type]
    n = array.shape[0]
    if array.dtype.kind in "biu":
        integer_labels, integer_codes = np.unique(array, return_inverse=True)
        return integer_codes.astype(np.intp), integer_labels.tolist()
    if array.dtype.kind == "f":
        missing = np.isnan(array)
    elif array.dtype.kind in "US":
        missing = array == array.dtype.type()
    else:
        # Elementwise on object arrays; NaN is the one value unequal to itself.
        missing = np.asarray((array == None) | (array != array) | (array == ""), dtype=bool)  # noqa: E711
    if missing.any() and not allow_missing:
        raise EstimationError(
            _("Stratum mangler i række %(row)d.") % {"row": int(np.flatnonzero(missing)[0]) + 1}
        )
    codes = np.full(n, -1, dtype=np.intp)
    present = array[~missing]
    try:
        labels_array, inverse = np.unique(present, return_inverse=True)
        labels = labels_array.tolist()
    except TypeError:
        # Labels of mixed types cannot be sorted: keep the order of first appearance.
        seen: dict[Any, int] = {}
        inverse = np.fromiter(
            (seen.setdefault(v, len(seen)) for v in present), dtype=np.intp, count=present.size
        )
        labels = list(seen)
    codes[~missing] = inverse
    return codes, labels


def label_text(value: Any) -> str:
    return str(value.item() if isinstance(value, np.generic) else value)


class Grouping:
    """Rows assigned to groups, summed by a sparse indicator product (much faster than
    ``np.add.reduceat`` on tall matrices, and the rows need no sorting)."""

    def __init__(self, group_of_row: np.ndarray, n_groups: int) -> None:
        rows = group_of_row.size
        self.group_of_row = group_of_row
        self.n_groups = n_groups
        self.indicator = sparse.csr_matrix(
            (np.ones(rows), (group_of_row, np.arange(rows))), shape=(n_groups, rows)
        )
        self.sizes = np.bincount(group_of_row, minlength=n_groups)

    def sums(self, values: np.ndarray) -> np.ndarray:
        """Column sums per group: (rows × k) → (groups × k)."""
        return np.asarray(self.indicator @ values)


def _checked_weights(given: ArrayLike, n: int) -> np.ndarray:
    """The design weights: a positive number for each of the ``n`` respondents."""
    try:
        weights = np.asarray(given, dtype=np.float64)
    except (TypeError, ValueError) as error:
        raise EstimationError(_("Vægtene skal være tal.")) from error
    if weights.shape != (n,):
        raise EstimationError(
            _("Der er %(weights)d vægte til %(rows)d besvarelser.")
            % {"weights": weights.size, "rows": n}
        )
    bad = ~(np.isfinite(weights) & (weights > 0))
    if bad.any():
        row = int(np.flatnonzero(bad)[0])
        raise EstimationError(
            _("Vægtene skal være positive tal; række %(row)d har vægten %(weight)s.")
            % {"row": row + 1, "weight": weights[row]}
        )
    return weights


def _population_fractions(
    given: ArrayLike | None, codes: np.ndarray, labels: list[Any], n_h: np.ndarray
) -> tuple[np.ndarray | None, np.ndarray]:
    """The population sizes as given (one per respondent, the same within a stratum, at least
    its sample size) and each stratum's finite population correction 1 − n_h/N_h (1 without
    population sizes)."""
    fraction = np.ones(len(labels))
    fpc: np.ndarray | None = None
    if given is not None:
        try:
            fpc = np.asarray(given, dtype=np.float64)
        except (TypeError, ValueError) as error:
            raise EstimationError(_("Populationsstørrelserne skal være tal.")) from error
        if fpc.shape != (codes.size,):
            raise EstimationError(
                _("Der er %(fpc)d populationsstørrelser til %(rows)d besvarelser.")
                % {"fpc": fpc.size, "rows": codes.size}
            )
        if not np.all(np.isfinite(fpc)):
            row = int(np.flatnonzero(~np.isfinite(fpc))[0])
            raise EstimationError(
                _("Populationsstørrelsen mangler i række %(row)d.") % {"row": row + 1}
            )
        # Whichever row's value lands here, a stratum with two values has a row that differs.
        first = np.zeros(len(labels))
        first[codes] = fpc
        differs = fpc != first[codes]
        if differs.any():
            row = int(np.flatnonzero(differs)[0])
            raise EstimationError(
                _(
                    "Populationsstørrelsen skal være den samme for hele stratum "
                    "%(stratum)s; række %(row)d afviger."
                )
                % {"stratum": label_text(labels[codes[row]]), "row": row + 1}
            )
        small = first < n_h
        if small.any():
            h = int(np.flatnonzero(small)[0])
            raise EstimationError(
                _(
                    "Populationsstørrelsen i stratum %(stratum)s (%(population)s) er mindre "
                    "end antallet af besvarelser i stratummet (%(sample)d)."
                )
                % {
                    "stratum": label_text(labels[h]),
                    "population": f"{first[h]:g}",
                    "sample": n_h[h],
                }
            )
        fraction = (first - n_h) / first
    return fpc, fraction


@dataclass(frozen=True, eq=False)
class StratifiedDesign:
    """A stratified element sample with design weights and, optionally, population sizes N_h.

    Validated when it is created; the stratum index arrays are computed once here.
    """

    strata: np.ndarray
    weights: np.ndarray
    fpc: np.ndarray | None = None
    lonely: LonelyPolicy = "fail"
    calibration: tuple[CalibrationStep, ...] = ()

    codes: np.ndarray = field(init=False, repr=False)
    labels: list[Any] = field(init=False, repr=False)
    n_h: np.ndarray = field(init=False, repr=False)
    fraction: np.ndarray = field(init=False, repr=False)
    stratum_grouping: Grouping = field(init=False, repr=False)
    lonely_h: np.ndarray = field(init=False, repr=False)

    @classmethod
    def build(
        cls,
        strata: ArrayLike,
        weights: ArrayLike,
        fpc: ArrayLike | None = None,
        lonely: LonelyPolicy = "fail",
    ) -> StratifiedDesign:
        return cls(
            strata=np.asarray(strata),
            weights=np.asarray(weights),
            fpc=None if fpc is None else np.asarray(fpc),
            lonely=lonely,
        )

    def __post_init__(self) -> None:
        strata = np.asarray(self.strata)
        if strata.ndim != 1 or strata.size == 0:
            raise EstimationError(_("Designet skal have mindst én besvarelse."))
        n = strata.size
        weights = _checked_weights(self.weights, n)
        if self.lonely not in LONELY_POLICIES:
            raise EstimationError(
                _("Ukendt politik for strata med én besvarelse: %(policy)s.")
                % {"policy": self.lonely}
            )
        codes, labels = factorize(strata, allow_missing=False)
        n_h = np.bincount(codes, minlength=len(labels))
        fpc, fraction = _population_fractions(self.fpc, codes, labels, n_h)
        lonely_h = (n_h == 1) & ~(fraction < CENSUS_FRACTION)
        if self.lonely == "fail" and lonely_h.any():
            names = [label_text(labels[h]) for h in np.flatnonzero(lonely_h)]
            raise LonelyStratumError(
                _(
                    "Stratum %(stratum)s har kun én besvarelse, så variansen kan ikke beregnes. "
                    "Slå stratummet sammen med et andet, eller vælg en politik for strata med "
                    "én besvarelse (certainty, adjust eller average)."
                )
                % {"stratum": ", ".join(names)}
            )
        # The dataclass is frozen; the validated arrays replace what was passed in, once.
        set_ = object.__setattr__
        set_(self, "strata", strata)
        set_(self, "weights", weights)
        set_(self, "fpc", fpc)
        set_(self, "calibration", tuple(self.calibration))
        set_(self, "codes", codes)
        set_(self, "labels", labels)
        set_(self, "n_h", n_h)
        set_(self, "fraction", fraction)
        set_(self, "stratum_grouping", Grouping(codes, len(labels)))
        set_(self, "lonely_h", lonely_h)

    @property
    def n(self) -> int:
        return int(self.codes.size)

    @property
    def n_strata(self) -> int:
        return len(self.labels)

    @property
    def is_calibrated(self) -> bool:
        return bool(self.calibration)

    def with_weights(
        self, weights: np.ndarray, step: CalibrationStep | None = None
    ) -> StratifiedDesign:
        """The same design with new weights (and one more calibration step, if given)."""
        steps = self.calibration + ((step,) if step is not None else ())
        return StratifiedDesign(
            strata=self.strata,
            weights=weights,
            fpc=self.fpc,
            lonely=self.lonely,
            calibration=steps,
        )
