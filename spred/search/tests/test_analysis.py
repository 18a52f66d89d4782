"""The Danish analysis step: tokens, stop words, stems, compounds, synonyms, query plans."""

from __future__ import annotations

import pytest

from spred.search.analysis import (
    SPLITTER,
    STOP_WORDS,
    THESAURUS,
    CompoundSplitter,
    Thesaurus,
    analyse_fields,
    analyse_query,
    analyse_word,
    stem,
    term_set,
    title_sort_key,
    tokens,
    words,
)


def test_words_are_case_folded_and_keep_danish_letters() -> None:
    assert words("Ældre BORGERE på Ærø får Café-besøg") == [
        "ældre",
        "borgere",
        "ærø",
        "café",
        "besøg",
    ]


@pytest.mark.parametrize(("danish", "folded"), [("år", "ar"), ("død", "dod"), ("ære", "aere")])
def test_danish_letters_are_never_folded(danish: str, folded: str) -> None:
    assert words(danish) == [danish]
    assert term_set(danish).isdisjoint(term_set(folded))


def test_decomposed_letters_are_composed() -> None:
    decomposed = "a\u030ar"  # "år" typed as a + combining ring above
    assert words(decomposed) == ["år"]


def test_stop_words_and_single_letters_are_dropped() -> None:
    assert words("Det er en løsning til og med borgerne i x") == ["løsning", "borgerne"]
    assert {"og", "i", "på", "til", "det"} <= STOP_WORDS
    assert "borger" not in STOP_WORDS
    assert "ældre" not in STOP_WORDS


def test_token_offsets_point_into_the_text() -> None:
    text = "Robotter i hjemmeplejen"
    assert [(t.word, text[t.start : t.end]) for t in tokens(text)] == [
        ("robotter", "Robotter"),
        ("hjemmeplejen", "hjemmeplejen"),
    ]


def test_digits_are_words_but_odd_signs_are_not() -> None:
    assert words("CO2 i 2024, 10 m² og x²") == ["co2", "2024", "10"]


@pytest.mark.parametrize(
    ("inflected", "base"),
    [
        ("borgerne", "borger"),
        ("borgere", "borger"),
        ("hjemmeplejen", "hjemmepleje"),
        ("robotter", "robot"),
        ("løsningerne", "løsning"),
        ("teknologien", "teknologi"),
    ],
)
def test_inflections_share_a_stem(inflected: str, base: str) -> None:
    assert stem(inflected) == stem(base)


@pytest.mark.parametrize(
    ("compound", "parts"),
    [
        ("velfærdsteknologi", ("velfærd", "teknologi")),
        ("sundhedsplatform", ("sundhed", "platform")),  # linking s
        ("hjemmeplejen", ("hjemme", "plejen")),  # inflected head
        ("plejehjemmet", ("pleje", "hjemmet")),  # doubled consonant before the ending
        ("softwarerobotter", ("software", "robotter")),
        ("lungesygdom", ("lunge", "sygdom")),
        ("skolebørn", ("skole", "børn")),
    ],
)
def test_compounds_split_into_known_parts(compound: str, parts: tuple[str, ...]) -> None:
    split = SPLITTER.split(compound)
    assert split.parts == parts
    assert split.complete


def test_a_long_head_is_split_off_an_unknown_modifier() -> None:
    lexicon = CompoundSplitter(["robot", "pleje"])
    split = lexicon.split("spiserobot")
    assert split.parts == ("robot",)
    assert not split.complete


def test_a_known_modifier_is_split_off_an_unknown_head() -> None:
    assert SPLITTER.split("robotstøvsugere").parts[0] == "robot"
    assert "robot" in term_set("robotgræsslåmaskine")


def test_three_part_compounds_keep_the_inner_compound() -> None:
    assert SPLITTER.split("hjemmeplejerobot").parts == ("hjemme", "pleje", "hjemmepleje", "robot")


@pytest.mark.parametrize(
    "word",
    ["platform", "teknologi", "information", "forsikring", "borgerne", "samfund", "tilbud"],
)
def test_ordinary_words_are_not_cut(word: str) -> None:
    assert SPLITTER.split(word).parts == ()


def test_short_parts_need_a_known_partner() -> None:
    # "tid" alone is too short to trust: "ventetid" is only split if "vente" is known.
    assert CompoundSplitter(["tid"]).split("ventetid").parts == ()
    assert CompoundSplitter(["tid", "vente"]).split("ventetid").parts == ("vente", "tid")


@pytest.mark.parametrize(
    ("query", "document_word"),
    [
        ("teknologi", "velfærdsteknologi"),
        ("robot", "spiserobot"),
        ("robot", "spiserobotter"),
        ("pleje", "hjemmeplejen"),
        ("sundhed", "sundhedsplatform"),
        ("platform", "sundhedsplatformen"),
    ],
)
def test_a_part_finds_the_compound(query: str, document_word: str) -> None:
    assert stem(query) in term_set(document_word)


def test_word_analysis_leaves_out_its_own_stem_from_the_parts() -> None:
    analysis = analyse_word("velfærdsteknologien")
    assert analysis.stem == stem("velfærdsteknologi")
    assert analysis.parts == (stem("velfærd"), stem("teknologi"))
    assert analysis.complete


def test_fields_count_words_per_field_and_list_terms() -> None:
    fields = analyse_fields("Spiserobot", "Robotten hjælper", "En spiserobot og en robot")
    assert fields.counts["spiserobot"] == [1, 0, 1]
    assert fields.counts["robot"] == [0, 0, 1]
    assert fields.counts["robotten"] == [0, 1, 0]
    assert fields.terms() == sorted({"spiserobot", "spis", "robot", "hjælp"})


# --------------------------------------------------------------------------------------------
# Synonyms


def _alternatives(query: str) -> list[tuple[str, ...]]:
    (group,) = analyse_query(query).groups
    return [alt.terms for alt in group.alternatives]


def test_abbreviations_expand_both_ways() -> None:
    kol = (stem("kronisk"), stem("obstruktiv"), stem("lungesygdom"))
    assert kol in _alternatives("KOL")
    assert ("kol",) in _alternatives("kronisk obstruktiv lungesygdom")
    assert (stem("softwarerobot"),) in _alternatives("RPA")
    assert ("rpa",) in _alternatives("softwarerobotter")  # the plural, by stemming


def test_ai_finds_machine_learning_but_not_the_other_way_round() -> None:
    assert (stem("maskinlæring"),) in _alternatives("AI")
    assert (stem("kunstig"), stem("intelligens")) in _alternatives("ai")
    assert ("ai",) not in _alternatives("maskinlæring")


def test_iot_and_sensors_and_vr_ar() -> None:
    assert (stem("sensorer"),) in _alternatives("IoT")
    assert ("iot",) in _alternatives("sensorer")
    assert (stem("virtuel"), stem("virkelighed")) in _alternatives("VR")
    assert ("ar",) in _alternatives("augmented reality")


def test_the_synonym_file_format() -> None:
    thesaurus = Thesaurus.parse(["kol, kronisk lungesygdom", "ai => maskinlæring"])
    assert thesaurus.lookup(["kol"]) == ((stem("kronisk"), stem("lungesygdom")),)
    assert thesaurus.lookup(["ai"]) == ((stem("maskinlæring"),),)
    assert thesaurus.lookup([stem("maskinlæring")]) == ()
    assert thesaurus.longest == 2
    assert THESAURUS.longest >= 3


# --------------------------------------------------------------------------------------------
# Query plans


def test_query_plan_groups_words_and_phrases() -> None:
    plan = analyse_query("Kunstig intelligens i hjemmeplejen")
    assert [group.text for group in plan.groups] == ["kunstig intelligens", "hjemmeplejen"]
    hjemmepleje = plan.groups[1]
    assert hjemmepleje.alternatives[0].terms == (stem("hjemmeplejen"),)
    assert hjemmepleje.alternatives[1].terms == (stem("hjemme"), stem("pleje"))
    assert hjemmepleje.alternatives[1].source == "parts"
    assert {stem("kunstig"), "ai", stem("hjemmeplejen")} <= plan.terms


def test_parts_alternative_is_dropped_when_the_index_knows_the_word() -> None:
    plan = analyse_query("plejerobot")
    assert len(plan.groups[0].alternatives) == 2
    assert len(plan.narrowed(lambda term: False).groups[0].alternatives) == 2
    assert len(plan.narrowed(lambda term: True).groups[0].alternatives) == 1


def test_a_query_of_stop_words_is_empty() -> None:
    assert analyse_query("og i på").empty
    assert analyse_query("").empty


def test_titles_sort_the_danish_way() -> None:
    titles = ["Åben data", "Zoneplan", "ældre", "Øresund", "anden"]
    assert sorted(titles, key=title_sort_key) == [
        "anden",
        "Zoneplan",
        "ældre",
        "Øresund",
        "Åben data",
    ]
