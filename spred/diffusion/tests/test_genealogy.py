"""The 'lært af' genealogy: roots, generations, cycles, drawing and list — without a database."""

from __future__ import annotations

import xml.etree.ElementTree as ET  # parses our own output only
from datetime import date

from spred.diffusion.analysis.genealogy import Genealogy, GenealogyNode, build_genealogy
from spred.diffusion.choices import AdoptionStatus

SVG = "{http://www.w3.org/2000/svg}"


def adopter(
    key: int, name: str, year: int, status: str = AdoptionStatus.OPERATING
) -> GenealogyNode:
    return GenealogyNode(
        key=key,
        name=name,
        url=f"/o/{key}/",
        status=status,
        status_label=str(AdoptionStatus(status).label),
        adopted_on=date(year, 3, 1),
    )


def source(key: int, name: str) -> GenealogyNode:
    return GenealogyNode(key=key, name=name, url=f"/o/{key}/")


def generations(genealogy: Genealogy) -> dict[str, int]:
    return {node.name: node.generation for node in genealogy.nodes}


def test_a_chain_with_a_branch_has_roots_and_generations() -> None:
    nodes = [
        adopter(1, "Odense", 2019),
        adopter(2, "Aarhus", 2020),
        adopter(3, "Skanderborg", 2021),
        adopter(4, "Horsens", 2022),
        adopter(5, "Vejle", 2021),  # nobody taught Vejle, Vejle taught nobody
        source(6, "Region Midtjylland"),  # not an adopter, taught Horsens
    ]
    links = [
        (1, 2, "Vagtplaner"),
        (2, 3, "Målgruppe"),
        (3, 4, ""),
        (6, 4, "Indkøb"),
        (1, 3, ""),
    ]
    genealogy = build_genealogy(nodes, links, title="Spiserobot")
    assert not genealogy.empty
    assert not genealogy.has_cycle
    assert set(genealogy.roots) == {1, 6}
    assert generations(genealogy) == {
        "Odense": 0,
        "Region Midtjylland": 0,
        "Aarhus": 1,
        "Skanderborg": 2,  # the longest path: Odense → Aarhus → Skanderborg
        "Horsens": 3,
    }
    assert [node.name for node in genealogy.unlinked] == ["Vejle"]
    assert genealogy.by_key[6].is_adopter is False
    rows = genealogy.rows
    assert len(rows) == 5
    assert (rows[0]["learner"].name, rows[0]["source"].name, rows[0]["adapted"]) == (
        "Aarhus",
        "Odense",
        "Vagtplaner",
    )


def test_a_cycle_is_detected_and_survived() -> None:
    nodes = [adopter(1, "A", 2019), adopter(2, "B", 2020), adopter(3, "C", 2021)]
    # Nobody outside the cycle started it: A → B → C → A.
    genealogy = build_genealogy(nodes, [(1, 2, ""), (2, 3, ""), (3, 1, "Tilbage")])
    assert genealogy.has_cycle
    assert genealogy.roots == ()
    assert [e for e in genealogy.edges if e.in_cycle] == [
        next(e for e in genealogy.edges if (e.source, e.learner) == (3, 1))
    ]
    assert generations(genealogy) == {"A": 0, "B": 1, "C": 2}
    # Everyone is still drawn and listed.
    root = ET.fromstring(str(genealogy.svg))  # noqa: S314
    assert len([g for g in root.iter(f"{SVG}g") if g.get("class") == "spred-genealogy__node"]) == 3
    tree = str(genealogy.tree_html)
    for name in ("A", "B", "C"):
        assert f">{name}</a>" in tree
    assert "kreds" in tree


def test_two_organisations_that_learned_from_each_other() -> None:
    nodes = [adopter(1, "Aarhus", 2019), adopter(2, "Odense", 2020), adopter(3, "Vejle", 2018)]
    genealogy = build_genealogy(nodes, [(1, 2, ""), (2, 1, ""), (3, 1, "")])
    assert genealogy.roots == (3,)
    assert genealogy.has_cycle
    assert generations(genealogy) == {"Vejle": 0, "Aarhus": 1, "Odense": 2}


def test_bad_links_are_dropped() -> None:
    nodes = [adopter(1, "Aarhus", 2019), adopter(2, "Odense", 2020)]
    genealogy = build_genealogy(
        nodes, [(1, 1, "selv"), (1, 2, "x"), (1, 2, "igen"), (9, 2, "ukendt"), (2, 9, "")]
    )
    assert [(e.source, e.learner, e.adapted) for e in genealogy.edges] == [(1, 2, "x")]


def test_no_links_is_the_empty_state() -> None:
    genealogy = build_genealogy([adopter(1, "Aarhus", 2019)], [])
    assert genealogy.empty
    assert genealogy.nodes == ()
    assert len(genealogy.unlinked) == 1
    assert str(genealogy.svg) == ""
    assert str(genealogy.tree_html) == ""


def test_the_drawing_is_layered_left_to_right_and_escaped() -> None:
    nodes = [adopter(1, "Odense <Kommune>", 2019), adopter(2, "Aarhus", 2020), source(3, "KL")]
    genealogy = build_genealogy(nodes, [(1, 2, "Tilpasset & ændret"), (3, 2, "")], title="T")
    svg = str(genealogy.svg)
    root = ET.fromstring(svg)  # noqa: S314
    assert root.get("role") == "img"
    boxes = {}
    for group in root.iter(f"{SVG}g"):
        if group.get("class") == "spred-genealogy__node":
            rect = group.find(f"{SVG}rect")
            assert rect is not None
            name = group.findall(f"{SVG}text")[1].text
            boxes[name] = float(rect.get("x") or 0)
    assert boxes["Odense <Kommune>"] == boxes["KL"] < boxes["Aarhus"]
    edges = [g for g in root.iter(f"{SVG}g") if g.get("class") == "spred-genealogy__edge"]
    assert len(edges) == 2
    assert any("Tilpasset & ændret" in (g.findtext(f"{SVG}title") or "") for g in edges)
    assert "<Kommune>" not in svg.replace("&lt;Kommune&gt;", "")


def test_the_list_nests_learners_under_their_sources() -> None:
    nodes = [adopter(1, "Odense", 2019), adopter(2, "Aarhus", 2020), adopter(3, "Vejle", 2021)]
    genealogy = build_genealogy(nodes, [(1, 2, "Vagtplaner"), (2, 3, ""), (1, 3, "")])
    tree = str(genealogy.tree_html)
    root = ET.fromstring(tree)  # noqa: S314  # well-formed HTML here
    top = root.findall("li")
    assert len(top) == 1
    link = top[0].find("a")
    assert link is not None
    assert link.text == "Odense"
    learners = [li.find("a").text for li in top[0].find("ul").findall("li")]  # type: ignore[union-attr]
    assert learners == ["Aarhus", "Vejle"]
    assert "Lærte af Odense og tilpassede: Vagtplaner" in tree
    # Vejle appears under both teachers.
    assert tree.count(">Vejle</a>") == 2


def test_a_long_chain_does_not_hit_the_recursion_limit_in_the_walk() -> None:
    nodes = [adopter(i, f"O{i}", 2000 + i % 20) for i in range(1, 1501)]
    links = [(i, i + 1, "") for i in range(1, 1500)]
    genealogy = build_genealogy(nodes, links)
    assert max(node.generation for node in genealogy.nodes) == 1499
    assert genealogy.roots == (1,)


def _boxes(genealogy: Genealogy) -> dict[str, float]:
    root = ET.fromstring(str(genealogy.svg))  # noqa: S314
    boxes = {}
    for group in root.iter(f"{SVG}g"):
        if group.get("class") == "spred-genealogy__node":
            rect = group.find(f"{SVG}rect")
            assert rect is not None
            boxes[group.findall(f"{SVG}text")[1].text or ""] = float(rect.get("x") or 0)
    return boxes


def test_a_late_source_stands_next_to_its_learner_and_long_arrows_go_round() -> None:
    nodes = [
        adopter(1, "Odense", 2018),
        adopter(2, "Aarhus", 2019),
        adopter(3, "Skanderborg", 2020),
        source(4, "KL"),
    ]
    genealogy = build_genealogy(nodes, [(1, 2, ""), (2, 3, ""), (4, 3, ""), (1, 3, "")])
    boxes = _boxes(genealogy)
    assert boxes["KL"] == boxes["Aarhus"] < boxes["Skanderborg"]
    assert genealogy.by_key[4].generation == 0  # the data keep the generation
    root = ET.fromstring(str(genealogy.svg))  # noqa: S314
    paths = {
        (g.findtext(f"{SVG}title") or ""): g.find(f"{SVG}path")
        for g in root.iter(f"{SVG}g")
        if g.get("class") == "spred-genealogy__edge"
    }
    skip = paths["Skanderborg lærte af Odense"]
    near = paths["Aarhus lærte af Odense"]
    assert skip is not None
    assert " L " in (skip.get("d") or "")  # a lane under the boxes
    assert near is not None
    assert " L " not in (near.get("d") or "")
