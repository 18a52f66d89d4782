"""Diffusion statistics and model fits for a large ledger, and peer recommendations.

    .venv/bin/python benchmarks/diffusion.py [--solutions 1000] [--max-adopters 100]
        [--repeat 3] [--seed 11] [--database sqlite|postgres] [--postgres-url URL] [--keep]

A synthetic ledger (made here, fictional): the real reference data (98 municipalities, 5 regions,
the ministries), ``--solutions`` published solutions, and for each between 0 and
``--max-adopters`` verified adoptions by distinct public organisations, with adoption dates
drawn from a Bass process (launch year 2010–2023, p 0.005–0.04, q 0.2–0.7; dates after today are
not adopted yet) and about 8 % stopped again. Everything is written with ``bulk_create`` into a
throwaway database — a SQLite file under var/ or the PostgreSQL database named in
``--postgres-url`` — migrated from scratch and removed afterwards unless ``--keep``.

Timed (best of ``--repeat``, the first run next to it):

* **statistics + fits**: ``statistics_selectors.solutions_diffusion`` for every solution — one
  query for all the rows, then per solution the counts, shares, milestones, per-year series
  and ``fitting.fit_best`` (Bass, logistic and Gompertz by AIC). Target: under 5 s in total.
* the same without the fits (``fit=False``), to show what the fitting costs;
* **one solution's page figures**: ``solution_diffusion`` for 100 solutions one by one (a query
  each), the time per solution;
* **peer recommendations** for one municipality: ``recommendation_selectors.recommendations_for``.
  Target: under 100 ms.

Prints the figures; asserts nothing about time.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics as stats
import sys
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

VAR = ROOT / "var"
SQLITE_PATH = VAR / "bench-diffusion.sqlite3"
DEFAULT_POSTGRES = "postgres://postgres@127.0.0.1:5432/spred_bench_diffusion"


def _prepare_database(database: str, postgres_url: str) -> None:
    if database == "sqlite":
        VAR.mkdir(exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{SQLITE_PATH}{suffix}").unlink(missing_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{SQLITE_PATH}"
    else:
        import psycopg

        base, _sep, name = postgres_url.rpartition("/")
        with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
            connection.execute(f'CREATE DATABASE "{name}"')
        os.environ["DATABASE_URL"] = postgres_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _drop_database(database: str, postgres_url: str) -> None:
    from django.db import connections

    connections.close_all()
    if database == "sqlite":
        for suffix in ("", "-wal", "-shm"):
            Path(f"{SQLITE_PATH}{suffix}").unlink(missing_ok=True)
        return
    import psycopg

    base, _sep, name = postgres_url.rpartition("/")
    with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')


def _bass_times(rng: np.random.Generator, count: int, p: float, q: float) -> np.ndarray:
    """Adoption times (years after launch) drawn from the Bass distribution by inversion."""
    u = rng.random(count)
    e = (1.0 - u) / (1.0 + u * q / p)
    return -np.log(e) / (p + q)


def build_ledger(solutions: int, max_adopters: int, seed: int) -> dict[str, int]:
    from django.db import transaction
    from django.utils import timezone

    from spred.catalogue.choices import Status
    from spred.catalogue.models import Solution, TechnologyCategory
    from spred.diffusion.choices import AdoptionStatus, Verification
    from spred.diffusion.models import Adoption
    from spred.organisations.choices import Sector
    from spred.organisations.models import Organisation
    from spred.organisations.reference import load_reference_data

    rng = np.random.default_rng(seed)
    load_reference_data()
    adopters = list(
        Organisation.objects.filter(
            sector__in=[Sector.MUNICIPAL, Sector.REGIONAL, Sector.STATE]
        ).order_by("pk")
    )
    if len(adopters) < max_adopters:
        raise SystemExit(f"Only {len(adopters)} public organisations; lower --max-adopters")
    owner = adopters[0]
    technologies = list(TechnologyCategory.objects.order_by("position"))
    now = timezone.now()
    today = timezone.localdate()
    with transaction.atomic():
        created = Solution.objects.bulk_create(
            [
                Solution(
                    name=f"Benchmarkløsning {n}",
                    slug=f"benchmarkloesning-{n}",
                    summary="Fiktiv løsning til måling af hastighed.",
                    organisation=owner,
                    status=Status.PUBLISHED,
                    published_at=now,
                )
                for n in range(solutions)
            ],
            batch_size=500,
        )
        through = Solution.technologies.through
        through.objects.bulk_create(
            [
                through(solution_id=solution.pk, technologycategory_id=technology.pk)
                for index, solution in enumerate(created)
                for technology in (technologies[index % len(technologies)],)
            ],
            batch_size=1000,
        )
        rows: list[Adoption] = []
        for solution in created:
            target = int(rng.integers(0, max_adopters + 1))
            if not target:
                continue
            launch = date(int(rng.integers(2010, 2024)), 1, 1)
            p, q = float(rng.uniform(0.005, 0.04)), float(rng.uniform(0.2, 0.7))
            times = _bass_times(rng, target, p, q)
            chosen = rng.choice(len(adopters), size=target, replace=False)
            for index, years in zip(chosen, times, strict=True):
                adopted = launch + timedelta(days=int(years * 365.25))
                if adopted > today:
                    continue  # not adopted yet
                stopped = rng.random() < 0.08
                since = adopted
                status = AdoptionStatus.OPERATING
                if stopped:
                    since = min(today, adopted + timedelta(days=int(rng.integers(200, 1100))))
                    status = AdoptionStatus.STOPPED
                at = datetime(adopted.year, adopted.month, adopted.day, 12, tzinfo=UTC)
                rows.append(
                    Adoption(
                        organisation=adopters[int(index)],
                        solution=solution,
                        status=status,
                        status_since=since,
                        adopted_on=adopted,
                        verification=Verification.VERIFIED,
                        verified_at=at,
                        confirmed_at=at,
                        is_demo=True,
                    )
                )
        Adoption.objects.bulk_create(rows, batch_size=2000)
    return {"solutions": len(created), "adoptions": len(rows)}


def _timed(action: Callable[[], Any], repeat: int) -> tuple[list[float], list[float], Any]:
    walls, cpus, result = [], [], None
    for _n in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        result = action()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return walls, cpus, result


def run(args: argparse.Namespace) -> dict[str, Any]:
    _prepare_database(args.database, args.postgres_url)
    from django.contrib.auth.models import AnonymousUser
    from django.db import connection

    from spred.catalogue.models import Solution
    from spred.diffusion import statistics_selectors
    from spred.diffusion.recommendation_selectors import recommendations_for
    from spred.organisations.models import Organisation

    started = time.perf_counter()
    sizes = build_ledger(args.solutions, args.max_adopters, args.seed)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT sqlite_version()" if args.database == "sqlite" else "SHOW server_version"
        )
        version = cursor.fetchone()[0]
    report: dict[str, Any] = {
        "database": args.database,
        "vendor_version": f"{'SQLite' if args.database == 'sqlite' else 'PostgreSQL'} {version}",
        "build_s": time.perf_counter() - started,
        **sizes,
    }
    anonymous = AnonymousUser()

    walls, cpus, result = _timed(
        lambda: statistics_selectors.solutions_diffusion(user=anonymous), args.repeat
    )
    fitted = [s for s in result.values() if s.best is not None]
    refused = [s for s in result.values() if s.selection is not None and s.best is None]
    chosen: dict[str, int] = {}
    for item in fitted:
        chosen[item.best.model] = chosen.get(item.best.model, 0) + 1
    report["all"] = {
        "wall": walls,
        "cpu": cpus,
        "with_adopters": len(result),
        "fitted": len(fitted),
        "refused": len(refused),
        "chosen": chosen,
        "adopters_max": max((s.adopters for s in result.values()), default=0),
    }
    walls, cpus, _result = _timed(
        lambda: statistics_selectors.solutions_diffusion(user=anonymous, fit=False), args.repeat
    )
    report["all_without_fits"] = {"wall": walls, "cpu": cpus}

    sample = list(Solution.objects.order_by("pk")[:100])

    def one_by_one() -> None:
        for solution in sample:
            statistics_selectors.solution_diffusion(user=anonymous, solution=solution)

    walls, cpus, _result = _timed(one_by_one, args.repeat)
    report["one_by_one_100"] = {"wall": walls, "cpu": cpus}

    aarhus = Organisation.objects.get(municipality_code="751")
    walls, cpus, recommended = _timed(
        lambda: recommendations_for(user=anonymous, organisation=aarhus, limit=10),
        max(args.repeat, 5),
    )
    report["recommendations"] = {
        "wall": walls,
        "cpu": cpus,
        "count": len(recommended),
        "organisation": aarhus.name,
        "adoptions_of_organisation": aarhus.adoptions.count(),
    }
    return report


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:,.1f} ms"


def _line(name: str, figures: dict[str, Any]) -> str:
    walls, cpus = figures["wall"], figures["cpu"]
    return (
        f"{name}: wall best {min(walls):.3f} s, median {stats.median(walls):.3f} s, first "
        f"{walls[0]:.3f} s; CPU best {min(cpus):.3f} s over {len(walls)} runs"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--solutions", type=int, default=1000)
    parser.add_argument("--max-adopters", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--postgres-url", default=DEFAULT_POSTGRES)
    parser.add_argument("--keep", action="store_true", help="keep the benchmark database")
    args = parser.parse_args()
    try:
        report = run(args)
    finally:
        if not args.keep:
            _drop_database(args.database, args.postgres_url)
    load = os.getloadavg()[0]
    print(json.dumps(report))
    print()
    print(
        f"{report['vendor_version']}, Python {platform.python_version()}, numpy "
        f"{np.__version__}; load average {load:.1f}; ledger built in {report['build_s']:.1f} s"
    )
    print(
        f"{report['solutions']:,} solutions, {report['adoptions']:,} verified adoptions "
        f"({report['all']['with_adopters']:,} solutions with adopters, at most "
        f"{report['all']['adopters_max']} each)"
    )
    print(_line("statistics + model fits, all solutions", report["all"]))
    print(
        f"  models fitted for {report['all']['fitted']:,} solutions (chosen by AIC: "
        + ", ".join(f"{k} {v}" for k, v in sorted(report["all"]["chosen"].items()))
        + f"), refused for {report['all']['refused']:,} with a reason"
    )
    print(_line("statistics without fits, all solutions", report["all_without_fits"]))
    one = report["one_by_one_100"]
    print(
        _line("solution_diffusion one by one, 100 solutions", one)
        + f" ({_ms(min(one['wall']) / 100)} per solution)"
    )
    recommended = report["recommendations"]
    if recommended:
        print(
            f"peer recommendations for {recommended['organisation']} "
            f"({recommended['adoptions_of_organisation']} adoptions, "
            f"{recommended['count']} recommended): wall best {_ms(min(recommended['wall']))}, "
            f"median {_ms(stats.median(recommended['wall']))}, first "
            f"{_ms(recommended['wall'][0])}; CPU best {_ms(min(recommended['cpu']))} over "
            f"{len(recommended['wall'])} runs"
        )


if __name__ == "__main__":
    main()
