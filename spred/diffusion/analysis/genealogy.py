"""The 'lært af' genealogy of a solution: who learned it from whom, and what they adapted.

Nodes are organisations — the solution's (public) adopters and the organisations they name as
sources, which need not be adopters themselves (a municipality can learn from a region that
only described its pilot). An edge runs source → learner. *Roots* are the drawn nodes nobody
taught. Adopters that name no source and taught nobody are *unlinked*: counted, not drawn.

The links are typed in by people, so they can form a cycle (A learned from B, B from A, both
true in their way). A depth-first walk marks the edges that close a cycle; the remaining edges
form a DAG, and a node's *generation* is the longest path to it from a root in that DAG. Cycle
edges are still drawn (dashed) and listed. Nothing here touches the database: the selector
hands in plain nodes and links.
"""

from __future__ import annotations

import dataclasses
import functools
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from spred.diffusion.analysis.tilemap import (
    FONT,
    MUTED,
    NO_DATA_STROKE,
    STATUS_FILLS,
    TEXT,
    format_since,
    status_marker,
)

NODE_WIDTH = 260
NODE_HEIGHT = 46
COLUMN_GAP = 64
ROW_GAP = 14
PAD = 10
NAME_CHARS = 32


@dataclass(frozen=True)
class GenealogyNode:
    key: int  # the organisation's id
    name: str
    url: str = ""
    status: str = ""  # "" when the organisation is not a (public) adopter of the solution
    status_label: str = ""
    adopted_on: date | None = None
    unconfirmed: bool = False
    generation: int = 0

    @property
    def is_adopter(self) -> bool:
        return bool(self.status)

    @property
    def summary(self) -> str:
        """Status and date in words, for lists and hover text."""
        if not self.is_adopter:
            return _("ikke registreret som bruger af løsningen")
        text = self.status_label
        if self.adopted_on:
            text = _("%(status)s, taget i brug %(date)s") % {
                "status": self.status_label,
                "date": format_since(self.adopted_on),
            }
        if self.unconfirmed:
            text += " · " + _("ubekræftet")
        return text


@dataclass(frozen=True)
class GenealogyEdge:
    source: int
    learner: int
    adapted: str = ""
    #: The edge closes a cycle (found by the depth-first walk); it is drawn dashed.
    in_cycle: bool = False


@dataclass(frozen=True)
class Genealogy:
    nodes: tuple[GenealogyNode, ...]  # drawn nodes (in some link), ordered
    edges: tuple[GenealogyEdge, ...]
    roots: tuple[int, ...]
    unlinked: tuple[GenealogyNode, ...] = ()
    title: str = ""
    dom_id: str = "spred-genealogy"

    @property
    def empty(self) -> bool:
        return not self.edges

    @property
    def has_cycle(self) -> bool:
        return any(edge.in_cycle for edge in self.edges)

    @functools.cached_property
    def by_key(self) -> dict[int, GenealogyNode]:
        return {node.key: node for node in self.nodes}

    @property
    def generations(self) -> int:
        return 1 + max((node.generation for node in self.nodes), default=-1)

    @property
    def description(self) -> str:
        nodes = ngettext("%(n)d organisation", "%(n)d organisationer", len(self.nodes)) % {
            "n": len(self.nodes)
        }
        edges = ngettext(
            "%(n)d lært-af-forbindelse", "%(n)d lært-af-forbindelser", len(self.edges)
        ) % {"n": len(self.edges)}
        generations = ngettext("%(n)d generation", "%(n)d generationer", self.generations) % {
            "n": self.generations
        }
        return _("Slægtstræ med %(nodes)s, %(edges)s og %(generations)s.") % {
            "nodes": nodes,
            "edges": edges,
            "generations": generations,
        }

    @property
    def rows(self) -> list[dict[str, Any]]:
        """The table alternative: one row per link, learners in generation order."""
        order = {node.key: index for index, node in enumerate(self.nodes)}
        result = []
        for edge in sorted(self.edges, key=lambda e: (order[e.learner], order[e.source])):
            learner, source = self.by_key[edge.learner], self.by_key[edge.source]
            result.append(
                {
                    "learner": learner,
                    "source": source,
                    "adapted": edge.adapted,
                    "in_cycle": edge.in_cycle,
                    "generation": learner.generation,
                }
            )
        return result

    @functools.cached_property
    def svg(self) -> SafeString:
        # Every text in the drawing went through escape().
        return mark_safe(render_svg(self))  # noqa: S308  # nosec B308, B703

    @functools.cached_property
    def tree_html(self) -> SafeString:
        return tree_html(self)


def build_genealogy(
    nodes: Iterable[GenealogyNode],
    links: Iterable[tuple[int, int, str]],
    *,
    title: str = "",
    dom_id: str = "spred-genealogy",
) -> Genealogy:
    """The genealogy of ``nodes`` (adopters and named sources) and ``links`` (source id,
    learner id, what was adapted). Links to or from unknown nodes, to oneself or repeated are
    dropped."""
    known = {node.key: node for node in nodes}
    seen: set[tuple[int, int]] = set()
    kept: list[tuple[int, int, str]] = []
    for source, learner, adapted in links:
        if source == learner or source not in known or learner not in known:
            continue
        if (source, learner) in seen:
            continue
        seen.add((source, learner))
        kept.append((source, learner, adapted))
    linked = {k for s, t, _a in kept for k in (s, t)}

    def sort_key(node: GenealogyNode) -> tuple[date, str, int]:
        return (node.adopted_on or date.max, node.name, node.key)

    ordered = sorted((known[k] for k in linked), key=sort_key)
    rank = {node.key: index for index, node in enumerate(ordered)}
    unlinked = tuple(sorted((n for k, n in known.items() if k not in linked), key=sort_key))
    out: dict[int, list[int]] = defaultdict(list)
    indegree: dict[int, int] = defaultdict(int)
    for source, learner, _adapted in kept:
        out[source].append(learner)
        indegree[learner] += 1
    for children in out.values():
        children.sort(key=rank.__getitem__)
    roots = [node.key for node in ordered if indegree[node.key] == 0]

    back = _back_edges(roots + [node.key for node in ordered], out)
    generation = _generations([node.key for node in ordered], kept, back, rank)
    edges = tuple(
        GenealogyEdge(source=s, learner=t, adapted=a, in_cycle=(s, t) in back)
        for s, t, a in sorted(kept, key=lambda e: (rank[e[1]], rank[e[0]]))
    )
    drawn = tuple(
        sorted(
            (dataclasses.replace(node, generation=generation[node.key]) for node in ordered),
            key=lambda n: (n.generation, rank[n.key]),
        )
    )
    return Genealogy(
        nodes=drawn,
        edges=edges,
        roots=tuple(roots),
        unlinked=unlinked,
        title=title,
        dom_id=dom_id,
    )


def _back_edges(starts: list[int], out: dict[int, list[int]]) -> set[tuple[int, int]]:
    """Edges that point back to a node still on the depth-first stack: they close a cycle.
    Iterative, so a long chain cannot exhaust Python's recursion limit."""
    state: dict[int, int] = {}  # 1 on the stack, 2 done
    back: set[tuple[int, int]] = set()
    for start in starts:
        if start in state:
            continue
        state[start] = 1
        stack: list[tuple[int, int]] = [(start, 0)]
        while stack:
            node, index = stack[-1]
            children = out.get(node, [])
            if index < len(children):
                stack[-1] = (node, index + 1)
                child = children[index]
                if state.get(child) == 1:
                    back.add((node, child))
                elif child not in state:
                    state[child] = 1
                    stack.append((child, 0))
            else:
                state[node] = 2
                stack.pop()
    return back


def _generations(
    keys: list[int],
    links: list[tuple[int, int, str]],
    back: set[tuple[int, int]],
    rank: dict[int, int],
) -> dict[int, int]:
    """Longest path from a root over the acyclic edges (Kahn's order)."""
    forward: dict[int, list[int]] = defaultdict(list)
    indegree = dict.fromkeys(keys, 0)
    for source, learner, _adapted in links:
        if (source, learner) not in back:
            forward[source].append(learner)
            indegree[learner] += 1
    generation = dict.fromkeys(keys, 0)
    ready = sorted((k for k in keys if indegree[k] == 0), key=rank.__getitem__)
    while ready:
        node = ready.pop(0)
        for child in forward[node]:
            generation[child] = max(generation[child], generation[node] + 1)
            indegree[child] -= 1
            if indegree[child] == 0:
                ready.append(child)
    return generation


# --------------------------------------------------------------------------------------------
# Drawing


def _short(name: str) -> str:
    return name if len(name) <= NAME_CHARS else name[: NAME_CHARS - 1].rstrip() + "…"


def _columns(genealogy: Genealogy) -> dict[int, int]:
    """Node key → drawing column: its generation, except that a node nobody taught stands just
    before the first of its learners (a source that taught only a late adopter would otherwise
    sit far to the left, its arrow crossing the columns between)."""
    column = {node.key: node.generation for node in genealogy.nodes}
    taught = {edge.learner for edge in genealogy.edges if not edge.in_cycle}
    learners: dict[int, list[int]] = defaultdict(list)
    for edge in genealogy.edges:
        if not edge.in_cycle:
            learners[edge.source].append(edge.learner)
    for node in genealogy.nodes:
        if node.key not in taught and learners[node.key]:
            column[node.key] = max(0, min(column[k] for k in learners[node.key]) - 1)
    return column


def _positions(genealogy: Genealogy) -> dict[int, tuple[int, int]]:
    """Node key → (x, y) of its box. Within a column nodes follow the mean row of their
    sources (fewer crossings), then generation and adoption order."""
    column_of = _columns(genealogy)
    columns: dict[int, list[GenealogyNode]] = defaultdict(list)
    for node in genealogy.nodes:
        columns[column_of[node.key]].append(node)
    sources: dict[int, list[int]] = defaultdict(list)
    for edge in genealogy.edges:
        if not edge.in_cycle:
            sources[edge.learner].append(edge.source)
    row_of: dict[int, float] = {}
    position: dict[int, tuple[int, int]] = {}
    for column in sorted(columns):
        members = columns[column]
        order = {node.key: index for index, node in enumerate(members)}

        def weight(node: GenealogyNode, order: dict[int, int] = order) -> tuple[float, int]:
            parents = [row_of[s] for s in sources[node.key] if s in row_of]
            return (sum(parents) / len(parents) if parents else float("inf"), order[node.key])

        if column > 0:
            members = sorted(members, key=weight)
        for index, node in enumerate(members):
            row_of[node.key] = index
            position[node.key] = (
                PAD + column * (NODE_WIDTH + COLUMN_GAP),
                PAD + index * (NODE_HEIGHT + ROW_GAP),
            )
    return position


def render_svg(genealogy: Genealogy) -> str:
    """A layered drawing, generations left to right. Hidden details (the full name, what was
    adapted) are in ``<title>`` hover text; the list beside it carries everything."""
    if genealogy.empty:
        return ""
    position = _positions(genealogy)
    width = max(x for x, _y in position.values()) + NODE_WIDTH + PAD
    bottom = max(y for _x, y in position.values()) + NODE_HEIGHT
    step = NODE_WIDTH + COLUMN_GAP
    # An arrow that skips a column, or goes back (a cycle), runs in its own lane under the
    # boxes, so it never passes behind a box and looks like that box's arrow.
    detours = [
        edge
        for edge in genealogy.edges
        if not 0 < position[edge.learner][0] - position[edge.source][0] <= step
    ]
    lane_of = {(e.source, e.learner): bottom + ROW_GAP + 10 * i for i, e in enumerate(detours)}
    height = bottom + PAD + (ROW_GAP + 10 * len(detours) if detours else 0)
    if detours:
        # Room on both sides for the lanes' bends.
        position = {key: (x + 40, y) for key, (x, y) in position.items()}
        width += 80
    marker_id = f"{genealogy.dom_id}-arrow"
    parts = [
        "<defs>",
        format_html(
            '<marker id="{}" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" '
            'markerHeight="7" orient="auto-start-reverse">'
            '<path d="M 0 0 L 10 5 L 0 10 z" fill="{}"/></marker>',
            marker_id,
            MUTED,
        ),
        "</defs>",
    ]
    for edge in genealogy.edges:
        sx, sy = position[edge.source]
        tx, ty = position[edge.learner]
        x1, y1 = sx + NODE_WIDTH, sy + NODE_HEIGHT / 2
        x2, y2 = tx, ty + NODE_HEIGHT / 2
        lane = lane_of.get((edge.source, edge.learner))
        if lane is not None:
            path = (
                f"M {x1} {y1} C {x1 + 20} {y1} {x1 + 20} {lane} {x1 + 36} {lane} "
                f"L {x2 - 36} {lane} C {x2 - 20} {lane} {x2 - 20} {y2} {x2} {y2}"
            )
        else:
            middle = (x1 + x2) / 2
            path = f"M {x1} {y1} C {middle} {y1} {middle} {y2} {x2} {y2}"
        learner = genealogy.by_key[edge.learner]
        source = genealogy.by_key[edge.source]
        hover = _("%(learner)s lærte af %(source)s") % {
            "learner": learner.name,
            "source": source.name,
        }
        if edge.adapted:
            hover += ": " + edge.adapted
        parts.append(
            format_html(
                '<g class="spred-genealogy__edge"><title>{}</title><path d="{}" fill="none" '
                'stroke="{}" stroke-width="1.5"{} marker-end="url(#{})"/></g>',
                hover,
                path,
                MUTED,
                mark_safe(' stroke-dasharray="5 4"') if edge.in_cycle else "",
                marker_id,
            )
        )
    for node in genealogy.nodes:
        x, y = position[node.key]
        bar = STATUS_FILLS.get(node.status, NO_DATA_STROKE)
        second = node.status_label if node.is_adopter else _("ikke registreret som bruger")
        if node.is_adopter and node.adopted_on:
            second = f"{node.status_label} · {node.adopted_on.year}"
        marker = status_marker(node.status) if node.is_adopter else ""
        if node.unconfirmed:
            # The box has no room for the word; the star is explained beside the drawing.
            marker += "*"
        parts.append(
            format_html(
                '<g class="spred-genealogy__node"><title>{}</title>'
                '<rect x="{}" y="{}" width="{}" height="{}" rx="4" fill="#ffffff" stroke="{}" '
                'stroke-width="1"{}/>'
                '<rect x="{}" y="{}" width="24" height="{}" rx="4" fill="{}"/>'
                '<text x="{}" y="{}" text-anchor="middle" font-family="{}" font-size="11" '
                'font-weight="600" fill="#ffffff">{}</text>'
                '<text x="{}" y="{}" font-family="{}" font-size="13" font-weight="600" '
                'fill="{}">{}</text>'
                '<text x="{}" y="{}" font-family="{}" font-size="12" fill="{}">{}</text></g>',
                f"{node.name} — {node.summary}",
                x,
                y,
                NODE_WIDTH,
                NODE_HEIGHT,
                NO_DATA_STROKE,
                mark_safe(' stroke-dasharray="4 3"') if not node.is_adopter else "",
                x,
                y,
                NODE_HEIGHT,
                bar,
                x + 12,
                y + NODE_HEIGHT / 2 + 4,
                FONT,
                marker,
                x + 32,
                y + 19,
                FONT,
                TEXT,
                _short(node.name),
                x + 32,
                y + 36,
                FONT,
                MUTED,
                second,
            )
        )
    label = escape(genealogy.title or genealogy.description)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" class="spred-genealogy__svg" role="img" '
        f'aria-label="{label}"><title>{label}</title>{"".join(str(p) for p in parts)}</svg>'
    )


def tree_html(genealogy: Genealogy) -> SafeString:
    """The genealogy as nested lists: each root, and under every organisation those who
    learned from it. An organisation taught by several appears under each; its own learners
    are listed at its first appearance only."""
    if genealogy.empty:
        return mark_safe("")
    children: dict[int, list[GenealogyEdge]] = defaultdict(list)
    for edge in genealogy.edges:
        children[edge.source].append(edge)
    expanded: set[int] = set()

    def item(key: int, via: GenealogyEdge | None) -> str:
        node = genealogy.by_key[key]
        name = (
            format_html('<a href="{}">{}</a>', node.url, node.name)
            if node.url
            else escape(node.name)
        )
        text = format_html('{} <span class="text-muted">({})</span>', name, node.summary)
        if via is not None:
            source = genealogy.by_key[via.source].name
            if via.adapted:
                text += format_html(
                    ' <span class="spred-genealogy__adapted">{}</span>',
                    _("Lærte af %(source)s og tilpassede: %(adapted)s")
                    % {"source": source, "adapted": via.adapted},
                )
            if via.in_cycle:
                text += format_html(
                    ' <span class="spred-genealogy__cycle">{}</span>',
                    _("(lærte af en, der selv lærte af den — en kreds)"),
                )
        if key in expanded:
            if children.get(key):
                text += format_html(' <span class="text-muted">{}</span>', _("(se ovenfor)"))
            return f"<li>{text}</li>"
        expanded.add(key)
        below = [edge for edge in children.get(key, []) if not edge.in_cycle]
        cycle = [edge for edge in children.get(key, []) if edge.in_cycle]
        inner = "".join(item(edge.learner, edge) for edge in below + cycle)
        return f"<li>{text}{f'<ul>{inner}</ul>' if inner else ''}</li>"

    html = [item(key, None) for key in genealogy.roots]
    # A cycle nobody outside it started has no root: begin at its earliest member.
    for node in genealogy.nodes:
        if node.key not in expanded:
            html.append(item(node.key, None))
    return mark_safe(f'<ul class="spred-genealogy__tree">{"".join(html)}</ul>')  # noqa: S308
