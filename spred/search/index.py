"""Writing the index: upsert, refresh from a provider, remove, rebuild.

The catalogue calls ``refresh(kind, object_id)`` through ``transaction.on_commit`` after every
status change. ``refresh`` asks the kind's provider, which returns the object as a document only
while it is published; anything else removes it. So the index holds published objects only,
and every read of it (search, facet counts, suggestions, autocomplete, similar) is leak-safe by
construction.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import datetime
from itertools import islice
from typing import Any, TypeVar

import numpy as np
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from spred.search.analysis import analyse_fields, analyse_word
from spred.search.documents import IndexedDocument
from spred.search.models import SearchDocument, SearchFacetValue, SearchIndexState, SearchWord
from spred.search.registry import provider_for, providers

#: One record per distinct word of a document: word id, occurrences in title, summary, body.
STATS_DTYPE = np.dtype([("word", "<i4"), ("title", "<u2"), ("summary", "<u2"), ("body", "<u2")])

T = TypeVar("T")

_BATCH = 500
_LOOKUP_CHUNK = 500
_STATE_PK = 1
_MAX_COUNT = np.iinfo(np.uint16).max


# --------------------------------------------------------------------------------------------
# The version token


def bump_version() -> str:
    """Mark the index as changed, so every process reloads its snapshot. Call inside the
    transaction that changed the index: the new token becomes visible with the change."""
    token = uuid.uuid4().hex
    now = timezone.now()
    if SearchIndexState.objects.filter(pk=_STATE_PK).update(token=token, updated_at=now):
        return token
    try:
        with transaction.atomic():
            SearchIndexState.objects.create(pk=_STATE_PK, token=token)
    except IntegrityError:  # another writer created the row first
        SearchIndexState.objects.filter(pk=_STATE_PK).update(token=token, updated_at=now)
    return token


_VERSION_SQL = f"SELECT token FROM {SearchIndexState._meta.db_table} WHERE id = %s"  # noqa: S608 — constant


def current_version() -> str | None:
    # Raw SQL: this runs before every search, and the ORM takes longer to build the query
    # than the database to answer it.
    with connection.cursor() as cursor:
        cursor.execute(_VERSION_SQL, [_STATE_PK])
        row = cursor.fetchone()
    return str(row[0]) if row else None


# --------------------------------------------------------------------------------------------
# Words


class _WordIds:
    """Word → SearchWord id for one indexing run, creating words that are new and correcting
    the stem and parts of words analysed differently before (a changed lexicon)."""

    def __init__(self) -> None:
        self.ids: dict[str, int] = {}

    def resolve(self, words: Iterable[str]) -> dict[str, int]:
        missing = sorted(set(words) - self.ids.keys())
        if missing:
            self._load(missing)
        return self.ids

    def _load(self, missing: list[str]) -> None:
        wanted = {word: analyse_word(word) for word in missing}
        stale: list[SearchWord] = []
        for chunk in _chunks(missing, _LOOKUP_CHUNK):
            for row in SearchWord.objects.filter(word__in=chunk).only(
                "id", "word", "stem", "parts"
            ):
                self.ids[row.word] = row.pk
                analysis = wanted[row.word]
                parts = " ".join(analysis.parts)
                if row.stem != analysis.stem or row.parts != parts:
                    row.stem, row.parts = analysis.stem, parts
                    stale.append(row)
        if stale:
            SearchWord.objects.bulk_update(stale, ["stem", "parts"], batch_size=_LOOKUP_CHUNK)
        new = [word for word in missing if word not in self.ids]
        if not new:
            return
        SearchWord.objects.bulk_create(
            [
                SearchWord(word=word, stem=wanted[word].stem, parts=" ".join(wanted[word].parts))
                for word in new
            ],
            batch_size=_LOOKUP_CHUNK,
            ignore_conflicts=True,  # a concurrent indexer may have added the same word
        )
        for chunk in _chunks(new, _LOOKUP_CHUNK):
            self.ids.update(SearchWord.objects.filter(word__in=chunk).values_list("word", "id"))


class _FacetIds:
    """(key, value) → SearchFacetValue id for one indexing run."""

    def __init__(self) -> None:
        self.ids: dict[tuple[str, str], int] = {}

    def resolve(self, pairs: Iterable[tuple[str, str]]) -> dict[tuple[str, str], int]:
        missing = sorted(set(pairs) - self.ids.keys())
        if not missing:
            return self.ids
        for key in sorted({key for key, _value in missing}):
            values = [value for k, value in missing if k == key]
            for chunk in _chunks(values, _LOOKUP_CHUNK):
                found = SearchFacetValue.objects.filter(key=key, value__in=chunk)
                self.ids.update(
                    ((key, value), pk) for value, pk in found.values_list("value", "id")
                )
        new = [pair for pair in missing if pair not in self.ids]
        if new:
            SearchFacetValue.objects.bulk_create(
                [SearchFacetValue(key=key, value=value) for key, value in new],
                batch_size=_LOOKUP_CHUNK,
                ignore_conflicts=True,
            )
            for key in sorted({key for key, _value in new}):
                values = [value for k, value in new if k == key]
                for chunk in _chunks(values, _LOOKUP_CHUNK):
                    found = SearchFacetValue.objects.filter(key=key, value__in=chunk)
                    self.ids.update(
                        ((key, value), pk) for value, pk in found.values_list("value", "id")
                    )
        return self.ids


# --------------------------------------------------------------------------------------------
# Documents


def _check(doc: IndexedDocument) -> None:
    if not doc.kind or len(doc.kind) > 40:
        raise ValueError(f"Invalid document kind {doc.kind!r}.")
    if not isinstance(doc.object_id, int) or doc.object_id < 0:
        raise ValueError(f"Invalid object id {doc.object_id!r} for {doc.kind}.")
    for key, values in doc.facet_values().items():
        if len(key) > 40 or any(len(value) > 200 for value in values):
            raise ValueError(
                f"{doc.kind}:{doc.object_id}: facet keys are at most 40 characters and values "
                f"at most 200 ({key!r})."
            )
    if not isinstance(doc.published_at, datetime) or timezone.is_naive(doc.published_at):
        raise ValueError(
            f"{doc.kind}:{doc.object_id}: published_at must be an aware datetime, "
            f"not {doc.published_at!r}."
        )


def _stats_blob(counts: dict[str, list[int]], ids: dict[str, int]) -> bytes:
    word_ids = np.fromiter((ids[word] for word in counts), dtype=np.int32, count=len(counts))
    values = np.minimum(np.array(list(counts.values()), dtype=np.int64), _MAX_COUNT)
    order = np.argsort(word_ids)
    records = np.empty(len(counts), dtype=STATS_DTYPE)
    records["word"] = word_ids[order]
    values = values.reshape(len(counts), 3)[order]
    records["title"], records["summary"], records["body"] = values.T
    return records.tobytes()


def _facet_blob(found: dict[str, list[str]], ids: dict[tuple[str, str], int]) -> bytes:
    numbers = [ids[(key, value)] for key, values in found.items() for value in values]
    return np.sort(np.asarray(numbers, dtype="<i4")).tobytes()


def _write_batch(batch: Sequence[IndexedDocument], words: _WordIds, facets: _FacetIds) -> int:
    unique: dict[tuple[str, int], IndexedDocument] = {}
    for doc in batch:
        _check(doc)
        unique[(doc.kind, doc.object_id)] = doc  # the last version given wins
    analysed = [
        (doc, analyse_fields(doc.title, doc.summary, doc.body), doc.facet_values())
        for doc in unique.values()
    ]
    ids = words.resolve(word for _doc, fields, _facets in analysed for word in fields.counts)
    facet_ids = facets.resolve(
        (key, value)
        for _doc, _fields, found in analysed
        for key, values in found.items()
        for value in values
    )
    now = timezone.now()
    rows = [
        (
            doc.kind,
            doc.object_id,
            doc.title,
            doc.summary,
            doc.body,
            doc.url,
            doc.published_at,
            json.dumps(found, ensure_ascii=False),
            " ".join(fields.terms()),
            _stats_blob(fields.counts, ids),
            _facet_blob(found, facet_ids),
        )
        for doc, fields, found in analysed
    ]
    _upsert(rows, now)
    return len(rows)


_UPSERT_COLUMNS = (
    "kind",
    "object_id",
    "title",
    "summary",
    "body",
    "url",
    "published_at",
    "facets",
    "terms",
    "stats",
    "facet_ids",
)


def _upsert(rows: Sequence[tuple[Any, ...]], now: datetime) -> None:
    """Insert or replace documents in one statement per batch. Raw SQL because the ORM's
    bulk_create spends several times longer building the statement than the database takes
    to run it; the statement is the same on SQLite and PostgreSQL (ON CONFLICT … DO UPDATE)."""
    table = connection.ops.quote_name(SearchDocument._meta.db_table)
    quote = connection.ops.quote_name
    columns = ", ".join(quote(column) for column in (*_UPSERT_COLUMNS, "created_at", "updated_at"))
    facets = "%s::jsonb" if connection.vendor == "postgresql" else "%s"
    placeholders = ", ".join(
        facets if column == "facets" else "%s" for column in (*_UPSERT_COLUMNS, "c", "u")
    )
    updates = ", ".join(
        f"{quote(column)} = excluded.{quote(column)}"
        for column in (*_UPSERT_COLUMNS[2:], "updated_at")
    )
    sql = (
        f"INSERT INTO {table} ({columns}) VALUES ({placeholders}) "  # noqa: S608 — names only
        f"ON CONFLICT ({quote('kind')}, {quote('object_id')}) DO UPDATE SET {updates}"
    )
    stamp = connection.ops.adapt_datetimefield_value(now)
    prepared = [
        (
            *row[:6],
            connection.ops.adapt_datetimefield_value(row[6]),
            *row[7:],
            stamp,
            stamp,
        )
        for row in rows
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, prepared)


def index_documents(docs: Iterable[IndexedDocument]) -> int:
    """Insert or replace documents (low level: it does not ask providers whether they are
    public — benchmarks and tests use it; the catalogue uses ``refresh``). Returns the count."""
    written = 0
    with transaction.atomic():
        words, facets = _WordIds(), _FacetIds()
        for batch in _chunks(docs, _BATCH):
            written += _write_batch(batch, words, facets)
        if written:
            bump_version()
    return written


def remove(kind: str, object_id: int) -> None:
    """Take an object out of the index (nothing happens if it is not there)."""
    with transaction.atomic():
        deleted, _per_model = SearchDocument.objects.filter(kind=kind, object_id=object_id).delete()
        if deleted:
            bump_version()


def refresh(kind: str, object_id: int) -> None:
    """Bring one object's entry up to date with its provider: index it while the provider
    returns it (it is public), remove it otherwise."""
    doc = provider_for(kind).document(object_id)
    if doc is None:
        remove(kind, object_id)
        return
    if doc.kind != kind or doc.object_id != object_id:
        raise ValueError(
            f"The provider for {kind!r} returned {doc.kind}:{doc.object_id} "
            f"when asked for {kind}:{object_id}."
        )
    index_documents([doc])


def rebuild(
    kinds: Iterable[str] | None = None,
    *,
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """Index every published object of the given kinds (all registered kinds by default) and
    drop entries the providers no longer return. ``progress(done, total)`` is called as
    batches are written. Returns the number of documents indexed."""
    registered = providers()
    selected = list(registered) if kinds is None else list(dict.fromkeys(kinds))
    unknown = [kind for kind in selected if kind not in registered]
    if unknown:
        raise LookupError(f"No search provider is registered for: {', '.join(unknown)}.")
    documents = {kind: list(registered[kind].documents()) for kind in selected}
    for kind, docs in documents.items():
        for doc in docs:
            if doc.kind != kind:
                raise ValueError(f"The provider for {kind!r} returned a {doc.kind!r} document.")
    total = sum(len(docs) for docs in documents.values())
    done = 0
    if progress:
        progress(0, total)
    with transaction.atomic():
        words, facets = _WordIds(), _FacetIds()
        for kind, docs in documents.items():
            for batch in _chunks(docs, _BATCH):
                done += _write_batch(batch, words, facets)
                if progress:
                    progress(done, total)
            seen = {doc.object_id for doc in docs}
            present = SearchDocument.objects.filter(kind=kind).values_list("object_id", flat=True)
            _delete(kind, [object_id for object_id in present if object_id not in seen])
        if kinds is None:
            for kind in (
                SearchDocument.objects.exclude(kind__in=selected)
                .values_list("kind", flat=True)
                .distinct()
            ):
                SearchDocument.objects.filter(kind=kind).delete()
        _prune_words()
        bump_version()
    return done


def _delete(kind: str, object_ids: list[int]) -> None:
    for chunk in _chunks(object_ids, _LOOKUP_CHUNK):
        SearchDocument.objects.filter(kind=kind, object_id__in=chunk).delete()


def _prune_words() -> None:
    """Delete words and facet values no document uses any more (their only documents were
    removed)."""
    words: set[int] = set()
    facets: set[int] = set()
    rows = SearchDocument.objects.values_list("stats", "facet_ids").iterator(chunk_size=2000)
    for stats, facet_ids in rows:
        words.update(np.frombuffer(bytes(stats), dtype=STATS_DTYPE)["word"].tolist())
        facets.update(np.frombuffer(bytes(facet_ids), dtype="<i4").tolist())
    unused = [pk for pk in SearchWord.objects.values_list("pk", flat=True) if pk not in words]
    for chunk in _chunks(unused, _LOOKUP_CHUNK):
        SearchWord.objects.filter(pk__in=chunk).delete()
    unused = [
        pk for pk in SearchFacetValue.objects.values_list("pk", flat=True) if pk not in facets
    ]
    for chunk in _chunks(unused, _LOOKUP_CHUNK):
        SearchFacetValue.objects.filter(pk__in=chunk).delete()


def _chunks(items: Iterable[T], size: int) -> Iterator[list[T]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk
