"""The barometer's public pages: estimates with intervals, suppression, trends, workplaces like
mine — and nothing from a draft wave, ever."""

from __future__ import annotations

import json
import re
from html import unescape
from typing import Any

import pytest
from django.test import Client

from spred.accounts.models import User
from spred.barometer.choices import WaveStatus
from spred.barometer.models import Wave
from spred.barometer.tests.public_fixtures import (
    DRAFT_N,
    SUPPRESSED_DOMAIN,
    BarometerWorld,
    make_barometer_world,
)
from spred.core import charts
from spred.core.testing import (
    AccessMatrix,
    client_for,
    csp_script_problems,
    max_queries,
    public,
)
from spred.core.tests.test_charts import data_blocks

NBSP = "\N{NO-BREAK SPACE}"


@pytest.fixture
def world(db: None) -> BarometerWorld:
    return make_barometer_world()


def page(client: Client, url: str, status: int = 200, **extra: Any) -> str:
    response = client.get(url, **extra)
    assert response.status_code == status, (url, response.status_code)
    return response.content.decode()


def text_of(html: str) -> str:
    """The page's text without tags, for looking for figures."""
    return unescape(re.sub(r"[ \t\r\n]+", " ", re.sub(r"<[^>]+>", " ", html)))


def assert_no_draft(html: str) -> None:
    text = text_of(html)
    assert "Hemmelig kladdeindikator" not in text
    assert "kun-kladde" not in html
    assert "2025" not in text
    assert "40–45" + NBSP + "%" not in text  # the draft's interval, as a page would write it
    assert str(DRAFT_N) not in text
    assert "4.321" not in text
    assert "0.4242" not in html


class TestAccess(AccessMatrix):
    access_cases = (
        public("index", "/barometer/"),
        public("indicator", "/barometer/indikatorer/innovation/"),
        public("like mine", "/barometer/arbejdspladser-som-min/?niveau=kommune"),
        public("wave", "/barometer/boelger/2023/"),
        public("method", "/barometer/metode/"),
        public("data", "/barometer/data/"),
    )

    @pytest.fixture(autouse=True)
    def _world(self, db: None) -> None:
        make_barometer_world()


# -- the front page -------------------------------------------------------------------------


def test_index_shows_the_latest_waves_headline_figures_with_intervals(
    world: BarometerWorld, client: Client
) -> None:
    html = page(client, "/barometer/")
    text = text_of(html)
    assert "Nøgletal fra Innovationsbarometeret 2023" in text
    assert f"81{NBSP}%" in text
    assert f"95 %-konfidensinterval: 79–83{NBSP}%" in text
    assert "Samarbejde med private virksomheder" in text
    # Headlines only: the mean indicator is linked under its theme but not a key figure.
    assert text.count("Gennemsnitlig vurdering af kvalitet") == 1
    assert "Syntetiske demodata" in text
    assert 'href="/barometer/indikatorer/value-quality/"' in html
    assert_no_draft(html)
    assert csp_script_problems(html) == []


def test_index_says_so_when_nothing_is_published(db: None, client: Client) -> None:
    make_barometer_world()
    Wave.objects.update(status=WaveStatus.DRAFT)
    html = page(client, "/barometer/")
    text = text_of(html)
    assert "Ingen tal er offentliggjort endnu" in text
    assert "Arbejdspladser med mindst én innovation" not in text
    assert "Syntetiske demodata" not in text


WORKSPACE_LINK = 'href="/barometer/analyse/"'


def test_analysts_find_their_workspace_from_the_front_page_and_their_profile(
    world: BarometerWorld, analyst: User, editor: User, superuser: User, org_member: User
) -> None:
    analyst_client = client_for(analyst)
    for url in ("/barometer/", "/konto/min-side/"):
        html = page(analyst_client, url)
        assert WORKSPACE_LINK in html, url
        assert "Analytikernes arbejdsrum" in html, url
    # Nobody else is shown the way (an administrator is no analyst by that alone).
    assert WORKSPACE_LINK not in page(Client(), "/barometer/")
    for person in (editor, superuser, org_member):
        other = client_for(person)
        for url in ("/barometer/", "/konto/min-side/"):
            html = page(other, url)
            assert WORKSPACE_LINK not in html, url
            assert "Analytikernes arbejdsrum" not in html, url


def test_the_menu_leads_to_the_barometer(db: None, client: Client) -> None:
    html = page(client, "/")
    assert 'href="/barometer/"' in html


# -- an indicator ---------------------------------------------------------------------------


def test_indicator_page_shows_estimate_interval_breakdowns_and_trend(
    world: BarometerWorld, client: Client
) -> None:
    html = page(client, "/barometer/indikatorer/innovation/")
    text = text_of(html)
    assert "Hele den offentlige sektor, 2023 (2021–2022)" in text
    assert f"81{NBSP}%" in text
    assert f"95 %-konfidensinterval: 79–83{NBSP}%" in text
    assert "Bygger på 1.800 besvarelser." in text
    assert "nævneren er de arbejdspladser, der fik spørgsmålet" in text.lower()
    assert (
        "Fra 2021 til 2023: +6,0 procentpoint (p < 0,001), statistisk signifikant på 5 %-niveau."
        in text
    )
    blocks = data_blocks(html)
    assert set(blocks) == {
        "figur-forvaltningsniveau-spec",
        "figur-omraade-spec",
        "figur-stoerrelse-spec",
        "figur-udvikling-spec",
        "figur-udvikling-forvaltningsniveau-spec",
    }
    assert html.count("Vis som tabel") == 5
    # The test of change per level between the two latest waves.
    assert "Efter forvaltningsniveau" in text
    assert "Ændringen mellem de to seneste bølger, testet for hvert forvaltningsniveau:" in text
    assert "Kommune: Fra 2021 til 2023: +6,0 procentpoint" in text
    assert "vendor/vega/vega-embed.min.js" in html
    assert "spred/js/charts.js" in html
    assert csp_script_problems(html) == []
    assert_no_draft(html)


def test_suppressed_cells_show_a_dash_with_the_reason_and_no_figures(
    world: BarometerWorld, client: Client
) -> None:
    html = page(client, "/barometer/indikatorer/innovation/")
    text = text_of(html)
    assert "– ikke offentliggjort: for få besvarelser" in text
    assert "– ikke offentliggjort: skjult, så en anden skjult celle ikke kan regnes ud" in text
    assert "Ikke offentliggjort: for få besvarelser." in text  # the area table's note
    # The charts' data hold no suppressed domain.
    for block in data_blocks(html).values():
        labels = {row["label"] for row in charts.data_values(block["spec"]) if "label" in row}
        assert "Politi, forsvar og beredskab" not in labels
        assert "Stat · Kultur og fritid" not in labels
    assert "Usikkert estimat: bygger på under 20 besvarelser." in text


def test_another_published_wave_can_be_chosen(world: BarometerWorld, client: Client) -> None:
    html = page(client, "/barometer/indikatorer/innovation/?boelge=2021")
    text = text_of(html)
    assert "Hele den offentlige sektor, 2021 (2019–2020)" in text
    assert f"75{NBSP}%" in text
    estimate = re.search(r'aria-labelledby="estimate-heading">(.*?)</section>', html, re.S)
    assert estimate is not None
    assert "Fra 2021 til" not in text_of(estimate.group(1))  # no earlier wave to compare with
    # By slug as well as by edition.
    assert "2019–2020" in text_of(page(client, "/barometer/indikatorer/innovation/?boelge=2021"))
    assert_no_draft(html)


@pytest.mark.parametrize("wave", ["2025", "1999", "abc", "<script>", "2023'--", "9" * 30])
def test_an_unpublished_or_unknown_wave_is_not_found(
    world: BarometerWorld, client: Client, wave: str
) -> None:
    html = page(client, f"/barometer/indikatorer/innovation/?boelge={wave}", status=404)
    assert_no_draft(html)


def test_indicators_without_published_figures_are_not_found(
    world: BarometerWorld, client: Client
) -> None:
    page(client, "/barometer/indikatorer/kun-kladde/", status=404)
    page(client, "/barometer/indikatorer/findes-ikke/", status=404)
    # Defined by the seed data but never published:
    page(client, "/barometer/indikatorer/barrier-time/", status=404)


def test_a_mean_is_written_with_a_decimal_comma(world: BarometerWorld, client: Client) -> None:
    text = text_of(page(client, "/barometer/indikatorer/value-quality/"))
    assert "3,6" in text
    assert "95 %-konfidensinterval: 3,5–3,7" in text
    assert "gennemsnit" in text


def test_the_page_is_in_english_with_the_language_switch(
    world: BarometerWorld, client: Client
) -> None:
    client.cookies["django_language"] = "en"
    text = text_of(page(client, "/barometer/indikatorer/innovation/"))
    assert "Workplaces with at least one innovation" in text
    assert "81%" in text


def test_figures_download_as_pictures(world: BarometerWorld, client: Client) -> None:
    response = client.get("/barometer/indikatorer/innovation/figurer/omraade.svg?boelge=2023")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("image/svg+xml")
    svg = response.content.decode()
    assert "Syntetiske demodata" in svg
    assert "Politi, forsvar og beredskab" not in svg
    png = client.get("/barometer/indikatorer/innovation/figurer/udvikling.png")
    assert png.status_code == 200
    assert png.content[:4] == b"\x89PNG"
    levels = client.get(
        "/barometer/indikatorer/innovation/figurer/udvikling-forvaltningsniveau.svg"
    )
    assert levels.status_code == 200
    assert "Kommune" in levels.content.decode()
    assert "Region" in levels.content.decode()
    for url in (
        "/barometer/indikatorer/innovation/figurer/omraade.svg?boelge=2025",
        "/barometer/indikatorer/innovation/figurer/findes-ikke.svg",
        "/barometer/indikatorer/kun-kladde/figurer/udvikling.svg",
        # A mean with a single wave has no trend to draw.
        "/barometer/indikatorer/value-quality/figurer/udvikling.png",
    ):
        assert client.get(url).status_code == 404, url


# -- workplaces like mine -------------------------------------------------------------------


def test_like_mine_shows_each_headline_for_my_cells_and_the_whole_sector(
    world: BarometerWorld, client: Client
) -> None:
    html = page(
        client, "/barometer/arbejdspladser-som-min/?niveau=stat&omraade=kultur&stoerrelse=1-9"
    )
    text = text_of(html)
    headers = re.findall(r'<th scope="col"[^>]*>([^<]+)</th>', html)
    assert headers == [
        "Indikator",
        "Stat · Kultur og fritid",
        "Stat",
        "Kultur og fritid",
        "1–9 ansatte",
        "Hele den offentlige sektor",
    ]
    row = re.search(r"Arbejdspladser med mindst én innovation</a></th>(.*?)</tr>", html, re.S)
    assert row is not None
    cells = [text_of(c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row.group(1), re.S)]
    assert cells[0] == "– ikke offentliggjort: for få besvarelser"
    assert cells[1].startswith(f"76{NBSP}%")
    assert "usikkert estimat" in cells[2]
    assert cells[4] == f"81{NBSP}% (79–83{NBSP}%)"
    assert "Samarbejde med private virksomheder" in text
    assert_no_draft(html)


def test_like_mine_with_one_choice_and_without_choices(
    world: BarometerWorld, client: Client
) -> None:
    html = page(client, "/barometer/arbejdspladser-som-min/?omraade=sundhed")
    headers = re.findall(r'<th scope="col"[^>]*>([^<]+)</th>', html)
    assert headers == ["Indikator", "Sundhed og hospitaler", "Hele den offentlige sektor"]
    empty = text_of(page(client, "/barometer/arbejdspladser-som-min/"))
    assert "Vælg mindst én af mulighederne ovenfor." in empty


def test_like_mine_refuses_a_value_not_on_the_list(world: BarometerWorld, client: Client) -> None:
    html = page(client, "/barometer/arbejdspladser-som-min/?niveau=ministerium&omraade=sundhed")
    assert "form-error-message" in html
    assert "Sundhed og hospitaler" in text_of(html)  # the valid choice still applies
    page(client, "/barometer/arbejdspladser-som-min/?niveau=stat&boelge=2025", status=404)


# -- the wave, the method and the data page -------------------------------------------------


def test_wave_page_tells_about_the_wave(world: BarometerWorld, client: Client) -> None:
    text = text_of(page(client, "/barometer/boelger/2023/"))
    assert "Referenceperiode 2021–2022" in text
    assert "Antal besvarelser 1.800" in text
    assert "Taylor-linearisering" in text
    assert "logit" in text
    assert "Syntetiske demodata" in text
    assert "Innovationsbarometeret 2021" in text
    page(client, "/barometer/boelger/2025/", status=404)


def test_method_page_states_the_thresholds(world: BarometerWorld, client: Client) -> None:
    text = text_of(page(client, "/barometer/metode/"))
    assert "færre end 3 arbejdspladser" in text
    assert "under 20 besvarelser" in text
    assert "sekundær undertrykkelse" in text
    assert "Tallet for hele den offentlige sektor skjules kun, hvis" in text
    assert "t-fordeling" in text


def test_data_page_links_every_download_and_states_the_licence(
    world: BarometerWorld, client: Client
) -> None:
    html = page(client, "/barometer/data/")
    for url in (
        "/barometer/data/estimater.csv",
        "/barometer/data/estimater.json",
        "/barometer/data/dcat.jsonld",
        "/barometer/data/indikatorer/innovation.csv",
    ):
        assert f'href="{url}"' in html
    assert "CC0 1.0" in html
    assert_no_draft(html)


def test_open_data_page_links_the_barometer(db: None, client: Client) -> None:
    assert 'href="/barometer/data/"' in page(client, "/aabne-data/")


# -- leaks and budgets ----------------------------------------------------------------------


def test_no_public_page_shows_anything_of_the_draft(world: BarometerWorld, client: Client) -> None:
    for url in (
        "/barometer/",
        "/barometer/indikatorer/innovation/",
        "/barometer/indikatorer/collab-private/",
        "/barometer/arbejdspladser-som-min/?niveau=region&omraade=sundhed&stoerrelse=100%2B",
        "/barometer/boelger/2023/",
        "/barometer/boelger/2021/",
        "/barometer/metode/",
        "/barometer/data/",
    ):
        assert_no_draft(page(client, url))


def test_an_analyst_sees_the_publication_not_the_draft(
    world: BarometerWorld, client: Client, django_user_model: Any
) -> None:
    from django.contrib.auth.models import Group

    analyst = django_user_model.objects.create_user(email="analytiker@example.org", password=None)
    analyst.groups.add(Group.objects.get_or_create(name="Analytiker")[0])
    client.force_login(analyst, backend="django.contrib.auth.backends.ModelBackend")
    assert_no_draft(page(client, "/barometer/"))
    page(client, "/barometer/boelger/2025/", status=404)


@pytest.mark.parametrize(
    ("url", "budget"),
    [
        ("/barometer/", 4),
        ("/barometer/indikatorer/innovation/", 4),
        ("/barometer/arbejdspladser-som-min/?niveau=stat&omraade=kultur&stoerrelse=1-9", 3),
        ("/barometer/boelger/2023/", 4),
        ("/barometer/metode/", 1),
        ("/barometer/data/", 2),
        ("/barometer/data/estimater.csv", 1),
    ],
)
def test_query_budgets(world: BarometerWorld, client: Client, url: str, budget: int) -> None:
    client.get(url)  # warm caches
    with max_queries(budget):
        assert client.get(url).status_code == 200


def test_the_spec_blocks_are_valid_json_with_inline_data(
    world: BarometerWorld, client: Client
) -> None:
    html = page(client, "/barometer/indikatorer/innovation/")
    for block in data_blocks(html).values():
        assert charts.external_data_urls(block["spec"]) == []
        assert block["formatLocale"]["decimal"] == ","
        json.dumps(block)
    assert SUPPRESSED_DOMAIN not in html
