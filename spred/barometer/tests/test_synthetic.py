"""The synthetic demo data: a plausible frame and sample, headline figures near the published
ones, and a demo loader that goes through the real import and publishing."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import override_settings

from spred.accounts.models import User
from spred.barometer.choices import Breakdown, WaveStatus
from spred.barometer.demo import DEMO_ANALYST, load_barometer_demo
from spred.barometer.estimation import StratifiedDesign, proportion
from spred.barometer.importing import read_codebook, read_microdata
from spred.barometer.microdata import build_sample, indicator_vector
from spred.barometer.models import DataImport, PublishedEstimate, Respondent, Wave
from spred.barometer.synthetic import (
    EDITIONS,
    ITEMS,
    SAMPLE_SIZES,
    generate_wave,
    population_total,
)
from spred.core.testing import unchanged

#: The headline indicators, the generator's item behind each, and the question and codes.
HEADLINES = [
    ("innov", "INNOV", ["1"]),
    ("collab_private", "COLLAB", ["2"]),
    ("reuse", "REUSE", ["1", "2"]),
]


@pytest.fixture(scope="module")
def waves() -> dict[int, object]:
    return {edition: generate_wave(edition) for edition in EDITIONS}


def test_the_frame_and_samples_look_like_the_real_survey(waves: dict[int, object]) -> None:
    for edition, wave in waves.items():
        assert 13_800 <= population_total(wave) <= 14_800  # type: ignore[arg-type]
        n = len(wave.respondents)  # type: ignore[attr-defined]
        assert abs(n - SAMPLE_SIZES[edition]) <= 5
        assert 1_200 <= n <= 2_450
        combinations = {(s.level, s.area) for s in wave.frame}  # type: ignore[attr-defined]
        assert ("stat", "dagtilbud") not in combinations, "the state runs no day care"
        assert ("region", "sundhed") in combinations
        # Every stratum with more than one workplace has at least two answers (no lonely
        # strata), and weights are N_h / n_h.
        sizes: dict[str, int] = {}
        for r in wave.respondents:  # type: ignore[attr-defined]
            sizes[r.stratum.code] = sizes.get(r.stratum.code, 0) + 1
        for r in wave.respondents[:50]:  # type: ignore[attr-defined]
            assert r.weight == pytest.approx(r.stratum.population / sizes[r.stratum.code])
        assert all(n >= 2 for code, n in sizes.items())


def test_the_generator_is_seeded() -> None:
    assert generate_wave(2017).microdata_csv == generate_wave(2017).microdata_csv
    assert generate_wave(2017, seed=99).microdata_csv != generate_wave(2017).microdata_csv


def test_conditional_questions_are_respected(waves: dict[int, object]) -> None:
    wave = waves[2023]
    for r in wave.respondents:  # type: ignore[attr-defined]
        if r.answers["INNOV"] != "1":
            assert set(r.answers) == {"INNOV", "BARRIER"}
    dont_know = sum(r.answers["INNOV"] == "8" for r in wave.respondents)  # type: ignore[attr-defined]
    assert dont_know > 0, "a few 'ved ikke'"


def test_headline_estimates_land_near_the_targets(waves: dict[int, object]) -> None:
    for edition, wave in waves.items():
        codebook, report = read_codebook(wave.codebook_yaml.encode(), "k.yaml")  # type: ignore[attr-defined]
        assert codebook is not None, report.errors
        data, report = read_microdata(
            wave.microdata_csv.encode(),  # type: ignore[attr-defined]
            "m.csv",
            wave.strata_csv.encode(),  # type: ignore[attr-defined]
            "s.csv",
            codebook,
        )
        assert data is not None, [str(p) for p in report.errors[:5]]
        population = {code: s.population for code, s in data.strata.items()}
        sample = build_sample(
            (
                r.stratum,
                r.weight,
                population[r.stratum],
                r.government_level,
                r.area,
                r.size_band,
                r.answers,
            )
            for r in data.respondents
        )
        design = StratifiedDesign(sample.strata, sample.weights, sample.population)
        for item, question, codes in HEADLINES:
            estimate = proportion(design, indicator_vector(sample, codebook, question, codes))
            target = ITEMS[item].target[edition]
            assert abs(estimate.estimate - target) < 0.03, (edition, item, estimate.estimate)
        innovated = proportion(design, indicator_vector(sample, codebook, "INNOV", ["1"]))
        assert 0.78 <= innovated.estimate <= 0.86


def test_generate_command_writes_the_three_files(tmp_path: Path) -> None:
    out = io.StringIO()
    call_command("generate_barometer_demo", "--out", str(tmp_path), "--wave", "2020", stdout=out)
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["kodebog-2020.yaml", "mikrodata-2020.csv", "strata-2020.csv"]
    assert "2020:" in out.getvalue()


@pytest.mark.django_db
def test_the_demo_loader_imports_and_publishes_four_synthetic_waves(reference_data: object) -> None:
    with override_settings(SPRED_DEMO=True):
        call_command("load_demo", stdout=io.StringIO())
    waves = Wave.objects.order_by("edition")
    assert [w.edition for w in waves] == list(EDITIONS)
    assert all(w.is_synthetic and w.status == WaveStatus.PUBLISHED for w in waves)
    analyst = User.objects.get(email=DEMO_ANALYST)
    assert all(w.published_by == analyst for w in waves)
    # Through the import path: one codebook and one microdata import per wave.
    assert DataImport.objects.filter(imported_by=analyst).count() == 8
    assert Respondent.objects.count() == sum(len(generate_wave(e).respondents) for e in EDITIONS)
    # Disclosure control hides something in the demo (the tiny strata).
    assert PublishedEstimate.objects.exclude(suppression="").exists()
    total = PublishedEstimate.objects.get(
        wave__edition=2023, indicator__slug="innovation", breakdown=Breakdown.TOTAL
    )
    assert total.estimate is not None and 0.78 <= total.estimate <= 0.86
    # Loading again changes nothing.
    with unchanged(Wave, Respondent, PublishedEstimate, DataImport):
        assert load_barometer_demo().waves == 0
