"""The tile layout of Denmark and the map's drawing, without a database."""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET  # parses our own output only

import pytest

from spred.diffusion.analysis import tilemap
from spred.diffusion.analysis.tilemap import Place, TileState
from spred.diffusion.choices import AdoptionStatus

SVG = "{http://www.w3.org/2000/svg}"


def by_name() -> dict[str, tilemap.Tile]:
    return {tile.name: tile for tile in tilemap.tiles()}


def test_every_municipality_gets_one_tile_of_its_own() -> None:
    tiles = tilemap.tiles()
    assert len(tiles) == 98
    assert len({tile.code for tile in tiles}) == 98
    assert len({(tile.col, tile.row) for tile in tiles}) == 98, "two tiles on one cell"
    assert min(t.col for t in tiles) == 0
    assert min(t.row for t in tiles) == 0
    assert {t.region_code for t in tiles} == {1081, 1082, 1083, 1084, 1085}


def test_the_small_islands_keep_a_tile_of_their_own() -> None:
    tiles = by_name()
    for island in ("Læsø", "Samsø", "Fanø", "Ærø", "Bornholm"):
        assert island in tiles
    # Fanø lies off Esbjerg and stays next to it, not merged into the mainland.
    fano, esbjerg = tiles["Fanø"], tiles["Esbjerg"]
    assert (fano.col, fano.row) != (esbjerg.col, esbjerg.row)
    assert abs(fano.col - esbjerg.col) + abs(fano.row - esbjerg.row) <= 2


def test_neighbours_stay_roughly_in_place() -> None:
    tiles = by_name()
    assert tiles["København"].col > tiles["Aarhus"].col
    assert tiles["Aalborg"].row < tiles["Odense"].row  # rows grow southwards
    assert tiles["Hjørring"].row < tiles["Aarhus"].row < tiles["Sønderborg"].row
    assert tiles["Esbjerg"].col < tiles["Odense"].col < tiles["Roskilde"].col
    assert tiles["Lolland"].row > tiles["Roskilde"].row
    for tile in tilemap.tiles():
        if tile.code == tilemap.BORNHOLM:
            continue
        displacement = math.hypot(tile.col - tile.target_col, tile.row - tile.target_row)
        assert displacement <= 3, f"{tile.name} is {displacement:.1f} cells from its seat"


def test_bornholm_sits_in_its_own_spot_east_of_the_capital() -> None:
    tiles = by_name()
    bornholm = tiles.pop("Bornholm")
    assert bornholm.col > max(t.col for t in tiles.values()) + 1
    assert bornholm.row >= tiles["København"].row


def test_the_layout_is_deterministic_and_cached() -> None:
    again = tilemap.layout(list(reversed(tilemap.read_municipalities())))
    assert again == tilemap.tiles()
    assert tilemap.tiles() is tilemap.tiles()


def test_layout_refuses_a_code_twice_and_handles_nothing() -> None:
    place = Place("101", "København", 1084, 55.69, 12.57)
    with pytest.raises(ValueError, match="once"):
        tilemap.layout([place, place])
    assert tilemap.layout([]) == ()


def test_crowded_places_spread_to_distinct_cells() -> None:
    # Three seats on the same spot still get three tiles, next to each other.
    places = [Place(str(100 + i), f"K{i}", 1084, 55.7, 12.5) for i in range(3)]
    places.append(Place("751", "Aarhus", 1082, 56.15, 10.21))
    tiles = tilemap.layout(places)
    cells = {(t.col, t.row) for t in tiles}
    assert len(cells) == 4
    crowd = [t for t in tiles if t.name.startswith("K")]
    assert max(t.col for t in crowd) - min(t.col for t in crowd) <= 2


def test_status_colours_are_readable_and_differ() -> None:
    fills = list(tilemap.STATUS_FILLS.values())
    assert len(set(fills)) == len(AdoptionStatus)
    for fill in fills:
        assert tilemap.contrast(fill, tilemap.BACKGROUND) >= 3
        assert tilemap.contrast(fill, tilemap.text_colour_on(fill)) >= 4.5
    for fill in tilemap.COUNT_FILLS:
        assert tilemap.contrast(fill, tilemap.BACKGROUND) >= 3
        assert tilemap.contrast(fill, tilemap.text_colour_on(fill)) >= 4.5
    assert tilemap.contrast(tilemap.NO_DATA_STROKE, tilemap.BACKGROUND) >= 4.5
    assert tilemap.contrast(tilemap.NO_DATA_FILL, tilemap.TEXT) >= 4.5


def test_every_status_has_its_own_text_marker() -> None:
    markers = [tilemap.status_marker(status) for status in AdoptionStatus]
    assert all(markers)
    assert len(set(markers)) == len(markers)


@pytest.mark.parametrize(
    ("maximum", "expected"),
    [
        (0, []),
        (1, [(1, 1)]),
        (3, [(1, 1), (2, 2), (3, 3)]),
        (10, [(1, 3), (4, 6), (7, 9), (10, 10)]),
    ],
)
def test_count_bins_cover_every_count(maximum: int, expected: list[tuple[int, int]]) -> None:
    bins = tilemap.count_bins(maximum)
    assert bins == expected
    for value in range(1, maximum + 1):
        assert tilemap.count_bin_key(value, bins) != tilemap.NONE_KEY
    assert tilemap.count_bin_key(0, bins) == tilemap.NONE_KEY


def test_count_legend_uses_distinct_colours() -> None:
    legend = tilemap.count_legend(tilemap.count_bins(2), {"bin-0": 5, "bin-1": 1})
    assert [item.marker for item in legend[:2]] == ["1", "2"]
    assert legend[0].fill != legend[1].fill
    assert legend[-1].key == tilemap.NONE_KEY


def _states(**statuses: str) -> list[TileState]:
    states = []
    for tile in tilemap.tiles():
        key = statuses.get(tile.name, tilemap.NONE_KEY)
        states.append(
            TileState(
                tile=tile,
                key=key,
                marker=tilemap.status_marker(key) if key != tilemap.NONE_KEY else "",
                label=f"{tile.name}: {key}",
                url=f"/o/{tile.code}/" if tile.code != "101" else "",
                unconfirmed=tile.name == "Odense",
            )
        )
    return states


def test_page_svg_has_a_focusable_named_tile_per_municipality() -> None:
    states = _states(Aarhus=AdoptionStatus.OPERATING, Odense=AdoptionStatus.PILOT)
    svg = tilemap.render_svg(states, tilemap.status_legend({}), title="Kort & <test>")
    root = ET.fromstring(svg)  # noqa: S314  # our own output
    assert root.get("aria-label") == "Kort & <test>"
    cells = {g.get("data-code"): g for g in root.findall(f"{SVG}g") if g.get("data-code")}
    assert len(cells) == 98
    links = {code: cell.find(f"{SVG}a") for code, cell in cells.items()}
    # A tile without a page to link to is still reachable by keyboard.
    assert [code for code, link in links.items() if link is None] == ["101"]
    copenhagen = cells["101"].find(f"{SVG}g")
    assert copenhagen is not None
    assert copenhagen.get("class") == "spred-tile"
    assert copenhagen.get("tabindex") == "0"
    assert copenhagen.get("role") == "img"
    aarhus = links["751"]
    assert aarhus is not None
    assert aarhus.get("class") == "spred-tile"
    assert aarhus.get("aria-label") == "Aarhus: i-drift"
    assert aarhus.findtext(f"{SVG}title") == "Aarhus: i-drift"
    # The marker is drawn over the link, not in it: the link's name is exactly its label.
    assert aarhus.find(f"{SVG}text") is None
    assert cells["751"].findtext(f"{SVG}text") == "D"
    assert cells["461"].findtext(f"{SVG}text") == "A*"  # unconfirmed is marked in text too
    assert cells["147"].findtext(f"{SVG}text") is None  # no status, no marker
    assert "style=" not in svg


def test_standalone_svg_draws_title_legend_and_notes_without_links() -> None:
    states = _states(Aarhus=AdoptionStatus.OPERATING)
    svg = tilemap.render_svg(
        states,
        tilemap.status_legend({AdoptionStatus.OPERATING: 1}),
        title="Kommuner, der bruger Spiserobot",
        notes=["En note om kortet."],
        standalone=True,
    )
    root = ET.fromstring(svg)  # noqa: S314
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "Kommuner, der bruger Spiserobot" in texts
    assert "I drift (1)" in texts
    assert "En note om kortet." in texts
    assert not list(root.iter(f"{SVG}a"))
    assert root.get("role") == "img"


def test_a_region_view_is_cut_out_of_the_national_layout() -> None:
    states = [s for s in _states() if s.tile.region_code == 1083]
    svg = tilemap.render_svg(states, tilemap.status_legend({}), title="Syddanmark")
    root = ET.fromstring(svg)  # noqa: S314
    codes = {g.get("data-code") for g in root.iter(f"{SVG}g") if g.get("data-code")}
    assert codes == {t.code for t in tilemap.tiles() if t.region_code == 1083}
    full = ET.fromstring(  # noqa: S314
        tilemap.render_svg(_states(), tilemap.status_legend({}), title="Danmark")
    )
    assert float(root.get("width") or 0) < float(full.get("width") or 0)


@pytest.mark.parametrize(("value", "expected"), [(None, None), ("", None), ("1082", 1082)])
def test_parse_region(value: str | None, expected: int | None) -> None:
    assert tilemap.parse_region(value) == expected


@pytest.mark.parametrize("value", ["1086", "midt", "10821", "-1"])
def test_parse_region_refuses_unknown_regions(value: str) -> None:
    with pytest.raises(ValueError, match="Unknown region"):
        tilemap.parse_region(value)


def test_a_tiles_visible_marker_is_not_part_of_its_link() -> None:
    """axe-core's ``label-content-name-mismatch`` (WCAG 2.5.3): a link whose visible text is
    not in its accessible name fails. An unconfirmed tile shows "D*", which is not in "Odense:
    …", so the marker must be drawn beside the link, hidden from assistive technology (the
    link's name already says the status and "ubekræftet")."""
    states = _states(Odense=AdoptionStatus.OPERATING, Aarhus=AdoptionStatus.STOPPED)
    root = ET.fromstring(tilemap.render_svg(states, tilemap.status_legend({}), title="Kort"))  # noqa: S314
    cells = {g.get("data-code"): g for g in root.findall(f"{SVG}g") if g.get("data-code")}
    for code, marker in (("461", "D*"), ("751", "S")):
        link = cells[code].find(f"{SVG}a")
        assert link is not None
        # Nothing inside the link renders text but its <title> (hover), which is its name.
        assert [el.tag for el in link.iter() if el.tag.endswith("text")] == []
        assert "".join(t for t in link.itertext()) == link.findtext(f"{SVG}title")
        assert link.get("aria-label") == link.findtext(f"{SVG}title")
        text = cells[code].find(f"{SVG}text")
        assert text is not None
        assert text.text == marker
        assert text.get("aria-hidden") == "true"
    # The tile without a page is a focusable image: its marker is outside it as well.
    copenhagen = cells["101"].find(f"{SVG}g")
    assert copenhagen is not None
    assert copenhagen.find(f"{SVG}text") is None
