"""Searching the catalogue: one query in, ranked hits, facet counts and suggestions out.

How a search runs:

1. ``analysis.analyse_query`` turns the text into groups of alternatives (a word, its
   synonyms, its compound parts).
2. The database's full-text index says which documents match — or, for a query that matches a
   large part of the catalogue, the snapshot's postings do, with the same answer
   (``backends.matcher``).
3. The in-memory snapshot scores them (BM25F), applies the facet filters, counts the facets,
   and sorts; only the page's documents are then read from the database, for their snippets.

Nothing here checks permissions: the index holds published objects only (see ``index``), so
every hit, count, completion and suggestion is public.

Facets are disjunctive: values of one facet are OR-ed, facets are AND-ed, and a facet's own
counts are taken with every *other* facet's filter applied but not its own, so a user can see
what widening a choice would give. Ties in every order are broken by publication time (newest
first), then kind and object id, so an order never depends on the database.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Literal

import numpy as np
from django.db import connection
from django.utils.safestring import SafeString

from spred.search.analysis import QueryPlan, analyse_query, fold, normalise, stem
from spred.search.backends import MemoryMatcher, matcher
from spred.search.documents import FACET_KEYS
from spred.search.highlight import Marker, highlight, snippet
from spred.search.models import SearchDocument
from spred.search.snapshot import BoolArray, FloatArray, IntArray, Snapshot, current

Sort = Literal["relevance", "newest", "oldest", "title"]
SORTS: tuple[Sort, ...] = ("relevance", "newest", "oldest", "title")
MAX_PER_PAGE = 100
#: Below this many hits the result also offers broader queries.
FEW_HITS = 3
MAX_SUGGESTIONS = 5
#: Facets that make two items similar, next to their words.
SIMILAR_FACETS = ("area", "technology")
SIMILAR_TERMS = 25
SIMILAR_FACET_SHARE = 0.3


@dataclass(frozen=True)
class SearchQuery:
    text: str = ""
    filters: Mapping[str, Sequence[str]] = field(default_factory=dict)
    sort: Sort = "relevance"  # relevance falls back to newest when there is no text
    page: int = 1
    per_page: int = 20


@dataclass(frozen=True)
class Hit:
    kind: str
    object_id: int
    score: float
    url: str
    title_html: SafeString  # escaped, matched words in <mark>
    snippet_html: SafeString  # the best passage of summary/body, escaped and marked
    published_at: datetime | None = None


@dataclass(frozen=True)
class FacetValue:
    value: str
    count: int
    selected: bool


Reason = Literal["spelling", "fewer_words", "fewer_filters"]


@dataclass(frozen=True)
class Suggestion:
    """A query to offer when a search found nothing (or little).

    ``reason`` is "spelling" (a word replaced by a known one), "fewer_words" (a word left out)
    or "fewer_filters" (one facet's filter left out); ``dropped`` names what was left out (the
    word, or the facet key)."""

    text: str
    query: SearchQuery
    total: int
    reason: Reason
    dropped: str = ""


@dataclass(frozen=True)
class SearchResult:
    hits: list[Hit]
    total: int
    page: int
    pages: int
    facets: dict[str, list[FacetValue]]
    suggestions: list[str]  # query texts: spelling corrections and broader queries
    alternatives: list[Suggestion] = field(default_factory=list)  # the same, and more, in full
    query: SearchQuery = field(default_factory=SearchQuery)


@dataclass(frozen=True)
class Completion:
    text: str
    kind: str | None = None
    object_id: int | None = None
    url: str | None = None


# --------------------------------------------------------------------------------------------
# Evaluation


@dataclass
class _Evaluation:
    snapshot: Snapshot
    plan: QueryPlan
    text_mask: BoolArray
    scores: FloatArray | None
    filter_masks: dict[str, BoolArray]
    final: BoolArray

    @property
    def total(self) -> int:
        return int(self.final.sum())


def _clean_filters(filters: Mapping[str, Sequence[str]]) -> dict[str, list[str]]:
    cleaned: dict[str, list[str]] = {}
    for key, values in filters.items():
        if isinstance(values, str):
            values = [values]
        kept = list(dict.fromkeys(str(value) for value in values if str(value)))
        if kept:
            cleaned[str(key)] = kept
    return cleaned


def _evaluate(
    snapshot: Snapshot,
    text: str,
    filters: Mapping[str, Sequence[str]],
    *,
    in_memory: bool = False,
) -> _Evaluation:
    plan = analyse_query(text).narrowed(lambda term: snapshot.document_frequency(term) > 0)
    size = snapshot.size
    if plan.empty:
        text_mask = np.ones(size, dtype=bool)
        scores = None
    else:
        chosen = MemoryMatcher() if in_memory else matcher(plan, snapshot)
        text_mask, scores = snapshot.evaluate(plan)
        if not isinstance(chosen, MemoryMatcher):
            text_mask = chosen.match(plan, snapshot)
    filter_masks = {}
    for key, values in _clean_filters(filters).items():
        facet = snapshot.facets.get(key)
        filter_masks[key] = facet.mask_any(values, size) if facet else np.zeros(size, dtype=bool)
    final = text_mask.copy()
    for mask in filter_masks.values():
        final &= mask
    return _Evaluation(snapshot, plan, text_mask, scores, filter_masks, final)


def _facet_counts(
    evaluation: _Evaluation, filters: Mapping[str, Sequence[str]]
) -> dict[str, list[FacetValue]]:
    snapshot = evaluation.snapshot
    selected = _clean_filters(filters)
    keys = list(FACET_KEYS) + sorted(set(snapshot.facets) - set(FACET_KEYS))
    result: dict[str, list[FacetValue]] = {}
    final_positions = np.flatnonzero(evaluation.final)
    for key in keys:
        chosen = selected.get(key, [])
        facet = snapshot.facets.get(key)
        values: list[FacetValue] = []
        if facet is not None:
            if key in evaluation.filter_masks:
                mask = evaluation.text_mask.copy()
                for other, other_mask in evaluation.filter_masks.items():
                    if other != key:
                        mask &= other_mask
                counts = facet.counts(mask)
            else:
                counts = facet.counts(evaluation.final, final_positions)
            for number in np.flatnonzero(counts).tolist():
                value = facet.values[number]
                values.append(FacetValue(value, int(counts[number]), value in chosen))
        present = {value.value for value in values}
        values += [FacetValue(value, 0, True) for value in chosen if value not in present]
        values.sort(key=lambda item: (-item.count, item.value))
        result[key] = values
    return result


def _order(evaluation: _Evaluation, sort: Sort, needed: int | None = None) -> IntArray:
    """Positions of the matched documents in result order (only the first ``needed`` are
    guaranteed to be in order when given)."""
    snapshot = evaluation.snapshot
    final = evaluation.final
    if sort == "relevance" and evaluation.scores is not None:
        matched = np.flatnonzero(final)
        scaled = np.rint(evaluation.scores[matched] * 10**6).astype(np.int64)
        key = -scaled * max(snapshot.size, 1) + snapshot.rank_newest[matched]
        if needed is not None and needed < len(matched):
            top = np.argpartition(key, needed - 1)[:needed]
            return matched[top[np.argsort(key[top])]]
        return matched[np.argsort(key)]
    if sort == "oldest":
        order = snapshot.order_oldest
    elif sort == "title":
        order = snapshot.order_title
    else:
        order = snapshot.order_newest
    return order[final[order]]


_PAGE_SQL = (
    f"SELECT id, title, summary, body, url FROM {SearchDocument._meta.db_table} "  # noqa: S608
    "WHERE id IN ({})"
)


def _hits(evaluation: _Evaluation, positions: Sequence[int]) -> list[Hit]:
    snapshot = evaluation.snapshot
    if not positions:
        return []
    pks = [int(snapshot.pks[position]) for position in positions]
    with connection.cursor() as cursor:
        cursor.execute(_PAGE_SQL.format(", ".join(["%s"] * len(pks))), pks)
        rows = {row[0]: row for row in cursor.fetchall()}
    marker = Marker(snapshot.surface_forms(evaluation.plan.terms))
    hits = []
    for position, pk in zip(positions, pks, strict=True):
        row = rows.get(pk)
        if row is None:  # removed since the snapshot was taken
            continue
        _pk, title, summary, body, url = row
        score = float(evaluation.scores[position]) if evaluation.scores is not None else 0.0
        hits.append(
            Hit(
                kind=snapshot.kind_of(position),
                object_id=int(snapshot.object_ids[position]),
                score=score,
                url=url,
                title_html=highlight(title, marker),
                snippet_html=snippet(summary, body, marker),
                published_at=snapshot.published_at(position),
            )
        )
    return hits


def _checked(query: SearchQuery) -> SearchQuery:
    sort: Sort = query.sort if query.sort in SORTS else "relevance"
    per_page = min(max(int(query.per_page), 1), MAX_PER_PAGE)
    return replace(query, sort=sort, per_page=per_page, page=max(int(query.page), 1))


def search(query: SearchQuery) -> SearchResult:
    """One page of hits for ``query`` with facet counts over all its matches."""
    query = _checked(query)
    snapshot = current()
    evaluation = _evaluate(snapshot, query.text, query.filters)
    total = evaluation.total
    pages = max(1, math.ceil(total / query.per_page))
    page = min(query.page, pages)
    first = (page - 1) * query.per_page
    order = _order(evaluation, query.sort, needed=first + query.per_page)
    hits = _hits(evaluation, order[first : first + query.per_page].tolist())
    alternatives = _suggest(snapshot, evaluation, query) if total < FEW_HITS else []
    suggestions = list(dict.fromkeys(s.text for s in alternatives if s.reason != "fewer_filters"))
    return SearchResult(
        hits=hits,
        total=total,
        page=page,
        pages=pages,
        facets=_facet_counts(evaluation, query.filters),
        suggestions=suggestions,
        alternatives=alternatives,
        query=replace(query, page=page),
    )


def matching_ids(query: SearchQuery) -> list[tuple[str, int]]:
    """Every hit of ``query`` in result order, without pagination (for exports)."""
    query = _checked(query)
    snapshot = current()
    evaluation = _evaluate(snapshot, query.text, query.filters)
    return [
        (snapshot.kind_of(position), int(snapshot.object_ids[position]))
        for position in _order(evaluation, query.sort).tolist()
    ]


# --------------------------------------------------------------------------------------------
# Suggestions


def _replace_words(text: str, replacements: dict[tuple[int, int], str]) -> str:
    text = normalise(text)
    for (start, end), word in sorted(replacements.items(), reverse=True):
        text = text[:start] + word + text[end:]
    return " ".join(text.split())


def _suggest(snapshot: Snapshot, evaluation: _Evaluation, query: SearchQuery) -> list[Suggestion]:
    plan = evaluation.plan
    total = evaluation.total
    found: list[Suggestion] = []
    seen: set[tuple[str, tuple[tuple[str, tuple[str, ...]], ...]]] = set()

    def offer(
        text: str, filters: Mapping[str, Sequence[str]], reason: Reason, dropped: str
    ) -> None:
        cleaned = _clean_filters(filters)
        key = (fold(text), tuple(sorted((k, tuple(v)) for k, v in cleaned.items())))
        if key in seen or (reason != "fewer_filters" and analyse_query(text).empty):
            return
        seen.add(key)
        # Counted in memory: the same set the database would match (the tests hold the two
        # to that), without a round trip per alternative.
        count = _evaluate(snapshot, text, cleaned, in_memory=True).total
        if count > total:
            found.append(
                Suggestion(
                    text=text,
                    query=SearchQuery(text=text, filters=cleaned, sort=query.sort),
                    total=count,
                    reason=reason,
                    dropped=dropped,
                )
            )

    if not plan.empty:
        # Spelling: a word that matches nothing on its own is replaced by the closest word
        # the index knows.
        replacements: dict[tuple[int, int], str] = {}
        for group, count in zip(plan.groups, snapshot.group_matches(plan), strict=True):
            if count:
                continue
            for token in plan.words[group.start : group.end]:
                if snapshot.document_frequency(stem(token.word)):
                    continue
                candidates = snapshot.spelling_candidates(token.word)
                if candidates:
                    replacements[(token.start, token.end)] = candidates[0][0]
        if replacements:
            offer(_replace_words(query.text, replacements), query.filters, "spelling", "")
        # Broader: leave one word out.
        if len(plan.groups) > 1:
            for group in plan.groups:
                words = plan.words[group.start : group.end]
                cut = {(token.start, token.end): "" for token in words}
                offer(_replace_words(query.text, cut), query.filters, "fewer_words", group.text)
    # Broader: leave one facet's filter out.
    for key in _clean_filters(query.filters):
        fewer = {k: v for k, v in query.filters.items() if k != key}
        offer(" ".join(normalise(query.text).split()), fewer, "fewer_filters", key)

    spelling = [s for s in found if s.reason == "spelling"]
    broader = sorted(
        (s for s in found if s.reason != "spelling"), key=lambda s: (-s.total, s.reason, s.text)
    )
    return (spelling + broader)[:MAX_SUGGESTIONS]


# --------------------------------------------------------------------------------------------
# Autocomplete


def autocomplete(prefix: str, *, limit: int = 8) -> list[Completion]:
    """Completions for what has been typed so far: frequent words that start with the last
    word (most documents first), then titles with a word starting with it (titles beginning
    with all that was typed first, then newest). Earlier words narrow the titles to those with
    words beginning like them, and are kept in word completions."""
    limit = max(0, min(int(limit), 50))
    text = " ".join(fold(prefix).split())
    if not limit or len(text) < 2:
        return []
    *head, last = text.split(" ")
    if len(last) < 2 and not head:
        return []
    snapshot = current()
    if not snapshot.size:
        return []
    word_slots = max(1, limit // 2)
    lead = " ".join(head)
    words = _word_completions(snapshot, lead, last)
    completions = [Completion(f"{lead} {word}".strip()) for word in words[:word_slots]]
    for position in _title_completions(snapshot, text, head, last, limit - len(completions)):
        completions.append(
            Completion(
                snapshot.titles[position],
                snapshot.kind_of(position),
                int(snapshot.object_ids[position]),
                snapshot.urls[position],
            )
        )
    # Room left: more words.
    completions += [Completion(f"{lead} {word}".strip()) for word in words[word_slots:]]
    return completions[:limit]


#: Word completions considered before ranking by what the earlier words narrow to.
_WORD_CANDIDATES = 30


def _word_completions(snapshot: Snapshot, lead: str, last: str) -> list[str]:
    """Words starting with ``last``: the most used first, or — after earlier words — the ones
    most documents share with those words (and none that no document has with them)."""
    found = [
        word
        for word, _df in snapshot.words_with_prefix(last, _WORD_CANDIDATES)
        if word != last or lead
    ]
    plan = analyse_query(lead)
    if plan.empty:
        return found
    narrowed = snapshot.evaluate(plan)[0]
    together = []
    for position, word in enumerate(found):
        docs = snapshot.postings(stem(word))[0]
        count = int(narrowed[docs].sum())
        if count:
            together.append((-count, position, word))
    return [word for _count, _position, word in sorted(together)]


def _newest_first(snapshot: Snapshot, positions: IntArray, batch: int) -> Iterator[int]:
    """``positions`` newest first, sorting only as far as the caller reads: usually the first
    ``batch`` are enough, and a partition finds them without sorting them all."""
    ranks = snapshot.rank_newest[positions]
    if len(positions) > batch > 0:
        top = np.argpartition(ranks, batch - 1)[:batch]
        yield from positions[top[np.argsort(ranks[top])]].tolist()
        rest = np.ones(len(positions), dtype=bool)
        rest[top] = False
        positions, ranks = positions[rest], ranks[rest]
    yield from positions[np.argsort(ranks)].tolist()


def _title_completions(
    snapshot: Snapshot, text: str, head: list[str], last: str, room: int
) -> list[int]:
    """Titles for the completion list: those beginning with what was typed, then those with a
    word starting with the last word (and containing the earlier ones), newest first."""
    chosen: list[int] = []
    if room <= 0:
        return chosen
    for position in _newest_first(snapshot, snapshot.titles_starting_with(text), room):
        chosen.append(position)
        if len(chosen) >= room:
            return chosen
    taken = set(chosen)
    candidates = snapshot.titles_with_word_prefix(last)
    for word in head:  # the earlier words must be in the title too (as word beginnings)
        candidates = np.intersect1d(
            candidates, snapshot.titles_with_word_prefix(word), assume_unique=True
        )
    for position in _newest_first(snapshot, candidates, room * 2):
        if position not in taken:
            chosen.append(position)
            if len(chosen) >= room:
                break
    return chosen


# --------------------------------------------------------------------------------------------
# Similar items


def similar(
    kind: str, object_id: int, *, limit: int = 5, kinds: Iterable[str] | None = None
) -> list[tuple[str, int, float]]:
    """Items like the given one ("lignende"): the others that share its most telling words
    (its top tf-idf terms, scored like a query of them) and its area and technology facets.
    Never the item itself, and [] when the item is not in the index (not public)."""
    snapshot = current()
    index = snapshot.index_of(kind, object_id)
    if index is None or limit <= 0:
        return []
    size = snapshot.size
    numbers, saturation = snapshot.document_terms(index)
    text_score = np.zeros(size, dtype=np.float64)
    if len(numbers):
        weights = snapshot.idf[numbers] * saturation.astype(np.float64)
        top = np.lexsort((numbers, -np.round(weights, 9)))[:SIMILAR_TERMS]
        for number, weight in zip(numbers[top].tolist(), weights[top].tolist(), strict=True):
            docs, sat = snapshot.postings_by_number(number)
            text_score[docs] += weight * snapshot.idf[number] * sat
    text_score[index] = 0.0
    peak = text_score.max() if size else 0.0
    if peak > 0:
        text_score /= peak
    facet_score = np.zeros(size, dtype=np.float64)
    used = 0
    for key in SIMILAR_FACETS:
        facet = snapshot.facets.get(key)
        if facet is None:
            continue
        own = facet.values_of(index)
        if not len(own):
            continue
        used += 1
        shared = np.zeros(size, dtype=np.float64)
        for value in own.tolist():
            shared[facet.value_docs[facet.value_indptr[value] : facet.value_indptr[value + 1]]] += 1
        union = len(own) + facet.values_per_document - shared
        facet_score += np.divide(shared, union, out=np.zeros(size), where=union > 0)
    if used:
        facet_score /= used
    score = np.round((1 - SIMILAR_FACET_SHARE) * text_score + SIMILAR_FACET_SHARE * facet_score, 6)
    score[index] = 0.0
    candidates = np.flatnonzero(score > 0)
    if kinds is not None:
        wanted = [snapshot.kind_names.index(k) for k in set(kinds) if k in snapshot.kind_names]
        candidates = candidates[np.isin(snapshot.kind_codes[candidates], wanted)]
    # Best score first, ties to the newest: one integer key, and only the top partitioned out.
    order_key = -np.rint(score[candidates] * 10**6).astype(np.int64) * max(size, 1)
    order_key += snapshot.rank_newest[candidates]
    if len(candidates) > limit:
        top = np.argpartition(order_key, limit - 1)[:limit]
        candidates, order_key = candidates[top], order_key[top]
    return [
        (snapshot.kind_of(position), int(snapshot.object_ids[position]), float(score[position]))
        for position in candidates[np.argsort(order_key)].tolist()
    ]
