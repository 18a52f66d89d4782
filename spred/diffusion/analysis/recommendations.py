"""Peer recommendations: solutions that organisations like this one use and it does not.

Pure computation (numpy and sets; no database access): the selectors in
``selectors.recommendations`` load the open ledger, turn it into arrays with ``prepare`` (kept
between requests until the ledger changes) and answer for one organisation with
``recommend_from``; ``recommend`` does both at once.

What counts
    A peer *uses* a solution when its verified adoption's current status is one of
    ``IN_USE_STATUSES`` (afprøver, i drift, udbredt) — the same word the reasons use ("14 af 20
    kommuner … bruger …"), so every count in a sentence is a count of current users. An
    adoption that was *stopped* after adopting counts against the solution (a peer tried it and
    gave up); "overvejer" alone counts for nothing. Only the open ledger (verified adoptions of
    public solutions) is used, so the page looks the same to everyone and never leaks a pending
    record or a draft.

Who is similar to whom (the *signals*)
    * kind: municipalities with municipalities, regions with regions, state organisations with
      state organisations, public workplaces with workplaces of the same sector;
    * size (municipalities only): the population bands in ``SIZE_BANDS``;
    * neighbours (municipalities only): the ``NEIGHBOURS`` municipalities nearest to it;
    * region (municipalities and regions): the municipalities in the organisation's region;
    * co-adoption: the organisations of the same kind, weighted by the Jaccard similarity of
      their sets of solutions in use with the organisation's own.

    A solution is recommended only when at least ``MIN_USERS`` organisations of one of the
    groups use it.

Score
    ``sum(weight * k / (n + 2))`` over the group signals (k users among n peers; the + 2 keeps
    "1 of 1" from outranking "14 of 20"), plus the co-adoption term
    ``CO_ADOPTION_WEIGHT * sum(J * uses) / (sum(J) + 1)``, minus
    ``STOPPED_WEIGHT * stopped / (n_kind + 2)``. Ties are broken by the solution's name (Danish
    order), then its id, so the list is the same on every run.

Never recommended
    a solution the organisation has any record of (also considering or stopped: a stopped
    solution is history, not a suggestion), a solution it provides itself, and anything not
    ``recommendable`` (the selectors pass published solutions only).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from itertools import chain

import numpy as np
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from spred.organisations.identifiers import danish_sort_key

MUNICIPALITY = "municipality"
REGION = "region"
STATE = "state"
WORKPLACE = "workplace"  # followed by ":<sector>" in a group key

#: Population bands for municipalities: [low, high) in inhabitants; None is open-ended.
SIZE_BANDS: tuple[tuple[int, int | None], ...] = (
    (0, 30_000),
    (30_000, 50_000),
    (50_000, 100_000),
    (100_000, None),
)
NEIGHBOURS = 6
#: The fewest current users in some peer group for a solution to be recommended.
MIN_USERS = 2

SIZE_WEIGHT = 1.0
NEIGHBOUR_WEIGHT = 1.0
REGION_WEIGHT = 0.5
KIND_WEIGHT = 0.5
CO_ADOPTION_WEIGHT = 1.5
STOPPED_WEIGHT = 1.0

EARTH_RADIUS_KM = 6371.0088


@dataclass(frozen=True)
class Peer:
    """An organisation as the recommender sees it."""

    id: int
    name: str
    #: The kind group (``MUNICIPALITY``, ``REGION``, ``STATE``, ``"workplace:<sector>"``);
    #: None for an organisation that cannot adopt.
    group: str | None
    region_id: int | None = None
    region_name: str = ""
    population: int | None = None
    latitude: float | None = None
    longitude: float | None = None


@dataclass(frozen=True)
class Item:
    """A solution: its name (for the reasons and the tie-break) and who provides it."""

    id: int
    name: str
    provider_id: int | None = None
    recommendable: bool = True


@dataclass(frozen=True)
class Suggestion:
    solution_id: int
    score: float
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class Profile:
    """Who the organisation was compared with — shown on the page so the reasons can be
    checked."""

    group: str | None
    kind_peers: int = 0
    size_band: str = ""
    size_peers: int = 0
    region_name: str = ""
    region_peers: int = 0
    neighbours: tuple[str, ...] = ()
    own_in_use: int = 0


@dataclass(frozen=True)
class Outcome:
    profile: Profile
    suggestions: tuple[Suggestion, ...] = field(default_factory=tuple)


def size_band(population: int | None) -> int | None:
    """The index into ``SIZE_BANDS`` of a population, or None when it is unknown."""
    if population is None:
        return None
    for index, (low, high) in enumerate(SIZE_BANDS):
        if population >= low and (high is None or population < high):
            return index
    return None


def size_band_label(index: int) -> str:
    low, high = SIZE_BANDS[index]
    if low == 0 and high is not None:
        return _("under %(high)s indbyggere") % {"high": _thousands(high)}
    if high is None:
        return _("%(low)s indbyggere eller flere") % {"low": _thousands(low)}
    return _("%(low)s–%(high)s indbyggere") % {"low": _thousands(low), "high": _thousands(high)}


def _thousands(value: int) -> str:
    # Grouped the active language's way: 10.000 in Danish, 10,000 in English.
    return number_format(value, force_grouping=True)


def haversine_km(lat: float, lon: float, lats: np.ndarray, lons: np.ndarray) -> np.ndarray:
    """Great-circle distances in km from one point to many."""
    phi1, phi2 = np.radians(lat), np.radians(lats)
    dphi = phi2 - phi1
    dlambda = np.radians(lons) - np.radians(lon)
    a = np.sin(dphi / 2) ** 2 + np.cos(phi1) * np.cos(phi2) * np.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))


# -- the reasons ---------------------------------------------------------------------------
# One function per sentence, so each Danish sentence is whole for the translators.


def _kind_reason(group: str, k: int, n: int, it: str) -> str:
    values = {"k": k, "n": n, "it": it}
    if group == MUNICIPALITY:
        text = ngettext(
            "%(k)d af %(n)d anden kommune bruger %(it)s",
            "%(k)d af %(n)d andre kommuner bruger %(it)s",
            n,
        )
    elif group == REGION:
        text = ngettext(
            "%(k)d af %(n)d anden region bruger %(it)s",
            "%(k)d af %(n)d andre regioner bruger %(it)s",
            n,
        )
    elif group == STATE:
        text = ngettext(
            "%(k)d af %(n)d anden statslig organisation bruger %(it)s",
            "%(k)d af %(n)d andre statslige organisationer bruger %(it)s",
            n,
        )
    else:
        text = ngettext(
            "%(k)d af %(n)d anden offentlig arbejdsplads bruger %(it)s",
            "%(k)d af %(n)d andre offentlige arbejdspladser bruger %(it)s",
            n,
        )
    return text % values


def _size_reason(k: int, n: int, it: str) -> str:
    return ngettext(
        "%(k)d af %(n)d kommune på jeres størrelse bruger %(it)s",
        "%(k)d af %(n)d kommuner på jeres størrelse bruger %(it)s",
        n,
    ) % {"k": k, "n": n, "it": it}


def _neighbour_reason(k: int, n: int, it: str) -> str:
    return ngettext(
        "%(k)d af jeres %(n)d nabokommune bruger %(it)s",
        "%(k)d af jeres %(n)d nabokommuner bruger %(it)s",
        n,
    ) % {"k": k, "n": n, "it": it}


def _region_reason(region: str, k: int) -> str:
    return ngettext(
        "Brugt i %(region)s af %(k)d kommune",
        "Brugt i %(region)s af %(k)d kommuner",
        k,
    ) % {"region": region, "k": k}


def _co_adoption_reason(k: int, n: int, anchor: str, it: str) -> str:
    return ngettext(
        "%(k)d af %(n)d organisation, der som jer bruger %(anchor)s, bruger også %(it)s",
        "%(k)d af %(n)d organisationer, der som jer bruger %(anchor)s, bruger også %(it)s",
        n,
    ) % {"k": k, "n": n, "anchor": anchor, "it": it}


def _stopped_reason(group: str, k: int) -> str:
    if group == MUNICIPALITY:
        text = ngettext(
            "%(k)d anden kommune er stoppet med den igen",
            "%(k)d andre kommuner er stoppet med den igen",
            k,
        )
    elif group == REGION:
        text = ngettext(
            "%(k)d anden region er stoppet med den igen",
            "%(k)d andre regioner er stoppet med den igen",
            k,
        )
    elif group == STATE:
        text = ngettext(
            "%(k)d anden statslig organisation er stoppet med den igen",
            "%(k)d andre statslige organisationer er stoppet med den igen",
            k,
        )
    else:
        text = ngettext(
            "%(k)d anden offentlig arbejdsplads er stoppet med den igen",
            "%(k)d andre offentlige arbejdspladser er stoppet med den igen",
            k,
        )
    return text % {"k": k}


# -- the computation -----------------------------------------------------------------------
# In two steps so the selectors can keep the first between requests: ``prepare`` turns the
# open ledger into arrays (the part that grows with the ledger), ``recommend_from`` answers
# for one organisation from them (a few matrix-vector products).


def _pairs(rows: Iterable[tuple[int, int]] | np.ndarray) -> np.ndarray:
    if isinstance(rows, np.ndarray):
        return rows.astype(np.int64, copy=False).reshape(-1, 2)
    return np.fromiter(chain.from_iterable(rows), dtype=np.int64).reshape(-1, 2)


def _matrix(
    pairs: np.ndarray, org_ids: np.ndarray, item_ids: np.ndarray, shape: tuple[int, int]
) -> np.ndarray:
    """A boolean organisations × solutions matrix from (organisation id, solution id) pairs;
    pairs naming an organisation or solution outside the world are dropped."""
    matrix = np.zeros(shape, dtype=bool)
    if not len(pairs) or not len(org_ids) or not len(item_ids):
        return matrix
    rows = np.searchsorted(org_ids, pairs[:, 0])
    cols = np.searchsorted(item_ids, pairs[:, 1])
    rows_ok = rows < len(org_ids)
    cols_ok = cols < len(item_ids)
    ok = rows_ok & cols_ok
    ok[ok] &= (org_ids[rows[ok]] == pairs[ok, 0]) & (item_ids[cols[ok]] == pairs[ok, 1])
    matrix[rows[ok], cols[ok]] = True
    return matrix


@dataclass(frozen=True, eq=False)
class Ledger:
    """The open ledger as arrays: organisations (rows, by id) × solutions (columns, by id).

    Everything here is the same for every organisation asked about, so it can be kept until
    the ledger changes. Treat the arrays as read-only."""

    orgs: tuple[Peer, ...]
    org_ids: np.ndarray  # sorted
    items: tuple[Item, ...]  # by id
    item_ids: np.ndarray  # sorted
    #: 1.0 where the organisation uses the solution (float32: the products go through BLAS).
    matrix: np.ndarray
    row_sums: np.ndarray
    #: Stopped after adopting, and not in use.
    gave_up: np.ndarray
    groups: np.ndarray  # object: the kind group, "" for none
    is_municipality: np.ndarray
    bands: np.ndarray  # size band index, -1 when unknown
    region_ids: np.ndarray  # -1 when none
    #: Municipalities with coordinates, and their coordinates.
    located: np.ndarray
    lats: np.ndarray
    lons: np.ndarray
    name_rank: np.ndarray  # each item's position in Danish name order
    recommendable: np.ndarray
    provider_ids: np.ndarray  # -1 when none


def prepare(
    *,
    peers: Sequence[Peer],
    items: Sequence[Item],
    in_use: Iterable[tuple[int, int]] | np.ndarray,
    stopped: Iterable[tuple[int, int]] | np.ndarray = (),
) -> Ledger:
    """The arrays ``recommend_from`` works on. ``in_use`` and ``stopped`` are (organisation id,
    solution id) pairs from the open ledger (sequences of pairs or an n × 2 integer array);
    pairs outside ``peers`` × ``items`` are dropped."""
    by_id = {p.id: p for p in peers}
    order = sorted(by_id)
    org_ids = np.array(order, dtype=np.int64)
    orgs = tuple(by_id[i] for i in order)
    items_sorted = tuple(sorted({i.id: i for i in items}.values(), key=lambda i: i.id))
    item_ids = np.array([i.id for i in items_sorted], dtype=np.int64)
    shape = (len(orgs), len(items_sorted))
    uses = _matrix(_pairs(in_use), org_ids, item_ids, shape)
    gave_up = _matrix(_pairs(stopped), org_ids, item_ids, shape) & ~uses
    matrix = uses.astype(np.float32)

    groups = np.array([p.group or "" for p in orgs], dtype=object)
    is_municipality = groups == MUNICIPALITY
    bands = np.array([_or_minus_one(size_band(p.population)) for p in orgs], dtype=np.int64)
    region_ids = np.array([_or_minus_one(p.region_id) for p in orgs], dtype=np.int64)
    located = np.array(
        [
            index
            for index, p in enumerate(orgs)
            if p.group == MUNICIPALITY and p.latitude is not None and p.longitude is not None
        ],
        dtype=np.int64,
    )
    lats = np.array([orgs[i].latitude for i in located], dtype=np.float64)
    lons = np.array([orgs[i].longitude for i in located], dtype=np.float64)
    return Ledger(
        orgs=orgs,
        org_ids=org_ids,
        items=items_sorted,
        item_ids=item_ids,
        matrix=matrix,
        row_sums=matrix.sum(axis=1),
        gave_up=gave_up,
        groups=groups,
        is_municipality=is_municipality,
        bands=bands,
        region_ids=region_ids,
        located=located,
        lats=lats,
        lons=lons,
        name_rank=_name_ranks(items_sorted),
        recommendable=np.array([i.recommendable for i in items_sorted], dtype=bool),
        provider_ids=np.array([_or_minus_one(i.provider_id) for i in items_sorted], np.int64),
    )


def with_changes(ledger: Ledger, changes: Iterable[tuple[int, int, bool, bool]]) -> Ledger:
    """``ledger`` with some cells set anew: (organisation id, solution id, in use, stopped)
    for adoptions that were added or changed. Cells outside the ledger are ignored, as in
    ``prepare``; the given ledger is left as it was (others may be reading it)."""
    matrix = ledger.matrix.copy()
    gave_up = ledger.gave_up.copy()
    for organisation_id, solution_id, in_use, stopped in changes:
        row = int(np.searchsorted(ledger.org_ids, organisation_id))
        col = int(np.searchsorted(ledger.item_ids, solution_id))
        if row >= len(ledger.org_ids) or ledger.org_ids[row] != organisation_id:
            continue
        if col >= len(ledger.item_ids) or ledger.item_ids[col] != solution_id:
            continue
        matrix[row, col] = 1.0 if in_use else 0.0
        gave_up[row, col] = stopped and not in_use
    return replace(ledger, matrix=matrix, row_sums=matrix.sum(axis=1), gave_up=gave_up)


def _or_minus_one(value: int | None) -> int:
    return -1 if value is None else value


def recommend(
    *,
    target_id: int,
    peers: Sequence[Peer],
    items: Sequence[Item],
    in_use: Iterable[tuple[int, int]] | np.ndarray,
    stopped: Iterable[tuple[int, int]] | np.ndarray = (),
    exclude: Iterable[int] = (),
    location: tuple[float, float] | None = None,
    limit: int = 10,
) -> Outcome:
    """Recommendations for the organisation ``target_id`` (one of ``peers``).

    ``in_use`` and ``stopped`` are (organisation id, solution id) pairs from the open ledger;
    ``exclude`` the solutions the organisation has any record of; ``location`` its
    (latitude, longitude) when it has no coordinates of its own (e.g. its parent's).
    """
    ledger = prepare(peers=peers, items=items, in_use=in_use, stopped=stopped)
    return recommend_from(
        ledger, target_id=target_id, exclude=exclude, location=location, limit=limit
    )


def recommend_from(
    ledger: Ledger,
    *,
    target_id: int,
    exclude: Iterable[int] = (),
    location: tuple[float, float] | None = None,
    limit: int = 10,
) -> Outcome:
    """``recommend`` on a prepared ledger."""
    t = int(np.searchsorted(ledger.org_ids, target_id))
    if t >= len(ledger.orgs) or ledger.org_ids[t] != target_id:
        return Outcome(Profile(group=None))
    target = ledger.orgs[t]
    if target.group is None:
        return Outcome(Profile(group=None))

    matrix = ledger.matrix
    n_orgs = len(ledger.orgs)
    others = np.ones(n_orgs, dtype=bool)
    others[t] = False

    kind = (ledger.groups == target.group) & others
    size = np.zeros(n_orgs, dtype=bool)
    band = size_band(target.population) if target.group == MUNICIPALITY else None
    if band is not None:
        size = ledger.is_municipality & (ledger.bands == band) & others
    region = np.zeros(n_orgs, dtype=bool)
    # The region's municipalities are peers of a municipality and of the region itself; a
    # hospital ward or a nursing home is compared with workplaces like it instead.
    if target.region_id is not None and target.group in {MUNICIPALITY, REGION}:
        region = ledger.is_municipality & (ledger.region_ids == target.region_id) & others
    neighbours, neighbour_names = _neighbours(ledger, t, target, location)

    mine_f = matrix[t]
    mine = mine_f > 0

    # Co-adoption: Jaccard similarity of the sets in use, over the organisations of the same
    # kind — a ministry that uses what municipalities use is not thereby like them.
    common = matrix @ mine_f
    union = ledger.row_sums + mine_f.sum() - common
    jaccard = np.divide(common, union, out=np.zeros(n_orgs, dtype=np.float32), where=union > 0)
    jaccard[~kind] = 0.0
    co_score = (jaccard @ matrix) / (float(jaccard.sum()) + 1.0)

    def counts(mask: np.ndarray) -> tuple[np.ndarray, int]:
        return np.rint(mask.astype(np.float32) @ matrix).astype(np.int64), int(mask.sum())

    kind_k, kind_n = counts(kind)
    size_k, size_n = counts(size)
    region_k, region_n = counts(region)
    near_k, near_n = counts(neighbours)
    stopped_k = ledger.gave_up[kind].sum(axis=0, dtype=np.int64)

    score = (
        KIND_WEIGHT * kind_k / (kind_n + 2)
        + SIZE_WEIGHT * size_k / (size_n + 2)
        + REGION_WEIGHT * region_k / (region_n + 2)
        + NEIGHBOUR_WEIGHT * near_k / (near_n + 2)
        + CO_ADOPTION_WEIGHT * co_score.astype(np.float64)
        - STOPPED_WEIGHT * stopped_k / (kind_n + 2)
    )
    score = np.round(score, 6)  # float32 noise must not decide an order
    # A recommendation rests on at least MIN_USERS organisations of some group: "1 af 25" is
    # one organisation's choice, not a pattern.
    support = np.maximum.reduce([kind_k, size_k, region_k, near_k])

    allowed = ledger.recommendable & (ledger.provider_ids != target_id)
    excluded = np.fromiter(set(exclude), dtype=np.int64)
    if len(excluded):
        allowed &= ~np.isin(ledger.item_ids, excluded)
    candidates = np.flatnonzero(allowed & ~mine & (support >= MIN_USERS) & (score > 0))
    name_rank = ledger.name_rank
    # Best score first; ties by Danish name order, then id (items are sorted by id).
    candidates = candidates[np.lexsort((candidates, name_rank[candidates], -score[candidates]))]
    chosen = candidates[: max(limit, 0)]

    # Item-based co-adoption counts for the reasons: of those (other than us) using a solution
    # we use, how many also use the candidate.
    anchors = np.flatnonzero(mine)
    anchor_users = matrix[:, anchors] * kind[:, None]
    anchor_n = np.rint(anchor_users.sum(axis=0)).astype(np.int64)
    # anchors × chosen, a column at a time: the one matrix product here is small, and BLAS
    # spreads a matrix-matrix product over threads, which costs more than it saves (0.5 ms
    # instead of 25 µs on two busy cores); matrix-vector products stay on one thread.
    both = np.zeros((len(anchors), len(chosen)), dtype=np.int64)
    for position, j in enumerate(chosen):
        both[:, position] = np.rint(matrix[:, j] @ anchor_users)

    suggestions = []
    for position, j in enumerate(chosen):
        item = ledger.items[j]
        # (weight of the signal for this solution, fixed order for ties, the signal)
        signals: list[tuple[float, int, _Signal]] = []
        if size_n and size_k[j]:
            signals.append(_weighed(SIZE_WEIGHT, 0, _Signal("size", int(size_k[j]), size_n)))
        if near_n and near_k[j]:
            signals.append(_weighed(NEIGHBOUR_WEIGHT, 1, _Signal("near", int(near_k[j]), near_n)))
        if len(anchors):
            best = _best_anchor(anchors, anchor_n, both[:, position], name_rank)
            if best is not None:
                a, k, n = best
                signal = _Signal("co", k, n, ledger.items[a].name)
                signals.append(_weighed(CO_ADOPTION_WEIGHT, 2, signal))
        if region_n and region_k[j]:
            signals.append(
                _weighed(REGION_WEIGHT, 3, _Signal("region", int(region_k[j]), region_n))
            )
        if kind_n and kind_k[j]:
            signals.append(_weighed(KIND_WEIGHT, 4, _Signal("kind", int(kind_k[j]), kind_n)))
        signals.sort(key=lambda r: (-r[0], r[1]))
        reasons = [
            _sentence(r[2], it=item.name if i == 0 else _("den"), target=target)
            for i, r in enumerate(signals)
        ]
        if stopped_k[j]:
            reasons.append(_stopped_reason(target.group, int(stopped_k[j])))
        suggestions.append(Suggestion(item.id, float(score[j]), tuple(reasons)))

    profile = Profile(
        group=target.group,
        kind_peers=kind_n,
        size_band=size_band_label(band) if band is not None else "",
        size_peers=size_n,
        region_name=target.region_name if target.region_id is not None else "",
        region_peers=region_n,
        neighbours=neighbour_names,
        own_in_use=int(mine.sum()),
    )
    return Outcome(profile, tuple(suggestions))


@dataclass(frozen=True)
class _Signal:
    kind: str  # size, near, co, region, kind
    k: int
    n: int
    anchor: str = ""


def _weighed(weight: float, order: int, signal: _Signal) -> tuple[float, int, _Signal]:
    return round(weight * signal.k / (signal.n + 2), 9), order, signal


def _sentence(signal: _Signal, *, it: str, target: Peer) -> str:
    if signal.kind == "size":
        return _size_reason(signal.k, signal.n, it)
    if signal.kind == "near":
        return _neighbour_reason(signal.k, signal.n, it)
    if signal.kind == "co":
        return _co_adoption_reason(signal.k, signal.n, signal.anchor, it)
    if signal.kind == "region":
        return _region_reason(target.region_name, signal.k)
    return _kind_reason(str(target.group), signal.k, signal.n, it)


def _best_anchor(
    anchors: np.ndarray, anchor_n: np.ndarray, both: np.ndarray, name_rank: np.ndarray
) -> tuple[int, int, int] | None:
    """The solution we use whose users most often also use the candidate: (index, k, n). The
    largest smoothed share wins, then the larger count, then the name."""
    # One organisation's combination is not a pattern (see MIN_USERS).
    found = np.flatnonzero(both >= MIN_USERS)
    if not len(found):
        return None
    share = np.round(both[found] / (anchor_n[found] + 2), 9)
    best = found[np.lexsort((name_rank[anchors[found]], -both[found], -share))[0]]
    return int(anchors[best]), int(both[best]), int(anchor_n[best])


def _name_ranks(items: Sequence[Item]) -> np.ndarray:
    """Each item's position in Danish name order."""
    order = sorted(range(len(items)), key=lambda i: (danish_sort_key(items[i].name), i))
    ranks = np.empty(len(items), dtype=np.int64)
    ranks[order] = np.arange(len(items))
    return ranks


def _neighbours(
    ledger: Ledger, t: int, target: Peer, fallback: tuple[float, float] | None
) -> tuple[np.ndarray, tuple[str, ...]]:
    """The ``NEIGHBOURS`` municipalities nearest the target (row ``t``), as a mask and names
    (nearest first). Only a municipality with a location has neighbours."""
    mask = np.zeros(len(ledger.orgs), dtype=bool)
    if target.group != MUNICIPALITY:
        # Nearness among municipalities says something about a municipality's situation; a
        # ministry in Copenhagen or a hospital ward has nothing in common with the six
        # municipalities around it.
        return mask, ()
    if target.latitude is not None and target.longitude is not None:
        here: tuple[float, float] | None = (target.latitude, target.longitude)
    else:
        here = fallback
    if here is None:
        return mask, ()
    keep = ledger.located != t
    located = ledger.located[keep]
    if not len(located):
        return mask, ()
    distance = haversine_km(here[0], here[1], ledger.lats[keep], ledger.lons[keep])
    orgs = ledger.orgs
    # Nearest first; equal distances by name, so the set is stable.
    ranked = sorted(
        range(len(located)),
        key=lambda i: (round(float(distance[i]), 6), orgs[int(located[i])].name),
    )[:NEIGHBOURS]
    chosen = [int(located[i]) for i in ranked]
    mask[chosen] = True
    return mask, tuple(orgs[i].name for i in chosen)
