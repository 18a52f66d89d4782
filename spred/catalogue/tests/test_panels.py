"""Other apps add sections to a solution's page through the registry, not by being imported."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from spred.catalogue import panels
from spred.catalogue.models import Solution
from spred.catalogue.panels import SolutionPanel, register_solution_panel, solution_panels


@pytest.fixture
def registry() -> Iterator[None]:
    kept = dict(panels._solution_panels)
    panels._solution_panels.clear()
    yield
    panels._solution_panels.clear()
    panels._solution_panels.update(kept)


def test_the_ledger_registers_its_panel_when_ready() -> None:
    assert "diffusion/includes/solution_panel.html" in panels._solution_panels


@pytest.mark.usefixtures("registry")
def test_panels_show_what_they_have_in_order_and_nothing_when_they_have_nothing() -> None:
    solution = Solution(name="Spiserobot", slug="spiserobot")
    seen: list[Any] = []

    def first(*, user: Any, solution: Solution) -> dict[str, Any]:
        seen.append(user)
        return {"name": solution.name}

    register_solution_panel(SolutionPanel("a.html", first))
    register_solution_panel(SolutionPanel("b.html", lambda **_kw: None))
    register_solution_panel(SolutionPanel("c.html", lambda **_kw: {"n": 1}))

    shown = solution_panels(user="someone", solution=solution)

    assert [(p.template, dict(p.panel)) for p in shown] == [
        ("a.html", {"name": "Spiserobot"}),
        ("c.html", {"n": 1}),
    ]
    assert seen == ["someone"]


@pytest.mark.usefixtures("registry")
def test_registering_a_template_again_replaces_its_panel() -> None:
    register_solution_panel(SolutionPanel("a.html", lambda **_kw: {"v": 1}))
    register_solution_panel(SolutionPanel("a.html", lambda **_kw: {"v": 2}))
    shown = solution_panels(user=None, solution=Solution(name="X", slug="x"))
    assert [dict(p.panel) for p in shown] == [{"v": 2}]
