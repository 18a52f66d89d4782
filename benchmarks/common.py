"""What the benchmark scripts share: a throwaway database with Django set up on it, the reference
organisations and the synthetic solutions and adoptions of a ledger, timing and percentile
helpers, and the machine description.

Importing this module puts the project root on ``sys.path`` (the scripts run as
``.venv/bin/python benchmarks/<script>.py``, which puts only ``benchmarks/`` there), so a script
imports it before anything from ``spred``. Nothing here imports Django at module level: a script
chooses its database before Django reads the settings.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import numpy as np

if TYPE_CHECKING:
    from spred.catalogue.models import Solution
    from spred.diffusion.models import Adoption
    from spred.organisations.models import Organisation

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

VAR = ROOT / "var"

T = TypeVar("T")


# --------------------------------------------------------------------------------------------
# The throwaway database


def add_database_arguments(parser: argparse.ArgumentParser, default_postgres: str) -> None:
    """``--database``, ``--postgres-url`` and ``--keep``, as every database benchmark takes them."""
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--postgres-url", default=default_postgres)
    parser.add_argument("--keep", action="store_true", help="keep the benchmark database")


def _remove_sqlite(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def _on_postgres_server(postgres_url: str, *statements: str) -> None:
    """Run statements on the server's maintenance database (a database cannot drop itself)."""
    import psycopg

    base, _sep, _name = postgres_url.rpartition("/")
    with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
        for statement in statements:
            connection.execute(statement)


def _postgres_name(postgres_url: str) -> str:
    return postgres_url.rpartition("/")[2]


def prepare_database(
    database: str, *, sqlite_path: Path, postgres_url: str, reuse: bool = False
) -> None:
    """Point Django at an empty benchmark database, set Django up and migrate.

    The database is the SQLite file ``sqlite_path`` or the PostgreSQL database named at the end
    of ``postgres_url``; either is removed first. With ``reuse`` a kept database is used as it
    is: neither emptied nor migrated.
    """
    if database == "sqlite":
        VAR.mkdir(exist_ok=True)
        if not reuse:
            _remove_sqlite(sqlite_path)
        os.environ["DATABASE_URL"] = f"sqlite:///{sqlite_path}"
    else:
        if not reuse:
            name = _postgres_name(postgres_url)
            _on_postgres_server(
                postgres_url, f'DROP DATABASE IF EXISTS "{name}"', f'CREATE DATABASE "{name}"'
            )
        os.environ["DATABASE_URL"] = postgres_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    django.setup()
    if not reuse:
        from django.core.management import call_command

        call_command("migrate", verbosity=0)


def drop_database(database: str, *, sqlite_path: Path, postgres_url: str) -> None:
    """Remove the benchmark database, closing Django's connections to it first."""
    from django.db import connections

    connections.close_all()
    if database == "sqlite":
        _remove_sqlite(sqlite_path)
        return
    _on_postgres_server(postgres_url, f'DROP DATABASE IF EXISTS "{_postgres_name(postgres_url)}"')


def server_version(database: str) -> str:
    """The version the database server (or the embedded SQLite library) reports, e.g. 3.40.1."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT sqlite_version()" if database == "sqlite" else "SHOW server_version")
        row = cursor.fetchone()
    return str(row[0])


def vendor_version(database: str) -> str:
    """``SQLite 3.40.1`` or ``PostgreSQL 15.…``: how the figures name the database."""
    return f"{'SQLite' if database == 'sqlite' else 'PostgreSQL'} {server_version(database)}"


# --------------------------------------------------------------------------------------------
# Synthetic data


def reference_organisations(**filters: Any) -> list[Organisation]:
    """Load the real reference data (municipalities, regions, ministries) and return the
    organisations that match ``filters``, by id."""
    from spred.organisations.models import Organisation
    from spred.organisations.reference import load_reference_data

    load_reference_data()
    return list(Organisation.objects.filter(**filters).order_by("pk"))


def create_solutions(owner: Organisation, count: int) -> list[Solution]:
    """``count`` published, fictional solutions offered by ``owner``, written in bulk.

    Call inside the caller's transaction. Reference data (organisations, categories) must be
    loaded already.
    """
    from django.utils import timezone

    from spred.catalogue.choices import Status
    from spred.catalogue.models import Solution

    now = timezone.now()
    return Solution.objects.bulk_create(
        [
            Solution(
                name=f"Benchmarkløsning {n}",
                slug=f"benchmarkloesning-{n}",
                summary="Fiktiv løsning til måling af hastighed.",
                organisation=owner,
                status=Status.PUBLISHED,
                published_at=now,
            )
            for n in range(count)
        ],
        batch_size=500,
    )


def verified_adoption(
    *, organisation: Organisation, solution: Solution, status: str, since: date, adopted: date
) -> Adoption:
    """An unsaved adoption marked as demo content, verified and confirmed at noon on the day it
    was adopted (for ``bulk_create``)."""
    from spred.diffusion.choices import Verification
    from spred.diffusion.models import Adoption

    at = datetime(adopted.year, adopted.month, adopted.day, 12, tzinfo=UTC)
    return Adoption(
        organisation=organisation,
        solution=solution,
        status=status,
        status_since=since,
        adopted_on=adopted,
        verification=Verification.VERIFIED,
        verified_at=at,
        confirmed_at=at,
        is_demo=True,
    )


# --------------------------------------------------------------------------------------------
# Timing


def timed(action: Callable[[], T], repeat: int) -> tuple[list[float], list[float], T]:
    """Run ``action`` ``repeat`` times (at least once): wall times, CPU times, the last result."""
    walls: list[float] = []
    cpus: list[float] = []
    for _n in range(max(repeat, 1)):
        wall, cpu = time.perf_counter(), time.process_time()
        result = action()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return walls, cpus, result


def time_each(
    action: Callable[[Any], Any], items: Sequence[Any], before: Callable[[], None]
) -> list[float]:
    """The wall time of ``action(item)`` for each item; ``before()`` runs untimed before each."""
    walls = []
    for item in items:
        before()
        started = time.perf_counter()
        action(item)
        walls.append(time.perf_counter() - started)
    return walls


def nearest_rank(ordered: Sequence[float], share: float) -> float:
    """The value at ``share`` (0–1) of sorted ``ordered``, by nearest rank (no interpolation)."""
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def percentiles(samples: Sequence[float]) -> dict[str, float]:
    """p50, p95, max and mean of times in seconds, in milliseconds."""
    ordered = sorted(samples)
    return {
        "p50": nearest_rank(ordered, 0.5) * 1000,
        "p95": nearest_rank(ordered, 0.95) * 1000,
        "max": ordered[-1] * 1000,
        "mean": statistics.fmean(ordered) * 1000,
    }


# --------------------------------------------------------------------------------------------
# The machine


def python_and_numpy() -> str:
    """``Python 3.11.2, numpy 2.4.6``: the versions every figure depends on."""
    return f"Python {platform.python_version()}, numpy {np.__version__}"


def load_average() -> float:
    """The one-minute load average: wall times mean little when it is above the core count."""
    return os.getloadavg()[0]
