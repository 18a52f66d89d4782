"""The estimation engine against R's survey package, run live (``make check``; ``.ci/run``
installs ``r-base-core`` and ``r-cran-survey``).

R runs once for every scenario, in the background while the other tests run. Without ``Rscript``
these tests fail; they are not skipped, because a skipped oracle proves nothing. The same
comparisons against R's committed figures run in ``make test`` (``test_r_golden.py``).
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

pytestmark = pytest.mark.needs_r


@pytest.fixture(scope="module")
def r_results() -> Results:
    return R_RUN.results()


@pytest.mark.parametrize("scenario", COMPARED_SCENARIOS, ids=str)
def test_agrees_with_r(scenario: Scenario, r_results: Results) -> None:
    check_agreement(scenario, r_results[scenario.name])


def test_each_feature_is_exercised(r_results: Results) -> None:
    check_features(r_results)


def test_lonely_stratum_fails_in_both(r_results: Results) -> None:
    check_lonely_stratum_fails(r_results)


def test_the_committed_figures_are_still_rs(r_results: Results) -> None:
    """``rscripts/golden.csv``, which ``make test`` compares with, is what R says today: same
    rows, and every figure equal to the last of its 17 printed digits (``make r-golden``)."""
    golden = read_golden()
    assert golden.keys() == r_results.keys()
    for name, rows in r_results.items():
        assert golden[name] == rows, f"{name}: rscripts/golden.csv is stale; run make r-golden"
