"""Autocomplete and similar items on the fixed corpus."""

from __future__ import annotations

import pytest

from spred.search.engine import Completion, autocomplete, similar

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("corpus")]


def _texts(completions: list[Completion]) -> list[str]:
    return [completion.text for completion in completions]


def test_words_then_titles() -> None:
    completions = autocomplete("spis")
    assert completions == [
        Completion("spiserobot"),
        Completion("spiser"),
        Completion(
            "Spiserobotter giver ældre mere selvstændighed i hjemmeplejen",
            "case",
            1,
            "/katalog/cases/1/",
        ),
        Completion("Spiserobot med armstøtte", "solution", 101, "/katalog/loesninger/101/"),
    ]


def test_one_form_per_stem_the_most_used_first() -> None:
    words = [c.text for c in autocomplete("hjem", limit=8) if c.kind is None]
    # hjemmepleje and hjemmeplejen share a stem: only one of them is offered.
    assert len([w for w in words if w.startswith("hjemmeplej")]) == 1
    assert words[0] == "hjemmeplejen"
    assert {"hjemmesygeplejen", "hjemmemonitorering"} <= set(words)


def test_titles_are_found_by_a_compound_part() -> None:
    titles = [c.text for c in autocomplete("robot") if c.kind is not None]
    assert titles[0] == "Robotstøvsugere i daginstitutioner"  # starts with the prefix
    assert "Spiserobot med armstøtte" in titles
    assert "Softwarerobotter i lønadministrationen" in titles


def test_prefixes_keep_danish_letters() -> None:
    assert _texts(autocomplete("år")) == [
        "året",
        "årshjul",
        "Årshjul for skolernes trivselsmåling",
    ]
    assert "året" not in _texts(autocomplete("ar"))


def test_earlier_words_narrow_the_titles_and_stay_in_the_words() -> None:
    completions = autocomplete("Telemedicin ko")
    words = [c.text for c in completions if c.kind is None]
    # Only words that share a document with "telemedicin": "kol" (case 2), "kommune" and
    # "kommunen" share none.
    assert words == ["telemedicin kol"]
    titles = [c for c in completions if c.kind is not None]
    assert [c.text for c in titles] == ["Telemedicin til borgere med KOL"]


def test_short_or_empty_prefixes_give_nothing() -> None:
    assert autocomplete("") == []
    assert autocomplete("s") == []
    assert autocomplete("  Robot ") == autocomplete("robot")
    assert autocomplete("robot", limit=0) == []


def test_the_limit_is_kept() -> None:
    assert len(autocomplete("b", limit=3)) == 0
    assert len(autocomplete("bo", limit=3)) == 3
    assert len(autocomplete("bo", limit=50)) <= 50


def test_similar_items_share_words_and_facets() -> None:
    found = similar("case", 1)
    assert found[0][:2] == ("solution", 101)  # the same kind of spiserobot
    assert ("case", 1) not in [(kind, object_id) for kind, object_id, _score in found]
    scores = [score for _k, _i, score in found]
    assert scores == sorted(scores, reverse=True)
    assert len(found) == 5


def test_similar_can_be_limited_to_kinds() -> None:
    found = similar("case", 1, limit=3, kinds=["case"])
    assert [kind for kind, _i, _s in found] == ["case", "case", "case"]
    assert ("case", 1) not in [(k, i) for k, i, _s in found]


def test_similar_to_something_not_in_the_index_is_nothing() -> None:
    assert similar("case", 4242) == []
    assert similar("evaluation", 1) == []
    assert similar("case", 1, limit=0) == []


def test_similar_is_symmetric_enough_to_pair_the_two_spiserobots() -> None:
    assert similar("solution", 101, limit=1)[0][:2] == ("case", 1)
