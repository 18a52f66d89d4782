"""The spreading guide's pages: who gets what (404 outside the organisation), and what the
pages show and do."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse

from spred.core.testing import (
    LOGIN,
    AccessWorld,
    Audience,
    Redirect,
    ViewAccess,
    assert_access,
    assert_queries_do_not_grow,
    client_for,
    csp_script_problems,
    public,
    scoped,
    unchanged,
)
from spred.diffusion.choices import GuideSide
from spred.diffusion.models import GuideProject, WorksheetAnswer
from spred.diffusion.services.guide import guide_project_close, guide_project_create, worksheet_save
from spred.diffusion.tests.world import LedgerWorld

pytestmark = pytest.mark.django_db

CHECK = {
    "problem": "ja",
    "i-dag": "nogenlunde",
    "effekt-andre-steder": "4",
    "ledelse": "2",
    "forhindringer": "nej",
}


def _project(world: LedgerWorld, side: str = GuideSide.ADOPTING) -> GuideProject:
    return guide_project_create(
        acting_user=world.aarhus_member,
        organisation=world.aarhus,
        solution=world.robot,
        side=side,
    )


def _url(name: str, project: GuideProject, worksheet: str | None = None) -> str:
    kwargs: dict[str, Any] = {"pk": project.pk}
    if worksheet:
        kwargs["worksheet"] = worksheet
    return reverse(f"diffusion:{name}", kwargs=kwargs)


@pytest.fixture
def world(ledger_world: LedgerWorld) -> AccessWorld:
    return AccessWorld(
        users={
            Audience.ANONYMOUS: None,
            Audience.NO_PERMISSION: ledger_world.outsider,
            Audience.OTHER_ORGANISATION: ledger_world.odense_member,
            Audience.PERMITTED: ledger_world.aarhus_member,
        },
        objects={"project": _project(ledger_world), "ledger": ledger_world},
    )


def _nothing_saved(audience: Audience, response: Any, world: AccessWorld) -> None:
    saved = WorksheetAnswer.objects.filter(project=world["project"]).exists()
    assert saved == (audience == Audience.PERMITTED)


def _closed(audience: Audience, response: Any, world: AccessWorld) -> None:
    closed = GuideProject.objects.get(pk=world["project"].pk).closed_at is not None
    assert closed == (audience == Audience.PERMITTED)


ACCESS = (
    public("the guide's introduction", reverse("diffusion:guide")),
    scoped("new project", reverse("diffusion:guide_new"), other_organisation=200),
    scoped("project page", lambda w: _url("guide_project", w["project"])),
    scoped(
        "worksheet page",
        lambda w: _url("guide_worksheet", w["project"], "tjek-ibrugtagning"),
    ),
    scoped(
        "save a worksheet",
        lambda w: _url("guide_worksheet", w["project"], "tjek-ibrugtagning"),
        permitted=Redirect(),
        method="post",
        data={**CHECK, "handling": "kladde"},
        check=_nothing_saved,
    ),
    scoped("close: confirmation", lambda w: _url("guide_close", w["project"])),
    scoped(
        "close",
        lambda w: _url("guide_close", w["project"]),
        permitted=Redirect(),
        method="post",
        check=_closed,
    ),
    # Reopening an open project is no action anyone can take.
    scoped(
        "reopen an open project",
        lambda w: _url("guide_reopen", w["project"]),
        permitted=404,
        method="post",
    ),
    ViewAccess(
        "reopen is POST only",
        lambda w: _url("guide_reopen", w["project"]),
        {
            Audience.ANONYMOUS: LOGIN,
            Audience.NO_PERMISSION: 405,
            Audience.OTHER_ORGANISATION: 405,
            Audience.PERMITTED: 405,
        },
    ),
    scoped(
        "a worksheet of the other side",
        lambda w: _url("guide_worksheet", w["project"], "tjek-deling"),
        permitted=404,
    ),
    scoped(
        "an unknown worksheet",
        lambda w: _url("guide_worksheet", w["project"], "findes-ikke"),
        permitted=404,
    ),
    scoped(
        "a project number beyond the database's integers",
        "/spredning/guide/99999999999999999999999/",
        permitted=404,
    ),
)


@pytest.mark.parametrize("case", ACCESS, ids=str)
def test_access(case: ViewAccess, world: AccessWorld) -> None:
    assert_access(case, world)


def test_editors_and_platform_roles_outside_the_organisation_get_404(
    ledger_world: LedgerWorld,
) -> None:
    project = _project(ledger_world)
    client = client_for(ledger_world.editor)
    assert client.get(_url("guide_project", project)).status_code == 404
    assert client.get(_url("guide_worksheet", project, "tjek-ibrugtagning")).status_code == 404


# --------------------------------------------------------------------------------------------
# The introduction


def test_the_introduction_lists_phases_worksheets_and_the_rules(
    ledger_world: LedgerWorld,
) -> None:
    _project(ledger_world)
    response = client_for(None).get(reverse("diffusion:guide"))
    html = response.content.decode()
    assert "Giver spredning mening?" in html
    assert "Forankr og del videre" in html
    assert "Tjek før I deler løsningen" in html
    assert "Tjek før I tager løsningen i brug" in html
    assert "Dimensioner under 60 point" in html
    # Nothing about anyone's projects for an anonymous visitor.
    assert "Vi tager Spiserobot i brug" not in html
    assert csp_script_problems(html) == []


def test_the_introduction_in_english_uses_the_english_texts(ledger_world: LedgerWorld) -> None:
    response = client_for(None).get(reverse("diffusion:guide"), HTTP_ACCEPT_LANGUAGE="en")
    html = response.content.decode()
    assert "Does spreading make sense?" in html
    assert "Giver spredning mening?" not in html


def test_members_see_their_organisations_projects_with_progress(
    ledger_world: LedgerWorld,
) -> None:
    project = _project(ledger_world)
    worksheet_save(
        acting_user=ledger_world.aarhus_member,
        project=project,
        worksheet="tjek-ibrugtagning",
        answers=CHECK,
        completed=True,
    )
    html = client_for(ledger_world.aarhus_admin).get(reverse("diffusion:guide")).content.decode()
    assert project.title in html
    assert "1 af 10" in html
    assert '<td class="align-text-right">72,5</td>' in html
    assert "Spredning giver mening" in html
    other = client_for(ledger_world.odense_member).get(reverse("diffusion:guide"))
    assert project.title not in other.content.decode()
    assert "Start et spredningsprojekt" in other.content.decode()
    outsider = client_for(ledger_world.outsider).get(reverse("diffusion:guide"))
    assert "Find din organisation" in outsider.content.decode()


# --------------------------------------------------------------------------------------------
# Starting a project


def test_a_solution_can_be_preselected_and_the_project_created(ledger_world: LedgerWorld) -> None:
    client = client_for(ledger_world.aarhus_member)
    url = reverse("diffusion:guide_new") + "?loesning=spiserobot"
    page = client.get(url).content.decode()
    assert re.search(r'<option value="spiserobot" selected\s*>', page)
    # The only organisation is chosen already.
    assert re.search(rf'<option value="{ledger_world.aarhus.pk}" selected\s*>', page)
    response = client.post(
        url,
        {
            "organisation": ledger_world.aarhus.pk,
            "solution": "spiserobot",
            "side": GuideSide.SHARING,
            "title": "",
        },
    )
    project = GuideProject.objects.get()
    assert response.status_code == 302
    assert response["Location"] == project.get_absolute_url()
    assert (project.organisation, project.solution, project.side) == (
        ledger_world.aarhus,
        ledger_world.robot,
        GuideSide.SHARING,
    )


def test_a_project_cannot_be_started_for_someone_elses_organisation_or_a_draft(
    ledger_world: LedgerWorld,
) -> None:
    client = client_for(ledger_world.aarhus_member)
    with unchanged(GuideProject):
        response = client.post(
            reverse("diffusion:guide_new"),
            {
                "organisation": ledger_world.odense.pk,
                "solution": "hemmelig-kladde",
                "side": GuideSide.ADOPTING,
            },
        )
    assert response.status_code == 200
    form = response.context["form"]
    assert "organisation" in form.errors
    assert "solution" in form.errors


def test_a_duplicate_project_shows_the_services_message_on_the_form(
    ledger_world: LedgerWorld,
) -> None:
    _project(ledger_world)
    with unchanged(GuideProject):
        response = client_for(ledger_world.aarhus_member).post(
            reverse("diffusion:guide_new"),
            {
                "organisation": ledger_world.aarhus.pk,
                "solution": "spiserobot",
                "side": GuideSide.ADOPTING,
            },
        )
    assert "allerede et åbent spredningsprojekt" in response.context["form"].errors["solution"][0]


# --------------------------------------------------------------------------------------------
# The project page


def test_the_project_page_shows_progress_readiness_verdict_and_chart(
    ledger_world: LedgerWorld,
) -> None:
    project = _project(ledger_world)
    worksheet_save(
        acting_user=ledger_world.aarhus_member,
        project=project,
        worksheet="tjek-ibrugtagning",
        answers=CHECK,
        completed=True,
    )
    response = client_for(ledger_world.aarhus_admin).get(_url("guide_project", project))
    html = response.content.decode()
    assert response.status_code == 200
    assert "1 af 10 arbejdsark færdige (10 %)" in html
    assert "72,5 af 100" in html
    assert "Spredning giver mening" in html
    assert "Det skal I arbejde med" in html
    assert "Ledelsesopbakning" in html
    assert 'class="step-indicator"' in html
    assert 'aria-current="step"' in html
    assert "Næste arbejdsark: Behov og målgruppe" in html
    assert 'data-spred-chart="parathed-spec"' in html
    assert "<caption>Parathed efter dimension</caption>" in html
    assert "Sådan regnes parathedsscoren" in html
    assert csp_script_problems(html) == []


def test_an_empty_project_has_no_score_but_says_what_to_do(ledger_world: LedgerWorld) -> None:
    project = _project(ledger_world)
    html = client_for(ledger_world.aarhus_member).get(_url("guide_project", project))
    text = html.content.decode()
    assert "Ikke beregnet endnu" in text
    assert "Tjekket er ikke færdigt" in text
    assert "Næste arbejdsark: Tjek før I tager løsningen i brug" in text


# --------------------------------------------------------------------------------------------
# Worksheets


def test_the_worksheet_form_is_built_from_the_definition(ledger_world: LedgerWorld) -> None:
    project = _project(ledger_world)
    response = client_for(ledger_world.aarhus_member).get(
        _url("guide_worksheet", project, "tjek-ibrugtagning")
    )
    html = response.content.decode()
    assert "Løser løsningen et problem, som I selv har i dag?" in html
    assert 'type="radio" name="ledelse" value="5"' in html
    assert "5 – I meget høj grad" in html
    assert "1 – Slet ikke dokumenteret" in html  # the question's own scale words
    assert '<textarea name="hvorfor"' in html
    assert " required" not in html  # a draft must be savable in the browser
    assert "Næste arbejdsark: Behov og målgruppe" in html


def test_marking_complete_with_missing_answers_shows_errors_and_stores_nothing(
    ledger_world: LedgerWorld,
) -> None:
    project = _project(ledger_world)
    with unchanged(WorksheetAnswer):
        response = client_for(ledger_world.aarhus_member).post(
            _url("guide_worksheet", project, "tjek-ibrugtagning"),
            {"problem": "ja", "ledelse": "2", "handling": "faerdig"},
        )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {"i-dag", "effekt-andre-steder", "forhindringer"}
    assert "Besvar spørgsmålet, før arket markeres som færdigt." in response.content.decode()


def test_a_value_off_the_scale_is_refused_on_its_question(ledger_world: LedgerWorld) -> None:
    project = _project(ledger_world)
    with unchanged(WorksheetAnswer):
        response = client_for(ledger_world.aarhus_member).post(
            _url("guide_worksheet", project, "tjek-ibrugtagning"),
            {"ledelse": "9", "handling": "kladde"},
        )
    assert response.context["form"].errors == {"ledelse": ["Vælg et af de mulige svar."]}


def test_a_draft_is_saved_and_shown_again(ledger_world: LedgerWorld) -> None:
    project = _project(ledger_world)
    client = client_for(ledger_world.aarhus_member)
    url = _url("guide_worksheet", project, "tjek-ibrugtagning")
    response = client.post(url, {"problem": "ja", "hvorfor": "Ventetid", "handling": "kladde"})
    assert response.status_code == 302
    assert response["Location"] == url
    sheet = WorksheetAnswer.objects.get(project=project)
    assert sheet.answers == {"problem": "ja", "hvorfor": "Ventetid"}
    assert not sheet.completed
    html = client.get(url).content.decode()
    assert 'name="problem" value="ja" class="form-radio" required' not in html
    assert 'value="ja" class="form-radio" id="id_problem_0" checked' in html
    assert "Ventetid</textarea>" in html
    assert "Påbegyndt" in html


def test_completing_the_check_leads_to_the_verdict(ledger_world: LedgerWorld) -> None:
    project = _project(ledger_world)
    client = client_for(ledger_world.aarhus_member)
    response = client.post(
        _url("guide_worksheet", project, "tjek-ibrugtagning"), {**CHECK, "handling": "faerdig"}
    )
    assert response["Location"] == project.get_absolute_url()
    assert WorksheetAnswer.objects.get(project=project).completed
    page = client.get(_url("guide_worksheet", project, "tjek-ibrugtagning")).content.decode()
    assert "Anbefaling: Spredning giver mening" in page


def test_completing_a_worksheet_moves_on_to_the_next(ledger_world: LedgerWorld) -> None:
    project = _project(ledger_world)
    response = client_for(ledger_world.aarhus_member).post(
        _url("guide_worksheet", project, "kend-loesningen"),
        {"talt-med": "ja", "passer": "4", "handling": "faerdig"},
    )
    assert response["Location"] == _url("guide_worksheet", project, "plan-og-oekonomi")


def test_a_closed_project_is_read_only(ledger_world: LedgerWorld) -> None:
    project = _project(ledger_world)
    worksheet_save(
        acting_user=ledger_world.aarhus_member,
        project=project,
        worksheet="tjek-ibrugtagning",
        answers=CHECK,
        completed=False,
    )
    guide_project_close(acting_user=ledger_world.aarhus_member, project=project)
    client = client_for(ledger_world.aarhus_member)
    url = _url("guide_worksheet", project, "tjek-ibrugtagning")
    html = client.get(url).content.decode()
    assert "kun læses" in html
    assert 'name="handling"' not in html
    assert " disabled" in html
    with unchanged(WorksheetAnswer.objects.get(project=project)):
        response = client.post(url, {**CHECK, "ledelse": "5", "handling": "faerdig"}, follow=True)
    assert "Genåbn det for at ændre svarene" in response.content.decode()
    assert client.get(_url("guide_close", project)).status_code == 404
    project_page = client.get(_url("guide_project", project)).content.decode()
    assert "Genåbn projektet" in project_page
    response = client.post(_url("guide_reopen", project))
    assert response.status_code == 302
    assert GuideProject.objects.get(pk=project.pk).closed_at is None


def test_the_project_list_does_not_grow_a_query_per_project(ledger_world: LedgerWorld) -> None:
    client = client_for(ledger_world.aarhus_member)
    first = _project(ledger_world)
    worksheet_save(
        acting_user=ledger_world.aarhus_member,
        project=first,
        worksheet="tjek-ibrugtagning",
        answers=CHECK,
        completed=True,
    )

    def add_projects() -> None:
        project = _project(ledger_world, GuideSide.SHARING)
        worksheet_save(
            acting_user=ledger_world.aarhus_member,
            project=project,
            worksheet="tjek-deling",
            answers={"virker": "ja"},
            completed=False,
        )

    assert_queries_do_not_grow(lambda: client.get(reverse("diffusion:guide")), add_projects)
