"""The estimation engine against R's survey package, without R: every figure R computed for the
scenarios of ``r_survey.py``, as committed in ``rscripts/golden.csv``, must agree with ours to
1e-9. ``test_r_survey.py`` (``make check``) runs R itself and checks the file is still R's."""

from __future__ import annotations

import pytest

from spred.barometer.tests.r_survey import (
    COMPARED_SCENARIOS,
    Results,
    Scenario,
    check_agreement,
    check_features,
    check_lonely_stratum_fails,
    read_golden,
)


@pytest.fixture(scope="module")
def golden() -> Results:
    return read_golden()


@pytest.mark.parametrize("scenario", COMPARED_SCENARIOS, ids=str)
def test_agrees_with_rs_figures(scenario: Scenario, golden: Results) -> None:
    check_agreement(scenario, golden[scenario.name])


def test_each_feature_is_exercised(golden: Results) -> None:
    check_features(golden)


def test_lonely_stratum_fails_in_both(golden: Results) -> None:
    check_lonely_stratum_fails(golden)


def test_every_scenario_has_figures(golden: Results) -> None:
    assert all(golden[scenario.name] for scenario in COMPARED_SCENARIOS)
