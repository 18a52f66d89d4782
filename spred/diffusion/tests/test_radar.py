"""The technology radar: the placement rule on hand-made figures, the public-only reads behind
it, the chart and its table, and the page."""

from __future__ import annotations

import itertools
from datetime import date

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from spred.catalogue.choices import EvidenceLevel, Maturity, Stage, Status
from spred.catalogue.models import TechnologyCategory
from spred.catalogue.tests.factories import CaseFactory, SolutionFactory
from spred.core import charts
from spred.diffusion.analysis import radar
from spred.diffusion.analysis.radar import (
    RINGS,
    SCORE_WEIGHTS,
    TechnologyFigures,
    build_radar,
    maturity_score,
    place,
    radar_chart,
    ring_for,
    rule_sentences,
    spread_score,
)
from spred.diffusion.choices import AdoptionStatus, Verification
from spred.diffusion.selectors.radar import technology_figures, technology_radar
from spred.diffusion.tests.world import LedgerWorld, make_adoption, municipality
from spred.organisations.tests.factories import PublicWorkplaceFactory

PROVEN = Maturity.PROVEN
PILOT = Maturity.PILOT
IDEA = Maturity.IDEA


def figures(**kwargs: object) -> TechnologyFigures:
    return TechnologyFigures(slug="t", name="Teknologi", **kwargs)  # type: ignore[arg-type]


# --------------------------------------------------------------------------------------------
# The rule, on hand-made figures


@pytest.mark.parametrize(
    ("made", "ring"),
    [
        # Proven everywhere, used by half the municipalities: 0.6 + 0.2 = 0.8.
        (
            figures(
                solution_maturities=(PROVEN, PROVEN),
                case_stages=(Stage.SPREAD,),
                case_evidence=(EvidenceLevel.RANDOMISED,),
                municipalities=49,
            ),
            "klar",
        ),
        # Proven, but only a few users: 0.6 + 0.4 × 5/98 ≈ 0.62.
        (figures(solution_maturities=(PROVEN,), municipalities=5), "afproev"),
        # Piloted, in 2 of the 5 regions (spread 40 %): 0.3 + 0.16 = 0.46.
        (figures(solution_maturities=(PILOT,), regions=2), "hold-oeje"),
        # An idea nobody uses.
        (figures(solution_maturities=(IDEA,)), "afvent"),
    ],
)
def test_every_ring_is_reachable(made: TechnologyFigures, ring: str) -> None:
    entry = place(made)
    assert entry.ring is not None
    assert entry.ring.key == ring


def test_the_rings_are_tried_in_order_and_a_minimum_counts_as_reached() -> None:
    assert [r.key for r in RINGS] == ["klar", "afproev", "hold-oeje", "afvent"]
    assert [r.min_score for r in RINGS] == sorted((r.min_score for r in RINGS), reverse=True)
    for upper, lower in itertools.pairwise(RINGS):
        assert ring_for(upper.min_score) is upper
        assert ring_for(upper.min_score - 0.001) is lower
    assert ring_for(0.0) is RINGS[-1]
    assert SCORE_WEIGHTS["maturity"] + SCORE_WEIGHTS["spread"] == pytest.approx(1.0)


def test_neither_spread_nor_maturity_alone_makes_a_technology_ready() -> None:
    everywhere = place(
        figures(solution_maturities=(IDEA,), municipalities=98, regions=5, organisations=103)
    )
    assert everywhere.spread == 1.0
    assert everywhere.ring is not None
    assert everywhere.ring.key != "klar"
    proven_unused = place(
        figures(
            solution_maturities=(PROVEN,),
            case_stages=(Stage.SPREAD,),
            case_evidence=(EvidenceLevel.RANDOMISED,),
        )
    )
    assert proven_unused.maturity == 1.0
    assert proven_unused.ring is not None
    assert proven_unused.ring.key != "klar"


def test_maturity_weighs_the_parts_and_leaves_out_what_is_missing() -> None:
    # Solutions only: judged by them alone.
    assert maturity_score(figures(solution_maturities=(PROVEN, PILOT))) == pytest.approx(0.75)
    # All three parts: 0.5 × 1 + 0.25 × (1/3) + 0.25 × 0 = 0.5833…
    both = figures(
        solution_maturities=(PROVEN,),
        case_stages=(Stage.PILOT,),
        case_evidence=(EvidenceLevel.NONE,),
    )
    assert maturity_score(both) == pytest.approx(0.5 + 0.25 / 3)
    # Retired solutions are not scored; nothing left to score means not placed.
    assert maturity_score(figures(solution_maturities=(Maturity.RETIRED, PILOT))) == 0.5
    unplaced = place(figures(solution_maturities=(Maturity.RETIRED,), municipalities=40))
    assert unplaced.ring is None
    assert unplaced.maturity is None
    assert place(figures()).ring is None


def test_spread_is_the_larger_share_of_municipalities_and_regions() -> None:
    assert spread_score(figures(municipalities=49, regions=1)) == pytest.approx(0.5)
    assert spread_score(figures(municipalities=10, regions=4)) == pytest.approx(0.8)
    assert spread_score(figures(municipalities=0, regions=0, organisations=7)) == 0.0


def test_build_radar_orders_by_ring_then_score_and_keeps_the_unplaced_apart() -> None:
    made = build_radar(
        [
            TechnologyFigures("a", "A", solution_maturities=(IDEA,)),
            TechnologyFigures("b", "B", solution_maturities=(PROVEN,), municipalities=98),
            TechnologyFigures("c", "C", solution_maturities=(PROVEN,), municipalities=60),
            TechnologyFigures("d", "D"),
        ]
    )
    assert [e.slug for e in made.entries] == ["b", "c", "a"]
    assert [e.slug for e in made.unplaced] == ["d"]
    assert [e.slug for e in made.in_ring("klar")] == ["b", "c"]
    assert [ring.key for ring, _entries in made.by_ring] == [r.key for r in RINGS]


def test_the_rule_in_words_uses_the_thresholds() -> None:
    with translation.override("da"):
        sentences = rule_sentences()
    assert len(sentences) == len(RINGS) + 1
    assert "0,6 × modenhed + 0,4 × udbredelse" in sentences[0]
    for ring, sentence in zip(RINGS[:-1], sentences[1:], strict=False):
        assert str(ring.label) in sentence
        assert f"{ring.min_score:.2f}".replace(".", ",") in sentence
    assert sentences[-1].startswith("Afvent")


# --------------------------------------------------------------------------------------------
# The chart


def test_the_chart_and_its_table_carry_the_same_placements() -> None:
    made = build_radar(
        [
            TechnologyFigures(
                "a", "Alfa", solution_maturities=(PROVEN,), municipalities=60, regions=1
            ),
            TechnologyFigures("b", "Beta", solution_maturities=(PILOT,), municipalities=60),
            TechnologyFigures("c", "Gamma", solution_maturities=(PILOT,), municipalities=60),
        ]
    )
    with translation.override("da"):
        chart = radar_chart(made)
    assert not chart.empty
    assert [row.header for row in chart.table.rows] == ["Alfa", "Beta", "Gamma"]
    assert chart.table.rows[0].cells[0] == "Klar"
    assert not charts.external_data_urls(chart.spec)
    points = [row for row in charts.data_values(chart.spec) if "name" in row and "maturity" in row]
    assert {(p["name"], p["maturity"], p["spread"]) for p in points} == {
        (e.name, round(e.maturity or 0, 4), round(e.spread, 4)) for e in made.entries
    }
    # Beta and Gamma sit on the same spot: their names are moved apart, not drawn on top.
    labels = {p["name"]: p["label_y"] for p in points}
    assert abs(labels["Beta"] - labels["Gamma"]) >= radar.LABEL_HEIGHT - 1e-9


def test_the_bands_follow_the_rule() -> None:
    bands = radar._band_rows()
    assert {row["ring"] for row in bands} == {str(r.label) for r in RINGS}
    for row in bands:
        ring = next(r for r in RINGS if str(r.label) == row["ring"])
        # Inside a ring's strip (where it has height), the score at its middle is in the ring.
        if row["high"] - row["low"] > 0.01:
            middle = (row["low"] + row["high"]) / 2
            assert ring_for(radar.radar_score(row["maturity"], middle)) is ring


def test_an_empty_radar_says_so() -> None:
    chart = radar_chart(build_radar([]))
    assert chart.empty
    assert chart.table.rows == ()


# --------------------------------------------------------------------------------------------
# The reads: public data only


def _other_technology(world: LedgerWorld) -> TechnologyCategory:
    found = TechnologyCategory.objects.exclude(pk=world.technology.pk).order_by("position").first()
    assert found is not None
    return found


def _figures_of(slug: str) -> TechnologyFigures:
    return next(f for f in technology_figures(user=None) if f.slug == slug)


def test_every_technology_of_the_vocabulary_is_there(ledger_world: LedgerWorld) -> None:
    slugs = [f.slug for f in technology_figures(user=None)]
    assert slugs == list(
        TechnologyCategory.objects.order_by("position", "name").values_list("slug", flat=True)
    )


def test_verified_adoptions_in_use_count_and_nothing_else(ledger_world: LedgerWorld) -> None:
    w = ledger_world
    t = w.technology
    start = date(2022, 3, 1)
    make_adoption(w.aarhus, w.robot, [(AdoptionStatus.OPERATING, start)])
    make_adoption(w.region_midt, w.robot, [(AdoptionStatus.PILOT, start)])
    # Not counted: pending, rejected, only considering, stopped.
    make_adoption(
        w.odense, w.robot, [(AdoptionStatus.OPERATING, start)], verification=Verification.PENDING
    )
    make_adoption(
        w.skanderborg,
        w.robot,
        [(AdoptionStatus.OPERATING, start)],
        verification=Verification.REJECTED,
    )
    make_adoption(municipality(101), w.robot, [(AdoptionStatus.CONSIDERING, start)])
    make_adoption(
        municipality(147),
        w.robot,
        [(AdoptionStatus.OPERATING, start), (AdoptionStatus.STOPPED, date(2023, 1, 5))],
    )
    # A draft solution of the same technology: its adoptions never count.
    w.draft.technologies.add(t)
    make_adoption(municipality(151), w.draft, [(AdoptionStatus.OPERATING, start)])
    found = _figures_of(t.slug)
    assert (found.municipalities, found.regions, found.organisations) == (1, 1, 2)


def test_a_workplace_counts_for_its_municipality(ledger_world: LedgerWorld) -> None:
    w = ledger_world
    home = PublicWorkplaceFactory.create(name="Plejehjemmet Testhaven", parent=w.odense)
    make_adoption(home, w.robot, [(AdoptionStatus.OPERATING, date(2024, 2, 1))])
    make_adoption(w.odense, w.robot, [(AdoptionStatus.PILOT, date(2024, 5, 1))])
    found = _figures_of(w.technology.slug)
    # Odense is counted once, whether it uses it itself or through its nursing home.
    assert (found.municipalities, found.organisations) == (1, 2)


def test_maturity_reads_published_entries_only(ledger_world: LedgerWorld) -> None:
    w = ledger_world
    t = _other_technology(w)
    published = SolutionFactory.create(status=Status.PUBLISHED, maturity=Maturity.PROVEN)
    draft = SolutionFactory.create(status=Status.DRAFT, maturity=Maturity.IDEA)
    archived = SolutionFactory.create(status=Status.ARCHIVED, maturity=Maturity.IDEA)
    case = CaseFactory.create(
        status=Status.PUBLISHED, stage=Stage.SPREAD, evidence_level=EvidenceLevel.CONTROL_GROUP
    )
    submitted = CaseFactory.create(
        status=Status.SUBMITTED, stage=Stage.IDEA, evidence_level=EvidenceLevel.NONE
    )
    for entry in (published, draft, archived, case, submitted):
        entry.technologies.add(t)
    found = _figures_of(t.slug)
    assert list(found.solution_maturities) == [Maturity.PROVEN]
    assert list(found.case_stages) == [Stage.SPREAD]
    assert list(found.case_evidence) == [EvidenceLevel.CONTROL_GROUP]


def test_the_radar_is_the_same_for_everyone(ledger_world: LedgerWorld) -> None:
    w = ledger_world
    make_adoption(
        w.aarhus,
        w.robot,
        [(AdoptionStatus.OPERATING, date(2023, 1, 1))],
        verification=Verification.PENDING,
    )
    w.draft.technologies.add(w.technology)
    anonymous = technology_radar(user=None)
    for user in (w.editor, w.aarhus_admin, w.outsider):
        seen = technology_radar(user=user)
        assert [(e.slug, e.ring, e.maturity, e.spread) for e in seen.entries] == [
            (e.slug, e.ring, e.maturity, e.spread) for e in anonymous.entries
        ]


# --------------------------------------------------------------------------------------------
# The page


def test_the_page_shows_the_rule_the_chart_and_the_figures(
    client: Client, ledger_world: LedgerWorld
) -> None:
    w = ledger_world
    make_adoption(w.aarhus, w.robot, [(AdoptionStatus.OPERATING, date(2022, 1, 1))])
    w.draft.technologies.add(w.technology)
    response = client.get(reverse("diffusion:radar"), HTTP_ACCEPT_LANGUAGE="da")
    assert response.status_code == 200
    html = response.content.decode()
    assert reverse("diffusion:radar") == "/spredning/radar/"
    assert "<h1" in html
    assert "Teknologiradar" in html
    with translation.override("da"):
        for sentence in rule_sentences():
            assert sentence in html
    for ring in RINGS:
        assert str(ring.label) in html
    assert 'id="technology-radar"' in html  # the chart's container
    assert "Tallene bag placeringen" in html
    assert "<caption>" in html
    assert w.technology.name in html
    assert "Hemmelig kladde" not in html  # the draft solution
    # No inline script or style: the chart comes as data for charts.js.
    assert "<script>" not in html
    assert "style=" not in html


def test_the_page_works_with_nothing_published(client: Client, db: None) -> None:
    response = client.get(reverse("diffusion:radar"))
    assert response.status_code == 200
    assert "ingen publicerede løsninger eller cases" in response.content.decode()
