"""The search index as stored in the database.

Only published objects are ever stored here (providers return None for anything else), so
nothing that reads the index can leak a draft.

``SearchDocument.terms`` feeds the database's own full-text structure, kept in step by
triggers created in migration 0002: an FTS5 table ``search_fts`` on SQLite and a GIN-indexed
tsvector table ``search_tsv`` on PostgreSQL. SQLite rebuilds a table to alter it, which drops
its triggers; a later migration that alters ``SearchDocument`` must create them again.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from spred.core.models import TimeStampedModel

FTS_TABLE = "search_fts"
TSV_TABLE = "search_tsv"


class SearchDocument(TimeStampedModel):
    kind = models.CharField(_("art"), max_length=40)
    object_id = models.PositiveBigIntegerField(_("objektets id"))
    title = models.TextField(_("titel"))
    summary = models.TextField(_("resumé"), blank=True)
    body = models.TextField(_("tekst"), blank=True)
    url = models.CharField(_("adresse"), max_length=500)
    published_at = models.DateTimeField(_("offentliggjort"))
    facets = models.JSONField(_("facetter"), default=dict, blank=True)
    terms = models.TextField(
        _("søgetermer"),
        blank=True,
        help_text=_("Dokumentets analyserede termer adskilt af mellemrum."),
    )
    # Per word of the document: the SearchWord id and how often it occurs in the title, the
    # summary and the body (little-endian int32, uint16 × 3). Read in bulk into numpy.
    stats = models.BinaryField(_("termstatistik"), default=b"")
    # The SearchFacetValue ids of ``facets`` (little-endian int32), for the same reason.
    facet_ids = models.BinaryField(_("facet-id'er"), default=b"")

    class Meta:
        ordering = ["kind", "object_id"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="search_document_object"),
        ]
        verbose_name = _("søgedokument")
        verbose_name_plural = _("søgedokumenter")

    def __str__(self) -> str:
        return f"{self.kind}:{self.object_id} {self.title}"


class SearchWord(TimeStampedModel):
    """A word as it occurs in indexed text (case-folded), with its stem and compound parts.

    Words are never deleted when a document goes, so a word may be used by no document; the
    in-process snapshot counts document frequencies from the documents themselves and ignores
    such words, and a full rebuild removes them.
    """

    word = models.CharField(_("ord"), max_length=100, unique=True)
    stem = models.CharField(_("stamme"), max_length=100)
    parts = models.CharField(_("orddele"), max_length=500, blank=True)

    class Meta:
        ordering = ["word"]
        verbose_name = _("søgeord")
        verbose_name_plural = _("søgeord")

    def __str__(self) -> str:
        return self.word


class SearchFacetValue(TimeStampedModel):
    """A facet value (key and value), numbered so documents can list theirs as an int array.
    Like words, values no document uses any more are ignored and removed by a rebuild."""

    key = models.CharField(_("facet"), max_length=40)
    value = models.CharField(_("værdi"), max_length=200)

    class Meta:
        ordering = ["key", "value"]
        constraints = [
            models.UniqueConstraint(fields=["key", "value"], name="search_facet_value_unique"),
        ]
        verbose_name = _("facetværdi")
        verbose_name_plural = _("facetværdier")

    def __str__(self) -> str:
        return f"{self.key}={self.value}"


class SearchIndexState(TimeStampedModel):
    """One row whose token changes with every write to the index. Each process keeps a snapshot
    of the index in memory and reloads it when the token is no longer the one it loaded.

    A random token, not a counter: a rolled-back transaction would otherwise let a counter
    reach the same number again for a different index."""

    token = models.CharField(_("version"), max_length=32)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("søgeindeksets version")
        verbose_name_plural = _("søgeindeksets versioner")

    def __str__(self) -> str:
        return self.token
