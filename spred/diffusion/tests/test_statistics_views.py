"""The statistics selectors and pages: only verified adoptions of public solutions count
(pending, rejected and drafts never), the pages answer 200 for public solutions and 404 for
drafts, say so when there is nothing yet, and keep to a query budget."""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from spred.catalogue.choices import Status
from spred.catalogue.tests.factories import SolutionFactory
from spred.core.testing import (
    assert_queries_do_not_grow,
    client_for,
    csp_script_problems,
    max_queries,
)
from spred.diffusion.choices import AdoptionStatus, Verification
from spred.diffusion.selectors import statistics
from spred.diffusion.tests.world import LedgerWorld, make_adoption, municipality

COPENHAGEN = ZoneInfo("Europe/Copenhagen")

pytestmark = pytest.mark.django_db

ANONYMOUS = AnonymousUser()


def fill_ledger(w: LedgerWorld) -> None:
    """Two counted adopters of the robot (one stopped again), and records that must never
    count: a pending one, a rejected one, considering only, and an adoption of a draft."""
    make_adoption(w.aarhus, w.robot, [(AdoptionStatus.OPERATING, date(2021, 3, 1))])
    make_adoption(
        w.region_midt,
        w.robot,
        [(AdoptionStatus.PILOT, date(2022, 5, 1)), (AdoptionStatus.STOPPED, date(2023, 1, 1))],
    )
    make_adoption(
        w.odense,
        w.robot,
        [(AdoptionStatus.OPERATING, date(2020, 1, 1))],
        verification=Verification.PENDING,
    )
    make_adoption(
        w.skanderborg,
        w.robot,
        [(AdoptionStatus.OPERATING, date(2020, 1, 1))],
        verification=Verification.REJECTED,
    )
    make_adoption(municipality(101), w.robot, [(AdoptionStatus.CONSIDERING, date(2024, 1, 1))])
    make_adoption(w.odense, w.draft, [(AdoptionStatus.WIDESPREAD, date(2019, 1, 1))])


def test_solution_statistics_count_verified_adoptions_of_public_solutions_only(
    ledger_world: LedgerWorld,
) -> None:
    w = ledger_world
    fill_ledger(w)
    for user in (ANONYMOUS, w.odense_member, w.editor):
        stats = statistics.solution_diffusion(user=user, solution=w.robot)
        assert stats.adopters == 2, user
        assert stats.abandoned == 1
        assert stats.municipalities == 1  # Aarhus; Odense is pending, Skanderborg rejected
        assert stats.regions == 1
        assert stats.first_adoption == date(2021, 3, 1)  # not the pending record's 2020
        # The owner of the draft sees no statistics of it either.
        assert statistics.solution_diffusion(user=user, solution=w.draft).is_empty


def test_overall_and_technology_statistics_leave_out_drafts_and_unverified(
    ledger_world: LedgerWorld,
) -> None:
    w = ledger_world
    fill_ledger(w)
    w.draft.technologies.add(w.technology)
    overall = statistics.overall_diffusion(user=w.editor)
    assert overall.adopters == 2
    assert overall.first_adoption == date(2021, 3, 1)
    technology = statistics.technology_diffusion(user=w.editor, technology=w.technology)
    assert technology.adopters == 2
    counts = {row.technology.pk: row for row in statistics.technology_counts(user=w.editor)}
    assert counts[w.technology.pk].adopters == 2
    assert counts[w.technology.pk].solutions == 1  # the draft is not a published solution
    listed = statistics.technology_solutions(user=w.editor, technology=w.technology)
    assert [(row.solution.slug, row.adopters, row.in_use) for row in listed] == [
        ("spiserobot", 2, 1)
    ]
    by_solution = statistics.solutions_diffusion(user=ANONYMOUS, fit=False)
    assert set(by_solution) == {w.robot.pk}
    assert by_solution[w.robot.pk].adopters == 2


def test_the_adopters_list_has_verified_records_only(ledger_world: LedgerWorld) -> None:
    w = ledger_world
    fill_ledger(w)
    adopters = statistics.solution_adopters(user=w.odense_member, solution=w.robot)
    # Adopters newest first, then those still considering it.
    assert [a.organisation for a in adopters] == [w.region_midt, w.aarhus, municipality(101)]


def test_solution_page_shows_figures_adopters_and_the_record_button(
    ledger_world: LedgerWorld,
) -> None:
    w = ledger_world
    fill_ledger(w)
    url = reverse("diffusion:solution", args=["spiserobot"])
    assert url == "/spredning/loesninger/spiserobot/"
    response = client_for(None).get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert w.aarhus.name in html
    assert w.region_midt.name in html
    listed = html.split('id="adopters-heading"')[1]
    assert w.aarhus.name in listed
    assert w.odense.name not in listed  # pending
    assert w.skanderborg.name not in listed  # rejected
    assert "Spredningsmodel og prognose" in html
    assert 'id="figur-kurve"' in html
    assert "/spredning/registrer/?loesning=spiserobot" in html
    assert not csp_script_problems(html)


def test_unconfirmed_adoptions_are_marked(ledger_world: LedgerWorld) -> None:
    from datetime import datetime

    w = ledger_world
    make_adoption(
        w.aarhus,
        w.robot,
        [(AdoptionStatus.OPERATING, date(2021, 3, 1))],
        confirmed_at=datetime(2021, 3, 1, 12, tzinfo=COPENHAGEN),
    )
    html = client_for(None).get("/spredning/loesninger/spiserobot/").content.decode()
    assert "Ubekræftet" in html
    stats = statistics.solution_diffusion(user=ANONYMOUS, solution=w.robot)
    assert stats.adopters == 1  # still counted


def test_draft_and_unknown_solutions_answer_404_even_to_their_owner(
    ledger_world: LedgerWorld,
) -> None:
    w = ledger_world
    fill_ledger(w)
    for user in (None, w.aarhus_member, w.editor):
        client = client_for(user)
        assert client.get("/spredning/loesninger/hemmelig-kladde/").status_code == 404
        assert client.get("/spredning/loesninger/findes-ikke/").status_code == 404
        assert client.get("/spredning/teknologier/findes-ikke/").status_code == 404


def test_a_solution_without_adopters_invites_to_record(ledger_world: LedgerWorld) -> None:
    response = client_for(None).get("/spredning/loesninger/traeningsapp/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Ingen har registreret, at de har taget løsningen i brug endnu" in html
    assert "/spredning/registrer/?loesning=traeningsapp" in html
    assert 'id="figur-kurve"' not in html


def test_overview_page_with_and_without_adoptions(ledger_world: LedgerWorld) -> None:
    w = ledger_world
    empty = client_for(None).get("/spredning/")
    assert empty.status_code == 200
    assert "Ingen ibrugtagninger er registreret endnu" in empty.content.decode()
    fill_ledger(w)
    html = client_for(None).get("/spredning/").content.decode()
    assert "Nøgletal for alle løsninger" in html
    technology_url = reverse("diffusion:technology", args=[w.technology.slug])
    assert technology_url in html
    assert not csp_script_problems(html)


def test_technology_page_lists_its_solutions_with_adopter_counts(
    ledger_world: LedgerWorld,
) -> None:
    w = ledger_world
    fill_ledger(w)
    response = client_for(None).get(f"/spredning/teknologier/{w.technology.slug}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert w.technology.name in html
    assert reverse("diffusion:solution", args=["spiserobot"]) in html
    assert "Hemmelig kladde" not in html


def test_the_catalogue_solution_page_has_a_diffusion_panel(ledger_world: LedgerWorld) -> None:
    w = ledger_world
    fill_ledger(w)
    html = client_for(None).get(w.robot.get_absolute_url()).content.decode()
    assert 'id="diffusion-panel-heading"' in html
    assert "2 organisationer har taget løsningen i brug" in html
    assert reverse("diffusion:solution", args=["spiserobot"]) in html
    # The owner sees the draft in the catalogue, without a panel linking to a 404.
    draft = client_for(w.aarhus_member).get(w.draft.get_absolute_url())
    assert draft.status_code == 200
    assert 'id="diffusion-panel-heading"' not in draft.content.decode()


def test_solution_page_query_budget(ledger_world: LedgerWorld) -> None:
    w = ledger_world
    fill_ledger(w)
    url = "/spredning/loesninger/spiserobot/"
    # Anonymous: 9 (solution, its technologies, the statistics rows, the adopters, the map, the
    # genealogy, near me). Signed in adds the session, the user and the organisation checks.
    for user, budget in ((None, 9), (w.aarhus_member, 16)):
        client = client_for(user)
        client.get(url)
        with max_queries(budget):
            assert client.get(url).status_code == 200

    codes = iter([147, 151, 153, 155, 157, 159, 161, 163, 165])

    def more() -> None:
        for _n in range(3):
            make_adoption(
                municipality(next(codes)), w.robot, [(AdoptionStatus.PILOT, date(2024, 2, 1))]
            )

    assert_queries_do_not_grow(lambda: client_for(None).get(url), more)


def test_overview_and_technology_pages_keep_a_budget(ledger_world: LedgerWorld) -> None:
    w = ledger_world
    fill_ledger(w)
    for _n in range(3):
        solution = SolutionFactory.create(status=Status.PUBLISHED)
        solution.technologies.add(w.technology)
    client = client_for(None)
    for url in ("/spredning/", f"/spredning/teknologier/{w.technology.slug}/"):
        client.get(url)
        with max_queries(12):
            assert client.get(url).status_code == 200
