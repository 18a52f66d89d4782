"""The index as compact numpy arrays, held in memory by each process.

The database's full-text index (FTS5 on SQLite, a GIN-indexed tsvector on PostgreSQL) decides
which documents match a selective query; for a broad one the snapshot's postings give the same
answer faster (see ``backends.matcher``). Everything else — scores, facet filters and counts,
sorting, autocomplete, spelling and "similar" — runs on this snapshot, so it is the same
arithmetic on both databases and needs no work per row in Python: a facet count over 50,000
matches is one ``bincount``.

The snapshot is loaded from the database and reused until the index's version token changes
(every write changes it, see ``index.bump_version``); a process checks the token with one
small query per search. Loading reads every document's term statistics: about 0.4 s for
10,000 documents and 4 s for 100,000 (docs/benchmarks.md), after a change to the index, not
per search.

Scoring is BM25F: each field's term frequency is weighted (title 3, summary 1.5, body 1) and
normalised by that field's length, the weighted sum is saturated once (k1 = 1.2), and the term's
idf multiplies it. An occurrence as a part of a compound ("robot" in "spiserobotter") counts
half.
"""

from __future__ import annotations

import bisect
import re
import threading
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import cached_property
from typing import Any

import numpy as np
import numpy.typing as npt
import scipy.sparse
from django.db import connection

from spred.search.analysis import SPLITTER, QueryPlan, fold, normalise, title_sort_key
from spred.search.index import STATS_DTYPE, current_version
from spred.search.models import SearchDocument, SearchFacetValue, SearchWord

BoolArray = npt.NDArray[np.bool_]
FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

K1 = 1.2
FIELD_WEIGHTS = (3.0, 1.5, 1.0)  # title, summary, body
FIELD_B = (0.5, 0.75, 0.75)  # how much each field's length matters
SCORE_DECIMALS = 6  # scores are rounded so float noise never decides an order

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_TITLE_WORD = re.compile(r"(?:[^\W\d_]|[0-9])+")


#: A facet whose documents have at most this many values each is counted from a dense
#: document × value-slot matrix; beyond that (rare) from the list of pairs.
DENSE_SLOTS = 8


@dataclass
class FacetIndex:
    """One facet key: its values and which documents have which value (a document may have
    several). Counting gathers the matched documents' rows of a dense matrix of value numbers
    (value + 1, 0 for an empty slot) and ``bincount``s them: no Python per document."""

    values: list[str]
    value_ids: dict[str, int]
    pair_docs: IntArray  # every (document, value) pair, by document
    pair_values: IntArray
    value_indptr: IntArray  # the documents of each value (CSR)
    value_docs: IntArray
    dense: npt.NDArray[np.int32] | None  # documents × slots, value + 1
    size: int

    @classmethod
    def build(
        cls, values: list[str], pair_docs: IntArray, pair_values: IntArray, size: int
    ) -> FacetIndex:
        by_document = np.lexsort((pair_values, pair_docs))
        pair_docs, pair_values = pair_docs[by_document], pair_values[by_document]
        by_value = np.argsort(pair_values, kind="stable")
        value_indptr = np.zeros(len(values) + 1, dtype=np.int64)
        np.cumsum(np.bincount(pair_values, minlength=len(values)), out=value_indptr[1:])
        per_document = np.bincount(pair_docs, minlength=size)
        slots = int(per_document.max()) if len(pair_docs) else 1
        dense = None
        if slots <= DENSE_SLOTS:
            dense = np.zeros((size, max(slots, 1)), dtype=np.int32)
            first = np.cumsum(per_document) - per_document
            slot = np.arange(len(pair_docs)) - first[pair_docs]
            dense[pair_docs, slot] = pair_values + 1
        return cls(
            values,
            {value: number for number, value in enumerate(values)},
            pair_docs,
            pair_values,
            value_indptr,
            pair_docs[by_value],
            dense,
            size,
        )

    def docs_of(self, value: str) -> IntArray:
        number = self.value_ids.get(value)
        if number is None:
            return np.zeros(0, dtype=np.int64)
        return self.value_docs[self.value_indptr[number] : self.value_indptr[number + 1]]

    def mask_any(self, selected: Iterable[str], size: int) -> BoolArray:
        mask = np.zeros(size, dtype=bool)
        for value in selected:
            mask[self.docs_of(value)] = True
        return mask

    def counts(self, mask: BoolArray, matched: IntArray | None = None) -> IntArray:
        """Documents per value among those in ``mask`` (``matched``: its positions, if the
        caller has them)."""
        if self.dense is not None:
            rows = self.dense[np.flatnonzero(mask) if matched is None else matched]
            return np.bincount(rows.ravel(), minlength=len(self.values) + 1)[1:]
        return np.bincount(self.pair_values[mask[self.pair_docs]], minlength=len(self.values))

    @cached_property
    def values_per_document(self) -> FloatArray:
        return np.bincount(self.pair_docs, minlength=self.size).astype(np.float64)

    def values_of(self, index: int) -> IntArray:
        start, end = np.searchsorted(self.pair_docs, [index, index + 1])
        return self.pair_values[start:end]


@dataclass
class Snapshot:
    token: str | None
    pks: IntArray  # SearchDocument ids, ascending; a document's position is its index here
    kind_names: list[str]
    kind_codes: npt.NDArray[np.int16]
    object_ids: IntArray
    published: IntArray  # microseconds since 1970
    titles: list[str]
    urls: list[str]
    stem_ids: dict[str, int]
    post_indptr: IntArray
    post_docs: npt.NDArray[np.int32]
    post_sat: npt.NDArray[np.float32]  # saturated BM25F term frequency
    idf: FloatArray
    words: list[str]  # surface words used by at least one document
    word_df: IntArray
    word_stems: list[str]
    word_parts: list[tuple[str, ...]]
    facets: dict[str, FacetIndex]
    rank_newest: IntArray = field(init=False)
    order_newest: IntArray = field(init=False)
    order_oldest: IntArray = field(init=False)

    def __post_init__(self) -> None:
        descending = -self.published
        self.order_newest = np.lexsort((self.object_ids, self.kind_codes, descending))
        self.order_oldest = np.lexsort((self.object_ids, self.kind_codes, self.published))
        self.rank_newest = np.empty(self.size, dtype=np.int64)
        self.rank_newest[self.order_newest] = np.arange(self.size)

    @property
    def size(self) -> int:
        return len(self.pks)

    # ---------------------------------------------------------------------------- lookups

    def index_of(self, kind: str, object_id: int) -> int | None:
        if kind not in self.kind_names:
            return None
        code = self.kind_names.index(kind)
        found = np.flatnonzero((self.object_ids == object_id) & (self.kind_codes == code))
        return int(found[0]) if len(found) else None

    @cached_property
    def _position_of_pk(self) -> IntArray | None:
        """Document id → position, as a dense table when ids are not too sparse."""
        if not self.size or self.pks[-1] > 4 * self.size + 1000:
            return None
        table = np.full(int(self.pks[-1]) + 1, -1, dtype=np.int64)
        table[self.pks] = np.arange(self.size)
        return table

    def indices_of_pks(self, pks: Sequence[int] | IntArray) -> IntArray:
        """Positions of the given document ids; ids this snapshot does not know (written after
        it was loaded) are left out."""
        wanted = np.asarray(pks, dtype=np.int64)
        if not len(wanted) or not self.size:
            return np.zeros(0, dtype=np.int64)
        table = self._position_of_pk
        if table is not None:
            wanted = wanted[(wanted >= 0) & (wanted < len(table))]
            positions = table[wanted]
            return positions[positions >= 0]
        positions = np.searchsorted(self.pks, wanted)
        positions[positions >= self.size] = 0
        return positions[self.pks[positions] == wanted]

    def published_at(self, index: int) -> datetime:
        return _EPOCH + timedelta(microseconds=int(self.published[index]))

    def kind_of(self, index: int) -> str:
        return self.kind_names[int(self.kind_codes[index])]

    def postings(self, term: str) -> tuple[npt.NDArray[np.int32], npt.NDArray[np.float32], float]:
        number = self.stem_ids.get(term)
        if number is None:
            return np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.float32), 0.0
        start, end = self.post_indptr[number], self.post_indptr[number + 1]
        return self.post_docs[start:end], self.post_sat[start:end], float(self.idf[number])

    def document_frequency(self, term: str) -> int:
        number = self.stem_ids.get(term)
        if number is None:
            return 0
        return int(self.post_indptr[number + 1] - self.post_indptr[number])

    # ---------------------------------------------------------------------------- queries

    def evaluate(self, plan: QueryPlan) -> tuple[BoolArray, FloatArray]:
        """Which documents match the plan and their scores. A group contributes its best
        alternative (a word and its synonym are not counted twice)."""
        matched: BoolArray | None = None
        total = np.zeros(self.size, dtype=np.float64)
        for group in plan.groups:
            group_mask: BoolArray | None = None
            group_score: FloatArray | None = None
            for alternative in group.alternatives:
                alt_mask, alt_score = self._alternative(alternative.terms)
                if alternative.weight != 1.0:
                    alt_score *= alternative.weight
                if group_mask is None or group_score is None:
                    group_mask, group_score = alt_mask, alt_score
                else:
                    group_mask |= alt_mask
                    np.maximum(group_score, alt_score, out=group_score)
            if group_mask is None or group_score is None:
                continue
            matched = group_mask if matched is None else matched & group_mask
            total += group_score
        if matched is None:
            matched = np.ones(self.size, dtype=bool)
        else:
            total[~matched] = 0.0
        return matched, np.round(total, SCORE_DECIMALS)

    def _alternative(self, terms: Sequence[str]) -> tuple[BoolArray, FloatArray]:
        """Documents with every term, and the sum of the terms' scores there (0 elsewhere)."""
        mask: BoolArray | None = None
        score = np.zeros(self.size, dtype=np.float64)
        for term in terms:
            docs, sat, idf = self.postings(term)
            present = np.zeros(self.size, dtype=bool)
            present[docs] = True
            mask = present if mask is None else mask & present
            score[docs] += idf * sat.astype(np.float64)
        if mask is None:
            return np.zeros(self.size, dtype=bool), score
        if len(terms) > 1:
            score[~mask] = 0.0
        return mask, score

    def group_matches(self, plan: QueryPlan) -> list[int]:
        """For each group of the plan, how many documents it matches on its own."""
        counts = []
        for group in plan.groups:
            mask = np.zeros(self.size, dtype=bool)
            for alternative in group.alternatives:
                mask |= self._alternative(alternative.terms)[0]
            counts.append(int(mask.sum()))
        return counts

    # ---------------------------------------------------------------------------- orders

    @cached_property
    def order_title(self) -> IntArray:
        keys = [title_sort_key(title) for title in self.titles]
        ranks = self.rank_newest.tolist()
        order = sorted(range(self.size), key=lambda index: (keys[index], ranks[index]))
        return np.asarray(order, dtype=np.int64)

    # ---------------------------------------------------------------------------- similar

    @cached_property
    def _by_document(self) -> tuple[IntArray, IntArray, npt.NDArray[np.float32]]:
        """The postings turned around: per document its terms and their saturated tf."""
        term_of_posting = np.repeat(
            np.arange(len(self.idf), dtype=np.int64), np.diff(self.post_indptr)
        )
        order = np.argsort(self.post_docs, kind="stable")
        indptr = np.zeros(self.size + 1, dtype=np.int64)
        np.cumsum(np.bincount(self.post_docs, minlength=self.size), out=indptr[1:])
        return indptr, term_of_posting[order], self.post_sat[order]

    def document_terms(self, index: int) -> tuple[IntArray, npt.NDArray[np.float32]]:
        indptr, terms, sat = self._by_document
        return terms[indptr[index] : indptr[index + 1]], sat[indptr[index] : indptr[index + 1]]

    def postings_by_number(self, number: int) -> tuple[npt.NDArray[np.int32], FloatArray]:
        start, end = self.post_indptr[number], self.post_indptr[number + 1]
        return self.post_docs[start:end], self.post_sat[start:end].astype(np.float64)

    # ---------------------------------------------------------------------------- words

    @cached_property
    def _sorted_words(self) -> tuple[list[str], IntArray, list[str]]:
        order = sorted(range(len(self.words)), key=self.words.__getitem__)
        return (
            [self.words[i] for i in order],
            self.word_df[np.asarray(order, dtype=np.int64)],
            [self.word_stems[i] for i in order],
        )

    def words_with_prefix(self, prefix: str, limit: int) -> list[tuple[str, int]]:
        """Words starting with ``prefix``, one form per stem (the form most documents use,
        then the shortest), the stems used by most documents first."""
        ordered, df, stems = self._sorted_words
        start = bisect.bisect_left(ordered, prefix)
        end = bisect.bisect_left(ordered, prefix + "\U0010ffff", lo=start)
        best: dict[str, tuple[int, int, str]] = {}
        totals: dict[str, int] = defaultdict(int)
        for position in range(start, end):
            word, frequency, own = ordered[position], int(df[position]), stems[position]
            totals[own] += frequency
            candidate = (-frequency, len(word), word)
            if own not in best or candidate < best[own]:
                best[own] = candidate
        ranked = sorted(best, key=lambda own: (-totals[own], best[own][2]))
        return [(best[own][2], totals[own]) for own in ranked[:limit]]

    @cached_property
    def _words_by_term(self) -> dict[str, list[int]]:
        found: dict[str, list[int]] = defaultdict(list)
        for number, (own, parts) in enumerate(zip(self.word_stems, self.word_parts, strict=True)):
            found[own].append(number)
            for part in parts:
                found[part].append(number)
        return found

    def surface_forms(self, terms: frozenset[str]) -> dict[str, frozenset[str]]:
        """Every word in the index that matches one of ``terms`` (by its stem or a compound
        part), with the terms it matches: what a page's titles and snippets mark."""
        cached = self._forms_cache.get(terms)
        if cached is not None:
            return cached
        forms: dict[str, set[str]] = defaultdict(set)
        by_term = self._words_by_term
        for term in terms:
            for number in by_term.get(term, ()):
                forms[self.words[number]].add(term)
        result = {word: frozenset(found) for word, found in forms.items()}
        if len(self._forms_cache) > 256:
            self._forms_cache.clear()
        self._forms_cache[terms] = result
        return result

    @cached_property
    def _forms_cache(self) -> dict[frozenset[str], dict[str, frozenset[str]]]:
        return {}

    @cached_property
    def _trigrams(self) -> dict[str, IntArray]:
        found: dict[str, list[int]] = defaultdict(list)
        for number, word in enumerate(self.words):
            for gram in _trigrams_of(word):
                found[gram].append(number)
        return {gram: np.asarray(numbers, dtype=np.int64) for gram, numbers in found.items()}

    def spelling_candidates(self, word: str) -> list[tuple[str, int, int]]:
        """Known words close to ``word``: (word, edit distance, document frequency), best
        first. Letters are compared as they are — "a" for "å" is an edit like any other."""
        if not self.words or len(word) < 3:
            return []
        grams = _trigrams_of(word)
        shared = np.zeros(len(self.words), dtype=np.int64)
        for gram in grams:
            numbers = self._trigrams.get(gram)
            if numbers is not None:
                shared[numbers] += 1
        limit = 1 if len(word) <= 4 else 2
        candidates = np.flatnonzero(shared >= max(1, len(grams) // 3))
        found = []
        for number in candidates.tolist():
            other = self.words[number]
            if other == word or abs(len(other) - len(word)) > limit:
                continue
            distance = edit_distance(word, other, limit)
            if distance <= limit:
                found.append((other, distance, int(self.word_df[number])))
        found.sort(key=lambda item: (item[1], -item[2], item[0]))
        return found

    @cached_property
    def _title_words(self) -> tuple[list[str], IntArray]:
        """Every word of every title (and the parts of its compounds), sorted, with the
        document each came from — for completing a prefix to a title."""
        entries: list[tuple[str, int]] = []
        for index, title in enumerate(self.titles):
            seen: set[str] = set()
            for match in _TITLE_WORD.finditer(normalise(title)):
                word = match.group().casefold()
                seen.add(word)
                seen.update(part for part in SPLITTER.split(word).parts if len(part) > 2)
            entries.extend((word, index) for word in seen)
        entries.sort()
        return [word for word, _i in entries], np.asarray([i for _w, i in entries], dtype=np.int64)

    def titles_with_word_prefix(self, prefix: str) -> IntArray:
        """Documents whose title has a word (or compound part) starting with ``prefix``."""
        ordered, documents = self._title_words
        start = bisect.bisect_left(ordered, prefix)
        end = bisect.bisect_left(ordered, prefix + "\U0010ffff", lo=start)
        found = np.zeros(self.size, dtype=bool)
        found[documents[start:end]] = True
        return np.flatnonzero(found)

    @cached_property
    def _sorted_titles(self) -> tuple[list[str], IntArray]:
        folded = [" ".join(fold(title).split()) for title in self.titles]
        order = sorted(range(self.size), key=folded.__getitem__)
        return [folded[i] for i in order], np.asarray(order, dtype=np.int64)

    def titles_starting_with(self, prefix: str) -> IntArray:
        ordered, positions = self._sorted_titles
        start = bisect.bisect_left(ordered, prefix)
        end = bisect.bisect_left(ordered, prefix + "\U0010ffff", lo=start)
        return positions[start:end]


def _trigrams_of(word: str) -> set[str]:
    padded = f"^{word}$"
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


def edit_distance(a: str, b: str, limit: int) -> int:
    """Optimal string alignment distance (a swap of two neighbours is one edit), giving up
    with ``limit + 1`` as soon as the distance must exceed ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


# --------------------------------------------------------------------------------------------
# Loading


def _microseconds(moment: datetime) -> int:
    return (moment - _EPOCH) // timedelta(microseconds=1)


def _load_rows() -> list[tuple[Any, ...]]:
    """Every document as (id, kind, object id, title, url, published µs, stats, facet ids).
    Raw SQL, with the time converted to microseconds by the database, because the ORM's
    per-row conversions would cost more than everything else the snapshot does per row."""
    table = SearchDocument._meta.db_table
    if connection.vendor == "sqlite":
        # Django stores the time as 'YYYY-MM-DD HH:MM:SS[.ffffff]' in UTC.
        published = (
            "CAST(strftime('%s', published_at) AS INTEGER) * 1000000"
            " + CAST(substr(published_at || '.000000', 21, 6) AS INTEGER)"
        )
    elif connection.vendor == "postgresql":
        published = "(EXTRACT(EPOCH FROM published_at) * 1000000)::bigint"
    else:
        published = "published_at"
    sql = (
        f"SELECT id, kind, object_id, title, url, {published}, stats, facet_ids "  # noqa: S608
        f"FROM {table} ORDER BY id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql)
        rows = cursor.fetchall()
    if rows and isinstance(rows[0][5], datetime):
        rows = [(*row[:5], _microseconds(row[5]), *row[6:]) for row in rows]
    return rows


def _load_facets(blobs: list[bytes], size: int) -> dict[str, FacetIndex]:
    ids = np.frombuffer(b"".join(blobs), dtype="<i4").astype(np.int64)
    docs = np.repeat(
        np.arange(size, dtype=np.int64),
        np.fromiter((len(blob) // 4 for blob in blobs), dtype=np.int64, count=size),
    )
    rows = list(SearchFacetValue.objects.order_by("pk").values_list("pk", "key", "value"))
    value_pks = np.fromiter((row[0] for row in rows), dtype=np.int64, count=len(rows))
    positions = np.searchsorted(value_pks, ids)
    positions[positions >= len(value_pks)] = 0
    known = value_pks[positions] == ids if len(value_pks) else np.zeros(len(ids), dtype=bool)
    docs, positions = docs[known], positions[known]
    keys = sorted({row[1] for row in rows})
    key_of_row = np.fromiter((keys.index(row[1]) for row in rows), dtype=np.int64, count=len(rows))
    facets: dict[str, FacetIndex] = {}
    for number, key in enumerate(keys):
        chosen = key_of_row[positions] == number
        if not chosen.any():
            continue
        used_rows = np.unique(positions[chosen])
        values = [str(rows[int(i)][2]) for i in used_rows]
        order = sorted(range(len(values)), key=values.__getitem__)
        local = np.empty(len(rows), dtype=np.int64)
        local[used_rows[order]] = np.arange(len(order))
        facets[key] = FacetIndex.build(
            [values[i] for i in order], docs[chosen], local[positions[chosen]], size
        )
    return facets


def load(token: str | None) -> Snapshot:
    rows = _load_rows()
    size = len(rows)
    pks = np.fromiter((row[0] for row in rows), dtype=np.int64, count=size)
    kind_names = sorted({row[1] for row in rows})
    kind_number = {kind: number for number, kind in enumerate(kind_names)}
    kind_codes = np.fromiter((kind_number[row[1]] for row in rows), dtype=np.int16, count=size)
    object_ids = np.fromiter((row[2] for row in rows), dtype=np.int64, count=size)
    titles = [row[3] for row in rows]
    urls = [row[4] for row in rows]
    published = np.fromiter((row[5] for row in rows), dtype=np.int64, count=size)
    stats_blobs = [bytes(row[6]) for row in rows]
    facets = _load_facets([bytes(row[7]) for row in rows], size)
    del rows

    records = np.frombuffer(b"".join(stats_blobs), dtype=STATS_DTYPE)
    lengths = np.fromiter(
        (len(blob) // STATS_DTYPE.itemsize for blob in stats_blobs), dtype=np.int64, count=size
    )
    record_docs = np.repeat(np.arange(size, dtype=np.int64), lengths)
    del stats_blobs

    word_rows = list(SearchWord.objects.order_by("pk").values_list("pk", "word", "stem", "parts"))
    word_pks = np.fromiter((row[0] for row in word_rows), dtype=np.int64, count=len(word_rows))
    positions = np.searchsorted(word_pks, records["word"].astype(np.int64))
    positions[positions >= len(word_pks)] = 0
    known = (
        word_pks[positions] == records["word"]
        if len(word_pks)
        else np.zeros(len(records), dtype=bool)
    )
    records, record_docs, record_words = records[known], record_docs[known], positions[known]

    stems: dict[str, int] = {}
    word_stem = np.empty(len(word_rows), dtype=np.int64)
    part_counts = np.zeros(len(word_rows), dtype=np.int64)
    part_stems: list[int] = []
    for number, (_pk, _word, own, parts) in enumerate(word_rows):
        word_stem[number] = stems.setdefault(own, len(stems))
        split = parts.split()
        part_counts[number] = len(split)
        part_stems.extend(stems.setdefault(part, len(stems)) for part in split)
    part_indptr = np.zeros(len(word_rows) + 1, dtype=np.int64)
    np.cumsum(part_counts, out=part_indptr[1:])
    part_stem_array = np.asarray(part_stems, dtype=np.int64)

    counts = np.stack([records["title"], records["summary"], records["body"]], axis=1).astype(
        np.int64
    )
    lengths_by_field = np.stack(
        [np.bincount(record_docs, weights=counts[:, f], minlength=size) for f in range(3)], axis=1
    )

    # Every occurrence becomes an entry (stem, document, counts): the word's own stem, then
    # its compound parts at half weight, in document order. The counts are kept in half units
    # and packed into one int64 (title << 42 | summary << 21 | body), so that SciPy's
    # COO→CSR conversion — a linear counting sort that sums duplicates — merges a document's
    # different forms of one stem in a single pass instead of a 12-million-element sort.
    packed = (counts[:, 0] << 43) | (counts[:, 1] << 22) | (counts[:, 2] << 1)  # × 2
    repeats = part_counts[record_words]
    entries = 1 + repeats
    first_entry = np.cumsum(entries) - entries
    total = int(entries.sum())
    entry_stems = np.empty(total, dtype=np.int32)
    entry_docs = np.empty(total, dtype=np.int32)
    entry_packed = np.empty(total, dtype=np.int64)
    entry_stems[first_entry] = word_stem[record_words]
    entry_docs[first_entry] = record_docs
    entry_packed[first_entry] = packed
    expanded = np.repeat(np.arange(len(records), dtype=np.int64), repeats)
    # The position of each part among its word's parts: 0, 1, … per record.
    offsets = np.arange(len(expanded), dtype=np.int64) - np.repeat(
        np.cumsum(repeats) - repeats, repeats
    )
    part_slots = np.repeat(first_entry + 1, repeats) + offsets
    part_of = part_stem_array[part_indptr[record_words[expanded]] + offsets]
    entry_stems[part_slots] = part_of
    entry_docs[part_slots] = record_docs[expanded]
    entry_packed[part_slots] = packed[expanded] >> 1  # half weight
    del packed, expanded, offsets, part_slots, part_of, counts, records
    stem_count = len(stems)
    matrix = scipy.sparse.coo_matrix(
        (entry_packed, (entry_stems, entry_docs)), shape=(stem_count, max(size, 1))
    ).tocsr()
    del entry_stems, entry_docs, entry_packed
    matrix.sum_duplicates()
    post_indptr = matrix.indptr.astype(np.int64)
    post_docs = matrix.indices.astype(np.int32)
    field_mask = (1 << 21) - 1
    merged = (
        np.stack(
            [
                (matrix.data >> 42) & field_mask,
                (matrix.data >> 21) & field_mask,
                matrix.data & field_mask,
            ],
            axis=1,
        ).astype(np.float64)
        / 2.0
    )
    del matrix

    average = lengths_by_field.mean(axis=0) if size else np.ones(3)
    average[average == 0] = 1.0
    weighted = np.zeros(len(post_docs), dtype=np.float64)
    for f in range(3):
        norm = 1.0 - FIELD_B[f] + FIELD_B[f] * lengths_by_field[post_docs, f] / average[f]
        weighted += FIELD_WEIGHTS[f] * merged[:, f] / norm
    saturated = (weighted / (K1 + weighted)).astype(np.float32)

    df = np.diff(post_indptr).astype(np.float64)
    idf = np.log(1.0 + (size - df + 0.5) / (df + 0.5))

    word_df_all = np.bincount(record_words, minlength=len(word_rows))
    in_use = np.flatnonzero(word_df_all > 0)
    stem_names = list(stems)
    return Snapshot(
        token=token,
        pks=pks,
        kind_names=kind_names,
        kind_codes=kind_codes,
        object_ids=object_ids,
        published=published,
        titles=titles,
        urls=urls,
        stem_ids=stems,
        post_indptr=post_indptr,
        post_docs=post_docs,
        post_sat=saturated,
        idf=idf,
        words=[word_rows[i][1] for i in in_use.tolist()],
        word_df=word_df_all[in_use].astype(np.int64),
        word_stems=[stem_names[int(word_stem[i])] for i in in_use.tolist()],
        word_parts=[tuple(word_rows[i][3].split()) for i in in_use.tolist()],
        facets=facets,
    )


# --------------------------------------------------------------------------------------------
# The process-wide snapshot

_lock = threading.Lock()
_current: Snapshot | None = None


def current() -> Snapshot:
    """The snapshot for the index as it is now (reloaded if the index changed)."""
    global _current
    token = current_version()
    snapshot = _current
    if snapshot is not None and token is not None and snapshot.token == token:
        return snapshot
    with _lock:
        snapshot = _current
        if snapshot is not None and token is not None and snapshot.token == token:
            return snapshot
        snapshot = load(token)
        # Without a token (nothing indexed since the table was emptied) there is nothing to
        # recognise the state by next time, so such a snapshot is not kept.
        _current = snapshot if token is not None else None
        return snapshot


def forget() -> None:
    """Drop the snapshot (tests, and after the database was swapped underneath)."""
    global _current
    with _lock:
        _current = None
