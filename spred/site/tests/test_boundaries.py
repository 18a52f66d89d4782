"""The floors of DESIGN.md §3, enforced: which app may import which is data
(``[tool.spred.boundaries]`` in pyproject.toml), and ``scripts/import_graph.py`` — the command
that draws the graph — finds every import that breaks it. These tests run the same checks."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import spred

ROOT = Path(spred.__file__).resolve().parent.parent


def _load_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "import_graph", ROOT / "scripts" / "import_graph.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


graph = _load_script()
BOUNDARIES = graph.Boundaries.from_pyproject()
IMPORTS = graph.imports()


def _apps() -> set[str]:
    return {path.parent.name for path in (ROOT / "spred").glob("*/apps.py")}


def test_the_tree_keeps_its_floors() -> None:
    found = graph.problems(IMPORTS, BOUNDARIES)
    assert not found, "Imports the floors do not allow:\n  " + "\n  ".join(found)


def test_core_imports_no_app() -> None:
    assert BOUNDARIES.allowed["core"] == frozenset()
    assert not [i for i in IMPORTS if i.importer_app == "core" and i.target_app != "core"]


def test_the_table_names_every_app_and_only_apps() -> None:
    assert set(BOUNDARIES.allowed) == _apps()
    for app, allowed in BOUNDARIES.allowed.items():
        assert allowed <= _apps(), f"{app} allows unknown apps {allowed - _apps()}"
        assert app not in allowed


def test_the_floors_have_no_loop() -> None:
    """The table itself is a stack: apps can be ordered so each imports only earlier ones."""
    placed: list[str] = []
    remaining = dict(BOUNDARIES.allowed)
    while remaining:
        ready = sorted(app for app, allowed in remaining.items() if allowed <= set(placed))
        assert ready, f"the floors of {sorted(remaining)} depend on each other"
        placed.extend(ready)
        for app in ready:
            del remaining[app]
    assert placed[0] == "core"


def test_every_exemption_is_used_and_the_list_is_short() -> None:
    assert len(BOUNDARIES.exemptions) <= 3
    for importer, target, why in BOUNDARIES.exemptions:
        assert why.strip()
        assert any(BOUNDARIES.exempt(i) for i in IMPORTS), f"{importer} → {target} is unused"


def test_the_walk_sees_imports_everywhere() -> None:
    """Top-level, inside functions and relative imports are all found."""
    importers = {i.importer for i in IMPORTS}
    assert "spred.site.views" in importers
    assert any(
        i.target.startswith("spred.catalogue.") and i.importer_app == "diffusion" for i in IMPORTS
    )
    # spred/api/v1.py composes the routers: the one exemption in use.
    assert any(i.importer == "spred.api.v1" and i.target.endswith(".api.router") for i in IMPORTS)


def test_the_rules_can_fail() -> None:
    def imp(importer: str, target: str, *, test: bool = False) -> object:
        return graph.Import(importer, target, 1, test)

    found = graph.problems(
        [
            imp("spred.catalogue.views", "spred.diffusion.selectors.public_adoptions"),
            imp("spred.diffusion.selectors", "spred.catalogue.views.entries"),
            imp("spred.diffusion.api", "spred.catalogue.selectors._relations"),
            imp("spred.diffusion.selectors", "spred.catalogue.tests.factories"),
            imp("spred.diffusion.tests.test_x", "spred.catalogue.tests.factories", test=True),
            imp("spred.catalogue.models", "spred.core.api.pagination"),
            imp("spred.unknown.models", "spred.core.models"),
        ],
        BOUNDARIES,
    )
    text = "\n".join(found)
    assert "catalogue may not import diffusion" in text
    assert "another app's views" in text
    assert "a private name of another app" in text
    assert "another app's tests" in text
    assert "loop: catalogue and diffusion import each other" in text
    assert "the app unknown is not in" in text
    assert "spred.diffusion.tests.test_x" not in text  # tests may use lower apps' factories
    assert "spred.core.api.pagination" not in text  # core is kit throughout


ROOMS = ("views", "selectors", "services", "forms")


def _prefixed_rooms(root: Path) -> list[str]:
    found = []
    for path in root.glob("*/**/*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        name = path.stem
        if name.startswith("urls_") or any(name.endswith(f"_{room}") for room in ROOMS):
            found.append(str(path.relative_to(root)))
    return sorted(found)


def test_rooms_are_modules_or_packages_never_prefixed_file_names() -> None:
    """An app that grows turns a room into a package (views/ledger.py), never ledger_views.py;
    and it keeps one urls.py."""
    assert _prefixed_rooms(ROOT / "spred") == []


def test_the_room_check_can_fail(tmp_path: Path) -> None:
    for name in ("app/ledger_views.py", "app/urls_guide.py", "app/views/ledger.py"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("")
    assert _prefixed_rooms(tmp_path) == ["app/ledger_views.py", "app/urls_guide.py"]
