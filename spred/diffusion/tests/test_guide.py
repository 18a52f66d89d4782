"""The spreading guide's definition file and what is computed from answers (no database)."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml
from django.utils import translation

from spred.core.charts import data_values, external_data_urls
from spred.diffusion.analysis import assessment, guide
from spred.diffusion.analysis.assessment import SheetState, VerdictCode
from spred.diffusion.analysis.guide import GuideFileError
from spred.diffusion.choices import GuideSide

ADOPTING = GuideSide.ADOPTING
SHARING = GuideSide.SHARING


# --------------------------------------------------------------------------------------------
# The shipped file


def test_the_shipped_guide_is_valid_and_covers_both_sides() -> None:
    shipped = guide.read_guide()
    assert [p.number for p in shipped.phases] == [1, 2, 3, 4, 5]
    assert str(shipped.phases[0].title) == "Giver spredning mening?"
    for side in (ADOPTING, SHARING):
        check = shipped.check_worksheet(side)
        assert check.phase_number == 1
        assert all(phase.for_side(side) for phase in shipped.phases)
    # Some worksheets are shared by both sides.
    assert any(w.shared for w in shipped.worksheets())
    # Every dimension is measured by at least one question of each side.
    for side in (ADOPTING, SHARING):
        measured = {q.dimension for w in shipped.worksheets(side) for q in w.questions}
        assert {d.key for d in shipped.dimensions} <= measured, side


def test_every_text_has_an_english_version() -> None:
    shipped = guide.read_guide()
    texts: list[guide.Text] = []
    for phase in shipped.phases:
        texts += [phase.title, phase.intro]
        for worksheet in phase.worksheets:
            texts += [worksheet.title, worksheet.intro]
            for question in worksheet.questions:
                texts += [question.text, question.help, *(c.label for c in question.choices)]
    for text in texts:
        assert bool(text.da) == bool(text.en), text


def test_texts_follow_the_active_language() -> None:
    title = guide.load_guide().phases[0].title
    with translation.override("en"):
        assert str(title) == "Does spreading make sense?"
    with translation.override("da"):
        assert str(title) == "Giver spredning mening?"


def test_the_guide_is_read_once() -> None:
    assert guide.load_guide() is guide.load_guide()


# --------------------------------------------------------------------------------------------
# A malformed file is refused with the place named


def _raw() -> dict[str, Any]:
    return copy.deepcopy(yaml.safe_load(guide.DATA_FILE.read_text(encoding="utf-8")))


def _first_question(raw: dict[str, Any]) -> dict[str, Any]:
    question: dict[str, Any] = raw["phases"][0]["worksheets"][0]["questions"][0]
    return question


def _without_sharing_check(raw: dict[str, Any]) -> None:
    sheet = raw["phases"][0]["worksheets"][1]
    sheet["check"] = False
    for question in sheet["questions"]:
        question.pop("blocking", None)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda r: _first_question(r).update(type="slider"), "type must be one of"),
        (lambda r: _first_question(r).update(dimension="mod"), "dimension must be one of"),
        (lambda r: _first_question(r).update(weight=-1), "weight must be from"),
        (lambda r: _first_question(r).pop("text_en"), "needs text and text_en"),
        (lambda r: _first_question(r).update(colour="blå"), "unknown field"),
        (lambda r: r["phases"][0]["worksheets"][0].update(slug="afslut"), "guide's own"),
        (_without_sharing_check, "exactly one check"),
        (
            lambda r: r["phases"][1]["worksheets"][0].update(check=True),
            "only a worksheet of phase 1",
        ),
        (lambda r: r["phases"][1].update(number=7), "expected number 2"),
        (lambda r: r["verdict"].update(reconsider_at=90), "cannot be above go_at"),
        (
            lambda r: r["phases"][1]["worksheets"][0].update(slug="tjek-deling"),
            "worksheet slugs must be unique",
        ),
        (
            lambda r: r["phases"][1]["worksheets"][0]["questions"][0].update(blocking=True),
            "blocking belongs to",
        ),
    ],
)
def test_a_malformed_guide_is_refused_with_a_clear_message(change: Any, message: str) -> None:
    raw = _raw()
    change(raw)
    with pytest.raises(GuideFileError, match=message) as caught:
        guide.parse_guide(raw)
    assert str(caught.value).startswith("guide.yaml: ")


def test_a_file_that_is_not_yaml_is_refused(tmp_path: Path) -> None:
    broken = tmp_path / "guide.yaml"
    broken.write_text("phases: [\n  - number: 1\n    title: Ups: kolon\n", encoding="utf-8")
    with pytest.raises(GuideFileError, match="not valid YAML"):
        guide.read_guide(broken)


def test_the_error_names_where_in_the_file() -> None:
    raw = _raw()
    raw["phases"][2]["worksheets"][1]["questions"][0]["type"] = "slider"
    with pytest.raises(GuideFileError) as caught:
        guide.parse_guide(raw)
    assert "phase 3 → worksheet 2 → question 1" in str(caught.value)


# --------------------------------------------------------------------------------------------
# Cleaning answers


def _sheet(slug: str) -> guide.Worksheet:
    found = guide.load_guide().worksheet(slug)
    assert found is not None
    return found


def test_clean_answers_normalises_and_drops_empty_values() -> None:
    cleaned, errors = guide.clean_answers(
        _sheet("tjek-ibrugtagning"),
        {"problem": True, "ledelse": "4", "hvorfor": "  Fordi  ", "tid": "", "i-dag": None},
        completing=False,
    )
    assert errors == {}
    assert cleaned == {"problem": "ja", "ledelse": 4, "hvorfor": "Fordi"}


@pytest.mark.parametrize(
    ("answers", "key", "message"),
    [
        ({"ledelse": 6}, "ledelse", "Vælg et tal fra 1 til 5."),
        ({"ledelse": 0}, "ledelse", "Vælg et tal fra 1 til 5."),
        ({"ledelse": True}, "ledelse", "Vælg et tal fra 1 til 5."),
        ({"problem": "måske"}, "problem", "Svar ja eller nej."),
        ({"i-dag": "fremragende"}, "i-dag", "Vælg et af de mulige svar."),
        ({"hvorfor": 17}, "hvorfor", "Svaret skal være tekst."),
        ({"hvorfor": "x" * 2001}, "hvorfor", "højst være 2.000 tegn"),
        ({"farve": "blå"}, "farve", "intet spørgsmål »farve«"),
    ],
)
def test_bad_answers_get_a_danish_error_on_their_question(
    answers: dict[str, Any], key: str, message: str
) -> None:
    cleaned, errors = guide.clean_answers(_sheet("tjek-ibrugtagning"), answers, completing=False)
    assert list(errors) == [key]
    assert message in errors[key][0]
    assert key not in cleaned


def test_completing_needs_every_required_answer() -> None:
    sheet = _sheet("tjek-ibrugtagning")
    _cleaned, errors = guide.clean_answers(sheet, {"problem": "ja"}, completing=True)
    required = {q.key for q in sheet.questions if q.required} - {"problem"}
    assert set(errors) == required
    assert "tid" not in errors  # optional
    _cleaned, errors = guide.clean_answers(sheet, {"problem": "ja"}, completing=False)
    assert errors == {}


# --------------------------------------------------------------------------------------------
# Readiness and verdict on hand-made answers

#: The adopting side's check, answered by hand. Points (weight): problem ja 1 (3),
#: i-dag nogenlunde 0.25 (1), effekt-andre-steder 4 → 0.75 (2), ledelse 2 → 0.25 (2),
#: forhindringer nej (the good answer) 1 (2); tid unanswered.
CHECK = {
    "problem": "ja",
    "i-dag": "nogenlunde",
    "effekt-andre-steder": 4,
    "ledelse": 2,
    "forhindringer": "nej",
    "hvorfor": "Lange ventetider",
}


def _by_key(result: assessment.Readiness) -> dict[str, float | None]:
    return {d.dimension.key: d.score for d in result.dimensions}


def test_readiness_is_the_weighted_mean_per_dimension_and_overall() -> None:
    result = assessment.readiness(ADOPTING, {"tjek-ibrugtagning": CHECK})
    scores = _by_key(result)
    # behov: (3·1 + 1·0.25) / 4 = 81.25
    assert scores["behov"] == pytest.approx(81.25)
    assert scores["effekt"] == pytest.approx(75.0)
    assert scores["ledelse"] == pytest.approx(25.0)
    assert scores["data-jura"] == pytest.approx(100.0)
    assert scores["kapacitet"] is None  # only "tid" so far, unanswered
    # overall: (3 + 0.25 + 1.5 + 0.5 + 2) / (3 + 1 + 2 + 2 + 2) = 7.25 / 10
    assert result.score == pytest.approx(72.5)
    assert result.answered == 5
    assert [d.dimension.key for d in result.weakest] == ["ledelse"]


def test_answers_from_other_worksheets_count_too() -> None:
    answers = {
        "tjek-ibrugtagning": CHECK,
        # medarbejdere: 5 → 1 (2); behov: vigtighed 3 → 0.5 (2); udgangspunkt nej → 0 (2, effekt)
        "behov-og-maalgruppe": {"vigtighed": 3, "medarbejdernes-syn": 5, "udgangspunkt": "nej"},
    }
    result = assessment.readiness(ADOPTING, answers)
    scores = _by_key(result)
    assert scores["medarbejdere"] == pytest.approx(100.0)
    # behov: (3 + 0.25 + 2·0.5) / (3 + 1 + 2) = 4.25 / 6
    assert scores["behov"] == pytest.approx(100 * 4.25 / 6)
    # effekt: (2·0.75 + 2·0) / 4 = 37.5
    assert scores["effekt"] == pytest.approx(37.5)
    # overall: (7.25 + 1 + 2 + 0) / (10 + 6) = 10.25 / 16
    assert result.score == pytest.approx(100 * 10.25 / 16)
    # Under 60, lowest first: ledelse 25, effekt 37.5.
    assert [d.dimension.key for d in result.weakest] == ["ledelse", "effekt"]


def test_answers_of_the_other_side_do_not_count() -> None:
    result = assessment.readiness(SHARING, {"tjek-ibrugtagning": CHECK})
    assert result.score is None
    assert result.answered == 0
    assert result.weakest == ()


def test_at_most_max_weak_dimensions_are_named() -> None:
    answers = {
        "tjek-ibrugtagning": {
            "problem": "nej",
            "effekt-andre-steder": 1,
            "ledelse": 1,
            "tid": 1,
            "forhindringer": "ja",
        }
    }
    result = assessment.readiness(ADOPTING, answers)
    assert len(result.weakest) == guide.load_guide().max_weak == 3
    assert all(d.score == 0 for d in result.weakest)
    # Equal scores keep the file's order of dimensions.
    assert [d.dimension.key for d in result.weakest] == ["behov", "ledelse", "kapacitet"]


def test_the_check_says_spreading_makes_sense_at_60_points_or_more() -> None:
    result = assessment.verdict(ADOPTING, {"tjek-ibrugtagning": CHECK})
    assert result.code == VerdictCode.GO
    assert result.score == pytest.approx(72.5)
    assert result.label == "Spredning giver mening"


def test_the_check_says_reconsider_between_40_and_60() -> None:
    # forhindringer ja → 0 points: (3 + 0.25 + 1.5 + 0.5 + 0) / 10 = 52.5
    result = assessment.verdict(ADOPTING, {"tjek-ibrugtagning": {**CHECK, "forhindringer": "ja"}})
    assert result.code == VerdictCode.RECONSIDER
    assert result.score == pytest.approx(52.5)


def test_the_check_says_stop_below_40() -> None:
    low = {**CHECK, "forhindringer": "ja", "i-dag": "godt", "effekt-andre-steder": 1, "ledelse": 1}
    result = assessment.verdict(ADOPTING, {"tjek-ibrugtagning": low})
    # (3 + 0 + 0 + 0 + 0) / 10 = 30
    assert result.score == pytest.approx(30.0)
    assert result.code == VerdictCode.STOP


def test_a_blocking_answer_stops_at_once() -> None:
    result = assessment.verdict(ADOPTING, {"tjek-ibrugtagning": {"problem": "nej"}})
    assert result.code == VerdictCode.STOP
    assert [q.key for q in result.blocked_by] == ["problem"]
    assert "Løser løsningen et problem" in result.explanation


def test_no_verdict_until_the_required_questions_are_answered() -> None:
    partial = {key: CHECK[key] for key in ("problem", "ledelse")}
    result = assessment.verdict(ADOPTING, {"tjek-ibrugtagning": partial})
    assert result.code == VerdictCode.PENDING
    assert {q.key for q in result.missing} == {"i-dag", "effekt-andre-steder", "forhindringer"}
    assert assessment.verdict(ADOPTING, {}).code == VerdictCode.PENDING


def test_the_rules_shown_on_the_page_carry_the_numbers_from_the_file() -> None:
    assert "under 60 point" in assessment.readiness_rule()
    rule = assessment.verdict_rule()
    assert "mindst 60 point" in rule
    assert "mindst 40 point" in rule


# --------------------------------------------------------------------------------------------
# Progress


def test_progress_counts_completed_worksheets_per_phase() -> None:
    result = assessment.progress(
        ADOPTING,
        completed={"tjek-ibrugtagning", "behov-og-maalgruppe", "tjek-deling"},
        started={"tjek-ibrugtagning", "behov-og-maalgruppe", "kend-loesningen"},
    )
    assert (result.completed, result.total, result.percent) == (2, 10, 20)
    first, second = result.phases[0], result.phases[1]
    assert first.is_complete
    assert (first.completed, first.total) == (1, 1)
    assert (second.completed, second.total) == (1, 2)
    assert [s.state for s in second.sheets] == [SheetState.DONE, SheetState.DRAFT]
    assert result.next_sheet is not None
    assert result.next_sheet.slug == "kend-loesningen"
    assert result.current_phase is not None
    assert result.current_phase.number == 2


def test_a_finished_project_has_no_next_worksheet() -> None:
    every = {w.slug for w in guide.load_guide().worksheets(SHARING)}
    result = assessment.progress(SHARING, completed=every)
    assert result.percent == 100
    assert result.next_sheet is None
    assert result.current_phase is None


# --------------------------------------------------------------------------------------------
# The chart and its table agree


def test_the_readiness_chart_and_table_carry_the_same_scores() -> None:
    result = assessment.readiness(ADOPTING, {"tjek-ibrugtagning": CHECK})
    chart = assessment.readiness_chart(result)
    bars = [row for row in data_values(chart.spec) if "dimension" in row]
    assert {row["dimension"]: row["score"] for row in bars} == {
        "Behov": 81.2,
        "Ledelsesopbakning": 25.0,
        "Data og jura": 100.0,
        "Dokumenteret effekt": 75.0,
    }
    table = {row.header: row.cells[0] for row in chart.table.rows}
    assert table["Behov"] == "81,2"
    assert table["Ledelsesopbakning"] == "25"
    assert table["Kapacitet"] == "–"
    notes = {row.header: row.notes for row in chart.table.rows}
    assert notes["Ledelsesopbakning"] == ("det skal I arbejde med",)
    assert notes["Kapacitet"] == ("ikke vurderet endnu",)
    assert external_data_urls(chart.spec) == []
    assert not chart.empty


def test_an_unanswered_project_gets_an_empty_chart_with_its_table() -> None:
    chart = assessment.readiness_chart(assessment.readiness(ADOPTING, {}))
    assert chart.empty
    assert len(chart.table.rows) == len(guide.load_guide().dimensions)
