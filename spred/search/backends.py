"""Which documents match a query, asked of the database's full-text index.

Both databases get the same boolean expression over the same pre-analysed terms — every group
of the plan must match (AND), any alternative of a group will do (OR), every term of an
alternative must be present (AND) — so they return the same set of documents:

* SQLite: FTS5 ``MATCH '("plej" OR ("hjem" AND "plej")) AND "robot"'``
* PostgreSQL: ``tsv @@ '(''plej'' | (''hjem'' & ''plej'')) & ''robot'''::tsquery``

The in-memory matcher evaluates the same expression on the snapshot's postings. ``matcher``
chooses between them per query (see its docstring); the tests hold all of them to the same
answers.
"""

from __future__ import annotations

import logging
from typing import Protocol

import numpy as np
from django.conf import settings
from django.db import DatabaseError, connection, transaction

from spred.search.analysis import QueryPlan
from spred.search.models import FTS_TABLE, TSV_TABLE
from spred.search.snapshot import BoolArray, Snapshot

logger = logging.getLogger(__name__)


class Matcher(Protocol):
    name: str

    def match(self, plan: QueryPlan, snapshot: Snapshot) -> BoolArray: ...


class MemoryMatcher:
    name = "memory"

    def match(self, plan: QueryPlan, snapshot: Snapshot) -> BoolArray:
        return snapshot.evaluate(plan)[0]


def fts5_expression(plan: QueryPlan) -> str:
    def alternative(terms: tuple[str, ...]) -> str:
        quoted = " AND ".join(f'"{term}"' for term in terms)
        return f"({quoted})" if len(terms) > 1 else quoted

    return " AND ".join(
        "(" + " OR ".join(alternative(alt.terms) for alt in group.alternatives) + ")"
        for group in plan.groups
    )


def tsquery_expression(plan: QueryPlan) -> str:
    def alternative(terms: tuple[str, ...]) -> str:
        quoted = " & ".join(f"'{term}'" for term in terms)
        return f"({quoted})" if len(terms) > 1 else quoted

    return " & ".join(
        "(" + " | ".join(alternative(alt.terms) for alt in group.alternatives) + ")"
        for group in plan.groups
    )


class _DatabaseMatcher:
    name = "database"
    sql = ""

    def expression(self, plan: QueryPlan) -> str:
        raise NotImplementedError

    def match(self, plan: QueryPlan, snapshot: Snapshot) -> BoolArray:
        mask = np.zeros(snapshot.size, dtype=bool)
        if plan.empty or not snapshot.size:
            return mask
        try:
            # A savepoint, so a refused expression does not break an outer transaction.
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(self.sql, [self.expression(plan)])
                row = cursor.fetchone()
        except DatabaseError:
            # Terms are letters and digits, which both full-text indexes take as they are;
            # should a letter still trip the tokenizer, the in-memory answer is the same set.
            logger.exception("Full-text match failed; using the in-memory matcher")
            return MemoryMatcher().match(plan, snapshot)
        # The ids come as one comma-separated string: a broad term matches most of the
        # catalogue, and handing 90,000 rows one by one to Python costs several times what
        # the database needs to find them.
        if row and row[0]:
            ids = np.fromstring(row[0], dtype=np.int64, sep=",")
            mask[snapshot.indices_of_pks(ids)] = True
        return mask


class SQLiteMatcher(_DatabaseMatcher):
    sql = (
        f"SELECT group_concat(rowid) FROM {FTS_TABLE} "  # noqa: S608 — constant
        f"WHERE {FTS_TABLE} MATCH %s"
    )

    def expression(self, plan: QueryPlan) -> str:
        return fts5_expression(plan)


class PostgresMatcher(_DatabaseMatcher):
    sql = (
        f"SELECT string_agg(doc_id::text, ',') FROM {TSV_TABLE} "  # noqa: S608 — constant
        "WHERE tsv @@ %s::tsquery"
    )

    def expression(self, plan: QueryPlan) -> str:
        return tsquery_expression(plan)


#: Above this many (estimated) matches, "auto" answers from memory rather than the database.
DATABASE_MATCH_LIMIT = 2000


def estimated_matches(plan: QueryPlan, snapshot: Snapshot) -> int:
    """An upper bound of the plan's matches from document frequencies: a group matches at
    most the sum over its alternatives of their rarest term, the plan at most its rarest
    group."""
    bound = snapshot.size
    for group in plan.groups:
        group_bound = sum(
            min((snapshot.document_frequency(term) for term in alt.terms), default=0)
            for alt in group.alternatives
        )
        bound = min(bound, group_bound)
    return bound


def database_matcher() -> Matcher:
    if connection.vendor == "sqlite":
        return SQLiteMatcher()
    if connection.vendor == "postgresql":
        return PostgresMatcher()
    return MemoryMatcher()


def matcher(plan: QueryPlan | None = None, snapshot: Snapshot | None = None) -> Matcher:
    """The matcher for this query, by ``settings.SPRED_SEARCH_MATCHER``:

    * ``"auto"`` (the default): the database's full-text index for a selective query, the
      snapshot's postings when the query would match more than DATABASE_MATCH_LIMIT
      documents. Handing tens of thousands of ids from the database to Python costs 20–100 ms
      at 100,000 documents (see docs/benchmarks.md), the same set from memory a few.
    * ``"database"``: always the full-text index. ``"memory"``: always the snapshot.

    All three give the same documents; the tests hold them to that on both databases.
    """
    mode = getattr(settings, "SPRED_SEARCH_MATCHER", "auto")
    if mode == "memory":
        return MemoryMatcher()
    if mode == "auto" and plan is not None and snapshot is not None:
        limit = getattr(settings, "SPRED_SEARCH_DATABASE_MATCH_LIMIT", DATABASE_MATCH_LIMIT)
        if estimated_matches(plan, snapshot) > limit:
            return MemoryMatcher()
    return database_matcher()
