"""A tile map of Denmark: one equal square per municipality, placed to keep the country's shape.

Why tiles and not a geographic map: Copenhagen's 18 small municipalities would be specks next to
Ringkøbing-Skjern, and a map that shows who uses a solution should give every municipality the
same weight. The layout is *computed* from the municipalities' coordinates in the reference data
(``spred/organisations/data/municipalities.csv``), so it needs neither a database nor a drawn
template:

1. project each seat's latitude/longitude onto a plane (longitude shrunk by cos 56°, Denmark's
   middle latitude, so a degree east is as long as it is on the ground) and scale it so one
   grid cell is ``CELL_DEGREES`` of latitude;
2. give every municipality a different cell of the grid around the country, choosing the
   assignment with the least total squared displacement (the Hungarian method,
   ``scipy.optimize.linear_sum_assignment``). Where seats lie closer than a cell — the capital —
   the tiles spread out just as far as they must; elsewhere they stay put, so the sea between
   Jutland, Funen and Zealand stays open and islands (Læsø, Samsø, Fanø, Ærø) keep a tile of
   their own;
3. Bornholm, 150 km east, would stretch the map by a third: it gets its own spot (an inset
   column) just east of the capital, at its own latitude.

The result is deterministic (the municipalities are taken in code order and the assignment has
no randomness) and computed once per process.

Drawing: ``render_svg`` writes the SVG by hand (no JavaScript is needed to see it). Colours are
presentation attributes, never ``style``, so the Content-Security-Policy allows them both in the
page and in the downloaded picture. Status is never conveyed by colour alone: every tile carries
a short text marker (a status letter, or the count).
"""

from __future__ import annotations

import csv
import functools
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Literal

import numpy as np
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext
from scipy.optimize import linear_sum_assignment

from spred.diffusion.choices import AdoptionStatus

_DATA = Path(__file__).resolve().parents[2] / "organisations" / "data"
MUNICIPALITIES_CSV = _DATA / "municipalities.csv"
REGIONS_CSV = _DATA / "regions.csv"

#: One grid cell is this many degrees of latitude (about 22 km). Finer grids leave holes inside
#: Jutland; coarser ones close the Great Belt and crowd the capital further from its seats.
CELL_DEGREES = 0.2
#: Denmark's middle latitude: a degree of longitude there is cos(56°) as long as one of latitude.
MID_LATITUDE = 56.0
#: Candidate cells reach this far beyond the seats' bounding box, so crowded coastal areas can
#: spill into the sea.
MARGIN = 2
BORNHOLM = "400"

#: Drawing sizes, in SVG user units (pixels at 100 %).
TILE = 30
GAP = 4
PITCH = TILE + GAP
PAD = 8

BACKGROUND = "#ffffff"
TEXT = "#1a1a1a"
MUTED = "#545454"
NO_DATA_FILL = "#ebebeb"
#: The outline of tiles without a status: 4.5:1 against the white page, so the tile's shape is
#: seen even though its fill is pale.
NO_DATA_STROKE = "#767676"
FONT = "IBM Plex Sans, Arial, sans-serif"

#: Status colours: distinguishable with the common colour-vision deficiencies (ochre, teal,
#: blue, navy, wine — they also differ in lightness), each at least 4.5:1 against the white
#: page and against the white letter drawn on it. The letter repeats the status in text.
STATUS_FILLS: dict[str, str] = {
    AdoptionStatus.CONSIDERING: "#9e6a00",
    AdoptionStatus.PILOT: "#00806b",
    AdoptionStatus.OPERATING: "#3366cc",
    AdoptionStatus.WIDESPREAD: "#14325c",
    AdoptionStatus.STOPPED: "#b0306a",
}
#: Sequential blues for counts (fewest first); the lightest still has 3:1 against white.
COUNT_FILLS: tuple[str, ...] = ("#6a95cf", "#3f72b8", "#1f5299", "#0b3266")
NONE_KEY = "ingen"


def status_marker(status: str) -> str:
    """The short text drawn on a tile, so status does not depend on colour."""
    markers: dict[str, str] = {
        AdoptionStatus.CONSIDERING: pgettext("kortmarkør for status Overvejer", "O"),
        AdoptionStatus.PILOT: pgettext("kortmarkør for status Afprøver", "A"),
        AdoptionStatus.OPERATING: pgettext("kortmarkør for status I drift", "D"),
        AdoptionStatus.WIDESPREAD: pgettext("kortmarkør for status Udbredt", "U"),
        AdoptionStatus.STOPPED: pgettext("kortmarkør for status Stoppet", "S"),
    }
    return markers.get(status, "")


UNCONFIRMED_MARK = "*"


def demo_note() -> str:
    return _("Fiktive eksempler: kortet viser demodata, ikke virkelige ibrugtagninger.")


# --------------------------------------------------------------------------------------------
# Layout


@dataclass(frozen=True)
class Place:
    code: str
    name: str
    region_code: int
    latitude: float
    longitude: float


@dataclass(frozen=True)
class Tile:
    code: str
    name: str
    region_code: int
    col: int
    row: int
    #: Where the seat falls on the grid before tiles are made unique (same origin as col/row).
    target_col: float = field(default=0.0, compare=False)
    target_row: float = field(default=0.0, compare=False)


def read_municipalities(path: Path = MUNICIPALITIES_CSV) -> list[Place]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [
            Place(
                code=row["code"].strip(),
                name=row["name"].strip(),
                region_code=int(row["region_code"]),
                latitude=float(row["lat"]),
                longitude=float(row["lon"]),
            )
            for row in csv.DictReader(handle)
        ]


@functools.cache
def region_names() -> dict[int, str]:
    """Region code → name, from the reference data (no database needed)."""
    with REGIONS_CSV.open(encoding="utf-8", newline="") as handle:
        return {int(row["code"]): row["name"].strip() for row in csv.DictReader(handle)}


def layout(places: Sequence[Place], *, cell: float = CELL_DEGREES) -> tuple[Tile, ...]:
    """One tile per place, on distinct cells, with the least total squared displacement.

    ``BORNHOLM`` (if present) is placed separately in an inset column east of the rest."""
    ordered = sorted(places, key=lambda p: p.code)
    if len({p.code for p in ordered}) != len(ordered):
        raise ValueError("Each municipality code may appear once")
    main = [p for p in ordered if p.code != BORNHOLM]
    inset = [p for p in ordered if p.code == BORNHOLM]
    if not main:
        return ()
    east = math.cos(math.radians(MID_LATITUDE))
    x = np.array([p.longitude * east for p in main]) / cell
    y = -np.array([p.latitude for p in main]) / cell  # rows grow southwards
    x0, y0 = x.min(), y.min()
    x, y = x - x0, y - y0
    cols = np.arange(-MARGIN, math.ceil(x.max()) + MARGIN + 1)
    rows = np.arange(-MARGIN, math.ceil(y.max()) + MARGIN + 1)
    grid_c, grid_r = np.meshgrid(cols, rows)
    cand_c, cand_r = grid_c.ravel(), grid_r.ravel()
    cost = (x[:, None] - cand_c[None, :]) ** 2 + (y[:, None] - cand_r[None, :]) ** 2
    chosen_rows, chosen_cells = linear_sum_assignment(cost)
    cell_of = dict(zip(chosen_rows.tolist(), chosen_cells.tolist(), strict=True))
    col = np.array([cand_c[cell_of[i]] for i in range(len(main))])
    row = np.array([cand_r[cell_of[i]] for i in range(len(main))])
    # Shift so the map starts at cell (0, 0); the targets move with it.
    dc, dr = int(col.min()), int(row.min())
    tiles = [
        Tile(
            code=p.code,
            name=p.name,
            region_code=p.region_code,
            col=int(col[i]) - dc,
            row=int(row[i]) - dr,
            target_col=float(x[i]) - dc,
            target_row=float(y[i]) - dr,
        )
        for i, p in enumerate(main)
    ]
    max_col = max(t.col for t in tiles)
    max_row = max(t.row for t in tiles)
    for p in inset:
        target_row = float(-p.latitude / cell - y0 - dr)
        tiles.append(
            Tile(
                code=p.code,
                name=p.name,
                region_code=p.region_code,
                # One empty column between the capital and the inset says "not to scale".
                col=max_col + 2,
                row=min(max(round(target_row), 0), max_row),
                target_col=float(p.longitude * east / cell - x0 - dc),
                target_row=target_row,
            )
        )
    return tuple(sorted(tiles, key=lambda t: t.code))


@functools.cache
def tiles() -> tuple[Tile, ...]:
    """The tile of every municipality in the reference data, in code order."""
    return layout(read_municipalities())


def tiles_by_code() -> dict[str, Tile]:
    return {t.code: t for t in tiles()}


# --------------------------------------------------------------------------------------------
# What a tile shows


@dataclass(frozen=True)
class LegendItem:
    key: str
    label: str
    fill: str
    text_colour: str
    marker: str = ""
    count: int = 0
    stroke: str = ""


@dataclass(frozen=True)
class TileState:
    tile: Tile
    key: str  # the legend item
    marker: str  # text on the tile, without the unconfirmed mark
    label: str  # name and status: the tile's accessible name and hover text
    url: str = ""
    unconfirmed: bool = False


@dataclass(frozen=True)
class RegionChoice:
    code: int | None
    name: str
    current: bool


@dataclass(frozen=True)
class TileMap:
    """Everything ``diffusion/includes/tilemap.html`` needs, and the static picture."""

    title: str
    svg: SafeString  # for the page: tiles are links, focusable, with hover text
    rows: list[dict[str, Any]]  # the table alternative, one row per shown municipality
    legend: list[LegendItem]
    kind: Literal["status", "count"] = "status"
    map_id: str = "spred-tilemap"
    description: str = ""
    value_heading: str = ""  # the table's status/count column
    notes: tuple[str, ...] = ()
    region_code: int | None = None
    region_name: str = ""
    #: In a region view: the region organisation's own status (a sentence), or "".
    region_status: str = ""
    regions: tuple[RegionChoice, ...] = ()
    downloads: tuple[tuple[str, str], ...] = ()
    marked: int = 0  # municipalities with a status/count
    states: tuple[TileState, ...] = field(default=(), repr=False)

    @property
    def empty(self) -> bool:
        return self.marked == 0

    def static_svg(self, *, demo: bool = False) -> str:
        """The picture for download: title, legend and notes drawn in, no links.

        ``demo``: the site runs with fictional content. A downloaded picture travels without the
        page's demo banner, so it carries the mark itself."""
        return render_svg(
            self.states,
            self.legend,
            title=self.title,
            description=self.description,
            notes=(
                *((self.region_status,) if self.region_status else ()),
                *self.notes,
                _("Kilde: Spred, ibrugtagninger bekræftet af organisationerne, %(date)s.")
                % {"date": format_since(timezone.localdate())},
                *((demo_note(),) if demo else ()),
            ),
            standalone=True,
            map_id=self.map_id,
        )


def text_colour_on(fill: str) -> str:
    """White or near-black, whichever reads better on ``fill``."""
    return TEXT if contrast(fill, TEXT) >= contrast(fill, "#ffffff") else "#ffffff"


def _luminance(colour: str) -> float:
    value = colour.lstrip("#")
    channels = [int(value[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    """WCAG 2.1 contrast ratio of two ``#rrggbb`` colours."""
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def no_data_item(label: str, count: int = 0) -> LegendItem:
    return LegendItem(
        key=NONE_KEY,
        label=label,
        fill=NO_DATA_FILL,
        text_colour=TEXT,
        count=count,
        stroke=NO_DATA_STROKE,
    )


def status_legend(counts: Mapping[str, int]) -> list[LegendItem]:
    """One item per status (in the ledger's order) and one for "no record"."""
    items = [
        LegendItem(
            key=str(status),
            label=str(status.label),
            fill=STATUS_FILLS[status],
            text_colour=text_colour_on(STATUS_FILLS[status]),
            marker=status_marker(status),
            count=counts.get(status, 0),
        )
        for status in AdoptionStatus
    ]
    items.append(no_data_item(_("Ingen registreret ibrugtagning"), counts.get(NONE_KEY, 0)))
    return items


def count_bins(maximum: int) -> list[tuple[int, int]]:
    """Up to four bins (inclusive ranges) covering 1..maximum."""
    if maximum <= 0:
        return []
    size = max(1, math.ceil(maximum / len(COUNT_FILLS)))
    return [(low, min(low + size - 1, maximum)) for low in range(1, maximum + 1, size)]


def count_bin_key(value: int, bins: Sequence[tuple[int, int]]) -> str:
    if value <= 0:
        return NONE_KEY
    for index, (low, high) in enumerate(bins):
        if low <= value <= high:
            return f"bin-{index}"
    return f"bin-{len(bins) - 1}"


def count_legend(bins: Sequence[tuple[int, int]], counts: Mapping[str, int]) -> list[LegendItem]:
    items = []
    # With fewer bins than colours, spread them over the scale so neighbours differ clearly.
    step = (len(COUNT_FILLS) - 1) / max(len(bins) - 1, 1) if len(bins) > 1 else 0
    for index, (low, high) in enumerate(bins):
        fill = COUNT_FILLS[round(index * step) if len(bins) > 1 else len(COUNT_FILLS) - 1]
        if low == high:
            label = ngettext("%(n)d løsning i brug", "%(n)d løsninger i brug", low) % {"n": low}
        else:
            label = _("%(low)d–%(high)d løsninger i brug") % {"low": low, "high": high}
        items.append(
            LegendItem(
                key=f"bin-{index}",
                label=label,
                fill=fill,
                text_colour=text_colour_on(fill),
                marker=str(low) if low == high else f"{low}–{high}",
                count=counts.get(f"bin-{index}", 0),
            )
        )
    items.append(no_data_item(_("Ingen løsninger i brug"), counts.get(NONE_KEY, 0)))
    return items


def format_since(value: date | None) -> str:
    return date_format(value, "DATE_FORMAT") if value else ""


# --------------------------------------------------------------------------------------------
# Drawing


def _attrs(**values: Any) -> str:
    parts = []
    for key, value in values.items():
        if value is None or value == "":
            continue
        parts.append(f'{key.rstrip("_").replace("_", "-")}="{escape(str(value))}"')
    return " ".join(parts)


def _tile_svg(
    state: TileState, legend: Mapping[str, LegendItem], *, x: int, y: int
) -> tuple[str, str]:
    """The tile's shapes, and its text marker apart: in the page the marker is drawn over the
    link rather than inside it, so the link's name is exactly its label (WCAG 2.5.3)."""
    item = legend.get(state.key)
    fill = item.fill if item else NO_DATA_FILL
    stroke = item.stroke if item else NO_DATA_STROKE
    text_fill = item.text_colour if item else TEXT
    marker = state.marker + (UNCONFIRMED_MARK if state.unconfirmed else "")
    rect = "<rect " + _attrs(
        x=x,
        y=y,
        width=TILE,
        height=TILE,
        rx=3,
        fill=fill,
        stroke=stroke or None,
        stroke_width=1 if stroke else None,
        class_="spred-tile__shape",
    )
    rect += "/>"
    parts = [rect]
    if state.unconfirmed:
        # A dashed inner frame: the second, non-colour cue for "not confirmed in a year".
        parts.append(
            "<rect "
            + _attrs(
                x=x + 3,
                y=y + 3,
                width=TILE - 6,
                height=TILE - 6,
                rx=2,
                fill="none",
                stroke=text_fill,
                stroke_width=1,
                stroke_dasharray="3 2",
            )
            + "/>"
        )
    text = ""
    if marker:
        font_size = 13 if len(marker) <= 2 else 10
        text = (
            "<text "
            + _attrs(
                x=x + TILE / 2,
                y=y + TILE / 2 + font_size * 0.35,
                text_anchor="middle",
                font_family=FONT,
                font_size=font_size,
                font_weight=600,
                fill=text_fill,
                aria_hidden="true",
                pointer_events="none",
            )
            + f">{escape(marker)}</text>"
        )
    return "".join(parts), text


def render_svg(
    states: Sequence[TileState],
    legend: Sequence[LegendItem],
    *,
    title: str,
    description: str = "",
    notes: Sequence[str] = (),
    standalone: bool = False,
    map_id: str = "spred-tilemap",
) -> str:
    """The map as SVG. In the page (``standalone=False``) every tile is a link (or, without a
    page to go to, a focusable group) named by its municipality and status, with a ``<title>``
    for hover; the legend and table are HTML around it. The standalone picture draws the title,
    legend and notes in, and has no links."""
    legend_by_key = {item.key: item for item in legend}
    shown = list(states)
    if shown:
        min_col = min(s.tile.col for s in shown)
        min_row = min(s.tile.row for s in shown)
        cols = max(s.tile.col for s in shown) - min_col + 1
        rows = max(s.tile.row for s in shown) - min_row + 1
    else:
        min_col = min_row = 0
        cols = rows = 1
    map_width = cols * PITCH - GAP + 2 * PAD
    map_height = rows * PITCH - GAP + 2 * PAD
    top = 0
    body: list[str] = []
    width = map_width
    if standalone:
        width = max(map_width, 420)
        body.append(
            "<rect " + _attrs(x=0, y=0, width="100%", height="100%", fill=BACKGROUND) + "/>"
        )
        for line in _wrap(title, width - 2 * PAD, 16):
            top += 22
            body.append(
                "<text "
                + _attrs(x=PAD, y=top, font_family=FONT, font_size=16, font_weight=600, fill=TEXT)
                + f">{escape(line)}</text>"
            )
        for line in _wrap(description, width - 2 * PAD, 13) if description else ():
            top += 18
            body.append(
                "<text "
                + _attrs(x=PAD, y=top, font_family=FONT, font_size=13, fill=MUTED)
                + f">{escape(line)}</text>"
            )
        top += 8

    def position(state: TileState) -> tuple[int, int]:
        return (
            PAD + (state.tile.col - min_col) * PITCH,
            top + PAD + (state.tile.row - min_row) * PITCH,
        )

    inset = [s for s in shown if s.tile.code == BORNHOLM]
    if inset and len(shown) > 1:
        x, y = position(inset[0])
        # A thin frame says: Bornholm is moved in, not drawn where it lies.
        body.append(
            "<rect "
            + _attrs(
                x=x - GAP / 2 - 1,
                y=y - GAP / 2 - 1,
                width=TILE + GAP + 2,
                height=TILE + GAP + 2,
                fill="none",
                stroke=MUTED,
                stroke_width=1,
                stroke_dasharray="2 2",
                aria_hidden="true",
            )
            + "/>"
        )
    for state in shown:
        x, y = position(state)
        shape, text = _tile_svg(state, legend_by_key, x=x, y=y)
        hover = f"<title>{escape(state.label)}</title>"
        if standalone:
            tile = f"{hover}{shape}{text}"
        elif state.url:
            link = _attrs(href=state.url, class_="spred-tile", aria_label=state.label)
            tile = f"<a {link}>{hover}{shape}</a>{text}"
        else:
            # Without a page to link to, the tile is still reached by keyboard.
            group = _attrs(class_="spred-tile", tabindex=0, role="img", aria_label=state.label)
            tile = f"<g {group}>{hover}{shape}</g>{text}"
        body.append(f"<g {_attrs(data_code=state.tile.code)}>{tile}</g>")
    height = top + map_height
    if standalone:
        y = height + 8
        for item in legend:
            body.append(_legend_entry(item, x=PAD, y=y))
            y += 24
        if any(s.unconfirmed for s in shown):
            body.append(
                _legend_entry(
                    LegendItem(
                        key="ubekraeftet",
                        label=_("Ubekræftet: ikke bekræftet af organisationen i over et år"),
                        fill=BACKGROUND,
                        text_colour=TEXT,
                        marker=UNCONFIRMED_MARK,
                        stroke=NO_DATA_STROKE,
                    ),
                    x=PAD,
                    y=y,
                    dashed=True,
                )
            )
            y += 24
        for note in notes:
            for line in _wrap(note, width - 2 * PAD, 12):
                y += 4
                body.append(
                    "<text "
                    + _attrs(x=PAD, y=y + 12, font_family=FONT, font_size=12, fill=MUTED)
                    + f">{escape(line)}</text>"
                )
                y += 14
        height = y + PAD
    head = _attrs(
        xmlns="http://www.w3.org/2000/svg",
        viewBox=f"0 0 {width} {height}",
        width=width,
        height=height,
    )
    if standalone:
        label = f"<title>{escape(title)}</title>"
        if description:
            label += f"<desc>{escape(description)}</desc>"
        return f'<svg {head} role="img">{label}{"".join(body)}</svg>'
    page_attrs = _attrs(
        class_="spred-tilemap__svg",
        role="group",
        aria_label=title,
        id=f"{map_id}-svg",
    )
    return f"<svg {head} {page_attrs}>{''.join(body)}</svg>"


def _legend_entry(item: LegendItem, *, x: int, y: int, dashed: bool = False) -> str:
    size = 18
    parts = [
        "<rect "
        + _attrs(
            x=x,
            y=y,
            width=size,
            height=size,
            rx=2,
            fill=item.fill,
            stroke=item.stroke or None,
            stroke_width=1 if item.stroke else None,
            stroke_dasharray="3 2" if dashed else None,
        )
        + "/>"
    ]
    if item.marker:
        font_size = 11 if len(item.marker) <= 2 else 8
        parts.append(
            "<text "
            + _attrs(
                x=x + size / 2,
                y=y + size / 2 + font_size * 0.35,
                text_anchor="middle",
                font_family=FONT,
                font_size=font_size,
                font_weight=600,
                fill=item.text_colour,
            )
            + f">{escape(item.marker)}</text>"
        )
    label = item.label + (f" ({item.count})" if item.count else "")
    parts.append(
        "<text "
        + _attrs(x=x + size + 8, y=y + 13, font_family=FONT, font_size=13, fill=TEXT)
        + f">{escape(label)}</text>"
    )
    return "".join(parts)


def _wrap(text: str, width: float, font_size: int) -> list[str]:
    """Break ``text`` into lines that fit ``width`` (an estimate: SVG text does not wrap)."""
    limit = max(10, int(width / (font_size * 0.55)))
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}".strip()
        if len(candidate) > limit and current:
            lines.append(current)
            current = word
        else:
            current = candidate
    if current:
        lines.append(current)
    return lines or [""]


def page_svg(
    states: Sequence[TileState], legend: Sequence[LegendItem], **kwargs: Any
) -> SafeString:
    # Every piece of text in the drawing went through escape() above.
    return mark_safe(render_svg(states, legend, **kwargs))  # noqa: S308  # nosec B308, B703


def region_choices(
    current: int | None, codes: Iterable[int] | None = None
) -> tuple[RegionChoice, ...]:
    names = region_names()
    chosen = list(codes) if codes is not None else sorted(names)
    return (
        RegionChoice(None, _("Hele landet"), current is None),
        *(RegionChoice(code, names[code], code == current) for code in chosen),
    )


def parse_region(value: object) -> int | None:
    """A ``?region=`` value: a region code of the reference data, or None for the whole
    country (empty or missing). Anything else raises ``ValueError``."""
    if value in (None, ""):
        return None
    try:
        code = int(str(value))
    except ValueError as exc:
        raise ValueError(f"Unknown region {value!r}") from exc
    if code not in region_names():
        raise ValueError(f"Unknown region {value!r}")
    return code
