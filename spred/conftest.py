"""Fixtures shared by every Spred test: reference data, people with roles, organisations.

The cast, used across the apps' tests and by ``access_world`` for permission matrices:

* ``organisation`` — a private company; ``org_admin`` is its only admin, ``org_member`` a plain
  member.
* ``other_organisation`` — another company; ``other_org_admin`` is its admin.
* ``outsider`` — signed in, member of nothing. ``platform_admin`` — in the Administrator group.
* ``analyst``, ``editor`` — in the Analytiker and Redaktør groups; ``superuser`` — a superuser.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from importlib import import_module
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core import mail
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction
from django.test import Client, override_settings
from django.utils import translation

from spred.accounts.models import ApiToken, User
from spred.accounts.roles import PlatformRole
from spred.accounts.services import api_token_create
from spred.accounts.tests.factories import UserFactory, platform_admin
from spred.core.api.testing import Auth
from spred.core.testing import AccessWorld, Audience, RowChanges, client_for, scene
from spred.organisations.models import Organisation, Region
from spred.organisations.reference import load_reference_data
from spred.organisations.tests.factories import (
    AdminMembershipFactory,
    MembershipFactory,
    OrganisationFactory,
)

#: Test modules whose every test carries a marker that ``make test`` leaves out, by file name.
#: Collecting them costs seconds in every test process (schemathesis builds a test for each API
#: operation while it collects), so a run that deselects the marker does not import them.
MARKED_MODULES = {"test_schemathesis.py": "fuzz"}


def _selects(config: pytest.Config, marker: str) -> bool:
    """Whether the run's -m expression selects a test that carries only ``marker``."""
    expression = config.getoption("markexpr")
    if not expression:
        return True
    try:
        # pytest's own evaluation of -m.
        from _pytest.mark.expression import Expression

        def carries(name: str, /, **_keywords: str | int | bool | None) -> bool:
            return name == marker

        return Expression.compile(expression).evaluate(carries)
    except Exception:  # a changed private API: collect, and let -m deselect
        return True


def pytest_ignore_collect(collection_path: Path, config: pytest.Config) -> bool | None:
    marker = MARKED_MODULES.get(collection_path.name)
    if marker is None or _selects(config, marker):
        return None
    return True


def _may_collect(config: pytest.Config, name: str) -> bool:
    """Whether the paths the run was given (all of ``spred`` by default) hold a module ``name``."""
    roots = [Path(arg.split("::", 1)[0]).resolve() for arg in config.args] or [
        Path(__file__).parent
    ]
    return any(root.name == name if root.is_file() else any(root.rglob(name)) for root in roots)


def pytest_configure(config: pytest.Config) -> None:
    # schemathesis gives every operation's test one test id, and pytest-xdist would run one of
    # them and count the run as passed.
    fuzz_modules = [name for name, marker in MARKED_MODULES.items() if marker == "fuzz"]
    if (
        getattr(config.option, "numprocesses", None)
        and _selects(config, "fuzz")
        and any(_may_collect(config, name) for name in fuzz_modules)
    ):
        raise pytest.UsageError(
            "The fuzz tests do not run in parallel: leave out -n or add -m 'not fuzz' "
            "(make pytest-outside runs them)."
        )


#: Test modules that read the whole demo (the ``demo`` fixture), by file name. pytest-xdist sends
#: them to one process, so the demo is loaded once in the run, not once in every process.
DEMO_MODULES = "test_demo_loaded.py"


def _module_of(nodeid: str) -> str:
    module = nodeid.split("::", 1)[0]
    return "demo" if module.endswith("/" + DEMO_MODULES) else module


def _transactional(item: pytest.Item) -> bool:
    marker = item.get_closest_marker("django_db")
    fixtures = set(getattr(item, "fixturenames", ()))
    return bool(
        {"transactional_db", "live_server"} & fixtures
        or (marker is not None and marker.kwargs.get("transaction"))
    )


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Run the modules in an order that keeps two processes busy to the end: the demo's modules
    first (one long load), then the larger modules before the smaller, and modules with
    transactional tests last — those empty every table when they end, so nothing may run after
    them in the same process. The order inside a module stays as it was."""
    modules: dict[str, list[pytest.Item]] = {}
    for item in items:
        modules.setdefault(_module_of(item.nodeid), []).append(item)

    def rank(entry: tuple[str, list[pytest.Item]]) -> tuple[bool, bool, int]:
        name, module_items = entry
        return (any(map(_transactional, module_items)), name != "demo", -len(module_items))

    items[:] = [item for _name, group in sorted(modules.items(), key=rank) for item in group]


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    """Modules are sent to processes whole (``--dist loadfile``: a module's scene is built once),
    the demo's modules all to the same one, in the order ``pytest_collection_modifyitems``
    gives them."""
    from xdist.scheduler import LoadFileScheduling

    class ByModuleInOrder(LoadFileScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return _module_of(nodeid)

    config.option.loadscopereorder = False
    return ByModuleInOrder(config, log)


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    # allauth keeps its rate-limit counters in the cache; one test's logins must not count
    # against the next test's.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _danish() -> Iterator[None]:
    # LocaleMiddleware leaves the language of the last request active in the thread, so a test
    # that switches to English would otherwise make every later test's messages English.
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _data_migration_rows(request: pytest.FixtureRequest) -> None:
    """A transactional test (the browser tests) empties every table when it ends, the rows data
    migrations created included: the platform roles, the catalogue's vocabularies and the
    barometer's indicators. pytest-django runs those tests last, so only they need the rows
    put back — at their start."""
    if not {"transactional_db", "live_server"} & set(request.fixturenames):
        return
    request.getfixturevalue("transactional_db")
    from django.apps import apps

    from spred.accounts.roles import PlatformRole
    from spred.barometer.indicators import sync_indicators

    for role in PlatformRole.values:
        Group.objects.get_or_create(name=role)
    import_module("spred.catalogue.migrations.0002_taxonomies").load(apps, None)
    sync_indicators(apps.get_model("barometer", "Indicator"))


# --------------------------------------------------------------------------------------------
# Reference data: the 5 regions, 98 municipalities and 24 ministries


@dataclass(frozen=True)
class ReferenceData:
    """Look-ups into the loaded reference data."""

    def region(self, code: int) -> Region:
        return Region.objects.get(code=code)

    def municipality(self, code: str) -> Organisation:
        return Organisation.objects.get(reference_key=f"municipality:{code}")

    def region_organisation(self, code: int) -> Organisation:
        return Organisation.objects.get(reference_key=f"region:{code}")

    def ministry(self, short_name: str) -> Organisation:
        return Organisation.objects.get(reference_key=f"ministry:{short_name}")


# Rows of the first real load in this test session. Later tests insert the same rows in bulk,
# which is several times faster than running the loader (full_clean and an audit row per object)
# again in every test that needs the municipalities.
_snapshot: tuple[list[Any], list[Any]] | None = None

# Restored rows get primary keys far above anything a test creates, so they never collide with
# rows a test made before asking for the reference data (SQLite reuses keys after a rollback).
_PK_OFFSET = 1_000_000


def _moved(row: dict[str, Any]) -> int | None:
    return None if row["region_id"] is None else row["region_id"] + _PK_OFFSET


def _restore_snapshot(regions: list[dict[str, Any]], organisations: list[dict[str, Any]]) -> None:
    Region.objects.bulk_create([Region(**{**row, "id": row["id"] + _PK_OFFSET}) for row in regions])
    Organisation.objects.bulk_create(
        [
            Organisation(**{**row, "id": row["id"] + _PK_OFFSET, "region_id": _moved(row)})
            for row in organisations
        ]
    )
    # PostgreSQL's sequences do not see explicit keys; move them past the restored rows.
    statements = connection.ops.sequence_reset_sql(no_style(), [Region, Organisation])
    if statements:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)


@pytest.fixture
def reference_data(db: None) -> ReferenceData:
    """The real reference data (``load_reference``), in this test's transaction."""
    global _snapshot
    if Region.objects.exists() or Organisation.objects.filter(reference_key__isnull=False).exists():
        # Something reference-like is already there (a factory region): let the loader merge.
        load_reference_data()
    elif _snapshot is None:
        load_reference_data()
        _snapshot = (
            list(Region.objects.values()),
            list(Organisation.objects.filter(reference_key__isnull=False).values()),
        )
    else:
        _restore_snapshot(*_snapshot)
    return ReferenceData()


# --------------------------------------------------------------------------------------------
# The demo, loaded once per test process


@dataclass(frozen=True)
class LoadedDemo:
    """What ``load_reference`` and ``load_demo`` wrote, and what the load printed and sent."""

    output: str
    mails: int
    changes: RowChanges


@pytest.fixture(scope="session")
def _demo_rows(django_db_setup: None, django_db_blocker: Any) -> LoadedDemo:
    """The reference data and the whole demo, loaded once by the real commands in a transaction
    that is rolled back; the rows they wrote are kept to be written again by ``demo``."""
    out = StringIO()

    def load() -> None:
        load_reference_data()
        call_command("load_demo", stdout=out)

    with django_db_blocker.unblock(), override_settings(SPRED_DEMO=True), transaction.atomic():
        mail.outbox = []
        changes, _nothing = RowChanges.of(load)
        sent = len(mail.outbox)
        transaction.set_rollback(True)
    return LoadedDemo(out.getvalue(), sent, changes)


@pytest.fixture(scope="module")
def demo(_demo_rows: LoadedDemo, django_db_blocker: Any) -> Iterator[LoadedDemo]:
    """The reference data and the demo, for every test of a module that only reads it (mark the
    module ``pytestmark = pytest.mark.usefixtures("demo")``, so no test runs without it). Demo
    mode is on while the module runs."""

    def restore() -> LoadedDemo:
        _demo_rows.changes.apply()
        return _demo_rows

    with override_settings(SPRED_DEMO=True):
        yield from scene(django_db_blocker, restore)


# --------------------------------------------------------------------------------------------
# People and organisations


@pytest.fixture
def user(db: None) -> User:
    return UserFactory.create()


@pytest.fixture
def outsider(db: None) -> User:
    return UserFactory.create(name="Olga Udenfor")


@pytest.fixture
def platform_admin_user(db: None) -> User:
    return platform_admin(name="Anne Administrator")


@pytest.fixture
def analyst(db: None) -> User:
    return UserFactory.create(name="Aske Analytiker", roles=[PlatformRole.ANALYST])


@pytest.fixture
def editor(db: None) -> User:
    return UserFactory.create(name="Rikke Redaktør", roles=[PlatformRole.EDITOR])


@pytest.fixture
def superuser(db: None) -> User:
    return UserFactory.create(name="Super Bruger", is_superuser=True, is_staff=True)


@pytest.fixture
def organisation(db: None) -> Organisation:
    return OrganisationFactory.create(name="Lysbro Velfærdsteknologi ApS", slug="lysbro")


@pytest.fixture
def org_admin(organisation: Organisation) -> User:
    return AdminMembershipFactory.create(organisation=organisation, user__name="Lene Leder").user


@pytest.fixture
def org_member(organisation: Organisation, org_admin: User) -> User:
    return MembershipFactory.create(organisation=organisation, user__name="Mikkel Medlem").user


@pytest.fixture
def other_organisation(db: None) -> Organisation:
    return OrganisationFactory.create(name="Datavej Analyse A/S", slug="datavej")


@pytest.fixture
def other_org_admin(other_organisation: Organisation) -> User:
    return AdminMembershipFactory.create(
        organisation=other_organisation, user__name="Ole Andersted"
    ).user


# --------------------------------------------------------------------------------------------
# API clients


@pytest.fixture
def token_user(db: None) -> User:
    return User.objects.create_user(
        email="api-bruger@example.dk", password=None, name="Astrid Api-Bruger"
    )


@pytest.fixture
def token(token_user: User) -> tuple[ApiToken, str]:
    return api_token_create(acting_user=token_user, name="Integration")


@pytest.fixture
def raw_token(token: tuple[ApiToken, str]) -> str:
    return token[1]


@pytest.fixture
def auth(raw_token: str) -> Auth:
    """Keyword arguments for the Django test client that send the token."""
    return {"HTTP_AUTHORIZATION": f"Bearer {raw_token}"}


@pytest.fixture
def api() -> Client:
    return Client()


@pytest.fixture
def quiet_api() -> Client:
    """A client that returns the 500 response instead of re-raising the view's exception."""
    return Client(raise_request_exception=False)


@pytest.fixture(name="client_for")
def client_for_fixture() -> Callable[[Any | None], Client]:
    """``client_for(user)`` — a test client signed in as that user (None: anonymous)."""
    return client_for


@pytest.fixture
def access_world(
    organisation: Organisation,
    org_admin: User,
    org_member: User,
    other_organisation: Organisation,
    other_org_admin: User,
) -> AccessWorld:
    """The four audiences of a permission matrix, as seen from ``organisation``: a plain member
    has no admin rights there; the other organisation's admin holds the right role, elsewhere."""
    return AccessWorld(
        users={
            Audience.ANONYMOUS: None,
            Audience.NO_PERMISSION: org_member,
            Audience.OTHER_ORGANISATION: other_org_admin,
            Audience.PERMITTED: org_admin,
        },
        objects={"organisation": organisation, "other_organisation": other_organisation},
    )
