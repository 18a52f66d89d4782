"""The Atom feed of new cases and the sitemap."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import UTC, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from spred.catalogue.feeds import FEED_SIZE
from spred.catalogue.models import Case, Solution
from spred.catalogue.tests.discovery_world import SECRET, DiscoveryWorld, build_world, make_case
from spred.organisations.models import Organisation

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture
def world(organisation: Organisation, other_organisation: Organisation) -> DiscoveryWorld:
    return build_world(organisation, other_organisation)


def atom(client: Client) -> ET.Element:
    response = client.get("/katalog/cases/feed/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    return ET.fromstring(response.content)  # noqa: S314


def test_the_feed_lists_published_cases_newest_first(client: Client, world: DiscoveryWorld) -> None:
    feed = atom(client)
    assert feed.findtext(f"{ATOM}title") == "Spred: nye cases"
    entries = feed.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in entries] == [c.title for c in world.cases]
    first = entries[0]
    assert first.find(f"{ATOM}link").get("href") == (  # type: ignore[union-attr]
        "http://testserver/katalog/cases/sensorer-i-natteplejen/"
    )
    assert first.findtext(f"{ATOM}author/{ATOM}name") == world.organisation.name
    assert first.findtext(f"{ATOM}summary") == world.cases[0].summary
    assert [c.get("term") for c in first.findall(f"{ATOM}category")] == ["Ældre og pleje"]
    assert first.findtext(f"{ATOM}published", "").startswith(
        world.cases[0].published_at.astimezone(UTC).date().isoformat()  # type: ignore[union-attr]
    )
    assert SECRET not in ET.tostring(feed, encoding="unicode")


def test_the_feed_holds_the_newest_fifty(client: Client, world: DiscoveryWorld) -> None:
    for n in range(FEED_SIZE + 2):
        make_case(
            world.organisation, title=f"Gammel case {n}", slug=f"gammel-{n}", days_ago=400 + n
        )
    entries = atom(client).findall(f"{ATOM}entry")
    assert len(entries) == FEED_SIZE
    titles = [e.findtext(f"{ATOM}title") for e in entries]
    assert titles[:3] == [c.title for c in world.cases]
    assert "Gammel case 0" in titles
    assert f"Gammel case {FEED_SIZE + 1}" not in titles


def test_markup_in_a_summary_is_shown_as_text(client: Client, world: DiscoveryWorld) -> None:
    case = world.cases[0]
    case.summary = "Mindre <b>ventetid</b> & færre fald"
    case.save()
    response = client.get("/katalog/cases/feed/")
    # Readers render the summary as HTML: the markup arrives escaped once more.
    assert b"Mindre &amp;lt;b&amp;gt;ventetid&amp;lt;/b&amp;gt; &amp;amp; f" in response.content


def test_the_feed_is_linked_from_the_catalogue_page(client: Client, world: DiscoveryWorld) -> None:
    page = client.get("/katalog/").content.decode()
    assert (
        '<link rel="alternate" type="application/atom+xml" title="Spred: nye cases" '
        'href="/katalog/cases/feed/">' in page
    )


def test_an_empty_catalogue_has_an_empty_feed(client: Client) -> None:
    assert atom(client).findall(f"{ATOM}entry") == []


def sitemap_urls(client: Client) -> list[str]:
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    root = ET.fromstring(response.content)  # noqa: S314
    return [url.findtext(f"{SITEMAP}loc", "") for url in root.findall(f"{SITEMAP}url")]


def test_the_sitemap_lists_public_pages_only(client: Client, world: DiscoveryWorld) -> None:
    urls = sitemap_urls(client)
    base = "http://testserver"
    assert f"{base}/katalog/" in urls
    public: list[Case | Solution] = [*world.cases, *world.solutions]
    for entry in public:
        assert base + entry.get_absolute_url() in urls
    for entry in world.hidden:
        assert base + entry.get_absolute_url() not in urls
    assert f"{base}/organisationer/{world.organisation.slug}/" in urls
    assert f"{base}/organisationer/{world.other_organisation.slug}/" in urls
    assert len(urls) == len(set(urls))


def test_the_sitemap_tells_when_a_page_changed(client: Client, world: DiscoveryWorld) -> None:
    case = world.cases[1]
    long_ago = timezone.now() - timedelta(days=100)
    type(case).objects.filter(pk=case.pk).update(updated_at=long_ago)
    root = ET.fromstring(client.get("/sitemap.xml").content)  # noqa: S314
    lastmod = {
        url.findtext(f"{SITEMAP}loc"): url.findtext(f"{SITEMAP}lastmod")
        for url in root.findall(f"{SITEMAP}url")
    }
    assert (
        lastmod["http://testserver" + case.get_absolute_url()]
        == timezone.localdate(long_ago).isoformat()
    )
