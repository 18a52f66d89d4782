"""The test run's own rules: what ``make test`` leaves out it leaves out on purpose."""

from __future__ import annotations

import ast
import tomllib
from pathlib import Path

import spred
from spred.conftest import MARKED_MODULES

ROOT = Path(spred.__file__).resolve().parent.parent


def _registered_markers() -> set[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    lines = config["tool"]["pytest"]["ini_options"]["markers"]
    return {line.split(":", 1)[0] for line in lines}


def _module_markers(path: Path) -> set[str]:
    """The markers a module's ``pytestmark = pytest.mark.x`` (or a list of them) gives."""
    for node in ast.parse(path.read_text()).body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "pytestmark" for t in node.targets
        ):
            values = node.value.elts if isinstance(node.value, ast.List) else [node.value]
            return {
                value.attr
                for value in values
                if isinstance(value, ast.Attribute)
                and isinstance(value.value, ast.Attribute)
                and value.value.attr == "mark"
            }
    return set()


def test_modules_left_uncollected_carry_their_marker_on_every_test() -> None:
    """A module ``make test`` does not even collect must be one whose every test the -m
    expression deselects anyway, or a test would silently go missing."""
    assert MARKED_MODULES
    for name, marker in MARKED_MODULES.items():
        assert marker in _registered_markers(), f"{marker} is not a registered marker"
        paths = list((ROOT / "spred").rglob(name))
        assert len(paths) == 1, f"{name}: expected one module, found {paths}"
        assert marker in _module_markers(paths[0]), f"{name} lacks pytestmark = {marker}"


def test_the_marker_check_can_fail(tmp_path: Path) -> None:
    module = tmp_path / "test_example.py"
    module.write_text("import pytest\npytestmark = pytest.mark.django_db\n")
    assert _module_markers(module) == {"django_db"}
    module.write_text("import pytest\n")
    assert _module_markers(module) == set()
