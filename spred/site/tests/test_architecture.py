"""The layering in DESIGN.md §3, enforced: services check a policy, selectors start from one,
views read through selectors.

The rooms are found by walking every app: a room is a module (``services.py``) or, once an app
has grown, a package of modules (``services/ledger.py``). Services are also found by their
``@service`` decorator wherever they are defined, so a write cannot hide in a module with
another name. A new app is covered the day it is added.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
import textwrap
from collections.abc import Callable
from types import ModuleType
from typing import Any

import pytest

import spred

#: Public selectors that take no user, with the reason. Keep this short: every other read is
#: scoped by the user it is for.
SELECTORS_WITHOUT_USER: dict[str, str] = {
    "spred.accounts.selectors.user_for_raw_token": (
        "authentication: it finds out who the user is, so there is no user to scope by yet"
    ),
}

#: Public selectors that are the same for everyone: published content and the open ledger, read
#: as an anonymous visitor would. They take no user and still start from a policy.
SAME_FOR_EVERYONE: dict[str, str] = {
    "spred.catalogue.selectors.entries.public_cases": (
        "published cases: lists, search, feeds, open data"
    ),
    "spred.catalogue.selectors.entries.public_solutions": "published solutions, as public_cases",
    "spred.catalogue.selectors.discovery.public_entries": (
        "the published entries among the search engine's hits"
    ),
    "spred.catalogue.selectors.discovery.visible_hits": "the engine's hits that are published",
    "spred.catalogue.selectors.discovery.export_records": "published entries, for the JSON export",
    "spred.catalogue.selectors.discovery.export_rows": "published entries, for CSV and XLSX",
    "spred.diffusion.selectors.ledger.public_adoptions": (
        "the open ledger, source of every public figure"
    ),
    "spred.diffusion.selectors.ledger.recordable_solutions": "published solutions one may record",
    "spred.diffusion.selectors.ledger.source_case_options": "published cases an adoption may cite",
    "spred.diffusion.selectors.statistics.public_solution_get": (
        "a public solution's statistics page is public for everyone alike"
    ),
    "spred.diffusion.selectors.statistics.public_technologies": (
        "the technology vocabulary with its count of published solutions"
    ),
}

POLICY_READS = frozenset({"visible_to", "get_visible_or_404"})
POLICY_CHECKS = frozenset({"require", "can"})


def _app_code() -> list[ModuleType]:
    """Every module of every app but its tests and migrations."""
    found = []
    for info in pkgutil.walk_packages(spred.__path__, prefix="spred."):
        parts = info.name.split(".")
        if len(parts) < 3 or {"tests", "migrations"} & set(parts) or parts[-1] == "conftest":
            continue
        found.append(importlib.import_module(info.name))
    return found


APP_CODE = _app_code()


def _in_room(module: ModuleType, room: str) -> bool:
    """``room`` is ``services``, ``selectors``, ``views`` or ``api``: the app's module of that
    name, or a module of its package of that name (``spred.<app>.<room>[.<area>]``). Prefixed
    names (``ledger_views``) are refused by test_boundaries.py."""
    parts = module.__name__.split(".")[2:]
    return bool(parts) and parts[0] == room


def _app_modules(room: str) -> list[ModuleType]:
    return [m for m in APP_CODE if _in_room(m, room)]


def _public_functions(module: ModuleType) -> list[tuple[str, Callable[..., Any]]]:
    return [
        (name, obj)
        for name, obj in inspect.getmembers(module, inspect.isfunction)
        if not name.startswith("_") and obj.__module__ == module.__name__
    ]


def _function_node(func: Callable[..., Any]) -> ast.FunctionDef:
    source = textwrap.dedent(inspect.getsource(inspect.unwrap(func)))
    node = ast.parse(source).body[0]
    assert isinstance(node, ast.FunctionDef)
    return node


def _called_attributes(node: ast.AST) -> set[str]:
    """Names of methods called anywhere in the function: ``X.require(...)`` → "require"."""
    return {
        call.func.attr
        for call in ast.walk(node)
        if isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute)
    }


def _called_names(node: ast.AST) -> set[str]:
    return {
        call.func.id
        for call in ast.walk(node)
        if isinstance(call, ast.Call) and isinstance(call.func, ast.Name)
    }


SERVICE_MODULES = _app_modules("services")
SELECTOR_MODULES = _app_modules("selectors")
SERVICES = [
    pytest.param(func, id=f"{m.__name__}.{n}")
    for m in APP_CODE
    for n, func in _public_functions(m)
    if m in SERVICE_MODULES or getattr(func, "__spred_service__", False)
]
SELECTORS = [
    pytest.param(m, func, id=f"{m.__name__}.{n}")
    for m in SELECTOR_MODULES
    for n, func in _public_functions(m)
]


def test_the_walk_finds_the_apps() -> None:
    names = {m.__name__ for m in SERVICE_MODULES + SELECTOR_MODULES}
    assert {
        "spred.organisations.services",
        "spred.organisations.selectors",
        "spred.accounts.services",
        "spred.accounts.selectors",
    } <= names
    assert len(SERVICES) >= 6
    assert len(SELECTORS) >= 8


@pytest.mark.parametrize("func", SERVICES)
def test_every_service_is_a_service_and_checks_a_policy(func: Callable[..., Any]) -> None:
    name = f"{func.__module__}.{func.__name__}"
    assert getattr(func, "__spred_service__", False), (
        f"{name} is public in a services module but not decorated with @service. Decorate it, "
        "or make it private (_name) / move it out if it is a helper rather than a write."
    )
    module = importlib.import_module(func.__module__)
    assert module in SERVICE_MODULES, f"{name} is a @service outside the app's services"
    assert _called_attributes(_function_node(func)) & POLICY_CHECKS, (
        f"{name} never calls a policy's .require(...) or .can(...)"
    )
    parameters = inspect.signature(inspect.unwrap(func)).parameters.values()
    assert "acting_user" in {p.name for p in parameters}
    assert all(
        p.kind is inspect.Parameter.KEYWORD_ONLY for p in parameters if p.kind != p.VAR_KEYWORD
    ), f"{name} must take keyword arguments only"


@pytest.mark.parametrize(("module", "func"), SELECTORS)
def test_every_selector_starts_from_a_policy(module: ModuleType, func: Callable[..., Any]) -> None:
    name = f"{module.__name__}.{func.__name__}"
    if name in SELECTORS_WITHOUT_USER:
        return
    parameters = inspect.signature(func).parameters
    if name in SAME_FOR_EVERYONE:
        assert "user" not in parameters, f"{name} takes a user: remove it from SAME_FOR_EVERYONE"
    else:
        assert "user" in parameters, f"{name} must take the reading user as keyword argument user="
        assert parameters["user"].kind is inspect.Parameter.KEYWORD_ONLY, (
            f"{name} must take the reading user as keyword argument user="
        )
    node = _function_node(func)
    # A selector may start from another selector of the same app (an app split by area reads
    # through its ledger's ``public_adoptions`` rather than restating it).
    app = module.__name__.split(".")[1]
    sibling_selectors = {
        n
        for m in SELECTOR_MODULES
        if m.__name__.split(".")[1] == app
        for n, _f in _public_functions(m)
    } - {func.__name__}
    assert _called_attributes(node) & POLICY_READS or _called_names(node) & sibling_selectors, (
        f"{name} must start from a policy's visible_to(user) / get_visible_or_404(user, ...) "
        "or from another selector"
    )


def test_selector_exemptions_are_not_stale() -> None:
    existing = {f"{m.__name__}.{n}" for m in SELECTOR_MODULES for n, _f in _public_functions(m)}
    assert SELECTORS_WITHOUT_USER.keys() <= existing
    assert SAME_FOR_EVERYONE.keys() <= existing


VIEW_MODULES = _app_modules("views") + [m for m in APP_CODE if _in_room(m, "api")]


def test_the_walk_finds_views_and_api_modules() -> None:
    names = {m.__name__ for m in VIEW_MODULES}
    assert {"spred.organisations.views", "spred.organisations.api", "spred.site.views"} <= names


@pytest.mark.parametrize("module", VIEW_MODULES, ids=lambda m: m.__name__)
def test_views_read_through_selectors_not_the_orm(module: ModuleType) -> None:
    # Views stay thin: a view that queries a model directly skips the policy's visible_to.
    tree = ast.parse(inspect.getsource(module))
    managers = [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute) and node.attr in {"objects", "_default_manager"}
    ]
    assert not managers, f"{module.__name__} uses a model manager directly on lines {managers}"


def test_the_rules_can_fail() -> None:
    """The checks above catch a write that forgets its policy and a read that skips it."""

    def organisation_archive(*, acting_user: Any, organisation: Any) -> None:
        organisation.delete()

    assert not _called_attributes(_function_node(organisation_archive)) & POLICY_CHECKS

    def organisation_everything(*, user: Any) -> Any:
        from spred.organisations.models import Organisation

        return Organisation.objects.all()

    node = _function_node(organisation_everything)
    assert not _called_attributes(node) & POLICY_READS
