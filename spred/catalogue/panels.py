"""What other apps add to the catalogue's pages: sections on a solution's page.

The catalogue knows nothing of the apps above it. An app that has something to say about a
solution (the adoption ledger: who uses it) registers a panel when it is ready, the way the
catalogue registers its providers with search; the solution page shows every registered panel
that has something to show, in the order they were registered.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from spred.catalogue.models import Solution

#: A panel's content for a solution as seen by a user, or None to show nothing.
PanelContext = Callable[..., Mapping[str, Any] | None]


@dataclass(frozen=True)
class SolutionPanel:
    """A section of a solution's page: ``template`` renders ``panel`` (what ``context`` gave,
    called as ``context(user=..., solution=...)``)."""

    template: str
    context: PanelContext


@dataclass(frozen=True)
class ShownPanel:
    template: str
    panel: Mapping[str, Any]


_solution_panels: dict[str, SolutionPanel] = {}


def register_solution_panel(panel: SolutionPanel) -> None:
    """Register (or replace) the panel with this template."""
    _solution_panels[panel.template] = panel


def solution_panels(*, user: Any, solution: Solution) -> list[ShownPanel]:
    """The registered panels that have something to show for this solution and user."""
    shown = []
    for panel in _solution_panels.values():
        content = panel.context(user=user, solution=solution)
        if content is not None:
            shown.append(ShownPanel(panel.template, content))
    return shown
