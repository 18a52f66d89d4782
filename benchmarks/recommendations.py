"""Peer recommendations for one organisation: cold and warm timings.

    .venv/bin/python benchmarks/recommendations.py [--solutions 1000] [--max-adopters 100]
        [--organisations 50] [--seed 7] [--database sqlite|postgres] [--postgres-url URL]
        [--keep | --reuse] [--profile cold|warm]

A synthetic ledger (made here, fictional) in a throwaway database — a SQLite file under var/ or
the PostgreSQL database named in ``--postgres-url`` — migrated from scratch and removed
afterwards unless ``--keep`` (``--reuse`` runs against a kept one): the real reference data
(98 municipalities, 5 regions), ``--solutions`` published solutions and for each between 0 and
``--max-adopters`` verified adoptions by distinct municipalities and regions, about 8 % of them
stopped again, written with ``bulk_create``.

Timed, for ``--organisations`` organisations (municipalities and regions, every other one by
id), each the whole ``selectors.recommendations.recommendation_report`` call an organisation's
page makes, database reads included:

* **cold**: the per-process prepared ledger is dropped before each call (the first visitor after
  a change to the ledger, or a fresh worker process);
* **warm**: the prepared ledger is cached (every visitor until the ledger changes next);
* **after one change**: one adoption's status is changed (saved as the services do) before each
  call — the first visitor after a write;
* the **ledger version** check alone (the query every warm call makes).

Prints p50/p95/max of each and the load average; ``--profile`` prints a cProfile of the cold or
warm calls instead. Asserts nothing about time. Target: under 100 ms per organisation.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import statistics
import time
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import numpy as np
from common import (
    VAR,
    add_database_arguments,
    create_solutions,
    drop_database,
    load_average,
    nearest_rank,
    prepare_database,
    python_and_numpy,
    reference_organisations,
    time_each,
    vendor_version,
    verified_adoption,
)

SQLITE_PATH = VAR / "bench-recommendations.sqlite3"
DEFAULT_POSTGRES = "postgres://postgres@127.0.0.1:5432/spred_bench_recspeed"


def build_ledger(solutions: int, max_adopters: int, seed: int) -> dict[str, int]:
    from django.db import transaction
    from django.utils import timezone

    from spred.diffusion.choices import AdoptionStatus
    from spred.diffusion.models import Adoption
    from spred.organisations.choices import OrganisationKind
    from spred.organisations.models import Organisation

    rng = np.random.default_rng(seed)
    adopters = reference_organisations(
        kind__in=[OrganisationKind.MUNICIPALITY, OrganisationKind.REGION]
    )
    if len(adopters) < max_adopters:
        raise SystemExit(f"Only {len(adopters)} municipalities and regions; lower --max-adopters")
    # The provider is never recommended its own solutions: let it be one that is not measured.
    owner = (
        Organisation.objects.exclude(pk__in=[a.pk for a in adopters]).order_by("pk").first()
        or adopters[0]
    )
    today = timezone.localdate()
    statuses = [AdoptionStatus.PILOT, AdoptionStatus.OPERATING, AdoptionStatus.WIDESPREAD]
    with transaction.atomic():
        created = create_solutions(owner, solutions)
        rows: list[Adoption] = []
        for solution in created:
            count = int(rng.integers(0, max_adopters + 1))
            chosen = rng.choice(len(adopters), size=count, replace=False)
            for index in chosen:
                adopted = today - timedelta(days=int(rng.integers(30, 4000)))
                stopped = rng.random() < 0.08
                rows.append(
                    verified_adoption(
                        organisation=adopters[int(index)],
                        solution=solution,
                        status=(
                            AdoptionStatus.STOPPED
                            if stopped
                            else statuses[int(rng.integers(0, len(statuses)))]
                        ),
                        since=min(today, adopted + timedelta(days=200)) if stopped else adopted,
                        adopted=adopted,
                    )
                )
        Adoption.objects.bulk_create(rows, batch_size=2000)
    return {"solutions": len(created), "adoptions": len(rows)}


def _percentiles(values: list[float]) -> str:
    ordered = sorted(values)
    p50 = statistics.median(ordered)
    p95 = nearest_rank(ordered, 0.95)
    return (
        f"p50 {p50 * 1000:6.1f} ms, p95 {p95 * 1000:6.1f} ms, max {ordered[-1] * 1000:6.1f} ms "
        f"(n={len(ordered)})"
    )


def run(args: argparse.Namespace) -> None:
    prepare_database(
        args.database, sqlite_path=SQLITE_PATH, postgres_url=args.postgres_url, reuse=args.reuse
    )
    from django.contrib.auth.models import AnonymousUser

    from spred.diffusion.models import Adoption
    from spred.diffusion.selectors import recommendations as selectors
    from spred.organisations.choices import OrganisationKind
    from spred.organisations.models import Organisation

    if not args.reuse:
        started = time.perf_counter()
        sizes = build_ledger(args.solutions, args.max_adopters, args.seed)
        print(
            f"built {sizes['solutions']:,} solutions and {sizes['adoptions']:,} adoptions in "
            f"{time.perf_counter() - started:.1f} s"
        )
    database = vendor_version(args.database)
    anonymous = AnonymousUser()
    organisations = list(
        Organisation.objects.filter(
            kind__in=[OrganisationKind.MUNICIPALITY, OrganisationKind.REGION]
        ).order_by("pk")
    )[::2][: args.organisations]
    # Whatever the module keeps between calls; absent before the cache was added.
    forget: Callable[[], None] = getattr(selectors, "_forget_prepared_ledger", lambda: None)
    version_of: Callable[[], Any] | None = getattr(selectors, "_ledger_version", None)

    def report(organisation: Organisation) -> Any:
        return selectors.recommendation_report(user=anonymous, organisation=organisation, limit=10)

    report(organisations[0])  # imports, translations, connection
    if args.profile:
        profiler = cProfile.Profile()
        for organisation in organisations:
            if args.profile == "cold":
                forget()
            profiler.enable()
            report(organisation)
            profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(35)
        return

    load_before = load_average()
    cold = time_each(report, organisations, forget)
    warm_prime = report(organisations[0])
    warm = time_each(report, organisations, lambda: None)
    # One adoption changes before each call (its status moves between two in-use statuses,
    # saved as a service would): what the first visitor after a write waits for.
    from spred.diffusion.choices import AdoptionStatus

    changing = list(
        Adoption.objects.filter(
            status__in=[AdoptionStatus.OPERATING, AdoptionStatus.WIDESPREAD]
        ).order_by("pk")[: len(organisations)]
    )

    def change_one() -> None:
        adoption = changing.pop()
        adoption.status = (
            AdoptionStatus.WIDESPREAD
            if adoption.status == AdoptionStatus.OPERATING
            else AdoptionStatus.OPERATING
        )
        adoption.save()

    report(organisations[0])
    after_change = time_each(report, organisations, change_one)
    checks: list[float] = []
    if version_of is not None:
        checks = time_each(lambda _o: version_of(), organisations, lambda: None)
    load_after = load_average()

    in_use = Adoption.objects.count()
    print(
        f"{database}, {python_and_numpy()}; {in_use:,} adoptions; load "
        f"average {load_before:.1f} before, {load_after:.1f} after"
    )
    print(f"recommendation_report for {len(organisations)} organisations (limit 10):")
    print(f"  cold (prepared ledger dropped before each): {_percentiles(cold)}")
    print(f"  warm (prepared ledger cached):              {_percentiles(warm)}")
    print(f"  after one adoption changed:                 {_percentiles(after_change)}")
    if checks:
        print(f"  ledger version check alone:                 {_percentiles(checks)}")
    print(f"  recommendations for {organisations[0].name}: {len(warm_prime.recommendations)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--solutions", type=int, default=1000)
    parser.add_argument("--max-adopters", type=int, default=100)
    parser.add_argument("--organisations", type=int, default=50)
    parser.add_argument("--seed", type=int, default=7)
    add_database_arguments(parser, DEFAULT_POSTGRES)
    parser.add_argument("--reuse", action="store_true", help="run against a kept database")
    parser.add_argument("--profile", choices=["cold", "warm"])
    args = parser.parse_args()
    try:
        run(args)
    finally:
        if not (args.keep or args.reuse):
            drop_database(args.database, sqlite_path=SQLITE_PATH, postgres_url=args.postgres_url)


if __name__ == "__main__":
    main()
