"""Search on the fixed corpus. The suite runs on SQLite and on PostgreSQL, and the expected
results below are the same for both: identical order, identical facet counts."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

import pytest

from spred.search.documents import FACET_KEYS, IndexedDocument
from spred.search.engine import FacetValue, SearchQuery, Sort, matching_ids, search
from spred.search.index import index_documents

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("corpus")]


@dataclass(frozen=True)
class Expected:
    text: str
    hits: str  # "c1 s101": case 1, solution 101, in this order
    kind: str = ""  # facet counts as "value:count value:count", most first
    area: str = ""
    technology: str = ""
    filters: Mapping[str, Sequence[str]] = field(default_factory=dict)
    sort: Sort = "relevance"

    def __str__(self) -> str:
        return f"{self.text!r} {dict(self.filters)} {self.sort}"


EXPECTED = [
    # Compound parts: "teknologi" finds "velfærdsteknologi", "robot" finds "spiserobot",
    # "softwarerobotter" and "robotstøvsugere", "pleje" finds "hjemmeplejen" and "plejehjem".
    Expected(
        "teknologi",
        "c10",
        "case:1",
        "social-og-handicap:1",
        "velfaerdsteknologi:1",
    ),
    Expected(
        "robot",
        "s101 c13 c1 c3",
        "case:3 solution:1",
        "aeldre-og-pleje:2 administration:1 dagtilbud:1",
        "robotter:3 softwarerobotter:1 velfaerdsteknologi:1",
    ),
    Expected(
        "robotter",
        "c13 c1 c3",
        "case:3 solution:1",
        "administration:1 aeldre-og-pleje:1 dagtilbud:1",
        "robotter:2 softwarerobotter:1 velfaerdsteknologi:1",
        filters={"kind": ["case"]},
    ),
    Expected(
        "pleje",
        "s105 s102 s104 c5 c1 c9",
        "case:3 solution:3",
        "aeldre-og-pleje:4 sundhed:2",
        "data-og-analyse:2 sensorer-iot:2 velfaerdsteknologi:2 robotter:1 telemedicin:1",
    ),
    # Inflection: "hjemmeplejen" finds "hjemmepleje", "borgerne" finds "borger".
    Expected(
        "hjemmeplejen",
        "s105 c1",
        "case:1 solution:1",
        "aeldre-og-pleje:2",
        "data-og-analyse:1 robotter:1 velfaerdsteknologi:1",
    ),
    Expected(
        "borgerne",
        "c2 c9 s102 c1 s101 c8 s103 s105",
        "case:4 solution:4",
        "aeldre-og-pleje:3 sundhed:3 borgerservice:2 teknik-og-miljoe:1",
        "data-og-analyse:2 digital-selvbetjening:2 robotter:2 telemedicin:2 "
        "kunstig-intelligens:1 velfaerdsteknologi:1",
    ),
    Expected(
        "borger",
        "c9 s103 s102 c1 c2 s101 s105 c8",
        "case:4 solution:4",
        "aeldre-og-pleje:3 sundhed:3 borgerservice:2 teknik-og-miljoe:1",
        "data-og-analyse:2 digital-selvbetjening:2 robotter:2 telemedicin:2 "
        "kunstig-intelligens:1 velfaerdsteknologi:1",
        sort="newest",
    ),
    # Synonyms and abbreviations.
    Expected("KOL", "c2", "case:1", "sundhed:1", "telemedicin:1"),
    Expected("kronisk obstruktiv lungesygdom", "c2", "case:1", "sundhed:1", "telemedicin:1"),
    Expected("RPA", "c3", "case:1", "administration:1", "softwarerobotter:1"),
    Expected("softwarerobot", "c3", "case:1", "administration:1", "softwarerobotter:1"),
    Expected(
        "kunstig intelligens",
        "c4 s103",
        "case:1 solution:1",
        "borgerservice:1 hospital:1",
        "kunstig-intelligens:2 digital-selvbetjening:1",
    ),
    Expected(
        "AI",
        "c4 s103",
        "case:1 solution:1",
        "borgerservice:1 hospital:1",
        "kunstig-intelligens:2 digital-selvbetjening:1",
    ),
    # Machine learning is narrower than AI: it does not find the AI chatbot.
    Expected("maskinlæring", "c4", "case:1", "hospital:1", "kunstig-intelligens:1"),
    Expected(
        "IoT",
        "s104 c5",
        "case:1 solution:1",
        "aeldre-og-pleje:2",
        "sensorer-iot:2 velfaerdsteknologi:1",
    ),
    Expected(
        "sensorer",
        "s104",
        "case:1 solution:1",
        "aeldre-og-pleje:1",
        "sensorer-iot:1",
        filters={"kind": ["solution"]},
    ),
    Expected("VR", "c6", "case:1", "beredskab:1", "vr-ar:1"),
    # Danish letters are kept: "år" is not "ar" (augmented reality).
    Expected(
        "år",
        "c7 c11",
        "case:2",
        "skole:1 teknik-og-miljoe:1",
        "data-og-analyse:1 droner:1",
    ),
    Expected("ar", "c12", "case:1", "skole:1", "vr-ar:1"),
    Expected("sundhedsplatform", "c9", "case:1", "sundhed:1", "data-og-analyse:1"),
    Expected("platform", "c9", "case:1", "sundhed:1", "data-og-analyse:1"),
    Expected("sundhed", "c9", "case:1", "sundhed:1", "data-og-analyse:1", sort="oldest"),
    Expected("telemedicin", "s102 c2", "case:1 solution:1", "sundhed:2", "telemedicin:2"),
    Expected(
        "data",
        "c9 c11",
        "case:2 solution:1",
        "skole:1 sundhed:1",
        "data-og-analyse:2",
        filters={"kind": ["case"]},
    ),
    # No text: relevance falls back to newest; equal times go case before solution, then id.
    Expected(
        "",
        "c1 c5 s104 s101 s105",
        "solution:3 case:2",
        "aeldre-og-pleje:5 sundhed:3 borgerservice:2 skole:2 teknik-og-miljoe:2 "
        "administration:1 beredskab:1 dagtilbud:1 hospital:1 klima-og-energi:1 "
        "social-og-handicap:1",
        "robotter:2 sensorer-iot:2 velfaerdsteknologi:2 data-og-analyse:1",
        filters={"area": ["aeldre-og-pleje"]},
    ),
    Expected(
        "",
        "s104 s105 s101",
        "solution:3 case:2",
        "aeldre-og-pleje:3 borgerservice:1 klima-og-energi:1 sundhed:1",
        "data-og-analyse:1 robotter:1 sensorer-iot:1",
        filters={"area": ["aeldre-og-pleje"], "kind": ["solution"]},
        sort="title",
    ),
    Expected(
        "borger",
        "c8 c2 c1 c9",
        "case:4",
        "sundhed:2 aeldre-og-pleje:1 borgerservice:1 teknik-og-miljoe:1",
        "data-og-analyse:1 digital-selvbetjening:1 robotter:1 telemedicin:1 velfaerdsteknologi:1",
        filters={"region": ["1081", "1082"]},
        sort="oldest",
    ),
    Expected(
        "",
        "c1 c5 s104 s101",
        "case:2 solution:2",
        "aeldre-og-pleje:4 dagtilbud:1",
        "robotter:2 sensorer-iot:2 velfaerdsteknologi:2 data-og-analyse:1",
        filters={"technology": ["robotter", "sensorer-iot"], "area": ["aeldre-og-pleje"]},
        sort="newest",
    ),
    Expected(
        "medarbejdere tid",
        "c3 c1",
        "case:2",
        "administration:1 aeldre-og-pleje:1",
        "robotter:1 softwarerobotter:1 velfaerdsteknologi:1",
    ),
    # Titles in Danish order: Å after Z, V before Å.
    Expected(
        "",
        "c12 s103 c8 c7 s104 c4 s106 c13 s105 c5 c3 s101 c1 c9 c2 c10 s102 c6 c11",
        "case:13 solution:6",
        "aeldre-og-pleje:5 sundhed:3 borgerservice:2 skole:2 teknik-og-miljoe:2 "
        "administration:1 beredskab:1 dagtilbud:1 hospital:1 klima-og-energi:1 "
        "social-og-handicap:1",
        "data-og-analyse:3 robotter:3 velfaerdsteknologi:3 digital-selvbetjening:2 "
        "kunstig-intelligens:2 sensorer-iot:2 telemedicin:2 vr-ar:2 droner:1 "
        "groen-teknologi:1 softwarerobotter:1",
        sort="title",
    ),
    Expected(
        "tablet",
        "c10 c12 c2",
        "case:3",
        "skole:1 social-og-handicap:1 sundhed:1",
        "telemedicin:1 velfaerdsteknologi:1 vr-ar:1",
        filters={"year": ["2022", "2024"]},
    ),
    Expected("hjemmeplje", ""),
]


def _compact_hits(query: SearchQuery) -> str:
    result = search(query)
    return " ".join(f"{hit.kind[0]}{hit.object_id}" for hit in result.hits)


def _compact_facets(values: list[FacetValue]) -> str:
    return " ".join(f"{value.value}:{value.count}" for value in values)


@pytest.mark.parametrize("expected", EXPECTED, ids=str)
def test_fixed_corpus_results(expected: Expected) -> None:
    query = SearchQuery(expected.text, expected.filters, expected.sort, per_page=100)
    result = search(query)
    assert " ".join(f"{hit.kind[0]}{hit.object_id}" for hit in result.hits) == expected.hits
    assert result.total == len(result.hits)
    assert _compact_facets(result.facets["kind"]) == expected.kind
    assert _compact_facets(result.facets["area"]) == expected.area
    assert _compact_facets(result.facets["technology"]) == expected.technology
    # matching_ids (exports) gives the same order without pagination.
    ids = [f"{kind[0]}{object_id}" for kind, object_id in matching_ids(query)]
    assert " ".join(ids) == expected.hits


def test_scores_descend_and_ties_go_to_the_newest() -> None:
    hits = search(SearchQuery("borgerne")).hits
    scores = [hit.score for hit in hits]
    assert scores == sorted(scores, reverse=True)
    assert all(score > 0 for score in scores)


def test_a_title_match_outranks_a_body_match() -> None:
    index_documents(
        [
            _extra(900, "Droner i havnen", "Om havnen."),
            _extra(901, "Havnen", "Droner flyver over havnen hver dag."),
        ]
    )
    assert _compact_hits(SearchQuery("droner", {"organisation": ["test"]})) == "c900 c901"


def _extra(object_id: int, title: str, body: str, **facets: list[str]) -> IndexedDocument:
    return IndexedDocument(
        kind="case",
        object_id=object_id,
        title=title,
        summary="",
        body=body,
        facets={"organisation": ["test"], **facets},
        published_at=datetime(2020, 1, 1, tzinfo=UTC),
        url=f"/katalog/cases/{object_id}/",
    )


# --------------------------------------------------------------------------------------------
# Facets


def _counts(query: SearchQuery, key: str) -> dict[str, tuple[int, bool]]:
    return {v.value: (v.count, v.selected) for v in search(query).facets[key]}


def test_every_facet_key_is_present() -> None:
    facets = search(SearchQuery("robot")).facets
    assert list(facets)[: len(FACET_KEYS)] == list(FACET_KEYS)
    assert {v.value: v.count for v in facets["year"]} == {"2021": 2, "2022": 1, "2023": 1}
    assert {v.value: v.count for v in facets["stage"]} == {"implementeret": 1, "udbredt": 2}
    assert {v.value: v.count for v in facets["maturity"]} == {"velafproevet": 1}


def test_facets_are_disjunctive() -> None:
    query = SearchQuery("", {"area": ["aeldre-og-pleje"], "technology": ["robotter"]})
    # Area counts ignore the area filter but keep the technology filter ...
    assert _counts(query, "area") == {"aeldre-og-pleje": (2, True), "dagtilbud": (1, False)}
    # ... technology counts ignore the technology filter but keep the area filter ...
    assert _counts(query, "technology") == {
        "robotter": (2, True),
        "sensorer-iot": (2, False),
        "velfaerdsteknologi": (2, False),
        "data-og-analyse": (1, False),
    }
    # ... and an unfiltered facet counts the final result.
    assert _counts(query, "kind") == {"case": (1, False), "solution": (1, False)}
    assert search(query).total == 2


def test_values_within_a_facet_are_ored_and_facets_anded() -> None:
    one = SearchQuery("", {"technology": ["robotter"]})
    two = SearchQuery("", {"technology": ["robotter", "droner"]})
    both = SearchQuery("", {"technology": ["robotter", "droner"], "region": ["1083"]})
    assert search(one).total == 3
    assert search(two).total == 4
    assert _compact_hits(both) == "c13"


def test_facet_counts_cover_all_matches_not_just_the_page() -> None:
    result = search(SearchQuery("borger", per_page=2))
    assert len(result.hits) == 2
    assert sum(v.count for v in result.facets["kind"]) == result.total == 8


def test_a_selected_value_without_matches_is_still_listed() -> None:
    query = SearchQuery("KOL", {"area": ["skole"]})
    assert search(query).total == 0
    assert _counts(query, "area") == {"sundhed": (1, False), "skole": (0, True)}


def test_an_unknown_facet_key_matches_nothing_and_empty_selections_are_ignored() -> None:
    assert search(SearchQuery("", {"colour": ["blue"]})).total == 0
    assert search(SearchQuery("", {"area": [], "region": [""]})).total == 19


# --------------------------------------------------------------------------------------------
# Sorting and pagination


def test_pagination() -> None:
    everything = [f"{h.kind[0]}{h.object_id}" for h in search(SearchQuery(per_page=100)).hits]
    pages = [search(SearchQuery(per_page=5, page=page)) for page in (1, 2, 3, 4)]
    assert [result.pages for result in pages] == [4, 4, 4, 4]
    assert [len(result.hits) for result in pages] == [5, 5, 5, 4]
    paged = [f"{h.kind[0]}{h.object_id}" for result in pages for h in result.hits]
    assert paged == everything


def test_a_page_past_the_end_shows_the_last_page() -> None:
    result = search(SearchQuery("borger", per_page=5, page=9))
    assert (result.page, result.pages, len(result.hits)) == (2, 2, 3)
    assert result.query.page == 2


def test_relevance_pages_agree_with_the_full_order() -> None:
    full = [f"{h.kind[0]}{h.object_id}" for h in search(SearchQuery("borger", per_page=100)).hits]
    paged = [
        f"{h.kind[0]}{h.object_id}"
        for page in (1, 2, 3)
        for h in search(SearchQuery("borger", per_page=3, page=page)).hits
    ]
    assert paged == full


def test_bad_paging_values_are_clamped() -> None:
    result = search(SearchQuery(per_page=0, page=-3))
    assert (result.page, len(result.hits)) == (1, 1)
    assert len(search(SearchQuery(per_page=10_000)).hits) == 19


def test_oldest_is_the_reverse_of_newest_apart_from_ties() -> None:
    newest = matching_ids(SearchQuery(sort="newest"))
    oldest = matching_ids(SearchQuery(sort="oldest"))
    assert newest[0] == ("case", 9)
    assert oldest[0] == ("case", 8)
    # The three documents published at the same moment keep kind/id order both ways.
    assert [i for i in newest if i in {("case", 1), ("case", 5), ("solution", 104)}] == [
        ("case", 1),
        ("case", 5),
        ("solution", 104),
    ]
    assert [i for i in oldest if i in {("case", 1), ("case", 5), ("solution", 104)}] == [
        ("case", 1),
        ("case", 5),
        ("solution", 104),
    ]


# --------------------------------------------------------------------------------------------
# Highlighting


def test_markup_in_a_title_is_shown_as_text() -> None:
    index_documents(
        [_extra(950, "<script>alert('x')</script> Robotter & data", "<b>robot</b> i brug")]
    )
    (hit,) = search(SearchQuery("robotter", {"organisation": ["test"]})).hits
    assert "<script>" not in hit.title_html
    assert hit.title_html == (
        "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; <mark>Robotter</mark> &amp; data"
    )
    assert hit.snippet_html == "&lt;b&gt;<mark>robot</mark>&lt;/b&gt; i brug"


def test_inflections_and_compound_parts_are_marked() -> None:
    robot = {(h.kind, h.object_id): h for h in search(SearchQuery("robot")).hits}
    assert robot[("case", 1)].title_html.startswith("<mark>Spiserobotter</mark> giver")
    assert "<mark>spiserobot</mark>" in robot[("case", 1)].snippet_html
    assert robot[("case", 13)].title_html == "<mark>Robotstøvsugere</mark> i daginstitutioner"
    borger = {(h.kind, h.object_id): h for h in search(SearchQuery("borger")).hits}
    assert "<mark>Borgerne</mark>" in borger[("case", 8)].snippet_html
    tech = search(SearchQuery("teknologi")).hits[0]
    assert tech.title_html == "<mark>Velfærdsteknologi</mark> i botilbud for voksne med handicap"


def test_synonyms_are_marked() -> None:
    (hit,) = search(SearchQuery("KOL")).hits
    assert hit.title_html == "Telemedicin til borgere med <mark>KOL</mark>"
    assert "<mark>kronisk</mark> <mark>obstruktiv</mark> <mark>lungesygdom</mark>" in (
        hit.snippet_html
    )


def test_a_snippet_is_a_short_passage_around_the_matches() -> None:
    long_body = "Indledning uden noget særligt. " * 30 + "Her kommer droner ind i billedet. "
    index_documents([_extra(960, "Lang sag", long_body + "Afslutning. " * 30)])
    (hit,) = search(SearchQuery("droner", {"organisation": ["test"]})).hits
    text = str(hit.snippet_html)
    assert "<mark>droner</mark>" in text
    assert text.startswith("… ")
    assert text.endswith(" …")
    assert len(text.replace("<mark>", "").replace("</mark>", "")) <= 210


def test_without_text_the_snippet_is_the_beginning_of_the_summary() -> None:
    hit = search(SearchQuery("", {"area": ["klima-og-energi"]})).hits[0]
    assert hit.title_html == "Regnvandsbassiner til klimatilpasning"
    assert hit.snippet_html.startswith("Bassiner i parker opsamler regnvand ved skybrud.")
    assert "<mark>" not in hit.snippet_html


# --------------------------------------------------------------------------------------------
# Suggestions


def test_a_misspelling_is_corrected_from_the_index_vocabulary() -> None:
    result = search(SearchQuery("hjemmeplje"))
    assert result.total == 0
    assert result.suggestions == ["hjemmepleje"]
    (spelling,) = [s for s in result.alternatives if s.reason == "spelling"]
    assert spelling.total == 2
    assert search(spelling.query).total == 2


def test_corrections_respect_danish_letters() -> None:
    # "robotstovsugere" is one letter (ø) away from a word in the index.
    result = search(SearchQuery("robotstovsugere i børnehaver"))
    assert result.suggestions[0] == "robotstøvsugere i børnehaver"


def test_only_the_misspelt_word_is_replaced() -> None:
    result = search(SearchQuery("Telemedicn til borgere"))
    assert result.suggestions[0] == "telemedicin til borgere"


def test_a_word_with_no_match_is_dropped_for_a_broader_query() -> None:
    result = search(SearchQuery("spiserobot xyzzy"))
    assert result.total == 0
    fewer = [s for s in result.alternatives if s.reason == "fewer_words"]
    assert [(s.text, s.dropped, s.total) for s in fewer] == [("spiserobot", "xyzzy", 2)]
    assert result.suggestions == ["spiserobot"]


def test_a_facet_with_no_match_is_dropped_for_a_broader_query() -> None:
    result = search(SearchQuery("KOL", {"area": ["skole"], "kind": ["case"]}))
    assert result.total == 0
    fewer = [s for s in result.alternatives if s.reason == "fewer_filters"]
    assert [(s.dropped, s.total, dict(s.query.filters)) for s in fewer] == [
        ("area", 1, {"kind": ["case"]})
    ]
    assert result.suggestions == []  # the text itself was fine


def test_few_hits_offer_broader_queries_and_many_do_not() -> None:
    few = search(SearchQuery("telemedicin borger"))
    assert few.total == 2
    assert few.suggestions == ["borger"]
    assert search(SearchQuery("borger")).alternatives == []


def test_no_suggestions_for_nonsense() -> None:
    result = search(SearchQuery("qqxxzz"))
    assert (result.total, result.suggestions, result.alternatives) == (0, [], [])
