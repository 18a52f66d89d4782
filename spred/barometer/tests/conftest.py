"""Fixtures for the barometer's workspace tests: analysts and other people, a wave, and a wave
with the test codebook and microdata imported through the services."""

from __future__ import annotations

import pytest

from spred.accounts.models import User
from spred.barometer.models import Indicator, Wave
from spred.barometer.services.imports import codebook_import, microdata_import
from spred.barometer.tests.factories import (
    WaveFactory,
    codebook_yaml,
    microdata_csv,
    strata_csv,
)


def pytest_collection_finish(session: pytest.Session) -> None:
    """Start R now if its comparison is among the tests to run: R then computes on the second
    core while the other tests run on the first. A pytest-xdist worker does not know yet which
    tests it will get, so there R starts when its tests ask for it."""
    if hasattr(session.config, "workerinput"):
        return
    from spred.barometer.tests import r_survey

    if any(item.get_closest_marker("needs_r") for item in session.items):
        r_survey.R_RUN.start()


def pytest_sessionfinish(session: pytest.Session) -> None:
    from spred.barometer.tests import r_survey

    r_survey.R_RUN.stop()


@pytest.fixture
def wave(analyst: User) -> Wave:
    return WaveFactory.create()


@pytest.fixture
def wave_with_codebook(wave: Wave, analyst: User) -> Wave:
    codebook_import(
        acting_user=analyst, wave=wave, content=codebook_yaml(), filename="kodebog.yaml"
    )
    return wave


@pytest.fixture
def loaded_wave(wave_with_codebook: Wave, analyst: User) -> Wave:
    microdata_import(
        acting_user=analyst,
        wave=wave_with_codebook,
        content=microdata_csv(),
        filename="mikrodata.csv",
        strata_content=strata_csv(),
        strata_filename="strata.csv",
    )
    return wave_with_codebook


@pytest.fixture
def test_indicators(db: None) -> list[Indicator]:
    """Indicators on the test codebook's questions (the real ones use other codes, except
    ``innovation``, which asks INNOV like the test codebook)."""
    made = [
        Indicator.objects.create(
            slug="test-service",
            theme="typer",
            title_da="Service",
            question_code="TYPE",
            value_codes=["1"],
            position=1001,
        ),
        Indicator.objects.create(
            slug="test-score",
            theme="vaerdi",
            title_da="Score",
            question_code="SCORE",
            value_codes=[],
            position=1002,
        ),
    ]
    return [Indicator.objects.get(slug="innovation"), *made]
