"""Publishing: denominators from the asked population, every breakdown through the engine,
disclosure control, and rows that replace each other atomically."""

from __future__ import annotations

import math

import numpy as np
import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from spred.accounts.models import User
from spred.barometer.analysis.estimation import StratifiedDesign, proportion
from spred.barometer.choices import (
    Breakdown,
    CiMethod,
    LonelyStratumPolicy,
    SuppressionReason,
    WaveStatus,
)
from spred.barometer.importing.codebook import QuestionSpec, codebook_spec_from_model
from spred.barometer.models import Indicator, PublishedEstimate, Wave
from spred.barometer.selectors.workspace import preview_wave, respondents_for_estimation
from spred.barometer.services.imports import microdata_import
from spred.barometer.services.publishing import publish_wave, unpublish_wave
from spred.barometer.tabulation import compute_wave
from spred.barometer.tests.factories import Row, default_rows, microdata_csv, strata_csv
from spred.barometer.vectors import (
    IndicatorNotMeasured,
    IndicatorVectors,
    build_sample,
    indicator_vector,
    response_value,
)
from spred.core.policies import ActionNotAllowed
from spred.core.testing import unchanged

pytestmark = pytest.mark.django_db


def _cells(wave: Wave, slug: str, breakdown: str) -> dict[str, PublishedEstimate]:
    return {
        c.domain: c
        for c in PublishedEstimate.objects.filter(
            wave=wave, indicator__slug=slug, breakdown=breakdown
        )
    }


# --------------------------------------------------------------------------------------------
# Denominators


def test_asked_population_and_dont_know(loaded_wave: Wave, analyst: User) -> None:
    sample = build_sample(respondents_for_estimation(user=analyst, wave=loaded_wave))
    spec = codebook_spec_from_model(loaded_wave.current_codebook)
    by_id = sorted(
        zip(
            [r.external_id for r in loaded_wave.respondents.order_by("external_id")],
            range(len(sample)),
            strict=True,
        )
    )
    innov = indicator_vector(sample, spec, "INNOV", ["1"])
    service = indicator_vector(sample, spec, "TYPE", ["1"])
    score = indicator_vector(sample, spec, "SCORE", [])
    # Per stratum: yes (types 1+2), yes (type 3), no, "ved ikke".
    first_four = [i for _id, i in by_id[:4]]
    assert list(innov[first_four][:3]) == [1.0, 1.0, 0.0]
    assert math.isnan(innov[first_four][3]), "'ved ikke' is left out of the denominator"
    assert list(service[first_four][:2]) == [1.0, 0.0]
    # Not asked (answered no, or don't know to INNOV): outside the denominator.
    assert all(math.isnan(v) for v in service[first_four][2:])
    assert list(score[first_four][:2]) == [4.0, 5.0]
    assert int(np.sum(~np.isnan(innov))) == 12
    assert int(np.sum(~np.isnan(service))) == 8


def _question(**kwargs: object) -> QuestionSpec:
    defaults: dict[str, object] = {
        "code": "Q",
        "text_da": "Q",
        "text_en": "",
        "type": "multiple",
        "options": (),
        "dont_know": ("8",),
    }
    return QuestionSpec(**{**defaults, **kwargs})  # type: ignore[arg-type]


def test_dont_know_counts_as_no_when_the_codebook_says_so() -> None:
    keep = _question(exclude_dont_know=False)
    drop = _question(exclude_dont_know=True)
    assert response_value(keep, {"Q": ["8"]}, ["1"]) == 0.0
    assert math.isnan(response_value(drop, {"Q": ["8"]}, ["1"]))
    # With a real answer beside it, "ved ikke" is ignored.
    assert response_value(drop, {"Q": ["1", "8"]}, ["1"]) == 1.0
    # Asked but left blank: item non-response, outside the denominator.
    assert math.isnan(response_value(drop, {}, ["1"]))


def test_the_batch_vectors_equal_the_single_ones(loaded_wave: Wave, analyst: User) -> None:
    sample = build_sample(respondents_for_estimation(user=analyst, wave=loaded_wave))
    spec = codebook_spec_from_model(loaded_wave.current_codebook)
    vectors = IndicatorVectors(sample, spec)
    for code, values in [("INNOV", ["1"]), ("TYPE", ["3"]), ("TYPE", ["1", "2"]), ("SCORE", [])]:
        np.testing.assert_array_equal(
            vectors.vector(code, values), indicator_vector(sample, spec, code, values)
        )
    with pytest.raises(IndicatorNotMeasured):
        vectors.vector("TYPE", ["7"])
    with pytest.raises(IndicatorNotMeasured):
        vectors.vector("NOPE", ["1"])


# --------------------------------------------------------------------------------------------
# Publishing


def test_publish_writes_every_breakdown(
    loaded_wave: Wave, analyst: User, test_indicators: list[Indicator]
) -> None:
    result = publish_wave(acting_user=analyst, wave=loaded_wave)
    loaded_wave.refresh_from_db()
    assert loaded_wave.status == WaveStatus.PUBLISHED
    assert loaded_wave.published_by == analyst
    # The real indicators on questions the test codebook lacks are reported, not guessed.
    skipped = {i.slug for i, _reason in result.skipped}
    assert "innovation" not in skipped
    assert "collab-private" in skipped
    total = _cells(loaded_wave, "innovation", Breakdown.TOTAL)[""]
    # 2 of 3 answering workplaces in each stratum innovated; "ved ikke" is left out.
    assert total.estimate == pytest.approx(2 / 3)
    assert total.n == 12
    assert total.ci_low is not None
    assert total.ci_high is not None
    assert total.estimate is not None
    assert 0 < total.ci_low < total.estimate < total.ci_high < 1
    assert set(_cells(loaded_wave, "innovation", Breakdown.LEVEL)) == {"kommune", "region", "stat"}
    assert set(_cells(loaded_wave, "innovation", Breakdown.SIZE)) == {"10-49", "50-99", "100+"}
    # Only combinations that exist in the frame get a cell.
    assert set(_cells(loaded_wave, "innovation", Breakdown.LEVEL_AREA)) == {
        "kommune|dagtilbud",
        "kommune|undervisning",
        "region|sundhed",
        "stat|administration",
    }
    score = _cells(loaded_wave, "test-score", Breakdown.TOTAL)[""]
    assert score.estimate == pytest.approx(4.5)


def test_figures_equal_the_engine_on_the_full_design(
    loaded_wave: Wave, analyst: User, test_indicators: list[Indicator]
) -> None:
    publish_wave(acting_user=analyst, wave=loaded_wave)
    sample = build_sample(respondents_for_estimation(user=analyst, wave=loaded_wave))
    spec = codebook_spec_from_model(loaded_wave.current_codebook)
    design = StratifiedDesign(sample.strata, sample.weights, sample.population)
    y = indicator_vector(sample, spec, "TYPE", ["1"])
    kommune = proportion(design, y, domain=sample.level == "kommune")
    cell = _cells(loaded_wave, "test-service", Breakdown.LEVEL)["kommune"]
    assert cell.estimate == pytest.approx(kommune.estimate)
    assert cell.se == pytest.approx(kommune.se)
    assert cell.ci_low == pytest.approx(kommune.ci_low)
    assert cell.n == kommune.n == 4


def test_suppressed_cells_carry_no_figures(
    loaded_wave: Wave, analyst: User, test_indicators: list[Indicator]
) -> None:
    publish_wave(acting_user=analyst, wave=loaded_wave)
    # TYPE is asked of two innovating workplaces per stratum: every level × area cell has 2.
    grid = _cells(loaded_wave, "test-service", Breakdown.LEVEL_AREA)
    assert {c.suppression for c in grid.values()} == {SuppressionReason.PRIMARY}
    levels = _cells(loaded_wave, "test-service", Breakdown.LEVEL)
    assert levels["region"].suppression == SuppressionReason.PRIMARY
    assert levels["kommune"].suppression == ""
    assert levels["kommune"].n == 4
    hidden = PublishedEstimate.objects.exclude(suppression="")
    assert hidden.exists()
    for cell in hidden:
        assert (cell.estimate, cell.se, cell.ci_low, cell.ci_high, cell.df, cell.n) == (None,) * 6
        assert not cell.uncertain


def test_the_database_refuses_figures_in_a_suppressed_cell(
    loaded_wave: Wave, analyst: User, test_indicators: list[Indicator]
) -> None:
    publish_wave(acting_user=analyst, wave=loaded_wave)
    hidden = PublishedEstimate.objects.exclude(suppression="").first()
    assert hidden is not None
    for figure, value in (("df", 3), ("n", 2), ("estimate", 0.5)):
        with transaction.atomic(), pytest.raises(IntegrityError):
            PublishedEstimate.objects.filter(pk=hidden.pk).update(**{figure: value})
    # A published cell may carry them all.
    shown = PublishedEstimate.objects.filter(suppression="", df__isnull=False).first()
    assert shown is not None
    assert shown.n is not None


def test_secondary_suppression_hides_a_second_cell(
    wave_with_codebook: Wave, analyst: User, test_indicators: list[Indicator]
) -> None:
    # S-ADM gets 2 answers: a primary cell in the state row, and the row's other cells are
    # empty — so the level margin itself must go, and with it another cell of its column.
    rows = [r for r in default_rows() if r.stratum != "S-ADM"] + [
        Row("S1", "S-ADM", {"INNOV": "2"}),
        Row("S2", "S-ADM", {"INNOV": "1"}),
    ]
    microdata_import(
        acting_user=analyst,
        wave=wave_with_codebook,
        content=microdata_csv(rows),
        filename="m.csv",
        strata_content=strata_csv(),
        strata_filename="s.csv",
    )
    publish_wave(acting_user=analyst, wave=wave_with_codebook)
    grid = _cells(wave_with_codebook, "innovation", Breakdown.LEVEL_AREA)
    assert grid["stat|administration"].suppression == SuppressionReason.PRIMARY
    reasons = [
        c.suppression for c in PublishedEstimate.objects.filter(indicator__slug="innovation")
    ]
    assert SuppressionReason.SECONDARY in reasons
    # The state figure cannot be worked out from the total and the other levels: another
    # level is hidden too — not the whole-sector figure, which stays published.
    levels = _cells(wave_with_codebook, "innovation", Breakdown.LEVEL)
    total = _cells(wave_with_codebook, "innovation", Breakdown.TOTAL)[""]
    assert levels["stat"].is_suppressed
    assert sum(c.is_suppressed for c in levels.values()) >= 2
    assert not total.is_suppressed
    assert total.estimate is not None


def test_republish_replaces_the_cells(
    loaded_wave: Wave, analyst: User, test_indicators: list[Indicator]
) -> None:
    publish_wave(acting_user=analyst, wave=loaded_wave)
    before = _cells(loaded_wave, "innovation", Breakdown.TOTAL)[""]
    count = PublishedEstimate.objects.count()
    result = publish_wave(acting_user=analyst, wave=loaded_wave, ci_method=CiMethod.WALD)
    assert result.replaced == count
    after = _cells(loaded_wave, "innovation", Breakdown.TOTAL)[""]
    assert PublishedEstimate.objects.count() == count
    assert after.pk != before.pk
    assert after.estimate == pytest.approx(before.estimate)
    assert after.estimate is not None
    assert before.estimate is not None
    assert after.ci_low is not None
    assert after.ci_high is not None
    assert before.ci_low is not None
    assert before.ci_high is not None
    # Wald is symmetric around the estimate; the logit interval is not.
    assert after.estimate - after.ci_low == pytest.approx(after.ci_high - after.estimate)
    assert before.estimate - before.ci_low != pytest.approx(before.ci_high - before.estimate)
    loaded_wave.refresh_from_db()
    assert loaded_wave.ci_method == CiMethod.WALD


def test_a_failed_republish_keeps_the_published_cells(
    wave_with_codebook: Wave, analyst: User, test_indicators: list[Indicator]
) -> None:
    rows = [r for r in default_rows() if r.stratum != "S-ADM"] + [Row("S1", "S-ADM", {})]
    microdata_import(
        acting_user=analyst,
        wave=wave_with_codebook,
        content=microdata_csv(rows),
        filename="m.csv",
        strata_content=strata_csv(),
        strata_filename="s.csv",
        lonely_policy=LonelyStratumPolicy.CERTAINTY,
    )
    publish_wave(acting_user=analyst, wave=wave_with_codebook)
    wave_with_codebook.refresh_from_db()
    with (
        unchanged(PublishedEstimate, wave_with_codebook),
        pytest.raises(ValidationError, match="S-ADM"),
    ):
        publish_wave(
            acting_user=analyst, wave=wave_with_codebook, lonely_policy=LonelyStratumPolicy.FAIL
        )


def test_unpublish_removes_the_cells(
    loaded_wave: Wave, analyst: User, test_indicators: list[Indicator]
) -> None:
    publish_wave(acting_user=analyst, wave=loaded_wave)
    loaded_wave.refresh_from_db()
    removed = unpublish_wave(acting_user=analyst, wave=loaded_wave)
    assert removed > 0
    assert not PublishedEstimate.objects.filter(wave=loaded_wave).exists()
    loaded_wave.refresh_from_db()
    assert loaded_wave.status == WaveStatus.DRAFT
    assert loaded_wave.published_at is None


def test_only_analysts_publish(loaded_wave: Wave, superuser: User, editor: User) -> None:
    for person in (superuser, editor, None):
        with unchanged(PublishedEstimate, loaded_wave), pytest.raises(ActionNotAllowed):
            publish_wave(acting_user=person, wave=loaded_wave)
    with pytest.raises(ActionNotAllowed):
        preview_wave(user=superuser, wave=loaded_wave)


def test_publishing_is_audited_with_the_analyst(loaded_wave: Wave, analyst: User) -> None:
    publish_wave(acting_user=analyst, wave=loaded_wave)
    entry = LogEntry.objects.get_for_object(loaded_wave).order_by("-timestamp").first()
    assert entry is not None
    assert entry.actor == analyst
    assert "status" in entry.changes_dict


def test_preview_stores_nothing_and_shows_what_would_be_hidden(
    loaded_wave: Wave, analyst: User, test_indicators: list[Indicator]
) -> None:
    with unchanged(PublishedEstimate, loaded_wave):
        tables = preview_wave(user=analyst, wave=loaded_wave)
    hidden = [c for c in tables.cells if c.is_suppressed]
    assert hidden
    assert all(c.n > 0 for c in hidden), "the analyst sees why: the count"
    assert tables.respondents == 16


def test_compute_wave_refuses_an_empty_wave(wave_with_codebook: Wave, analyst: User) -> None:
    with pytest.raises(ValidationError, match="ingen besvarelser"):
        compute_wave(
            wave_with_codebook,
            respondents=[],
            strata=[],
            codebook=wave_with_codebook.current_codebook,
            indicators=[],
        )


def test_publish_command(loaded_wave: Wave, analyst: User) -> None:
    import io

    from django.core.management import call_command

    out = io.StringIO()
    call_command("publish_barometer_wave", "--wave", "2023", stdout=out)
    assert "Published wave 2023" in out.getvalue()
    assert "innovation" in out.getvalue()
    out = io.StringIO()
    call_command("publish_barometer_wave", "--wave", "2023", "--unpublish", stdout=out)
    assert not PublishedEstimate.objects.filter(wave=loaded_wave).exists()
