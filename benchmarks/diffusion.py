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

* **statistics + fits**: ``selectors.statistics.solutions_diffusion`` for every solution — one
  query for all the rows, then per solution the counts, shares, milestones, per-year series
  and ``fitting.fit_best`` (Bass, logistic and Gompertz by AIC). Target: under 5 s in total.
* the same without the fits (``fit=False``), to show what the fitting costs;
* **one solution's page figures**: ``solution_diffusion`` for 100 solutions one by one (a query
  each), the time per solution;
* **peer recommendations** for one municipality: ``selectors.recommendations.recommendations_for``.
  Target: under 100 ms.

Prints the figures; asserts nothing about time.
"""

from __future__ import annotations

import argparse
import json
import statistics as stats
import time
from datetime import date, timedelta
from typing import Any

import numpy as np
from common import (
    VAR,
    add_database_arguments,
    create_solutions,
    drop_database,
    load_average,
    prepare_database,
    python_and_numpy,
    reference_organisations,
    timed,
    vendor_version,
    verified_adoption,
)

SQLITE_PATH = VAR / "bench-diffusion.sqlite3"
DEFAULT_POSTGRES = "postgres://postgres@127.0.0.1:5432/spred_bench_diffusion"


def _bass_times(rng: np.random.Generator, count: int, p: float, q: float) -> np.ndarray:
    """Adoption times (years after launch) drawn from the Bass distribution by inversion."""
    u = rng.random(count)
    e = (1.0 - u) / (1.0 + u * q / p)
    return -np.log(e) / (p + q)


def build_ledger(solutions: int, max_adopters: int, seed: int) -> dict[str, int]:
    from django.db import transaction
    from django.utils import timezone

    from spred.catalogue.models import Solution, TechnologyCategory
    from spred.diffusion.choices import AdoptionStatus
    from spred.diffusion.models import Adoption
    from spred.organisations.choices import Sector

    rng = np.random.default_rng(seed)
    adopters = reference_organisations(sector__in=[Sector.MUNICIPAL, Sector.REGIONAL, Sector.STATE])
    if len(adopters) < max_adopters:
        raise SystemExit(f"Only {len(adopters)} public organisations; lower --max-adopters")
    owner = adopters[0]
    technologies = list(TechnologyCategory.objects.order_by("position"))
    today = timezone.localdate()
    with transaction.atomic():
        created = create_solutions(owner, solutions)
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
                rows.append(
                    verified_adoption(
                        organisation=adopters[int(index)],
                        solution=solution,
                        status=status,
                        since=since,
                        adopted=adopted,
                    )
                )
        Adoption.objects.bulk_create(rows, batch_size=2000)
    return {"solutions": len(created), "adoptions": len(rows)}


def run(args: argparse.Namespace) -> dict[str, Any]:
    prepare_database(args.database, sqlite_path=SQLITE_PATH, postgres_url=args.postgres_url)
    from django.contrib.auth.models import AnonymousUser

    from spred.catalogue.models import Solution
    from spred.diffusion.selectors import statistics as statistics_selectors
    from spred.diffusion.selectors.recommendations import recommendations_for
    from spred.organisations.models import Organisation

    started = time.perf_counter()
    sizes = build_ledger(args.solutions, args.max_adopters, args.seed)
    report: dict[str, Any] = {
        "database": args.database,
        "vendor_version": vendor_version(args.database),
        "build_s": time.perf_counter() - started,
        **sizes,
    }
    anonymous = AnonymousUser()

    walls, cpus, result = timed(
        lambda: statistics_selectors.solutions_diffusion(user=anonymous), args.repeat
    )
    fitted = [s.best for s in result.values() if s.best is not None]
    refused = [s for s in result.values() if s.selection is not None and s.best is None]
    chosen: dict[str, int] = {}
    for best in fitted:
        chosen[best.model] = chosen.get(best.model, 0) + 1
    report["all"] = {
        "wall": walls,
        "cpu": cpus,
        "with_adopters": len(result),
        "fitted": len(fitted),
        "refused": len(refused),
        "chosen": chosen,
        "adopters_max": max((s.adopters for s in result.values()), default=0),
    }
    walls, cpus, _result = timed(
        lambda: statistics_selectors.solutions_diffusion(user=anonymous, fit=False), args.repeat
    )
    report["all_without_fits"] = {"wall": walls, "cpu": cpus}

    sample = list(Solution.objects.order_by("pk")[:100])

    def one_by_one() -> None:
        for solution in sample:
            statistics_selectors.solution_diffusion(user=anonymous, solution=solution)

    walls, cpus, _nothing = timed(one_by_one, args.repeat)
    report["one_by_one_100"] = {"wall": walls, "cpu": cpus}

    aarhus = Organisation.objects.get(municipality_code="751")
    walls, cpus, recommended = timed(
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
    add_database_arguments(parser, DEFAULT_POSTGRES)
    args = parser.parse_args()
    try:
        report = run(args)
    finally:
        if not args.keep:
            drop_database(args.database, sqlite_path=SQLITE_PATH, postgres_url=args.postgres_url)
    load = load_average()
    print(json.dumps(report))
    print()
    print(
        f"{report['vendor_version']}, {python_and_numpy()}; load average {load:.1f}; "
        f"ledger built in {report['build_s']:.1f} s"
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
