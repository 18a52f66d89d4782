from __future__ import annotations

import html
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

from spred.core.testing import client_for, csp_script_problems, max_queries
from spred.diffusion.choices import AdoptionStatus, Verification
from spred.diffusion.selectors.recommendations import adopters_near, near_me
from spred.diffusion.tests.peer_world import IN_USE, PeerWorld, build_peer_world
from spred.diffusion.tests.world import LedgerWorld, make_adoption, municipality
from spred.organisations.models import Organisation
from spred.organisations.tests.factories import MembershipFactory, PublicWorkplaceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def peer_world(ledger_world: LedgerWorld) -> PeerWorld:
    return build_peer_world(ledger_world)


def _page(slug: str, user: object = None) -> str:
    response = client_for(user).get(reverse("diffusion:organisation", kwargs={"slug": slug}))
    assert response.status_code == 200
    return html.unescape(response.content.decode())


# -- the organisation page ---------------------------------------------------------------------


def test_the_organisation_page_is_public_with_reasons_and_links(peer_world: PeerWorld) -> None:
    page = _page(peer_world.skanderborg.slug)
    assert "Anbefalet til Skanderborg Kommune" in page
    assert "2 af 3 organisationer, der som jer bruger Træningsapp, bruger også Spiserobot" in page
    assert "3 af jeres 6 nabokommuner bruger den" in page
    assert reverse("diffusion:solution", kwargs={"slug": "spiserobot"}) in page
    # Its own verified adoptions, linked to their diffusion pages.
    assert reverse("diffusion:solution", kwargs={"slug": "traeningsapp"}) in page
    assert "Odder Kommune, Horsens Kommune, Aarhus Kommune" in page
    # Anonymous visitors are not offered to record anything.
    assert reverse("diffusion:record") not in page
    assert csp_script_problems(page) == []


def test_members_get_record_links_and_see_pending_records(peer_world: PeerWorld) -> None:
    w = peer_world
    make_adoption(
        w.skanderborg,
        w.vaskerobot,
        IN_USE,
        verification=Verification.PENDING,
        recorded_by=w.base.outsider,
    )
    member = MembershipFactory.create(organisation=w.skanderborg).user
    page = _page(w.skanderborg.slug, member)
    assert "Anbefalet til jer" in page
    assert f"{reverse('diffusion:record')}?loesning=spiserobot" in page
    assert "Afventer bekræftelse" in page
    assert "Vaskerobot" in page
    public = _page(w.skanderborg.slug)
    assert "Afventer bekræftelse" not in public


def test_drafts_and_other_records_never_leak_onto_the_page(peer_world: PeerWorld) -> None:
    w = peer_world
    make_adoption(
        w.skanderborg,
        w.bananrobot,
        IN_USE,
        verification=Verification.REJECTED,
    )
    for user in (None, w.base.outsider, w.base.aarhus_member):
        page = _page(w.skanderborg.slug, user)
        assert "Hemmelig kladde" not in page
        assert "Afvist" not in page


def test_empty_states(ledger_world: LedgerWorld) -> None:
    page = _page(ledger_world.skanderborg.slug)
    assert "Ingen verificerede ibrugtagninger endnu" in page
    assert "Ingen anbefalinger lige nu" in page


def test_a_company_or_unknown_slug_has_no_spreading_page(organisation: Organisation) -> None:
    for slug in (organisation.slug, "findes-ikke"):
        url = reverse("diffusion:organisation", kwargs={"slug": slug})
        assert client_for(None).get(url).status_code == 404


def test_the_page_has_a_query_budget(peer_world: PeerWorld) -> None:
    url = reverse("diffusion:organisation", kwargs={"slug": peer_world.skanderborg.slug})
    client = client_for(peer_world.base.aarhus_member)
    client.get(url)
    with max_queries(25):
        assert client.get(url).status_code == 200


# -- who near me uses it -----------------------------------------------------------------------


def test_adopters_near_are_sorted_by_distance(peer_world: PeerWorld) -> None:
    w = peer_world
    nearby = adopters_near(user=None, solution=w.base.robot, organisation=w.skanderborg)
    names = [n.adoption.organisation.short_name for n in nearby]
    # Herning (pending) and Holstebro (only considering) are not adopters; Viborg stopped.
    assert names == ["Horsens", "Aarhus", "Silkeborg", "Randers", "Viborg", "Kolding"]
    distances = [n.distance_km for n in nearby]
    assert distances == sorted(distances)  # type: ignore[type-var]
    assert distances[0] == pytest.approx(20.8, abs=0.2)
    assert nearby.located
    assert nearby.total == 6
    assert not any(n.can_contact for n in nearby)  # anonymous


def test_adopters_without_a_location_of_their_own(peer_world: PeerWorld) -> None:
    w = peer_world
    home = PublicWorkplaceFactory.create(name="Plejecenter Odder", parent=municipality(727))
    make_adoption(home, w.base.robot, IN_USE)
    ministry = Organisation.objects.get(reference_key="ministry:STM")
    make_adoption(ministry, w.base.robot, IN_USE)
    nearby = adopters_near(user=None, solution=w.base.robot, organisation=w.skanderborg, limit=20)
    names = [n.adoption.organisation.name for n in nearby]
    assert names[0] == "Plejecenter Odder"  # at its parent's seat, 15 km away
    assert names[-1] == ministry.name
    assert nearby[-1].distance_km is None


def test_contact_links_follow_the_policy(peer_world: PeerWorld) -> None:
    w = peer_world
    nearby = adopters_near(
        user=w.base.aarhus_member, solution=w.base.robot, organisation=w.skanderborg
    )
    contact = {n.adoption.organisation.short_name: n.can_contact for n in nearby}
    assert contact["Aarhus"] is False  # one's own organisation
    assert contact["Horsens"] is True


def test_the_visitors_own_organisation_is_left_out_and_used_as_origin(
    peer_world: PeerWorld,
) -> None:
    w = peer_world
    nearby = near_me(user=w.base.aarhus_member, solution=w.base.robot)
    assert nearby.organisation == w.base.aarhus
    assert "Aarhus" not in [n.adoption.organisation.short_name for n in nearby]


def test_without_an_organisation_the_list_is_by_region(peer_world: PeerWorld) -> None:
    w = peer_world
    nearby = near_me(user=w.base.outsider, solution=w.base.robot)
    assert nearby.organisation is None
    assert not nearby.located
    regions = [getattr(n.adoption.organisation.region, "code", 0) for n in nearby]
    assert regions == sorted(regions)
    assert all(n.distance_km is None for n in nearby)
    assert all(n.can_contact for n in nearby)  # signed in, member of none of them


def _render_near(nearby: object, user: Any) -> str:
    request = RequestFactory().get("/spredning/loesninger/spiserobot/")
    request.user = user
    return html.unescape(
        render_to_string(
            "diffusion/includes/near_me.html", {"nearby": nearby, "user": user}, request=request
        )
    )


def test_the_near_me_include(peer_world: PeerWorld) -> None:
    w = peer_world
    member = MembershipFactory.create(organisation=w.skanderborg).user
    located = _render_near(near_me(user=member, solution=w.base.robot), member)
    assert "nærmest Skanderborg Kommune først" in located
    assert "21 km" in located  # Aarhus
    assert reverse("diffusion:contact", kwargs={"pk": w.robot_adoptions["Horsens"].pk}) in located
    assert "Stoppet" in located  # Viborg, with its status
    anonymous = _render_near(near_me(user=AnonymousUser(), solution=w.base.robot), AnonymousUser())
    assert "ordnet efter region" in anonymous
    assert "Log ind" in anonymous
    assert "Region Midtjylland" in anonymous
    empty = _render_near(near_me(user=AnonymousUser(), solution=w.vaskerobot), AnonymousUser())
    assert "Kolding" in empty


def test_the_near_me_include_marks_unconfirmed_adopters(peer_world: PeerWorld) -> None:
    # make_adoption confirms on the first history date (2022): more than a year ago.
    assert peer_world.robot_adoptions["Horsens"].is_unconfirmed
    page = _render_near(
        near_me(user=AnonymousUser(), solution=peer_world.base.robot), AnonymousUser()
    )
    assert "ubekræftet" in page
    assert str(AdoptionStatus.OPERATING.label) in page


def test_the_register_page_links_public_organisations_here(
    ledger_world: LedgerWorld, organisation: Organisation
) -> None:
    target = reverse("diffusion:organisation", kwargs={"slug": ledger_world.skanderborg.slug})
    page = client_for(None).get(ledger_world.skanderborg.get_absolute_url()).content.decode()
    assert target in page
    company = client_for(None).get(organisation.get_absolute_url()).content.decode()
    assert "/spredning/organisationer/" not in company


@pytest.mark.parametrize("reference_key", ["region:1082", "ministry:STM"])
def test_regions_and_state_organisations_have_a_page(
    peer_world: PeerWorld, reference_key: str
) -> None:
    org = Organisation.objects.get(reference_key=reference_key)
    page = _page(org.slug)
    assert f"Anbefalet til {org.name}" in page
    if reference_key.startswith("region"):
        assert "Brugt i Region Midtjylland af 4 kommuner" in page
    else:
        assert "Ingen anbefalinger lige nu" in page
