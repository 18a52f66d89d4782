"""Cell suppression: the rules hold for random tables, and a reader cannot undo them."""

from __future__ import annotations

import numpy as np
import pytest
from django.test import override_settings
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from scipy.optimize import linprog

from spred.barometer.analysis import disclosure
from spred.barometer.analysis.disclosure import (
    DisclosureError,
    DisclosurePolicy,
    MarginProtection,
    Protection,
    Reason,
    _complete_lines,
    _largest_without_grand,
    _layout,
    protect,
)
from spred.barometer.choices import SuppressionReason

POLICY = DisclosurePolicy(min_respondents=3, uncertain_below=20)

# Small counts are common in barometer tables; mix them with larger ones and empty cells.
counts_elements = st.one_of(st.integers(0, 4), st.integers(5, 60))
tables_1d = arrays(np.int64, st.integers(1, 7), elements=counts_elements)
tables_2d = arrays(
    np.int64, st.tuples(st.integers(1, 5), st.integers(1, 5)), elements=counts_elements
)
examples = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _published(counts: np.ndarray, protection: Protection) -> tuple[np.ndarray, np.ndarray]:
    """The table with its totals as a reader sees it: values and a hidden-mask, both extended."""
    if counts.ndim == 1:
        values = np.r_[counts, counts.sum()].astype(float)
        assert protection.margins is not None
        hidden = np.r_[protection.suppressed, protection.margins.total_suppressed]
        return values[None, :], hidden[None, :]
    rows, columns = counts.shape
    values = np.zeros((rows + 1, columns + 1))
    values[:rows, :columns] = counts
    values[:rows, columns] = counts.sum(axis=1)
    values[rows, :columns] = counts.sum(axis=0)
    values[rows, columns] = counts.sum()
    margins = protection.margins
    assert margins is not None
    hidden = np.zeros_like(values, dtype=bool)
    hidden[:rows, :columns] = protection.suppressed
    hidden[:rows, columns] = margins.rows_suppressed
    hidden[rows, :columns] = margins.columns_suppressed
    hidden[rows, columns] = margins.total_suppressed
    return values, hidden


def _reader_intervals(values: np.ndarray, hidden: np.ndarray) -> dict[tuple[int, int], float]:
    """Independent attack: the width of each hidden cell's feasible range, by LP.

    Written from scratch here (not the module's audit): unknowns are the hidden cells; every row
    and column of the extended table adds up to its last cell; all cells are ≥ 0.
    """
    positions = [(int(p[0]), int(p[1])) for p in np.argwhere(hidden)]
    index = {p: k for k, p in enumerate(positions)}
    equations, rhs = [], []
    rows, columns = values.shape
    lines = [[(i, j) for j in range(columns)] for i in range(rows)]
    if rows > 1:
        lines += [[(i, j) for i in range(rows)] for j in range(columns)]
    for line in lines:
        coefficients = np.zeros(len(positions))
        constant = 0.0
        for offset, cell in enumerate(line):
            sign = -1.0 if offset == len(line) - 1 else 1.0
            if cell in index:
                coefficients[index[cell]] += sign
            else:
                constant += sign * values[cell]
        if coefficients.any():
            equations.append(coefficients)
            rhs.append(-constant)
    widths: dict[tuple[int, int], float] = {}
    for cell, k in index.items():
        extremes = []
        for sign in (1.0, -1.0):
            objective = np.zeros(len(positions))
            objective[k] = sign
            result = linprog(
                objective,
                A_eq=np.array(equations) if equations else None,
                b_eq=np.array(rhs) if equations else None,
                bounds=[(0, None)] * len(positions),
                method="highs",
            )
            assert result.status in (0, 3)
            extremes.append(np.inf if result.status == 3 else sign * result.fun)
        widths[cell] = extremes[1] - extremes[0]
    return widths


def _check_protected(counts: np.ndarray, protection: Protection) -> None:
    values, hidden = _published(counts, protection)
    small = (values > 0) & (values < POLICY.min_respondents)
    # (1) every small cell, totals included, is hidden
    assert not (small & ~hidden).any()
    # empty cells are published as empty, never hidden
    assert not (hidden & (values == 0)).any()
    # (2) a reader cannot pin any hidden cell down
    for cell, width in _reader_intervals(values, hidden).items():
        assert width >= POLICY.protection_level - 1e-7, (cell, width)


@examples
@given(tables_1d)
def test_one_dimensional_tables_are_protected(counts: np.ndarray) -> None:
    _check_protected(counts, protect(counts, policy=POLICY))


@examples
@given(tables_2d)
def test_two_dimensional_tables_are_protected_with_reasons(counts: np.ndarray) -> None:
    protection = protect(counts, policy=POLICY)
    _check_protected(counts, protection)
    small = (counts > 0) & (counts < 3)
    assert (protection.reasons[small] == Reason.PRIMARY).all()
    secondary = protection.suppressed & ~small
    assert (protection.reasons[secondary] == Reason.SECONDARY).all()
    assert (protection.reasons[~protection.suppressed] == "").all()
    expected_uncertain = ~protection.suppressed & (counts > 0) & (counts < 20)
    assert (protection.uncertain == expected_uncertain).all()


@examples
@given(
    st.one_of(
        arrays(np.int64, st.integers(1, 7), elements=st.integers(3, 80)),
        arrays(
            np.int64, st.tuples(st.integers(1, 5), st.integers(1, 5)), elements=st.integers(3, 80)
        ),
    ),
    st.booleans(),
)
def test_nothing_is_hidden_without_small_cells(counts: np.ndarray, margins: bool) -> None:
    protection = protect(counts, policy=POLICY, margins=margins)
    assert not protection.any_suppressed
    assert (protection.reasons == "").all()
    assert np.isnan(protection.lower).all()


def test_a_single_small_cell_gets_the_smallest_partner() -> None:
    protection = protect([2, 40, 9, 15], policy=POLICY)
    assert protection.suppressed.tolist() == [True, False, True, False]
    assert protection.reasons.tolist() == ["primary", "", "secondary", ""]
    # a reader knows only that the two add up to 11
    assert protection.lower.tolist()[0] == 0
    assert protection.upper.tolist()[0] == 11


def test_the_total_is_hidden_when_nothing_else_can_hide_the_cell() -> None:
    protection = protect([0, 2, 0], policy=POLICY)
    assert protection.suppressed.tolist() == [False, True, False]
    assert protection.margins is not None
    assert protection.margins.total_suppressed
    assert protection.margins.total_reason == "primary"


def test_a_rectangle_closes_the_pattern_in_two_dimensions() -> None:
    counts = np.array([[1, 5, 7], [4, 9, 12], [6, 8, 3]])
    protection = protect(counts, policy=POLICY)
    assert protection.suppressed.tolist() == [
        [True, True, False],
        [True, True, False],
        [False, False, False],
    ]
    # Moving respondents around the rectangle (+t, −t, −t, +t) keeps every total, for
    # t from −1 (the cell with 1 empty) to 4 (the cell with 4 empty): the cell with 1 holds 0–5.
    assert protection.lower[0, 0] == 0
    assert protection.upper[0, 0] == 5
    assert protection.lower[1, 1] == 8
    assert protection.upper[1, 1] == 13
    assert protection.margins is not None
    assert not protection.margins.rows_suppressed.any()


def test_a_row_with_one_small_cell_and_empty_neighbours_hides_its_total() -> None:
    counts = np.array([[2, 0], [10, 12]])
    protection = protect(counts, policy=POLICY)
    values, hidden = _published(counts, protection)
    assert hidden[0, 0]
    # row 0 has no other non-empty inner cell, so its total is hidden, and the column partner
    # and its own row total follow
    assert protection.margins is not None
    assert protection.margins.rows_suppressed[0]
    assert all(width >= 1 for width in _reader_intervals(values, hidden).values())


def test_the_audit_adds_what_the_line_rule_misses() -> None:
    """Two hidden cells in every line is not always enough; the LP audit finds and fixes it."""
    counts = np.array([[7, 3, 1], [10, 0, 1], [0, 1, 0]])
    table = _layout(counts, margins=True)
    lines_only = (table.values > 0) & (table.values < 3)
    _complete_lines(table, lines_only)
    lines_only_protection = Protection(
        suppressed=lines_only[:9].reshape(3, 3),
        reasons=np.full((3, 3), ""),
        uncertain=np.zeros((3, 3), dtype=bool),
        lower=np.zeros((3, 3)),
        upper=np.zeros((3, 3)),
        margins=MarginProtection(
            rows_suppressed=lines_only[9:12],
            rows_reasons=np.full(3, ""),
            columns_suppressed=lines_only[12:15],
            columns_reasons=np.full(3, ""),
            total_suppressed=bool(lines_only[15]),
            total_reason="",
        ),
    )
    widths = _reader_intervals(*_published(counts, lines_only_protection))
    assert min(widths.values()) < 1
    protection = protect(counts, policy=POLICY)
    _check_protected(counts, protection)
    assert protection.suppressed.sum() > lines_only[:9].sum()


def _grand_total_can_stay(counts: np.ndarray) -> bool:
    """Whether some protected pattern publishes the grand total (independent of the module).

    Start from every non-empty cell hidden except the grand total; publish again each cell a
    reader can pin down (hiding more never narrows an interval, so such a cell is pinned down in
    every pattern without the grand total), until none is left. A pattern exists exactly when no
    small cell had to be published on the way.
    """
    rows, columns = counts.shape
    values = np.zeros((rows + 1, columns + 1))
    values[:rows, :columns] = counts
    values[:rows, columns] = counts.sum(axis=1)
    values[rows, :columns] = counts.sum(axis=0)
    values[rows, columns] = counts.sum()
    small = (values > 0) & (values < POLICY.min_respondents)
    if small[rows, columns]:
        return False
    hidden = values > 0
    hidden[rows, columns] = False
    while True:
        pinned = [
            cell
            for cell, width in _reader_intervals(values, hidden).items()
            if width < POLICY.protection_level - 1e-7
        ]
        if not pinned:
            return True
        if any(small[cell] for cell in pinned):
            return False
        for cell in pinned:
            hidden[cell] = False


def test_a_small_level_and_a_small_area_leave_the_whole_sector_published() -> None:
    """Level × area with one level (row) and one area (column) both under the threshold: the
    headline must not be the cell that completes both margins."""
    counts = np.array(
        [
            [30, 40, 0],  # stat
            [0, 2, 0],  # region: 2 answers in all
            [50, 60, 1],  # kommune
        ]
    )  # the third area has 1 answer in all
    protection = protect(counts, policy=POLICY)
    _check_protected(counts, protection)
    margins = protection.margins
    assert margins is not None
    assert not margins.total_suppressed
    assert margins.total_reason == ""
    assert margins.rows_reasons[1] == Reason.PRIMARY
    assert margins.columns_reasons[2] == Reason.PRIMARY
    # Another row total and another column total take the grand total's place.
    assert margins.rows_suppressed.sum() == 2
    assert margins.columns_suppressed.sum() == 2


def test_the_grand_total_is_hidden_only_when_it_is_small_itself_or_must_be() -> None:
    # Small itself: the whole table has two answers.
    assert protect([[0, 2], [0, 0]], policy=POLICY).margins.total_suppressed  # type: ignore[union-attr]
    # One column holds every answer and has a small cell: the column total equals the grand
    # total, so hiding the column total without it is pointless — yet the inner cells suffice.
    protection = protect([[5, 0], [2, 0], [9, 0]], policy=POLICY)
    _check_protected(np.array([[5, 0], [2, 0], [9, 0]]), protection)
    assert protection.margins is not None
    assert not protection.margins.total_suppressed


def test_when_the_greedy_search_runs_out_the_largest_pattern_is_thinned_out(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The fallback behind the greedy search: the largest pattern without the grand total,
    with every cell that is not needed published again."""
    counts = np.array([[30, 40, 0], [0, 2, 0], [50, 60, 1]])
    greedy = disclosure._greedy

    def runs_out(*args: object, allow_grand: bool) -> object:
        return None if not allow_grand else greedy(*args, allow_grand=True)  # type: ignore[arg-type]

    monkeypatch.setattr(disclosure, "_greedy", runs_out)
    protection = protect(counts, policy=POLICY)
    _check_protected(counts, protection)
    assert protection.margins is not None
    assert not protection.margins.total_suppressed
    # Thinned out: far from everything is hidden, and no hidden secondary cell could be
    # published again without exposing a cell.
    values, hidden = _published(counts, protection)
    assert hidden.sum() < (values > 0).sum() - 1
    small = (values > 0) & (values < 3)
    for cell in map(tuple, np.argwhere(hidden & ~small)):
        fewer = hidden.copy()
        fewer[cell] = False
        widths = _reader_intervals(values, fewer)
        assert min(widths.values()) < 1, cell


def test_the_largest_pattern_refuses_when_only_the_grand_total_protects() -> None:
    # A single small cell in a one-cell table: its only partner is the grand total.
    table = _layout(np.array([[2, 0]]), margins=True)
    primary = (table.values > 0) & (table.values < 3)
    primary[table.grand] = False  # pretend the total were large: nothing else can hide the cell
    assert _largest_without_grand(table, primary, 1.0) is None


# Level × area tables where one row and one column are small (the case that once hid the
# whole-sector figure), and plain small tables.
@st.composite
def tables_with_a_small_row_and_column(draw: st.DrawFn) -> np.ndarray:
    rows, columns = draw(st.integers(2, 4)), draw(st.integers(2, 4))
    counts = draw(arrays(np.int64, (rows, columns), elements=st.integers(5, 60)))
    row, column = draw(st.integers(0, rows - 1)), draw(st.integers(0, columns - 1))
    counts[row, :] = 0
    counts[:, column] = 0
    counts[row, draw(st.integers(0, columns - 1))] = draw(st.integers(1, 2))
    counts[draw(st.integers(0, rows - 1)), column] += draw(st.integers(1, 2)) * (
        counts[:, column].sum() == 0
    )
    return counts


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.one_of(
        tables_with_a_small_row_and_column(),
        arrays(np.int64, st.tuples(st.integers(1, 3), st.integers(1, 4)), elements=counts_elements),
    )
)
def test_the_grand_total_stays_published_whenever_it_can(counts: np.ndarray) -> None:
    protection = protect(counts, policy=POLICY)
    _check_protected(counts, protection)
    assert protection.margins is not None
    if _grand_total_can_stay(counts):
        assert not protection.margins.total_suppressed


def test_without_margins_only_small_cells_are_hidden() -> None:
    protection = protect([[2, 50], [40, 1]], policy=POLICY, margins=False)
    assert protection.suppressed.tolist() == [[True, False], [False, True]]
    assert protection.margins is None
    assert np.isinf(protection.upper[0, 0])


def test_empty_cells_are_published_not_suppressed() -> None:
    protection = protect([0, 0, 25], policy=POLICY)
    assert not protection.any_suppressed
    assert protection.uncertain.tolist() == [False, False, False]


def test_policy_reads_the_setting() -> None:
    with override_settings(SPRED_BAROMETER_MIN_RESPONDENTS=5):
        assert DisclosurePolicy().min_respondents == 5
        assert protect([4, 30, 40]).reasons.tolist()[0] == "primary"
    assert DisclosurePolicy().min_respondents == 3


def test_reasons_have_one_wording_everywhere() -> None:
    assert Reason.PRIMARY.label == "For få besvarelser"
    assert Reason.SECONDARY.label == "Skjult, så en anden skjult celle ikke kan regnes ud"
    for reason in Reason:
        assert reason.value in SuppressionReason.values
        assert reason.label == SuppressionReason(reason.value).label


@pytest.mark.parametrize(
    ("counts", "message"),
    [
        ([1.5, 2], "hele tal"),
        ([-1, 2], "hele tal"),
        ([], "mindst én celle"),
        ([[[1]]], "to dimensioner"),
        (["a"], "tal"),
    ],
)
def test_bad_tables_are_refused(counts: object, message: str) -> None:
    with pytest.raises(DisclosureError, match=message):
        protect(counts, policy=POLICY)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"min_respondents": 0}, "mindst 1"),
        ({"uncertain_below": -1}, "negativ"),
        ({"protection_level": 0}, "positivt"),
    ],
)
def test_bad_policies_are_refused(kwargs: dict[str, float], message: str) -> None:
    with pytest.raises(DisclosureError, match=message):
        DisclosurePolicy(**kwargs)  # type: ignore[arg-type]
