"""The map and genealogy selectors, the downloadable pictures and the template includes."""

from __future__ import annotations

import xml.etree.ElementTree as ET  # parses our own output only
from datetime import date, datetime, timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from django.utils import timezone

from spred.diffusion.analysis import tilemap
from spred.diffusion.choices import AdoptionStatus, Verification
from spred.diffusion.models import LearnedFrom
from spred.diffusion.selectors import map as map_selectors
from spred.diffusion.selectors.ledger import public_adoptions
from spred.diffusion.tests.world import LedgerWorld, make_adoption, municipality

pytestmark = pytest.mark.django_db

SVG = "{http://www.w3.org/2000/svg}"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
ANON = AnonymousUser()
OPERATING = [(AdoptionStatus.PILOT, date(2021, 2, 1)), (AdoptionStatus.OPERATING, date(2022, 5, 3))]


def state_of(tile_map: tilemap.TileMap, code: str) -> tilemap.TileState:
    return next(s for s in tile_map.states if s.tile.code == code)


def row_of(tile_map: tilemap.TileMap, code: str) -> dict[str, object]:
    return next(r for r in tile_map.rows if r["code"] == code)


def test_map_adoptions_are_the_open_ledger(ledger_world: LedgerWorld) -> None:
    w = ledger_world
    make_adoption(w.aarhus, w.robot, OPERATING)
    make_adoption(w.odense, w.robot, OPERATING, verification=Verification.PENDING)
    make_adoption(w.skanderborg, w.draft, OPERATING)
    assert set(map_selectors.map_adoptions(user=w.editor)) == set(public_adoptions())
    assert [a.organisation for a in map_selectors.map_adoptions(user=w.editor)] == [w.aarhus]


def test_solution_map_colours_verified_adopters_only(ledger_world: LedgerWorld) -> None:
    w = ledger_world
    make_adoption(w.aarhus, w.robot, OPERATING)
    make_adoption(w.odense, w.robot, OPERATING, verification=Verification.PENDING)
    make_adoption(w.skanderborg, w.robot, OPERATING, verification=Verification.REJECTED)
    make_adoption(
        municipality(101),
        w.robot,
        [(AdoptionStatus.PILOT, date(2020, 1, 1)), (AdoptionStatus.STOPPED, date(2021, 1, 1))],
    )
    # An editor sees the pending record elsewhere; the map stays the same for everyone.
    for user in (ANON, w.editor, w.odense_member):
        tile_map = map_selectors.solution_map(user=user, solution=w.robot)
        assert state_of(tile_map, "751").key == AdoptionStatus.OPERATING
        assert state_of(tile_map, "461").key == tilemap.NONE_KEY
        assert state_of(tile_map, "746").key == tilemap.NONE_KEY
        assert state_of(tile_map, "101").key == AdoptionStatus.STOPPED
        assert tile_map.marked == 2
    assert len(tile_map.rows) == 98
    aarhus = row_of(tile_map, "751")
    assert aarhus["value"] == "I drift"
    assert aarhus["since"] == date(2022, 5, 3)
    assert aarhus["region"] == "Region Midtjylland"
    assert row_of(tile_map, "461")["value"] == "Ingen registrering"
    label = state_of(tile_map, "751").label
    assert label.startswith(w.aarhus.name)
    assert "I drift siden" in label
    assert "/organisationer/" in state_of(tile_map, "751").url
    legend = {item.key: item.count for item in tile_map.legend}
    assert legend[AdoptionStatus.OPERATING] == 1
    assert legend[tilemap.NONE_KEY] == 96
    svg = str(tile_map.svg)
    ET.fromstring(svg)  # noqa: S314
    assert "Afventer" not in svg


def test_a_draft_solution_has_an_empty_map(ledger_world: LedgerWorld) -> None:
    w = ledger_world
    make_adoption(w.aarhus, w.draft, OPERATING)
    tile_map = map_selectors.solution_map(user=w.editor, solution=w.draft)
    assert tile_map.empty
    assert all(state.key == tilemap.NONE_KEY for state in tile_map.states)


def test_unconfirmed_adoptions_are_marked(ledger_world: LedgerWorld) -> None:
    w = ledger_world
    long_ago = timezone.now() - timedelta(days=500)
    make_adoption(w.aarhus, w.robot, OPERATING, confirmed_at=long_ago)
    make_adoption(w.odense, w.robot, OPERATING, confirmed_at=timezone.now())
    tile_map = map_selectors.solution_map(user=ANON, solution=w.robot)
    assert state_of(tile_map, "751").unconfirmed
    assert not state_of(tile_map, "461").unconfirmed
    assert row_of(tile_map, "751")["unconfirmed"] is True
    assert "ubekræftet" in state_of(tile_map, "751").label
    root = ET.fromstring(str(tile_map.svg))  # noqa: S314
    aarhus = next(g for g in root.iter(f"{SVG}g") if g.get("data-code") == "751")
    assert aarhus.findtext(f"{SVG}text") == "D*"


def test_region_view_shows_the_region_and_its_own_status(ledger_world: LedgerWorld) -> None:
    w = ledger_world
    make_adoption(w.aarhus, w.robot, OPERATING)
    make_adoption(w.odense, w.robot, OPERATING)
    make_adoption(w.region_midt, w.robot, [(AdoptionStatus.PILOT, date(2023, 4, 1))])
    tile_map = map_selectors.solution_map(user=ANON, solution=w.robot, region_code=1082)
    assert {state.tile.region_code for state in tile_map.states} == {1082}
    assert len(tile_map.rows) == 19
    assert tile_map.marked == 1  # Odense is in another region
    assert tile_map.region_name == "Region Midtjylland"
    assert "Region Midtjylland" in tile_map.title
    assert "Afprøver" in tile_map.region_status
    assert tile_map.downloads[0][1].endswith("spiserobot.svg?region=1082")
    assert [choice.current for choice in tile_map.regions] == [
        False,
        False,
        True,
        False,
        False,
        False,
    ]
    other = map_selectors.solution_map(user=ANON, solution=w.robot, region_code=1081)
    assert "ingen registreret" in other.region_status


def test_region_status_hides_a_pending_record(ledger_world: LedgerWorld) -> None:
    w = ledger_world
    make_adoption(w.region_midt, w.robot, OPERATING, verification=Verification.PENDING)
    tile_map = map_selectors.solution_map(user=w.editor, solution=w.robot, region_code=1082)
    assert "ingen registreret" in tile_map.region_status


def test_technology_map_counts_solutions_in_use(ledger_world: LedgerWorld) -> None:
    w = ledger_world
    w.app.technologies.add(w.technology)
    make_adoption(w.aarhus, w.robot, OPERATING)
    make_adoption(w.aarhus, w.app, [(AdoptionStatus.WIDESPREAD, date(2019, 9, 1))])
    make_adoption(
        w.odense,
        w.robot,
        [(AdoptionStatus.PILOT, date(2020, 1, 1)), (AdoptionStatus.STOPPED, date(2021, 1, 1))],
    )
    make_adoption(w.skanderborg, w.robot, OPERATING, verification=Verification.PENDING)
    make_adoption(municipality(101), w.robot, [(AdoptionStatus.CONSIDERING, date(2024, 1, 1))])
    make_adoption(municipality(147), w.draft, OPERATING)
    w.draft.technologies.add(w.technology)
    tile_map = map_selectors.technology_map(user=ANON, technology=w.technology)
    assert tile_map.kind == "count"
    assert row_of(tile_map, "751")["count"] == 2
    assert row_of(tile_map, "751")["since"] == date(2019, 9, 1)
    for code in ("461", "746", "101", "147"):
        assert row_of(tile_map, code)["count"] == 0, code
        assert state_of(tile_map, code).key == tilemap.NONE_KEY
    assert state_of(tile_map, "751").marker == "2"
    assert tile_map.marked == 1
    counted = [(i.marker, i.count) for i in tile_map.legend if i.key != tilemap.NONE_KEY]
    assert counted == [("1", 0), ("2", 1)]


def test_technology_region_view(ledger_world: LedgerWorld) -> None:
    w = ledger_world
    make_adoption(w.aarhus, w.robot, OPERATING)
    make_adoption(w.region_midt, w.robot, OPERATING)
    tile_map = map_selectors.technology_map(user=ANON, technology=w.technology, region_code=1082)
    assert len(tile_map.rows) == 19
    assert tile_map.marked == 1
    assert "bruger selv 1 løsning" in tile_map.region_status


def test_solution_genealogy_from_verified_links(ledger_world: LedgerWorld) -> None:
    w = ledger_world
    aarhus = make_adoption(w.aarhus, w.robot, OPERATING)
    skanderborg = make_adoption(w.skanderborg, w.robot, OPERATING)
    LearnedFrom.objects.create(adoption=skanderborg, source=w.aarhus, adapted="Vagtplanen")
    LearnedFrom.objects.create(adoption=aarhus, source=w.region_midt, adapted="")
    # A pending adoption's links are not part of the public genealogy.
    make_adoption(
        w.odense, w.robot, OPERATING, verification=Verification.PENDING, learned_from=[w.aarhus]
    )
    # Odense's own record of the app is pending: as a source it shows without a status.
    make_adoption(w.odense, w.app, OPERATING, verification=Verification.PENDING)
    app_learner = make_adoption(w.aarhus, w.app, OPERATING, learned_from=[w.odense])
    genealogy = map_selectors.solution_genealogy(user=w.editor, solution=w.robot)
    names = {node.name: node for node in genealogy.nodes}
    assert set(names) == {w.aarhus.name, w.skanderborg.name, w.region_midt.name}
    assert names[w.region_midt.name].is_adopter is False
    assert names[w.skanderborg.name].generation == 2
    assert genealogy.roots == (w.region_midt.pk,)
    assert [(r["learner"].name, r["adapted"]) for r in genealogy.rows][-1] == (
        w.skanderborg.name,
        "Vagtplanen",
    )
    app = map_selectors.solution_genealogy(user=w.editor, solution=w.app)
    odense = next(node for node in app.nodes if node.key == w.odense.pk)
    assert not odense.is_adopter
    assert odense.status == ""
    assert app_learner.organisation_id in {node.key for node in app.nodes}


def test_genealogy_of_a_draft_is_empty(ledger_world: LedgerWorld) -> None:
    w = ledger_world
    make_adoption(w.aarhus, w.draft, OPERATING)
    make_adoption(w.skanderborg, w.draft, OPERATING, learned_from=[w.aarhus])
    assert map_selectors.solution_genealogy(user=w.editor, solution=w.draft).empty


# --------------------------------------------------------------------------------------------
# Pictures


def test_solution_svg_is_a_standalone_picture(ledger_world: LedgerWorld, client: Client) -> None:
    make_adoption(ledger_world.aarhus, ledger_world.robot, OPERATING)
    response = client.get("/spredning/kort/loesninger/spiserobot.svg")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("image/svg+xml")
    assert response["Content-Disposition"] == 'inline; filename="spredningskort-spiserobot.svg"'
    root = ET.fromstring(response.content)  # noqa: S314
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "Kommuner, der bruger Spiserobot" in texts
    assert "I drift (1)" in texts  # the legend is drawn in
    assert "1 af 98 kommuner har en registreret status med løsningen." in texts
    assert any((text or "").startswith("Kilde: Spred") for text in texts)
    assert root.findtext(f"{SVG}title") == "Kommuner, der bruger Spiserobot"


def test_solution_png(ledger_world: LedgerWorld, client: Client) -> None:
    make_adoption(ledger_world.aarhus, ledger_world.robot, OPERATING)
    response = client.get("/spredning/kort/loesninger/spiserobot.png?region=1082")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response.content.startswith(PNG_SIGNATURE)
    assert response["Content-Disposition"] == (
        'inline; filename="spredningskort-spiserobot-1082.png"'
    )


def test_region_filter_on_the_picture(ledger_world: LedgerWorld, client: Client) -> None:
    response = client.get("/spredning/kort/loesninger/spiserobot.svg?region=1083")
    root = ET.fromstring(response.content)  # noqa: S314
    codes = {g.get("data-code") for g in root.iter(f"{SVG}g") if g.get("data-code")}
    assert codes == {t.code for t in tilemap.tiles() if t.region_code == 1083}


@pytest.mark.parametrize(
    "path",
    [
        "/spredning/kort/loesninger/hemmelig-kladde.svg",
        "/spredning/kort/loesninger/hemmelig-kladde.png",
        "/spredning/kort/loesninger/findes-ikke.svg",
        "/spredning/kort/teknologier/findes-ikke.png",
        "/spredning/kort/loesninger/spiserobot.svg?region=9999",
        "/spredning/kort/loesninger/spiserobot.png?region=midt",
    ],
)
def test_drafts_unknowns_and_bad_regions_answer_404(ledger_world: LedgerWorld, path: str) -> None:
    make_adoption(ledger_world.aarhus, ledger_world.draft, OPERATING)
    # Also for the draft's own organisation: the pictures are public pictures.
    client = Client()
    client.force_login(ledger_world.aarhus_admin)
    assert client.get(path).status_code == 404


def test_technology_pictures(ledger_world: LedgerWorld, client: Client) -> None:
    make_adoption(ledger_world.aarhus, ledger_world.robot, OPERATING, confirmed_at=timezone.now())
    slug = ledger_world.technology.slug
    svg = client.get(f"/spredning/kort/teknologier/{slug}.svg")
    assert svg.status_code == 200
    root = ET.fromstring(svg.content)  # noqa: S314
    aarhus = next(g for g in root.iter(f"{SVG}g") if g.get("data-code") == "751")
    assert aarhus.findtext(f"{SVG}text") == "1"
    assert f'filename="spredningskort-{slug}.svg"' in svg["Content-Disposition"]
    png = client.get(f"/spredning/kort/teknologier/{slug}.png")
    assert png.status_code == 200
    assert png.content.startswith(PNG_SIGNATURE)


def test_pictures_answer_only_safe_methods(ledger_world: LedgerWorld, client: Client) -> None:
    assert client.post("/spredning/kort/loesninger/spiserobot.svg").status_code == 405


# --------------------------------------------------------------------------------------------
# Includes


def _request(path: str = "/spredning/loesninger/spiserobot/") -> object:
    request = RequestFactory().get(path)
    request.user = ANON
    return request


def test_tilemap_include_renders_map_legend_table_and_downloads(
    ledger_world: LedgerWorld,
) -> None:
    w = ledger_world
    make_adoption(w.aarhus, w.robot, OPERATING, confirmed_at=timezone.now() - timedelta(days=400))
    tile_map = map_selectors.solution_map(user=ANON, solution=w.robot)
    html = render_to_string(
        "diffusion/includes/tilemap.html",
        {"map": tile_map},
        request=_request(),  # type: ignore[arg-type]
    )
    assert html.count('class="spred-tile"') == 98
    assert "<table" in html
    assert "<caption>Kommuner, der bruger Spiserobot</caption>" in html
    assert html.count('<th scope="row">') == 98
    assert "ubekræftet" in html
    assert "/spredning/kort/loesninger/spiserobot.png" in html
    assert 'href="/spredning/loesninger/spiserobot/?region=1082#kort-spiserobot"' in html
    assert "style=" not in html
    assert "Ingen kommuner har endnu" not in html


def test_tilemap_include_empty_state(ledger_world: LedgerWorld) -> None:
    tile_map = map_selectors.technology_map(user=ANON, technology=ledger_world.technology)
    html = render_to_string(
        "diffusion/includes/tilemap.html",
        {"map": tile_map},
        request=_request(),  # type: ignore[arg-type]
    )
    assert "Ingen kommuner har endnu bekræftet, at de bruger en løsning i kategorien" in html


def test_genealogy_include(ledger_world: LedgerWorld) -> None:
    w = ledger_world
    empty = map_selectors.solution_genealogy(user=ANON, solution=w.robot)
    html = render_to_string("diffusion/includes/genealogy.html", {"genealogy": empty})
    assert "Ingen af brugerne har endnu angivet" in html
    make_adoption(w.aarhus, w.robot, OPERATING)
    make_adoption(w.skanderborg, w.robot, OPERATING, learned_from=[w.aarhus])
    make_adoption(w.odense, w.robot, OPERATING)
    genealogy = map_selectors.solution_genealogy(user=ANON, solution=w.robot)
    html = render_to_string("diffusion/includes/genealogy.html", {"genealogy": genealogy})
    assert "<svg" in html
    assert 'class="spred-genealogy__tree"' in html
    assert "Tilpasset lokalt." in html
    assert "1 anden bruger har ikke angivet" in html  # Odense
    assert "style=" not in html


def test_since_uses_the_latest_status_date(ledger_world: LedgerWorld) -> None:
    w = ledger_world
    make_adoption(
        w.aarhus,
        w.robot,
        [(AdoptionStatus.PILOT, date(2020, 1, 1)), (AdoptionStatus.WIDESPREAD, date(2024, 2, 29))],
        confirmed_at=timezone.make_aware(
            datetime.combine(timezone.localdate(), datetime.min.time())
        ),
    )
    tile_map = map_selectors.solution_map(user=ANON, solution=w.robot)
    assert row_of(tile_map, "751")["since_text"] == "29. februar 2024"
    assert state_of(tile_map, "751").marker == tilemap.status_marker(AdoptionStatus.WIDESPREAD)


def test_the_solution_page_shows_the_map_and_the_genealogy(
    ledger_world: LedgerWorld, client: Client
) -> None:
    w = ledger_world
    make_adoption(w.aarhus, w.robot, OPERATING)
    make_adoption(w.skanderborg, w.robot, OPERATING, learned_from=[w.aarhus])
    make_adoption(w.odense, w.robot, OPERATING, verification=Verification.PENDING)
    response = client.get("/spredning/loesninger/spiserobot/?region=1082")
    assert response.status_code == 200
    html = response.content.decode()
    assert "diffusion-map.css" in html
    assert "diffusion-map.js" in html
    assert html.count('class="spred-tile"') == 19  # the region view
    assert 'class="spred-genealogy__tree"' in html
    assert "Region Midtjylland har ingen registreret ibrugtagning af løsningen." in html
