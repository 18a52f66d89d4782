"""The database's full-text index and the in-memory matcher agree, and neither folds Danish
letters. These run against whichever database the suite runs on (SQLite or PostgreSQL)."""

from __future__ import annotations

import numpy as np
import pytest
from django.db import connection
from django.test import override_settings

from spred.search import snapshot
from spred.search.analysis import analyse_query
from spred.search.backends import (
    MemoryMatcher,
    PostgresMatcher,
    SQLiteMatcher,
    database_matcher,
    estimated_matches,
    fts5_expression,
    matcher,
    tsquery_expression,
)
from spred.search.engine import SearchQuery, matching_ids, search
from spred.search.models import FTS_TABLE, TSV_TABLE, SearchDocument
from spred.search.tests.test_search import EXPECTED, Expected

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("corpus")]

QUERIES = [
    *sorted({expected.text for expected in EXPECTED if expected.text}),
    "hjemmeplejerobot",
    "plejerobot",
    "robot tablet",
    "kronisk",
    "død",
]


def test_the_database_matcher_is_used_on_this_database() -> None:
    expected = {"sqlite": SQLiteMatcher, "postgresql": PostgresMatcher}[connection.vendor]
    assert isinstance(database_matcher(), expected)
    current = snapshot.current()
    assert isinstance(matcher(analyse_query("robot"), current), expected)
    with override_settings(SPRED_SEARCH_MATCHER="memory"):
        assert isinstance(matcher(analyse_query("robot"), current), MemoryMatcher)


def test_auto_answers_a_broad_query_from_memory() -> None:
    current = snapshot.current()
    plan = analyse_query("borger")
    assert estimated_matches(plan, current) == 8
    with override_settings(SPRED_SEARCH_DATABASE_MATCH_LIMIT=7):
        assert isinstance(matcher(plan, current), MemoryMatcher)
    with override_settings(SPRED_SEARCH_DATABASE_MATCH_LIMIT=8):
        assert not isinstance(matcher(plan, current), MemoryMatcher)


def test_the_estimate_is_an_upper_bound() -> None:
    current = snapshot.current()
    for text in QUERIES:
        plan = analyse_query(text).narrowed(lambda term: current.document_frequency(term) > 0)
        assert estimated_matches(plan, current) >= int(current.evaluate(plan)[0].sum())


@pytest.mark.parametrize("text", QUERIES)
def test_database_and_memory_match_the_same_documents(text: str) -> None:
    current = snapshot.current()
    plan = analyse_query(text).narrowed(lambda term: current.document_frequency(term) > 0)
    in_database = database_matcher().match(plan, current)
    in_memory = MemoryMatcher().match(plan, current)
    assert np.array_equal(in_database, in_memory)


@pytest.mark.parametrize("expected", EXPECTED, ids=str)
@pytest.mark.parametrize("mode", ["database", "memory"])
def test_every_matcher_gives_the_same_results(expected: Expected, mode: str) -> None:
    query = SearchQuery(expected.text, expected.filters, expected.sort)
    default = matching_ids(query)
    with override_settings(SPRED_SEARCH_MATCHER=mode):
        assert matching_ids(query) == default


def _raw_match(term: str) -> set[int]:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s",  # noqa: S608
                [f'"{term}"'],
            )
        else:
            cursor.execute(
                f"SELECT doc_id FROM {TSV_TABLE} WHERE tsv @@ %s::tsquery",  # noqa: S608
                [f"'{term}'"],
            )
        pks = {row[0] for row in cursor.fetchall()}
    return set(SearchDocument.objects.filter(pk__in=pks).values_list("object_id", flat=True))


def test_the_full_text_index_does_not_fold_danish_letters() -> None:
    assert _raw_match("år") == {7, 11}
    assert _raw_match("ar") == {12}
    assert _raw_match("ærø") == set()


def test_the_full_text_index_follows_updates_and_deletes() -> None:
    document = SearchDocument.objects.get(kind="case", object_id=7)
    document.terms = "dronefoto"
    document.save()
    assert _raw_match("dronefoto") == {7}
    assert 7 not in _raw_match("år")
    document.delete()
    assert _raw_match("dronefoto") == set()


def test_expressions() -> None:
    plan = analyse_query("hjemmeplejen robot")
    assert fts5_expression(plan) == '("hjemmeplej" OR ("hjem" AND "plej")) AND ("robot")'
    assert tsquery_expression(plan) == "('hjemmeplej' | ('hjem' & 'plej')) & ('robot')"


def test_an_empty_plan_matches_nothing_in_the_database() -> None:
    assert not database_matcher().match(analyse_query("og i"), snapshot.current()).any()


def test_a_new_document_written_after_the_snapshot_is_ignored_until_reload() -> None:
    current = snapshot.current()
    pks = [*list(SearchDocument.objects.values_list("pk", flat=True)), 10**9]
    assert len(current.indices_of_pks(pks)) == current.size


def test_a_query_only_of_stop_words_lists_everything() -> None:
    assert search(SearchQuery("og i på")).total == search(SearchQuery()).total
