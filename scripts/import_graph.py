#!/usr/bin/env python
"""The import graph of Spred's apps, checked against the floors in pyproject.toml.

    python scripts/import_graph.py          # the apps, what each imports, and any problem
    python scripts/import_graph.py --dot    # the same graph for Graphviz: ... | dot -Tsvg

Reads every module under spred/ (tests included) without importing it, and finds each import
of a Spred module — at the top of a module, inside functions, and under TYPE_CHECKING alike.
The floors, ``[tool.spred.boundaries]`` in pyproject.toml, say which apps each app may import;
everything else is a problem:

* an import of an app the table does not allow (an upward import, or a sideways one);
* an import of another app's ``views``, ``forms``, ``api`` or ``tests`` module or package, or of
  a name or module that starts with an underscore (core is exempt: all of it is shared kit;
  tests may use the ``tests`` package of an app below them, for its factories);
* a loop: two apps that import each other (the table makes that impossible, but the check does
  not rely on the table being right).

The table's short ``exemptions`` list names the few imports that break a rule on purpose, each
with its reason.

Exit status 1 when there is a problem. ``spred/site/tests/test_boundaries.py`` runs the same
checks in the test suite.
"""

from __future__ import annotations

import argparse
import ast
import fnmatch
import sys
import tomllib
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: Rooms of an app that other apps never import: its pages, forms, endpoints and tests.
CLOSED_ROOMS = frozenset({"views", "forms", "api", "tests"})
#: The app whose every module is a shared kit.
KIT = "core"
#: The fixtures every test shares (spred/conftest.py); tests may import it, app code may not.
CONFTEST = "spred.conftest."


@dataclass(frozen=True)
class Import:
    """``importer`` (a module, e.g. spred.catalogue.views.entries) imports ``target`` (a module
    or a name in one, e.g. spred.core.pages.submit) at ``line``."""

    importer: str
    target: str
    line: int
    is_test: bool

    @property
    def importer_app(self) -> str:
        return self.importer.split(".")[1]

    @property
    def target_app(self) -> str:
        return self.target.split(".")[1]

    def __str__(self) -> str:
        return f"{self.importer}:{self.line} imports {self.target}"


@dataclass(frozen=True)
class Boundaries:
    allowed: dict[str, frozenset[str]]
    #: (importer pattern, target pattern, why) — fnmatch patterns on dotted names.
    exemptions: tuple[tuple[str, str, str], ...]

    @classmethod
    def from_pyproject(cls, path: Path = ROOT / "pyproject.toml") -> Boundaries:
        table = tomllib.loads(path.read_text())["tool"]["spred"]["boundaries"]
        exemptions = tuple(
            (item["importer"], item["imported"], item["why"])
            for item in table.get("exemptions", [])
        )
        allowed = {app: frozenset(apps) for app, apps in table["apps"].items()}
        return cls(allowed, exemptions)

    def exempt(self, found: Import) -> bool:
        return any(
            fnmatch.fnmatchcase(found.importer, importer)
            and fnmatch.fnmatchcase(found.target, target)
            for importer, target, _why in self.exemptions
        )


def _module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _targets(node: ast.AST, module: str, is_package: bool) -> Iterator[str]:
    if isinstance(node, ast.Import):
        for alias in node.names:
            yield alias.name
    elif isinstance(node, ast.ImportFrom):
        if node.level:
            base = module.split(".")
            if not is_package:
                base = base[:-1]
            base = base[: len(base) - (node.level - 1)]
            source = ".".join(base + ([node.module] if node.module else []))
        else:
            source = node.module or ""
        for alias in node.names:
            yield f"{source}.{alias.name}"


def imports(root: Path = ROOT) -> list[Import]:
    """Every import of a ``spred`` app module by a module of an app, tests included."""
    found = []
    for path in sorted((root / "spred").rglob("*.py")):
        module = _module_name(path, root)
        parts = module.split(".")
        if len(parts) < 3 or "migrations" in parts:
            continue  # spred/__init__.py, spred/conftest.py: not an app's
        is_test = "tests" in parts
        tree = ast.parse(path.read_text(), filename=str(path))
        for node in ast.walk(tree):
            for target in _targets(node, module, path.name == "__init__.py"):
                if target.startswith(CONFTEST) and is_test:
                    continue  # the suite's own fixtures and their types
                if target.startswith("spred.") and len(target.split(".")) > 2:
                    found.append(Import(module, target, node.lineno, is_test))
    return found


def app_graph(found: Iterable[Import]) -> dict[str, set[str]]:
    graph: dict[str, set[str]] = defaultdict(set)
    for item in found:
        graph[item.importer_app]
        if item.target_app != item.importer_app:
            graph[item.importer_app].add(item.target_app)
    return graph


def _closed_room(item: Import) -> str | None:
    """Why ``item`` reaches into another app where it may not, or None."""
    rest = item.target.split(".")[2:]
    if item.target_app == KIT or not rest:
        return None
    if rest[0] in CLOSED_ROOMS:
        if rest[0] == "tests" and item.is_test:
            return None  # factories of an app below (the floors decide which apps)
        return f"another app's {rest[0]}"
    if any(part.startswith("_") and not part.startswith("__") for part in rest):
        return "a private name of another app"
    return None


def problems(found: list[Import], boundaries: Boundaries) -> list[str]:
    """Every import the floors do not allow, and every loop between two apps."""
    lines = []
    for item in found:
        importer, target = item.importer_app, item.target_app
        if importer == target or boundaries.exempt(item):
            continue
        if importer not in boundaries.allowed:
            lines.append(f"{item}: the app {importer} is not in [tool.spred.boundaries]")
        elif target not in boundaries.allowed[importer]:
            lines.append(f"{item}: {importer} may not import {target}")
        elif reason := _closed_room(item):
            lines.append(f"{item}: {reason}")
    graph = app_graph(found)
    for app, targets in sorted(graph.items()):
        for other in sorted(targets):
            if app < other and app in graph.get(other, set()):
                lines.append(f"loop: {app} and {other} import each other")
    return lines


def dot(graph: dict[str, set[str]]) -> str:
    edges = [f'  "{app}" -> "{other}";' for app in sorted(graph) for other in sorted(graph[app])]
    return "digraph spred {\n  rankdir=BT;\n" + "\n".join(edges) + "\n}\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dot", action="store_true", help="print the app graph for Graphviz")
    args = parser.parse_args(argv)
    found = imports()
    graph = app_graph(found)
    if args.dot:
        print(dot(graph), end="")
        return 0
    boundaries = Boundaries.from_pyproject()
    for app in sorted(graph, key=lambda a: (len(boundaries.allowed.get(a, ())), a)):
        print(f"{app:14} -> {', '.join(sorted(graph[app])) or '(nothing)'}")
    found_problems = problems(found, boundaries)
    print()
    if found_problems:
        print(f"{len(found_problems)} problems:")
        for line in found_problems:
            print(f"  {line}")
        return 1
    print(f"No upward import, no loop, no reach into another app's rooms ({len(found)} imports).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
