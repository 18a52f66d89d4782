"""The catalogue's search page (/katalog/) and its autocomplete."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.http import QueryDict
from django.test import Client

from spred.catalogue.choices import Status
from spred.catalogue.forms.discovery import CatalogueQuery, read_query
from spred.catalogue.models import Case
from spred.catalogue.tests.discovery_world import (
    SECRET,
    DiscoveryWorld,
    build_world,
    index_everything,
    make_case,
)
from spred.core.testing import csp_script_problems, max_queries
from spred.organisations.models import Organisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(organisation: Organisation, other_organisation: Organisation) -> DiscoveryWorld:
    return build_world(organisation, other_organisation)


def page(client: Client, query: str = "", **headers: Any) -> str:
    response = client.get(f"/katalog/{query}", **headers)
    assert response.status_code == 200
    return str(response.content.decode())


def result_titles(html: str) -> list[str]:
    found = re.findall(
        r'<h3 class="h4 mt-2" id="result-[^"]+"><a href="[^"]+">(.*?)</a></h3>', html
    )
    return [re.sub(r"</?mark>", "", title) for title in found]


def facet(html: str, key: str) -> dict[str, str]:
    """value -> the label text of one facet's checkboxes."""
    block = re.search(
        rf'<fieldset class="spred-facet" id="facet-{key}">(.*?)</fieldset>', html, re.S
    )
    if block is None:
        return {}
    options = re.findall(
        r'name="' + key + r'" value="([^"]+)"( checked)?>\s*<label[^>]*>(.*?)</label>',
        block.group(1),
        re.S,
    )
    return {
        value: re.sub(r"<[^>]+>", "", label).strip() + (" [x]" if checked else "")
        for value, checked, label in options
    }


def count_text(html: str) -> str:
    found = re.search(r'<p id="result-count"[^>]*>(.*?)</p>', html, re.S)
    assert found, "no result count"
    return re.sub(r"<[^>]+>", "", found.group(1)).strip()


# --------------------------------------------------------------------------------------------
# Reading the query string


def test_the_query_string_is_read_tolerantly() -> None:
    query = read_query(
        QueryDict("q=%20%20sensor%00er%20&area=sundhed&area=sundhed&area=&sort=bogstav&side=-4&x=1")
    )
    assert query == CatalogueQuery(
        text="sensor er", filters={"area": ("sundhed",)}, sort="relevance", page=1
    )
    assert read_query(QueryDict("")).sort == "newest"
    assert read_query(QueryDict("side=abc")).page == 1
    assert read_query(QueryDict("side=3&sort=title")).page == 3
    assert len(read_query(QueryDict("q=" + "a" * 500)).text) == 200


# --------------------------------------------------------------------------------------------
# The page


def test_the_start_page_lists_everything_published_newest_first(
    client: Client, world: DiscoveryWorld
) -> None:
    html = page(client)
    assert "<h1" in html
    assert ">Katalog</h1>" in html
    assert result_titles(html) == [
        "Sensorer i natteplejen",
        "Robotstøvsugere på plejecentret",
        "Digital selvbetjening i skolen",
        "Sengesensor",
        "Chatbot til borgerservice",
    ]
    assert count_text(html) == "5 resultater"
    assert csp_script_problems(html) == []


def test_the_search_field_is_labelled_and_works_without_javascript(
    client: Client, world: DiscoveryWorld
) -> None:
    html = page(client, "?q=robotter")
    assert '<label class="form-label" for="catalogue-q">Søg i cases og løsninger</label>' in html
    assert re.search(r'<form method="get" action="/katalog/" role="search"', html)
    assert 'value="robotter"' in html
    assert result_titles(html) == ["Robotstøvsugere på plejecentret"]
    assert count_text(html) == "1 resultat for »robotter«"


def test_matches_are_highlighted_and_text_is_escaped(client: Client, world: DiscoveryWorld) -> None:
    make_case(
        world.organisation,
        title="<script>alert(1)</script> Sensorvenlig plan",
        slug="markup-i-titlen",
        summary="Sensorer & <b>fed</b> tekst",
    )
    index_everything()
    html = page(client, "?q=sensorer")
    assert "<mark>Sensorer</mark> i natteplejen" in html
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;b&gt;fed&lt;/b&gt;" in html


def test_facets_show_counts_and_labels_and_keep_the_choice(
    client: Client, world: DiscoveryWorld
) -> None:
    html = page(client)
    assert facet(html, "kind") == {
        "case": "Case (3 resultater)",
        "solution": "Løsning (2 resultater)",
    }
    assert facet(html, "area")["aeldre-og-pleje"] == "Ældre og pleje (3 resultater)"
    assert facet(html, "technology")["kunstig-intelligens"] == (
        "Kunstig intelligens og maskinlæring (1 resultat)"
    )
    assert facet(html, "organisation") == {
        "datavej": "Datavej Analyse A/S (3 resultater)",
        "lysbro": "Lysbro Velfærdsteknologi ApS (2 resultater)",
    }
    assert facet(html, "stage")["implementeret"] == "Implementeret (1 resultat)"
    assert facet(html, "maturity")["velafproevet"] == "Velafprøvet (1 resultat)"
    assert facet(html, "year") == {
        "2022": "2022 (1 resultat)",
        "2021": "2021 (1 resultat)",
        "2020": "2020 (1 resultat)",
    }
    assert list(facet(html, "year")) == ["2022", "2021", "2020"], "years newest first"
    assert '<legend class="form-label">Fagområde</legend>' in html

    chosen = page(client, "?area=skole&area=borgerservice&sort=title")
    assert result_titles(chosen) == ["Chatbot til borgerservice", "Digital selvbetjening i skolen"]
    assert facet(chosen, "area")["skole"].endswith("[x]")
    assert facet(chosen, "area")["borgerservice"].endswith("[x]")
    assert not facet(chosen, "area")["aeldre-og-pleje"].endswith("[x]")
    # Filters of different facets narrow the result.
    narrowed = page(client, "?area=skole&area=borgerservice&kind=solution")
    assert result_titles(narrowed) == ["Chatbot til borgerservice"]


def test_facet_labels_follow_the_language(client: Client, world: DiscoveryWorld) -> None:
    html = page(client, "", HTTP_ACCEPT_LANGUAGE="en")
    assert facet(html, "area")["aeldre-og-pleje"].startswith("Elderly care")
    assert facet(html, "technology")["robotter"].startswith("Robots")


def test_a_filter_that_matches_nothing_stays_visible_so_it_can_be_removed(
    client: Client, world: DiscoveryWorld
) -> None:
    html = page(client, "?q=robotter&area=skole")
    assert result_titles(html) == []
    assert facet(html, "area")["skole"] == "Skole (0 resultater) [x]"
    assert "Ingen resultater" in html
    assert ">Ryd filtre</a>" in html
    assert 'href="/katalog/?q=robotter&amp;sort=relevance"' in html


def test_clear_filters_only_when_there_are_filters(client: Client, world: DiscoveryWorld) -> None:
    assert "Ryd filtre" not in page(client, "?q=sensor")
    assert "Ryd filtre" in page(client, "?q=sensor&kind=case")


def test_no_results_offer_the_engines_suggestions(client: Client, world: DiscoveryWorld) -> None:
    html = page(client, "?q=selvbetjenning")
    assert "Ingen resultater" in html
    assert "Mente du" in html
    suggestion = re.search(r'Mente du <a href="/katalog/\?([^"]+)">([^<]+)</a>', html)
    assert suggestion, html[html.index("Ingen resultater") :][:800]
    assert suggestion.group(2) == "selvbetjening"
    followed = page(client, "?" + suggestion.group(1).replace("&amp;", "&"))
    assert result_titles(followed) == ["Digital selvbetjening i skolen"]


def test_sorting(client: Client, world: DiscoveryWorld) -> None:
    assert result_titles(page(client, "?sort=title")) == [
        "Chatbot til borgerservice",
        "Digital selvbetjening i skolen",
        "Robotstøvsugere på plejecentret",
        "Sengesensor",
        "Sensorer i natteplejen",
    ]
    assert result_titles(page(client, "?sort=oldest"))[0] == "Chatbot til borgerservice"
    html = page(client, "?sort=oldest")
    assert '<option value="oldest" selected>Ældste først</option>' in html


def test_pagination(client: Client, world: DiscoveryWorld) -> None:
    for n in range(20):
        make_case(
            world.organisation, title=f"Ekstra case {n:02d}", slug=f"ekstra-{n}", days_ago=100
        )
    index_everything()
    first = page(client, "?sort=title")
    assert len(result_titles(first)) == 20
    assert "Side 1 af 2" in first
    assert 'href="?sort=title&amp;side=2"' in first
    second = page(client, "?sort=title&side=2")
    assert len(result_titles(second)) == 5
    assert count_text(second) == "25 resultater"
    # A page past the end shows the last page.
    assert result_titles(page(client, "?sort=title&side=99")) == result_titles(second)


def test_htmx_gets_the_results_and_facets_only(client: Client, world: DiscoveryWorld) -> None:
    response = client.get("/katalog/?kind=solution", HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="catalogue-body"')
    assert "<html" not in html
    assert "catalogue-q" not in html, "the search field stays as it is"
    assert re.search(r'<p id="result-count" class="mt-0" data-announce>', html)
    assert result_titles(html) == ["Sengesensor", "Chatbot til borgerservice"]
    assert "HX-Request" in response["Vary"]


def test_only_the_start_page_asks_to_be_indexed(client: Client, world: DiscoveryWorld) -> None:
    noindex = '<meta name="robots" content="noindex, follow">'
    assert noindex not in page(client)
    assert noindex in page(client, "?q=sensor")
    assert noindex in page(client, "?area=skole")


def test_the_page_offers_exports_of_the_current_result(
    client: Client, world: DiscoveryWorld
) -> None:
    html = page(client, "?q=sensor&kind=case")
    for extension in ("csv", "xlsx", "json"):
        assert (
            f'href="/katalog/eksport.{extension}?q=sensor&amp;kind=case&amp;sort=relevance"' in html
        )
    assert "Der er intet at hente" in page(client, "?q=findesslethikke")


def test_the_page_says_when_a_result_is_too_large_to_export(
    client: Client, world: DiscoveryWorld, monkeypatch: pytest.MonkeyPatch
) -> None:
    from spred.catalogue import exports

    monkeypatch.setattr(exports, "EXPORT_LIMIT", 3)
    html = page(client)
    assert "En eksport kan rumme højst 3 poster" in html
    assert "eksport.csv?" not in html


def test_a_stale_index_never_shows_an_entry_that_is_no_longer_published(
    client: Client, world: DiscoveryWorld
) -> None:
    # Status changed in the database without the index hearing of it.
    Case.objects.filter(pk=world.cases[0].pk).update(status=Status.DRAFT)
    html = page(client, "?q=sensorer")
    assert "Sensorer i natteplejen" not in result_titles(html)
    completions = client.get("/katalog/forslag/?q=sensorer i").json()["completions"]
    assert all(c["url"] != world.cases[0].get_absolute_url() for c in completions)
    export = b"".join(client.get("/katalog/eksport.csv").streaming_content).decode()  # type: ignore[attr-defined]
    assert "sensorer-i-natteplejen" not in export


def test_the_page_has_a_query_budget(client: Client, world: DiscoveryWorld) -> None:
    for n in range(15):
        make_case(world.organisation, title=f"Ekstra case {n}", slug=f"ekstra-{n}")
    index_everything()
    page(client)  # the first request also loads the index snapshot
    with max_queries(20):
        page(client, "?q=case&area=aeldre-og-pleje&organisation=lysbro")


# --------------------------------------------------------------------------------------------
# Autocomplete


def test_autocomplete_offers_words_and_published_entries(
    client: Client, world: DiscoveryWorld
) -> None:
    response = client.get("/katalog/forslag/?q=sens")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Cache-Control"] == "no-store"
    completions = response.json()["completions"]
    entries = {c["text"]: c for c in completions if c["url"]}
    assert entries["Sensorer i natteplejen"]["url"] == "/katalog/cases/sensorer-i-natteplejen/"
    assert entries["Sensorer i natteplejen"]["kind_label"] == "Case"
    assert entries["Sengesensor"]["kind_label"] == "Løsning"
    assert SECRET not in json.dumps(completions, ensure_ascii=False).lower()


def test_autocomplete_needs_two_characters(client: Client, world: DiscoveryWorld) -> None:
    assert client.get("/katalog/forslag/?q=s").json()["completions"] == []
    assert client.get("/katalog/forslag/").json()["completions"] == []


def test_the_search_field_is_an_accessible_combobox(client: Client, world: DiscoveryWorld) -> None:
    html = page(client)
    field = re.search(r'<input class="form-input" type="search" id="catalogue-q"[^>]*>', html, re.S)
    assert field
    tag = field.group(0)
    for attribute in (
        'role="combobox"',
        'aria-autocomplete="list"',
        'aria-expanded="false"',
        'aria-controls="catalogue-q-options"',
        'data-autocomplete-url="/katalog/forslag/"',
    ):
        assert attribute in tag
    assert '<ul id="catalogue-q-options" class="spred-combobox-options" role="listbox"' in html
    assert 'src="/static/spred/js/catalogue-search.js"' in html


@pytest.mark.parametrize("path", ["/katalog/", "/katalog/forslag/", "/katalog/eksport.csv"])
def test_only_reading_methods_are_allowed(client: Client, path: str) -> None:
    assert client.post(path).status_code == 405
