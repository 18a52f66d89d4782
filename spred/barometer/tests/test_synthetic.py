"""The synthetic demo data: a plausible frame and sample, headline figures near the published
ones, and a demo loader that goes through the real import and publishing."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from spred.accounts.models import User
from spred.barometer.analysis.estimation import StratifiedDesign, proportion
from spred.barometer.choices import Breakdown, WaveStatus
from spred.barometer.demo import DEMO_ANALYST, load_barometer_demo
from spred.barometer.importing.codebook import read_codebook
from spred.barometer.importing.microdata import read_microdata
from spred.barometer.models import DataImport, PublishedEstimate, Respondent, Wave
from spred.barometer.synthetic import (
    EDITIONS,
    ITEMS,
    SAMPLE_SIZES,
    SyntheticWave,
    generate_wave,
    population_total,
)
from spred.barometer.vectors import build_sample, indicator_vector
from spred.core.testing import unchanged

#: The headline indicators, the generator's item behind each, and the question and codes.
HEADLINES = [
    ("innov", "INNOV", ["1"]),
    ("collab_private", "COLLAB", ["2"]),
    ("reuse", "REUSE", ["1", "2"]),
]


@pytest.fixture(scope="module")
def waves() -> dict[int, SyntheticWave]:
    return {edition: generate_wave(edition) for edition in EDITIONS}


def test_the_frame_and_samples_look_like_the_real_survey(waves: dict[int, SyntheticWave]) -> None:
    for edition, wave in waves.items():
        assert 13_800 <= population_total(wave) <= 14_800
        n = len(wave.respondents)
        assert abs(n - SAMPLE_SIZES[edition]) <= 5
        assert 1_200 <= n <= 2_450
        combinations = {(s.level, s.area) for s in wave.frame}
        assert ("stat", "dagtilbud") not in combinations, "the state runs no day care"
        assert ("region", "sundhed") in combinations
        # Every stratum with more than one workplace has at least two answers (no lonely
        # strata), and weights are N_h / n_h.
        sizes: dict[str, int] = {}
        for r in wave.respondents:
            sizes[r.stratum.code] = sizes.get(r.stratum.code, 0) + 1
        for r in wave.respondents[:50]:
            assert r.weight == pytest.approx(r.stratum.population / sizes[r.stratum.code])
        assert all(n >= 2 for code, n in sizes.items())


def test_the_generator_is_seeded(waves: dict[int, SyntheticWave]) -> None:
    again = generate_wave(2017)
    assert again.microdata_csv == waves[2017].microdata_csv
    small = generate_wave(2017, scale=0.1)
    assert small.microdata_csv == generate_wave(2017, scale=0.1).microdata_csv
    assert generate_wave(2017, seed=99, scale=0.1).microdata_csv != small.microdata_csv


def test_a_scaled_wave_is_smaller_but_keeps_the_frame(waves: dict[int, SyntheticWave]) -> None:
    full = waves[2020]
    half = generate_wave(2020, scale=0.5)
    assert half.frame == full.frame
    assert abs(len(half.respondents) - SAMPLE_SIZES[2020] / 2) <= 5
    # The floor of two answers per stratum (all of a stratum smaller than that).
    tiny = generate_wave(2020, scale=0.01)
    per_stratum: dict[str, int] = {}
    for r in tiny.respondents:
        per_stratum[r.stratum.code] = per_stratum.get(r.stratum.code, 0) + 1
    assert {s.code for s in tiny.frame} == set(per_stratum)
    assert all(n == min(2, s.population) for s in tiny.frame for n in [per_stratum[s.code]])
    with pytest.raises(ValueError, match="scale"):
        generate_wave(2020, scale=0)


def test_conditional_questions_are_respected(waves: dict[int, SyntheticWave]) -> None:
    wave = waves[2023]
    for r in wave.respondents:
        if r.answers["INNOV"] != "1":
            assert set(r.answers) == {"INNOV", "BARRIER"}
    dont_know = sum(r.answers["INNOV"] == "8" for r in wave.respondents)
    assert dont_know > 0, "a few 'ved ikke'"


def test_headline_estimates_land_near_the_targets(waves: dict[int, SyntheticWave]) -> None:
    for edition, wave in waves.items():
        codebook, report = read_codebook(wave.codebook_yaml.encode(), "k.yaml")
        assert codebook is not None, report.errors
        data, report = read_microdata(
            wave.microdata_csv.encode(),
            "m.csv",
            wave.strata_csv.encode(),
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
    call_command(
        "generate_barometer_demo",
        "--out",
        str(tmp_path),
        "--wave",
        "2020",
        "--scale",
        "0.2",
        stdout=out,
    )
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["kodebog-2020.yaml", "mikrodata-2020.csv", "strata-2020.csv"]
    assert "2020: 260 respondents" in out.getvalue()
    with pytest.raises(CommandError, match="scale"):
        call_command("generate_barometer_demo", "--out", str(tmp_path), "--scale", "2")


@pytest.mark.django_db
def test_the_demo_loader_imports_and_publishes_four_synthetic_waves(
    reference_data: object, waves: dict[int, SyntheticWave]
) -> None:
    with override_settings(SPRED_DEMO=True):
        # The people (for the demo analyst) and the barometer; the catalogue has its own test.
        call_command("load_demo", "--only=people", "--only=barometer", stdout=io.StringIO())
    loaded = Wave.objects.order_by("edition")
    assert [w.edition for w in loaded] == list(EDITIONS)
    assert all(w.is_synthetic and w.status == WaveStatus.PUBLISHED for w in loaded)
    analyst = User.objects.get(email=DEMO_ANALYST)
    assert all(w.published_by == analyst for w in loaded)
    # Through the import path: one codebook and one microdata import per wave.
    assert DataImport.objects.filter(imported_by=analyst).count() == 8
    assert Respondent.objects.count() == sum(len(w.respondents) for w in waves.values())
    # Disclosure control hides something in the demo (the tiny strata).
    assert PublishedEstimate.objects.exclude(suppression="").exists()
    total = PublishedEstimate.objects.get(
        wave__edition=2023, indicator__slug="innovation", breakdown=Breakdown.TOTAL
    )
    assert total.estimate is not None
    assert 0.78 <= total.estimate <= 0.86
    # Loading again changes nothing.
    with unchanged(Wave, Respondent, PublishedEstimate, DataImport):
        assert load_barometer_demo().waves == 0
