"""Disclosure control for published barometer tables (cell suppression).

One policy for every published cell, applied to the number of respondents behind each cell of a
1-D or 2-D table whose totals are published too (``margins=True``: the total of a 1-D table; the
row totals, column totals and grand total of a 2-D table).

Primary suppression
    A cell (a total included) with 1 ≤ count < ``min_respondents`` is suppressed. A count of 0 is
    not suppressed: it is published as empty ("no respondents"), because that shows no one's answer
    and readers see it anyway from the missing estimate. For the same reason an empty cell is
    never used to hide another one: the arithmetic below treats it as a known 0.

Secondary suppression
    Every row and column (a total counts as a member of its line) that has a suppressed cell gets
    at least two, the extra ones chosen to hide as little as possible: inner cells before row and
    column totals, and those before the grand total; within that, first a cell that also
    completes another line with a single suppression (so the pattern closes instead of
    spreading), then the smallest count.

Audit
    Then each suppressed cell is checked the way a reader could attack it: with linear programming
    (``scipy.optimize.linprog``) over every table consistent with the published cells, the
    additivity of the totals and non-negativity, its smallest and largest possible value. If that
    interval is narrower than ``protection_level`` respondents (0 means the cell can be computed
    exactly), another cell in its row or column is suppressed and the audit runs again.

The grand total
    It is the headline (the whole public sector), so it is hidden as a secondary cell only when
    no protected pattern without it exists. The search above first runs with the grand total
    kept published. Should it run out of cells, the largest pattern without the grand total that
    passes the audit is found — hide every other non-empty cell, then publish again each cell a
    reader can still compute, until none is left (hiding more never narrows an interval, so such
    a cell is computable in every pattern without the grand total) — and, if it still covers
    every small cell, thinned out by publishing again each secondary cell that is not needed.
    Only when that largest pattern leaves a small cell computable is the grand total hidden (and
    the search runs again with it allowed).

Uncertain
    Published cells with 1 ≤ count < ``uncertain_below`` are flagged as uncertain (shown with a
    mark, not hidden).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING

import numpy as np
from scipy.optimize import linprog

from spred.barometer.analysis.translation import gettext as _
from spred.barometer.choices import SuppressionReason

if TYPE_CHECKING:
    from numpy.typing import ArrayLike

DEFAULT_MIN_RESPONDENTS = 3
_TOLERANCE = 1e-7


class DisclosureError(ValueError):
    """A table or policy that cannot be protected (the message is Danish)."""


def _min_respondents_setting() -> int:
    from django.conf import settings

    if not settings.configured:
        return DEFAULT_MIN_RESPONDENTS
    return int(getattr(settings, "SPRED_BAROMETER_MIN_RESPONDENTS", DEFAULT_MIN_RESPONDENTS))


class Reason(StrEnum):
    """Why a cell is hidden; the values are those of ``choices.SuppressionReason``, which holds
    the one wording shown to readers."""

    PRIMARY = SuppressionReason.PRIMARY.value
    SECONDARY = SuppressionReason.SECONDARY.value

    @property
    def label(self) -> str:
        return str(SuppressionReason(self.value).label)


@dataclass(frozen=True)
class DisclosurePolicy:
    min_respondents: int = field(default_factory=_min_respondents_setting)
    uncertain_below: int = 20
    protection_level: float = 1.0

    def __post_init__(self) -> None:
        if self.min_respondents < 1:
            raise DisclosureError(_("Mindste antal besvarelser skal være mindst 1."))
        if self.uncertain_below < 0:
            raise DisclosureError(_("Grænsen for usikre celler må ikke være negativ."))
        if not self.protection_level > 0:
            raise DisclosureError(_("Beskyttelsesniveauet skal være positivt."))


@dataclass(frozen=True, eq=False)
class MarginProtection:
    """The published totals: rows (r,) and columns (c,) of a 2-D table (empty for 1-D)."""

    rows_suppressed: np.ndarray
    rows_reasons: np.ndarray
    columns_suppressed: np.ndarray
    columns_reasons: np.ndarray
    total_suppressed: bool
    total_reason: str


@dataclass(frozen=True, eq=False)
class Protection:
    suppressed: np.ndarray
    reasons: np.ndarray
    uncertain: np.ndarray
    # The interval a reader can compute for each suppressed inner cell (NaN where published;
    # inf where nothing bounds it from above).
    lower: np.ndarray
    upper: np.ndarray
    margins: MarginProtection | None

    @property
    def any_suppressed(self) -> bool:
        margins = self.margins
        return bool(
            self.suppressed.any()
            or (
                margins is not None
                and (
                    margins.rows_suppressed.any()
                    or margins.columns_suppressed.any()
                    or margins.total_suppressed
                )
            )
        )


@dataclass
class _Table:
    """The table with its totals as one flat vector of cells, and the lines that add up."""

    values: np.ndarray  # every cell, inner cells first in C order, then the totals
    inner: int  # how many inner cells
    lines: list[np.ndarray]  # cell indices; the last one is the line's total
    cell_lines: list[list[int]]  # for each cell, the lines it belongs to
    grand: int | None  # the grand total's index (the total of a 1-D table), if published

    def tier(self, cell: int) -> int:
        """0 for an inner cell, 1 for a row or column total, 2 for the grand total."""
        if cell == self.grand:
            return 2
        return int(cell >= self.inner)


def _layout(counts: np.ndarray, margins: bool) -> _Table:
    inner = counts.size
    if not margins:
        values = counts.ravel().astype(np.float64)
        return _Table(values, inner, [], [[] for _ in range(inner)], None)
    if counts.ndim == 1:
        values = np.r_[counts, counts.sum()].astype(np.float64)
        lines = [np.arange(inner + 1)]
    else:
        rows, columns = counts.shape
        extended = np.zeros((rows + 1, columns + 1))
        extended[:rows, :columns] = counts
        extended[:rows, columns] = counts.sum(axis=1)
        extended[rows, :columns] = counts.sum(axis=0)
        extended[rows, columns] = counts.sum()
        # Flat position of extended[i, j]: inner cells in C order, then row totals, column totals,
        # grand total.
        position = np.empty((rows + 1, columns + 1), dtype=np.intp)
        position[:rows, :columns] = np.arange(inner).reshape(rows, columns)
        position[:rows, columns] = inner + np.arange(rows)
        position[rows, :columns] = inner + rows + np.arange(columns)
        position[rows, columns] = inner + rows + columns
        values = np.empty(position.size)
        values[position.ravel()] = extended.ravel()
        lines = [position[i, :] for i in range(rows + 1)]
        lines += [position[:, j] for j in range(columns + 1)]
    cell_lines: list[list[int]] = [[] for _ in range(values.size)]
    for number, line in enumerate(lines):
        for cell in line:
            cell_lines[int(cell)].append(number)
    return _Table(values, inner, lines, cell_lines, values.size - 1)


def _usable(table: _Table, suppressed: np.ndarray, cell: int, allow_grand: bool) -> bool:
    """Whether ``cell`` may be hidden to protect another: not yet hidden, not empty, and not
    the grand total unless that is allowed."""
    return bool(
        not suppressed[cell] and table.values[cell] > 0 and (allow_grand or cell != table.grand)
    )


def _complete_lines(table: _Table, suppressed: np.ndarray, *, allow_grand: bool = True) -> None:
    """Give every line with one suppressed cell a second one (in place). A line whose only
    candidate is a forbidden grand total is left as it is (the audit then reports it)."""
    values = table.values
    changed = True
    while changed:
        changed = False
        for number, line in enumerate(table.lines):
            if int(suppressed[line].sum()) != 1:
                continue
            candidates = [int(c) for c in line if _usable(table, suppressed, int(c), allow_grand)]
            if not candidates:
                continue

            def cost(cell: int, number: int = number) -> tuple[int, int, float, int]:
                # A cell that also completes another line saves a suppression there.
                others = [m for m in table.cell_lines[cell] if m != number]
                lonely_lines = sum(int(suppressed[table.lines[m]].sum()) == 1 for m in others)
                return (table.tier(cell), -lonely_lines, values[cell], cell)

            suppressed[min(candidates, key=cost)] = True
            changed = True


def _intervals(table: _Table, suppressed: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Smallest and largest value of each suppressed cell over all consistent tables."""
    hidden = np.flatnonzero(suppressed)
    lower = np.full(table.values.size, np.nan)
    upper = np.full(table.values.size, np.nan)
    if hidden.size == 0:
        return lower, upper
    if not table.lines:
        lower[hidden] = 0.0
        upper[hidden] = np.inf
        return lower, upper
    matrix = np.zeros((len(table.lines), table.values.size))
    for number, line in enumerate(table.lines):
        matrix[number, line[:-1]] = 1.0
        matrix[number, line[-1]] = -1.0
    known = ~suppressed
    rhs = -matrix[:, known] @ table.values[known]
    unknown = matrix[:, hidden]
    used = np.any(unknown != 0, axis=1)
    a_eq, b_eq = unknown[used], rhs[used]
    for position, cell in enumerate(hidden):
        objective = np.zeros(hidden.size)
        for sign, target in ((1.0, lower), (-1.0, upper)):
            objective[position] = sign
            result = linprog(
                objective,
                A_eq=a_eq if a_eq.size else None,
                b_eq=b_eq if a_eq.size else None,
                bounds=[(0, None)] * hidden.size,
                method="highs",
            )
            if result.status == 3:  # unbounded: only possible when maximising
                target[cell] = np.inf
            elif result.status == 0:
                target[cell] = sign * result.fun
            else:  # pragma: no cover - the true table is always feasible
                raise DisclosureError(_("Tabellens celler passer ikke med totalerne."))
    return lower, upper


def _exposed(
    suppressed: np.ndarray, lower: np.ndarray, upper: np.ndarray, level: float
) -> list[int]:
    hidden = np.flatnonzero(suppressed)
    return [int(c) for c in hidden if upper[c] - lower[c] < level - _TOLERANCE]


def _strengthen(table: _Table, suppressed: np.ndarray, cell: int, *, allow_grand: bool) -> bool:
    """Suppress one more cell to widen ``cell``'s interval; False when none is left."""
    values = table.values
    near = {int(c) for m in table.cell_lines[cell] for c in table.lines[m]}
    for pool in (near, range(values.size)):
        candidates = [c for c in pool if _usable(table, suppressed, c, allow_grand)]
        if candidates:
            choice = min(
                candidates, key=lambda c: (table.tier(c) == 2, values[c], table.tier(c), c)
            )
            suppressed[choice] = True
            return True
    return False


def _greedy(
    table: _Table, primary: np.ndarray, level: float, *, allow_grand: bool
) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """Line completion and audit in turns until every hidden cell is protected: the hidden
    cells and their intervals, or None when the cells that may be hidden run out first."""
    suppressed = primary.copy()
    _complete_lines(table, suppressed, allow_grand=allow_grand)
    lower, upper = _intervals(table, suppressed)
    while exposed := _exposed(suppressed, lower, upper, level):
        if not _strengthen(table, suppressed, exposed[0], allow_grand=allow_grand):
            return None
        _complete_lines(table, suppressed, allow_grand=allow_grand)
        lower, upper = _intervals(table, suppressed)
    return suppressed, lower, upper


def _largest_without_grand(table: _Table, primary: np.ndarray, level: float) -> np.ndarray | None:
    """The largest protected pattern that keeps the grand total published, or None when none
    covers every small cell.

    Hiding more cells only widens the others' intervals, so a cell a reader can compute while
    everything else is hidden is computable in every pattern without the grand total: publish
    it, and repeat. What is left contains every protected pattern without the grand total.
    """
    candidate = table.values > 0
    if table.grand is not None:
        candidate[table.grand] = False
    while True:
        exposed = _exposed(candidate, *_intervals(table, candidate), level)
        if not exposed:
            return candidate
        if primary[exposed].any():
            return None
        candidate[exposed] = False


def _thin_out(table: _Table, suppressed: np.ndarray, primary: np.ndarray, level: float) -> None:
    """Publish again every secondary cell that protection does not need (in place): totals
    first, then the largest inner cells."""
    order = sorted(
        (int(c) for c in np.flatnonzero(suppressed & ~primary)),
        key=lambda c: (-table.tier(c), -table.values[c], c),
    )
    for cell in order:
        suppressed[cell] = False
        if _exposed(suppressed, *_intervals(table, suppressed), level):
            suppressed[cell] = True


def _as_counts(counts: ArrayLike) -> np.ndarray:
    try:
        array = np.asarray(counts, dtype=np.float64)
    except (TypeError, ValueError) as error:
        raise DisclosureError(_("Antallene skal være tal.")) from error
    if array.ndim not in (1, 2) or array.size == 0:
        raise DisclosureError(_("Tabellen skal have én eller to dimensioner og mindst én celle."))
    if not np.all(np.isfinite(array)) or np.any(array < 0) or np.any(array != np.round(array)):
        raise DisclosureError(_("Antallene skal være hele tal, der ikke er negative."))
    return array.astype(np.int64)


def protect(
    counts: ArrayLike, *, policy: DisclosurePolicy | None = None, margins: bool = True
) -> Protection:
    """Which cells of a published table to hide, and why (see the module's docstring)."""
    policy = policy if policy is not None else DisclosurePolicy()
    array = _as_counts(counts)
    table = _layout(array, margins)
    values = table.values
    primary = (values > 0) & (values < policy.min_respondents)
    level = policy.protection_level
    found = None
    if table.grand is not None and not primary[table.grand]:
        found = _greedy(table, primary, level, allow_grand=False)
        if found is None:
            largest = _largest_without_grand(table, primary, level)
            if largest is not None:
                _thin_out(table, largest, primary, level)
                found = (largest, *_intervals(table, largest))
    if found is None:
        found = _greedy(table, primary, level, allow_grand=True)
    if found is None:  # pragma: no cover - hiding every non-empty cell always protects
        found = (values > 0, *_intervals(table, values > 0))
    suppressed, lower, upper = found

    reasons = np.full(values.size, "", dtype=object)
    reasons[suppressed] = Reason.SECONDARY.value
    reasons[primary] = Reason.PRIMARY.value
    uncertain = ~suppressed & (values > 0) & (values < policy.uncertain_below)
    shape = array.shape
    n = table.inner
    margin_protection = None
    if margins:
        rows = shape[0] if array.ndim == 2 else 0
        columns = shape[1] if array.ndim == 2 else 0
        margin_protection = MarginProtection(
            rows_suppressed=suppressed[n : n + rows].copy(),
            rows_reasons=reasons[n : n + rows].copy(),
            columns_suppressed=suppressed[n + rows : n + rows + columns].copy(),
            columns_reasons=reasons[n + rows : n + rows + columns].copy(),
            total_suppressed=bool(suppressed[-1]),
            total_reason=str(reasons[-1]),
        )
    return Protection(
        suppressed=suppressed[:n].reshape(shape),
        reasons=reasons[:n].reshape(shape),
        uncertain=uncertain[:n].reshape(shape),
        lower=lower[:n].reshape(shape),
        upper=upper[:n].reshape(shape),
        margins=margin_protection,
    )
