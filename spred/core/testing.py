"""Reusable test helpers for every Spred app.

* **Access matrices** (the idea of NetBox's view test mixins and Wagtail's
  ``assertUserPermissionMatrix``): declare once per view what an anonymous visitor, a signed-in
  user without permission, a permitted user and a user of *another* organisation get, and check
  every cell in one go. A failure lists every wrong cell, not just the first.
* **Query budgets**: a ceiling for a page, and a guard that a list does not grow a query per row.
* **Nothing changed**: bad input must leave the database as it was.
* **Scenes built once**: rows that many read-only tests share, written once per module (each test
  then runs in a savepoint), and the rows of an expensive load kept for the whole session.
* **CSP**: find inline scripts and event handlers that ``script-src 'self'`` would block.

Everything here runs inside a pytest-django test with database access, except the scenes, which
module- and session-scoped fixtures open around the tests.
"""

from __future__ import annotations

import csv
import enum
import functools
import io
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any, TypeVar
from urllib.parse import parse_qs, urlsplit

from django.apps import apps
from django.conf import settings
from django.core.management.color import no_style
from django.db import connection, connections, models, transaction
from django.http import HttpResponse
from django.shortcuts import resolve_url
from django.test import Client
from django.test.utils import CaptureQueriesContext

# --------------------------------------------------------------------------------------------
# Clients


def client_for(user: Any | None) -> Client:
    """A test client signed in as ``user`` (anonymous for None). Skips allauth and axes on
    purpose: tests of the login itself post to the real login form instead."""
    client = Client()
    if user is not None:
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


# --------------------------------------------------------------------------------------------
# Access matrices


class Audience(enum.Enum):
    """Who asks. The order is the order requests are made in; each runs in its own savepoint."""

    ANONYMOUS = "anonymous"
    NO_PERMISSION = "signed in, no permission"
    OTHER_ORGANISATION = "permitted role, other organisation"
    PERMITTED = "permitted"


@dataclass(frozen=True)
class _LoginRedirect:
    def __repr__(self) -> str:
        return "redirect to login"


#: Expected answer for an anonymous visitor on a login-required page.
LOGIN = _LoginRedirect()


@dataclass(frozen=True)
class Redirect:
    """Any 302/303, optionally to a URL starting with ``to`` (for a successful POST)."""

    to: str | None = None

    def __repr__(self) -> str:
        return f"redirect to {self.to}" if self.to else "redirect"


Expected = int | _LoginRedirect | Redirect


@dataclass
class AccessWorld:
    """The people and objects one matrix runs against. ``users[Audience.ANONYMOUS]`` is None."""

    users: Mapping[Audience, Any]
    objects: dict[str, Any] = field(default_factory=dict)

    def __getitem__(self, name: str) -> Any:
        return self.objects[name]

    def __post_init__(self) -> None:
        missing = set(Audience) - set(self.users)
        if missing:
            raise ValueError(f"AccessWorld needs a user for {sorted(a.name for a in missing)}")
        if self.users[Audience.ANONYMOUS] is not None:
            raise ValueError("The anonymous audience has no user")


UrlSpec = str | Callable[[AccessWorld], str]
DataSpec = Mapping[str, Any] | Callable[[AccessWorld], Mapping[str, Any]] | None
Check = Callable[[Audience, HttpResponse, AccessWorld], None]


@dataclass(frozen=True)
class ViewAccess:
    """One row of a permission matrix: a request and what each audience gets."""

    label: str
    url: UrlSpec
    expect: Mapping[Audience, Expected]
    method: str = "get"
    data: DataSpec = None
    #: Runs after each audience's request, inside its savepoint — assert what changed (or not).
    check: Check | None = None

    def __post_init__(self) -> None:
        missing = set(Audience) - set(self.expect)
        if missing:
            # A row that leaves an audience out is how an untested hole starts.
            raise ValueError(
                f"{self.label}: say what {sorted(a.name for a in missing)} get (every audience)"
            )

    def __str__(self) -> str:
        return self.label


def public(label: str, url: UrlSpec, **kwargs: Any) -> ViewAccess:
    """Everyone, signed in or not, sees the page."""
    return ViewAccess(label, url, dict.fromkeys(Audience, 200), **kwargs)


def signed_in(label: str, url: UrlSpec, status: Expected = 200, **kwargs: Any) -> ViewAccess:
    """Any signed-in user; the page shows only their own things."""
    expect: dict[Audience, Expected] = dict.fromkeys(Audience, status)
    expect[Audience.ANONYMOUS] = LOGIN
    return ViewAccess(label, url, expect, **kwargs)


def scoped(
    label: str,
    url: UrlSpec,
    permitted: Expected = 200,
    *,
    no_permission: Expected = 404,
    other_organisation: Expected = 404,
    **kwargs: Any,
) -> ViewAccess:
    """The common case: sign in first; out of scope answers 404 (never 403 — do not reveal
    that the object exists)."""
    return ViewAccess(
        label,
        url,
        {
            Audience.ANONYMOUS: LOGIN,
            Audience.NO_PERMISSION: no_permission,
            Audience.OTHER_ORGANISATION: other_organisation,
            Audience.PERMITTED: permitted,
        },
        **kwargs,
    )


def _describe(response: HttpResponse) -> str:
    location = response.get("Location")
    return f"{response.status_code}" + (f" → {location}" if location else "")


def _matches(expected: Expected, response: HttpResponse, path: str) -> bool:
    if isinstance(expected, int):
        return response.status_code == expected
    if response.status_code not in (301, 302, 303):
        return False
    location = response["Location"]
    if isinstance(expected, Redirect):
        return expected.to is None or location.startswith(expected.to)
    target = urlsplit(location)
    next_urls = parse_qs(target.query).get("next", [])
    return (
        target.path == resolve_url(settings.LOGIN_URL)
        and len(next_urls) == 1
        and urlsplit(next_urls[0]).path == path
    )


def access_mismatches(case: ViewAccess, world: AccessWorld) -> list[str]:
    """Make the request as every audience; return one line per cell that is not as declared."""
    problems: list[str] = []
    for audience in Audience:
        with transaction.atomic():
            user = world.users[audience]
            client = client_for(user)
            url = case.url(world) if callable(case.url) else case.url
            data = case.data(world) if callable(case.data) else case.data
            response = getattr(client, case.method)(url, data or {})
            expected = case.expect[audience]
            if not _matches(expected, response, urlsplit(url).path):
                problems.append(
                    f"{case.label} [{case.method.upper()} {url}] as {audience.value}: "
                    f"expected {expected!r}, got {_describe(response)}"
                )
            elif case.check is not None:
                try:
                    case.check(audience, response, world)
                except AssertionError as exc:
                    problems.append(f"{case.label} as {audience.value}: {exc}")
            # Each audience starts from the same state, whatever the one before did.
            transaction.set_rollback(True)
    return problems


def assert_access(case: ViewAccess, world: AccessWorld) -> None:
    problems = access_mismatches(case, world)
    assert not problems, "Access matrix differs:\n  " + "\n  ".join(problems)


class AccessMatrix:
    """Mixin for a pytest test class, NetBox style: list the rows in ``access_cases`` and the
    class gets a test that checks them all against the ``access_world`` fixture (from
    ``spred/conftest.py``, or one the module defines)::

        class TestOrganisationPages(AccessMatrix):
            access_cases = (public("list", "/organisationer/"), scoped("edit", edit_url))
    """

    access_cases: tuple[ViewAccess, ...] = ()

    def test_access_matrix(self, access_world: AccessWorld) -> None:
        assert self.access_cases, f"{type(self).__name__} declares no access_cases"
        problems = [
            line for case in self.access_cases for line in access_mismatches(case, access_world)
        ]
        assert not problems, "Access matrix differs:\n  " + "\n  ".join(problems)


# --------------------------------------------------------------------------------------------
# Query budgets


def _numbered(queries: list[dict[str, Any]]) -> str:
    return "\n".join(f"  {i}. {q['sql']}" for i, q in enumerate(queries, start=1))


@contextmanager
def max_queries(limit: int, *, using: str = "default") -> Iterator[CaptureQueriesContext]:
    """Fail when the block runs more than ``limit`` SQL queries; the failure lists them."""
    with CaptureQueriesContext(connections[using]) as context:
        yield context
    if len(context) > limit:
        raise AssertionError(
            f"{len(context)} queries, budget {limit}:\n{_numbered(context.captured_queries)}"
        )


def count_queries(action: Callable[[], Any], *, using: str = "default") -> int:
    with CaptureQueriesContext(connections[using]) as context:
        action()
    return len(context)


def assert_queries_do_not_grow(action: Callable[[], Any], add_rows: Callable[[], Any]) -> int:
    """The N+1 guard: ``action`` (e.g. fetch a list page) costs the same number of queries
    after ``add_rows`` has put more rows in the list. Returns that number."""
    action()  # warm caches (content types, sessions) so they do not count against either run
    before = count_queries(action)
    add_rows()
    after = count_queries(action)
    assert after == before, f"Queries grew from {before} to {after} when rows were added"
    return after


# --------------------------------------------------------------------------------------------
# Nothing changed


def _row(obj: models.Model) -> dict[str, Any]:
    return type(obj)._default_manager.filter(pk=obj.pk).values().get()


@contextmanager
def unchanged(*tracked: type[models.Model] | models.Model) -> Iterator[None]:
    """Assert that the block leaves the database as it was: the same number of rows for each
    model given, and the same stored values for each instance given."""
    model_classes = [t for t in tracked if isinstance(t, type)]
    instances = [t for t in tracked if not isinstance(t, type)]
    counts = {m: m._default_manager.count() for m in model_classes}
    rows = {(type(o), o.pk): _row(o) for o in instances}
    yield
    changed = [
        f"{m.__name__}: {before} → {m._default_manager.count()} rows"
        for m, before in counts.items()
        if m._default_manager.count() != before
    ]
    for obj in instances:
        after = _row(obj)
        before_row = rows[(type(obj), obj.pk)]
        diff = sorted(k for k in after if after[k] != before_row[k])
        if diff:
            changed.append(f"{type(obj).__name__} {obj.pk}: {', '.join(diff)} changed")
    assert not changed, "Expected nothing to change, but:\n  " + "\n  ".join(changed)


# --------------------------------------------------------------------------------------------
# Scenes built once, and without audit rows

F = TypeVar("F", bound=Callable[..., Any])


def without_audit(build: F) -> F:
    """A builder of test data whose writes leave no audit rows. The world a test starts from is
    its premise, not what it checks, and the audit rows of factories' creates and saves are
    most of what building a world costs. The writes a test makes itself are audited as ever."""

    @functools.wraps(build)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from auditlog.context import disable_auditlog

        with disable_auditlog():
            return build(*args, **kwargs)

    return wrapper  # type: ignore[return-value]


T = TypeVar("T")


def scene(django_db_blocker: Any, build: Callable[[], T]) -> Iterator[T]:
    """The body of a module-scoped fixture whose rows many tests read::

        @pytest.fixture(scope="module")
        def world(django_db_setup: None, django_db_blocker: Any) -> Iterator[World]:
            yield from scene(django_db_blocker, build_world)

    ``build`` runs once, in a transaction that stays open while the module's tests run; each
    test that asks for ``db`` runs in a savepoint inside it, so what a test writes is gone before
    the next one, and the scene itself is rolled back after the last. Only for tests that leave
    the scene's Python objects as they found them: a rollback restores rows, not attributes."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            value = build()
        except BaseException as exc:
            atomic.__exit__(type(exc), exc, exc.__traceback__)
            raise
    try:
        yield value
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def _stored_models() -> list[type[models.Model]]:
    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy
    ]


def _rows(model: type[models.Model]) -> dict[Any, dict[str, Any]]:
    fields = [f.attname for f in model._meta.concrete_fields]
    rows = model._base_manager.order_by().values(*fields)
    return {row[model._meta.pk.attname]: row for row in rows}


@dataclass
class RowChanges:
    """What a piece of work did to the database, row by row, to be done again without the work:
    the session loads the demo once, and each module that reads it gets the rows back in a
    fraction of the time. Rows are copied as stored (no ``save()``, no signals, no audit rows
    beyond the ones the work itself wrote)."""

    inserted: dict[type[models.Model], list[dict[str, Any]]]
    updated: dict[type[models.Model], list[dict[str, Any]]]
    deleted: dict[type[models.Model], list[Any]]

    @classmethod
    def of(cls, work: Callable[[], T]) -> tuple[RowChanges, T]:
        """Run ``work`` and return what it changed, with its result. The caller rolls back."""
        stored = _stored_models()
        before = {model: _rows(model) for model in stored}
        result = work()
        inserted: dict[type[models.Model], list[dict[str, Any]]] = {}
        updated: dict[type[models.Model], list[dict[str, Any]]] = {}
        deleted: dict[type[models.Model], list[Any]] = {}
        for model in stored:
            old, new = before[model], _rows(model)
            if added := [row for key, row in new.items() if key not in old]:
                inserted[model] = added
            if changed := [row for key, row in new.items() if key in old and old[key] != row]:
                updated[model] = changed
            if gone := [key for key in old if key not in new]:
                deleted[model] = gone
        return cls(inserted, updated, deleted), result

    def apply(self) -> None:
        """Write the same rows again, on a database in the state the work started from.
        Foreign keys are checked at commit (Django creates them deferrable), so the order of
        the tables does not matter."""
        for model, keys in self.deleted.items():
            # As stored: no cascade, no signals (an audit row of the delete would be new).
            query = model._base_manager.filter(pk__in=keys)
            query._raw_delete(query.db)
        for model, rows in self.inserted.items():
            model._base_manager.bulk_create([model(**row) for row in rows], batch_size=500)
        for model, rows in self.updated.items():
            for row in rows:
                key = row[model._meta.pk.attname]
                model._base_manager.filter(pk=key).update(
                    **{name: value for name, value in row.items() if name != model._meta.pk.attname}
                )
        # PostgreSQL's sequences do not see explicit keys; move them past the copied rows.
        statements = connection.ops.sequence_reset_sql(no_style(), list(self.inserted))
        if statements:
            with connection.cursor() as cursor:
                for sql in statements:
                    cursor.execute(sql)


# --------------------------------------------------------------------------------------------
# Files to import


def csv_bytes(rows: list[list[str]], *, delimiter: str = ";", bom: bool = True) -> bytes:
    """A CSV file as Danish Excel writes it: semicolons, CRLF and a byte-order mark."""
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return (("\ufeff" if bom else "") + buffer.getvalue()).encode("utf-8")


def xlsx_bytes(rows: list[list[Any]]) -> bytes:
    """An XLSX workbook with the rows on its first sheet."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --------------------------------------------------------------------------------------------
# Content-Security-Policy


class _ScriptFinder(HTMLParser):
    SAFE_SCRIPT_TYPES = frozenset({"application/json"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self._in_inline_script = False
        self._body: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=…> inline event handler")
            if name in {"href", "src", "action"} and (value or "").strip().lower().startswith(
                "javascript:"
            ):
                self.problems.append(f"<{tag} {name}={value!r}> javascript: URL")
        if tag == "script":
            script_type = (attributes.get("type") or "").strip().lower()
            if not attributes.get("src") and script_type not in self.SAFE_SCRIPT_TYPES:
                self._in_inline_script = True
                self._body = []

    def handle_data(self, data: str) -> None:
        if self._in_inline_script:
            self._body.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._in_inline_script:
            self.problems.append(f"inline <script>: {''.join(self._body).strip()[:80]!r}")
            self._in_inline_script = False


def csp_script_problems(html: str) -> list[str]:
    """What in a page ``script-src 'self'`` would block: every ``<script>`` needs a ``src`` or
    ``type="application/json"`` (data, not code); no ``on…=`` handlers; no ``javascript:``."""
    finder = _ScriptFinder()
    finder.feed(html)
    finder.close()
    return finder.problems
