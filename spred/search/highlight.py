"""Titles and snippets as escaped HTML with the matched words in ``<mark>``.

A word is marked when the index knows it as a form of a query term: the same stem ("borgerne"
for "borger"), a compound containing it ("velfærdsteknologien" for "teknologi") or a synonym.
The forms come from the snapshot's vocabulary, so marking a page needs no stemming — only
looking up words. The text is escaped, so markup in a title is shown as text.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from html import escape

from django.utils.safestring import SafeString, mark_safe

from spred.search.analysis import normalise, tokens

SNIPPET_LENGTH = 200
#: Snippets are chosen from at most this much of a document's text.
SNIPPET_SCAN = 50_000
#: With more forms than this, one pass over the words beats one search per form.
_MANY_FORMS = 300
_ELLIPSIS = "…"


@dataclass(frozen=True, slots=True)
class _Hit:
    start: int
    end: int
    terms: frozenset[str]


class Marker:
    """Finds the words of a text that are forms of the query's terms."""

    def __init__(self, forms: Mapping[str, frozenset[str]]) -> None:
        self.forms = forms

    def hits(self, text: str) -> list[_Hit]:
        if not self.forms:
            return []
        folded = text.casefold()
        if len(folded) != len(text) or len(self.forms) > _MANY_FORMS:
            return self._by_tokens(text)
        found = []
        for word, terms in self.forms.items():
            start = folded.find(word)
            while start >= 0:
                end = start + len(word)
                if (start == 0 or not folded[start - 1].isalnum()) and (
                    end == len(folded) or not folded[end].isalnum()
                ):
                    found.append(_Hit(start, end, terms))
                start = folded.find(word, end)
        found.sort(key=lambda hit: hit.start)
        return found

    def _by_tokens(self, text: str) -> list[_Hit]:
        found = []
        for token in tokens(text):
            terms = self.forms.get(token.word)
            if terms:
                found.append(_Hit(token.start, token.end, terms))
        return found


def _render(text: str, hits: list[_Hit], start: int, end: int) -> str:
    out: list[str] = []
    position = start
    for hit in hits:
        if hit.start < start or hit.end > end:
            continue
        out.append(escape(text[position : hit.start]))
        out.append(f"<mark>{escape(text[hit.start : hit.end])}</mark>")
        position = hit.end
    out.append(escape(text[position:end]))
    return "".join(out)


def highlight(text: str, marker: Marker) -> SafeString:
    """The whole text, escaped, with matched words marked."""
    text = normalise(text)
    return mark_safe(_render(text, marker.hits(text), 0, len(text)))  # noqa: S308


def _word_start_before(text: str, position: int) -> int:
    while position > 0 and not text[position - 1].isspace():
        position -= 1
    return position


def _word_end_before(text: str, position: int) -> int:
    cut = text.rfind(" ", 0, position)
    return cut if cut > 0 else position


def snippet(summary: str, body: str, marker: Marker) -> SafeString:
    """About 200 characters of summary and body: the passage with the most distinct matched
    terms (the beginning when nothing matches), escaped and marked."""
    text = " ".join(normalise(f"{summary} {body}"[:SNIPPET_SCAN]).split())
    hits = marker.hits(text)
    start = 0
    if hits:
        # Slide a window over the hits: the first window with the most distinct terms wins.
        best: tuple[int, int] = (0, 0)
        counts: dict[str, int] = {}
        distinct = last = 0
        for first, hit in enumerate(hits):
            while last < len(hits) and hits[last].end <= hit.start + SNIPPET_LENGTH:
                for term in hits[last].terms:
                    seen = counts.get(term, 0)
                    distinct += seen == 0
                    counts[term] = seen + 1
                last += 1
            if (distinct, last - first) > best:
                best, start = (distinct, last - first), hit.start
            for term in hit.terms:
                counts[term] -= 1
                distinct -= counts[term] == 0
        # A little context before the first marked word: the sentence start, if near.
        lead = max(0, start - 40)
        sentence = text.rfind(". ", lead, start)
        start = sentence + 2 if sentence >= 0 else _word_start_before(text, lead)
    end = start + SNIPPET_LENGTH
    end = _word_end_before(text, end) if end < len(text) else len(text)
    prefix = _ELLIPSIS + " " if start > 0 else ""
    suffix = " " + _ELLIPSIS if end < len(text) else ""
    return mark_safe(prefix + _render(text, hits, start, end) + suffix)  # noqa: S308
