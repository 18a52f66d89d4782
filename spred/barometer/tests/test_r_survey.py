"""The estimation engine against R's survey package, the reference implementation.

Every test runs twice: against R's figures as committed in ``rscripts/golden.csv`` (``make
test``, no R needed), and against R itself (marker ``needs_r``: ``make check``, for which
``.ci/run`` installs ``r-base-core`` and ``r-cran-survey``). R runs once for all scenarios, in
the background while the other tests run. Without ``Rscript`` the R tests fail; they are not
skipped, because a skipped oracle proves nothing. ``make r-golden`` writes the file again.
"""

from __future__ import annotations

import pytest

from spred.barometer.tests.r_survey import (
    COMPARED_SCENARIOS,
    R_RUN,
    Results,
    Scenario,
    check_agreement,
    check_features,
    check_lonely_stratum_fails,
    read_golden,
)


@pytest.fixture(
    scope="module",
    params=["committed", pytest.param("R", marks=pytest.mark.needs_r)],
)
def reference(request: pytest.FixtureRequest) -> Results:
    """R's figures: as committed, or from R now."""
    return read_golden() if request.param == "committed" else R_RUN.results()


@pytest.mark.parametrize("scenario", COMPARED_SCENARIOS, ids=str)
def test_agrees_with_r(scenario: Scenario, reference: Results) -> None:
    check_agreement(scenario, reference[scenario.name])


def test_each_feature_is_exercised(reference: Results) -> None:
    check_features(reference)


def test_lonely_stratum_fails_in_both(reference: Results) -> None:
    check_lonely_stratum_fails(reference)


def test_every_scenario_has_figures() -> None:
    golden = read_golden()
    assert all(golden[scenario.name] for scenario in COMPARED_SCENARIOS)


@pytest.mark.needs_r
def test_the_committed_figures_are_still_rs() -> None:
    """``rscripts/golden.csv``, which ``make test`` compares with, is what R says today: same
    rows, and every figure equal to the last of its 17 printed digits (``make r-golden``)."""
    r_results = R_RUN.results()
    golden = read_golden()
    assert golden.keys() == r_results.keys()
    for name, rows in r_results.items():
        assert golden[name] == rows, f"{name}: rscripts/golden.csv is stale; run make r-golden"
