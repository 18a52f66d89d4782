"""The demo adoptions: the generator is deterministic and its CSV is current, the story it
tells is the one promised (hundreds of adoptions over ten years, S-shaped spread, stops with
reasons, pending and unconfirmed records, genealogy), and loading it goes through the importer,
marks everything as fictional, sends no e-mail and changes nothing the second time."""

from __future__ import annotations

import csv
import itertools
import json
from collections import Counter, defaultdict
from datetime import date, timedelta

import pytest
from django.test import override_settings

from spred.core.testing import unchanged
from spred.diffusion.choices import AdoptionStatus
from spred.diffusion.demo import (
    ADOPTIONS_CSV,
    DiffusionDemoError,
    demo_rows,
    keep_confirmations_current,
    load_diffusion_demo,
)
from spred.diffusion.demo_data import generate
from spred.diffusion.models import Adoption

ADOPTED = {AdoptionStatus.PILOT, AdoptionStatus.OPERATING, AdoptionStatus.WIDESPREAD}


def demo_histories() -> dict[tuple[str, str], list[dict[str, str]]]:
    found: dict[tuple[str, str], list[dict[str, str]]] = defaultdict(list)
    for row in demo_rows():
        found[(row["organisation"], row["solution"])].append(row)
    return found


# --------------------------------------------------------------------------------------------
# The generator and its file (no database)


def test_the_csv_is_what_the_generator_writes() -> None:
    assert ADOPTIONS_CSV.read_text(encoding="utf-8") == generate.render()
    assert generate.main(["--check"]) == 0


def test_the_csv_uses_the_import_format() -> None:
    with ADOPTIONS_CSV.open(encoding="utf-8") as handle:
        header = next(csv.reader(handle))
    from spred.diffusion.importing.format import COLUMNS, DEMO_COLUMNS

    assert set(header) == set(COLUMNS) | set(DEMO_COLUMNS)


def test_confirmations_move_with_time_but_the_history_does_not() -> None:
    rows = demo_rows()
    later = generate.LAST_DATE + timedelta(days=400)
    moved = keep_confirmations_current(rows, today=later)
    assert keep_confirmations_current(rows, today=generate.LAST_DATE) == rows
    for before, after in zip(rows, moved, strict=True):
        assert {k: v for k, v in before.items() if k != "confirmed_on"} == {
            k: v for k, v in after.items() if k != "confirmed_on"
        }
        if before["confirmed_on"]:
            shifted = date.fromisoformat(after["confirmed_on"])
            assert shifted - date.fromisoformat(before["confirmed_on"]) == timedelta(days=400)
            assert shifted <= later


def test_several_hundred_adoptions_of_published_solutions_over_ten_years() -> None:
    histories = demo_histories()
    assert 500 <= len(histories) <= 750
    catalogue = json.loads(generate.SOLUTIONS_JSON.read_text(encoding="utf-8"))
    solutions = catalogue["solutions"] if isinstance(catalogue, dict) else catalogue
    published = {s["slug"] for s in solutions if not s.get("demo_status")}
    assert {solution for _org, solution in histories} == published
    days = [date.fromisoformat(row["date"]) for rows in histories.values() for row in rows]
    assert min(days).year == 2016
    assert max(days) <= generate.LAST_DATE
    first_years = Counter(
        min(date.fromisoformat(r["date"]) for r in rows if r["status"] in ADOPTED).year
        for rows in histories.values()
        if any(r["status"] in ADOPTED for r in rows)
    )
    assert set(first_years) == set(range(2016, 2027))


def test_adopters_are_the_public_sector() -> None:
    histories = demo_histories()
    organisations = {org for org, _solution in histories}
    municipalities = {o for o in organisations if o.isdigit()}
    with generate.MUNICIPALITIES_CSV.open(encoding="utf-8") as handle:
        codes = {row["code"].zfill(3) for row in csv.DictReader(handle)}
    # Nearly all of the 98 take part (a small island may have nothing to show yet).
    assert municipalities <= codes
    assert len(municipalities) >= 95
    regions = {o for o in organisations if o.startswith("Region ")}
    assert len(regions) == 5
    others = organisations - municipalities - regions
    assert {"Digitaliseringsministeriet", "Plejecenter Egebakken"} <= others


def test_histories_are_ordered_and_stops_have_reasons() -> None:
    for rows in demo_histories().values():
        days = [row["date"] for row in rows]
        assert days == sorted(days)
        assert len(set(days)) == len(days)
        statuses = [row["status"] for row in rows]
        assert all(a != b for a, b in itertools.pairwise(statuses))
        for row in rows:
            if row["status"] == AdoptionStatus.STOPPED:
                assert len(row["reason"]) > 20
        # The adoption's own fields stand on its first row only.
        for row in rows[1:]:
            assert not (row["verified"])
            assert not (row["learned_from"])
            assert not (row["scope_value"])


def test_the_story_has_every_kind_of_record() -> None:
    histories = demo_histories()
    last = {key: rows[-1]["status"] for key, rows in histories.items()}
    adopted = {key for key, rows in histories.items() if any(r["status"] in ADOPTED for r in rows)}
    abandoned = [k for k in adopted if last[k] == AdoptionStatus.STOPPED]
    considering = [k for k, s in last.items() if s == AdoptionStatus.CONSIDERING]
    pending = [k for k, rows in histories.items() if rows[0]["verified"] == "nej"]
    old = [
        k
        for k, rows in histories.items()
        if rows[0]["confirmed_on"]
        and date.fromisoformat(rows[0]["confirmed_on"]) < date(2025, 10, 1)
    ]
    learned = [k for k, rows in histories.items() if rows[0]["learned_from"]]
    assert 20 <= len(abandoned) <= 80
    assert 20 <= len(considering) <= 100
    assert 5 <= len(pending) <= 15
    assert 15 <= len(old) <= 80
    assert len(learned) >= 150
    # Learning goes from earlier adopters to later ones, never from oneself.
    adopted_on = {
        key: min(r["date"] for r in rows if r["status"] in ADOPTED)
        for key, rows in histories.items()
        if key in adopted
    }
    for org, solution in learned:
        for source in histories[(org, solution)][0]["learned_from"].split(";"):
            assert source != org
            assert adopted_on[(source, solution)] < adopted_on[(org, solution)]


def test_popular_solutions_spread_in_an_s_shape_and_some_barely_started() -> None:
    histories = demo_histories()
    by_solution: dict[str, list[int]] = defaultdict(list)
    for (_org, solution), rows in histories.items():
        years = [date.fromisoformat(r["date"]).year for r in rows if r["status"] in ADOPTED]
        if years:
            by_solution[solution].append(min(years))
    sizes = sorted(len(v) for v in by_solution.values())
    assert sizes[-1] >= 40  # a popular one
    assert sum(1 for n in sizes if n <= 3) >= 4  # a few barely started
    # The most popular solution's yearly adopters rise and then fall: an S-shaped cumulative.
    popular = max(by_solution, key=lambda s: len(by_solution[s]))
    per_year = Counter(by_solution[popular])
    years = sorted(per_year)
    peak = max(years, key=lambda y: per_year[y])
    assert years[0] < peak < years[-1]
    assert per_year[years[0]] < per_year[peak] > per_year[years[-1]]


# --------------------------------------------------------------------------------------------
# Loading (the whole demo, loaded once: ``test_demo_loaded.py``)


@override_settings(SPRED_DEMO=True)
def test_without_the_demo_editor_nothing_is_loaded(reference_data: object) -> None:
    with unchanged(Adoption), pytest.raises(DiffusionDemoError):
        load_diffusion_demo()
