"""Danish text analysis: the one place that turns text into search terms.

Indexing and querying both go through here, and the databases only ever see the terms this
module produced. That is what makes SQLite and PostgreSQL agree on what matches: neither
tokenises, folds or stems anything itself.

The steps, in order:

1. Unicode NFC and ``casefold`` — case-blind, but å, æ, ø and é stay what they are. "år" and
   "ar" are different words in Danish, so nothing is ever folded to a/ae/o.
2. Words are runs of letters and ASCII digits; one-letter words and stop words are dropped.
3. Snowball Danish stemming (PyStemmer): "borgerne" and "borger" share the stem "borg".
4. Compound splitting against a lexicon of word parts (``data/compound_heads.txt``), with the
   linking letters s and e and inflected last parts: "hjemmeplejen" → hjemme + plejen, so
   "pleje" finds it. Parts are indexed next to the whole word's stem.
5. Query side only: synonyms and abbreviations from ``data/synonyms.txt`` and, for a compound
   the documents may spell apart, its parts ("plejerobot" also matches "robot … pleje").
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Literal

import Stemmer

DATA_DIR = Path(__file__).resolve().parent / "data"

#: Longer "words" are identifiers, hashes or run-together garbage; nobody searches for them.
MAX_WORD_LENGTH = 40

# Runs of letters and digits. The wider class also takes signs like "²" that SQLite's FTS5
# tokenizer would not treat as part of a word; those rare runs are cut up in _clean_runs.
_WORD = re.compile(r"[^\W_]+")


def normalise(text: str) -> str:
    """NFC, so that "å" typed as a + combining ring is the same letter as "å"."""
    return unicodedata.normalize("NFC", text)


def fold(word: str) -> str:
    """Case-blind form of a word. ``casefold`` keeps å/æ/ø/é: only case is removed."""
    return normalise(word).casefold()


def _read_list(name: str) -> list[str]:
    lines = []
    for raw in (DATA_DIR / name).read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].strip()
        if line:
            lines.append(normalise(line))
    return lines


STOP_WORDS: frozenset[str] = frozenset(fold(word) for word in _read_list("stopwords.txt"))


# --------------------------------------------------------------------------------------------
# Tokens


@dataclass(frozen=True, slots=True)
class Token:
    """A word of the (NFC-normalised) text: its case-folded form and where it stands."""

    word: str
    start: int
    end: int


def _clean_runs(text: str, offset: int) -> Iterator[tuple[str, int]]:
    """The pieces of a run that are letters or digits only, with their offsets."""
    start = None
    for position, char in enumerate(text):
        if char.isalpha() or char.isdecimal():
            if start is None:
                start = position
        elif start is not None:
            yield text[start:position], offset + start
            start = None
    if start is not None:
        yield text[start:], offset + start


def _keep(word: str) -> bool:
    return 1 < len(word) <= MAX_WORD_LENGTH and word not in STOP_WORDS


def tokens(text: str) -> Iterator[Token]:
    """Every word of ``text`` worth indexing, with offsets into ``normalise(text)``."""
    for match in _WORD.finditer(normalise(text)):
        raw = match.group()
        if raw.isalpha() or raw.isdecimal():
            word = raw.casefold()
            if _keep(word):
                yield Token(word, match.start(), match.end())
            continue
        for piece, start in _clean_runs(raw, match.start()):
            word = piece.casefold()
            if _keep(word):
                yield Token(word, start, start + len(piece))


def words(text: str) -> list[str]:
    """The words of ``text`` as ``tokens`` gives them, without offsets (the fast path for
    indexing)."""
    found: list[str] = []
    append = found.append
    for raw in _WORD.findall(normalise(text).casefold()):
        if raw.isalpha() or raw.isdecimal():
            if 1 < len(raw) <= MAX_WORD_LENGTH and raw not in STOP_WORDS:
                append(raw)
        else:
            found.extend(piece for piece, _start in _clean_runs(raw, 0) if _keep(piece))
    return found


# --------------------------------------------------------------------------------------------
# Stemming


_local = threading.local()


def _stemmer() -> Stemmer.Stemmer:
    # A PyStemmer object must not be shared between threads.
    stemmer = getattr(_local, "stemmer", None)
    if stemmer is None:
        stemmer = _local.stemmer = Stemmer.Stemmer("danish")
    return stemmer


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """The Snowball Danish stem of a case-folded word (digits stay as they are)."""
    if word.isdigit():
        return word
    return str(_stemmer().stemWord(word))


# --------------------------------------------------------------------------------------------
# Compound splitting

# Endings the last part of a compound may carry: "plejen", "robotterne", "teknologiens".
_INFLECTIONS = tuple(
    sorted(
        {
            "e", "n", "r", "s", "t",
            "en", "er", "et", "es", "ne", "ns", "rs", "ts",
            "ene", "ens", "ers", "ets", "nes", "isk", "ske",
            "erne", "enes", "ende", "iske",
            "ernes", "endes",
        },
        key=lambda suffix: (-len(suffix), suffix),
    )
)  # fmt: skip
_LINKING_LETTERS = ("s", "e")
_MIN_PART = 3
# A part this short is only trusted when the rest of the word is a known part too.
_SHORT_PART = 4
_MIN_COMPOUND = 6


@dataclass(frozen=True)
class Split:
    """A compound's parts as they are spelt in it ("hjemme", "plejen"), and whether every part
    was found in the lexicon (a head alone, like "robot" in "spiserobot", is still useful for
    indexing but too weak to stand in for the whole word in a query)."""

    parts: tuple[str, ...]
    complete: bool


_NO_SPLIT = Split((), False)


class CompoundSplitter:
    """Splits Danish compounds with a lexicon of word parts.

    The last part (the head) decides what the word is about, so it must be in the lexicon, with
    or without an inflectional ending. The modifier in front is a known part (possibly with a
    linking s or e, or itself a compound), or — when the head is long enough to be unambiguous —
    anything of three letters or more. The lexicon alone decides, not the index vocabulary, so
    a word is split the same way whatever else has been indexed and in whatever order.
    """

    def __init__(self, lexicon: Sequence[str]) -> None:
        self.lexicon = frozenset(fold(word) for word in lexicon if len(word) >= _MIN_PART)

    def base(self, piece: str) -> str | None:
        """The lexicon word ``piece`` is an inflected form of, if any."""
        if piece in self.lexicon:
            return piece
        for ending in _INFLECTIONS:
            if len(piece) - len(ending) < _MIN_PART or not piece.endswith(ending):
                continue
            root = piece[: -len(ending)]
            if root in self.lexicon:
                return root
            if root + "e" in self.lexicon:  # pleje → plej-en
                return root + "e"
            if len(root) > _MIN_PART and root[-1] == root[-2] and root[:-1] in self.lexicon:
                return root[:-1]  # robot → robott-er, hjem → hjemm-et
        return None

    def _modifier(self, rest: str) -> tuple[tuple[str, ...], bool]:
        candidates = [rest]
        if rest.endswith(_LINKING_LETTERS) and len(rest) > _MIN_PART:
            candidates.append(rest[:-1])
        for candidate in candidates:
            if candidate in self.lexicon or candidate + "e" in self.lexicon:
                return (candidate,), True
        for candidate in candidates:
            inner = self.split(candidate)
            if inner.complete:
                return (*inner.parts, candidate), True
        return (rest,), False

    @lru_cache(maxsize=100_000)  # noqa: B019 — the splitter lives as long as the process
    def split(self, word: str) -> Split:
        if len(word) < _MIN_COMPOUND or self.base(word) is not None:
            return _NO_SPLIT
        fallback = _NO_SPLIT
        # Longest head first: "sundhedsplatform" is sundhed + platform, not sundhedsplat + form.
        for cut in range(_MIN_PART, len(word) - _MIN_PART + 1):
            head = word[cut:]
            if self.base(head) is None:
                continue
            modifier, known = self._modifier(word[:cut])
            if known:
                return Split((*modifier, head), True)
            if fallback is _NO_SPLIT and len(head) > _SHORT_PART:
                # Unknown modifier ("spise" in "spiserobot"): the head is trusted, and a known
                # word the modifier begins with ("robot" in "robotgræsslåmaskine").
                leading = self._leading_part(word[:cut], _MIN_PART)
                fallback = Split((*leading, head), False)
        if fallback is not _NO_SPLIT:
            return fallback
        # Known modifier, unknown head ("robot" in "robotstøvsugere"): both long enough not to
        # be a chance match, and only the modifier is kept.
        leading = self._leading_part(word, _SHORT_PART + 1)
        return Split(leading, False) if leading else _NO_SPLIT

    def _leading_part(self, text: str, rest_at_least: int) -> tuple[str, ...]:
        """The longest known word of five letters or more that ``text`` begins with, when
        at least ``rest_at_least`` letters follow it."""
        for cut in range(len(text) - rest_at_least, _SHORT_PART, -1):
            rest = text[:cut]
            for candidate in (rest, rest[:-1] if rest.endswith(_LINKING_LETTERS) else ""):
                if len(candidate) > _SHORT_PART and candidate in self.lexicon:
                    return (candidate,)
        return ()


SPLITTER = CompoundSplitter(_read_list("compound_heads.txt"))


@dataclass(frozen=True, slots=True)
class WordAnalysis:
    """A word's stem and the stems of its compound parts (without the stem itself)."""

    stem: str
    parts: tuple[str, ...]
    complete: bool


@lru_cache(maxsize=200_000)
def analyse_word(word: str) -> WordAnalysis:
    """``word`` must already be case-folded (as ``tokens`` yields it)."""
    own = stem(word)
    split = SPLITTER.split(word)
    parts: list[str] = []
    for part in split.parts:
        if part in STOP_WORDS:
            continue
        part_stem = stem(part)
        if part_stem != own and part_stem not in parts:
            parts.append(part_stem)
    return WordAnalysis(own, tuple(parts), split.complete and len(parts) >= 2)


_TERM_SETS: dict[str, frozenset[str]] = {}


def term_set(word: str) -> frozenset[str]:
    """Every term a word is indexed under: its stem and its parts' stems."""
    found = _TERM_SETS.get(word)
    if found is None:
        analysis = analyse_word(word)
        found = frozenset((analysis.stem, *analysis.parts))
        if len(_TERM_SETS) > 200_000:  # bounded like the other caches
            _TERM_SETS.clear()
        _TERM_SETS[word] = found
    return found


# --------------------------------------------------------------------------------------------
# Synonyms


def _phrase(text: str) -> tuple[str, ...]:
    return tuple(stem(word) for word in words(text))


@dataclass(frozen=True)
class Thesaurus:
    """Synonyms and abbreviations, keyed by the stems of a phrase."""

    expansions: dict[tuple[str, ...], tuple[tuple[str, ...], ...]]
    longest: int

    @classmethod
    def parse(cls, lines: Sequence[str]) -> Thesaurus:
        found: dict[tuple[str, ...], list[tuple[str, ...]]] = {}

        def add(source: tuple[str, ...], targets: Sequence[tuple[str, ...]]) -> None:
            known = found.setdefault(source, [])
            for target in targets:
                if target and target != source and target not in known:
                    known.append(target)

        for line in lines:
            if "=>" in line:
                left, right = line.split("=>", 1)
                sources = [_phrase(part) for part in left.split(",")]
                targets = [_phrase(part) for part in right.split(",")]
                for source in sources:
                    if source:
                        add(source, targets)
            else:
                group = [_phrase(part) for part in line.split(",")]
                for source in group:
                    if source:
                        add(source, group)
        expansions = {key: tuple(value) for key, value in found.items() if value}
        return cls(expansions, max((len(key) for key in expansions), default=1))

    def lookup(self, stems: Sequence[str]) -> tuple[tuple[str, ...], ...]:
        return self.expansions.get(tuple(stems), ())


THESAURUS = Thesaurus.parse(_read_list("synonyms.txt"))


# --------------------------------------------------------------------------------------------
# Documents


@dataclass
class FieldCounts:
    """How often each word occurs in a document's three fields."""

    counts: dict[str, list[int]] = field(default_factory=dict)

    def add(self, text: str, field_index: int) -> None:
        counts = self.counts
        for word, number in Counter(words(text)).items():
            entry = counts.get(word)
            if entry is None:
                entry = counts[word] = [0, 0, 0]
            entry[field_index] += number

    def terms(self) -> list[str]:
        """The document's index terms, sorted: what FTS5 and the tsvector hold."""
        found: set[str] = set()
        for word in self.counts:
            found.update(term_set(word))
        return sorted(found)


TITLE, SUMMARY, BODY = 0, 1, 2


def analyse_fields(title: str, summary: str, body: str) -> FieldCounts:
    counts = FieldCounts()
    counts.add(title, TITLE)
    counts.add(summary, SUMMARY)
    counts.add(body, BODY)
    return counts


# --------------------------------------------------------------------------------------------
# Queries

#: How much a match through a synonym or through a compound's parts counts, against the word
#: itself (1.0). A document that uses the searched word ranks above one that only uses a synonym.
SYNONYM_WEIGHT = 0.8
PARTS_WEIGHT = 0.6


@dataclass(frozen=True)
class Alternative:
    """One way to satisfy a query word: every term must be in the document. ``source`` says
    where it came from: the word itself, a synonym, or the parts of a compound."""

    terms: tuple[str, ...]
    weight: float
    source: Literal["word", "synonym", "parts"] = "word"


@dataclass(frozen=True)
class TermGroup:
    """One word of the query (or a phrase with synonyms): at least one alternative must match."""

    text: str
    alternatives: tuple[Alternative, ...]
    start: int
    end: int

    @property
    def terms(self) -> frozenset[str]:
        return frozenset(term for alt in self.alternatives for term in alt.terms)


@dataclass(frozen=True)
class QueryPlan:
    """A query after analysis: every group must match (AND), any alternative of a group (OR)."""

    words: tuple[Token, ...]
    groups: tuple[TermGroup, ...]

    @property
    def empty(self) -> bool:
        return not self.groups

    @property
    def terms(self) -> frozenset[str]:
        """Every term the query can match, for highlighting."""
        found: set[str] = set()
        for group in self.groups:
            found |= group.terms
        return frozenset(found)

    def narrowed(self, known: Callable[[str], bool]) -> QueryPlan:
        """The plan without the compound-parts alternatives of words the index knows whole.

        "plejerobot" may be written "robot til pleje", so when no document has the compound
        its parts stand in for it; but once documents use the word itself, the parts would
        only add noise ("plejehjem" for "hjemmepleje")."""
        groups = []
        for group in self.groups:
            own_known = all(known(term) for term in group.alternatives[0].terms)
            kept = tuple(
                alt for alt in group.alternatives if not (alt.source == "parts" and own_known)
            )
            groups.append(TermGroup(group.text, kept, group.start, group.end))
        return QueryPlan(self.words, tuple(groups))


def analyse_query(text: str) -> QueryPlan:
    found = tuple(tokens(text))
    stems = [stem(token.word) for token in found]
    groups: list[TermGroup] = []
    position = 0
    while position < len(found):
        length = 1
        synonyms: tuple[tuple[str, ...], ...] = ()
        for size in range(min(THESAURUS.longest, len(found) - position), 0, -1):
            synonyms = THESAURUS.lookup(stems[position : position + size])
            if synonyms:
                length = size
                break
        own = tuple(stems[position : position + length])
        alternatives = [Alternative(own, 1.0)]
        alternatives += [
            Alternative(tuple(dict.fromkeys(syn)), SYNONYM_WEIGHT, "synonym") for syn in synonyms
        ]
        if length == 1:
            analysis = analyse_word(found[position].word)
            if analysis.complete:
                alternatives.append(Alternative(analysis.parts, PARTS_WEIGHT, "parts"))
        unique: dict[tuple[str, ...], Alternative] = {}
        for alt in alternatives:
            unique.setdefault(tuple(dict.fromkeys(alt.terms)), alt)
        surface = " ".join(token.word for token in found[position : position + length])
        groups.append(
            TermGroup(
                surface,
                tuple(Alternative(terms, alt.weight, alt.source) for terms, alt in unique.items()),
                position,
                position + length,
            )
        )
        position += length
    return QueryPlan(found, tuple(groups))


# --------------------------------------------------------------------------------------------
# Sorting titles

# Case-blind, with æ, ø and å after z in that order (and ä/ö with æ/ø), on any platform.
_DANISH_ORDER = str.maketrans({"æ": "{", "ä": "{", "ø": "|", "ö": "|", "å": "}"})


def title_sort_key(title: str) -> str:
    return fold(title).translate(_DANISH_ORDER)
